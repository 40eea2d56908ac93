import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { Value } from '../../src/engine/index.js';

// Made offline by scripts/reference/engine_torch.py (PyTorch, float64); the suite never needs Python.
interface Case {
  name: string;
  inputs: Record<string, number>;
  data: number;
  grads: Record<string, number>;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/engine-torch.json', import.meta.url), 'utf8')) as { cases: Case[] };

// The same expressions as the script, written with the engine.
const builders: Record<string, (v: Record<string, Value>) => Value> = {
  micrograd_readme: ({ a, b }) => {
    const A = a as Value;
    const B = b as Value;
    let c = A.add(B);
    let d = A.mul(B).add(B.pow(3));
    c = c.add(c).add(1);
    c = c.add(1).add(c).add(A.neg());
    d = d.add(d.mul(2)).add(B.add(A).relu());
    d = d.add(d.rmul(3)).add(B.sub(A).relu());
    const f = c.sub(d).pow(2);
    return f.div(2.0).add(f.rdiv(10.0));
  },
  lecture_neuron: ({ x1, x2, w1, w2, b }) =>
    (x1 as Value).mul(w1 as Value).add((x2 as Value).mul(w2 as Value)).add(b as Value).tanh(),
  every_unary_op: ({ x }) => {
    const X = x as Value;
    return X.tanh().add(X.relu()).add(X.exp()).add(X.log()).add(X.sigmoid()).add(X.pow(2)).add(X.pow(-1)).add(X.pow(0.5));
  },
  value_exponent: ({ x, y }) => (x as Value).pow(y as Value).add((y as Value).rpow(2)),
  sigmoid_log_chain: ({ x, y }) => {
    const X = x as Value;
    const Y = y as Value;
    return X.mul(Y).sigmoid().mul(Y.log()).sub(X.neg().exp().div(Y));
  },
  reused_values: ({ a }) => {
    const b = (a as Value).mul(a as Value);
    const c = b.add(a as Value);
    return c.mul(c).add(b.tanh());
  },
};

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
}

describe('the engine agrees with PyTorch', () => {
  test('every fixture case has a builder', () => {
    expect(fixture.cases.map((c) => c.name).sort()).toEqual(Object.keys(builders).sort());
  });

  test.each(fixture.cases)('$name', ({ name, inputs, data, grads }) => {
    const leaves = Object.fromEntries(Object.entries(inputs).map(([k, x]) => [k, new Value(x, k)]));
    const root = (builders[name] as (v: Record<string, Value>) => Value)(leaves);
    root.backward();
    expectClose(root.data, data);
    for (const [k, g] of Object.entries(grads)) expectClose((leaves[k] as Value).grad, g);
  });
});
