import type { Value } from './value.js';

// Each traversal marks what it has seen with a fresh number: cheaper than a Set on large graphs.
let traversal = 0;

/**
 * Every value the root depends on, inputs before the values made from them, the root last.
 * Depth-first over inputs in their order, so the same graph always gives the same order.
 * Iterative: a chain of a million values must not overflow the stack (micrograd's recursion does).
 */
export function topologicalOrder(root: Value): Value[] {
  const mark = ++traversal;
  const order: Value[] = [];
  root.visitMark = mark;
  const stack: Value[] = [root];
  const nextInput: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const node = stack[top] as Value;
    const index = nextInput[top] as number;
    if (index < node.inputs.length) {
      nextInput[top] = index + 1;
      const child = node.inputs[index] as Value;
      if (child.visitMark !== mark) {
        child.visitMark = mark;
        stack.push(child);
        nextInput.push(0);
      }
    } else {
      order.push(node);
      stack.pop();
      nextInput.pop();
    }
  }
  return order;
}

/** Zeroes every grad in `order`, seeds its last value (the root) with 1 and applies the local rules in reverse. */
export function backpropagate(order: readonly Value[]): void {
  for (const value of order) value.grad = 0;
  const root = order[order.length - 1];
  if (root === undefined) return;
  root.grad = 1;
  for (let i = order.length - 1; i >= 0; i--) {
    const value = order[i] as Value;
    value.rule?.backward(value);
  }
}

/** Recomputes every non-leaf in `order` from its inputs: a forward pass over a graph whose shape is fixed. */
export function recompute(order: readonly Value[]): void {
  for (const value of order) {
    if (value.rule !== undefined) value.data = value.rule.forward(value.inputs);
  }
}
