import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runMlp } from '../../src/nn/index.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/mlp/demo.json', import.meta.url), 'utf8')) as {
  batchesFromDataset: { history: number[]; accuracy: number[] };
  batchesFromInputs: { inputs: number[][]; targets: number[]; history: number[]; accuracy: number[]; parameters: number[] };
};

const notebook = JSON.parse(readFileSync(new URL('../fixtures/mlp/demo-notebook-log.json', import.meta.url), 'utf8')) as {
  accuracyPercent: number[];
};

describe('MLP runs over a data set, with accuracy and mini-batches', () => {
  test("the notebook's run from `dataset`: its accuracies, the data answered", () => {
    const result = runMlp({
      layers: [2, 16, 16, 1],
      init: 'micrograd',
      seed: 1337,
      dataset: { name: 'moons', samples: 100, noise: 0.1, seed: 1337 },
      loss: 'hinge',
      l2: 1e-4,
      train: { steps: 100, learningRate: 1, decay: true },
    });
    expect(result.history[0]).toBe(0.8958441028683222);
    expect(result.accuracy.map((a) => a * 100)).toEqual(notebook.accuracyPercent);
    const answer = result.toJSON();
    expect(answer.inputs?.[0]).toEqual([1.1221146075409685, 0.08147717341718697]);
    expect(answer.targets).toHaveLength(100);
    expect(new Set(answer.targets)).toEqual(new Set([-1, 1]));
    expect(result.finalAccuracy).toBeGreaterThan(0);
  });

  test('mini-batches continue the data set\'s stream', () => {
    const result = runMlp({
      layers: [2, 8, 8, 1],
      init: 'micrograd',
      seed: 3,
      dataset: { name: 'moons', samples: 40, noise: 0.2, seed: 7 },
      loss: 'hinge',
      l2: 1e-4,
      train: { steps: 12, learningRate: 1, decay: true, batchSize: 10 },
    });
    expect(result.accuracy).toEqual(fixture.batchesFromDataset.accuracy);
    result.history.forEach((loss, k) => expect(Math.abs(loss - (fixture.batchesFromDataset.history[k] as number))).toBeLessThan(1e-13 * loss));
  });

  test('mini-batches over inputs given directly, seeded by batchSeed', () => {
    const c = fixture.batchesFromInputs;
    const result = runMlp({
      layers: [2, 6, 1],
      init: 'micrograd',
      seed: 5,
      inputs: c.inputs,
      targets: c.targets,
      loss: 'hinge',
      l2: 1e-4,
      train: { steps: 8, learningRate: 1, decay: true, batchSize: 5, batchSeed: 99 },
    });
    expect(result.history).toEqual(c.history);
    expect(result.accuracy).toEqual(c.accuracy);
    expect(result.parameters.map((p) => p.data)).toEqual(c.parameters);
  });
});

describe('predictions without a loss', () => {
  test('many inputs: every prediction, the same as one input at a time; grads stay 0', () => {
    const inputs = [[1, 2, 3], [-1, 0.5, 2], [0, 0, 0]];
    const many = runMlp({ layers: [3, 4, 1], inputs });
    expect(many.loss).toBeNull();
    expect(many.predictions).toEqual(inputs.map((x) => (runMlp({ layers: [3, 4, 1], inputs: [x] }).predictions as number[])[0]));
    expect(many.parameters.every((p) => p.grad === 0)).toBe(true);
    expect(many.finalAccuracy).toBeNull();
    expect(Object.keys(many.toJSON())).not.toContain('inputs');
  });

  test('several outputs: a list per input', () => {
    const result = runMlp({ layers: [2, 3], inputs: [[1, 2], [3, 4]] });
    expect(result.predictions).toEqual(result.outputs.map((row) => row.map((v) => v.data)));
  });

  test('one input and one output: the graph is rooted at the output and backpropagated', () => {
    const result = runMlp({ layers: [3, 4, 1], inputs: [[1, 2, 3]] });
    expect(result.root.grad).toBe(1);
    expect(result.parameters.some((p) => p.grad !== 0)).toBe(true);
  });
});

describe('progress', () => {
  test('hooks.onStep hears every step as it is taken, as the answer lists them', () => {
    const reports: { step: number; loss: number; accuracy: number | null; learningRate: number }[] = [];
    const result = runMlp(
      { layers: [2, 4, 1], dataset: { name: 'xor', samples: 20 }, loss: 'hinge', train: { steps: 4, learningRate: 0.5, decay: true } },
      {},
      { onStep: (report) => reports.push(report) },
    );
    expect(reports.map((r) => r.step)).toEqual([0, 1, 2, 3]);
    expect(reports.map((r) => r.loss)).toEqual(result.history);
    expect(reports.map((r) => r.accuracy)).toEqual(result.accuracy);
    expect(reports.map((r) => r.learningRate)).toEqual([0, 1, 2, 3].map((k) => 0.5 * (1.0 - (0.9 * k) / 4)));
  });
});
