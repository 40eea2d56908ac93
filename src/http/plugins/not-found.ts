import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { problem } from '../problem/from-error.js';
import { instanceOf, sendProblem } from '../problem/reply.js';

/**
 * Unknown paths are 404; a known path asked with the wrong method is 405 with `Allow`. Register
 * it before the routes: it learns their paths as they are added.
 */
const notFound: FastifyPluginAsync = async (app) => {
  const routes: { method: string; path: RegExp }[] = [];
  app.addHook('onRoute', (route) => {
    const path = patternOf(route.url ?? route.path);
    for (const method of [route.method].flat()) routes.push({ method, path });
  });

  app.setNotFoundHandler((request, reply) => {
    const instance = instanceOf(request);
    const allowed = [...new Set(routes.filter((route) => route.path.test(instance)).map((route) => route.method))];
    if (allowed.length === 0) {
      return sendProblem(request, reply, problem('not-found', `there is no ${request.method} ${instance}`, { instance }));
    }
    reply.header('allow', allowed.join(', '));
    const detail = `${instance} answers ${allowed.join(', ')}, not ${request.method}`;
    return sendProblem(request, reply, problem('method-not-allowed', detail, { instance }));
  });
};

/** A route's path as a regular expression: `:name` matches one segment, `*` the rest. */
function patternOf(url: string): RegExp {
  const segments = url.split('/').map((segment) => {
    if (segment.startsWith(':')) return '[^/]+';
    if (segment === '*') return '.*';
    return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  });
  return new RegExp(`^${segments.join('/')}$`);
}

export default fp(notFound, { name: 'gradviz-not-found', fastify: '5.x' });
