import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { buildMlpGraph, createMlp, DEFAULT_MLP_LIMITS } from '../../src/nn/index.js';
import { makeDataset } from '../../src/nn/datasets/index.js';
import { NumpyRandomState } from '../../src/nn/numpy-random.js';
import { Trainer } from '../../src/nn/trainer.js';
import type { TrainOptions } from '../../src/nn/train.js';

// Made by scripts/reference/demo_reference.py: the notebook's run with micrograd's operands in order.
interface Run {
  spec: { layers: number[]; init: 'micrograd'; seed: number };
  history: number[];
  accuracy: number[];
  parameters: number[];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/mlp/demo.json', import.meta.url), 'utf8')) as {
  demo: Run & { inputs: number[][]; targets: number[] };
  batchesFromDataset: Run & { dataset: { name: 'moons'; samples: number; noise: number; seed: number }; batchSize: number; steps: number };
  batchesFromInputs: Run & { inputs: number[][]; targets: number[]; batchSize: number; batchSeed: number; steps: number };
};
// What the notebook printed (its micrograd keeps operands in a set, so its sums run in another order).
const notebook = JSON.parse(readFileSync(new URL('../fixtures/mlp/demo-notebook-log.json', import.meta.url), 'utf8')) as {
  loss: number[];
  accuracyPercent: number[];
};

function trainer(run: Run, inputs: number[][], targets: number[], options: TrainOptions, rng?: NumpyRandomState): Trainer {
  const network = createMlp(run.spec.layers, { init: 'micrograd', seed: BigInt(run.spec.seed) });
  const loss = { kind: 'hinge' as const, targets: targets.map((y) => [y]), l2: 1e-4 };
  return new Trainer(buildMlpGraph(network, inputs, loss), loss, options, rng);
}

const DEMO: TrainOptions = { steps: 100, learningRate: 1.0, decay: true };

describe("micrograd's demo notebook, step by step", () => {
  test('on the notebook\'s data: every loss, accuracy and final weight bit for bit', () => {
    const { demo } = fixture;
    const run = trainer(demo, demo.inputs, demo.targets, DEMO);
    const first = run.step();
    expect(first).toEqual({ step: 0, loss: 0.8958441028683222, accuracy: 0.5, learningRate: 1 });
    run.run();
    expect(run.history).toEqual(demo.history);
    expect(run.accuracy).toEqual(demo.accuracy);
    expect(run.history[99]).toBe(0.010978370135492717);
    expect(run.graph.parameters.map((p) => p.data)).toEqual(demo.parameters);
  });

  test('against what the notebook printed: every accuracy, and the losses to its own run-to-run wobble', () => {
    const run = trainer(fixture.demo, fixture.demo.inputs, fixture.demo.targets, DEMO);
    run.run();
    expect(run.accuracy.map((a) => a * 100)).toEqual(notebook.accuracyPercent);
    const relative = run.history.map((loss, k) => Math.abs(loss - (notebook.loss[k] as number)) / (notebook.loss[k] as number));
    expect(Math.max(...relative)).toBeLessThan(1e-14);
    expect(relative.filter((r) => r === 0).length).toBe(20);
    expect([run.history[0], run.history[99]]).toEqual([notebook.loss[0], notebook.loss[99]]);
  });

  test("on gradviz's own moons: the notebook's accuracies, losses within 1e-13", () => {
    const data = makeDataset({ name: 'moons', samples: 100, noise: 0.1, seed: 1337 }, DEFAULT_MLP_LIMITS);
    const run = trainer(fixture.demo, data.inputs, data.targets, DEMO);
    run.run();
    expect(run.accuracy).toEqual(fixture.demo.accuracy);
    run.history.forEach((loss, k) => expect(Math.abs(loss - (fixture.demo.history[k] as number))).toBeLessThan(1e-13 * loss));
  });
});

describe('mini-batches as the notebook draws them', () => {
  test("continuing the data set's NumPy stream", () => {
    const c = fixture.batchesFromDataset;
    const data = makeDataset(c.dataset, DEFAULT_MLP_LIMITS);
    const run = trainer(c, data.inputs, data.targets, { steps: c.steps, learningRate: 1, decay: true, batchSize: c.batchSize }, data.rng);
    run.run();
    expect(run.accuracy).toEqual(c.accuracy);
    run.history.forEach((loss, k) => expect(Math.abs(loss - (c.history[k] as number))).toBeLessThan(1e-13 * loss));
  });

  test('over inputs given directly, seeded by batchSeed: bit for bit', () => {
    const c = fixture.batchesFromInputs;
    const run = trainer(c, c.inputs, c.targets, { steps: c.steps, learningRate: 1, decay: true, batchSize: c.batchSize }, new NumpyRandomState(c.batchSeed));
    run.run();
    expect(run.history).toEqual(c.history);
    expect(run.accuracy).toEqual(c.accuracy);
    expect(run.graph.parameters.map((p) => p.data)).toEqual(c.parameters);
  });
});

describe('the step-wise API', () => {
  test('reports each step, refuses one past the end, and leaves a final pass to report', () => {
    const c = fixture.batchesFromInputs;
    const run = trainer(c, c.inputs, c.targets, { steps: 2, learningRate: 0.5 });
    expect(run.finished).toBe(false);
    const reports = [run.step(), run.step()];
    expect(reports.map((r) => [r.step, r.learningRate])).toEqual([[0, 0.5], [1, 0.5]]);
    expect(run.stepsTaken).toBe(2);
    expect(run.finished).toBe(true);
    expect(() => run.step()).toThrow(/all 2 steps/);
    run.finalPass();
    expect(run.graph.root.data).toBeLessThan(reports[0]?.loss as number);
  });
});
