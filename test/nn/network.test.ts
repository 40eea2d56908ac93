import { describe, expect, test } from 'vitest';
import { topologicalOrder, Value } from '../../src/engine/index.js';
import { GradvizError } from '../../src/errors.js';
import { createMlp, PythonRandom, runMlp } from '../../src/nn/index.js';

function draws(seed: bigint, count: number): number[] {
  const rng = new PythonRandom(seed);
  return Array.from({ length: count }, () => rng.uniform(-1, 1));
}

describe('initialisation', () => {
  test("micrograd's demo network: 337 parameters, biases 0 and not drawn, ReLU then linear", () => {
    const mlp = createMlp([2, 16, 16, 1], { init: 'micrograd', seed: 1337n });
    const params = mlp.parameters();
    expect(params).toHaveLength(337);
    const weights = mlp.layers.flatMap((layer) => layer.neurons.flatMap((n) => n.w.map((w) => w.data)));
    expect(weights).toHaveLength(2 * 16 + 16 * 16 + 16);
    expect(weights).toEqual(draws(1337n, 304));
    expect(mlp.layers.flatMap((layer) => layer.neurons.map((n) => n.b.data))).toEqual(new Array(33).fill(0));
    expect(mlp.layers.map((layer) => (layer.neurons[0] as { activation: string }).activation)).toEqual([
      'relu',
      'relu',
      'linear',
    ]);
  });

  test('the lecture draws, per neuron, the weights then the bias', () => {
    const mlp = createMlp([3, 4, 4, 1], { seed: 1337n });
    expect(mlp.parameters().map((p) => p.data)).toEqual(draws(1337n, 41));
    expect(mlp.layers.every((layer) => layer.neurons.every((n) => n.activation === 'tanh'))).toBe(true);
  });

  test('activation and outputActivation override the defaults of init', () => {
    const mlp = createMlp([2, 3, 3, 2], { init: 'micrograd', activation: 'sigmoid', outputActivation: 'tanh' });
    const out = mlp.call([0.5, -1]);
    expect(out.map((v) => v.op)).toEqual(['tanh', 'tanh']);
    expect((out[0]?.inputs[0]?.inputs[1]?.inputs[1] as Value).op).toBe('sigmoid');
  });

  test('explicit weights replace the random ones, in parameters() order', () => {
    const weights = [0.5, -0.25, 0.125, 2, 3, -1, 0.75];
    const mlp = createMlp([2, 1, 2], { weights });
    expect(mlp.parameters().map((p) => p.data)).toEqual(weights);
    expect(() => createMlp([2, 1, 2], { weights: weights.slice(1) })).toThrow(GradvizError);
    try {
      runMlp({ layers: [2, 1, 2], weights: weights.slice(1), inputs: [[1, 2]], targets: [[0, 1]] });
      expect.fail('a short weights list must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(GradvizError);
      expect((error as GradvizError).kind).toBe('invalid-request');
      expect((error as GradvizError).message).toContain('7 parameters');
    }
  });

  test('parameter names are 1-based: layer, neuron, then w<i> or b', () => {
    const result = runMlp({ layers: [2, 2, 1], inputs: [[1, 2]] });
    expect(result.parameters.map((p) => p.name)).toEqual([
      'layer1.neuron1.w1',
      'layer1.neuron1.w2',
      'layer1.neuron1.b',
      'layer1.neuron2.w1',
      'layer1.neuron2.w2',
      'layer1.neuron2.b',
      'layer2.neuron1.w1',
      'layer2.neuron1.w2',
      'layer2.neuron1.b',
    ]);
  });
});

describe('forward pass', () => {
  test('a neuron sums from its bias: ((b + w1*x1) + w2*x2), plain numbers becoming fresh leaves', () => {
    const mlp = createMlp([2, 1], { weights: [2, -3, 0.5], outputActivation: 'linear' });
    const [out] = mlp.call([4, 5]);
    const [w1, w2, b] = mlp.parameters() as [Value, Value, Value];
    expect(out?.op).toBe('+');
    const inner = out?.inputs[0] as Value;
    expect(inner.op).toBe('+');
    expect(inner.inputs[0]).toBe(b);
    expect(inner.inputs[1]?.inputs[0]).toBe(w1);
    expect(inner.inputs[1]?.inputs[1]?.data).toBe(4);
    expect(out?.inputs[1]?.inputs[0]).toBe(w2);
    expect(out?.inputs[1]?.inputs[1]?.isLeaf).toBe(true);
    expect(out?.data).toBe(0.5 + 2 * 4 + -3 * 5);
  });

  test('Value inputs are shared by every neuron of the first layer', () => {
    const mlp = createMlp([2, 3, 1], { seed: 5n });
    const x = [new Value(1), new Value(2)];
    const [out] = mlp.call(x);
    const params = new Set(mlp.parameters());
    const leaves = topologicalOrder(out as Value).filter((v) => v.isLeaf && !params.has(v));
    expect(leaves).toEqual(x);
    const plain = mlp.call([1, 2]);
    const plainLeaves = topologicalOrder(plain[0] as Value).filter((v) => v.isLeaf && !params.has(v));
    expect(plainLeaves.map((v) => v.data)).toEqual([1, 2, 1, 2, 1, 2]);
  });

  test('a layer of one neuron works anywhere in the network (micrograd would crash)', () => {
    const result = runMlp({ layers: [3, 1, 1, 4, 1, 2], seed: 3, inputs: [[1, 2, 3]], targets: [[0.5, -0.5]], loss: 'sse' });
    expect(result.parameters).toHaveLength(4 + 2 + 8 + 5 + 4);
    expect(result.predictions).toHaveLength(1);
    expect(result.predictions[0]).toHaveLength(2);
  });

  test('without a loss the single output is the root: draw_dot(n(x))', () => {
    const result = runMlp({ layers: [3, 4, 4, 1], seed: 1337, inputs: [[2, 3, -1]] });
    expect(result.loss).toBeNull();
    expect(result.root.op).toBe('tanh');
    expect(result.root.grad).toBe(1);
    expect(result.predictions).toEqual([result.root.data]);
  });

  test('predictions are a list per input when the network has several outputs', () => {
    const result = runMlp({ layers: [1, 2], inputs: [[1], [2]], targets: [[0, 1], [1, 0]], loss: 'mse' });
    expect(result.predictions).toEqual(result.outputs.map((row) => row.map((v) => v.data)));
  });
});

describe('the result', () => {
  test('serialises to its numbers only, and they survive structured cloning', () => {
    const result = runMlp({ layers: [2, 2, 1], inputs: [[1, 2], [3, 4]], targets: [1, -1], loss: 'sse', train: { steps: 2, learningRate: 0.1 } });
    const json = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['accuracy', 'finalAccuracy', 'graphNodes', 'history', 'loss', 'parameters', 'predictions']);
    expect(json).toEqual({
      predictions: result.predictions,
      loss: result.loss,
      parameters: result.parameters,
      history: result.history,
      accuracy: result.accuracy,
      finalAccuracy: result.finalAccuracy,
      graphNodes: result.graphNodes,
    });
    expect(structuredClone(result.toJSON())).toEqual(json);
  });

  test('limits not given keep their defaults', () => {
    expect(() => runMlp({ layers: [2, 2, 1], inputs: [[1, 2]] }, { maxParameters: 8 })).toThrow(/maxParameters is 8/);
    expect(() => runMlp({ layers: [2, 2, 1], inputs: [[1, 2]] }, { maxInputs: 5 })).not.toThrow();
  });
});
