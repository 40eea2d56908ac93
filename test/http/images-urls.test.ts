import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSource, encodeSource } from '../../src/http/encoded-source.js';
import { MLP_ENCODED } from '../../src/http/routes/mlp-images.js';
import { LECTURE_PROGRAM } from '../../src/http/schemas/expression.js';
import { LECTURE_ENCODED } from '../../src/http/schemas/image.js';
import { buildApp } from '../helpers/build-app.js';
import { LECTURE } from '../helpers/programs.js';
import { decodePng } from '../render/png-decode.js';

// The finer points of image URLs: what shapes the ETag, conditional requests, identical bytes
// without the cache, one render for simultaneous requests, the limits of URLs (also on a real
// socket), query parameters, and MLP bodies in the path.

const SVG = 'image/svg+xml; charset=utf-8';
const PROBLEM = 'application/problem+json; charset=utf-8';
const TYPE = 'https://gradviz.dev/problems/';
// A day fresh, then revalidated: the renderer's version is in the ETag, not in the URL.
const CACHED = 'public, max-age=86400, stale-while-revalidate=604800';
const IMG_ACCEPT = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8';

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload, headers });
const query = (source: string, extra = '') => `source=${encodeURIComponent(source)}${extra}`;

/** Expression jobs the worker pool finished, from /metrics. */
function expressionJobs(metrics: string): number {
  return Number(/^gradviz_jobs_total\{job="expression",outcome="ok"\} (\d+)$/m.exec(metrics)?.[1] ?? 0);
}

