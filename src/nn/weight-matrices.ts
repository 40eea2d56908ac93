import type { MLP } from './network.js';

/** One layer's parameters as matrices: row n is neuron n, column i its weight on input i. */
export interface LayerMatrices {
  /** 1-based, as parameter names count: `layer1` is the first hidden layer. */
  layer: number;
  weights: number[][];
  weightGrads: number[][];
  biases: number[];
  biasGrads: number[];
}

/**
 * Every layer's weights and biases with their gradients, for a view of a network too wide to draw
 * neuron by neuron (micrograd's demo has 288 weights): one heat map per matrix.
 */
export function layerMatrices(network: MLP): LayerMatrices[] {
  return network.layers.map((layer, l) => ({
    layer: l + 1,
    weights: layer.neurons.map((n) => n.w.map((w) => w.data)),
    weightGrads: layer.neurons.map((n) => n.w.map((w) => w.grad)),
    biases: layer.neurons.map((n) => n.b.data),
    biasGrads: layer.neurons.map((n) => n.b.grad),
  }));
}
