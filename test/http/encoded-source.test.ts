import { deflateRawSync, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { decodeSource, encodeSource, EncodingError } from '../../src/http/encoded-source.js';

const LIMITS = { maxEncodedLength: 8192, maxDecodedBytes: 65_536 };

/** The EncodingError `fn` throws, so a test can check its status, message and details together. */
function caught(fn: () => unknown): EncodingError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(EncodingError);
    return error as EncodingError;
  }
  throw new Error('expected an EncodingError');
}

const b64url = (bytes: Buffer) => bytes.toString('base64url');

describe('encodeSource and decodeSource', () => {
  test.each([
    'a = Value(2.0)\nb = a * a\nL = b.tanh()\n',
    'x = 3  # ∂L/∂x — π ≈ 3.14159 ✓ 🚀',
    '',
    '{"layers": [2, 3, 1], "seed": 1337}',
  ])('round-trips %j', (text) => {
    const encoded = encodeSource(text);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeSource(encoded, LIMITS)).toBe(text);
  });

  test('writes zlib deflate in base64url, as Kroki reads it', () => {
    const encoded = encodeSource('a = 2');
    expect(inflateSync(Buffer.from(encoded, 'base64')).toString('utf8')).toBe('a = 2');
  });

  // Made with Python 3: base64.urlsafe_b64encode(zlib.compress(text.encode('utf-8'), 9)).
  test.each([
    ['eNpLVLBVCEvMKU3VMNIz0ORKAnITFbQUErl8gKwkvZLEvAwNTS4At-kJOw==', 'a = Value(2.0)\nb = a * a\nL = b.tanh()\n'],
    ['eNpLVLBVCEvMKU3VMNIz0ORKAnITFbQUErl8gKwkvZLEvAwNTS4At-kJOw', 'a = Value(2.0)\nb = a * a\nL = b.tanh()\n'],
    [
      'eNqrULBVMOZSVnjU0eSjDyQqFB41TFE436DwqLNDwVjP0MTQ1FLh0ZzJXJVAhRUKWloKRlwA_hwR1w==',
      'x = 3\n# ∂L/∂x — π ≈ 3.14159 ✓\ny = x ** 2\n',
    ],
    // zlib.compress at its default level
    ['eJyrVspJrEwtKlayUog20lEw1lEwjNVRUCpOTU0BChkaG5vXAgC0Aglm', '{"layers": [2, 3, 1], "seed": 1337}'],
  ])('decodes text Python encoded: %s', (encoded, text) => {
    expect(decodeSource(encoded, LIMITS)).toBe(text);
  });
});

describe('decodeSource errors', () => {
  test('a URL longer than the limit is 414, before any decoding', () => {
    const error = caught(() => decodeSource('!'.repeat(8193), LIMITS));
    expect(error.status).toBe(414);
    expect(error.message).toBe('the encoded source is 8,193 characters, more than the limit of 8,192: POST the source instead');
    expect(error.details).toEqual({ limit: 'maxEncodedLength', limitValue: 8192, requested: 8193 });
    expect(error.statusCode).toBe(414);
  });

  test.each([
    ['eNpLVLBVCEvMK!U3VMNIz0', "invalid base64url character '!' at position 14"],
    ['eNpL VLBV', 'invalid base64url character U+0020 at position 5'],
    ['eNpL\u0000VLBV', 'invalid base64url character U+0000 at position 5'],
    ['eNpLé', 'invalid base64url character U+00E9 at position 5'],
    ['eNp=LVLB', "invalid base64url character '=' at position 4"],
    ['eNpLVLB===', "invalid base64url character '=' at position 8"],
    ['eNp+LVL/', "invalid base64url character '+' at position 4 (base64url writes '-' and '_' for '+' and '/')"],
    ['', 'the encoded source is empty'],
    ['==', 'the encoded source is empty'],
    ['eNpLV', 'invalid base64url: 5 characters cannot encode whole bytes'],
  ])('%j is 400: %s', (encoded, message) => {
    const error = caught(() => decodeSource(encoded, LIMITS));
    expect(error.status).toBe(400);
    expect(error.message).toBe(message);
    expect(error.name).toBe('EncodingError');
  });

  test('base64url that is not zlib data is 400', () => {
    const notZlib = caught(() => decodeSource(b64url(Buffer.from('plain text, not compressed')), LIMITS));
    expect([notZlib.status, notZlib.message]).toEqual([400, 'the encoded source is not zlib deflate data (incorrect header check)']);
    // Raw deflate without zlib's header and checksum is not what Kroki's encoding means.
    const raw = caught(() => decodeSource(b64url(deflateRawSync(Buffer.from('a = 2'))), LIMITS));
    expect(raw.status).toBe(400);
  });

  test('truncated or extended deflate data is 400', () => {
    const whole = deflateSync(Buffer.from('a = Value(2.0)\nb = a * a\n'));
    const truncated = caught(() => decodeSource(b64url(whole.subarray(0, whole.length - 4)), LIMITS));
    expect([truncated.status, truncated.message]).toEqual([400, 'the encoded source is not zlib deflate data (unexpected end of file)']);
    const extended = caught(() => decodeSource(b64url(Buffer.concat([whole, Buffer.from('junk')])), LIMITS));
    expect([extended.status, extended.message]).toEqual([400, 'the encoded source has 4 bytes after its deflate data']);
  });

  test('bytes that are not UTF-8 are 400', () => {
    for (const bytes of [[0xff, 0xfe], [0xc3], [0xed, 0xa0, 0x80] /* a UTF-16 surrogate */]) {
      const error = caught(() => decodeSource(b64url(deflateSync(Buffer.from(bytes))), LIMITS));
      expect([error.status, error.message]).toEqual([400, 'the encoded source does not decode to UTF-8 text']);
    }
  });

  test('a source exactly at the byte limit decodes; one byte more is 413', () => {
    const limits = { maxEncodedLength: 8192, maxDecodedBytes: 1000 };
    expect(decodeSource(encodeSource('x'.repeat(1000)), limits)).toHaveLength(1000);
    const error = caught(() => decodeSource(encodeSource('x'.repeat(1001)), limits));
    expect(error.status).toBe(413);
    expect(error.message).toBe('the encoded source inflates past the 1,000-byte limit: POST the source instead');
    expect(error.details).toEqual({ limit: 'maxDecodedBytes', limitValue: 1000 });
  });

  test('a zip bomb is refused quickly, without inflating it', () => {
    const oneMegabyte = b64url(deflateSync(Buffer.alloc(1 << 20), { level: 9 }));
    expect(oneMegabyte.length).toBeLessThan(LIMITS.maxEncodedLength);
    const bigger = b64url(deflateSync(Buffer.alloc(64 << 20), { level: 9 }));
    for (const encoded of [oneMegabyte, bigger]) {
      const started = performance.now();
      const error = caught(() => decodeSource(encoded, { maxEncodedLength: 1 << 20, maxDecodedBytes: 65_536 }));
      // Inflating all 64 MB takes about half a second on an idle core (more on a busy one); stopping at
      // 64 KB, milliseconds: the margin leaves room for a loaded machine.
      expect(performance.now() - started).toBeLessThan(400);
      expect(error.status).toBe(413);
      expect(error.message).toBe('the encoded source inflates past the 65,536-byte limit: POST the source instead');
    }
  });
});
