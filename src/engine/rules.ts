import type { Value } from './value.js';

/**
 * How one op computes its output and sends gradient back to its inputs.
 * `forward` lets a graph of fixed shape be replayed with new leaf data (a training step)
 * without rebuilding it; `backward` adds out.grad times the local derivative into each input.
 */
export interface Rule {
  /** The op as micrograd prints it: `+`, `*`, `**2`, `ReLU`, ... */
  readonly op: string;
  forward(inputs: readonly Value[]): number;
  backward(out: Value): void;
}

function input(out: Value, index: number): Value {
  return out.inputs[index] as Value;
}

export const add: Rule = {
  op: '+',
  forward: (inputs) => (inputs[0] as Value).data + (inputs[1] as Value).data,
  backward(out) {
    input(out, 0).grad += out.grad;
    input(out, 1).grad += out.grad;
  },
};

export const mul: Rule = {
  op: '*',
  forward: (inputs) => (inputs[0] as Value).data * (inputs[1] as Value).data,
  backward(out) {
    const a = input(out, 0);
    const b = input(out, 1);
    a.grad += b.data * out.grad;
    b.grad += a.data * out.grad;
  },
};

/** `x ** k` for a constant k: micrograd's only kind of power. */
export function powConstant(k: number, op: string): Rule {
  return {
    op,
    forward: (inputs) => (inputs[0] as Value).data ** k,
    backward(out) {
      const x = input(out, 0);
      x.grad += k * x.data ** (k - 1) * out.grad;
    },
  };
}

/** `x ** y` with y a Value too; like PyTorch, the exponent gets d/dy x^y = x^y ln x (0 where x^y is 0). */
export function powValue(op: string): Rule {
  return {
    op,
    forward: (inputs) => (inputs[0] as Value).data ** (inputs[1] as Value).data,
    backward(out) {
      const x = input(out, 0);
      const y = input(out, 1);
      x.grad += y.data * x.data ** (y.data - 1) * out.grad;
    y.grad += (out.data === 0 ? 0 : out.data * Math.log(x.data)) * out.grad;
    },
  };
}

export const tanh: Rule = {
  op: 'tanh',
  forward: (inputs) => Math.tanh((inputs[0] as Value).data),
  backward(out) {
    input(out, 0).grad += (1 - out.data * out.data) * out.grad;
  },
};

export const relu: Rule = {
  op: 'ReLU',
  // micrograd's `0 if x < 0 else x`: keeps -0.0, and the gradient at 0 is 0.
  forward: (inputs) => {
    const x = (inputs[0] as Value).data;
    return x < 0 ? 0 : x;
  },
  backward(out) {
    input(out, 0).grad += (out.data > 0 ? 1 : 0) * out.grad;
  },
};

export const exp: Rule = {
  op: 'exp',
  forward: (inputs) => Math.exp((inputs[0] as Value).data),
  backward(out) {
    input(out, 0).grad += out.data * out.grad;
  },
};

export const log: Rule = {
  op: 'log',
  forward: (inputs) => Math.log((inputs[0] as Value).data),
  backward(out) {
    const x = input(out, 0);
    x.grad += out.grad / x.data;
  },
};

export const sigmoid: Rule = {
  op: 'sigmoid',
  forward: (inputs) => 1 / (1 + Math.exp(-(inputs[0] as Value).data)),
  backward(out) {
    input(out, 0).grad += out.data * (1 - out.data) * out.grad;
  },
};
