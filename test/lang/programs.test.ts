import { describe, expect, test } from 'vitest';
import type { Value } from '../../src/engine/index.js';
import { runProgram } from '../../src/lang/index.js';
import { LECTURE, MICROGRAD_README } from '../helpers/programs.js';

function name(result: ReturnType<typeof runProgram>, n: string): Value {
  const value = result.names.get(n);
  if (value === undefined) throw new Error(`no value named ${n}`);
  return value;
}

/** |actual - expected| within `relative` of |expected|. */
function expectRelativelyClose(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

/** The graph as nested [op, ...inputs], leaves as their label or data. */
function shape(v: Value): unknown {
  return v.isLeaf ? (v.label || v.data) : [v.op, ...v.inputs.map(shape)];
}

describe('programs from the lecture and micrograd run verbatim', () => {
  test('the lecture expression: L = -8 with its gradients and labels', () => {
    const result = runProgram({ source: LECTURE });
    expect(result.root.label).toBe('L');
    expect(result.root.data).toBe(-8);
    const grads = Object.fromEntries([...result.names].map(([k, v]) => [k, v.grad]));
    expect(grads).toEqual({ a: 6, b: -4, c: -2, e: -2, d: -2, f: 4, L: 1 });
    expect([...result.names].map(([k, v]) => `${k}=${v.label}`)).toEqual(['a=a', 'b=b', 'c=c', 'e=e', 'd=d', 'f=f', 'L=L']);
  });

  test("micrograd's README, with its import, comments and print lines", () => {
    const result = runProgram({ source: MICROGRAD_README });
    // PyTorch's numbers (from micrograd's README test). PyTorch sums gradients in another order
    // than micrograd's reverse pass, so the last bits may differ: compare within 1e-12, relatively.
    expect(result.root.label).toBe('g');
    expectRelativelyClose(result.root.data, 24.70408163265306, 1e-12);
    expectRelativelyClose(name(result, 'a').grad, 138.83381924198252, 1e-12);
    expectRelativelyClose(name(result, 'b').grad, 645.5772594752187, 1e-12);
    // The print lines were skipped, not evaluated: reading .grad in a program is an error.
    expect(() => runProgram({ source: 'a = Value(1.0)\ny = a.grad' })).toThrow('gradients are only known after backward');
  });

  test.each([
    ['function form', 'o = tanh(n)'],
    ['method form', 'o = n.tanh()'],
  ])('the lecture neuron, %s', (_form, last) => {
    const source = `x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
b = Value(6.8813735870195432, label='b')
n = x1*w1 + x2*w2 + b
${last}
o.backward()`;
    const result = runProgram({ source });
    expect(result.root.data).toBeCloseTo(0.7071067811865476, 15);
    expect(name(result, 'x1').grad).toBeCloseTo(-1.5, 12);
    expect(name(result, 'w1').grad).toBeCloseTo(1, 12);
    expect(name(result, 'x2').grad).toBeCloseTo(0.5, 12);
    expect(name(result, 'w2').grad).toBe(0);
  });
});

describe("Python's semantics", () => {
  test('arithmetic on plain numbers makes no node; a named number becomes one labelled leaf', () => {
    const result = runProgram({ source: 'k = 2 * 3\nx = Value(1.5)\ny = x * k + k' });
    const k = name(result, 'k');
    expect(k.label).toBe('k');
    expect(k.data).toBe(6);
    expect(k.grad).toBe(1.5 + 1);
    expect(shape(result.root)).toEqual(['+', ['*', 'x', 'k'], 'k']);
  });

  test('a literal number becomes an unlabelled leaf, with micrograd\'s reflected ops', () => {
    const cases: [string, unknown][] = [
      ['y = 2 - x', ['+', ['*', 'x', -1], 2]],
      ['y = 2 / x', ['*', ['**-1', 'x'], 2]],
      ['y = 2 * x', ['*', 'x', 2]],
      ['y = 1 + x', ['+', 'x', 1]],
      ['y = x - 2', ['+', 'x', -2]],
      ['y = x / 2', ['*', 'x', 0.5]],
      ['y = -x', ['*', 'x', -1]],
      ['y = x - x', ['+', 'x', ['*', 'x', -1]]],
      ['y = x * x', ['*', 'x', 'x']],
      ['y = x / x', ['*', 'x', ['**-1', 'x']]],
      ['y = 2 ** x', ['**', 2, 'x']],
      ['y = x ** x', ['**', 'x', 'x']],
    ];
    for (const [line, expected] of cases) {
      expect(shape(runProgram({ source: `x = Value(3.0)\n${line}` }).root), line).toEqual(expected);
    }
  });

  test('exponents are drawn as Python prints them', () => {
    const ops = (line: string) => runProgram({ source: `x = Value(4.0)\ny = ${line}` }).root.op;
    expect(ops('x**2')).toBe('**2');
    expect(ops('x**2.0')).toBe('**2.0');
    expect(ops('x**-1')).toBe('**-1');
    expect(ops('x**0.5')).toBe('**0.5');
    expect(ops('x**(1/2)')).toBe('**0.5');
    expect(ops('x**1e-5')).toBe('**1e-05');
    expect(runProgram({ source: 'x = Value(1.0)\ny = x**(2**60)' }).root.op).toBe('**1152921504606846976');
    const named = runProgram({ source: 'n = 3\nx = Value(2.0)\ny = x**n' }).root;
    expect(named.op).toBe('**3');
    expect(named.inputs).toHaveLength(1);
    const valueExponent = runProgram({ source: 'x = Value(2.0)\np = Value(3.0)\ny = x**p' });
    expect(valueExponent.root.op).toBe('**');
    expect(name(valueExponent, 'p').grad).toBeCloseTo(8 * Math.log(2), 14);
  });

  test("precedence and associativity follow Python's", () => {
    const value = (expr: string) => runProgram({ source: `x = Value(0.0)\ny = x + (${expr})` }).root.data;
    expect(value('-2**2')).toBe(-4);
    expect(value('2**-1')).toBe(0.5);
    expect(value('2**3**2')).toBe(512);
    expect(value('(-2)**2')).toBe(4);
    expect(value('1 - 2 - 3')).toBe(-4);
    expect(value('8 / 4 / 2')).toBe(1);
    expect(value('2 + 3 * 4 ** 2')).toBe(50);
    expect(value('7 / 2')).toBe(3.5);
    expect(value('0x10 + 0o10 + 0b10 + 1_000 + 1e3 + .5 + 1.')).toBe(16 + 8 + 2 + 1000 + 1000 + 0.5 + 1);
  });

  test('a node takes the name of the first variable it is assigned to; += labels the new node', () => {
    const result = runProgram({ source: 'a = Value(1.0)\nc = a + 1\nd = c\nc += 1' });
    expect(result.root.label).toBe('c');
    expect(name(result, 'd').label).toBe('c');
    expect(result.root.inputs[0]?.label).toBe('c');
    expect(result.root.inputs[0]).toBe(name(result, 'd'));
  });

  test('augmented assignments and chained assignment', () => {
    const result = runProgram({ source: 'x = Value(2.0)\ny = x\ny -= 1\ny *= 3\ny /= 2\ny **= 2\np = q = Value(5.0)' });
    expect(name(result, 'y').data).toBe(2.25);
    expect(name(result, 'p')).toBe(name(result, 'q'));
    expect(name(result, 'p').label).toBe('p');
  });

  test('labels can be set on Values and on named numbers', () => {
    const result = runProgram({ source: "a = 2.0\na.label = 'alpha'\nb = Value(3.0)\nb.label = \"beta\"\nL = a * b" });
    expect(shape(result.root)).toEqual(['*', 'alpha', 'beta']);
  });

  test('free names come from values, as labelled leaves', () => {
    const result = runProgram({ source: 'L = x * y + 1', values: { x: 2, y: -3 } });
    expect(result.root.data).toBe(-5);
    expect(name(result, 'x').label).toBe('x');
    expect(name(result, 'x').grad).toBe(-3);
    expect(name(result, 'y').grad).toBe(2);
  });

  test('the root: output, else what backward() was called on, else the last expression', () => {
    const source = 'a = Value(2.0)\nb = a * 3\nb.backward()\nc = b + 1';
    expect(runProgram({ source }).root.label).toBe('b');
    expect(runProgram({ source, output: 'c' }).root.label).toBe('c');
    expect(runProgram({ source, output: 'a' }).root.label).toBe('a');
    expect(runProgram({ source: 'a = Value(2.0)\na * 3' }).root.op).toBe('*');
    expect(runProgram({ source: 'a = Value(2.0)\ndraw_dot(a + 1)' }).root.op).toBe('+');
    expect(runProgram({ source: "a = Value(2.0)\nb = a * 2\ndraw_dot(b, format='svg', rankdir='LR')\nc = b + 1" }).root.label).toBe('c');
    expect(runProgram({ source: "a = Value(2.0)\nb = a * 2\nc = b + 1\ndraw_dot(b, format='svg')" }).root.label).toBe('b');
    const numberRoot = runProgram({ source: 'k = 4\nx = Value(1.0)\ny = x + 1', output: 'k' }).root;
    expect([numberRoot.label, numberRoot.data, numberRoot.grad]).toEqual(['k', 4, 1]);
  });

  test('every function works in both forms, on Values and on plain numbers', () => {
    for (const fn of ['tanh', 'relu', 'exp', 'log', 'sigmoid']) {
      const viaFunction = runProgram({ source: `x = Value(0.7)\ny = ${fn}(x)` }).root;
      const viaMethod = runProgram({ source: `x = Value(0.7)\ny = x.${fn}()` }).root;
      expect(viaMethod.data).toBe(viaFunction.data);
      expect(viaMethod.op).toBe(fn === 'relu' ? 'ReLU' : fn);
      const plain = runProgram({ source: `k = ${fn}(0.7)\nx = Value(0.0)\ny = x + k` });
      expect(name(plain, 'k').data).toBe(viaFunction.data);
    }
  });

  test('.data reads a plain number', () => {
    const result = runProgram({ source: 'x = Value(3.0)\nk = x.data * 2\ny = x * k' });
    expect(name(result, 'k').data).toBe(6);
  });

  test('__proto__ and constructor are ordinary names', () => {
    const result = runProgram({ source: '__proto__ = Value(2.0)\nconstructor = __proto__ * 3', values: { toString: 1 } });
    expect(result.root.data).toBe(6);
    expect([...result.names.keys()]).toEqual(['toString', '__proto__', 'constructor']);
  });

  test('a 100,000-term sum evaluates without recursion', () => {
    const terms = Array.from({ length: 100_000 }, (_, i) => (i % 2 === 0 ? 'x' : 'y'));
    const source = `x = Value(1.0)\ny = Value(0.5)\nz = ${terms.join(' + ')} - x`;
    const result = runProgram({ source, limits: { maxSourceLength: 1_000_000, maxNodes: 200_000 } });
    expect(result.root.data).toBe(50_000 + 25_000 - 1);
    expect(name(result, 'x').grad).toBe(50_000 - 1);
    expect(name(result, 'y').grad).toBe(50_000);
  });

  test('a value used twice keeps both edges and gets both gradients', () => {
    const result = runProgram({ source: 'a = Value(3.0)\nb = a * a' });
    expect(result.root.inputs).toEqual([name(result, 'a'), name(result, 'a')]);
    expect(name(result, 'a').grad).toBe(6);
    expect(name(runProgram({ source: 'a = Value(1.0)\nb = a + a\nc = b + b' }), 'a').grad).toBe(4);
  });

  test('nesting up to the depth limit is fine; one more level is not', () => {
    const parens = (n: number) => `x = Value(1.0) * ${'('.repeat(n)}2${')'.repeat(n)}`;
    expect(runProgram({ source: parens(100) }).root.data).toBe(2);
    expect(() => runProgram({ source: parens(101) })).toThrow('nested too deeply');
    const calls = (n: number) => `x = ${'tanh('.repeat(n - 1)}Value(0.5)${')'.repeat(n - 1)}`;
    expect(runProgram({ source: calls(100) }).root.op).toBe('tanh');
    expect(() => runProgram({ source: calls(101) })).toThrow('nested too deeply');
  });

  test('number literals and strings as Python writes them', () => {
    const value = (literal: string) => runProgram({ source: `x = Value(${literal})` }).root.data;
    expect(['1.', '.5', '1e-3', '1_000.5', '0XfF', '0o17', '0b1_01'].map(value)).toEqual([1, 0.5, 0.001, 1000.5, 255, 15, 5]);
    const label = (literal: string) => runProgram({ source: `x = Value(1.0, label=${literal})` }).root.label;
    expect(label("u'a'")).toBe('a');
    expect(label("b'a'")).toBe('a');
    expect(label("r'a\\nb'")).toBe('a\\nb');
    expect(label("Rb'a\\n'")).toBe('a\\n');
    expect(label('"""two\nlines"""')).toBe('two\nlines');
    expect(label("'\\x41\\u00e9\\101'")).toBe('AéA');
  });

  test('labels can be read and reused', () => {
    const result = runProgram({ source: "a = Value(1.0, label='alpha')\nb = Value(2.0, label=a.label)" });
    expect(result.root.label).toBe('alpha');
  });

  test('names: the final binding of each name that holds a Value, in first-assignment order', () => {
    const result = runProgram({
      source: 'k = 3\nz = Value(1.0)\nx = x * 2\nk = 4\nz = 2.0\nw = z * x',
      values: { x: 1.5, unused: 7 },
    });
    // k stays a plain number; x is rebound by the program; z's final binding became a leaf when it met x.
    expect([...result.names.keys()]).toEqual(['x', 'unused', 'z', 'w']);
    expect(name(result, 'x').op).toBe('*');
    expect(name(result, 'x').label).toBe('x');
    expect(name(result, 'z').isLeaf).toBe(true);
    expect(name(result, 'z').data).toBe(2);
    expect(name(result, 'unused').grad).toBe(0);
  });
});
