import { Value, type Operand } from '../engine/index.js';
import { buildLoss, lossGraphSize, type LossGraph, type LossKind } from './loss.js';
import { parameterCount, type Activation, type MLP } from './network.js';

/** How a value is drawn: nested cluster titles and a role that picks its colour (the graph's NodeDecoration). */
export interface MlpDecoration {
  cluster?: string[];
  role?: 'parameter' | 'input' | 'target' | 'loss';
}

export interface LossSpec {
  kind: LossKind;
  /** `targets[s][o]` for input s and output o. */
  targets: readonly (readonly number[])[];
  l2: number;
}

export interface MlpGraph {
  network: MLP;
  /** The inputs the graph was built for, one row per point. */
  inputs: readonly (readonly number[])[];
  parameters: Value[];
  /** `outputs[s][o]`: output o of the network for input s. */
  outputs: Value[][];
  /** `neuronOutputs[s][l][n]`: what neuron n of layer l gives for input s (after its activation). */
  neuronOutputs: Value[][][];
  loss: LossGraph | undefined;
  /** The loss, or the single output when there is no loss. */
  root: Value;
  decorate(value: Value): MlpDecoration | undefined;
}

/**
 * How inputs enter the graph follows the code each loss comes from: the lecture (sse, mse, no loss)
 * passes plain numbers, so every product `wi * xi` gets a fresh leaf for xi, as in `draw_dot(n(x))`;
 * micrograd's demo (hinge) wraps each input in a Value first (`list(map(Value, xrow))`), one leaf
 * per input number shared by the first layer. The numbers are the same either way.
 */
export function sharesInputs(loss: LossKind | undefined): boolean {
  return loss === 'hinge';
}

/** Builds the forward graph of every input, and the loss, recording how each value is drawn. */
export function buildMlpGraph(network: MLP, inputs: readonly (readonly number[])[], loss: LossSpec | undefined): MlpGraph {
  const decorations = new Map<Value, MlpDecoration>();
  const parameters = network.parameters();
  const neuronDecorations = network.layers.map((layer, l) =>
    layer.neurons.map((neuron, n) => {
      const cluster = [`layer ${l + 1}`, `neuron ${n + 1}`];
      const inside: MlpDecoration = { cluster };
      const parameter: MlpDecoration = { cluster, role: 'parameter' };
      const input: MlpDecoration = { cluster, role: 'input' };
      for (const p of neuron.parameters()) decorations.set(p, parameter);
      return { inside, input };
    }),
  );

  const nin = network.sizes[0] as number;
  const shared = sharesInputs(loss?.kind);
  const single = inputs.length === 1;
  const inputName = (s: number, i: number): string => (single ? `x${i + 1}` : `x${s + 1}.${i + 1}`);
  const sharedInput: MlpDecoration = { role: 'input' };

  const neuronOutputs: Value[][][] = [];
  const outputs = inputs.map((row, s) => {
    const made: Value[][] = network.layers.map(() => []);
    neuronOutputs.push(made);
    let x: readonly Operand[] = row;
    if (shared) {
      x = row.map((xi, i) => {
        const leaf = new Value(xi, inputName(s, i));
        decorations.set(leaf, sharedInput);
        return leaf;
      });
    }
    let leaves = 0;
    const out = network.call(x, (value, l, n) => {
      const where = neuronDecorations[l]?.[n];
      if (where === undefined) return;
      // A neuron's last value is its output.
      (made[l] as Value[])[n] = value;
      if (value.isLeaf) {
        value.label = inputName(s, leaves++ % nin);
        decorations.set(value, where.input);
      } else {
        decorations.set(value, where.inside);
      }
    });
    out.forEach((value, o) => {
      value.label = single && out.length === 1 ? 'out' : out.length === 1 ? `out${s + 1}` : `out${s + 1}.${o + 1}`;
    });
    return out;
  });

  if (loss === undefined) {
    const root = outputs[0]?.[0] as Value;
    return { network, inputs, parameters, outputs, neuronOutputs, loss: undefined, root, decorate: (v) => decorations.get(v) };
  }
  const built = buildLoss(loss.kind, outputs, loss.targets, parameters, loss.l2);
  const lossCluster = ['loss'];
  const target: MlpDecoration = { cluster: lossCluster, role: 'target' };
  for (const leaf of built.targets) decorations.set(leaf, target);
  decorations.set(built.root, { cluster: lossCluster, role: 'loss' });
  const inLoss: MlpDecoration = { cluster: lossCluster };
  return {
    network,
    inputs,
    parameters,
    outputs,
    neuronOutputs,
    loss: built,
    root: built.root,
    // Whatever the network did not make belongs to the loss expression.
    decorate: (v) => decorations.get(v) ?? inLoss,
  };
}

/**
 * The number of values `buildMlpGraph` creates (what `topologicalOrder(root)` returns), computed
 * from the shapes alone so that limits can be checked before anything is allocated.
 */
export function mlpGraphSize(
  sizes: readonly number[],
  activations: readonly Activation[],
  samples: number,
  loss: { kind: LossKind; l2: number } | undefined,
): number {
  const parameters = parameterCount(sizes);
  // Per neuron and input: `wi * xi` and the running `+`; then the activation unless linear.
  let perSample = 0;
  for (let l = 1; l < sizes.length; l++) {
    const fanIn = sizes[l - 1] as number;
    perSample += (sizes[l] as number) * (2 * fanIn + (activations[l - 1] === 'linear' ? 0 : 1));
  }
  const nin = sizes[0] as number;
  perSample += sharesInputs(loss?.kind) ? nin : nin * (sizes[1] as number);
  const outputs = sizes[sizes.length - 1] as number;
  const lossSize = loss === undefined ? 0 : lossGraphSize(loss.kind, samples * outputs, parameters, loss.l2);
  return parameters + samples * perSample + lossSize;
}
