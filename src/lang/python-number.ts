/**
 * Plain numbers as Python sees them: an int or a float. The difference shows in the picture
 * (`b**3` is drawn `**3`, `b**3.0` is drawn `**3.0`) and in results (`7 / 2` is 3.5, `2 ** -1` a float).
 */
export interface PyNumber {
  readonly value: number;
  readonly isInt: boolean;
}

export const int = (value: number): PyNumber => ({ value: value === 0 ? 0 : value, isInt: true });
export const float = (value: number): PyNumber => ({ value, isInt: false });

export type ArithmeticOp = '+' | '-' | '*' | '/' | '**';

/** What Python refuses to compute: ZeroDivisionError, or a result that is no finite real number. */
export class ArithmeticFault extends Error {
  constructor(
    message: string,
    readonly kind: 'evaluation-error' | 'not-finite',
  ) {
    super(message);
  }
}

/** Python's arithmetic on two plain numbers; throws an ArithmeticFault for what Python refuses. */
export function arithmetic(op: ArithmeticOp, a: PyNumber, b: PyNumber): PyNumber {
  const ints = a.isInt && b.isInt;
  switch (op) {
    case '+':
      return ints ? int(a.value + b.value) : float(a.value + b.value);
    case '-':
      return ints ? int(a.value - b.value) : float(a.value - b.value);
    case '*':
      return ints ? int(a.value * b.value) : float(a.value * b.value);
    case '/':
      if (b.value === 0) throw new ArithmeticFault('division by zero', 'evaluation-error');
      return float(a.value / b.value);
    case '**':
      if (a.value === 0 && b.value < 0) throw new ArithmeticFault('0 cannot be raised to a negative power', 'not-finite');
      if (a.value < 0 && !Number.isInteger(b.value)) {
        throw new ArithmeticFault('a negative number raised to a fractional power is complex', 'not-finite');
      }
      return ints && b.value >= 0 ? int(a.value ** b.value) : float(a.value ** b.value);
  }
}

export function negate(a: PyNumber): PyNumber {
  return a.isInt ? int(-a.value) : float(-a.value);
}

/** `str()` of a Python number, as micrograd's `f"**{other}"` prints an exponent. */
export function pythonRepr(n: PyNumber): string {
  const x = n.value;
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (n.isInt) return Number.isSafeInteger(x) ? String(x) : BigInt(x).toString();
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // toExponential() gives the shortest digits that round-trip, as Python's repr does.
  const [mantissa, exponentText] = Math.abs(x).toExponential().split('e') as [string, string];
  const exponent = Number(exponentText);
  const digits = mantissa.replace('.', '');
  const sign = x < 0 ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const power = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${head}e${exponent < 0 ? '-' : '+'}${power}`;
  }
  if (exponent >= 0) {
    const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
  }
  return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}
