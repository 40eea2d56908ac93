import { describe, expect, test } from 'vitest';
import { topologicalOrder } from '../../src/engine/index.js';
import { buildMlpGraph, createMlp, runMlp, stepLearningRate, type MlpSpec } from '../../src/nn/index.js';
import { kindOf } from '../helpers/errors.js';
import { moons } from './moons.js';

describe('training', () => {
  test('replaying the fixed graph gives exactly what rebuilding it every step gives', () => {
    const { inputs, targets } = moons(12, 3n);
    const loss = { kind: 'hinge' as const, targets: targets.map((y) => [y]), l2: 1e-3 };
    const steps = 6;
    const options = { steps, learningRate: 0.5, decay: true };
    // The lecture's loop, literally: a new graph every step.
    const network = createMlp([2, 6, 6, 1], { init: 'micrograd', seed: 9n });
    const history: number[] = [];
    for (let k = 0; k < steps; k++) {
      const { root, parameters } = buildMlpGraph(network, inputs, loss);
      root.backward();
      history.push(root.data);
      const rate = stepLearningRate(options, k);
      for (const p of parameters) p.data -= rate * p.grad;
    }
    const last = buildMlpGraph(network, inputs, loss);
    last.root.backward();

    const replayed = runMlp({ layers: [2, 6, 6, 1], init: 'micrograd', seed: 9, inputs, targets, loss: 'hinge', l2: 1e-3, train: options });
    expect(replayed.history).toEqual(history);
    expect(replayed.loss).toBe(last.root.data);
    expect(replayed.parameters.map((p) => [p.data, p.grad])).toEqual(last.parameters.map((p) => [p.data, p.grad]));
  });

  test("decay is the demo's linear schedule lr * (1 - 0.9 k / steps)", () => {
    const options = { steps: 100, learningRate: 1, decay: true };
    expect([0, 50, 99].map((k) => stepLearningRate(options, k))).toEqual([1, 1.0 - (0.9 * 50) / 100, 1.0 - (0.9 * 99) / 100]);
    expect(stepLearningRate({ steps: 10, learningRate: 0.05 }, 7)).toBe(0.05);
  });

  test('history holds the loss before each update, the result describes the pass after the last', () => {
    const spec: MlpSpec = { layers: [3, 4, 4, 1], seed: 1337, inputs: [[2, 3, -1], [3, -1, 0.5]], targets: [1, -1], loss: 'sse' };
    const untrained = runMlp(spec);
    const once = runMlp({ ...spec, train: { steps: 1, learningRate: 0.05 } });
    expect(once.history).toEqual([untrained.loss]);
    expect(once.loss).toBeLessThan(untrained.loss as number);
    const twice = runMlp({ ...spec, train: { steps: 2, learningRate: 0.05 } });
    expect(twice.history).toEqual([untrained.loss, once.loss]);
    expect(runMlp({ ...spec, train: { steps: 0, learningRate: 0.05 } })).toMatchObject({ history: [], loss: untrained.loss });
  });

  test("micrograd's demo: MLP(2, [16, 16, 1]) on 100 points, hinge, l2 1e-4 and decay", () => {
    const { inputs, targets } = moons(100);
    const result = runMlp({
      layers: [2, 16, 16, 1],
      init: 'micrograd',
      seed: 1337,
      inputs,
      targets,
      loss: 'hinge',
      l2: 1e-4,
      train: { steps: 30, learningRate: 1, decay: true },
    });
    expect(result.parameters).toHaveLength(337);
    expect(result.graphNodes).toBe(65_818);
    expect(result.history).toHaveLength(30);
    expect(result.loss).toBeLessThan((result.history[0] as number) / 2);
    const accuracy = (result.predictions as number[]).filter((score, i) => score > 0 === (targets[i] as number) > 0).length;
    expect(accuracy).toBeGreaterThan(80);
  });

  test('a diverging run is a not-finite error naming the step', () => {
    const spec: MlpSpec = {
      layers: [1, 1],
      init: 'micrograd',
      inputs: [[1e150]],
      targets: [0],
      loss: 'sse',
      train: { steps: 5, learningRate: 1 },
    };
    expect(kindOf(() => runMlp(spec))).toBe('not-finite');
    expect(() => runMlp(spec)).toThrow(/step \d/);
  });

  test('a forward pass that overflows is a not-finite error', () => {
    expect(kindOf(() => runMlp({ layers: [2, 1], weights: [1e300, 1e300, 0], inputs: [[1e10, 1]], targets: [0], loss: 'sse', outputActivation: 'linear' }))).toBe('not-finite');
  });
});

describe('gradients agree with finite differences', () => {
  test('every parameter of a small tanh/sigmoid/relu network', () => {
    const base: MlpSpec = {
      layers: [3, 3, 2, 2],
      activation: 'tanh',
      outputActivation: 'sigmoid',
      seed: 21,
      inputs: [[0.5, -1, 2], [1.5, 0.25, -0.5], [-1, 1, 0]],
      targets: [[1, 0], [0, 1], [0.5, 0.5]],
      loss: 'mse',
      l2: 0.01,
    };
    const result = runMlp(base);
    const weights = result.parameters.map((p) => p.data);
    const lossWith = (w: number[]): number => runMlp({ ...base, weights: w }).loss as number;
    const h = 1e-6;
    result.parameters.forEach((p, i) => {
      const plus = weights.slice();
      const minus = weights.slice();
      plus[i] = (plus[i] as number) + h;
      minus[i] = (minus[i] as number) - h;
      const numeric = (lossWith(plus) - lossWith(minus)) / (2 * h);
      expect(Math.abs(numeric - p.grad), p.name).toBeLessThan(1e-7 + 1e-5 * Math.abs(p.grad));
    });
  });

  test('the ReLU network of the hinge loss, away from kinks', () => {
    const { inputs, targets } = moons(6, 5n);
    const base: MlpSpec = { layers: [2, 4, 1], init: 'micrograd', seed: 8, inputs, targets, loss: 'hinge', l2: 1e-2 };
    const result = runMlp(base);
    const order = topologicalOrder(result.root);
    // A kink within h of some ReLU input would make the difference quotient meaningless.
    const h = 1e-7;
    expect(order.filter((v) => v.op === 'ReLU').every((v) => Math.abs((v.inputs[0] as { data: number }).data) > 1e-4)).toBe(true);
    const weights = result.parameters.map((p) => p.data);
    result.parameters.forEach((p, i) => {
      const plus = weights.slice();
      const minus = weights.slice();
      plus[i] = (plus[i] as number) + h;
      minus[i] = (minus[i] as number) - h;
      const numeric = ((runMlp({ ...base, weights: plus }).loss as number) - (runMlp({ ...base, weights: minus }).loss as number)) / (2 * h);
      expect(Math.abs(numeric - p.grad), p.name).toBeLessThan(1e-6 + 1e-5 * Math.abs(p.grad));
    });
  });
});
