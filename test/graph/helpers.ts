import { Value } from '../../src/engine/index.js';

/** The lecture's first expression, as the notebook builds it, after L.backward(). */
export function lectureExpression(): { L: Value; a: Value; b: Value; c: Value; d: Value; e: Value; f: Value } {
  const a = new Value(2.0, 'a');
  const b = new Value(-3.0, 'b');
  const c = new Value(10.0, 'c');
  const e = a.mul(b);
  e.label = 'e';
  const d = e.add(c);
  d.label = 'd';
  const f = new Value(-2.0, 'f');
  const L = d.mul(f);
  L.label = 'L';
  L.backward();
  return { L, a, b, c, d, e, f };
}

/** A graph of exactly `count` values: a leaf and a chain of tanh. */
export function chainOf(count: number): Value {
  let value = new Value(0.5, 'x');
  for (let i = 1; i < count; i++) value = value.tanh();
  return value;
}
