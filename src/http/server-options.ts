import type { FastifyHttpOptions } from 'fastify';
import type { Server } from 'node:http';
import type { Config } from '../config.js';
import { answerClientError } from './client-error.js';
import { requestIdOf } from './plugins/request-id.js';
import { problemFromError } from './problem/from-error.js';
import { instanceOf, sendProblem } from './problem/reply.js';

/**
 * Options of the Fastify instance the app is registered on: the server and the tests build it
 * from the same function, so they differ only in their logger.
 */
export function serverOptions(config: Config): FastifyHttpOptions<Server> {
  const maxHeaderSize = Math.max(16 * 1024, config.maxUrlLength + 16 * 1024);
  return {
    bodyLimit: config.bodyLimit,
    trustProxy: trustProxyOption(config.trustProxy),
    // A slow client (slow-loris) cannot hold a connection open forever: each phase has a deadline.
    requestTimeout: config.timeouts.requestMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    connectionTimeout: config.timeouts.connectionMs,
    // genReqId reads and checks the incoming header itself.
    requestIdHeader: false,
    genReqId: requestIdOf,
    // The close-connections plugin refuses requests on a closing server, as problems.
    return503OnClosing: false,
    // Fastify's default of 100 would refuse a long encoded source before its route; no path
    // parameter can outgrow the headers Node accepts, so the url-limit plugin is what answers 414.
    routerOptions: { maxParamLength: maxHeaderSize },
    // Node refuses a request line and headers over 16 KiB with a 431 before Fastify sees them;
    // leave room for the longest URL allowed plus ordinary headers.
    http: {
      maxHeaderSize,
      headersTimeout: config.timeouts.headersMs,
      // Node checks the headers and request timeouts every 30 s by default, so they fired up to
      // 30 s late; checking twice a second keeps them within half a second of their setting.
      connectionsCheckingInterval: Math.min(500, Math.ceil(config.timeouts.headersMs / 4)),
    },
    // Malformed HTTP, 408 and 431 come from Node's parser, before Fastify has a request.
    clientErrorHandler: answerClientError,
    // Errors found before routing (a URL that does not decode) skip the app's error handler.
    frameworkErrors: (error, request, reply) => {
      const problem = problemFromError(error, { instance: instanceOf(request), bodyLimit: config.bodyLimit });
      void sendProblem(request, reply, problem);
    },
  };
}

/** Fastify reads a hop count as proxy-addr does, but its types only take a function for it. */
function trustProxyOption(trust: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : trust;
}
