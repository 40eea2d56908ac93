import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import metrics, { type MetricsOptions } from '../../../src/http/plugins/metrics.js';
import type { JobPoolObservable, JobPoolStats, JobSettledEvent } from '../../../src/jobs/protocol.js';
import { JobPool } from '../../../src/jobs/pool.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Reads the Prometheus text format: one sample per line, `name{label="value",...} number`. */
function parseSamples(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const label of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[label[1]!] = label[2]!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with this name and exactly these labels, or undefined. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = samples.filter(
    (sample) =>
      sample.name === name &&
      Object.keys(sample.labels).length === Object.keys(labels).length &&
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

const apps: FastifyInstance[] = [];
const pools: JobPool[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  await Promise.all(pools.splice(0).map((pool) => pool.close({ mode: 'force' })));
});

async function buildApp(options: MetricsOptions = {}): Promise<FastifyInstance> {
  const app = Fastify();
  apps.push(app);
  await app.register(metrics, options);
  app.get('/items/:id', async () => ({ ok: true }));
  app.get('/fails', async () => {
    throw Object.assign(new Error('no'), { statusCode: 422 });
  });
  await app.ready();
  return app;
}

async function scrape(app: FastifyInstance): Promise<Sample[]> {
  const response = await app.inject({ method: 'GET', url: '/metrics' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseSamples(response.body);
}

class FakePool implements JobPoolObservable {
  current: JobPoolStats = {
    threads: 4,
    queued: 0,
    active: 0,
    settled: { ok: 0, 'domain-error': 0, timeout: 0, cancelled: 0, crashed: 0, busy: 0, closed: 0 },
    ranHere: 0,
  };
  readonly listeners = new Set<(event: JobSettledEvent) => void>();
  stats(): JobPoolStats {
    return this.current;
  }
  onJobSettled(listener: (event: JobSettledEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: JobSettledEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

describe('metrics plugin', () => {
  it('counts requests by route pattern and status, and times them', async () => {
    const app = await buildApp();
    await app.inject('/items/1');
    await app.inject('/items/2');
    await app.inject('/fails');
    await app.inject('/nowhere/at/all');

    const samples = await scrape(app);
    const ok = { method: 'GET', route: '/items/:id', status_code: '200' };
    expect(valueOf(samples, 'gradviz_http_requests_total', ok)).toBe(2);
    expect(valueOf(samples, 'gradviz_http_request_duration_seconds_count', ok)).toBe(2);
    expect(valueOf(samples, 'gradviz_http_request_duration_seconds_sum', ok)).toBeGreaterThan(0);
    expect(valueOf(samples, 'gradviz_http_request_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(2);
    expect(
      valueOf(samples, 'gradviz_http_requests_total', { method: 'GET', route: '/fails', status_code: '422' }),
    ).toBe(1);
    expect(
      valueOf(samples, 'gradviz_http_requests_total', { method: 'GET', route: 'unmatched', status_code: '404' }),
    ).toBe(1);
    // Raw URLs never become label values.
    expect(samples.some((sample) => sample.labels.route === '/items/1')).toBe(false);
  });

  it('includes the process metrics unless turned off', async () => {
    const withDefaults = await scrape(await buildApp());
    expect(withDefaults.some((sample) => sample.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(withDefaults.some((sample) => sample.name === 'nodejs_eventloop_lag_seconds')).toBe(true);

    const without = await scrape(await buildApp({ defaultMetrics: false }));
    expect(without.some((sample) => sample.name.startsWith('process_'))).toBe(false);
  });

  it('reports the pool queue depth, active jobs and job durations by kind and outcome', async () => {
    const pool = new FakePool();
    const app = await buildApp({ pool });
    pool.current = { ...pool.current, queued: 3, active: 2 };
    pool.emit({ job: 'expression', outcome: 'ok', started: true, waitMs: 20, runMs: 40 });
    pool.emit({ job: 'expression', outcome: 'ok', started: true, waitMs: 0, runMs: 60 });
    pool.emit({ job: 'mlp', outcome: 'timeout', started: true, waitMs: 0, runMs: 10_000 });
    pool.emit({ job: 'expression', outcome: 'busy', started: false, waitMs: 0, runMs: 0 });

    const samples = await scrape(app);
    expect(valueOf(samples, 'gradviz_job_queue_depth')).toBe(3);
    expect(valueOf(samples, 'gradviz_jobs_active')).toBe(2);
    expect(valueOf(samples, 'gradviz_job_threads')).toBe(4);
    expect(valueOf(samples, 'gradviz_jobs_total', { job: 'expression', outcome: 'ok' })).toBe(2);
    expect(valueOf(samples, 'gradviz_jobs_total', { job: 'expression', outcome: 'busy' })).toBe(1);
    expect(valueOf(samples, 'gradviz_jobs_total', { job: 'mlp', outcome: 'timeout' })).toBe(1);

    const expressionOk = { job: 'expression', outcome: 'ok' };
    expect(valueOf(samples, 'gradviz_job_duration_seconds_count', expressionOk)).toBe(2);
    expect(valueOf(samples, 'gradviz_job_duration_seconds_sum', expressionOk)).toBeCloseTo(0.1, 10);
    expect(valueOf(samples, 'gradviz_job_duration_seconds_bucket', { ...expressionOk, le: '0.05' })).toBe(1);
    expect(valueOf(samples, 'gradviz_job_duration_seconds_bucket', { ...expressionOk, le: '0.1' })).toBe(2);
    expect(valueOf(samples, 'gradviz_job_duration_seconds_sum', { job: 'mlp', outcome: 'timeout' })).toBe(10);
    // A refused job never ran: it is counted but has no duration.
    expect(valueOf(samples, 'gradviz_job_duration_seconds_count', { job: 'expression', outcome: 'busy' })).toBe(
      undefined,
    );
    expect(valueOf(samples, 'gradviz_job_wait_seconds_sum', { job: 'expression' })).toBeCloseTo(0.02, 10);

    pool.current = { ...pool.current, queued: 0, active: 1 };
    const later = await scrape(app);
    expect(valueOf(later, 'gradviz_job_queue_depth')).toBe(0);
    expect(valueOf(later, 'gradviz_jobs_active')).toBe(1);
  });

  it('stops listening to the pool when the app closes', async () => {
    const pool = new FakePool();
    const app = await buildApp({ pool });
    expect(pool.listeners.size).toBe(1);
    await app.close();
    expect(pool.listeners.size).toBe(0);
  });

  it('sees the jobs of a real worker pool', async () => {
    const pool = new JobPool({
      filename: new URL('../../fixtures/workers/test-worker.ts', import.meta.url),
      maxThreads: 1,
    });
    pools.push(pool);
    const app = await buildApp({ pool });
    await pool.run({ job: 'echo', input: {} });
    await pool.run({ job: 'syntax-error', input: {} }).catch(() => {});

    const samples = await scrape(app);
    expect(valueOf(samples, 'gradviz_jobs_total', { job: 'echo', outcome: 'ok' })).toBe(1);
    expect(valueOf(samples, 'gradviz_jobs_total', { job: 'syntax-error', outcome: 'domain-error' })).toBe(1);
    expect(valueOf(samples, 'gradviz_job_threads')).toBe(1);
    expect(valueOf(samples, 'gradviz_job_queue_depth')).toBe(0);
  });

  it('mirrors the hit and miss counts of each cache at every scrape', async () => {
    const render = { hits: 5, misses: 2 };
    const app = await buildApp({ caches: { render: () => render, parse: () => ({ hits: 0, misses: 7 }) } });

    const first = await scrape(app);
    expect(valueOf(first, 'gradviz_cache_hits_total', { cache: 'render' })).toBe(5);
    expect(valueOf(first, 'gradviz_cache_misses_total', { cache: 'render' })).toBe(2);
    expect(valueOf(first, 'gradviz_cache_hits_total', { cache: 'parse' })).toBe(0);
    expect(valueOf(first, 'gradviz_cache_misses_total', { cache: 'parse' })).toBe(7);

    render.hits = 9;
    const second = await scrape(app);
    expect(valueOf(second, 'gradviz_cache_hits_total', { cache: 'render' })).toBe(9);
    expect(valueOf(second, 'gradviz_cache_misses_total', { cache: 'render' })).toBe(2);
  });

  it('keeps a registry per app, so two apps in one process do not collide', async () => {
    const first = await buildApp({ defaultMetrics: false });
    const second = await buildApp({ defaultMetrics: false });
    await first.inject('/items/1');
    const seenBySecond = await scrape(second);
    expect(
      valueOf(seenBySecond, 'gradviz_http_requests_total', { method: 'GET', route: '/items/:id', status_code: '200' }),
    ).toBe(undefined);
    expect(first.metricsRegistry).not.toBe(second.metricsRegistry);
  });
});
