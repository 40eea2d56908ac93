import * as rules from './rules.js';
import type { Rule } from './rules.js';
import { backward } from './order.js';

/** A plain number met in an op becomes an unlabelled leaf, as in micrograd. */
export type Operand = Value | number;

const NO_INPUTS: readonly Value[] = Object.freeze([]);

/**
 * A scalar in an expression graph: its data, the gradient of the root with respect to it,
 * the operands it was computed from (`x`, and `y` for a two-input op; `a*a` has both edges) and
 * the rule of the op that made it. Kept small on purpose: a graph may hold a million of them,
 * so operands are fields rather than an array, and traversals need no arrays of their own.
 */
export class Value {
  data: number;
  grad = 0;
  label: string;
  readonly rule: Rule | undefined;
  readonly x: Value | undefined;
  readonly y: Value | undefined;
  /** Traversal bookkeeping for order.ts; not part of the value's meaning. */
  visitMark = 0;
  link: Value | undefined = undefined;

  constructor(data: number, label = '', rule?: Rule, x?: Value, y?: Value) {
    this.data = data;
    this.label = label;
    this.rule = rule;
    this.x = x;
    this.y = y;
  }

  /** The operands in order, duplicates kept; empty for a leaf. */
  get inputs(): readonly Value[] {
    if (this.x === undefined) return NO_INPUTS;
    return this.y === undefined ? [this.x] : [this.x, this.y];
  }

  /** The op as micrograd prints it (`+`, `*`, `**2`, `ReLU`, ...); `''` for a leaf. */
  get op(): string {
    return this.rule?.op ?? '';
  }

  get isLeaf(): boolean {
    return this.rule === undefined;
  }

  // --- primitive ops: each has a local backward rule ---

  add(other: Operand): Value {
    return apply(rules.add, this, lift(other));
  }

  mul(other: Operand): Value {
    return apply(rules.mul, this, lift(other));
  }

  /**
   * `this ** exponent`. A constant exponent gives micrograd's one-input node (`opText` lets
   * the caller print it as Python would, e.g. `**2.0`); a Value exponent gets a gradient too.
   */
  pow(exponent: Operand, opText?: string): Value {
    if (typeof exponent === 'number') {
      return apply(rules.powConstant(exponent, opText ?? `**${exponent}`), this);
    }
    return apply(rules.powValue(opText ?? '**'), this, exponent);
  }

  tanh(): Value {
    return apply(rules.tanh, this);
  }

  relu(): Value {
    return apply(rules.relu, this);
  }

  exp(): Value {
    return apply(rules.exp, this);
  }

  log(): Value {
    return apply(rules.log, this);
  }

  sigmoid(): Value {
    return apply(rules.sigmoid, this);
  }

  // --- derived ops, built from primitives exactly as micrograd builds them ---

  neg(): Value {
    return this.mul(-1);
  }

  /** `a - b` is `a + (-b)`; for a plain number, `-b` stays a number (Python negates it first). */
  sub(other: Operand): Value {
    return this.add(typeof other === 'number' ? -other : other.neg());
  }

  /** `a / b` is `a * b**-1`; for a plain number, `b**-1` is computed in plain arithmetic. */
  div(other: Operand): Value {
    return this.mul(typeof other === 'number' ? other ** -1 : other.pow(-1));
  }

  /** `n + this`: micrograd's `__radd__` is `this + n`. */
  radd(n: number): Value {
    return this.add(n);
  }

  /** `n * this`: micrograd's `__rmul__` is `this * n`. */
  rmul(n: number): Value {
    return this.mul(n);
  }

  /** `n - this`: micrograd's `__rsub__` is `(-this) + n`. */
  rsub(n: number): Value {
    return this.neg().add(n);
  }

  /** `n / this`: micrograd's `__rtruediv__` is `this**-1 * n`. */
  rdiv(n: number): Value {
    return this.pow(-1).mul(n);
  }

  /** `n ** this`: a leaf for n raised to a Value exponent. */
  rpow(n: number, opText?: string): Value {
    return new Value(n).pow(this, opText);
  }

  /** Resets the grads of the graph below this value, seeds this one with 1 and runs the chain rule. */
  backward(): void {
    backward(this);
  }
}

function lift(operand: Operand): Value {
  return typeof operand === 'number' ? new Value(operand) : operand;
}

function apply(rule: Rule, x: Value, y?: Value): Value {
  return new Value(rule.forward(x.data, y === undefined ? Number.NaN : y.data), '', rule, x, y);
}
