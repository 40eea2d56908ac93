import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { GradvizError } from '../../src/errors.js';
import { runProgram, type ProgramInput } from '../../src/lang/index.js';

/** Runs a program and says how it ended; anything but a result or a GradvizError fails the test. */
function outcome(input: ProgramInput): 'ok' | GradvizError {
  try {
    runProgram(input);
    return 'ok';
  } catch (error) {
    if (error instanceof GradvizError) return error;
    throw new Error(`not a GradvizError: ${String(error)}`);
  }
}

/** A source error says where it is, in its message and in its details, and the two agree. */
function expectWellFormed(error: GradvizError): void {
  const { line, column } = error.details;
  if (line === undefined) {
    expect(error.message).not.toMatch(/^line /);
    return;
  }
  expect(error.message.startsWith(`line ${line}, column ${column}: `)).toBe(true);
  expect(line).toBeGreaterThanOrEqual(1);
  expect(column).toBeGreaterThanOrEqual(1);
}

describe('naughty input ends in a GradvizError, never a crash', () => {
  test.each([
    ['a megabyte of source', 'x = 1\n'.repeat(180_000), 'limit-exceeded'],
    ['10,000 parentheses', `x = ${'('.repeat(10_000)}`, 'limit-exceeded'],
    ['10,000 unclosed calls', `x = ${'tanh('.repeat(10_000)}`, 'limit-exceeded'],
    ['10,000 powers', `x = 2${'**2'.repeat(10_000)}`, 'limit-exceeded'],
    ['a lone backslash', 'x = 1 \\', 'syntax-error'],
    ['only a comment', '# nothing here', 'evaluation-error'],
    ['an empty program', '', 'evaluation-error'],
    ['a NUL byte inside a name', 'ab\u0000c = 1', 'syntax-error'],
    ['a right-to-left override inside a string', "x = Value(1.0, label='\u202e')", 'ok'],
    ['a lone surrogate', 'x = \ud800', 'syntax-error'],
    ['an emoji', 'x = 😀', 'syntax-error'],
    ['a Greek name', 'λ = Value(2.0)\nμ = λ * λ', 'ok'],
    ['a fullwidth digit', 'x = １', 'syntax-error'],
    ['a non-breaking space', 'x =\u00a0Value(1.0)', 'syntax-error'],
    ['a byte-order mark in the middle', 'x = Value(1.0)\n\ufeffy = x', 'syntax-error'],
    ['hasOwnProperty and toString as names', 'hasOwnProperty = Value(1.0)\ntoString = hasOwnProperty + 1', 'ok'],
    ['a name of a prototype property never assigned', 'y = valueOf * 2', 'evaluation-error'],
    ['an unterminated triple-quoted string', "x = '''abc\n\n", 'syntax-error'],
    ['a print that never closes', 'print(f"{x}"', 'syntax-error'],
    ['a stray closing parenthesis', 'x = Value(1.0))', 'syntax-error'],
    ['a keyword for a name', 'None = Value(1.0)', 'ok'],
    ['a label with DOT and HTML in it', `x = Value(1.0, label='"]; evil [label="<b>&amp;')`, 'ok'],
    ['the largest float', 'x = Value(1.7976931348623157e308)\ny = x + x', 'not-finite'],
    // micrograd's x / x is x * x**-1, and 5e-324**-1 overflows (Python raises OverflowError).
    ['the smallest float', 'x = Value(5e-324)\ny = x / x', 'not-finite'],
    ['a negative zero', 'x = Value(-0.0)\ny = x * -0.0', 'ok'],
  ])('%s', (_name, source, expected) => {
    const result = outcome({ source, limits: { maxSourceLength: 2_000_000 } });
    if (expected === 'ok') {
      expect(result).toBe('ok');
    } else {
      expect(result).toBeInstanceOf(GradvizError);
      const error = result as GradvizError;
      expect(error.kind).toBe(expected);
      expectWellFormed(error);
    }
  });

  test('a megabyte of source is refused by its length alone (413)', () => {
    const error = outcome({ source: 'x'.repeat(1 << 20) }) as GradvizError;
    expect(error.kind).toBe('limit-exceeded');
    expect(error.details).toEqual({
      limit: 'maxSourceLength',
      limitValue: 100_000,
      requested: 1 << 20,
      inputTooLarge: true,
    });
  });

  test('random programs from the language\'s own pieces', () => {
    const piece = fc.constantFrom(
      'x', 'y', 'a', 'Value(', 'Value(2.0', ', label=', "'a'", ')', '(', '+', '-', '*', '/', '**', '=', '+=',
      '.tanh()', '.relu()', '.exp()', '.log()', '.data', '.grad', '.label', '.backward()', 'tanh(', 'exp(',
      '0', '1', '2.5', '-1', '1e308', '1e-320', '0x1f', '1_0', '\n', ';', ' ', '#', 'print(', 'import m',
      '\\\n', '"', "'", '\u200b', '\u202e', '\u0000', '$', '%', ',', ':', 'x.label = ', 'draw_dot(',
    );
    const program = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(program, (source) => {
        const result = outcome({ source, values: { x: 0.5, y: -2 } });
        if (result !== 'ok') expectWellFormed(result);
      }),
      { numRuns: 3000, seed: 20_241_125 },
    );
  });

  test('random well-formed programs: a result with finite numbers, or a well-formed error', () => {
    const { expression } = fc.letrec<{ expression: string }>((tie) => ({
      expression: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('x', 'y', 'k', 'w', '0', '2', '-1', '0.5', '1e300', '1e-300', 'Value(0.0)', 'Value(3.0)', 'x.data'),
        fc.tuple(tie('expression'), fc.constantFrom('+', '-', '*', '/', '**'), tie('expression')).map(([a, op, b]) => `${a} ${op} ${b}`),
        tie('expression').map((a) => `(${a})`),
        tie('expression').map((a) => `-${a}`),
        fc.tuple(fc.constantFrom('tanh', 'relu', 'exp', 'log', 'sigmoid'), tie('expression')).map(([f, a]) => `${f}(${a})`),
        fc.tuple(tie('expression'), fc.constantFrom('tanh', 'relu', 'exp', 'log', 'sigmoid')).map(([a, f]) => `(${a}).${f}()`),
      ),
    }));
    const statement = fc.oneof(
      fc.tuple(fc.constantFrom('w', 'k', 'z'), fc.constantFrom('=', '+=', '-=', '*=', '/=', '**='), expression).map((parts) => parts.join(' ')),
      fc.constantFrom("z.label = 'zed'", 'z.backward()', 'w.backward()', 'print(z)'),
    );
    const program = fc.array(statement, { minLength: 1, maxLength: 6 }).map((lines) => `k = 2\nw = Value(1.5)\nz = x * y\n${lines.join('\n')}`);
    let succeeded = 0;
    fc.assert(
      fc.property(program, (source) => {
        const result = outcome({ source, values: { x: 0.5, y: -2 } });
        if (result !== 'ok') return expectWellFormed(result);
        succeeded++;
        const { root, names } = runProgram({ source, values: { x: 0.5, y: -2 } });
        for (const value of [root, ...names.values()]) {
          expect(Number.isFinite(value.data) && Number.isFinite(value.grad)).toBe(true);
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
    // The generator must reach the evaluator's happy path, not only its errors.
    expect(succeeded).toBeGreaterThan(1000);
  });

  test('values with awkward names and numbers', () => {
    // As a JSON body carries it: an own property, not the object's prototype.
    const values = JSON.parse('{"__proto__": 3, "constructor": 4}') as Record<string, number>;
    expect(outcome({ source: 'y = __proto__ * constructor', values })).toBe('ok');
    const invalid: Record<string, number>[] = [
      { 'x y': 1 },
      { '': 1 },
      { '1x': 1 },
      { 'a\u200db': 1 },
      { x: Number.POSITIVE_INFINITY },
      { x: Number.NaN },
      { x: '1' as unknown as number },
    ];
    for (const values of invalid) {
      const error = outcome({ source: 'y = x * 2', values });
      expect(error, JSON.stringify(values)).toBeInstanceOf(GradvizError);
      expect((error as GradvizError).kind).toBe('invalid-request');
    }
  });
});
