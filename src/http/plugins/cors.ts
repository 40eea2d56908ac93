import cors from '@fastify/cors';
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

export interface CorsOptions {
  /** Origins whose pages may call the API; `['*']` for any (the API holds no cookies or credentials). */
  origins: readonly string[];
}

/**
 * Browser-based teaching tools call the API from their own origin. Register it before the routes
 * and before the not-found handler learns them: its catch-all OPTIONS route would otherwise make
 * every unknown path a 405.
 */
const allowOrigins: FastifyPluginAsync<CorsOptions> = async (app, { origins }) => {
  await app.register(cors, {
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'HEAD', 'POST'],
    allowedHeaders: ['Content-Type', 'Accept', 'If-None-Match', 'X-Request-Id'],
    // Scripts may read the tag (to send If-None-Match themselves) and the id to quote in a report.
    exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After'],
    maxAge: 86_400,
  });
};

export default fp(allowOrigins, { name: 'gradviz-cors', fastify: '5.x' });
