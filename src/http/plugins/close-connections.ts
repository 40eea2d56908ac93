import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { PoolClosedError } from '../../jobs/pool.js';

// Probes keep answering to the end: /readyz says the service is stopping.
const ALWAYS_ANSWERED = new Set(['/healthz', '/readyz']);

/**
 * Once the server closes, a keep-alive connection can still bring a new request: it is refused
 * as a problem (503, Retry-After), which Fastify's own `return503OnClosing` would answer in a
 * shape outside the contract.
 *
 * On close, Fastify drops idle keep-alive connections once, but a connection whose request is
 * still running becomes idle only after its answer and would then hold the server open until
 * the keep-alive timeout. Answers sent while closing carry `Connection: close` instead.
 */
const closeConnections: FastifyPluginAsync = async (app) => {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request) => {
    if (closing && !ALWAYS_ANSWERED.has(request.routeOptions.url ?? '')) throw new PoolClosedError(1);
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
};

export default fp(closeConnections, { name: 'gradviz-close-connections', fastify: '5.x' });
