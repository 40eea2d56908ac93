import { expect, test } from 'vitest';
import { Value } from '../../src/engine/index.js';
test('a*a keeps both edges', () => {
  const a = new Value(3, 'a');
  const b = a.mul(a);
  b.backward();
  expect(b.inputs).toEqual([a, a]);
  expect(a.grad).toBe(6);
});
