import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComponent } from '../../scripts/build-component.js';
import { buildApp } from '../helpers/build-app.js';

// The service serves the element's module to pages of any origin, cacheably.

let app: FastifyInstance;

beforeAll(async () => {
  await buildComponent();
  app = await buildApp();
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('GET /gradviz-graph.js', () => {
  it('answers the module with CORS, a cross-origin resource policy and an ETag', async () => {
    const response = await app.inject({ method: 'GET', url: '/gradviz-graph.js', headers: { origin: 'https://blog.example' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(response.body).toContain('gradviz-graph');
    expect(response.headers['access-control-allow-origin']).toBe('*');
    expect(response.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(response.headers['cache-control']).toBe('public, max-age=3600');

    const again = await app.inject({ method: 'GET', url: '/gradviz-graph.js', headers: { 'if-none-match': String(response.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });
});
