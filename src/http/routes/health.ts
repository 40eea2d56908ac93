import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthSchema, ReadySchema, StartingSchema } from '../schemas/health.js';
import { PROBE_PROBLEMS, problemHeaders, ProblemSchema } from '../schemas/problem.js';

export interface HealthOptions {
  /** True when requests can be served. */
  isReady: () => boolean;
}

const health: FastifyPluginAsyncTypebox<HealthOptions> = async (app, { isReady }) => {
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
        summary: 'Readiness: Graphviz is loaded',
        description: 'Answers 503 until the Graphviz module is loaded (at start, or again after a failed layout).',
        response: {
          200: ReadySchema,
          503: {
            description: 'Not ready: Graphviz is loading (`starting`), or the process is overloaded (a problem, with Retry-After).',
            headers: problemHeaders(503),
            content: { 'application/json': { schema: StartingSchema }, 'application/problem+json': { schema: ProblemSchema } },
          },
          ...PROBE_PROBLEMS,
        },
      },
    },
    async (_request, reply) => {
      if (isReady()) return { status: 'ready' as const };
      return reply.code(503).send({ status: 'starting' as const });
    },
  );
};

export default health;
