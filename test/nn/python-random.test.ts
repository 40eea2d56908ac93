import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { PythonRandom } from '../../src/nn/python-random.js';

interface Fixture {
  cases: { seed: string; random: number[]; uniform: number[] }[];
  longRun: { seed: string; random: number[] };
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/mlp/python-random.json', import.meta.url), 'utf8'),
) as Fixture;

describe('PythonRandom reproduces CPython random for integer seeds', () => {
  test('random.seed(1337) then uniform(-1, 1): the values micrograd draws', () => {
    const rng = new PythonRandom(1337n);
    expect([rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)]).toEqual([
      0.23550571390294128, 0.06653114721000164, -0.26830328150124894,
    ]);
  });

  test.each(fixture.cases.map((c) => [c.seed.length > 40 ? `${c.seed.slice(0, 20)}...(${c.seed.length} digits)` : c.seed, c] as const))(
    'seed %s',
    (_name, c) => {
      const a = new PythonRandom(BigInt(c.seed));
      expect(c.random.map(() => a.random())).toEqual(c.random);
      const b = new PythonRandom(BigInt(c.seed));
      expect(c.uniform.map(() => b.uniform(-1, 1))).toEqual(c.uniform);
    },
  );

  test('the fixture covers the seeds the issue names', () => {
    const seeds = new Set(fixture.cases.map((c) => c.seed));
    for (const s of [0n, 1n, 42n, 1337n, -5n, 2n ** 32n, 2n ** 64n + 7n, 10n ** 30n]) expect(seeds.has(String(s))).toBe(true);
  });

  test('a long run crosses two regenerations of the state', () => {
    const rng = new PythonRandom(BigInt(fixture.longRun.seed));
    const got = fixture.longRun.random.map(() => rng.random());
    expect(got).toEqual(fixture.longRun.random);
  });

  test('re-seeding restarts the sequence; n and -n give the same one', () => {
    const rng = new PythonRandom(7n);
    const first = [rng.random(), rng.random()];
    rng.seed(-7n);
    expect([rng.random(), rng.random()]).toEqual(first);
  });
});
