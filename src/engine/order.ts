import type { Value } from './value.js';

// Each traversal marks what it has seen with a fresh number: cheaper than a Set on large graphs.
let traversal = 0;

/**
 * Walks the graph below `root` depth-first, operands in order, so the same graph always gives
 * the same order. Iterative (a chain of a million values must not overflow the stack, as
 * micrograd's recursion does) and without arrays: while a value is explored its `link` holds
 * the value to return to; once it is finished, `link` holds the value finished before it.
 * Afterwards `root.link` leads through every value in reverse topological order.
 * Returns how many values there are.
 */
function linkInReverseOrder(root: Value): number {
  const mark = ++traversal;
  let count = 0;
  let finished: Value | undefined;
  let node: Value | undefined = root;
  root.visitMark = mark;
  root.link = undefined;
  while (node !== undefined) {
    const next = unvisitedOperand(node, mark);
    if (next !== undefined) {
      next.visitMark = mark;
      next.link = node;
      node = next;
    } else {
      const parent: Value | undefined = node.link;
      node.link = finished;
      finished = node;
      count++;
      node = parent;
    }
  }
  return count;
}

function unvisitedOperand(value: Value, mark: number): Value | undefined {
  if (value.x !== undefined && value.x.visitMark !== mark) return value.x;
  if (value.y !== undefined && value.y.visitMark !== mark) return value.y;
  return undefined;
}

/** Every value the root depends on, inputs before the values made from them, the root last. */
export function topologicalOrder(root: Value): Value[] {
  const order = new Array<Value>(linkInReverseOrder(root));
  let value: Value | undefined = root;
  for (let i = order.length - 1; i >= 0; i--) {
    const current = value as Value;
    order[i] = current;
    value = current.link;
    current.link = undefined; // links must not keep other graphs alive
  }
  return order;
}

/** Sends `value.grad` to its operands through the local rule of the op that made it. */
export function backwardStep(value: Value): void {
  // A one-input rule ignores its `y`.
  value.rule?.backward(value, value.x as Value, value.y as Value);
}

/** Zeroes every grad below `root`, seeds the root with 1 and applies the local rules in reverse order. */
export function backward(root: Value): void {
  linkInReverseOrder(root);
  for (let value: Value | undefined = root; value !== undefined; value = value.link) value.grad = 0;
  root.grad = 1;
  let value: Value | undefined = root;
  while (value !== undefined) {
    const next: Value | undefined = value.link;
    value.link = undefined;
    backwardStep(value);
    value = next;
  }
}

/** `backward` over an order computed once: the reverse pass of a graph replayed many times. */
export function backpropagate(order: readonly Value[]): void {
  for (const value of order) value.grad = 0;
  const root = order[order.length - 1];
  if (root === undefined) return;
  root.grad = 1;
  for (let i = order.length - 1; i >= 0; i--) backwardStep(order[i] as Value);
}

/** Recomputes every non-leaf in `order` from its operands: a forward pass over a graph whose shape is fixed. */
export function recompute(order: readonly Value[]): void {
  for (const value of order) {
    const { rule, x, y } = value;
    if (rule !== undefined && x !== undefined) value.data = rule.forward(x.data, y === undefined ? Number.NaN : y.data);
  }
}
