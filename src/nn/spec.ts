import { GradvizError } from '../errors.js';
import { makeDataset, type Dataset, type DatasetSpec } from './datasets/index.js';
import { NumpyRandomState } from './numpy-random.js';
import { LOSS_KINDS, type LossKind } from './loss.js';
import { checkLimit, type MlpLimits } from './limits.js';
import {
  ACTIVATIONS,
  DEFAULT_SEED,
  INITS,
  layerActivations,
  parameterCount,
  type Activation,
  type Init,
  type MlpOptions,
} from './network.js';
import type { TrainOptions } from './train.js';
import { TANH_FORMULAS, type TanhFormula } from './lecture-tanh.js';

/** An MLP request as clients write it (the body of `POST /v1/mlp` without the picture options). */
export interface MlpSpec {
  /** `[nin, ...nouts]`: `[3, 4, 4, 1]` is the lecture's `MLP(3, [4, 4, 1])`. */
  layers: readonly number[];
  init?: Init;
  activation?: Activation;
  outputActivation?: Activation;
  /** Any integer; as a decimal string when past 2^53. Default 1337. */
  seed?: number | string | bigint;
  /** `lecture`: tanh by the video's formula (e^2x - 1) / (e^2x + 1); default `math`. */
  tanh?: TanhFormula;
  /** Every parameter in `parameters()` order; replaces the random ones. */
  weights?: readonly number[];
  /** The points to evaluate on; or `dataset` instead of `inputs` and `targets`. */
  inputs?: readonly (readonly number[])[];
  /** One of the notebooks' data sets, in place of `inputs` and `targets`. */
  dataset?: DatasetSpec;
  /** One number per input (single output) or one list per input (one number per output). */
  targets?: readonly number[] | readonly (readonly number[])[];
  /** Default: `sse` when targets are given, otherwise none. */
  loss?: LossKind | 'none';
  l2?: number;
  train?: TrainOptions;
}

/** A checked spec: the network's options, each layer's activation, targets as `[input][output]`. */
export interface ValidMlpSpec {
  sizes: number[];
  network: MlpOptions & { init: Init; seed: bigint };
  activations: Activation[];
  inputs: number[][];
  loss: { kind: LossKind; targets: number[][]; l2: number } | undefined;
  train: TrainOptions | undefined;
  /** The stream mini-batches are drawn from: the data set's, continued, or `np.random.seed(batchSeed)`. */
  batchRng: NumpyRandomState | undefined;
  /** The data set's targets (-1/+1), when a data set was asked for: the answer includes them. */
  datasetTargets: number[] | undefined;
}

/** The notebook's seed, for batches over inputs given directly. */
export const DEFAULT_BATCH_SEED = 1337;

function invalid(message: string): GradvizError {
  return new GradvizError('invalid-request', message);
}

function isPositiveInteger(x: unknown): x is number {
  return Number.isSafeInteger(x) && (x as number) > 0;
}

