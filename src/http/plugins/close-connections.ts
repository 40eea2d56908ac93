import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/**
 * On close, Fastify drops idle keep-alive connections once, but a connection whose request is
 * still running becomes idle only after its answer and would then hold the server open until
 * the keep-alive timeout. Answers sent while closing carry `Connection: close` instead.
 */
const closeConnections: FastifyPluginAsync = async (app) => {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
};

export default fp(closeConnections, { name: 'gradviz-close-connections', fastify: '5.x' });
