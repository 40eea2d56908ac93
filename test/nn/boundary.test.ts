import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { arange, boundaryAxes, decisionBoundary } from '../../src/nn/boundary.js';
import { buildMlpGraph, createMlp, DEFAULT_MLP_LIMITS, makeDataset } from '../../src/nn/index.js';
import { predict } from '../../src/nn/forward.js';
import { Trainer } from '../../src/nn/trainer.js';
import { kindOf } from '../helpers/errors.js';

// Made by scripts/reference/demo_reference.py: the notebook's grid scored by micrograd with ordered operands.
const { demo } = JSON.parse(readFileSync(new URL('../fixtures/mlp/demo.json', import.meta.url), 'utf8')) as {
  demo: { inputs: number[][]; targets: number[]; boundary: { h: number; xs: number[]; ys: number[]; scores: number[][] } };
};

function trainedDemo(inputs: number[][], targets: number[]) {
  const network = createMlp([2, 16, 16, 1], { init: 'micrograd', seed: 1337n });
  const loss = { kind: 'hinge' as const, targets: targets.map((y) => [y]), l2: 1e-4 };
  new Trainer(buildMlpGraph(network, inputs, loss), loss, { steps: 100, learningRate: 1, decay: true }).run();
  return network;
}

describe("the notebook's decision boundary", () => {
  test('its grid: np.arange over the data range +-1 in steps of 0.25, exactly', () => {
    expect(boundaryAxes(demo.inputs)).toEqual({ xs: demo.boundary.xs, ys: demo.boundary.ys });
    expect([demo.boundary.xs.length, demo.boundary.ys.length]).toEqual([21, 15]);
  });

  test("on the notebook's data: every score bit for bit, so every sign", () => {
    const network = trainedDemo(demo.inputs, demo.targets);
    const boundary = decisionBoundary(network, demo.inputs, {}, DEFAULT_MLP_LIMITS);
    expect(boundary.scores).toEqual(demo.boundary.scores);
  });

  test("on gradviz's own moons: the sign at every point of the notebook's grid", () => {
    const data = makeDataset({ name: 'moons' }, DEFAULT_MLP_LIMITS);
    const network = trainedDemo(data.inputs, data.targets);
    const boundary = decisionBoundary(network, data.inputs, {}, DEFAULT_MLP_LIMITS);
    expect(boundary.xs).toEqual(demo.boundary.xs);
    const disagree = boundary.scores.flatMap((row, r) => row.filter((s, c) => s > 0 !== ((demo.boundary.scores[r] as number[])[c] as number) > 0));
    expect(disagree).toEqual([]);
  });
});

describe('scoring without a graph', () => {
  test('predict gives the graph\'s floats for every activation', () => {
    for (const activation of ['tanh', 'relu', 'sigmoid', 'linear'] as const) {
      const network = createMlp([2, 5, 3, 2], { activation, seed: 4n });
      for (const x of [[0.3, -1.7], [2.5, 0.01]]) {
        expect(predict(network, x)).toEqual(network.call(x).map((v) => v.data));
      }
    }
  });
});

describe('the grid', () => {
  test('arange is NumPy\'s: the third point on adds multiples of (start + step) - start', () => {
    expect(arange(0, 1, 0.25)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(arange(0, 0.1, 0.25)).toEqual([0]);
    expect(arange(1, 1, 0.25)).toEqual([]);
    const start = -1.9623167413386614;
    const delta = start + 0.1 - start;
    expect(arange(start, 0, 0.1)[5]).toBe(start + 5 * delta);
  });

  test('a step and margin of its own', () => {
    const { xs, ys } = boundaryAxes([[0, 0], [1, 2]], { step: 0.5, margin: 0 });
    expect(xs).toEqual([0, 0.5]);
    expect(ys).toEqual([0, 0.5, 1, 1.5]);
  });

  test('bounded by maxBoundaryCells, refused before it is built', () => {
    const network = createMlp([2, 1]);
    const error = (() => {
      try {
        decisionBoundary(network, [[0, 0], [1, 1]], { step: 1e-9 }, { maxBoundaryCells: 100 });
      } catch (e) {
        return e as { kind: string; details: Record<string, unknown> };
      }
      throw new Error('not refused');
    })();
    expect(error.kind).toBe('limit-exceeded');
    expect(error.details).toMatchObject({ limit: 'maxBoundaryCells', limitValue: 100 });
    expect(error.details.requested as number).toBeGreaterThan(1e18);
  });

  test('bad steps, margins, points and networks are invalid requests', () => {
    const network = createMlp([2, 1]);
    expect(kindOf(() => decisionBoundary(network, [[0, 0]], { step: 0 }, DEFAULT_MLP_LIMITS))).toBe('invalid-request');
    expect(kindOf(() => decisionBoundary(network, [[0, 0]], { margin: -1 }, DEFAULT_MLP_LIMITS))).toBe('invalid-request');
    expect(kindOf(() => decisionBoundary(network, [], {}, DEFAULT_MLP_LIMITS))).toBe('invalid-request');
    expect(kindOf(() => decisionBoundary(createMlp([3, 1]), [[0, 0]], {}, DEFAULT_MLP_LIMITS))).toBe('invalid-request');
  });
});
