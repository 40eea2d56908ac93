import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Value, recompute, topologicalOrder } from '../../src/engine/index.js';

/** d root / d leaf by central differences, replaying the same graph with the leaf nudged. */
function centralDifference(root: Value, leaf: Value): number {
  const order = topologicalOrder(root);
  const original = leaf.data;
  const h = 1e-6 * Math.max(1, Math.abs(original));
  leaf.data = original + h;
  recompute(order);
  const up = root.data;
  leaf.data = original - h;
  recompute(order);
  const down = root.data;
  leaf.data = original;
  recompute(order);
  return (up - down) / (2 * h);
}

function expectGradientsMatch(root: Value, leaves: Value[]): void {
  root.backward();
  for (const leaf of leaves) {
    const numeric = centralDifference(root, leaf);
    expect(Math.abs(leaf.grad - numeric)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(numeric)));
  }
}

const anywhere = fc.double({ min: -4, max: 4, noNaN: true });
const positive = fc.double({ min: 0.1, max: 4, noNaN: true });
const awayFromZero = fc.oneof(fc.double({ min: -4, max: -0.01, noNaN: true }), fc.double({ min: 0.01, max: 4, noNaN: true }));

type Unary = (x: Value) => Value;
const unaryOps: [string, Unary, fc.Arbitrary<number>][] = [
  ['tanh', (x) => x.tanh(), anywhere],
  ['relu', (x) => x.relu(), awayFromZero],
  ['exp', (x) => x.exp(), anywhere],
  ['log', (x) => x.log(), positive],
  ['sigmoid', (x) => x.sigmoid(), anywhere],
  ['**2', (x) => x.pow(2), anywhere],
  ['**3', (x) => x.pow(3), anywhere],
  ['**-1', (x) => x.pow(-1), positive],
  ['**0.5', (x) => x.pow(0.5), positive],
  ['neg', (x) => x.neg(), anywhere],
  ['2 - x', (x) => x.rsub(2), anywhere],
  ['2 / x', (x) => x.rdiv(2), positive],
  ['2 ** x', (x) => x.rpow(2), anywhere],
];

describe('every op agrees with central finite differences', () => {
  test.each(unaryOps)('%s', (_name, op, domain) => {
    fc.assert(
      fc.property(domain, (x) => {
        const leaf = new Value(x);
        expectGradientsMatch(op(leaf), [leaf]);
      }),
      { numRuns: 200 },
    );
  });

  type Binary = (a: Value, b: Value) => Value;
  const binaryOps: [string, Binary, fc.Arbitrary<number>, fc.Arbitrary<number>][] = [
    ['a + b', (a, b) => a.add(b), anywhere, anywhere],
    ['a * b', (a, b) => a.mul(b), anywhere, anywhere],
    ['a - b', (a, b) => a.sub(b), anywhere, anywhere],
    ['a / b', (a, b) => a.div(b), anywhere, positive],
    ['a ** b', (a, b) => a.pow(b), positive, anywhere],
  ];

  test.each(binaryOps)('%s', (_name, op, left, right) => {
    fc.assert(
      fc.property(left, right, (x, y) => {
        const a = new Value(x);
        const b = new Value(y);
        expectGradientsMatch(op(a, b), [a, b]);
      }),
      { numRuns: 200 },
    );
  });

  test('random compositions of ops, with values reused', () => {
    const steps = fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.nat(), fc.nat()), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(fc.tuple(anywhere, anywhere, anywhere), steps, (start, plan) => {
        const leaves = start.map((x) => new Value(x));
        const pool: Value[] = [...leaves];
        for (const [kind, i, j] of plan) {
          const a = pool[i % pool.length] as Value;
          const b = pool[j % pool.length] as Value;
          const next = [a.add(b), a.mul(b), a.tanh(), a.sigmoid(), a.sub(b), b.pow(2), a.mul(0.5).exp()][kind] as Value;
          pool.push(next.tanh()); // keep magnitudes tame so differences stay accurate
        }
        expectGradientsMatch(pool[pool.length - 1] as Value, leaves);
      }),
      { numRuns: 300 },
    );
  });
});
