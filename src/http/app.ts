import type { FastifyPluginAsync } from 'fastify';
import type { Config } from '../config.js';
import { runExpressionJob } from '../render/expression-job.js';
import { runMlpJob } from '../render/mlp-job.js';
import errorHandler from './plugins/error-handler.js';
import jsonBody from './plugins/json-body.js';
import notFound from './plugins/not-found.js';
import requestId from './plugins/request-id.js';
import { shareScope } from './plugins/share-scope.js';
import docs from './plugins/swagger.js';
import { startGraphviz } from './readiness.js';
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

  const limits = { ...config.limits, maxDrawnValues: config.maxDrawnValues };
  await fastify.register(healthRoutes, { isReady: startGraphviz(fastify.log) });
  await fastify.register(expressionRoutes, { run: (request, format) => runExpressionJob(request, limits, format) });
  const mlpLimits = { ...config.mlpLimits, maxDrawnValues: config.maxDrawnValues };
  await fastify.register(mlpRoutes, { run: (request, format) => runMlpJob(request, mlpLimits, format) });
};

export default shareScope(app, 'gradviz-app');
