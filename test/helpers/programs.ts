/** Programs the tests and benches send, with figures computed independently of gradviz. */

/** Karpathy's lecture example, verbatim. */
export const LECTURE = `a = 2.0
b = Value(-3.0, label='b')
c = Value(10.0, label='c')
e = a*b; e.label = 'e'
d = e + c
f = -2.0
L = d * f
L.backward()`;

/** Its values and gradients, as the lecture computes them by hand. */
export const LECTURE_VALUES: Record<string, { data: number; grad: number }> = {
  a: { data: 2, grad: 6 },
  b: { data: -3, grad: -4 },
  c: { data: 10, grad: -2 },
  e: { data: -6, grad: -2 },
  d: { data: 4, grad: -2 },
  f: { data: -2, grad: 4 },
  L: { data: -8, grad: 1 },
};

/** micrograd's README example, verbatim: g = 24.7041, dg/da = 138.8338, dg/db = 645.5773. */
/** micrograd's MLP(2, [16, 16, 1]) on three points in the neurons view: the README's network too large for the values view. */
export const DEMO_NEURONS = {
  layers: [2, 16, 16, 1],
  init: 'micrograd',
  inputs: [[1, 0], [0, 1], [-1, 0]],
  targets: [1, -1, 1],
  loss: 'hinge',
  options: { view: 'neurons' },
};

export const MICROGRAD_README = `from micrograd.engine import Value

a = Value(-4.0)
b = Value(2.0)
c = a + b
d = a * b + b**3
c += c + 1
c += 1 + c + (-a)
d += d * 2 + (b + a).relu()
d += 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g += 10.0 / f
print(f'{g.data:.4f}') # prints 24.7041, the outcome of this forward pass
g.backward()
print(f'{a.grad:.4f}') # prints 138.8338, i.e. the numerical value of dg/da
print(f'{b.grad:.4f}') # prints 645.5773, i.e. the numerical value of dg/db`;

/** A chain of `count` additions of 1 to x: 2 * count + 1 values (x, and each constant and sum). */
export function chainProgram(count: number): string {
  return ['y = x', ...Array.from({ length: count }, () => 'y = y + 1')].join('\n');
}

/**
 * `count` leaves multiplied in pairs that cross (i with 37i + 11 mod count), then summed in a
 * scrambled order: 3 * count - 1 values whose layout is slow, as Graphviz untangles the crossings
 * (about 2 s for 100 on one core, and steeply more above it).
 */
export function crossingProgram(count: number): string {
  const lines = Array.from({ length: count }, (_, i) => `a${i} = Value(${(i % 7) + 1}.0)`);
  for (let i = 0; i < count; i++) lines.push(`t${i} = a${i} * a${(i * 37 + 11) % count}`);
  lines.push('s = t0');
  for (let i = 1; i < count; i++) lines.push(`s = s + t${(i * 53) % count}`);
  return lines.join('\n');
}
