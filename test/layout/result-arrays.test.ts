import { expect, test } from 'vitest';
import { ResultArrays } from '../../src/layout/result-arrays.js';

test('result arrays share one buffer without overlapping, and refuse more than was reserved', () => {
  const kept = new ResultArrays(5, 3, 7);
  const a = kept.float64(2).fill(1.5);
  const b = kept.float64(3).fill(-2.5);
  const c = kept.int32(3).fill(-7);
  const d = kept.uint8(7).fill(255);
  expect(a.buffer).toBe(d.buffer);
  // Written last to first: had any overlapped, an earlier one would have lost its values.
  expect([...a]).toEqual([1.5, 1.5]);
  expect([...b]).toEqual([-2.5, -2.5, -2.5]);
  expect([...c]).toEqual([-7, -7, -7]);
  expect([...d]).toEqual(new Array(7).fill(255));
  expect(() => kept.float64(1)).toThrow(RangeError);
  expect(() => kept.int32(1)).toThrow(RangeError);
  expect(() => kept.uint8(1)).toThrow(RangeError);
});
