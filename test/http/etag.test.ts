import { describe, expect, test } from 'vitest';
import { canonicalJson, computeEtag, etagOver, matchesIfNoneMatch } from '../../src/http/etag.js';

const REQUEST = {
  version: '0.1.0',
  format: 'png',
  scale: 2,
  source: 'a = 2\nb = a * -3.5  # ∂',
  values: { x: 0.5, a: -1 },
  options: { theme: 'dark', rankdir: 'LR', grad: true, precision: 4 },
  output: null,
};

describe('computeEtag', () => {
  // Python: json.dumps(obj, sort_keys=True, separators=(',', ':'), ensure_ascii=False), then
  // base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest())[:32].
  test('is the SHA-256 of the sorted JSON, as Python computes it', () => {
    expect(canonicalJson(REQUEST)).toBe(
      '{"format":"png","options":{"grad":true,"precision":4,"rankdir":"LR","theme":"dark"},"output":null,' +
        '"scale":2,"source":"a = 2\\nb = a * -3.5  # ∂","values":{"a":-1,"x":0.5},"version":"0.1.0"}',
    );
    expect(computeEtag(REQUEST)).toBe('"BRXox37ZgjBbLJFq9md1H8NaCho4dXDc"');
  });

  test('etagOver gives the tags of computeEtag with the fixed parts written once', () => {
    const { source, ...fixed } = REQUEST;
    const tag = etagOver(fixed, 'source');
    expect(tag(source)).toBe(computeEtag(REQUEST));
    expect(tag(`${source}\n`)).toBe(computeEtag({ ...REQUEST, source: `${source}\n` }));
    const { options, ...rest } = REQUEST;
    expect(etagOver({ ...rest, absent: undefined }, 'options')(options)).toBe(computeEtag(REQUEST));
    expect(etagOver({}, 'a')({ b: 1 })).toBe(computeEtag({ a: { b: 1 } }));
  });

  test('does not depend on the order of keys at any depth', () => {
    const reordered = {
      output: null,
      options: { precision: 4, grad: true, rankdir: 'LR', theme: 'dark' },
      values: { a: -1, x: 0.5 },
      source: REQUEST.source,
      scale: 2,
      format: 'png',
      version: '0.1.0',
    };
    expect(computeEtag(reordered)).toBe(computeEtag(REQUEST));
  });

  test('changes with anything that shapes the output', () => {
    const tags = new Set([
      computeEtag(REQUEST),
      computeEtag({ ...REQUEST, version: '0.1.1' }),
      computeEtag({ ...REQUEST, format: 'svg' }),
      computeEtag({ ...REQUEST, scale: 1 }),
      computeEtag({ ...REQUEST, source: REQUEST.source + ' ' }),
      computeEtag({ ...REQUEST, values: { x: 0.5, a: -2 } }),
      computeEtag({ ...REQUEST, values: { x: 0.5, b: -1 } }),
      computeEtag({ ...REQUEST, options: { ...REQUEST.options, theme: 'light' } }),
      computeEtag({ ...REQUEST, output: 'b' }),
      computeEtag({ ...REQUEST, values: { x: -0, a: -1 } }),
      computeEtag({ ...REQUEST, values: { x: 0, a: -1 } }),
      computeEtag({ ...REQUEST, scale: '2' }),
      computeEtag([1, 2]),
      computeEtag([2, 1]),
      computeEtag({ '1': 2 }),
    ]);
    expect(tags.size).toBe(15);
  });

  test('is a quoted, strong tag of 32 base64url characters', () => {
    expect(computeEtag({})).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
  });

  test('treats a key holding undefined as absent, as JSON does', () => {
    expect(computeEtag({ a: 1, b: undefined })).toBe(computeEtag({ a: 1 }));
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
  });

  test('keeps -0 apart from 0, since micrograd prints it as -0.0000', () => {
    expect(canonicalJson({ x: -0 })).toBe('{"x":-0}');
    expect(canonicalJson({ x: 0 })).toBe('{"x":0}');
  });

  test.each([NaN, Infinity, () => 1, Symbol('x'), 1n, new Date(0), new Map()])('refuses %s', (value) => {
    expect(() => computeEtag({ value })).toThrow(TypeError);
  });
});

describe('matchesIfNoneMatch', () => {
  const ETAG = '"abc123"';

  test.each([
    ['"abc123"', true],
    ['W/"abc123"', true],
    ['"zzz", "abc123"', true],
    ['"zzz",W/"abc123" , "yyy"', true],
    ['*', true],
    [' * ', true],
    ['"zzz", *', true],
    [',, "abc123" ,', true],
    ['"zzz"', false],
    ['"abc1234"', false],
    ['"ABC123"', false],
    ['abc123', false],
    ['w/"abc123"', false],
    ['"abc123', false],
    ['"abc123"x', false],
    ['', false],
    [undefined, false],
  ])('%j -> %s', (header, expected) => {
    expect(matchesIfNoneMatch(header, ETAG)).toBe(expected);
  });

  test('the tags computeEtag makes hold no comma, so splitting the list at commas (as fresh does) is safe', () => {
    for (const scale of [1, 2, 3]) {
      for (const format of ['svg', 'png', 'dot', 'json']) {
        expect(computeEtag({ ...REQUEST, scale, format })).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
      }
    }
  });

  test('a broken member does not hide a good one after it', () => {
    expect(matchesIfNoneMatch('garbage, "abc123"', ETAG)).toBe(true);
    expect(matchesIfNoneMatch('*bad, "abc123"', ETAG)).toBe(true);
    expect(matchesIfNoneMatch('*bad', ETAG)).toBe(false);
  });

  test('matches the tags computeEtag makes', () => {
    const etag = computeEtag(REQUEST);
    expect(matchesIfNoneMatch(etag, etag)).toBe(true);
    expect(matchesIfNoneMatch(`W/${etag}`, etag)).toBe(true);
    expect(matchesIfNoneMatch(computeEtag({ ...REQUEST, scale: 1 }), etag)).toBe(false);
  });
});
