import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatFixed } from '../../src/graph/format.js';

interface Fixture {
  cases: [bits: string, digits: number, expected: string][];
}

const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/format-fixed.json', import.meta.url), 'utf8'),
) as Fixture;

function fromBits(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

describe('formatFixed', () => {
  test('agrees with Python on every fixture case', () => {
    expect(fixture.cases.length).toBeGreaterThan(3000);
    const mismatches: string[] = [];
    for (const [bits, digits, expected] of fixture.cases) {
      const actual = formatFixed(fromBits(bits), digits);
      if (actual !== expected) mismatches.push(`${bits} %.${digits}f: expected ${expected}, got ${actual}`);
    }
    expect(mismatches).toEqual([]);
  });

  test('rounds exact ties half to even where toFixed rounds them up', () => {
    expect((0.03125).toFixed(4)).toBe('0.0313');
    expect(formatFixed(0.03125, 4)).toBe('0.0312');
    expect(formatFixed(0.09375, 4)).toBe('0.0938');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(-2.5, 0)).toBe('-2');
    expect(formatFixed(9.5, 0)).toBe('10');
    // 2.675 is not a tie: its binary value lies below 2.675.
    expect(formatFixed(2.675, 2)).toBe('2.67');
  });

  test('keeps the sign of negative zero and of negatives that round to zero', () => {
    expect(formatFixed(-0, 4)).toBe('-0.0000');
    expect(formatFixed(0, 4)).toBe('0.0000');
    expect(formatFixed(-0.00001, 4)).toBe('-0.0000');
    expect(formatFixed(-0.4, 0)).toBe('-0');
  });

  test('writes non-finite values and huge numbers as Python does', () => {
    expect(formatFixed(Infinity, 4)).toBe('inf');
    expect(formatFixed(-Infinity, 4)).toBe('-inf');
    expect(formatFixed(NaN, 4)).toBe('nan');
    expect(formatFixed(1e21, 2)).toBe('1000000000000000000000.00');
    expect(formatFixed(-1e21, 0)).toBe('-1000000000000000000000');
  });

  test('rejects a precision toFixed cannot honour', () => {
    expect(() => formatFixed(1, -1)).toThrow(RangeError);
    expect(() => formatFixed(1, 1.5)).toThrow(RangeError);
    expect(() => formatFixed(1, 101)).toThrow(RangeError);
  });

  test('writes the same text by its integer path as by toFixed, near ties and across magnitudes', () => {
    // The reference: toFixed (correct but for ties) with ties made half-even, as Python rounds them.
    const reference = (x: number, digits: number): string => {
      const magnitude = Math.abs(x);
      let text = magnitude.toFixed(digits);
      const scaled = magnitude * 2 ** (digits + 1);
      if (Number.isInteger(scaled) && scaled % 2 === 1 && (text.charCodeAt(text.length - 1) - 48) % 2 === 1) {
        text = text.slice(0, -1) + String(text.charCodeAt(text.length - 1) - 49);
      }
      return (x < 0 || Object.is(x, -0) ? '-' : '') + text;
    };
    // Doubles from random bits of every exponent below 2^69 (toFixed writes 1e21 and above in exponent form), and doubles a few units away from
    // k.5 / 10^digits, where a product that rounds the wrong way would show.
    let state = 0x2545f491;
    const next = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state >>> 0;
    };
    const view = new DataView(new ArrayBuffer(8));
    const mismatches: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const digits = i % 10;
      let x: number;
      if (i % 2 === 0) {
        view.setUint32(0, (next() % 0x444) << 20 | (next() & 0xfffff));
        view.setUint32(4, next());
        x = view.getFloat64(0);
      } else {
        const half = (next() % 1_000_000) + 0.5;
        view.setFloat64(0, half / 10 ** digits);
        view.setBigUint64(0, view.getBigUint64(0) + BigInt((next() % 9) - 4));
        x = view.getFloat64(0);
      }
      if (next() % 2 === 0) x = -x;
      if (formatFixed(x, digits) !== reference(x, digits)) mismatches.push(`${x} %.${digits}f`);
    }
    expect(mismatches).toEqual([]);
  });
});
