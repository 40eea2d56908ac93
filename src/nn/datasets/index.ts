import { GradvizError } from '../../errors.js';
import { checkLimit, type MlpLimits } from '../limits.js';
import { NumpyRandomState } from '../numpy-random.js';
import { makeGauss, makeSpiral, makeXor } from './playground.js';
import { makeBlobs, makeCircles, makeMoons } from './sklearn.js';
import type { Dataset, LabelledPoints } from './types.js';

export type { Dataset } from './types.js';
export { linspace } from './sklearn.js';

export type DatasetName = 'moons' | 'circles' | 'blobs' | 'xor' | 'spiral' | 'gauss';
export const DATASET_NAMES: readonly DatasetName[] = ['moons', 'circles', 'blobs', 'xor', 'spiral', 'gauss'];

/** A data set as clients ask for it: `{ name: 'moons', samples: 100, noise: 0.1, seed: 1337 }`. */
export interface DatasetSpec {
  name: DatasetName;
  /** Default 100, as in the notebook. */
  samples?: number;
  /** moons, circles: the Gaussian noise's standard deviation; blobs: each cluster's; xor, spiral, gauss: the Playground's 0 to 0.5. */
  noise?: number;
  /** `np.random.seed(seed)`, 0 to 2^32 - 1. Default 1337, the notebook's. */
  seed?: number;
  /** circles only: the inner circle's radius over the outer's, in [0, 1). Default 0.5. */
  factor?: number;
}

export const DATASET_DEFAULTS = { samples: 100, seed: 1337, factor: 0.5 } as const;

/** Each set's default noise: the notebook's 0.1 for moons; the Playground starts without noise. */
export const DEFAULT_NOISE: Readonly<Record<DatasetName, number>> = { moons: 0.1, circles: 0.1, blobs: 1.0, xor: 0, spiral: 0, gauss: 0 };

function invalid(message: string): GradvizError {
  return new GradvizError('invalid-request', message);
}

function draw(name: DatasetName, samples: number, noise: number, factor: number, rng: NumpyRandomState): LabelledPoints {
  switch (name) {
    case 'moons':
      return makeMoons(samples, noise, rng);
    case 'circles':
      return makeCircles(samples, noise, factor, rng);
    case 'blobs':
      return makeBlobs(samples, noise, rng);
    case 'xor':
      return makeXor(samples, noise, rng);
    case 'spiral':
      return makeSpiral(samples, noise, rng);
    case 'gauss':
      return makeGauss(samples, noise, rng);
  }
}

/**
 * The notebook's `np.random.seed(seed); X, y = make_moons(...); y = y*2 - 1`, for any of the six sets.
 * Throws GradvizError: invalid-request, limit-exceeded (maxInputs).
 */
export function makeDataset(spec: DatasetSpec, limits: Pick<MlpLimits, 'maxInputs'>): Dataset {
  if (typeof spec !== 'object' || spec === null) throw invalid('dataset must be an object { name, samples?, noise?, seed? }');
  const { name } = spec;
  if (!(DATASET_NAMES as readonly unknown[]).includes(name)) throw invalid(`dataset.name must be one of ${DATASET_NAMES.join(', ')}`);
  const samples = spec.samples ?? DATASET_DEFAULTS.samples;
  if (!Number.isSafeInteger(samples) || samples < 1) throw invalid('dataset.samples must be an integer >= 1');
  checkLimit(limits as MlpLimits, 'maxInputs', samples);
  const noise = spec.noise ?? DEFAULT_NOISE[name];
  if (typeof noise !== 'number' || !Number.isFinite(noise) || noise < 0) throw invalid('dataset.noise must be a finite number >= 0');
  const factor = spec.factor ?? DATASET_DEFAULTS.factor;
  if (typeof factor !== 'number' || !(factor >= 0 && factor < 1)) throw invalid('dataset.factor must be a number in [0, 1)');
  const seed = spec.seed ?? DATASET_DEFAULTS.seed;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw invalid('dataset.seed must be an integer from 0 to 4294967295');

  const rng = new NumpyRandomState(seed);
  const { points, classes } = draw(name, samples, noise, factor, rng);
  return { inputs: points, targets: classes.map((c) => c * 2 - 1), rng };
}
