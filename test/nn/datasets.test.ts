import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { DEFAULT_MLP_LIMITS } from '../../src/nn/limits.js';
import { makeDataset, type DatasetSpec } from '../../src/nn/datasets/index.js';
import { kindOf } from '../helpers/errors.js';

// Made by scripts/reference/datasets.py with NumPy and scikit-learn.
interface Case {
  spec: DatasetSpec;
  inputs: number[][];
  targets: number[];
  batches: number[];
  batchIndices: number[][];
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/datasets/reference.json', import.meta.url), 'utf8')) as { cases: Case[] };

describe('data sets as NumPy and scikit-learn make them', () => {
  test("the notebook's moons start at its first point", () => {
    const { inputs, targets } = makeDataset({ name: 'moons', samples: 100, noise: 0.1, seed: 1337 }, DEFAULT_MLP_LIMITS);
    expect(inputs).toHaveLength(100);
    expect(inputs[0]).toEqual([1.1221146075409685, 0.08147717341718697]);
    expect(new Set(targets)).toEqual(new Set([-1, 1]));
  });

  test.each(fixture.cases.map((c) => [`${c.spec.name} ${c.spec.samples} ${c.spec.noise} ${c.spec.seed}`, c] as const))('%s', (_name, c) => {
    const data = makeDataset(c.spec, DEFAULT_MLP_LIMITS);
    expect(data.targets).toEqual(c.targets);
    // sin, cos and log of V8 and of the C library differ in the last bit now and then, so a few
    // coordinates in a hundred differ by a rounding error of the terms they are made from (up to 5).
    data.inputs.forEach((row, i) =>
      row.forEach((x, j) => {
        const want = (c.inputs[i] as number[])[j] as number;
        expect(Math.abs(x - want), `inputs[${i}][${j}]`).toBeLessThanOrEqual(4 * Number.EPSILON * Math.max(1, Math.abs(want)));
      }),
    );
    expect(c.batches.map((b) => data.rng.permutation(c.spec.samples as number).slice(0, b))).toEqual(c.batchIndices);
  });
});

describe('checks', () => {
  test('a name outside the six is refused', () => {
    expect(kindOf(() => makeDataset({ name: 'iris' } as unknown as DatasetSpec, DEFAULT_MLP_LIMITS))).toBe('invalid-request');
  });

  test('seeds outside NumPy\'s 0 to 2^32 - 1, and negative noise, are refused', () => {
    for (const seed of [-1, 2 ** 32, 1.5]) expect(kindOf(() => makeDataset({ name: 'moons', seed }, DEFAULT_MLP_LIMITS))).toBe('invalid-request');
    expect(kindOf(() => makeDataset({ name: 'xor', noise: -0.1 }, DEFAULT_MLP_LIMITS))).toBe('invalid-request');
  });

  test('samples are bounded by maxInputs', () => {
    expect(kindOf(() => makeDataset({ name: 'spiral', samples: 11 }, { maxInputs: 10 }))).toBe('limit-exceeded');
  });

  test('defaults: 100 points of the notebook\'s moons', () => {
    expect(makeDataset({ name: 'moons' }, DEFAULT_MLP_LIMITS).inputs[0]).toEqual([1.1221146075409685, 0.08147717341718697]);
  });
});
