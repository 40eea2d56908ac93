import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Answers } from '../../src/http/answers.js';
import { encodeSource } from '../../src/http/encoded-source.js';
import { MLP_ENCODED } from '../../src/http/routes/mlp-images.js';
import { Refusals } from '../../src/http/refusals.js';
import { ResultCache } from '../../src/jobs/result-cache.js';
import { buildApp } from '../helpers/build-app.js';
import { LECTURE } from '../helpers/programs.js';

// Image URLs as the web hands them over: with query parameters added by others, with the MLP's
// drawing options in the query, and fetched again by caches after a renderer changed.

const SVG = 'image/svg+xml; charset=utf-8';
const MLP = { layers: [3, 4, 4, 1], inputs: [[2, 3, -1]] };

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('query parameters the service does not know', () => {
  it('are ignored: a cache buster gives the same picture and the same tag', async () => {
    const urls = [
      `/v1/expression.svg?source=${encodeURIComponent(LECTURE)}`,
      `/v1/expression/svg/${encodeSource(LECTURE)}`,
      `/v1/mlp/svg/${MLP_ENCODED}`,
    ];
    for (const url of urls) {
      const plain = await get(url);
      const busted = await get(`${url}${url.includes('?') ? '&' : '?'}v=2&utm_source=docs`);
      expect([busted.statusCode, busted.headers['content-type']], url).toEqual([200, SVG]);
      expect(busted.headers['etag'], url).toBe(plain.headers['etag']);
      expect(busted.body, url).toBe(plain.body);
    }
  });

  it('still leave the known ones checked', async () => {
    const response = await get(`/v1/mlp/json/${MLP_ENCODED}?theme=purple&v=2`);
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/theme must be one of/);
  });
});

describe('drawing options in MLP URLs', () => {
  it('draw what POST draws with the same options in the body', async () => {
    const options = { view: 'neurons', theme: 'dark', rankdir: 'TB', precision: 2, grad: false } as const;
    const query = 'view=neurons&theme=dark&rankdir=TB&precision=2&grad=false';
    const posted = await app.inject({ method: 'POST', url: '/v1/mlp.svg', payload: { ...MLP, options } });
    const fetched = await get(`/v1/mlp/svg/${MLP_ENCODED}?${query}`);
    expect([fetched.statusCode, fetched.headers['content-type']]).toEqual([200, SVG]);
    expect(fetched.body).toBe(posted.body);
    expect(fetched.body).toContain('fill="#1e1e1e"');
  });

  it('win over the encoded body\'s options, and add to them', async () => {
    const encoded = encodeSource(JSON.stringify({ ...MLP, options: { theme: 'dark', view: 'neurons' } }));
    const fetched = await get(`/v1/mlp/dot/${encoded}?theme=light`);
    const posted = await app.inject({ method: 'POST', url: '/v1/mlp.dot', payload: { ...MLP, options: { theme: 'light', view: 'neurons' } } });
    expect(fetched.body).toBe(posted.body);
  });

  it('take the PNG scale from the query before the body', async () => {
    const encoded = encodeSource(JSON.stringify({ ...MLP, options: { view: 'neurons', scale: 1 } }));
    const once = await get(`/v1/mlp/png/${encoded}`);
    const twice = await get(`/v1/mlp/png/${encoded}?scale=2`);
    expect([once.statusCode, twice.statusCode]).toEqual([200, 200]);
    // PNG width sits in the IHDR chunk, at byte 16; each scale rounds its own width.
    expect(Math.abs(twice.rawPayload.readUInt32BE(16) - 2 * once.rawPayload.readUInt32BE(16))).toBeLessThanOrEqual(1);
  });
});

describe('cached images and renderer changes', () => {
  /** A bare app whose one route answers through Answers, drawn by the named renderer version. */
  async function appDrawnBy(graphviz: string): Promise<FastifyInstance> {
    const answers = new Answers({
      jobs: { answer: async () => '<svg/>' },
      cache: new ResultCache({ maxBytes: 1024 }),
      refusals: new Refusals(0),
      maxAgeSeconds: 86_400,
      renderers: { service: '1', graphviz },
    });
    const bare = Fastify();
    bare.get('/picture.svg', (request, reply) =>
      answers.send(request, reply, { kind: 'expression', request: { source: 'a = 1' }, format: 'svg', scale: 1 }),
    );
    await bare.ready();
    return bare;
  }

  it('are revalidated after max-age, not kept for good, and a new renderer answers 200 with a new tag', async () => {
    const before = await appDrawnBy('1.0.0');
    const after = await appDrawnBy('1.0.1');
    const first = await before.inject({ url: '/picture.svg' });
    expect(first.headers['cache-control']).toBe('public, max-age=86400, stale-while-revalidate=604800');
    expect(first.headers['cache-control']).not.toMatch(/immutable/);
    const tag = String(first.headers['etag']);
    expect((await before.inject({ url: '/picture.svg', headers: { 'if-none-match': tag } })).statusCode).toBe(304);
    const revalidated = await after.inject({ url: '/picture.svg', headers: { 'if-none-match': tag } });
    expect(revalidated.statusCode).toBe(200);
    expect(revalidated.headers['etag']).not.toBe(tag);
    await Promise.all([before.close(), after.close()]);
  });
});
