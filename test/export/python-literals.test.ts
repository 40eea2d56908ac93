import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { expressionToPytorch } from '../../src/export/expression-pytorch.js';
import { pythonFloat, pythonString, variableNames } from '../../src/export/python-literals.js';
import { traceGraph } from '../../src/graph/trace.js';
import { runProgram } from '../../src/lang/index.js';

/** Reads a literal pythonString wrote, as Python would. */
function unescapePython(literal: string): string {
  const body = literal.slice(1, -1);
  return body.replace(/\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|.)/g, (_m, e: string) =>
    e.length === 1 ? e : String.fromCodePoint(parseInt(e.slice(1), 16)),
  );
}

describe('Python literals', () => {
  test('strings: printable ASCII only, and they read back as the text', () => {
    const naughty = ["'''", '"""', 'a\nb', '\\', '\u0000', '\u2028', '😀', '\ud800', "'); import os #", 'x\r\ny'];
    for (const text of naughty) {
      const literal = pythonString(text);
      expect(literal).toMatch(/^'([\x20-\x26\x28-\x5b\x5d-\x7e]|\\.)*'$/);
      expect(unescapePython(literal)).toBe(text);
    }
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => unescapePython(pythonString(text)) === text));
  });

  test('floats read back exactly', () => {
    expect([2, -0, 0.1, 1e-7, 1e21, 6.881373587019543].map(pythonFloat)).toEqual(['2.0', '-0.0', '0.1', '1e-7', '1e+21', '6.881373587019543']);
    expect(() => pythonFloat(Number.NaN)).toThrow();
  });

  test('names: a label only when it is a plain, free identifier', () => {
    const ids = ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9'];
    const labels = ['a', 'a', 'class', '1x', 'a b', 'torch', '__init__', 'n0', 'ü', 'grad_b'];
    expect(variableNames(ids, labels)).toEqual(['a', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'grad_b']);
  });

  test('a program of naughty labels exports them only inside string literals', () => {
    const source = "a = Value(1.0, label='x\\'\\nimport os')\nb = Value(2.0, label='print')\nc = a * b\nc.label = '\"\"\"'\nc.backward()";
    const code = expressionToPytorch(traceGraph(runProgram({ source }).root).nodes);
    expect(code).not.toMatch(/^import os/m);
    expect(code).toContain("('n0', 'x\\'\\x0aimport os', n0)");
    expect(code).toContain("('n1', 'print', n1)");
    // The docstring, and the label inside single quotes.
    expect(code.split('\n').filter((line) => line.includes('"""'))).toEqual([expect.stringMatching(/^"""/), `    ('n2', '"""', n2),`]);
  });
});
