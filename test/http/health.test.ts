import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import healthRoutes from '../../src/http/routes/health.js';
import { buildApp } from '../helpers/build-app.js';
import { NO_SHEDDING } from '../helpers/busy-machine.js';

describe('GET /healthz and /readyz in the app', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildApp({ config: { pressure: NO_SHEDDING } });
  });

  afterAll(async () => {
    await app.close();
  });

  it('/healthz answers ok', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('/readyz answers ready once every worker has loaded Graphviz', async () => {
    let response = await app.inject({ method: 'GET', url: '/readyz' });
    for (let tries = 0; response.statusCode === 503 && tries < 300; tries++) {
      expect(response.json()).toEqual({ status: 'starting' });
      await new Promise((resolve) => setTimeout(resolve, 100));
      response = await app.inject({ method: 'GET', url: '/readyz' });
    }
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready' });
  });
});

describe('GET /readyz before the service is ready', () => {
  it('answers 503 until the check passes', async () => {
    let ready = false;
    const app = Fastify();
    await app.register(healthRoutes, { isReady: () => ready });
    const before = await app.inject({ method: 'GET', url: '/readyz' });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toEqual({ status: 'starting' });
    ready = true;
    const after = await app.inject({ method: 'GET', url: '/readyz' });
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual({ status: 'ready' });
    await app.close();
  });
});

describe('GET /readyz while the service shuts down', () => {
  it('answers 503 stopping, even when the workers are ready', async () => {
    let stopping = false;
    const app = Fastify();
    await app.register(healthRoutes, { isReady: () => true, isStopping: () => stopping });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    stopping = true;
    const during = await app.inject({ method: 'GET', url: '/readyz' });
    expect(during.statusCode).toBe(503);
    expect(during.json()).toEqual({ status: 'stopping' });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });

  it('in the app, once startDraining() is called', async () => {
    const app = await buildApp({ config: { pressure: NO_SHEDDING } });
    app.startDraining();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ status: 'stopping' });
    await app.close();
  });
});
