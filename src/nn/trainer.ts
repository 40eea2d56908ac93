import { backpropagate, recompute, topologicalOrder, type Value } from '../engine/index.js';
import { GradvizError } from '../errors.js';
import { buildMlpGraph, type LossSpec, type MlpGraph } from './build.js';
import type { NumpyRandomState } from './numpy-random.js';
import { stepLearningRate, type TrainOptions } from './train.js';

/** What one training step reports, as the notebook prints it: `step k loss ..., accuracy ...%`. */
export interface StepReport {
  /** 0-based, as the notebook counts. */
  step: number;
  /** The loss before this step's update. */
  loss: number;
  /** The share of points whose score has the sign of their target, before the update; null for several outputs. */
  accuracy: number | null;
  learningRate: number;
}

/**
 * The notebook's accuracy: `(yi > 0) == (scorei.data > 0)` averaged over the points.
 * null when the network has several outputs, where a sign says nothing.
 */
export function signAccuracy(outputs: readonly (readonly Value[])[], targets: readonly (readonly number[])[]): number | null {
  if (outputs.some((row) => row.length !== 1)) return null;
  let agree = 0;
  outputs.forEach((row, s) => {
    if (((targets[s] as readonly number[])[0] as number) > 0 === (row[0] as Value).data > 0) agree++;
  });
  return agree / outputs.length;
}

/**
 * The training loop one step at a time, so that a service run, a page that trains live and a
 * progress report all take the same steps. Per step: a forward pass, the loss and accuracy, zeroed
 * grads, a backward pass and `p.data -= lr * p.grad`.
 *
 * Over the whole data set the graph is built once and replayed (`recompute`): the floats are the
 * ones a rebuild would give. With `batchSize`, each step draws `permutation(n)[:batchSize]` from
 * `batchRng` and builds that batch's graph, exactly as the notebook's `loss(batch_size)` does.
 */
export class Trainer {
  /** The loss of each step taken, before its update. */
  readonly history: number[] = [];
  /** The accuracy of each step taken, before its update (empty for several outputs). */
  readonly accuracy: number[] = [];
  private readonly order: readonly Value[];
  private taken = 0;

  constructor(
    /** The graph of the whole data set with its loss; the final pass is drawn from it. */
    readonly graph: MlpGraph,
    private readonly loss: LossSpec,
    private readonly options: TrainOptions,
    private readonly batchRng?: NumpyRandomState,
  ) {
    if (graph.loss === undefined) throw new GradvizError('invalid-request', 'training needs a loss: give targets and a loss');
    if (options.batchSize !== undefined && batchRng === undefined) {
      throw new GradvizError('invalid-request', 'mini-batches need a random generator');
    }
    this.order = topologicalOrder(graph.root);
  }

  get stepsTaken(): number {
    return this.taken;
  }

  get finished(): boolean {
    return this.taken >= this.options.steps;
  }

  step(): StepReport {
    if (this.finished) throw new GradvizError('invalid-request', `training has taken all ${this.options.steps} steps`);
    const k = this.taken;
    const { root, outputs, targets } = this.forwardAndBackward();
    if (!Number.isFinite(root.data)) throw diverged(k, `the loss is ${root.data}`);
    const accuracy = signAccuracy(outputs, targets);
    this.history.push(root.data);
    if (accuracy !== null) this.accuracy.push(accuracy);
    const learningRate = stepLearningRate(this.options, k);
    for (const p of this.graph.parameters) {
      p.data -= learningRate * p.grad;
      if (!Number.isFinite(p.data)) throw diverged(k, `a parameter became ${p.data}`);
    }
    this.taken++;
    return { step: k, loss: root.data, accuracy, learningRate };
  }

  /** Takes the remaining steps. */
  run(): void {
    while (!this.finished) this.step();
  }

  /** A forward and backward pass of the whole data set with the current parameters: what a run answers and draws. */
  finalPass(): void {
    recompute(this.order);
    backpropagate(this.order);
  }

  private forwardAndBackward(): { root: Value; outputs: Value[][]; targets: readonly (readonly number[])[] } {
    const { batchSize } = this.options;
    if (batchSize === undefined) {
      recompute(this.order);
      backpropagate(this.order);
      return { root: this.graph.root, outputs: this.graph.outputs, targets: this.loss.targets };
    }
    const rows = (this.batchRng as NumpyRandomState).permutation(this.loss.targets.length).slice(0, batchSize);
    const inputs = rows.map((s) => this.graph.inputs[s] as number[]);
    const targets = rows.map((s) => this.loss.targets[s] as number[]);
    const batch = buildMlpGraph(this.graph.network, inputs, { ...this.loss, targets });
    batch.root.backward();
    return { root: batch.root, outputs: batch.outputs, targets };
  }
}

function diverged(k: number, what: string): GradvizError {
  return new GradvizError('not-finite', `training diverged at step ${k + 1}: ${what}; try a smaller learningRate or fewer steps`);
}
