import { expect, test } from 'vitest';
import { runMlp } from '../../src/nn/index.js';
import { layerMatrices } from '../../src/nn/weight-matrices.js';

test("each layer's weights and grads as matrices, in parameters() order when read row by row", () => {
  const result = runMlp({ layers: [2, 16, 16, 1], init: 'micrograd', dataset: { name: 'moons', samples: 20 }, loss: 'hinge' });
  const matrices = layerMatrices(result.network);
  expect(matrices.map((m) => [m.layer, m.weights.length, m.weights[0]?.length])).toEqual([[1, 16, 2], [2, 16, 16], [3, 1, 16]]);
  const flattened = matrices.flatMap((m) => m.weights.flatMap((row, n) => [...row.map((w, i) => [w, m.weightGrads[n]?.[i]]), [m.biases[n], m.biasGrads[n]]]));
  expect(flattened).toEqual(result.parameters.map((p) => [p.data, p.grad]));
});
