import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSource } from '../../src/http/encoded-source.js';
import { buildApp } from '../helpers/build-app.js';
import { LECTURE } from '../helpers/programs.js';

// Browser-based teaching tools call the API from their own pages: with CORS_ORIGINS a list, only
// those pages may, and caches must keep the answers for different origins apart.

const ALLOWED = 'https://teaching.example';

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp({ config: { corsOrigins: [ALLOWED, 'http://localhost:5173'] } });
});

afterAll(async () => {
  await app.close();
});

const preflight = (origin: string, method = 'POST') =>
  app.inject({
    method: 'OPTIONS',
    url: '/v1/expression.svg',
    headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': 'content-type, if-none-match' },
  });

describe('CORS with a list of origins', () => {
  it('answers a preflight from a listed origin with what it may send, for a day', async () => {
    const response = await preflight(ALLOWED);
    expect(response.statusCode).toBe(204);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(response.headers['access-control-allow-methods']).split(/,\s*/)).toEqual(['GET', 'HEAD', 'POST']);
    expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toMatch(/content-type.*if-none-match/);
    expect(response.headers['access-control-max-age']).toBe('86400');
    expect(String(response.headers['vary'])).toMatch(/Origin/);
  });

  it('lets a listed page read the answer and its ETag, and varies by Origin', async () => {
    const response = await app.inject({ url: `/v1/expression/svg/${encodeSource(LECTURE)}`, headers: { origin: ALLOWED } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(String(response.headers['access-control-expose-headers'])).toMatch(/\bETag\b/);
    expect(String(response.headers['vary'])).toMatch(/Origin/);
    // A compressible answer varies by both.
    const json = await app.inject({ method: 'POST', url: '/v1/expression', payload: { source: LECTURE }, headers: { origin: ALLOWED } });
    expect(String(json.headers['vary']).split(/,\s*/).sort()).toEqual(['Accept-Encoding', 'Origin']);
  });

  it('gives a page from any other origin no permission', async () => {
    const other = await preflight('https://elsewhere.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const response = await app.inject({ url: `/v1/expression.svg?source=${encodeURIComponent(LECTURE)}`, headers: { origin: 'https://elsewhere.example' } });
    // The image itself is still served: <img> needs no CORS, and scripts of that page cannot read it.
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
