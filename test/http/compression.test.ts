import type { FastifyInstance } from 'fastify';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSource } from '../../src/http/encoded-source.js';
import { LECTURE_MLP } from '../../src/http/schemas/mlp.js';
import { buildApp } from '../helpers/build-app.js';
import { LECTURE } from '../helpers/programs.js';

// Answers are compressed as the client accepts, each coding with a tag of its own, and bodies are
// never decompressed.

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

const DECODE = { br: brotliDecompressSync, gzip: gunzipSync } as const;
const SUFFIX = { br: '-br', gzip: '-gz' } as const;
const MLP_SVG_URL = `/v1/mlp/svg/${encodeSource(JSON.stringify(LECTURE_MLP))}`;

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('compressed answers', () => {
  it('send the lecture MLP\'s SVG in Brotli or gzip, decoding to the identity bytes, with Vary', async () => {
    const identity = await get(MLP_SVG_URL);
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.headers['vary']).toMatch(/accept-encoding/i);
    for (const coding of ['br', 'gzip'] as const) {
      const coded = await get(MLP_SVG_URL, { 'accept-encoding': `${coding}, identity;q=0.5` });
      expect(coded.headers['content-encoding'], coding).toBe(coding);
      expect(coded.headers['vary'], coding).toMatch(/accept-encoding/i);
      expect(coded.rawPayload.length, coding).toBeLessThan(identity.rawPayload.length / 5);
      expect(DECODE[coding](coded.rawPayload).equals(identity.rawPayload), coding).toBe(true);
    }
  });

  it('prefer Brotli when the client takes both, as browsers do', async () => {
    const coded = await get(MLP_SVG_URL, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(coded.headers['content-encoding']).toBe('br');
  });

  it('compress JSON, problems, DOT and the docs\' script and styles', async () => {
    const accept = { 'accept-encoding': 'gzip' };
    const answers = [
      await app.inject({ method: 'POST', url: '/v1/mlp', payload: LECTURE_MLP, headers: accept }),
      await app.inject({ method: 'POST', url: '/v1/mlp.dot', payload: LECTURE_MLP, headers: accept }),
      await get('/docs/static/swagger-ui-bundle.js', accept),
      await get('/docs/static/swagger-ui.css', accept),
      await get('/docs/json', accept),
    ];
    for (const answer of answers) {
      expect([answer.statusCode, answer.headers['content-encoding']], String(answer.headers['content-type'])).toEqual([200, 'gzip']);
      expect(() => gunzipSync(answer.rawPayload)).not.toThrow();
    }
    const json = JSON.parse(gunzipSync(answers[0]!.rawPayload).toString('utf8')) as { parameters: unknown[] };
    expect(json.parameters).toHaveLength(41);
  });

  it('never compress PNG', async () => {
    const png = await get(`/v1/expression/png/${encodeSource(LECTURE)}`, { 'accept-encoding': 'br, gzip' });
    expect([png.statusCode, png.headers['content-type'], png.headers['content-encoding']]).toEqual([200, 'image/png', undefined]);
    expect(png.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
  });
});

describe('tags of compressed answers', () => {
  it('differ for each coding, and each one gives a 304 that names it', async () => {
    const identity = String((await get(MLP_SVG_URL)).headers['etag']);
    expect(identity).toMatch(/^"[\w-]+"$/);
    for (const coding of ['br', 'gzip'] as const) {
      const tag = String((await get(MLP_SVG_URL, { 'accept-encoding': coding })).headers['etag']);
      expect(tag, coding).toBe(`${identity.slice(0, -1)}${SUFFIX[coding]}"`);
      const revalidated = await get(MLP_SVG_URL, { 'accept-encoding': coding, 'if-none-match': tag });
      expect([revalidated.statusCode, revalidated.headers['etag'], revalidated.rawPayload.length], coding).toEqual([304, tag, 0]);
    }
    const plain = await get(MLP_SVG_URL, { 'if-none-match': identity });
    expect([plain.statusCode, plain.headers['etag']]).toEqual([304, identity]);
  });
});

describe('compressed request bodies', () => {
  it('are not decompressed: a gzip body never reaches the program', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/expression',
      payload: gzipSync(JSON.stringify({ source: LECTURE })),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
