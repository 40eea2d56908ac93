import type { Value } from './value.js';

/**
 * How one op computes its output from its operands `x` and `y` (a one-input op ignores `y`) and
 * sends gradient back to them. `forward` takes plain numbers so a graph of fixed shape can be
 * replayed with new leaf data (a training step) without rebuilding it; `backward` adds out.grad
 * times the local derivative into each operand's grad.
 */
export interface Rule {
  /** The op as micrograd prints it: `+`, `*`, `**2`, `ReLU`, ... */
  readonly op: string;
  forward(x: number, y: number): number;
  backward(out: Value, x: Value, y: Value): void;
}

export const add: Rule = {
  op: '+',
  forward: (x, y) => x + y,
  backward(out, x, y) {
    x.grad += out.grad;
    y.grad += out.grad;
  },
};

export const mul: Rule = {
  op: '*',
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
    forward: (x, y) => x ** y,
    backward(out, x, y) {
      x.grad += y.data * x.data ** (y.data - 1) * out.grad;
      y.grad += (out.data === 0 ? 0 : out.data * Math.log(x.data)) * out.grad;
    },
  };
}

export const tanh: Rule = {
  op: 'tanh',
  forward: (x) => Math.tanh(x),
  backward(out, x) {
    x.grad += (1 - out.data * out.data) * out.grad;
  },
};

export const relu: Rule = {
  op: 'ReLU',
  // micrograd's `0 if x < 0 else x`: keeps -0.0, and the gradient at 0 is 0.
  forward: (x) => (x < 0 ? 0 : x),
  backward(out, x) {
    x.grad += (out.data > 0 ? 1 : 0) * out.grad;
  },
};

export const exp: Rule = {
  op: 'exp',
  forward: (x) => Math.exp(x),
  backward(out, x) {
    x.grad += out.data * out.grad;
  },
};

export const log: Rule = {
  op: 'log',
  forward: (x) => Math.log(x),
  backward(out, x) {
    x.grad += out.grad / x.data;
  },
};

export const sigmoid: Rule = {
  op: 'sigmoid',
  forward: (x) => 1 / (1 + Math.exp(-x)),
  backward(out, x) {
    x.grad += out.data * (1 - out.data) * out.grad;
  },
};
