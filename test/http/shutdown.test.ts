import { afterEach, describe, expect, it } from 'vitest';
import { crossingProgram } from '../helpers/programs.js';
import { startServer, stopServer, type ServerProcess } from '../helpers/server-process.js';

// The real server process on SIGTERM: /readyz turns 503 at once while requests are still served
// for SHUTDOWN_DRAIN_MS; then the jobs still waiting are answered 503 with Retry-After, the
// running ones finish, and the process exits 0. Nothing here depends on how fast the machine is:
// layouts take seconds each, so with 2 workers and 8 jobs some are always still waiting.

const DRAIN_MS = 1500;
let server: ServerProcess | undefined;

afterEach(() => stopServer(server));

/** A gauge's value from /metrics. */
async function gauge(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

describe('graceful shutdown', () => {
  it('drains, answers every request (waiting jobs with 503), lets running jobs finish and exits 0', async () => {
    server = await startServer({
      WORKER_THREADS: '2',
      JOB_QUEUE_LIMIT: '16',
      JOB_TIME_LIMIT_MS: '120000',
      // Slow layouts are the point here: a layout-cost budget must not refuse them.
      MAX_LAYOUT_COST: '10000000',
      SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
    });
    const { base } = server;

    // Distinct programs, so no answer comes from the result cache.
    const answers = Array.from({ length: 8 }, (_, i) =>
      fetch(`${base}/v1/expression.svg`, {
        method: 'POST',
        // The picture when it is drawn; a refusal as problem+json, which this client prefers for errors.
        headers: { 'content-type': 'application/json', accept: 'application/problem+json, image/svg+xml;q=0.9' },
        body: JSON.stringify({ source: crossingProgram(90 + i), options: { layout: 'graphviz' } }),
      }).then(async (response) => ({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        type: response.headers.get('content-type'),
        body: await response.text(),
      })),
    );
    await expect.poll(() => gauge(base, 'gradviz_jobs_active'), { timeout: 30_000, interval: 100 }).toBe(2);
    await expect.poll(() => gauge(base, 'gradviz_job_queue_depth'), { timeout: 30_000, interval: 100 }).toBe(6);

    const signalled = performance.now();
    server.child.kill('SIGTERM');
    await expect.poll(() => server!.lines.some((line) => line['msg'] === 'draining'), { timeout: 10_000 }).toBe(true);

    // Draining: not ready, but still accepting and answering.
    const readiness = await fetch(`${base}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toEqual({ status: 'stopping' });
    expect((await fetch(`${base}/healthz`, { headers: { connection: 'close' } })).status).toBe(200);

    const settled = await Promise.all(answers);
    const code = await server.exited;
    const seconds = (performance.now() - signalled) / 1000;
    expect(code, server.output().split('\n').slice(-6).join('\n')).toBe(0);

    const finished = settled.filter((answer) => answer.status === 200);
    const refused = settled.filter((answer) => answer.status === 503);
    expect(finished.length + refused.length, JSON.stringify(settled.map((answer) => answer.status))).toBe(8);
    // The two running when the server closed finished; the waiting ones were told to retry.
    expect(finished.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const answer of finished) expect(answer.body).toContain('</svg>');
    for (const answer of refused) {
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(answer.type).toBe('application/problem+json; charset=utf-8');
      expect(JSON.parse(answer.body)).toMatchObject({
        type: 'https://gradviz.dev/problems/service-unavailable',
        status: 503,
        detail: expect.stringContaining('shutting down'),
      });
    }
    expect(server.output()).toContain('"signal":"SIGTERM"');
    console.info(`SIGTERM: ${finished.length} answered 200, ${refused.length} answered 503, exit ${code} after ${seconds.toFixed(1)} s`);
  }, 120_000);

  it('refuses new connections once the drain is over', async () => {
    server = await startServer({ WORKER_THREADS: '1', SHUTDOWN_DRAIN_MS: '200' });
    const { base } = server;
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('skips the drain on SIGINT (Ctrl-C: no load balancer to wait for)', async () => {
    server = await startServer({ WORKER_THREADS: '1', SHUTDOWN_DRAIN_MS: '600000' });
    server.child.kill('SIGINT');
    // Far sooner than the ten-minute drain; the bound only has to tell the two apart.
    const code = await Promise.race([server.exited, new Promise((resolve) => setTimeout(() => resolve('still draining'), 60_000))]);
    expect(code).toBe(0);
  }, 120_000);
});
