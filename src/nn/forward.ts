import type { Value } from '../engine/index.js';
import { relu, sigmoid } from '../engine/rules.js';
import type { MLP, Neuron } from './network.js';

/** The rules' own forward functions, so a plain-number pass rounds exactly as the graph does. */
function activate(neuron: Neuron, x: number): number {
  switch (neuron.activation) {
    case 'tanh':
      return neuron.tanhRule.forward(x, Number.NaN);
    case 'relu':
      return relu.forward(x, Number.NaN);
    case 'sigmoid':
      return sigmoid.forward(x, Number.NaN);
    case 'linear':
      return x;
  }
}

/**
 * The network's outputs for one input in plain numbers, without building a graph: the same
 * operations in the same order as `MLP.call` (bias first, then `+ w_i * x_i`, then the
 * activation), so the same floats, at a fraction of the cost. For scoring many points.
 */
export function predict(network: MLP, x: readonly number[]): number[] {
  let values: readonly number[] = x;
  for (const layer of network.layers) {
    const next = new Array<number>(layer.neurons.length);
    for (let n = 0; n < layer.neurons.length; n++) {
      const neuron = layer.neurons[n] as Neuron;
      let act = neuron.b.data;
      for (let i = 0; i < neuron.w.length; i++) act = act + (neuron.w[i] as Value).data * (values[i] as number);
      next[n] = activate(neuron, act);
    }
    values = next;
  }
  return values as number[];
}