/** The rows of an SVG's <text> elements, entities decoded. */
function texts(svg: string): string[] {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((match) =>
    (match[1] as string).replace(/&(#\d+|[a-z]+);/g, (whole, name: string) =>
      name.startsWith('#') ? String.fromCharCode(Number(name.slice(1))) : (named[name] ?? whole),
    ),
  );
}

describe('what the URL says', () => {
  it('decodes what Python writes (zlib.compress, urlsafe_b64encode with padding) and the documented example', async () => {
    const python = deflateSync(Buffer.from(LECTURE, 'utf8'), { level: 6 }).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
    expect(python).toMatch(/=$/);
    expect((await get(`/v1/expression/dot/${python}`)).body).toBe((await post('/v1/expression.dot', { source: LECTURE })).body);
    expect((await get(`/v1/expression/dot/${LECTURE_ENCODED}`)).body).toBe(
      (await post('/v1/expression.dot', { source: LECTURE_PROGRAM })).body,
    );
  });

  it('takes values, output and drawing options from the query, as POST takes them from the body', async () => {
    const program = 'y = x * x + z\nw = y * 3';
    const values = encodeURIComponent('{"x":3,"z":1}');
    const json = await get(`/v1/expression.json?${query(program, `&values=${values}&output=y`)}`);
    expect(json.statusCode).toBe(200);
    // y = x^2 + z at x = 3: dy/dx = 2x = 6, dy/dz = 1.
    expect(json.json()).toMatchObject({ output: { label: 'y', data: 10, grad: 1 }, gradients: { x: 6, z: 1, y: 1 } });
    expect(json.json()).toEqual((await post('/v1/expression', { source: program, values: { x: 3, z: 1 }, output: 'y' })).json());

    const dot = (await get(`/v1/expression.dot?${query('a = Value(2.0)\nb = a * 3', '&rankdir=TB&precision=2&grad=false')}`)).body;
    expect(dot).toContain('rankdir="TB"');
    expect(dot).toContain('data 6.00 }');
    expect(dot).not.toContain('grad');
  });

  it('draws PNG at 3x too, and each theme\'s background in the pixels', async () => {
    const size = async (scale: number) => {
      const image = decodePng((await get(`/v1/expression.png?${query(LECTURE, `&scale=${scale}`)}`)).rawPayload);
      return [image.width, image.height] as const;
    };
    const [w1, h1] = await size(1);
    const [w3, h3] = await size(3);
    expect(Math.abs(w3 - 3 * w1)).toBeLessThanOrEqual(1);
    expect(Math.abs(h3 - 3 * h1)).toBeLessThanOrEqual(1);
    const corner = async (theme: string) =>
      [...decodePng((await get(`/v1/expression.png?${query('a = Value(1.0)', `&theme=${theme}`)}`)).rawPayload).rgba.subarray(0, 4)];
    expect(await corner('light')).toEqual([255, 255, 255, 255]);
    expect(await corner('dark')).toEqual([30, 30, 30, 255]);
    expect((await corner('transparent'))[3]).toBe(0);
  });
});

describe('caching', () => {
  it('gives one tag to an option left out and the same option at its default, another to anything that shapes the bytes', async () => {
    const tag = async (url: string) => (await get(url)).headers['etag'];
    const base = await tag(`/v1/expression.svg?${query(LECTURE)}`);
    expect(await tag(`/v1/expression.svg?${query(LECTURE, '&theme=light&rankdir=LR&precision=4&grad=true')}`)).toBe(base);
    // Scale only shapes PNGs.
    expect(await tag(`/v1/expression.svg?${query(LECTURE, '&scale=2')}`)).toBe(base);
    const others = [];
    for (const url of [
      `/v1/expression.svg?${query(LECTURE, '&theme=dark')}`,
      `/v1/expression.svg?${query(LECTURE, '&precision=3')}`,
      `/v1/expression.svg?${query(`${LECTURE}\n`)}`,
      `/v1/expression.svg?${query('y = x * 2', '&values=%7B%22x%22%3A1%7D')}`,
      `/v1/expression.svg?${query('y = x * 2', '&values=%7B%22x%22%3A2%7D')}`,
      `/v1/expression.png?${query(LECTURE)}`,
      `/v1/expression.png?${query(LECTURE, '&scale=2')}`,
      `/v1/expression.dot?${query(LECTURE)}`,
      `/v1/expression.json?${query(LECTURE)}`,
    ]) {
      others.push(await tag(url));
    }
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
  });

  it('answers If-None-Match with 304 for the tag, weak or in a list, and HEAD with headers only', async () => {
    const url = `/v1/expression/svg/${encodeSource(LECTURE)}`;
    const etag = (await get(url)).headers['etag'] as string;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      const response = await get(url, { 'if-none-match': header });
      expect(response.statusCode, header).toBe(304);
      expect(response.rawPayload.length).toBe(0);
      expect(response.headers['etag']).toBe(etag);
      expect(response.headers['cache-control']).toBe(CACHED);
    }
    expect((await get(url, { 'if-none-match': '"something-else"' })).statusCode).toBe(200);
    const head = await app.inject({ method: 'HEAD', url });
    expect([head.statusCode, head.headers['etag'], head.rawPayload.length]).toEqual([200, etag, 0]);
  });

  it('tags POST answers with the GET URL\'s tag, but keeps them out of shared caches and conditional requests', async () => {
    const first = await post('/v1/expression.svg', { source: LECTURE });
    expect(first.headers['etag']).toBe((await get(`/v1/expression.svg?${query(LECTURE)}`)).headers['etag']);
    expect(first.headers['cache-control']).toBeUndefined();
    expect((await post('/v1/expression.svg', { source: LECTURE }, { 'if-none-match': String(first.headers['etag']) })).statusCode).toBe(200);
    // The JSON route answers JSON only, whatever Accept prefers: the picture has its own route.
    const json = await post('/v1/expression', { source: LECTURE }, { accept: 'image/svg+xml, application/json;q=0.5' });
    expect([json.headers['content-type'], json.json().svg]).toEqual(['application/json; charset=utf-8', first.body]);
  });

  it('gives byte-identical answers with the cache off, rendering each time', async () => {
    const uncached = await buildApp({ config: { cacheMaxBytes: 0 } });
    try {
      for (const format of ['svg', 'png']) {
        const url = `/v1/expression/${format}/${encodeSource(LECTURE)}?scale=2`;
        const first = await uncached.inject(url);
        const second = await uncached.inject(url);
        expect(first.statusCode).toBe(200);
        expect(first.rawPayload.equals(second.rawPayload), format).toBe(true);
        expect(first.headers['etag']).toBe(second.headers['etag']);
      }
      expect(expressionJobs((await uncached.inject('/metrics')).body)).toBe(4);
    } finally {
      await uncached.close();
    }
  });

  it('renders once for identical requests that arrive together, and not at all when asked again', async () => {
    const before = expressionJobs((await get('/metrics')).body);
    const url = `/v1/expression.svg?${query(`${LECTURE}\n# together`)}`;
    const answers = await Promise.all(Array.from({ length: 5 }, () => get(url)));
    expect(answers.map((answer) => answer.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body)).size).toBe(1);
    expect((await get(url)).body).toBe(answers[0]?.body);
    expect(expressionJobs((await get('/metrics')).body) - before).toBe(1);
  });
});

