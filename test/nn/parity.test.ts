import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Value } from '../../src/engine/index.js';
import { applyUnary, LECTURE_TANH } from '../../src/nn/lecture-tanh.js';
import { createMlp, predict, runMlp, type MlpSpec } from '../../src/nn/index.js';

// Made by scripts/reference/exp_fixture.py: CPython's math.exp and the lecture's tanh on seeded inputs.
const exp = JSON.parse(readFileSync(new URL('../fixtures/parity/exp.json', import.meta.url), 'utf8')) as {
  narrow: { inputs: number[]; exp: number[] };
  wide: { inputs: number[]; exp: number[] };
  lectureTanh: { inputs: number[]; tanh: number[]; mathTanh: number[] };
};
// Made by scripts/reference/mlp_reference.py, whose tanh is the lecture's formula.
const reference = JSON.parse(readFileSync(new URL('../fixtures/mlp/reference.json', import.meta.url), 'utf8')) as {
  cases: { name: string; spec: MlpSpec; expected: { loss: number | null; history: number[]; parameters: { data: number; grad: number }[] } }[];
};

/** How far apart two doubles are, in units in the last place of the larger. */
function ulps(a: number, b: number): number {
  if (a === b) return 0;
  const scale = 2 ** (Math.floor(Math.log2(Math.max(Math.abs(a), Math.abs(b)))) - 52);
  return Math.abs(a - b) / scale;
}

describe("V8's Math.exp against CPython's math.exp", () => {
  test.each([['in [-5, 5]', exp.narrow] as const, ['in [-700, 700]', exp.wide] as const])('%s: about one in ten differs, by one unit in the last place', (_name, set) => {
    const apart = set.inputs.map((x, i) => ulps(Math.exp(x), set.exp[i] as number));
    const differ = apart.filter((u) => u > 0).length / apart.length;
    expect(differ).toBeGreaterThan(0.05);
    expect(differ).toBeLessThan(0.15);
    expect(Math.max(...apart)).toBeLessThanOrEqual(1);
  });

  test("the lecture's tanh formula: the division hides most of exp's last-bit differences", () => {
    const t = exp.lectureTanh;
    const differ = t.inputs.filter((x, i) => LECTURE_TANH.forward(x, Number.NaN) !== t.tanh[i]).length / t.inputs.length;
    expect(differ).toBeGreaterThan(0);
    expect(differ).toBeLessThan(0.05);
    // C's tanh and V8's agree far more often than their exps do.
    expect(t.inputs.filter((x, i) => Math.tanh(x) !== t.mathTanh[i]).length).toBeLessThan(t.inputs.length * 0.005);
  });
});

describe("tanh by the lecture's formula", () => {
  test('(e^2x - 1) / (e^2x + 1), drawn as tanh, with the same local rule', () => {
    const x = new Value(0.8813735870195432, 'n');
    const o = applyUnary(LECTURE_TANH, x);
    const e = Math.exp(2 * x.data);
    expect(o.data).toBe((e - 1) / (e + 1));
    expect(o.op).toBe('tanh');
    o.backward();
    expect(x.grad).toBe(1 - o.data * o.data);
  });

  test('the lecture networks of the Python reference come closer with it, not bit for bit', () => {
    const tanhCases = reference.cases.filter((c) => (c.spec.init ?? 'lecture') === 'lecture' && c.spec.weights === undefined && c.spec.activation === undefined);
    expect(tanhCases.map((c) => c.name)).toEqual(['lecture', 'lecture-train', 'lecture-no-loss']);
    const farthest = (spec: MlpSpec, expected: { data: number; grad: number }[]): number => {
      const numbers = runMlp(spec).parameters.flatMap((p) => [p.data, p.grad]);
      const wanted = expected.flatMap((p) => [p.data, p.grad]);
      return Math.max(...numbers.map((n, i) => (n === wanted[i] ? 0 : Math.abs(n - (wanted[i] as number)) / Math.abs(wanted[i] as number))));
    };
    for (const c of tanhCases) {
      const withLecture = farthest({ ...c.spec, tanh: 'lecture' }, c.expected.parameters);
      const withMath = farthest(c.spec, c.expected.parameters);
      expect(withLecture, c.name).toBeLessThan(withMath);
      expect(withLecture, c.name).toBeLessThan(1e-13);
    }
  });

  test('a plain-number pass of a lecture-tanh network gives the graph\'s floats', () => {
    const network = createMlp([3, 4, 4, 1], { tanh: 'lecture' });
    expect(predict(network, [2, 3, -1])).toEqual(network.call([2, 3, -1]).map((v) => v.data));
  });
});
