import { Value, backwardStep, topologicalOrder } from '../engine/index.js';
import type { GradvizError } from '../errors.js';
import { float, pythonRepr } from './python-number.js';
import { sourceError, type Position } from './source-error.js';

/**
 * Every Value a program makes, with the place in the source that made it. It counts nodes against
 * the limit, refuses data that is not finite where it appears, and, after backward, places a
 * gradient that is not finite at the op that produced it.
 */
export class NodeRegistry {
  private readonly places = new Map<Value, Position>();

  constructor(private readonly maxNodes: number) {}

  /** Records `value` and the new values it was built from: a derived op (`2 - x`) makes several. */
  record(value: Value, at: Position): Value {
    const fresh: Value[] = [];
    const stack = [value];
    while (stack.length > 0) {
      const node = stack.pop() as Value;
      if (this.places.has(node)) continue;
      this.places.set(node, at);
      if (this.places.size > this.maxNodes) {
        throw sourceError('limit-exceeded', at, `the program makes more than ${this.maxNodes} values`, {
          limit: 'maxNodes',
          limitValue: this.maxNodes,
          requested: this.places.size,
        });
      }
      fresh.push(node);
      stack.push(...node.inputs);
    }
    // Inputs were found after the values made from them: check them first, so `x / Value(0.0)`
    // blames its `**-1` rather than the `*` that only inherited the infinity.
    for (let i = fresh.length - 1; i >= 0; i--) {
      const node = fresh[i] as Value;
      if (!Number.isFinite(node.data)) throw notFiniteData(node, at);
    }
    return value;
  }

  /** Throws when a gradient under `root` is not finite, at the op whose local rule first made one. */
  checkGradients(root: Value): void {
    const order = topologicalOrder(root);
    if (order.every((value) => Number.isFinite(value.grad))) return;
    // Replay the reverse pass one rule at a time: once a gradient is not finite, sums keep it so.
    for (const value of order) value.grad = 0;
    root.grad = 1;
    for (let i = order.length - 1; i >= 0; i--) {
      const node = order[i] as Value;
      backwardStep(node);
      const input = node.inputs.find((x) => !Number.isFinite(x.grad));
      if (input === undefined) continue;
      const which = input.label === '' ? '' : ` for '${input.label}'`;
      const at = this.places.get(node) ?? { line: 1, column: 1 };
      throw sourceError('not-finite', at, `the gradient through '${node.op}' is not finite (${repr(input.grad)}${which})`);
    }
  }
}

/** Why an op's result is not finite, in the reader's terms: "exp overflowed", "log of zero". */
export function whyNotFinite(op: string, input: number, result: number): string {
  if (op === 'exp') return 'exp overflowed';
  if (op === 'log') return input === 0 ? 'log of zero' : 'log of a negative number';
  if (op.startsWith('**') && input === 0) return '0 raised to a negative power';
  if (op.startsWith('**') && Number.isNaN(result)) return 'a negative number raised to a fractional power';
  return Number.isNaN(result) ? 'not a number' : 'overflow';
}

function notFiniteData(node: Value, at: Position): GradvizError {
  if (node.isLeaf) return sourceError('not-finite', at, `overflow: a number in this expression is not finite (${repr(node.data)})`);
  const why = whyNotFinite(node.op, node.inputs[0]?.data ?? Number.NaN, node.data);
  return sourceError('not-finite', at, `${why}: the result of '${node.op}' is not finite (${repr(node.data)})`);
}

function repr(x: number): string {
  return pythonRepr(float(x));
}
