import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { ExpressionFormat, ExpressionJobResult, ExpressionRequest } from '../../render/expression-job.js';
import { problemTypeUri } from '../problem/types.js';
import {
  DOT_EXAMPLE,
  ExpressionRequestSchema,
  ExpressionResultSchema,
  SVG_EXAMPLE,
  type ExpressionResult,
} from '../schemas/expression.js';
import { problemResponses } from '../schemas/problem.js';

/** Runs one expression job; in-process for now, the seam where a worker pool fits. */
export type ExpressionRunner = (request: ExpressionRequest, format: ExpressionFormat) => Promise<ExpressionJobResult>;

export interface ExpressionRoutesOptions {
  run: ExpressionRunner;
}

export const SVG_CONTENT_TYPE = 'image/svg+xml; charset=utf-8';
export const DOT_CONTENT_TYPE = 'text/vnd.graphviz; charset=utf-8';

const ERRORS = problemResponses({
  400: 'The body is not JSON or does not match the schema, or the program does not parse (with line and column).',
  413: 'The body, the source or its statement count is over its limit.',
  415: 'The body is not application/json.',
  422: 'The program cannot be evaluated, a value is not finite, it creates too many values, or (pictures) the graph is too large to draw.',
  500: 'The service failed; the message is logged, not sent.',
});

const text = (mediaType: string, description: string, example: string) => ({
  description,
  content: { [mediaType]: { schema: Type.String({ description, examples: [example] }) } },
});

const expression: FastifyPluginAsyncTypebox<ExpressionRoutesOptions> = async (app, { run }) => {
  app.post(
    '/v1/expression',
    {
      schema: {
        tags: ['expression'],
        summary: 'Values, gradients, DOT and SVG of a program',
        description:
          'Runs the program, backpropagates from its output and answers every value of the graph in ' +
          'topological order with its gradient, the DOT and the SVG. When the graph has more values than ' +
          'can be drawn, `svg` is left out and `warnings` says why; the numbers are still answered.',
        body: ExpressionRequestSchema,
        response: { 200: ExpressionResultSchema, ...ERRORS },
      },
    },
    async (request) => jsonAnswer(await run(request.body, 'json')),
  );

  app.post(
    '/v1/expression.svg',
    {
      schema: {
        tags: ['expression'],
        summary: 'The picture of a program as SVG',
        description: 'The same picture as the `svg` of POST /v1/expression; 422 when the graph is too large to draw.',
        body: ExpressionRequestSchema,
        response: { 200: text('image/svg+xml', 'The expression graph as SVG.', SVG_EXAMPLE), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { svg } = await run(request.body, 'svg');
      // Unreachable: an svg job either draws or throws graph-too-large.
      if (svg === undefined) throw new Error('the svg job answered without an svg');
      return reply.type(SVG_CONTENT_TYPE).send(svg);
    },
  );

  app.post(
    '/v1/expression.dot',
    {
      schema: {
        tags: ['expression'],
        summary: 'The graph of a program as Graphviz DOT',
        description: 'The DOT that the SVG is laid out from; not limited by the number of values drawn.',
        body: ExpressionRequestSchema,
        response: { 200: text('text/vnd.graphviz', 'The expression graph in Graphviz DOT.', DOT_EXAMPLE), ...ERRORS },
      },
    },
    async (request, reply) => {
      const { dot } = await run(request.body, 'dot');
      return reply.type(DOT_CONTENT_TYPE).send(dot);
    },
  );
};

/** The job's warnings are errors in the core's terms; clients see them as problem types. */
function jsonAnswer({ warnings, ...result }: ExpressionJobResult): ExpressionResult {
  if (warnings === undefined) return result;
  return {
    ...result,
    warnings: warnings.map(({ kind, message, details: { limit, limitValue, requested } }) => ({
      type: problemTypeUri(kind),
      detail: message,
      ...(limit === undefined ? {} : { limit }),
      ...(limitValue === undefined ? {} : { limitValue }),
      ...(requested === undefined ? {} : { requested }),
    })),
  };
}

export default expression;
