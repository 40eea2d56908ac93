import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { ResultCache } from '../jobs/result-cache.js';
import { ProblemPictures } from './problem/picture.js';
import { Refusals } from './refusals.js';
import { Answers } from './answers.js';
import bodyEncoding from './plugins/body-encoding.js';
import cors from './plugins/cors.js';
import errorHandler from './plugins/error-handler.js';
import jsonBody from './plugins/json-body.js';
import closeConnections from './plugins/close-connections.js';
import compression from './plugins/compression.js';
import drain from './plugins/drain.js';
import limitRate from './plugins/rate-limit.js';
import maxConnections from './plugins/max-connections.js';
import metrics from './plugins/metrics.js';
import notAcceptable from './plugins/not-acceptable.js';
import notFound from './plugins/not-found.js';
import playground from './plugins/playground.js';
import pressure from './plugins/under-pressure.js';
import requestId from './plugins/request-id.js';
import securityHeaders from './plugins/security-headers.js';
import textBody from './plugins/text-body.js';
import docs from './plugins/swagger.js';
import urlLimit from './plugins/url-limit.js';
import webComponent from './plugins/web-component.js';
import { budgetOf, createJobs } from './jobs.js';
import expressionImageRoutes from './routes/expression-images.js';
import expressionRoutes from './routes/expression.js';
import exportRoutes from './routes/export.js';
import healthRoutes from './routes/health.js';
import krokiRoutes from './routes/kroki.js';
import mlpBoundaryRoutes from './routes/mlp-boundary.js';
import mlpImageRoutes from './routes/mlp-images.js';
import mlpRoutes from './routes/mlp.js';
import { createValidatorCompiler, formatSchemaErrors } from './validation.js';

export interface AppOptions {
  config: Config;
}

/**
 * gradviz's HTTP app, as a plugin: the server registers it on an instance built from
 * serverOptions(config), and so do the tests.
 */
const app: FastifyPluginAsync<AppOptions> = async (fastify, { config }) => {
  fastify.setValidatorCompiler(createValidatorCompiler());
  fastify.setSchemaErrorFormatter(formatSchemaErrors);

  // Cross-cutting plugins first: they see the routes registered after them.
  await fastify.register(requestId);
  // CORS first, so that even a refused request (a URL over the limit) is readable by the page.
  await fastify.register(cors, { origins: config.corsOrigins });
  await fastify.register(urlLimit, { maxUrlLength: config.maxUrlLength });
  await fastify.register(securityHeaders);
  await fastify.register(bodyEncoding);
  await fastify.register(notAcceptable);
  // Before every route: it attaches to routes as they are added.
  await fastify.register(compression);
  await fastify.register(jsonBody);
  await fastify.register(textBody);
  await fastify.register(errorHandler);
  await fastify.register(notFound);
  await fastify.register(docs);

  // Evaluation and layout run in worker threads. When the server stops accepting, jobs still
  // waiting are answered 503 at once and running ones finish; the workers stop after the last answer.
  const jobs = createJobs(config, fastify.log);
  fastify.addHook('preClose', async () => {
    // Not awaited here: Fastify waits for the running jobs' answers; onClose awaits (and reports) the rest.
    jobs.pool.close({ mode: 'refuse-waiting' }).catch(() => {});
  });
  fastify.addHook('onClose', async () => jobs.pool.close());
  await fastify.register(drain);
  await fastify.register(closeConnections);
  await fastify.register(maxConnections, { max: config.maxConnections });
  // Rendered answers, shared by every route that draws: a repeated request costs no layout.
  const cache = new ResultCache({ maxBytes: config.cacheMaxBytes });
  await fastify.register(metrics, {
    pool: jobs.pool,
    caches: { results: cache.counts },
    port: config.metricsPort,
    host: config.host,
  });
  await fastify.register(pressure, {
    maxEventLoopDelayMs: config.pressure.maxEventLoopDelayMs,
    ...(config.pressure.maxHeapUsedBytes > 0 ? { maxHeapUsedBytes: config.pressure.maxHeapUsedBytes } : {}),
    maxRssBytes: config.pressure.maxRssBytes,
  });
  await fastify.register(limitRate, {
    enabled: config.rateLimitMax > 0,
    max: config.rateLimitMax,
    timeWindowMs: config.rateLimitWindowMs,
  });

  // Problems drawn for image clients go through the same pool; load shedding's are drawn once, now.
  fastify.decorate('problemPictures', await ProblemPictures.prepare(jobs));

  await fastify.register(healthRoutes, { isReady: jobs.isReady, isStopping: () => fastify.draining });
  const shapedBy = { limits: config.limits, mlpLimits: config.mlpLimits, gradcheck: config.gradcheck, budget: budgetOf(config) };
  const refusals = new Refusals(config.refusedTimeoutTtlMs);
  const answers = new Answers({ jobs, cache, refusals, maxAgeSeconds: config.cacheMaxAgeSeconds, shapedBy });
  await fastify.register(expressionRoutes, { answers });
  await fastify.register(expressionImageRoutes, { answers, encodedSource: config.encodedSource });
  await fastify.register(mlpRoutes, { answers });
  await fastify.register(mlpImageRoutes, { answers, encodedSource: config.encodedSource });
  await fastify.register(exportRoutes, { answers });
  await fastify.register(mlpBoundaryRoutes, { answers, encodedSource: config.encodedSource });
  await fastify.register(krokiRoutes, { answers, encodedSource: config.encodedSource });

  // The playground page at / (one route per built file, so it never shadows the API's 404s).
  await fastify.register(playground);
  await fastify.register(webComponent);
};

export default fp(app, { name: 'gradviz-app', fastify: '5.x' });
