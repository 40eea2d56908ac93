import { describe, expect, it } from 'vitest';
import { pythonRepr } from '../../web/src/training/python-repr.js';

// The training log prints floats as Python's repr does (what the notebook's f-strings print).
// Expected strings are CPython's repr of the same doubles.

describe('pythonRepr', () => {
  it.each([
    [0.8958441028683222, '0.8958441028683222'],
    [50, '50.0'],
    [0.57 * 100, '56.99999999999999'],
    [100, '100.0'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e16, '1e+16'],
    [1234567890123456.7, '1234567890123456.8'],
    [123456789012345680000, '1.2345678901234568e+20'],
    [-0.25, '-0.25'],
    [-0, '-0.0'],
    [Number.NaN, 'nan'],
    [-Infinity, '-inf'],
  ])('%s is %s', (x, expected) => {
    expect(pythonRepr(x)).toBe(expected);
  });
});
