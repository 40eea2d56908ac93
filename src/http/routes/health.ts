import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthSchema, NotReadySchema, ReadySchema } from '../schemas/health.js';
import { PROBE_PROBLEMS, problemHeaders, ProblemSchema } from '../schemas/problem.js';

export interface HealthOptions {
  /** True when requests can be served. */
  isReady: () => boolean;
  /** True once the service shuts down: not ready, whatever isReady says. */
  isStopping?: () => boolean;
}

const health: FastifyPluginAsyncTypebox<HealthOptions> = async (app, { isReady, isStopping = () => false }) => {
  app.get(
    '/healthz',
    {
      schema: {
        operationId: 'getLiveness',
        tags: ['health'],
        summary: 'Liveness: the process answers',
        response: { 200: HealthSchema, ...PROBE_PROBLEMS },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness: Graphviz is loaded and the service is not shutting down',
        description:
          'Answers 503 until the Graphviz module is loaded (at start, or again after a failed layout), ' +
          'and from the moment the service is told to shut down.',
        response: {
          200: ReadySchema,
          503: {
            description:
              'Not ready: Graphviz is loading (`starting`), the service is shutting down (`stopping`), or the process is ' +
              'overloaded (a problem, with Retry-After).',
            headers: problemHeaders(503),
            content: { 'application/json': { schema: NotReadySchema }, 'application/problem+json': { schema: ProblemSchema } },
          },
          ...PROBE_PROBLEMS,
        },
      },
    },
    async (_request, reply) => {
      if (isStopping()) return reply.code(503).send({ status: 'stopping' as const });
      if (isReady()) return { status: 'ready' as const };
      return reply.code(503).send({ status: 'starting' as const });
    },
  );
};

export default health;