function finiteNumbers(value: unknown, what: string, length?: number): number[] {
  if (!Array.isArray(value)) throw invalid(`${what} must be a list of numbers`);
  if (length !== undefined && value.length !== length) {
    throw invalid(`${what} must have ${length} number${length === 1 ? '' : 's'}, got ${value.length}`);
  }
  value.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw invalid(`${what}[${i}] must be a finite number`);
  });
  return value as number[];
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalid(`${what} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** `random.seed` takes any int: a safe integer number, a bigint or a string of decimal digits. */
export function parseSeed(seed: unknown, limits: MlpLimits): bigint {
  if (seed === undefined) return DEFAULT_SEED;
  if (typeof seed === 'bigint') return seed;
  if (typeof seed === 'number') {
    if (!Number.isInteger(seed)) throw invalid('seed must be an integer');
    if (!Number.isSafeInteger(seed)) {
      throw invalid('seed is past 2^53, where JSON numbers lose digits: send it as a string of digits');
    }
    return BigInt(seed);
  }
  if (typeof seed === 'string') {
    checkLimit(limits, 'maxSeedDigits', seed.replace(/^[+-]/, '').length);
    if (!/^[+-]?[0-9]+$/.test(seed)) throw invalid('seed must be an integer or a string of decimal digits');
    return BigInt(seed);
  }
  throw invalid('seed must be an integer or a string of decimal digits');
}

/**
 * Checks a request against its types and the limits, cheapest checks first, so that no network is
 * built for a request that will be refused.
 */
export function validateMlpSpec(spec: MlpSpec, limits: MlpLimits): ValidMlpSpec {
  if (typeof spec !== 'object' || spec === null) throw invalid('the request must be an object');
  const { layers } = spec;
  if (!Array.isArray(layers) || layers.length < 2 || !layers.every(isPositiveInteger)) {
    throw invalid('layers must list at least two positive integers: the number of inputs, then the size of each layer');
  }
  const sizes = [...layers];
  const count = parameterCount(sizes);
  checkLimit(limits, 'maxParameters', count);

  const init = oneOf(spec.init, INITS, 'init') ?? 'lecture';
  const activation = oneOf(spec.activation, ACTIVATIONS, 'activation');
  const outputActivation = oneOf(spec.outputActivation, ACTIVATIONS, 'outputActivation');
  const seed = parseSeed(spec.seed, limits);
  const tanh = oneOf(spec.tanh, TANH_FORMULAS, 'tanh');
  if (Array.isArray(spec.weights) && spec.weights.length !== count) {
    throw invalid(
      `weights has ${spec.weights.length} numbers but the network has ${count} parameters (per neuron its weights, then its bias)`,
    );
  }
  const weights = spec.weights === undefined ? undefined : finiteNumbers(spec.weights, 'weights', count);
  const network = {
    init,
    seed,
    ...(activation === undefined ? {} : { activation }),
    ...(outputActivation === undefined ? {} : { outputActivation }),
    ...(weights === undefined ? {} : { weights: [...weights] }),
    ...(tanh === undefined ? {} : { tanh }),
  };
  const activations = layerActivations(sizes.length - 1, network);

  const nin = sizes[0] as number;
  const nout = sizes[sizes.length - 1] as number;
  const dataset = spec.dataset === undefined ? undefined : datasetOf(spec, nin, nout, limits);
  const specInputs = dataset?.inputs ?? spec.inputs;
  if (!Array.isArray(specInputs) || specInputs.length === 0) {
    throw invalid(`inputs must be a list of at least one input (a list of ${nin} numbers)`);
  }
  checkLimit(limits, 'maxInputs', specInputs.length);
  const inputs = specInputs.map((row, s) => [...finiteNumbers(row, `inputs[${s}]`, nin)]);
  const specTargets = dataset?.targets ?? spec.targets;

  const kind = oneOf(spec.loss, [...LOSS_KINDS, 'none'] as const, 'loss') ?? (specTargets === undefined ? 'none' : 'sse');
  const l2 = spec.l2 ?? 0;
  if (typeof l2 !== 'number' || !Number.isFinite(l2) || l2 < 0) throw invalid('l2 must be a finite number >= 0');
  const train = validateTrain(spec.train, limits, inputs.length, dataset !== undefined);
  const batchRng =
    train?.batchSize === undefined ? undefined : (dataset?.rng ?? new NumpyRandomState(train.batchSeed ?? DEFAULT_BATCH_SEED));
  const datasetTargets = dataset?.targets;

  if (kind === 'none') {
    // Predictions only: for one input and one output the graph is rooted at that output.
    if (spec.targets !== undefined) throw invalid(`targets need a loss: set loss to one of ${LOSS_KINDS.join(', ')}`);
    if (l2 !== 0) throw invalid('l2 is part of the loss: set loss to one of ' + LOSS_KINDS.join(', '));
    if (train !== undefined) throw invalid('training needs a loss: give targets and a loss');
    return { sizes, network, activations, inputs, loss: undefined, train: undefined, batchRng: undefined, datasetTargets };
  }
  const targets = validateTargets(specTargets, inputs.length, nout);
  return { sizes, network, activations, inputs, loss: { kind, targets, l2 }, train, batchRng, datasetTargets };
}

/** A data set in place of inputs and targets: two inputs and one output, as in the notebook. */
function datasetOf(spec: MlpSpec, nin: number, nout: number, limits: MlpLimits): Dataset {
  if (spec.inputs !== undefined || spec.targets !== undefined) throw invalid('give either dataset or inputs and targets, not both');
  if (nin !== 2 || nout !== 1) throw invalid('a dataset has points of two numbers and one label: layers must start with 2 and end with 1');
  return makeDataset(spec.dataset as DatasetSpec, limits);
}

function validateTargets(targets: unknown, count: number, nout: number): number[][] {
  if (!Array.isArray(targets) || targets.length !== count) {
    throw invalid(`targets must have one entry per input (${count})`);
  }
  return targets.map((target: unknown, s) => {
    if (nout === 1 && !Array.isArray(target)) {
      if (typeof target !== 'number' || !Number.isFinite(target)) throw invalid(`targets[${s}] must be a finite number`);
      return [target];
    }
    if (!Array.isArray(target)) throw invalid(`targets[${s}] must be a list of ${nout} numbers, one per output`);
    return [...finiteNumbers(target, `targets[${s}]`, nout)];
  });
}

function validateTrain(train: unknown, limits: MlpLimits, count: number, fromDataset: boolean): TrainOptions | undefined {
  if (train === undefined) return undefined;
  if (typeof train !== 'object' || train === null) throw invalid('train must be an object { steps, learningRate, decay? }');
  const { steps, learningRate, decay, batchSize, batchSeed } = train as Record<string, unknown>;
  if (!Number.isSafeInteger(steps) || (steps as number) < 0) throw invalid('train.steps must be an integer >= 0');
  checkLimit(limits, 'maxSteps', steps as number);
  if (typeof learningRate !== 'number' || !Number.isFinite(learningRate) || learningRate <= 0) {
    throw invalid('train.learningRate must be a finite number > 0');
  }
  if (decay !== undefined && typeof decay !== 'boolean') throw invalid('train.decay must be true or false');
  if (batchSize !== undefined && !(Number.isSafeInteger(batchSize) && (batchSize as number) >= 1 && (batchSize as number) <= count)) {
    throw invalid(`train.batchSize must be an integer from 1 to the number of inputs (${count})`);
  }
  if (batchSeed !== undefined) {
    if (batchSize === undefined) throw invalid('train.batchSeed seeds mini-batches: give train.batchSize too');
    if (fromDataset) throw invalid("with a dataset the batches continue its seed's stream, as the notebook's do: leave out train.batchSeed");
    if (!Number.isInteger(batchSeed) || (batchSeed as number) < 0 || (batchSeed as number) > 0xffffffff) {
      throw invalid('train.batchSeed must be an integer from 0 to 4294967295');
    }
  }
  return {
    steps: steps as number,
    learningRate,
    decay: decay === true,
    ...(batchSize === undefined ? {} : { batchSize: batchSize as number }),
    ...(batchSeed === undefined ? {} : { batchSeed: batchSeed as number }),
  };
}
