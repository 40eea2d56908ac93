import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobPoolObservable } from '../../jobs/protocol.js';
import { listen, metricsServer } from './metrics-listener.js';
import { PROBE_PROBLEMS } from '../schemas/problem.js';

/** Cumulative counts of a cache, read at each scrape. */
export type CacheCounts = () => { hits: number; misses: number };

export interface MetricsOptions {
  /** Queue depth, active jobs and job durations come from here. */
  pool?: JobPoolObservable;
  /** Caches by name (the `cache` label), e.g. `{ render: () => ({ hits, misses }) }`. */
  caches?: Record<string, CacheCounts>;
  /** Node's process metrics (CPU, memory, event loop lag, GC). Default true. */
  defaultMetrics?: boolean;
  /** Default `/metrics`. */
  path?: string;
  /** A port of its own for `/metrics` (0, the default: served by the app). */
  port?: number;
  /** Where that port listens. Default 0.0.0.0. */
  host?: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    metricsRegistry: Registry;
  }
}

const METRICS_SCHEMA = {
  operationId: 'getMetrics',
  tags: ['operations'],
  summary: 'Metrics in Prometheus text format',
  description:
    'Requests by route and status, latency histograms, job durations and waits by kind and outcome, queue depth, ' +
    'active jobs, worker threads, result-cache hits and misses, and Node\'s process metrics. Never shed or rate limited.',
  response: {
    200: {
      description: 'The Prometheus text exposition format, version 0.0.4.',
      content: {
        'text/plain': {
          schema: {
            type: 'string',
            description: 'One sample a line, after its HELP and TYPE lines.',
            examples: ['# HELP gradviz_jobs_active Jobs running in a worker.\n# TYPE gradviz_jobs_active gauge\ngradviz_jobs_active 0\n'],
          },
        },
      },
    },
    ...PROBE_PROBLEMS,
  },
};

// HTTP answers are mostly milliseconds; layouts run up to the job time limit.
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const JOB_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * `GET /metrics` in Prometheus text format, on a registry of its own so several apps in one
 * process (tests) do not collide. Register it before the routes so its hook sees them all.
 */
const metrics: FastifyPluginAsync<MetricsOptions> = async (app, options) => {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const requests = new Counter({
    name: 'gradviz_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gradviz_http_request_duration_seconds',
    help: 'Time from receiving a request to sending its answer, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL, so label values stay few.
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status_code: String(reply.statusCode),
    };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  const pool = options.pool;
  if (pool) {
    const jobs = new Counter({
      name: 'gradviz_jobs_total',
      help: 'Jobs submitted to the worker pool, by job kind and outcome (busy: refused because the queue was full).',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'gradviz_job_duration_seconds',
      help: 'Time a job spent in a worker (or on the HTTP thread, for inline jobs), by job kind and outcome.',
      labelNames: ['job', 'outcome'],
      buckets: JOB_BUCKETS,
      registers: [registry],
    });
    const wait = new Histogram({
      name: 'gradviz_job_wait_seconds',
      help: 'Time a job waited in the queue for a worker, by job kind.',
      labelNames: ['job'],
      buckets: JOB_BUCKETS,
      registers: [registry],
    });
    const here = new Counter({
      name: 'gradviz_jobs_inline_total',
      help: 'Of gradviz_jobs_total, the jobs small enough to run on the HTTP thread without a worker, by job kind and outcome.',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    });
    const unsubscribe = pool.onJobSettled((event) => {
      jobs.inc({ job: event.job, outcome: event.outcome });
      if (event.here) here.inc({ job: event.job, outcome: event.outcome });
      if (!event.started) return;
      duration.observe({ job: event.job, outcome: event.outcome }, event.runMs / 1000);
      wait.observe({ job: event.job }, event.waitMs / 1000);
    });
    app.addHook('onClose', async () => unsubscribe());

    new Gauge({
      name: 'gradviz_job_queue_depth',
      help: 'Jobs waiting for a worker.',
      registers: [registry],
      collect() {
        this.set(pool.stats().queued);
      },
    });
    new Gauge({
      name: 'gradviz_jobs_active',
      help: 'Jobs running in a worker.',
      registers: [registry],
      collect() {
        this.set(pool.stats().active);
      },
    });
    new Gauge({
      name: 'gradviz_job_threads',
      help: 'Worker threads the pool runs jobs on at full size.',
      registers: [registry],
      collect() {
        this.set(pool.stats().threads);
      },
    });
  }

  const caches = Object.entries(options.caches ?? {});
  if (caches.length > 0) {
    // The caches keep their own cumulative counts; mirror them at each scrape.
    const mirror = (name: string, help: string, pick: (counts: { hits: number; misses: number }) => number) =>
      new Counter({
        name,
        help,
        labelNames: ['cache'],
        registers: [registry],
        collect() {
          this.reset();
          for (const [cache, counts] of caches) this.inc({ cache }, pick(counts()));
        },
      });
    mirror('gradviz_cache_hits_total', 'Cache lookups that found an answer, by cache.', (counts) => counts.hits);
    mirror('gradviz_cache_misses_total', 'Cache lookups that found nothing, by cache.', (counts) => counts.misses);
  }

  app.decorate('metricsRegistry', registry);
  if (options.port !== undefined && options.port !== 0) {
    const server = metricsServer(registry);
    const port = options.port;
    app.addHook('onReady', async () => listen(server, port, options.host ?? '0.0.0.0'));
    app.addHook('onClose', async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });
    return;
  }
  app.get(options.path ?? '/metrics', { schema: METRICS_SCHEMA }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });
};

export default fp(metrics, { name: 'gradviz-metrics', fastify: '5.x' });
