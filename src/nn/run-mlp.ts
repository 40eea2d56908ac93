import { backpropagate, topologicalOrder, type Value } from '../engine/index.js';
import { GradvizError } from '../errors.js';
import { buildMlpGraph, mlpGraphSize, type MlpDecoration } from './build.js';
import { checkLimit, DEFAULT_MLP_LIMITS, type MlpLimits } from './limits.js';
import type { LossKind } from './loss.js';
import { createMlp, type MLP } from './network.js';
import { validateMlpSpec, type MlpSpec } from './spec.js';
import { signAccuracy, Trainer, type StepReport } from './trainer.js';

export interface MlpParameter {
  /** `layer1.neuron3.w2`, `layer1.neuron3.b` (1-based). */
  name: string;
  data: number;
  grad: number;
}

/** The numbers of an MLP result: plain data, safe to send across threads and as JSON. */
export interface MlpNumbers {
  /** One number per input for a single output neuron, else one list per input. */
  predictions: number[] | number[][];
  /** null when the request has no loss. */
  loss: number | null;
  /** Every parameter in `parameters()` order, after the final forward and backward pass. */
  parameters: MlpParameter[];
  /** The loss of each training step, taken before that step's update. */
  history: number[];
  /**
   * The notebook's accuracy (share of points whose score has its target's sign) of each training step,
   * before its update; empty for several outputs.
   */
  accuracy: number[];
  /** The accuracy of the final pass; null without targets or for several outputs. */
  finalAccuracy: number | null;
  /** With a `dataset` in the request: the points it made, in its order. */
  inputs?: number[][];
  /** With a `dataset` in the request: each point's label, -1 or +1. */
  targets?: number[];
  /** Values in the graph (the values view draws each one). */
  graphNodes: number;
}

/** What an MLP request gives: its numbers, and the live graph the pictures are drawn from. */
export interface MlpResult extends MlpNumbers {
  network: MLP;
  lossKind: LossKind | null;
  inputs: number[][];
  /** `outputs[s][o]`: output o for input s. */
  outputs: Value[][];
  /** `neuronOutputs[s][l][n]`: the output of neuron n of layer l for input s. */
  neuronOutputs: Value[][][];
  /** The loss, or the single output when there is no loss; its graph holds the final pass. */
  root: Value;
  /** Clusters (`['layer 1', 'neuron 3']`, `['loss']`) and roles for toDot. */
  decorate(value: Value): MlpDecoration | undefined;
  /** The numbers only, so that `JSON.stringify(result)` never walks the graph. */
  toJSON(): MlpNumbers;
}

/**
 * Builds the network `spec` describes, evaluates it on every input, trains it if asked, and leaves a
 * final forward and backward pass to report and draw. Limits (DEFAULT_MLP_LIMITS, with `overrides`)
 * are checked before anything is built.
 * Throws GradvizError: invalid-request, limit-exceeded, not-finite.
 */
export interface RunMlpHooks {
  /** Called once the network is built and its training begins (not called without training). */
  onTraining?: () => void;
  /** Hears each training step as it is taken: progress reports and live pictures. */
  onStep?: (report: StepReport) => void;
}

export function runMlp(spec: MlpSpec, overrides: Partial<MlpLimits> = {}, hooks: RunMlpHooks = {}): MlpResult {
  const limits: MlpLimits = { ...DEFAULT_MLP_LIMITS, ...overrides };
  const valid = validateMlpSpec(spec, limits);
  const size = mlpGraphSize(valid.sizes, valid.activations, valid.inputs.length, valid.loss);
  checkLimit(limits, 'maxGraphNodes', size);
  const { batchSize } = valid.train ?? {};
  const stepSize = batchSize === undefined ? size : mlpGraphSize(valid.sizes, valid.activations, batchSize, valid.loss);
  if (valid.train !== undefined) checkLimit(limits, 'maxTrainingWork', valid.train.steps * stepSize);

  const network = createMlp(valid.sizes, valid.network);
  const built = buildMlpGraph(network, valid.inputs, valid.loss);
  const order = topologicalOrder(built.root);
  let history: number[] = [];
  let accuracy: number[] = [];
  if (valid.train !== undefined) hooks.onTraining?.();
  if (valid.train !== undefined && valid.loss !== undefined) {
    const trainer = new Trainer(built, valid.loss, valid.train, valid.batchRng);
    while (!trainer.finished) {
      const report = trainer.step();
      hooks.onStep?.(report);
    }
    trainer.finalPass();
    ({ history, accuracy } = trainer);
  } else if (valid.loss !== undefined || built.outputs.length * (built.outputs[0]?.length ?? 0) === 1) {
    // Without a loss, grads are those of the one prediction; with several there is no root: they stay 0.
    backpropagate(order);
  }
  checkFinite(order, built.decorate);
  for (const row of built.outputs) checkFinite(row, built.decorate);

  const names = network.parameterNames();
  const single = valid.sizes[valid.sizes.length - 1] === 1;
  const numbers: MlpNumbers = {
    predictions: single
      ? built.outputs.map((row) => (row[0] as Value).data)
      : built.outputs.map((row) => row.map((v) => v.data)),
    loss: built.loss === undefined ? null : built.root.data,
    parameters: built.parameters.map((p, i) => ({ name: names[i] as string, data: p.data, grad: p.grad })),
    history,
    accuracy,
    finalAccuracy: valid.loss === undefined ? null : signAccuracy(built.outputs, valid.loss.targets),
    ...(valid.datasetTargets === undefined ? {} : { inputs: valid.inputs, targets: valid.datasetTargets }),
    graphNodes: order.length,
  };
  return {
    ...numbers,
    network,
    lossKind: valid.loss?.kind ?? null,
    inputs: valid.inputs,
    outputs: built.outputs,
    neuronOutputs: built.neuronOutputs,
    root: built.root,
    decorate: built.decorate,
    toJSON: () => numbers,
  };
}

function checkFinite(order: readonly Value[], decorate: (value: Value) => MlpDecoration | undefined): void {
  for (const value of order) {
    if (Number.isFinite(value.data) && Number.isFinite(value.grad)) continue;
    const where = decorate(value)?.cluster?.join(', ');
    const name = value.label === '' ? `a value (${value.op === '' ? 'leaf' : value.op})` : `'${value.label}'`;
    const field = Number.isFinite(value.data) ? `grad ${value.grad}` : `data ${value.data}`;
    throw new GradvizError('not-finite', `${name}${where === undefined ? '' : ` in ${where}`} is not finite: ${field}`);
  }
}
