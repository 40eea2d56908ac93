import type { FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';
import { requestIdOf } from './plugins/request-id.js';

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
  };
}
