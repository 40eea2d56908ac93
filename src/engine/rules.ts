import type { Value } from './value.js';

/**
 * How one op computes its output from its operands `x` and `y` (a one-input op ignores `y`) and
 * sends gradient back to them. `forward` takes plain numbers so a graph of fixed shape can be
 * replayed with new leaf data (a training step) without rebuilding it; `backward` adds out.grad
 * times the local derivative into each operand's grad. The local derivative is data too, so that
 * the chain rule can be shown edge by edge: its formula and its value for operand 0 (x) or 1 (y).
 */
export interface Rule {
  /** The op as micrograd prints it: `+`, `*`, `**2`, `ReLU`, ... */
  readonly op: string;
  forward(x: number, y: number): number;
  backward(out: Value, x: Value, y: Value): void;
  /** d out / d x, then d out / d y, in terms of `x`, `y` and `out`. */
  readonly formulas: readonly string[];
  local(out: Value, x: Value, y: Value, operand: number): number;
}

export const add: Rule = {
  op: '+',
  formulas: ['1', '1'],
  local: () => 1,
  forward: (x, y) => x + y,
  backward(out, x, y) {
    x.grad += out.grad;
    y.grad += out.grad;
  },
};

export const mul: Rule = {
  op: '*',
  formulas: ['y', 'x'],
  local: (_out, x, y, operand) => (operand === 0 ? y.data : x.data),
  forward: (x, y) => x * y,
  backward(out, x, y) {
    x.grad += y.data * out.grad;
    y.grad += x.data * out.grad;
  },
};

/** `x ** k` for a constant k: micrograd's only kind of power. */
export function powConstant(k: number, op: string): Rule {
  return {
    op,
    formulas: [`${k} * x**${k - 1}`],
    local: (_out, x) => k * x.data ** (k - 1),
    forward: (x) => x ** k,
    backward(out, x) {
      x.grad += k * x.data ** (k - 1) * out.grad;
    },
  };
}

/** `x ** y` with y a Value too; like PyTorch, the exponent gets d/dy x^y = x^y ln x (0 where x^y is 0). */
export function powValue(op: string): Rule {
  return {
    op,
    formulas: ['y * x**(y - 1)', 'out * ln(x)'],
    local: (out, x, y, operand) => (operand === 0 ? y.data * x.data ** (y.data - 1) : out.data === 0 ? 0 : out.data * Math.log(x.data)),
    forward: (x, y) => x ** y,
    backward(out, x, y) {
      x.grad += y.data * x.data ** (y.data - 1) * out.grad;
      y.grad += (out.data === 0 ? 0 : out.data * Math.log(x.data)) * out.grad;
    },
  };
}

export const tanh: Rule = {
  op: 'tanh',
  formulas: ['1 - out**2'],
  local: (out) => 1 - out.data * out.data,
  forward: (x) => Math.tanh(x),
  backward(out, x) {
    x.grad += (1 - out.data * out.data) * out.grad;
  },
};

export const relu: Rule = {
  op: 'ReLU',
  formulas: ['1 if out > 0 else 0'],
  local: (out) => (out.data > 0 ? 1 : 0),
  // micrograd's `0 if x < 0 else x`: keeps -0.0, and the gradient at 0 is 0.
  forward: (x) => (x < 0 ? 0 : x),
  backward(out, x) {
    x.grad += (out.data > 0 ? 1 : 0) * out.grad;
  },
};

export const exp: Rule = {
  op: 'exp',
  formulas: ['out'],
  local: (out) => out.data,
  forward: (x) => Math.exp(x),
  backward(out, x) {
    x.grad += out.data * out.grad;
  },
};

export const log: Rule = {
  op: 'log',
  formulas: ['1 / x'],
  local: (_out, x) => 1 / x.data,
  forward: (x) => Math.log(x),
  backward(out, x) {
    x.grad += out.grad / x.data;
  },
};

export const sigmoid: Rule = {
  op: 'sigmoid',
  formulas: ['out * (1 - out)'],
  local: (out) => out.data * (1 - out.data),
  forward: (x) => 1 / (1 + Math.exp(-x)),
  backward(out, x) {
    x.grad += out.data * (1 - out.data) * out.grad;
  },
};
