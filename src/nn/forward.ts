import { relu, sigmoid, tanh } from '../engine/rules.js';
import type { Activation, MLP } from './network.js';

/** The engine's own forward functions, so a plain-number pass rounds exactly as the graph does. */
const ACTIVATE: Record<Activation, (x: number) => number> = {
  tanh: (x) => tanh.forward(x, Number.NaN),
  relu: (x) => relu.forward(x, Number.NaN),
  sigmoid: (x) => sigmoid.forward(x, Number.NaN),
  linear: (x) => x,
};

/**
 * The network's outputs for one input in plain numbers, without building a graph: the same
 * operations in the same order as `MLP.call` (bias first, then `+ w_i * x_i`, then the
 * activation), so the same floats, at a fraction of the cost. For scoring many points.
 */
export function predict(network: MLP, x: readonly number[]): number[] {
  let values: readonly number[] = x;
  for (const layer of network.layers) {
    values = layer.neurons.map((neuron) => {
      let act = neuron.b.data;
      neuron.w.forEach((wi, i) => {
        act = act + wi.data * (values[i] as number);
      });
      return ACTIVATE[neuron.activation](act);
    });
  }
  return values as number[];
}
