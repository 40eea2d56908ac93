import { describe, expect, test } from 'vitest';
import { arithmetic, float, int, pythonRepr } from '../../src/lang/python-number.js';

describe("Python's repr of a float (checked against CPython 3.11)", () => {
  test.each([
    [0.5, '0.5'],
    [2.0, '2.0'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [123456789012345.6, '123456789012345.6'],
    [1e15, '1000000000000000.0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [-2.5e-7, '-2.5e-07'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-0.0, '-0.0'],
    [100.0, '100.0'],
    [1234.5678, '1234.5678'],
  ])('%s', (x, expected) => {
    expect(pythonRepr(float(x))).toBe(expected);
  });

  test('ints print exactly, however large', () => {
    expect(pythonRepr(int(-1))).toBe('-1');
    expect(pythonRepr(int(2 ** 60))).toBe('1152921504606846976');
    expect(pythonRepr(int(1e21))).toBe('1000000000000000000000');
  });
});

describe("Python's int and float arithmetic", () => {
  test('int op int stays int, except true division and negative powers', () => {
    expect(arithmetic('+', int(2), int(3))).toEqual(int(5));
    expect(arithmetic('*', int(2), int(3))).toEqual(int(6));
    expect(arithmetic('/', int(6), int(3))).toEqual(float(2));
    expect(arithmetic('**', int(2), int(3))).toEqual(int(8));
    expect(arithmetic('**', int(2), int(-1))).toEqual(float(0.5));
    expect(arithmetic('+', int(2), float(3))).toEqual(float(5));
  });

  test('what Python refuses is refused', () => {
    expect(() => arithmetic('/', int(1), int(0))).toThrow('division by zero');
    expect(() => arithmetic('**', float(0), int(-1))).toThrow('negative power');
    expect(() => arithmetic('**', float(-8), float(1 / 3))).toThrow('complex');
  });
});
