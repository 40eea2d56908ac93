import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { problemFromError } from '../problem/from-error.js';
import { instanceOf, sendProblem } from '../problem/reply.js';

/**
 * Every error thrown while answering a request ends here and leaves as a problem. Errors the
 * client caused are logged at info; anything else is a 500 whose message stays in the log.
 */
const errorHandler: FastifyPluginAsync = async (app) => {
  app.setErrorHandler((error, request, reply) => {
    const problem = problemFromError(error, {
      instance: instanceOf(request),
      bodyLimit: request.routeOptions.bodyLimit ?? app.initialConfig.bodyLimit ?? 1024 * 1024,
    });
    // Shedding load is the service working as meant: a warning, and the client is told when to retry.
    const retryAfter = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if ((problem.status === 503 || problem.status === 429) && typeof retryAfter === 'number') {
      reply.header('retry-after', String(retryAfter));
    }
    if (problem.status === 503) request.log.warn({ problem: problem.type, detail: problem.detail }, 'request shed');
    else if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ problem: problem.type, detail: problem.detail }, 'request refused');
    return sendProblem(request, reply, problem);
  });
};

export default fp(errorHandler, { name: 'gradviz-error-handler', fastify: '5.x' });
