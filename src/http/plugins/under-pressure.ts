import underPressure from '@fastify/under-pressure';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { getHeapStatistics } from 'node:v8';

export interface PressureOptions {
  /** Mean event loop delay (ms) over a sample above which requests are shed. Default 1000; 0 turns it off. */
  maxEventLoopDelayMs?: number;
  /** Heap in use above which requests are shed. Default 90% of V8's heap limit; 0 turns it off. */
  maxHeapUsedBytes?: number;
  /** Resident memory above which requests are shed. Default 0 (off); set it below the container's limit. */
  maxRssBytes?: number;
  /** How often the figures are sampled, in ms. Default 1000, at least 50. */
  sampleIntervalMs?: number;
  /** The Retry-After of a shed request, in seconds. Default 5. */
  retryAfterSeconds?: number;
  /** Route patterns never shed. Default /healthz (a liveness probe must not fail under load) and /metrics. */
  exclude?: readonly string[];
}

/** The process is overloaded (event loop or memory): answer 503 with Retry-After. */
export class ServiceOverloadedError extends Error {
  override readonly name = 'ServiceOverloadedError';
  readonly statusCode = 503;
  constructor(
    readonly retryAfterSeconds: number,
    /** Which figure was over its limit (under-pressure's type: eventLoopDelay, heapUsedBytes, rssBytes). */
    readonly reason: string,
  ) {
    super('the service is overloaded; try again shortly');
  }
}

/**
 * Sheds load when the HTTP thread itself is in trouble (the worker pool sheds its own with its
 * queue limit). Shed requests reach the app's error handler as ServiceOverloadedError.
 */
const pressure: FastifyPluginAsync<PressureOptions> = async (app, options) => {
  const retryAfterSeconds = options.retryAfterSeconds ?? 5;
  const exclude = new Set(options.exclude ?? ['/healthz', '/metrics']);

  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs ?? 1000,
    maxHeapUsedBytes: options.maxHeapUsedBytes ?? Math.floor(getHeapStatistics().heap_size_limit * 0.9),
    maxRssBytes: options.maxRssBytes ?? 0,
    // under-pressure reads a sample with no event loop measurement in it (its resolution is
    // 10 ms) as an infinite delay, so an interval near 10 ms would shed everything.
    sampleInterval: Math.max(50, options.sampleIntervalMs ?? 1000),
    // under-pressure has no exclusion list; a handler that returns nothing lets the request through.
    pressureHandler: async (request, reply, type) => {
      if (request.routeOptions.url !== undefined && exclude.has(request.routeOptions.url)) return;
      reply.header('Retry-After', String(retryAfterSeconds));
      throw new ServiceOverloadedError(retryAfterSeconds, type);
    },
  });
};

export default fp(pressure, { name: 'gradviz-under-pressure', fastify: '5.x' });
