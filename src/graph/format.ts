/** toFixed writes exponent form from here on; Python's '%f' never does. */
const EXPONENT_FORM_FROM = 1e21;

/**
 * `x` with `digits` decimals, exactly as Python's `'%.*f' % (digits, x)` writes it, so the pictures
 * show the numbers micrograd's `draw_dot` shows.
 *
 * toFixed already rounds the exact binary value correctly, except that it breaks exact ties away
 * from zero where C (and so Python) rounds half to even: 0.03125 is '0.0313' in JS, '0.0312' in
 * Python. It also drops the sign of negative zero and of negatives that round to zero.
 */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > 100) {
    throw new RangeError(`digits must be an integer from 0 to 100, got ${digits}`);
  }
  if (Number.isNaN(x)) return 'nan';
  const negative = x < 0 || Object.is(x, -0);
  const sign = negative ? '-' : '';
  const magnitude = Math.abs(x);
  if (magnitude === Infinity) return `${sign}inf`;
  if (magnitude >= EXPONENT_FORM_FROM) {
    // Doubles this large are integers, so BigInt holds the exact value.
    return sign + BigInt(magnitude).toString() + (digits > 0 ? '.' + '0'.repeat(digits) : '');
  }
  let text = magnitude.toFixed(digits);
  if (isExactTie(magnitude, digits)) {
    // toFixed picked the larger neighbour; half-even wants the even one, one unit lower when it is odd.
    const last = text.charCodeAt(text.length - 1) - 48;
    if (last % 2 === 1) text = text.slice(0, -1) + String(last - 1);
  }
  return sign + text;
}

/**
 * True when m * 10^digits ends in exactly one half. That happens iff m * 2^(digits+1) is an odd
 * integer (m = odd / 2^(digits+1); the 5^digits of 10^digits cannot cancel a power of two).
 * Multiplying by a power of two is exact here, and doubles past 2^53 are all even.
 */
function isExactTie(magnitude: number, digits: number): boolean {
  const scaled = magnitude * 2 ** (digits + 1);
  return Number.isInteger(scaled) && scaled % 2 === 1;
}
