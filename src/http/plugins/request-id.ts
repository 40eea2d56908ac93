import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// Ids end up in logs: an incoming one is kept only if it is short and plain.
const PLAIN_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Keeps a caller's request id (a proxy's, say) so logs line up across services; else makes one. */
export function requestIdOf(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && PLAIN_ID.test(incoming) ? incoming : newRequestId();
}

/** An id for a request that brought none (or none that could be read). */
export function newRequestId(): string {
  return randomUUID();
}

/** Answers every request with its id, so a client can quote it when something failed. */
const echoRequestId: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
};

export default fp(echoRequestId, { name: 'gradviz-request-id', fastify: '5.x' });
