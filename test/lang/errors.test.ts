import { describe, expect, test } from 'vitest';
import { GradvizError } from '../../src/errors.js';
import { runProgram, type ProgramInput } from '../../src/lang/index.js';

function failure(input: ProgramInput | string): GradvizError {
  try {
    runProgram(typeof input === 'string' ? { source: input } : input);
  } catch (error) {
    if (error instanceof GradvizError) return error;
    throw new Error(`expected a GradvizError, got ${String(error)}`);
  }
  throw new Error('expected the program to fail');
}

describe('every error says what and where', () => {
  test.each([
    // [source, kind, line, column, message fragment]
    ['x = tahn(2)', 'evaluation-error', 1, 5, "unknown function 'tahn'; did you mean 'tanh'?"],
    ['x = Value(1.0)\ny = x.rleu()', 'evaluation-error', 2, 7, "unknown method 'rleu'; did you mean 'relu'?"],
    ['weight = Value(1.0)\ny = wieght * 2', 'evaluation-error', 2, 5, "name 'wieght' is not defined; did you mean 'weight'?"],
    ['y = z * 2', 'evaluation-error', 1, 5, "name 'z' is not defined; give it a value"],
    ['x = Value(1)\ny = x +* 2', 'syntax-error', 2, 8, "unexpected '*'"],
    ['x = (1 + 2', 'syntax-error', 1, 5, "'(' was never closed"],
    ['x = 1 % 2', 'syntax-error', 1, 7, "operator '%' is not supported"],
    ['x = 1 < 2', 'syntax-error', 1, 7, "comparison '<' is not supported"],
    ['for i in x:', 'syntax-error', 1, 1, "'for' is not supported"],
    ['x = 007', 'syntax-error', 1, 5, 'leading zeros'],
    ['x = 1j', 'syntax-error', 1, 5, 'complex numbers are not supported'],
    ["x = 'abc", 'syntax-error', 1, 5, 'unterminated string'],
    ['x = Value(1.0)\n  y = x $ 2', 'syntax-error', 2, 9, "unexpected character '$' (U+0024)"],
    ['x = Value(1.0)\u200b', 'syntax-error', 1, 15, 'U+200B ZERO WIDTH SPACE'],
    ['x = \u202eValue(1.0)', 'syntax-error', 1, 5, 'U+202E RIGHT-TO-LEFT OVERRIDE'],
    ['x = Value(1.0)\u0000', 'syntax-error', 1, 15, 'U+0000 NULL'],
    ['a\u200db = Value(1.0)', 'syntax-error', 1, 2, 'U+200D ZERO WIDTH JOINER'],
    ['x = Value(1.0)\ny = \u2066x', 'syntax-error', 2, 5, 'U+2066 LEFT-TO-RIGHT ISOLATE'],
    ['x = Value(1.0)\nx + 1 = 2', 'syntax-error', 2, 7, 'can only assign to a name'],
    ["x = f'{y}'", 'syntax-error', 1, 5, 'f-strings are only allowed inside print'],
    ['x = Value(Value(1.0))', 'evaluation-error', 1, 11, 'Value() needs a plain number here, not a Value'],
    ['x = Value(1.0, _op="+")', 'evaluation-error', 1, 16, "unexpected argument '_op'"],
    ["x = Value(1.0, lable='x')", 'evaluation-error', 1, 16, "unexpected argument 'lable'; did you mean 'label'?"],
    ['x = Value(1.0)\ny = x.tanh', 'evaluation-error', 2, 7, "'tanh' is a method: call it, like x.tanh()"],
    ['x = Value(1.0)\ny = x.dat', 'evaluation-error', 2, 7, "a Value has no attribute 'dat'; did you mean 'data'?"],
    ['x = Value(1.0)\ny = tanh(x, x)', 'evaluation-error', 2, 5, 'tanh() takes exactly one argument'],
    ['k = 2.0\nk.backward()', 'evaluation-error', 2, 3, 'backward() needs a Value'],
    ['x = Value(1.0)\ny = x.backward() + 1', 'evaluation-error', 2, 7, 'backward() must be a statement'],
    ['x = Value(1.0)\ny = x.grad', 'evaluation-error', 2, 7, 'gradients are only known after backward'],
    ["x = Value(1.0)\nx.label = 3", 'evaluation-error', 2, 1, 'a label must be a string'],
    ['x = 2\ny = x * 3', 'evaluation-error', 2, 3, 'nothing to draw'],
    ['x = Value(1000.0)\ny = x.exp()', 'not-finite', 2, 7, "exp overflowed: the result of 'exp' is not finite (inf)"],
    ['x = Value(-1.0)\ny = log(x)', 'not-finite', 2, 5, "log of a negative number: the result of 'log' is not finite (nan)"],
    ['y = log(0)', 'not-finite', 1, 5, "log of zero: the result of 'log' is not finite (-inf)"],
    ['x = Value(0.0)\ny = x**-1', 'not-finite', 2, 6, "0 raised to a negative power: the result of '**-1' is not finite (inf)"],
    // The '**-1' inside micrograd's division is blamed, not the '*' that inherits its infinity.
    ['x = Value(2.0)\nz = Value(0.0)\ny = x / z', 'not-finite', 3, 7, "the result of '**-1' is not finite (inf)"],
    ['x = Value(1e200)\ny = x * x', 'not-finite', 2, 7, "overflow: the result of '*' is not finite (inf)"],
    ['x = Value(2.0)\ny = x / 0', 'evaluation-error', 2, 7, 'division by zero'],
    ['x = 1 / 0', 'evaluation-error', 1, 7, 'division by zero'],
    ['x = 0 ** -1', 'not-finite', 1, 7, '0 cannot be raised to a negative power'],
    ['x = 10 ** 400', 'not-finite', 1, 8, "overflow: the result of '**' is not finite (inf)"],
    ['x = Value(1.0) * 1e999', 'not-finite', 1, 18, 'the number is too large: it is not finite (inf)'],
    [`x = 1${'0'.repeat(400)}`, 'not-finite', 1, 5, 'the number is too large: it is not finite (inf)'],
    ['x = Value(0.0)\ny = x**0.5', 'not-finite', 2, 6, "the gradient through '**0.5' is not finite (inf for 'x')"],
    // Two ops feed x; the one whose local derivative is infinite is named.
    ['x = Value(0.0)\ny = x * 2\nz = y + x**0.5', 'not-finite', 3, 10, "the gradient through '**0.5' is not finite"],
    // No value overflows, but dz/dx = 1e400 does: blamed on the '*' that made x's gradient.
    ['x = Value(1e-200)\nz = x * 1e200 * 1e200', 'not-finite', 2, 7, "the gradient through '*' is not finite (inf for 'x')"],
  ] as const)('%j', (source, kind, line, column, message) => {
    const error = failure(source);
    expect(error.kind).toBe(kind);
    expect(error.details).toMatchObject({ line, column });
    expect(error.message).toContain(`line ${line}, column ${column}: `);
    expect(error.message).toContain(message);
  });

  test('an unknown output names itself and suggests the nearest', () => {
    const error = failure({ source: 'loss = Value(1.0)', output: 'los' });
    expect(error.kind).toBe('evaluation-error');
    expect(error.message).toBe("output 'los' is not a name the program defines; did you mean 'loss'?");
  });

  test('values must be names and finite numbers', () => {
    expect(failure({ source: 'y = x', values: { 'not a name': 1 } }).kind).toBe('invalid-request');
    expect(failure({ source: 'y = x', values: { x: Number.NaN } }).kind).toBe('invalid-request');
  });
});

