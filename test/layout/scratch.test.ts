import { expect, test } from 'vitest';
import { resetScratch, scratchFloat64, scratchInt32 } from '../../src/layout/scratch.js';

test('scratch arrays are zeroed however the layout before used the same memory', () => {
  resetScratch();
  const ints = scratchInt32(1000).fill(-7);
  const floats = scratchFloat64(500).fill(Math.PI);
  expect(ints[999]).toBe(-7);
  expect(floats[0]).toBe(Math.PI);
  resetScratch();
  // Other sizes, so the new arrays straddle the old ones' bytes.
  const again = [scratchFloat64(333), scratchInt32(1001), scratchFloat64(777)];
  for (const array of again) expect(array.every((x) => x === 0)).toBe(true);
  // Beyond the buffer an array is allocated as usual, zeroed too.
  const large = scratchFloat64(100_000);
  expect(large.length).toBe(100_000);
  expect(large.every((x) => x === 0)).toBe(true);
  resetScratch();
});
