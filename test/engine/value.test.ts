import { describe, expect, test } from 'vitest';
import { Value, backpropagate, recompute, topologicalOrder } from '../../src/engine/index.js';

describe('Value', () => {
  test('the lecture expression: L = (a*b + c) * f', () => {
    const a = new Value(2, 'a');
    const b = new Value(-3, 'b');
    const c = new Value(10, 'c');
    const e = a.mul(b);
    const d = e.add(c);
    const f = new Value(-2, 'f');
    const L = d.mul(f);
    L.backward();
    expect(L.data).toBe(-8);
    expect([a.grad, b.grad, c.grad, d.grad, e.grad, f.grad, L.grad]).toEqual([6, -4, -2, -2, -2, 4, 1]);
  });

  test("micrograd's README expression, against PyTorch's numbers", () => {
    const a = new Value(-4);
    const b = new Value(2);
    let c = a.add(b);
    let d = a.mul(b).add(b.pow(3));
    c = c.add(c.add(1));
    c = c.add(c.radd(1).add(a.neg()));
    d = d.add(d.mul(2).add(b.add(a).relu()));
    d = d.add(d.rmul(3).add(b.sub(a).relu()));
    const e = c.sub(d);
    const f = e.pow(2);
    let g = f.div(2.0);
    g = g.add(f.rdiv(10.0));
    g.backward();
    // PyTorch sums gradients in another order, so the last bit may differ.
    expect(g.data).toBeCloseTo(24.70408163265306, 12);
    expect(a.grad / 138.83381924198252).toBeCloseTo(1, 12);
    expect(b.grad / 645.5772594752187).toBeCloseTo(1, 12);
  });

  test('the lecture neuron: o = tanh(x1*w1 + x2*w2 + b)', () => {
    const x1 = new Value(2, 'x1');
    const x2 = new Value(0, 'x2');
    const w1 = new Value(-3, 'w1');
    const w2 = new Value(1, 'w2');
    const b = new Value(6.8813735870195432, 'b');
    const o = x1.mul(w1).add(x2.mul(w2)).add(b).tanh();
    o.backward();
    expect(o.data).toBeCloseTo(0.7071067811865476, 15);
    expect(x1.grad).toBeCloseTo(-1.5, 12);
    expect(w1.grad).toBeCloseTo(1, 12);
    expect(x2.grad).toBeCloseTo(0.5, 12);
    expect(w2.grad).toBe(0);
  });

  test('a*a keeps both edges and both contributions', () => {
    const a = new Value(3, 'a');
    const b = a.mul(a);
    b.backward();
    expect(b.inputs).toEqual([a, a]);
    expect(a.grad).toBe(6);
  });

  test('gradients accumulate into reused values', () => {
    const a = new Value(3);
    const b = a.add(a);
    b.backward();
    expect(a.grad).toBe(2);

    const x = new Value(1);
    const y = x.add(x);
    const z = y.add(y);
    z.backward();
    expect(x.grad).toBe(4);
  });

  test('backward resets the grads of the graph it walks', () => {
    const a = new Value(3);
    const b = a.mul(2);
    b.backward();
    b.backward();
    expect(a.grad).toBe(2);
  });

  test('a plain number met in an op becomes an unlabelled leaf', () => {
    const x = new Value(2, 'x');
    const y = x.add(1);
    expect(y.inputs[1]?.data).toBe(1);
    expect(y.inputs[1]?.label).toBe('');
    expect(y.inputs[1]?.isLeaf).toBe(true);
  });
});

describe('op text, as micrograd prints it', () => {
  const x = new Value(4);
  test.each([
    [x.add(1), '+'],
    [x.mul(2), '*'],
    [x.pow(2), '**2'],
    [x.pow(-1), '**-1'],
    [x.pow(0.5), '**0.5'],
    [x.pow(2, '**2.0'), '**2.0'],
    [x.pow(new Value(2)), '**'],
    [x.tanh(), 'tanh'],
    [x.relu(), 'ReLU'],
    [x.exp(), 'exp'],
    [x.log(), 'log'],
    [x.sigmoid(), 'sigmoid'],
    [x, ''],
  ])('%#: %s', (value, op) => {
    expect(value.op).toBe(op);
  });
});

