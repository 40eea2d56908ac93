import { LRUCache } from 'lru-cache';

/** A finished answer: what to send for a request whose ETag is the key. */
export interface CachedResult {
  contentType: string;
  body: Buffer | string;
}

/** Bookkeeping per entry (the map's node, the object, the strings' headers), roughly. */
export const ENTRY_OVERHEAD_BYTES = 128;

/** What an entry counts against the budget: the body, the key and the content type, plus overhead. */
export function entryBytes(key: string, result: CachedResult): number {
  return (
    Buffer.byteLength(result.body) + Buffer.byteLength(key) + Buffer.byteLength(result.contentType) + ENTRY_OVERHEAD_BYTES
  );
}

/**
 * Rendered results by ETag, least recently used first out, bounded by bytes rather than entries
 * (one SVG can be 2 MB, another 2 KB). A repeated image then costs no evaluation or layout.
 * `maxBytes: 0` turns it off: nothing is kept and every lookup is a miss.
 */
export class ResultCache {
  readonly maxBytes: number;
  private readonly entries: LRUCache<string, CachedResult> | undefined;
  private hits = 0;
  private misses = 0;

  constructor({ maxBytes }: { maxBytes: number }) {
    if (!Number.isSafeInteger(maxBytes) || maxBytes < 0) {
      throw new RangeError(`maxBytes must be a whole number of bytes, 0 or more, not ${maxBytes}`);
    }
    this.maxBytes = maxBytes;
    this.entries =
      maxBytes === 0
        ? undefined
        : new LRUCache({ maxSize: maxBytes, sizeCalculation: (result, key) => entryBytes(key, result) });
  }

  get(key: string): CachedResult | undefined {
    const result = this.entries?.get(key);
    if (result === undefined) this.misses++;
    else this.hits++;
    return result;
  }

  /** Keeps `result` unless it alone is larger than the whole budget. */
  set(key: string, result: CachedResult): void {
    this.entries?.set(key, result);
  }

  /** Cumulative lookups, in the shape the metrics plugin reads at each scrape. */
  readonly counts = (): { hits: number; misses: number } => ({ hits: this.hits, misses: this.misses });

  stats(): { hits: number; misses: number; entries: number; bytes: number; maxBytes: number } {
    return {
      ...this.counts(),
      entries: this.entries?.size ?? 0,
      bytes: this.entries?.calculatedSize ?? 0,
      maxBytes: this.maxBytes,
    };
  }

  clear(): void {
    this.entries?.clear();
  }
}
