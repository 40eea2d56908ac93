import { backpropagate, recompute, type Value } from '../engine/index.js';
import { GradvizError } from '../errors.js';

export interface TrainOptions {
  steps: number;
  learningRate: number;
  /** micrograd's demo schedule: step k uses `learningRate * (1 - 0.9 * k / steps)`. */
  decay?: boolean;
  /** Points per step, drawn as the notebook's `np.random.permutation(n)[:batchSize]`; default all, in order. */
  batchSize?: number;
  /** `np.random.seed` of the batches when the inputs are given directly (a data set's batches continue its stream). */
  batchSeed?: number;
}

/** The learning rate of step k (0-based), computed as the demo computes it. */
export function stepLearningRate(options: TrainOptions, k: number): number {
  return options.decay === true ? options.learningRate * (1.0 - (0.9 * k) / options.steps) : options.learningRate;
}

/**
 * The lecture's training loop on a graph whose shape never changes: per step a forward pass, zeroed
 * grads, a backward pass and `p.data -= lr * p.grad`. Instead of building the graph again each step
 * (about 65,000 new objects for micrograd's demo), the leaves get their new data and the same
 * values are recomputed in topological order; the floats are the ones a rebuild would give.
 *
 * Returns the loss of each step, taken before that step's update. Afterwards `order` holds a final
 * forward and backward pass with the updated parameters.
 */
export function train(order: readonly Value[], parameters: readonly Value[], options: TrainOptions): number[] {
  const root = order[order.length - 1] as Value;
  const history: number[] = [];
  for (let k = 0; k < options.steps; k++) {
    recompute(order);
    if (!Number.isFinite(root.data)) throw diverged(k, `the loss is ${root.data}`);
    history.push(root.data);
    backpropagate(order);
    const rate = stepLearningRate(options, k);
    for (const p of parameters) {
      p.data -= rate * p.grad;
      if (!Number.isFinite(p.data)) throw diverged(k, `a parameter became ${p.data}`);
    }
  }
  recompute(order);
  backpropagate(order);
  return history;
}

function diverged(k: number, what: string): GradvizError {
  return new GradvizError(
    'not-finite',
    `training diverged at step ${k + 1}: ${what}; try a smaller learningRate or fewer steps`,
  );
}
