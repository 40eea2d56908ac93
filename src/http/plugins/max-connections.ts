import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

export interface MaxConnectionsOptions {
  /** Sockets open at once; Node closes one more as soon as it is accepted. */
  max: number;
}

/**
 * Caps open sockets, so a flood of idle connections runs into this limit rather than into the
 * process's open-file limit (which would also stop the workers from loading anything).
 */
const maxConnections: FastifyPluginAsync<MaxConnectionsOptions> = async (app, { max }) => {
  app.server.maxConnections = max;
  app.server.on('drop', (data?: { remoteAddress?: string }) => {
    app.log.debug({ remoteAddress: data?.remoteAddress, max }, 'connection dropped: MAX_CONNECTIONS reached');
  });
};

export default fp(maxConnections, { name: 'gradviz-max-connections', fastify: '5.x' });
