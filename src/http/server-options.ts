import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';
import { requestIdOf } from './plugins/request-id.js';
import { problemFromError } from './problem/from-error.js';
import { instanceOf, sendProblem } from './problem/reply.js';

/**
 * Options of the Fastify instance the app is registered on: the server and the tests build it
 * from the same function, so they differ only in their logger.
 */
export function serverOptions(config: Config): FastifyServerOptions {
  return {
    bodyLimit: config.bodyLimit,
    // genReqId reads and checks the incoming header itself.
    requestIdHeader: false,
    genReqId: requestIdOf,
    return503OnClosing: true,
    // Errors found before routing (a URL that does not decode) skip the app's error handler.
    frameworkErrors: (error, request, reply) => {
      const problem = problemFromError(error, { instance: instanceOf(request), bodyLimit: config.bodyLimit });
      void sendProblem(request, reply, problem);
    },
  };
}
