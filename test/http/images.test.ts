import { XMLValidator } from 'fast-xml-parser';
import type { FastifyInstance } from 'fastify';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeSource } from '../../src/http/encoded-source.js';
import { buildApp } from '../helpers/build-app.js';
import { LECTURE } from '../helpers/programs.js';

// Image URLs as documents use them: <img src> of GET URLs, caching, error pictures, CORS and the
// headers that make SVG answers safe to embed.

const PNG_SIGNATURE = '89504e470d0a1a0a';
const pngWidth = (png: Buffer) => png.readUInt32BE(16);

function expectSafeSvg(svg: string): void {
  expect(XMLValidator.validate(svg)).toBe(true);
  // The validator accepts raw control characters; XML does not.
  expect(svg).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
  // Markup, not text: a label may say `<script>` or `onload=`, escaped, but no tag may carry them.
  expect(svg).not.toMatch(/<script|<a\s|xml-stylesheet|<[^>]*\s(?:on[a-z]+|href|xlink:href)\s*=/i);
}

describe('image URLs', () => {
  let app: FastifyInstance;
  const encoded = encodeSource(LECTURE);
  beforeAll(async () => {
    app = await buildApp();
  });
  afterAll(async () => {
    await app.close();
  });

  test('GET /v1/expression/svg/{encoded} draws the lecture with safe, cacheable headers', async () => {
    const res = await app.inject({ url: `/v1/expression/svg/${encoded}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d{5,}, stale-while-revalidate=\d+$/);
    expect(res.headers['etag']).toMatch(/^"[\w-]+"$/);
    expectSafeSvg(res.body);
    // Graphviz writes '-' as '&#45;' in SVG text.
    expect(res.body).toContain('data &#45;8.0000');
    expect(res.body).toContain('grad 6.0000');
  });

  test('identical requests give identical bytes and the same ETag; If-None-Match answers 304', async () => {
    const first = await app.inject({ url: `/v1/expression/svg/${encoded}` });
    const second = await app.inject({ url: `/v1/expression/svg/${encoded}` });
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(second.headers['etag']).toBe(first.headers['etag']);
    const cached = await app.inject({ url: `/v1/expression/svg/${encoded}`, headers: { 'if-none-match': String(first.headers['etag']) } });
    expect(cached.statusCode).toBe(304);
    expect(cached.body).toBe('');
    const other = await app.inject({ url: `/v1/expression/svg/${encoded}?theme=dark`, headers: { 'if-none-match': String(first.headers['etag']) } });
    expect(other.statusCode).toBe(200);
    expect(other.headers['etag']).not.toBe(first.headers['etag']);
  });

  test('the query form draws the same picture as the encoded path', async () => {
    const viaQuery = await app.inject({ url: `/v1/expression.svg?source=${encodeURIComponent(LECTURE)}` });
    const viaPath = await app.inject({ url: `/v1/expression/svg/${encoded}` });
    expect(viaQuery.statusCode).toBe(200);
    expect(viaQuery.body).toBe(viaPath.body);
  });

  test('PNG at 1x and 2x, DOT and JSON from the same URL scheme', async () => {
    const one = await app.inject({ url: `/v1/expression/png/${encoded}` });
    const two = await app.inject({ url: `/v1/expression/png/${encoded}?scale=2` });
    expect(one.statusCode).toBe(200);
    expect(one.headers['content-type']).toBe('image/png');
    expect(one.rawPayload.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect(Math.abs(pngWidth(two.rawPayload) - 2 * pngWidth(one.rawPayload))).toBeLessThanOrEqual(1);
    const dot = await app.inject({ url: `/v1/expression/dot/${encoded}` });
    expect(dot.headers['content-type']).toMatch(/^text\/vnd\.graphviz/);
    expect(dot.body).toContain('{ L | data -8.0000 | grad 1.0000 }');
    const json = await app.inject({ url: `/v1/expression/json/${encoded}` });
    expect(json.json()).toMatchObject({ output: { label: 'L', data: -8 }, gradients: { a: 6, b: -4 } });
  });

  test('POST /v1/expression answers JSON whatever else Accept prefers; each picture has its own route', async () => {
    const post = (url: string, accept: string) => app.inject({ method: 'POST', url, payload: { source: LECTURE }, headers: { accept } });
    for (const preferred of ['image/png', 'image/svg+xml', 'text/vnd.graphviz']) {
      const json = await post('/v1/expression', `${preferred}, application/json;q=0.1`);
      expect(json.headers['content-type'], preferred).toBe('application/json; charset=utf-8');
      expect(json.json(), preferred).toMatchObject({ output: { data: -8 } });
    }
    const png = await post('/v1/expression.png', 'image/png');
    expect(png.rawPayload.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
    expect((await post('/v1/expression.svg', 'image/svg+xml')).headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect((await post('/v1/expression.dot', 'text/vnd.graphviz')).body).toContain('digraph');
  });

  test('each theme renders with its own background', async () => {
    const background = async (theme: string) => {
      const svg = (await app.inject({ url: `/v1/expression/svg/${encoded}?theme=${theme}` })).body;
      expectSafeSvg(svg);
      // Graphviz draws the background as the one polygon without a stroke, and none when transparent.
      return /<polygon fill="([^"]+)" stroke="none"/.exec(svg)?.[1];
    };
    expect(await background('light')).toBe('#ffffff');
    expect(await background('dark')).toBe('#1e1e1e');
    expect(await background('transparent')).toBeUndefined();
  });

  test('MLPs have image URLs too: the encoded text is the JSON body', async () => {
    const body = { layers: [3, 4, 4, 1], seed: 1337, inputs: [[2, 3, -1]], options: { view: 'neurons' } };
    const res = await app.inject({ url: `/v1/mlp/svg/${encodeSource(JSON.stringify(body))}` });
    expect(res.statusCode).toBe(200);
    expectSafeSvg(res.body);
  });
});

describe('errors a reader can see', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp();
  });
  afterAll(async () => {
    await app.close();
  });

  test('an image request gets its 4xx status and a picture with the line, column and a caret', async () => {
    const res = await app.inject({ url: `/v1/expression.svg?source=${encodeURIComponent('L = tahn(2)')}` });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['etag']).toBeUndefined();
    expectSafeSvg(res.body);
    expect(res.body).toContain('line 1, column 5: unknown function &#39;tahn&#39;; did you mean &#39;tanh&#39;?');
    // The caret sits under column 5 of the quoted line `1 | L = tahn(2)`.
    const lines = [...res.body.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1] as string);
    const quoted = lines.find((line) => line.includes('L = tahn(2)')) as string;
    const caret = lines[lines.indexOf(quoted) + 1] as string;
    expect(caret.indexOf('^')).toBe(quoted.indexOf('tahn'));
  });

  test('a PNG request gets a PNG picture of the error', async () => {
    const res = await app.inject({ url: `/v1/expression.png?source=${encodeURIComponent('x = (1 +')}` });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.rawPayload.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  });

  test('a JSON client gets problem+json from the same URL', async () => {
    const res = await app.inject({ url: `/v1/expression.svg?source=${encodeURIComponent('L = tahn(2)')}`, headers: { accept: 'application/json' } });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 422, line: 1, column: 5 });
  });

  test('invalid base64url is 400, a bomb that inflates past the limit is 413, a long URL is 414', async () => {
    const invalid = await app.inject({ url: '/v1/expression/json/abc!def', headers: { accept: 'application/json' } });
    expect(invalid.statusCode).toBe(400);
    const bomb = deflateSync(Buffer.alloc(1_000_000, 'x'), { level: 9 }).toString('base64url');
    const inflated = await app.inject({ url: `/v1/expression/json/${bomb}`, headers: { accept: 'application/json' } });
    expect(inflated.statusCode).toBe(413);
    const long = await app.inject({ url: `/v1/expression.json?source=${'x'.repeat(20_000)}`, headers: { accept: 'application/json' } });
    expect(long.statusCode).toBe(414);
    expect(long.json().detail).toMatch(/POST/);
  });
});

describe('CORS', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp();
  });
  afterAll(async () => {
    await app.close();
  });

  test('a browser on another site may call the API: preflight and request', async () => {
    const preflight = await app.inject({
      method: 'OPTIONS',
      url: '/v1/expression',
      headers: { origin: 'https://teaching.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.statusCode).toBeLessThan(300);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-methods'])).toContain('POST');
    const res = await app.inject({ method: 'POST', url: '/v1/expression', payload: { source: LECTURE }, headers: { origin: 'https://teaching.example' } });
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('naughty labels through the HTTP API', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp();
  });
  afterAll(async () => {
    await app.close();
  });

  const NAUGHTY = ['"', '<', '>', '{', '}', '|', '\\', 'two\nlines', 'javascript:alert(1)', '<script>alert(1)</script>', '" onload="alert(1)', '<a href="x">y</a>', 'w'.repeat(500)];

  test.each(NAUGHTY)('%j stays text in the SVG', async (label) => {
    const source = `x = Value(2.0, label=${JSON.stringify(label)})\ny = x * 3`;
    const res = await app.inject({ method: 'POST', url: '/v1/expression.svg', payload: { source } });
    expect(res.statusCode).toBe(200);
    expectSafeSvg(res.body);
    const texts = [...res.body.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
      (m[1] as string).replace(/&#45;/g, '-').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'),
    );
    for (const line of label.split('\n')) expect(texts.map((t) => t.trim())).toContain(line.trim());
  });
});
