import type { FastifyInstance } from 'fastify';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerCrashedError } from '../../src/jobs/pool.js';
import { buildApp, UNBOUNDED_LAYOUT } from '../helpers/build-app.js';
import { crossingProgram, LECTURE } from '../helpers/programs.js';

// The routes run their work in the worker pool: its limits reach clients as problems.

let app: FastifyInstance | undefined;

afterEach(async () => {
  await app?.close();
  app = undefined;
});

// Slow with Graphviz (the layered engine would draw it in milliseconds).
const SLOW = { source: crossingProgram(200), options: { layout: 'graphviz' } };

async function waitForReady(instance: FastifyInstance): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if ((await instance.inject({ method: 'GET', url: '/readyz' })).statusCode === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the app never became ready');
}

async function metric(instance: FastifyInstance, line: RegExp): Promise<number> {
  const text = (await instance.inject({ method: 'GET', url: '/metrics' })).body;
  const found = text.split('\n').find((row) => line.test(row));
  return found === undefined ? 0 : Number(found.split(' ').at(-1));
}

describe('jobs in the worker pool', () => {
  it('stops a job past JOB_TIME_LIMIT_MS with 422 naming the stage that ran out of time; the next job works', async () => {
    app = await buildApp({ config: { workerThreads: 1, jobTimeLimitMs: 500, budget: UNBOUNDED_LAYOUT } });
    await waitForReady(app);
    const response = await app.inject({ method: 'POST', url: '/v1/expression.dot', payload: SLOW });
    // DOT needs no layout, so it is quick; the picture is what times out.
    expect(response.statusCode).toBe(200);
    const slow = await app.inject({ method: 'POST', url: '/v1/expression', payload: SLOW, headers: { accept: 'application/json' } });
    expect(slow.statusCode).toBe(422);
    expect(slow.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(slow.json()).toMatchObject({
      type: 'https://gradviz.dev/problems/graph-too-large',
      status: 422,
      detail: 'the job did not finish in 0.5 seconds: it was still laying out the graph (limit JOB_TIME_LIMIT_MS, stage layout)',
      limit: 'JOB_TIME_LIMIT_MS',
      limitValue: 500,
      stage: 'layout',
    });
    const next = await app.inject({ method: 'POST', url: '/v1/expression', payload: { source: LECTURE } });
    expect(next.statusCode).toBe(200);
    expect(next.json().output.data).toBe(-8);
  }, 60_000);

  it('answers 503 with Retry-After at once when every worker is busy and the queue is full, and /healthz stays fast', async () => {
    app = await buildApp({ config: { workerThreads: 1, jobQueueLimit: 0, jobTimeLimitMs: 3000, budget: UNBOUNDED_LAYOUT } });
    await waitForReady(app);
    let busyDone = false;
    const busy = app.inject({ method: 'POST', url: '/v1/expression', payload: SLOW }).finally(() => (busyDone = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const refused = await app.inject({ method: 'POST', url: '/v1/expression', payload: { source: 'y = Value(2.0) * 3' } });
    // Refused at once: the only worker is still busy with the slow job.
    expect(busyDone).toBe(false);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.json()).toMatchObject({ type: 'https://gradviz.dev/problems/service-unavailable', status: 503 });

    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect(busyDone).toBe(false);
    expect(await metric(app, /^gradviz_jobs_active /)).toBe(1);
    expect((await busy).statusCode).toBe(422);
  }, 60_000);

  it('cancels the job of a client that goes away, freeing its worker', async () => {
    app = await buildApp({ config: { workerThreads: 1, jobTimeLimitMs: 30_000, budget: UNBOUNDED_LAYOUT } });
    await waitForReady(app);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const body = JSON.stringify(SLOW);
    const client = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: '/v1/expression', headers: { 'content-type': 'application/json' } });
    client.on('error', () => {});
    client.end(body);
    await new Promise((resolve) => setTimeout(resolve, 500));
    client.destroy();
    // The worker is free long before the 15 s layout would have finished.
    const started = performance.now();
    let answer;
    do answer = await app.inject({ method: 'POST', url: '/v1/expression', payload: { source: LECTURE } });
    while (answer.statusCode === 503 && performance.now() - started < 10_000);
    expect(answer.statusCode).toBe(200);
    expect(performance.now() - started).toBeLessThan(8000);
    expect(await metric(app, /^gradviz_jobs_total\{.*outcome="cancelled"/)).toBe(1);
  }, 60_000);

  it('answers a crashed worker with 500 and no internals', async () => {
    app = await buildApp({
      extend: (instance) => {
        instance.get('/test/worker-crash', async () => {
          throw new WorkerCrashedError(new Error('RuntimeError: unreachable at wasm-function[1234]'));
        });
      },
    });
    const response = await app.inject({ method: 'GET', url: '/test/worker-crash' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ type: 'https://gradviz.dev/problems/internal-error', status: 500 });
    expect(response.body).not.toContain('wasm');
    expect(response.body).not.toContain('the worker failed');
  });
});
