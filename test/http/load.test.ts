import type { FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../helpers/build-app.js';
import { addStatusCounts, garbageCollector, mixedLoad, settledHeapUsed, waitForReady } from '../helpers/load.js';
import { crossingProgram, LECTURE } from '../helpers/programs.js';

// Load on a real socket: small requests while pathological ones run beside them. Only what must
// hold on any machine is asserted: no 5xx but deliberate 503s, and memory comes back.

const MB = 1024 * 1024;

let app: FastifyInstance;
let base: string;

beforeAll(async () => {
  app = await buildApp({ config: { jobTimeLimitMs: 1500 } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  await waitForReady(app);
});

afterAll(async () => {
  await app.close();
});

const SMALL = JSON.stringify({ source: LECTURE });
const SLOW = crossingProgram(200);
// Each slow one differs, so that no two share a job.
const PATHOLOGICAL = [
  (i: number) => JSON.stringify({ source: `${SLOW}\nz = s * ${i}`, options: { layout: 'graphviz' } }), // its Graphviz layout outlasts the job time limit: 422
  () => JSON.stringify({ source: 'a = 1\n'.repeat(180_000) }), // over the body limit: 413
  () => JSON.stringify({ source: 'a = 1\n'.repeat(20_000) }), // over the source limit: 413
  () => JSON.stringify({ source: `y = ${'('.repeat(10_000)}1${')'.repeat(10_000)}` }), // nested too deeply: 422
];

describe('under mixed load on a real socket', () => {
  it('answers no 5xx but deliberate 503s, and its heap returns near its start', async () => {
    // Warm up, so the start figure includes what stays for the life of the process.
    for (let i = 0; i < 20; i++) await fetch(`${base}/v1/expression.svg`, { method: 'POST', body: SMALL, headers: { 'content-type': 'application/json' } }).then((r) => r.arrayBuffer());
    const heapAtStart = await settledHeapUsed();

    const { small, health, pathological, pathologicalErrors } = await mixedLoad({
      base,
      seconds: 5,
      connections: 8,
      smallBody: SMALL,
      pathologicalBody: (i) => (PATHOLOGICAL[i % PATHOLOGICAL.length] as (i: number) => string)(i),
      parallel: 3,
    });

    const smallStatuses = new Map<number, number>();
    addStatusCounts(smallStatuses, small.statusCodeStats);
    const healthStatuses = new Map<number, number>();
    addStatusCounts(healthStatuses, health.statusCodeStats);
    const counts = JSON.stringify({ small: [...smallStatuses], health: [...healthStatuses], pathological: [...pathological] });

    // The small requests are answered or, when every worker is busy and the queue full, shed.
    expect([...smallStatuses.keys()].every((status) => status === 200 || status === 503), counts).toBe(true);
    expect(smallStatuses.get(200) ?? 0, counts).toBeGreaterThan(0);
    expect(small.errors + small.timeouts, counts).toBe(0);
    // The liveness probe is never shed.
    expect([...healthStatuses.keys()], counts).toEqual([200]);
    expect(health.errors + health.timeouts, counts).toBe(0);
    // Each pathological request gets its own client error, or a 503 when shed.
    expect([...pathological.keys()].every((status) => [413, 422, 503].includes(status)), counts).toBe(true);
    expect(pathological.get(422) ?? 0, counts).toBeGreaterThan(0);
    expect(pathological.get(413) ?? 0, counts).toBeGreaterThan(0);
    expect(pathologicalErrors, counts).toEqual([]);

    const heapAfter = await settledHeapUsed();
    // Without a real collection the heap only settles loosely, hence the wider margin.
    const margin = garbageCollector() === undefined ? Math.max(50 * MB, heapAtStart * 0.5) : 50 * MB;
    expect(heapAfter, `heap ${(heapAtStart / MB).toFixed(1)} MB -> ${(heapAfter / MB).toFixed(1)} MB`).toBeLessThan(heapAtStart + margin);
  }, 30_000);
});
