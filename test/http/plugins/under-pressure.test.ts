import Fastify, { type FastifyInstance } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import pressure, { ServiceOverloadedError, type PressureOptions } from '../../../src/http/plugins/under-pressure.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

/** A bare app with the plugin, a probe, a metrics route and a work route; errors are recorded. */
async function buildApp(options: PressureOptions) {
  const app = Fastify();
  apps.push(app);
  const errors: unknown[] = [];
  app.setErrorHandler((error, _request, reply) => {
    errors.push(error);
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    return reply.code(status).send({ status, detail: (error as Error).message });
  });
  await app.register(pressure, options);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/metrics', async () => 'metrics');
  app.post('/v1/work', async () => ({ done: true }));
  await app.ready();
  return { app, errors };
}

describe('under-pressure plugin', () => {
  it('lets requests through when the process is healthy', async () => {
    const { app } = await buildApp({ sampleIntervalMs: 50 });
    await sleep(150);
    const response = await app.inject({ method: 'POST', url: '/v1/work' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ done: true });
  });

  it('sheds work with 503 and Retry-After over the heap limit, but keeps /healthz and /metrics', async () => {
    const { app, errors } = await buildApp({ maxHeapUsedBytes: 1, maxEventLoopDelayMs: 0, sampleIntervalMs: 50, retryAfterSeconds: 7 });
    await sleep(150);

    const shed = await app.inject({ method: 'POST', url: '/v1/work' });
    expect(shed.statusCode).toBe(503);
    expect(shed.headers['retry-after']).toBe('7');
    expect(shed.json()).toEqual({ status: 503, detail: 'the service is overloaded; try again shortly' });
    expect(errors[0]).toBeInstanceOf(ServiceOverloadedError);
    expect(errors[0]).toMatchObject({ reason: 'heapUsedBytes', retryAfterSeconds: 7, statusCode: 503 });

    expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect((await app.inject('/metrics')).statusCode).toBe(200);
    // An unknown URL has no route pattern to exclude: shed too.
    expect((await app.inject('/nowhere')).statusCode).toBe(503);
  });

  it('takes its own list of routes never shed', async () => {
    const { app } = await buildApp({ maxHeapUsedBytes: 1, sampleIntervalMs: 50, exclude: ['/v1/work'] });
    await sleep(150);
    expect((await app.inject({ method: 'POST', url: '/v1/work' })).statusCode).toBe(200);
    expect((await app.inject('/healthz')).statusCode).toBe(503);
  });

  it('sheds work while the event loop is blocked beyond the limit', async () => {
    const { app, errors } = await buildApp({ maxEventLoopDelayMs: 50, sampleIntervalMs: 100, maxHeapUsedBytes: 0 });
    await sleep(150);
    expect((await app.inject({ method: 'POST', url: '/v1/work' })).statusCode).toBe(200);

    // Keep blocking the event loop in slices, as synchronous work on the HTTP thread would, until
    // a sample sees it. (One long block can fall between two samples: resetting the delay
    // histogram forgets the time of its last tick.)
    let status = 0;
    const giveUp = performance.now() + 10_000;
    while (status !== 503 && performance.now() < giveUp) {
      const end = performance.now() + 150;
      while (performance.now() < end) {
        // blocked
      }
      // Let timers run, so the delay is measured and sampled.
      await sleep(1);
      status = (await app.inject({ method: 'POST', url: '/v1/work' })).statusCode;
    }
    expect(status).toBe(503);
    expect(errors.at(-1)).toMatchObject({ reason: 'eventLoopDelay' });
    expect((await app.inject('/healthz')).statusCode).toBe(200);
  });
});
