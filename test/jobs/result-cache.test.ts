import { describe, expect, test } from 'vitest';
import { ENTRY_OVERHEAD_BYTES, entryBytes, ResultCache, type CachedResult } from '../../src/jobs/result-cache.js';

/** A result whose entry costs exactly `bytes` against the budget (keys here are 2 bytes). */
function sized(bytes: number): CachedResult {
  const contentType = 'image/png';
  const body = Buffer.alloc(bytes - 2 - contentType.length - ENTRY_OVERHEAD_BYTES);
  return { contentType, body };
}

describe('ResultCache', () => {
  test('counts the body, key and content type in bytes', () => {
    expect(entryBytes('"k"', { contentType: 'image/svg+xml', body: 'π' })).toBe(2 + 3 + 13 + ENTRY_OVERHEAD_BYTES);
    expect(entryBytes('k1', sized(1000))).toBe(1000);
  });

  test('keeps results within the byte budget and evicts the least recently used', () => {
    const cache = new ResultCache({ maxBytes: 3000 });
    cache.set('k1', sized(1000));
    cache.set('k2', sized(1000));
    cache.set('k3', sized(1000));
    expect(cache.stats()).toMatchObject({ entries: 3, bytes: 3000 });

    expect(cache.get('k1')).toBeDefined(); // k1 is now the most recent; k2 the least
    cache.set('k4', sized(1500));
    expect(cache.get('k2')).toBeUndefined();
    expect(cache.get('k3')).toBeUndefined();
    expect(cache.get('k1')).toBeDefined();
    expect(cache.get('k4')).toBeDefined();
    expect(cache.stats()).toMatchObject({ entries: 2, bytes: 2500 });
  });

  test('many small results fit where one large one would not', () => {
    const cache = new ResultCache({ maxBytes: 5000 });
    const keys = Array.from({ length: 50 }, (_, i) => `k${String.fromCharCode(48 + i)}`);
    for (const key of keys) cache.set(key, sized(200));
    expect(cache.stats()).toMatchObject({ entries: 25, bytes: 5000 });
    expect(keys.map((key) => cache.get(key) !== undefined)).toEqual(keys.map((_, i) => i >= 25));
  });

  test('does not keep a result larger than the whole budget, nor drop others for it', () => {
    const cache = new ResultCache({ maxBytes: 3000 });
    cache.set('k1', sized(1000));
    cache.set('k2', sized(3001));
    expect(cache.get('k2')).toBeUndefined();
    expect(cache.get('k1')).toBeDefined();
  });

  test('returns what was stored and counts hits and misses', () => {
    const cache = new ResultCache({ maxBytes: 1 << 20 });
    const result = { contentType: 'image/svg+xml', body: '<svg/>' };
    expect(cache.get('"tag"')).toBeUndefined();
    cache.set('"tag"', result);
    expect(cache.get('"tag"')).toBe(result);
    expect(cache.get('"tag"')).toBe(result);
    expect(cache.get('"other"')).toBeUndefined();
    expect(cache.counts()).toEqual({ hits: 2, misses: 2 });
    // The metrics plugin calls it detached from the cache.
    const { counts } = cache;
    expect(counts()).toEqual({ hits: 2, misses: 2 });
    cache.clear();
    expect(cache.get('"tag"')).toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 2, misses: 3, entries: 0, bytes: 0, maxBytes: 1 << 20 });
  });

  test('with maxBytes 0 keeps nothing and every lookup is a miss', () => {
    const cache = new ResultCache({ maxBytes: 0 });
    cache.set('k1', sized(1000));
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.get('k1')).toBeUndefined();
    expect(cache.stats()).toEqual({ hits: 0, misses: 2, entries: 0, bytes: 0, maxBytes: 0 });
  });

  test.each([-1, 1.5, NaN, Infinity])('refuses maxBytes %s', (maxBytes) => {
    expect(() => new ResultCache({ maxBytes })).toThrow(RangeError);
  });
});
