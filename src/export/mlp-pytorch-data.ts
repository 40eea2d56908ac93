import type { MlpSpec, ValidMlpSpec } from '../nn/spec.js';
import { DATASET_DEFAULTS, DEFAULT_NOISE } from '../nn/datasets/index.js';
import { DEFAULT_BATCH_SEED } from '../nn/spec.js';
import { GradvizError } from '../errors.js';
import { pythonFloat } from './python-literals.js';

const SKLEARN_CALL = {
  moons: (n: number, noise: number) => `make_moons(n_samples=${n}, noise=${pythonFloat(noise)})`,
  circles: (n: number, noise: number, factor: number) => `make_circles(n_samples=${n}, noise=${pythonFloat(noise)}, factor=${pythonFloat(factor)})`,
  blobs: (n: number, noise: number) => `make_blobs(n_samples=${n}, centers=2, cluster_std=${pythonFloat(noise)})`,
} as const;

const matrix = (rows: readonly (readonly number[])[]): string => `[${rows.map((r) => `[${r.map(pythonFloat).join(', ')}]`).join(', ')}]`;

/**
 * `X` and `Y` (targets as one row per point) for the exported script. scikit-learn's sets are made by
 * scikit-learn itself after `np.random.seed`, as the notebook makes them, so mini-batches continue
 * NumPy's stream there too; other data is written out, its batches seeded by `batchSeed`.
 */
export function datasetLines(spec: MlpSpec, valid: ValidMlpSpec): string[] {
  const batches = valid.train?.batchSize !== undefined;
  const targets = valid.loss === undefined ? [] : [`Y = torch.tensor(${matrix(valid.loss.targets)})`];
  const dataset = spec.dataset;
  if (dataset !== undefined && dataset.name in SKLEARN_CALL) {
    const name = dataset.name as keyof typeof SKLEARN_CALL;
    const noise = dataset.noise ?? DEFAULT_NOISE[name];
    const call = SKLEARN_CALL[name](valid.inputs.length, noise, dataset.factor ?? DATASET_DEFAULTS.factor);
    return [
      'import numpy as np',
      `from sklearn.datasets import make_${name}`,
      '',
      `np.random.seed(${dataset.seed ?? DATASET_DEFAULTS.seed})`,
      `X_np, y_np = ${call}`,
      'y_np = y_np * 2 - 1',
      'X = torch.tensor(X_np)',
      'Y = torch.tensor(y_np, dtype=torch.float64).reshape(-1, 1)',
    ];
  }
  if (dataset !== undefined && batches) {
    throw new GradvizError('invalid-request', `exporting mini-batches over the ${dataset.name} set is not supported: its NumPy stream has no Python one-liner`);
  }
  const seed = valid.train?.batchSeed ?? DEFAULT_BATCH_SEED;
  return [
    ...(batches ? ['import numpy as np', '', `np.random.seed(${seed})`] : []),
    `X = torch.tensor(${matrix(valid.inputs)})`,
    ...targets,
  ];
}
