import { deflateSync, inflateSync, type Zlib } from 'node:zlib';

/**
 * Sources in image URLs are written as Kroki writes diagrams: UTF-8, compressed with zlib's
 * deflate (RFC 1950, what Python's `zlib.compress` and pako's `deflate` give), in base64url.
 */

/** Why an encoded source cannot be read: 400 (not base64url, deflate or UTF-8), 413 or 414. */
export class EncodingError extends Error {
  override readonly name = 'EncodingError';

  constructor(
    readonly status: 400 | 413 | 414,
    message: string,
    /** For 413 and 414, as GradvizError's limit details: the limit's name, its value, what was asked. */
    readonly details: { limit?: string; limitValue?: number; requested?: number } = {},
  ) {
    super(message);
  }

  /** Under Fastify's name too, so a handler that keeps a client error's `statusCode` keeps this one. */
  get statusCode(): number {
    return this.status;
  }
}

export interface DecodeLimits {
  /** Longest encoded text accepted, in characters (a longer URL is 414). */
  maxEncodedLength: number;
  /** Most bytes the source may inflate to (more is 413, found without inflating the rest). */
  maxDecodedBytes: number;
}

export function encodeSource(text: string): string {
  return deflateSync(Buffer.from(text, 'utf8'), { level: 9 }).toString('base64url');
}

export function decodeSource(encoded: string, limits: DecodeLimits): string {
  const { maxEncodedLength, maxDecodedBytes } = limits;
  if (encoded.length > maxEncodedLength) {
    throw new EncodingError(
      414,
      `the encoded source is ${count(encoded.length)} characters, more than the limit of ` +
        `${count(maxEncodedLength)}: POST the source instead`,
      { limit: 'maxEncodedLength', limitValue: maxEncodedLength, requested: encoded.length },
    );
  }
  // Padding is optional in base64url; Python's urlsafe_b64encode writes it.
  const text = encoded.replace(/={1,2}$/, '');
  if (text === '') throw new EncodingError(400, 'the encoded source is empty');
  // Node's decoder skips characters outside the alphabet without a word, so check them first.
  const bad = /[^A-Za-z0-9_-]/.exec(text);
  if (bad) {
    const hint = bad[0] === '+' || bad[0] === '/' ? " (base64url writes '-' and '_' for '+' and '/')" : '';
    throw new EncodingError(400, `invalid base64url character ${show(bad[0])} at position ${bad.index + 1}${hint}`);
  }
  if (text.length % 4 === 1) {
    throw new EncodingError(400, `invalid base64url: ${count(text.length)} characters cannot encode whole bytes`);
  }

  const compressed = Buffer.from(text, 'base64url');
  const bytes = inflate(compressed, maxDecodedBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new EncodingError(400, 'the encoded source does not decode to UTF-8 text');
  }
}

function inflate(compressed: Buffer, maxDecodedBytes: number): Buffer {
  let inflated: { buffer: Buffer; engine: Zlib };
  try {
    // `info` also answers how much input the stream used; the types only know the plain Buffer form.
    const options = { maxOutputLength: maxDecodedBytes, info: true };
    inflated = inflateSync(compressed, options) as unknown as typeof inflated;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new EncodingError(
        413,
        `the encoded source inflates past the ${count(maxDecodedBytes)}-byte limit: POST the source instead`,
        { limit: 'maxDecodedBytes', limitValue: maxDecodedBytes },
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new EncodingError(400, `the encoded source is not zlib deflate data (${reason})`);
  }
  // zlib stops at the end of its stream and ignores the rest: likely two URLs pasted together.
  const extra = compressed.length - inflated.engine.bytesWritten;
  if (extra > 0) throw new EncodingError(400, `the encoded source has ${count(extra)} bytes after its deflate data`);
  return inflated.buffer;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** A character as a reader can see it in a message: printable ASCII quoted, anything else as U+XXXX. */
function show(char: string): string {
  return /^[\x21-\x7e]$/.test(char) ? `'${char}'` : `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
