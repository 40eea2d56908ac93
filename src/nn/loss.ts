import { Value } from '../engine/index.js';

export type LossKind = 'sse' | 'mse' | 'hinge';
export const LOSS_KINDS: readonly LossKind[] = ['sse', 'mse', 'hinge'];

export interface LossGraph {
  root: Value;
  /** The leaves that carry the targets (`-y`), in sample then output order. */
  targets: Value[];
}

/**
 * Python's `sum(terms)`: it starts from the int 0, and `0 + v` is `v.__radd__(0)`, i.e. `v + 0`,
 * so the first term gets a `+ 0` node of its own. Callers never pass an empty list.
 */
export function pythonSum(terms: readonly Value[]): Value {
  let total = (terms[0] as Value).radd(0);
  for (let i = 1; i < terms.length; i++) total = total.add(terms[i] as Value);
  return total;
}

/**
 * The loss expressions of the lecture and of micrograd's demo, built node for node as Python builds
 * them so that floats round the same way. `outputs[s][o]` pairs with `targets[s][o]`.
 *  - sse: `sum((yout - ygt)**2 for ...)`; `yout - ygt` is `yout + (-ygt)`, a leaf holding -ygt.
 *  - mse: `sse / n` (n predictions), which micrograd builds as `sse * n**-1`.
 *  - hinge: `sum((1 + -yi*scorei).relu() for ...) * (1.0 / n)`.
 *  - l2 > 0 adds `l2 * sum(p*p for p in parameters)`, micrograd's `reg_loss`.
 */
export function buildLoss(
  kind: LossKind,
  outputs: readonly (readonly Value[])[],
  targets: readonly (readonly number[])[],
  parameters: readonly Value[],
  l2 = 0,
): LossGraph {
  const targetLeaves: Value[] = [];
  const terms: Value[] = [];
  const single = outputs.length === 1 && (outputs[0] as readonly Value[]).length === 1;
  outputs.forEach((row, s) => {
    row.forEach((yout, o) => {
      const y = (targets[s] as readonly number[])[o] as number;
      const name = single ? '' : row.length === 1 ? `${s + 1}` : `${s + 1}.${o + 1}`;
      const target = new Value(-y, `-y${name}`);
      targetLeaves.push(target);
      terms.push(kind === 'hinge' ? yout.mul(target).radd(1).relu() : yout.add(target).pow(2));
    });
  });
  let root = pythonSum(terms);
  if (kind === 'mse') root = root.div(terms.length);
  if (kind === 'hinge') root = root.mul(1.0 / terms.length);
  if (l2 !== 0) root = root.add(pythonSum(parameters.map((p) => p.mul(p))).rmul(l2));
  root.label = 'loss';
  return { root, targets: targetLeaves };
}

/**
 * The number of values `buildLoss` adds to the graph, so that limits can be checked before
 * anything is built. `pairs` is the number of predictions that meet a target.
 */
export function lossGraphSize(kind: LossKind, pairs: number, parameters: number, l2: number): number {
  // sse per pair: the -y leaf, `+`, `**2`; hinge per pair: the -y leaf, `*`, the 1 leaf, `+`, ReLU.
  // A Python sum of k terms: the 0 leaf and k additions. mse and hinge: one leaf and one `*` more.
  const perPair = kind === 'hinge' ? 5 : 3;
  let size = pairs * perPair + pairs + 1;
  if (kind !== 'sse') size += 2;
  // l2: p*p per parameter, their sum, the l2 leaf and its `*`, and the `+` joining it to the data loss.
  if (l2 !== 0) size += parameters + (parameters + 1) + 2 + 1;
  return size;
}
