/**
 * Typed arrays for a layout's temporaries (those that never leave it), carved out of one buffer
 * kept between layouts. A typed array of more than 64 bytes is otherwise a separate allocation
 * outside V8's heap, about 0.3 us each: for a small picture, dozens of them cost as much as the
 * layout itself. Layouts are synchronous, so one buffer per thread serves them all; what does not
 * fit is allocated as usual.
 */

const BYTES = 1 << 16;
const buffer = new ArrayBuffer(BYTES);
const contents = new Uint8Array(buffer);
let used = 0;

/** Starts a layout: every array handed out before may now be reused. */
export function resetScratch(): void {
  // Zeroed here in one call, not array by array as they are handed out (a small layout takes
  // dozens): the buffer beyond `used` is always zero.
  contents.fill(0, 0, used);
  used = 0;
}

function take(bytes: number): number {
  const at = (used + 7) & ~7;
  if (at + bytes > BYTES) return -1;
  used = at + bytes;
  return at;
}

/** A zeroed Float64Array of `length` for this layout only. */
export function scratchFloat64(length: number): Float64Array {
  const at = take(8 * length);
  return at < 0 ? new Float64Array(length) : new Float64Array(buffer, at, length);
}

/** A zeroed Int32Array of `length` for this layout only. */
export function scratchInt32(length: number): Int32Array {
  const at = take(4 * length);
  return at < 0 ? new Int32Array(length) : new Int32Array(buffer, at, length);
}
