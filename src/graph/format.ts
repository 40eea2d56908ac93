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
  const fast = fixedByIntegers(magnitude, digits);
  if (fast !== undefined) return sign + fast;
  let text = magnitude.toFixed(digits);
  if (isExactTie(magnitude, digits)) {
    // toFixed picked the larger neighbour; half-even wants the even one, one unit lower when it is odd.
    const last = text.charCodeAt(text.length - 1) - 48;
    if (last % 2 === 1) text = text.slice(0, -1) + String(last - 1);
  }
  return sign + text;
}

// Powers of ten and runs of zeros for the integer path; every power here is an exact double.
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
const ZEROS = ['', '0', '00', '000', '0000', '00000', '000000', '0000000', '00000000'];
/** Below this the scaled magnitude's integer and half-integer neighbours are all doubles. */
const INTEGER_PATH_BELOW = 2 ** 50;

/**
 * The common case without toFixed (which takes twice as long): m * 10^digits rounded to the
 * nearest integer, then written with its decimal point. Below 2^50 every k + 0.5 is a double, and
 * rounding the exact product to a double is monotonic, so the product lands on the same side of
 * each such half as the exact value, or on the half itself: only then (a tie, or too close to tell)
 * is the general path needed, as for huge numbers and more digits than the tables hold. Every
 * result is the one that path gives.
 */
function fixedByIntegers(magnitude: number, digits: number): string | undefined {
  const power = POWERS_OF_TEN[digits];
  if (power === undefined) return undefined;
  const scaled = magnitude * power;
  if (!(scaled < INTEGER_PATH_BELOW)) return undefined;
  const below = Math.floor(scaled);
  const fraction = scaled - below;
  if (fraction === 0.5) return undefined;
  const units = fraction > 0.5 ? below + 1 : below;
  if (digits === 0) return String(units);
  const whole = Math.floor(units / power);
  const decimals = String(units - whole * power);
  return `${whole}.${ZEROS[digits - decimals.length] as string}${decimals}`;
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
