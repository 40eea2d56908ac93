import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import limitRate, { RateLimitedError, type RateLimitOptions } from '../../../src/http/plugins/rate-limit.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function buildApp(options: RateLimitOptions, server: FastifyServerOptions = {}) {
  const app = Fastify(server);
  apps.push(app);
  const errors: unknown[] = [];
  app.setErrorHandler((error, _request, reply) => {
    errors.push(error);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send({ status, detail: (error as Error).message });
  });
  await app.register(limitRate, options);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => ({ status: 'ok' }));
  app.post('/v1/work', async () => ({ done: true }));
  await app.ready();
  return { app, errors };
}

async function statuses(app: FastifyInstance, count: number, headers: Record<string, string> = {}, remoteAddress?: string) {
  const codes: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await app.inject({
      method: 'POST',
      url: '/v1/work',
      headers,
      ...(remoteAddress ? { remoteAddress } : {}),
    });
    codes.push(response.statusCode);
  }
  return codes;
}

describe('rate-limit plugin', () => {
  it('is off by default', async () => {
    const { app } = await buildApp({});
    expect(new Set(await statuses(app, 200))).toEqual(new Set([200]));
    const response = await app.inject({ method: 'POST', url: '/v1/work' });
    expect(response.headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('answers 429 with Retry-After once a client is over its limit', async () => {
    const { app, errors } = await buildApp({ enabled: true, max: 3, timeWindowMs: 60_000 });
    expect(await statuses(app, 3)).toEqual([200, 200, 200]);

    const limited = await app.inject({ method: 'POST', url: '/v1/work' });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['x-ratelimit-limit']).toBe('3');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(errors[0]).toBeInstanceOf(RateLimitedError);
    expect(errors[0]).toMatchObject({ statusCode: 429, max: 3 });
    expect((errors[0] as RateLimitedError).retryAfterSeconds).toBe(Number(limited.headers['retry-after']));
  });

  it('never limits the probes', async () => {
    const { app } = await buildApp({ enabled: true, max: 1 });
    await statuses(app, 2);
    for (let i = 0; i < 5; i++) {
      expect((await app.inject('/healthz')).statusCode).toBe(200);
      expect((await app.inject('/readyz')).statusCode).toBe(200);
    }
  });

  it('counts each client address apart', async () => {
    const { app } = await buildApp({ enabled: true, max: 2 });
    expect(await statuses(app, 3, {}, '10.0.0.1')).toEqual([200, 200, 429]);
    expect(await statuses(app, 2, {}, '10.0.0.2')).toEqual([200, 200]);
  });

  it('keys on X-Forwarded-For only when the app trusts the proxy', async () => {
    const trusting = (await buildApp({ enabled: true, max: 2 }, { trustProxy: true })).app;
    expect(await statuses(trusting, 3, { 'x-forwarded-for': '203.0.113.1' })).toEqual([200, 200, 429]);
    expect(await statuses(trusting, 2, { 'x-forwarded-for': '203.0.113.2' })).toEqual([200, 200]);

    // Untrusted, the header is the client's to choose: it must not give a fresh allowance.
    const direct = (await buildApp({ enabled: true, max: 2 })).app;
    expect(await statuses(direct, 2, { 'x-forwarded-for': '203.0.113.1' })).toEqual([200, 200]);
    expect(await statuses(direct, 1, { 'x-forwarded-for': '203.0.113.2' })).toEqual([429]);
  });
});