describe('errors', () => {
  it('a source error on a line after the first gets the caret under its column', async () => {
    const source = 'a = Value(2.0)\nb = (a + 1';
    const response = await get(`/v1/expression.svg?${query(source)}`);
    expect([response.statusCode, response.headers['content-type'], response.headers['cache-control']]).toEqual([400, SVG, 'no-store']);
    const problem = (await get(`/v1/expression.json?${query(source)}`)).json();
    expect(problem).toMatchObject({ type: `${TYPE}syntax-error`, line: 2, column: 5 });
    const rows = texts(response.body);
    expect(rows).toContain('400 The program does not parse');
    expect(rows).toContain(problem.detail);
    const excerpt = rows.indexOf('2 | b = (a + 1');
    expect(excerpt).toBeGreaterThan(0);
    const caret = rows[excerpt + 1] as string;
    expect(caret.trimEnd()).toBe(`${' '.repeat('2 | '.length + problem.column - 1)}^`);
  });

  it('picture routes and unknown paths answer with a picture when the client prefers an image, else with JSON', async () => {
    const png = await post('/v1/expression.png', { source: 'a = (' }, { accept: 'image/png' });
    expect([png.statusCode, png.headers['content-type']]).toEqual([400, 'image/png']);
    const json = await post('/v1/expression', { source: 'a = (' });
    expect([json.statusCode, json.headers['content-type']]).toEqual([400, PROBLEM]);
    const dot = await get(`/v1/expression/dot/${encodeSource('a = (')}`, { accept: IMG_ACCEPT });
    expect([dot.statusCode, dot.headers['content-type']]).toEqual([400, PROBLEM]);

    const missing = await get('/v1/nothing.svg', { accept: IMG_ACCEPT });
    expect([missing.statusCode, missing.headers['content-type']]).toEqual([404, SVG]);
    expect(texts(missing.body)).toContain('404 Not found');
    expect((await get('/v1/nothing.svg')).headers['content-type']).toBe(PROBLEM);
  });

  it('refuses bad query parameters with 400 saying which, as a picture on image URLs', async () => {
    const cases: [string, RegExp][] = [
      [query('y = x', '&theme=purple'), /theme must be one of "light", "dark", "transparent"/],
      [query('y = x', '&scale=4'), /scale/],
      [query('y = x', '&values=x=1'), /values must be a JSON object/],
      [query('y = x', '&values=[1]'), /values must be a JSON object of numbers/],
      [query('y = x', '&values=%7B%22x%22%3A%221%22%7D'), /values\/x must be a number/],
      [query('y = x', '&values=%7B%22__proto__%22%3A1%7D'), /__proto__/],
      ['theme=dark', /source/],
    ];
    for (const [search, detail] of cases) {
      const response = await get(`/v1/expression.json?${search}`);
      expect(response.statusCode, search).toBe(400);
      expect(response.json(), search).toMatchObject({ type: `${TYPE}validation-error` });
      expect(response.json().detail, search).toMatch(detail);
    }
    const picture = await get(`/v1/expression.svg?${query('y = x', '&theme=purple')}`);
    expect([picture.statusCode, picture.headers['content-type']]).toEqual([400, SVG]);
  });
});

