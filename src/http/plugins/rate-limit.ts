import rateLimit from '@fastify/rate-limit';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

export interface RateLimitOptions {
  /** Default false: the service is open unless an operator turns this on. */
  enabled?: boolean;
  /** Requests per client per window. Default 60. */
  max?: number;
  /** The window, in ms. Default 60 000. */
  timeWindowMs?: number;
  /** Route patterns never limited. Default the probes and /metrics, which infrastructure polls. */
  exclude?: readonly string[];
}

/** A client sent more than its share: answer 429 (Retry-After is set by the limiter). */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  readonly statusCode = 429;
  constructor(
    readonly retryAfterSeconds: number,
    readonly max: number,
  ) {
    super(`too many requests: at most ${max} per window; retry in ${retryAfterSeconds} s`);
  }
}

/**
 * Limits requests per client. A client is its IP address as Fastify sees it, so behind a proxy
 * the app must be built with `trustProxy` for X-Forwarded-For to count (and must not be, when
 * clients can reach it directly, or they could pick their own key). IPv6 clients are grouped by
 * /56 network, as @fastify/rate-limit does by default. Register it before the routes: it attaches
 * to routes as they are added.
 */
const limitRate: FastifyPluginAsync<RateLimitOptions> = async (app, options) => {
  if (!(options.enabled ?? false)) return;
  const exclude = new Set(options.exclude ?? ['/healthz', '/readyz', '/metrics']);

  await app.register(rateLimit, {
    global: true,
    max: options.max ?? 60,
    timeWindow: options.timeWindowMs ?? 60_000,
    allowList: (request) => request.routeOptions.url !== undefined && exclude.has(request.routeOptions.url),
    errorResponseBuilder: (_request, context) => new RateLimitedError(Math.ceil(context.ttl / 1000), context.max),
  });
};

export default fp(limitRate, { name: 'gradviz-rate-limit', fastify: '5.x' });
