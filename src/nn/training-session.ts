import { GradvizError } from '../errors.js';
import { decisionBoundary, type Boundary, type BoundaryOptions } from './boundary.js';
import { buildMlpGraph, mlpGraphSize, type MlpGraph } from './build.js';
import { checkLimit, DEFAULT_MLP_LIMITS, type MlpLimits } from './limits.js';
import { createMlp, type MLP } from './network.js';
import { validateMlpSpec, type MlpSpec, type ValidMlpSpec } from './spec.js';
import { Trainer } from './trainer.js';

/** A network set up to be trained one step at a time, and looked at between steps. */
export interface TrainingSession {
  valid: ValidMlpSpec;
  network: MLP;
  /** The graph of the whole data set with its loss. */
  graph: MlpGraph;
  trainer: Trainer;
  /** The decision boundary with the current weights (two inputs only). */
  boundary(options?: BoundaryOptions): Boundary;
}

/**
 * What runMlp does before its training loop, for a caller that takes the steps itself: a page that
 * trains live, pausing and drawing between steps. The request needs a loss and `train` (whose
 * `steps` the decay schedule counts on); its limits are checked as runMlp checks them.
 */
export function startTraining(spec: MlpSpec, overrides: Partial<MlpLimits> = {}): TrainingSession {
  const limits: MlpLimits = { ...DEFAULT_MLP_LIMITS, ...overrides };
  const valid = validateMlpSpec(spec, limits);
  if (valid.loss === undefined || valid.train === undefined) {
    throw new GradvizError('invalid-request', 'training needs a loss and train { steps, learningRate }');
  }
  const size = mlpGraphSize(valid.sizes, valid.activations, valid.inputs.length, valid.loss);
  checkLimit(limits, 'maxGraphNodes', size);
  const { batchSize } = valid.train;
  const stepSize = batchSize === undefined ? size : mlpGraphSize(valid.sizes, valid.activations, batchSize, valid.loss);
  checkLimit(limits, 'maxTrainingWork', valid.train.steps * stepSize);

  const network = createMlp(valid.sizes, valid.network);
  const graph = buildMlpGraph(network, valid.inputs, valid.loss);
  const trainer = new Trainer(graph, valid.loss, valid.train, valid.batchRng);
  return {
    valid,
    network,
    graph,
    trainer,
    boundary: (options = {}) => decisionBoundary(network, valid.inputs, options, limits),
  };
}