describe('limits of URLs', () => {
  let small: FastifyInstance;

  beforeAll(async () => {
    small = await buildApp({ config: { maxUrlLength: 1000, encodedSource: { maxEncodedLength: 300, maxDecodedBytes: 4096 } } });
  });

  afterAll(async () => {
    await small.close();
  });

  it('a URL over MAX_URL_LENGTH is 414 naming the limit, on any path, readable across origins', async () => {
    const url = `/v1/expression.json?${query('#'.repeat(1000))}`;
    const response = await small.inject({ url, headers: { origin: 'https://docs.example' } });
    expect([response.statusCode, response.headers['content-type'], response.headers['cache-control']]).toEqual([414, PROBLEM, 'no-store']);
    expect(response.json()).toMatchObject({ type: `${TYPE}uri-too-long`, limit: 'maxUrlLength', limitValue: 1000, requested: url.length });
    expect(response.json().detail).toMatch(/POST/);
    expect(response.headers['access-control-allow-origin']).toBe('*');
    const picture = await small.inject(`/v1/expression/svg/${'A'.repeat(2000)}`);
    expect([picture.statusCode, picture.headers['content-type']]).toEqual([414, SVG]);
    expect((await small.inject(`/nowhere/${'x'.repeat(2000)}`)).statusCode).toBe(414);
  });

  it('an encoded source over MAX_ENCODED_LENGTH is 414; under it, it is answered', async () => {
    const response = await small.inject(`/v1/expression/json/${'A'.repeat(400)}`);
    expect(response.statusCode).toBe(414);
    expect(response.json()).toMatchObject({ type: `${TYPE}uri-too-long`, limit: 'maxEncodedLength', limitValue: 300, requested: 400 });
    expect((await small.inject(`/v1/expression/json/${encodeSource(LECTURE)}`)).statusCode).toBe(200);
  });

  it('an encoded source that is not base64url, or not deflate, is 400 saying why', async () => {
    const plus = await small.inject('/v1/expression/json/eNpLz+JAgA');
    expect(plus.statusCode).toBe(400);
    expect(plus.json()).toMatchObject({ type: `${TYPE}invalid-encoding` });
    expect(plus.json().detail).toMatch(/invalid base64url character '\+' at position 6/);
    const notDeflate = await small.inject(`/v1/expression/json/${Buffer.from('not deflate').toString('base64url')}`);
    expect(notDeflate.statusCode).toBe(400);
    expect(notDeflate.json().detail).toMatch(/not zlib deflate data/);
  });

  it('a short URL that inflates past MAX_DECODED_BYTES is 413 with the limit', async () => {
    const bomb = encodeSource('#'.repeat(100_000));
    expect(bomb.length).toBeLessThan(300);
    const json = await small.inject(`/v1/expression/json/${bomb}`);
    expect(json.json()).toMatchObject({ type: `${TYPE}limit-exceeded`, status: 413, limit: 'maxDecodedBytes', limitValue: 4096 });
  });

  it('on a real socket, a URL past Node\'s default 16 KiB of headers is still a 414 problem, not a bare 431', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const response = await fetch(`${base}/v1/expression/json/${'A'.repeat(20_000)}`);
    expect(response.status).toBe(414);
    expect(response.headers.get('content-type')).toBe(PROBLEM);
    expect(((await response.json()) as { limit: string }).limit).toBe('maxUrlLength');
  });
});

describe('MLP image URLs', () => {
  const body = { layers: [3, 4, 4, 1], inputs: [[2, 3, -1]] };

  it('answer what POST /v1/mlp answers, for the body encoded in the path', async () => {
    expect(JSON.parse(decodeSource(MLP_ENCODED, { maxEncodedLength: 1000, maxDecodedBytes: 1000 }))).toEqual(body);
    const svg = await get(`/v1/mlp/svg/${MLP_ENCODED}`);
    expect([svg.statusCode, svg.headers['content-type'], svg.headers['cache-control']]).toEqual([200, SVG, CACHED]);
    expect(svg.body).toBe((await post('/v1/mlp.svg', body)).body);
    expect((await get(`/v1/mlp/json/${MLP_ENCODED}`)).json()).toEqual((await post('/v1/mlp', body)).json());
    expect((await get(`/v1/mlp/dot/${MLP_ENCODED}`)).body).toBe((await post('/v1/mlp.dot', body)).body);
  });

  it('draw the loss curve of a training run', async () => {
    const training = encodeSource(JSON.stringify({ ...body, targets: [1], train: { steps: 5, learningRate: 0.05 } }));
    const chart = await get(`/v1/mlp/loss.svg/${training}`);
    expect([chart.statusCode, chart.headers['content-type']]).toEqual([200, SVG]);
    expect(chart.body).toBe((await post('/v1/mlp/loss.svg', { ...body, targets: [1], train: { steps: 5, learningRate: 0.05 } })).body);
    const png = await get(`/v1/mlp/loss.png/${training}?scale=2`);
    expect([png.statusCode, png.headers['content-type']]).toEqual([200, 'image/png']);
    // Without training there is no curve: a picture of the 422 at the image URL.
    const untrained = await get(`/v1/mlp/loss.svg/${MLP_ENCODED}`);
    expect([untrained.statusCode, untrained.headers['content-type']]).toEqual([422, SVG]);
  });

  it('check the encoded body as strictly as POST checks the body', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...body, epochs: 3 }, /encoded has an unknown field 'epochs'/],
      [{ ...body, layers: '3,4,1' }, /encoded\/layers must be array/],
    ];
    for (const [payload, detail] of cases) {
      const response = await get(`/v1/mlp/json/${encodeSource(JSON.stringify(payload))}`);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ type: `${TYPE}validation-error` });
      expect(response.json().detail).toMatch(detail);
    }
    const notJson = await get(`/v1/mlp/svg/${encodeSource('{layers: [3, 1]}')}`);
    expect([notJson.statusCode, notJson.headers['content-type']]).toEqual([400, SVG]);
    const proto = await get(`/v1/mlp/json/${encodeSource('{"__proto__": {}, "layers": [3, 1], "inputs": [[1, 2, 3]]}')}`);
    expect(proto.json().detail).toMatch(/__proto__/);
  });
});
