export { PythonRandom } from './python-random.js';
export { NumpyRandomState } from './numpy-random.js';
export { makeDataset, DATASET_NAMES, DATASET_DEFAULTS, type Dataset, type DatasetName, type DatasetSpec } from './datasets/index.js';
export { Trainer, signAccuracy, type StepReport } from './trainer.js';
export {
  MLP,
  Layer,
  Neuron,
  createMlp,
  layerActivations,
  parameterCount,
  ACTIVATIONS,
  INITS,
  DEFAULT_SEED,
  type Activation,
  type Init,
  type MlpOptions,
} from './network.js';
export { buildLoss, pythonSum, lossGraphSize, LOSS_KINDS, type LossKind, type LossGraph } from './loss.js';
export { train, stepLearningRate, type TrainOptions } from './train.js';
export { buildMlpGraph, mlpGraphSize, sharesInputs, type MlpGraph, type MlpDecoration, type LossSpec } from './build.js';
export { DEFAULT_MLP_LIMITS, checkLimit, type MlpLimits } from './limits.js';
export { validateMlpSpec, parseSeed, DEFAULT_BATCH_SEED, type MlpSpec, type ValidMlpSpec } from './spec.js';
export { runMlp, type MlpResult, type MlpNumbers, type MlpParameter, type RunMlpHooks } from './run-mlp.js';
export { decisionBoundary, boundaryAxes, arange, DEFAULT_BOUNDARY, type Boundary, type BoundaryOptions } from './boundary.js';
export { predict } from './forward.js';
export { LECTURE_TANH, TANH_FORMULAS, tanhRule, applyUnary, type TanhFormula } from './lecture-tanh.js';
export { startTraining, type TrainingSession } from './training-session.js';
export { layerMatrices, type LayerMatrices } from './weight-matrices.js';
