import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../helpers/build-app.js';
import { NO_SHEDDING } from '../helpers/busy-machine.js';
import { LECTURE } from '../helpers/programs.js';
import { untilReady } from '../helpers/server-process.js';

// The app on a real listening socket: what inject cannot show (headers on the wire, keep-alive,
// the body limit on a streamed body).

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = await buildApp({ config: { bodyLimit: 64 * 1024, pressure: NO_SHEDDING } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await untilReady(base);
});

afterAll(async () => {
  await app.close();
});

const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(base + path, { method: 'POST', body, headers });

describe('on a real socket', () => {
  it('answers the lecture picture as SVG', async () => {
    const response = await post('/v1/expression.svg', JSON.stringify({ source: LECTURE }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
    const svg = await response.text();
    expect(svg).toMatch(/^<\?xml/);
    expect(svg).toContain('data &#45;8.0000');
  });

  it('answers JSON with the numbers', async () => {
    const response = await post('/v1/expression', JSON.stringify({ source: LECTURE }));
    const body = (await response.json()) as { output: { data: number }; gradients: Record<string, number> };
    expect(body.output.data).toBe(-8);
    expect(body.gradients['a']).toBe(6);
  });

  it('echoes a plain x-request-id and makes one up otherwise', async () => {
    const kept = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'edge-42.a:b' } });
    expect(kept.headers.get('x-request-id')).toBe('edge-42.a:b');
    const replaced = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'two words\u00e9' } });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const made = await fetch(`${base}/healthz`);
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a streamed body over the limit with 413', async () => {
    const response = await post('/v1/expression', JSON.stringify({ source: 'a = 1\n'.repeat(20_000) }));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(await response.json()).toMatchObject({ limit: 'bodyLimit', limitValue: 64 * 1024 });
  });

  it('answers problems for bad requests', async () => {
    const response = await post('/v1/expression', '{"source": 1}');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ detail: 'body/source must be string' });
  });

  it('serves Swagger UI at /docs', async () => {
    const response = await fetch(`${base}/docs`, { redirect: 'follow' });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger');
  });
});
