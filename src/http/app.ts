import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.js';
import errorHandler from './plugins/error-handler.js';
import jsonBody from './plugins/json-body.js';
import limitRate from './plugins/rate-limit.js';
import metrics from './plugins/metrics.js';
import notFound from './plugins/not-found.js';
import pressure from './plugins/under-pressure.js';
import requestId from './plugins/request-id.js';
import { shareScope } from './plugins/share-scope.js';
import docs from './plugins/swagger.js';
import { createJobs } from './jobs.js';
import expressionRoutes from './routes/expression.js';
import healthRoutes from './routes/health.js';
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
  await fastify.register(jsonBody);
  await fastify.register(errorHandler);
  await fastify.register(notFound);
  await fastify.register(docs);

  // Evaluation and layout run in worker threads; the pool stops once the server's requests are done.
  const jobs = createJobs(config, fastify.log);
  fastify.addHook('onClose', async () => jobs.pool.close());
  await fastify.register(metrics, { pool: jobs.pool });
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

  await fastify.register(healthRoutes, { isReady: jobs.isReady });
  await fastify.register(expressionRoutes, { run: jobs.expression });
  await fastify.register(mlpRoutes, { run: jobs.mlp });
};

export default shareScope(app, 'gradviz-app');
