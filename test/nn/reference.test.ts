import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { runMlp, type MlpSpec } from '../../src/nn/index.js';

// Made by scripts/reference/mlp_reference.py: the lecture's Value, Neuron, Layer and MLP in plain Python.
interface Case {
  name: string;
  spec: MlpSpec;
  expected: {
    loss: number | null;
    predictions: (number | number[])[];
    parameters: { name: string; data: number; grad: number }[];
    history: number[];
    graphNodes: number;
  };
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/mlp/reference.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

/**
 * Networks of ReLU and linear layers use only +, * and **2, which IEEE rounds the same everywhere:
 * built in the same order, they must give Python's floats bit for bit (a different summation order
 * would not). tanh and sigmoid go through exp, whose last bit differs between libms (and the lecture
 * computes tanh as (e^2x - 1) / (e^2x + 1)): there, within 1e-12 of the larger magnitude.
 */
function exactOps(spec: MlpSpec): boolean {
  const init = spec.init ?? 'lecture';
  const hidden = spec.activation ?? (init === 'lecture' ? 'tanh' : 'relu');
  const output = spec.outputActivation ?? (init === 'lecture' ? 'tanh' : 'linear');
  const exact = (a: string): boolean => a === 'relu' || a === 'linear';
  return exact(output) && (spec.layers.length === 2 || exact(hidden));
}

function closeTo(actual: number, expected: number, what: string): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected));
  if (Math.abs(actual - expected) > 1e-12 * scale) {
    expect.fail(`${what}: got ${actual}, Python gives ${expected}`);
  }
}

function identical(actual: number, expected: number, what: string): void {
  if (!Object.is(actual, expected)) expect.fail(`${what}: got ${actual}, Python gives ${expected} (exactly)`);
}

describe('MLPs give the numbers the Python reference gives', () => {
  test('the fixture has the lecture case with its known first draws', () => {
    const lecture = fixture.cases.find((c) => c.name === 'lecture');
    // random.seed(1337); the first weight of the first neuron is micrograd's 0.2355 (its gout.svg).
    expect(lecture?.expected.parameters[0]).toMatchObject({ name: 'layer1.neuron1.w1', data: 0.23550571390294128 });
    expect(lecture?.expected.parameters).toHaveLength(41);
  });

  test('some cases are compared bit for bit', () => {
    expect(fixture.cases.filter((c) => exactOps(c.spec)).map((c) => c.name)).toEqual([
      'micrograd-init-mse',
      'demo-hinge-l2-decay',
    ]);
  });

  test.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const expectClose = exactOps(c.spec) ? identical : closeTo;
    const result = runMlp(c.spec);
    const { expected } = c;
    expect(result.graphNodes).toBe(expected.graphNodes);
    if (expected.loss === null) expect(result.loss).toBeNull();
    else expectClose(result.loss as number, expected.loss, 'loss');

    expect(result.history).toHaveLength(expected.history.length);
    expected.history.forEach((loss, k) => expectClose(result.history[k] as number, loss, `history[${k}]`));

    expect(result.predictions).toHaveLength(expected.predictions.length);
    expected.predictions.forEach((p, s) => {
      const got = result.predictions[s];
      if (Array.isArray(p)) {
        expect(Array.isArray(got)).toBe(true);
        p.forEach((q, o) => expectClose((got as number[])[o] as number, q, `predictions[${s}][${o}]`));
      } else {
        expectClose(got as number, p, `predictions[${s}]`);
      }
    });

    expect(result.parameters.map((p) => p.name)).toEqual(expected.parameters.map((p) => p.name));
    expected.parameters.forEach((p, i) => {
      const got = result.parameters[i];
      expectClose(got?.data as number, p.data, `${p.name}.data`);
      expectClose(got?.grad as number, p.grad, `${p.name}.grad`);
    });
  });
});
