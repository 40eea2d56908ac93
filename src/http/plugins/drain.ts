import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The first step of a graceful shutdown: from now on /readyz answers 503, so the load
     * balancer stops sending traffic, while every route keeps answering until the server closes.
     */
    startDraining(): void;
    /** True once startDraining() was called. */
    readonly draining: boolean;
  }
}

const drain: FastifyPluginAsync = async (app) => {
  let draining = false;
  app.decorate('startDraining', () => {
    draining = true;
  });
  app.decorate('draining', {
    getter: () => draining,
  });
};

export default fp(drain, { name: 'gradviz-drain', fastify: '5.x' });