describe('derived ops are built from primitives as micrograd builds them', () => {
  const a = new Value(5, 'a');
  const b = new Value(2, 'b');

  function shape(v: Value): unknown {
    return v.isLeaf ? (v.label || v.data) : [v.op, ...v.inputs.map(shape)];
  }

  test.each([
    ['-a is a * -1', a.neg(), ['*', 'a', -1]],
    ['a - b is a + (b * -1)', a.sub(b), ['+', 'a', ['*', 'b', -1]]],
    ['a - 2 is a + -2', a.sub(2), ['+', 'a', -2]],
    ['a / b is a * b**-1', a.div(b), ['*', 'a', ['**-1', 'b']]],
    ['a / 2 is a * 0.5', a.div(2), ['*', 'a', 0.5]],
    ['2 - a is (a * -1) + 2', a.rsub(2), ['+', ['*', 'a', -1], 2]],
    ['2 / a is a**-1 * 2', a.rdiv(2), ['*', ['**-1', 'a'], 2]],
    ['2 * a is a * 2', a.rmul(2), ['*', 'a', 2]],
    ['1 + a is a + 1', a.radd(1), ['+', 'a', 1]],
    ['2 ** a is a leaf 2 raised to a', a.rpow(2), ['**', 2, 'a']],
  ])('%s', (_name, value, expected) => {
    expect(shape(value)).toEqual(expected);
  });

  test('the derived ops compute the right numbers', () => {
    expect(a.sub(b).data).toBe(3);
    expect(a.div(b).data).toBe(2.5);
    expect(a.rsub(2).data).toBe(-3);
    expect(a.rdiv(2).data).toBeCloseTo(0.4, 15);
    expect(a.rpow(2).data).toBe(32);
  });
});

describe('local rules at their edges', () => {
  test('ReLU passes no gradient at 0 or below, and keeps micrograd\'s -0', () => {
    for (const x of [0, -0, -1]) {
      const v = new Value(x);
      const r = v.relu();
      r.backward();
      expect(v.grad).toBe(0);
    }
    expect(Object.is(new Value(-0).relu().data, -0)).toBe(true);
    const v = new Value(2);
    v.relu().backward();
    expect(v.grad).toBe(1);
  });

  test('a Value exponent gets x^y ln x, and 0 where x^y is 0', () => {
    const x = new Value(3);
    const y = new Value(2);
    x.pow(y).backward();
    expect(x.grad).toBe(6);
    expect(y.grad).toBeCloseTo(9 * Math.log(3), 14);

    const zero = new Value(0);
    const k = new Value(2);
    zero.pow(k).backward();
    expect(k.grad).toBe(0);
  });
});

describe('a fixed-shape graph can be replayed', () => {
  test('recompute and backpropagate over a saved order match a fresh build', () => {
    const w = new Value(0.5, 'w');
    const x = new Value(2, 'x');
    const out = w.mul(x).add(1).tanh();
    const order = topologicalOrder(out);
    w.data = -1.25;
    recompute(order);
    backpropagate(order);

    const w2 = new Value(-1.25);
    const out2 = w2.mul(2).add(1).tanh();
    out2.backward();
    expect(out.data).toBe(out2.data);
    expect(w.grad).toBe(w2.grad);
  });
});

/** Every value below `root`, found through `inputs` alone (not the engine's own traversal). */
function reachable(root: Value): Value[] {
  const seen = new Set<Value>([root]);
  for (const value of seen) for (const input of value.inputs) seen.add(input);
  return [...seen];
}

describe('topological order', () => {
  test('is depth-first over operands in order, not creation order', () => {
    const p = new Value(1, 'p');
    const q = new Value(2, 'q');
    const s = q.add(p);
    const t = s.mul(q);
    const u = t.add(s);
    expect(topologicalOrder(u)).toEqual([q, p, s, t, u]);
  });

  test('leaves no traversal links behind, so no graph keeps another alive', () => {
    const a = new Value(2, 'a');
    const c = a.mul(a).add(a.tanh()).mul(3);
    const linked = () => reachable(c).filter((v) => v.link !== undefined);
    c.backward();
    expect(linked()).toEqual([]);
    topologicalOrder(c);
    expect(linked()).toEqual([]);
  });

  test('walks each graph afresh: a subgraph first, then the whole', () => {
    const a = new Value(1.5, 'a');
    const b = a.mul(2);
    const c = b.mul(3).add(a);
    b.backward();
    expect(a.grad).toBe(2);
    c.backward();
    expect([a.grad, b.grad, c.grad]).toEqual([7, 3, 1]);
    expect(topologicalOrder(b)).toEqual([a, b.y, b]);
  });
});

describe('large graphs', () => {
  test('a chain of a million values backpropagates without overflowing the stack', () => {
    const x = new Value(0.5, 'x');
    let v = x;
    for (let i = 0; i < 1_000_000; i++) v = v.mul(1);
    v.backward();
    expect(x.grad).toBe(1);
    expect(topologicalOrder(v)).toHaveLength(2_000_001);
  });
});
