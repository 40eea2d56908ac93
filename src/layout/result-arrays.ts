/**
 * The typed arrays a layout returns, carved out of one buffer. They outlive the layout, so the
 * scratch buffer cannot hold them; and each typed array of more than 64 bytes is otherwise an
 * allocation of its own outside V8's heap, which costs as much as several stages of a small
 * layout. The buffer is sized up front: every Float64Array first, then the Int32Arrays, then the
 * bytes, so each view is aligned.
 */
export class ResultArrays {
  private readonly buffer: ArrayBuffer;
  private readonly int32Start: number;
  private readonly byteStart: number;
  private float64At = 0;
  private int32At: number;
  private byteAt: number;

  constructor(float64s: number, int32s: number, bytes: number) {
    this.int32Start = 8 * float64s;
    this.byteStart = this.int32Start + 4 * int32s;
    this.buffer = new ArrayBuffer(this.byteStart + bytes);
    this.int32At = this.int32Start;
    this.byteAt = this.byteStart;
  }

  float64(length: number): Float64Array {
    if (this.float64At + 8 * length > this.int32Start) throw new RangeError('ResultArrays: more Float64 values than reserved');
    const array = new Float64Array(this.buffer, this.float64At, length);
    this.float64At += 8 * length;
    return array;
  }

  int32(length: number): Int32Array {
    if (this.int32At + 4 * length > this.byteStart) throw new RangeError('ResultArrays: more Int32 values than reserved');
    const array = new Int32Array(this.buffer, this.int32At, length);
    this.int32At += 4 * length;
    return array;
  }

  uint8(length: number): Uint8Array {
    if (this.byteAt + length > this.buffer.byteLength) throw new RangeError('ResultArrays: more bytes than reserved');
    const array = new Uint8Array(this.buffer, this.byteAt, length);
    this.byteAt += length;
    return array;
  }
}