describe('limits are errors, never a crash', () => {
  test('source length is checked before reading (413)', () => {
    const error = failure('x = 1\n'.repeat(200_000));
    expect(error.kind).toBe('limit-exceeded');
    expect(error.details).toMatchObject({ limit: 'maxSourceLength', limitValue: 100_000, requested: 1_200_000, inputTooLarge: true });
  });

  test('10,000 nested parentheses', () => {
    const error = failure(`x = ${'('.repeat(10_000)}1${')'.repeat(10_000)}`);
    expect(error.kind).toBe('limit-exceeded');
    expect(error.details).toMatchObject({ limit: 'maxDepth', limitValue: 100, line: 1, column: 105 });
  });

  test('100,000 unary minus signs', () => {
    const error = failure({ source: `x = ${'-'.repeat(100_000)}Value(1.0)`, limits: { maxSourceLength: 200_000 } });
    expect(error.details).toMatchObject({ limit: 'maxDepth', line: 1, column: 105 });
  });

  test('a long chain of method calls', () => {
    const error = failure(`x = Value(1.0)\ny = x${'.tanh()'.repeat(10_000)}`);
    // Each call is one level, like tanh(tanh(x)): the 101st call's '(' is one too many.
    expect(error.details).toMatchObject({ limit: 'maxDepth', line: 2, column: 11 + 7 * 100 });
  });

  test('a depth limit set beyond what the stack holds is still an error, not a crash', () => {
    const limits = { maxDepth: 10_000_000, maxSourceLength: 10_000_000 };
    const parens = failure({ source: `x = ${'('.repeat(200_000)}1${')'.repeat(200_000)}`, limits });
    expect(parens.details).toMatchObject({ limit: 'maxDepth', line: 1 });
    expect(parens.message).toMatch(/^line 1, column \d+: expression nested too deeply/);
    const methods = failure({ source: `x = Value(1.0)\ny = x${'.relu()'.repeat(200_000)}`, limits });
    expect(methods.details).toMatchObject({ limit: 'maxDepth', line: 2 });
  });

  test('a long chain of powers', () => {
    expect(failure(`x = ${Array.from({ length: 5_000 }, () => '1').join('**')}`).details.limit).toBe('maxDepth');
  });

  test('a limit left undefined, NaN or negative keeps its default', () => {
    const source = 'x = 1\n'.repeat(20_000);
    for (const maxSourceLength of [undefined, Number.NaN, -1]) {
      expect(failure({ source, limits: { maxSourceLength } }).details).toMatchObject({ limit: 'maxSourceLength', limitValue: 100_000 });
    }
  });

  test('too many statements', () => {
    const error = failure({ source: 'x = 1\n'.repeat(11), limits: { maxStatements: 10 } });
    expect(error.details).toMatchObject({ limit: 'maxStatements', limitValue: 10, requested: 11, line: 11, column: 1 });
  });

  test('too many values', () => {
    const error = failure({ source: `x = Value(1.0)\ny = ${Array.from({ length: 100 }, () => 'x').join(' * ')}`, limits: { maxNodes: 50 } });
    expect(error.kind).toBe('limit-exceeded');
    expect(error.details).toMatchObject({ limit: 'maxNodes', limitValue: 50, requested: 51, line: 2 });
  });
});

describe('tolerated input', () => {
  test('comments, blank lines, semicolons, indentation, continuation lines and a byte-order mark', () => {
    const source = '\ufeff# a comment\n\n  a = Value(2.0); b = Value(3.0)  # trailing\nc = (a *\n     b)\nd = c + \\\n  1\n';
    expect(runProgram({ source }).root.data).toBe(7);
  });

  test('strings with escapes and either quote', () => {
    const result = runProgram({ source: `x = Value(1.0, label="x\\ty")\ny = Value(2.0, label='it\\'s')\nz = x + y` });
    expect(result.names.get('x')?.label).toBe('x\ty');
    expect(result.names.get('y')?.label).toBe("it's");
  });
});
