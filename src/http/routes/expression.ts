import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sendExpression, type ExpressionAnswerOptions } from '../expression-answer.js';
import { appendVary, negotiateAnswer } from '../negotiate.js';
import { DOT_EXAMPLE, ExpressionResultSchema, SVG_EXAMPLE } from '../schemas/expression.js';
import {
  ExpressionImageRequestSchema,
  PNG_SCHEMA,
  problemAnswers,
  type AnswerFormat,
  type ExpressionImageRequestBody,
} from '../schemas/image.js';

export type { ExpressionRunner } from '../expression-answer.js';

export type ExpressionRoutesOptions = ExpressionAnswerOptions;

export const SVG_CONTENT_TYPE = 'image/svg+xml; charset=utf-8';
export const DOT_CONTENT_TYPE = 'text/vnd.graphviz; charset=utf-8';

const PROBLEMS = {
  400: 'The body is not JSON or does not match the schema, or the program does not parse (with line and column).',
  413: 'The body, the source or its statement count is over its limit.',
  415: 'The body is not application/json.',
  422: 'The program cannot be evaluated, a value is not finite, it creates too many values, or (pictures) the graph is too large to draw.',
  500: 'The service failed; the message is logged, not sent.',
};
const ERRORS = problemAnswers(PROBLEMS, []);
const SVG_ERRORS = problemAnswers(PROBLEMS, ['svg']);
const PNG_ERRORS = problemAnswers(PROBLEMS, ['png']);
const NEGOTIATED_ERRORS = problemAnswers(PROBLEMS, ['svg', 'png']);

const text = (mediaType: string, description: string, example: string) => ({
  description,
  content: { [mediaType]: { schema: Type.String({ description, examples: [example] }) } },
});

const expression: FastifyPluginAsyncTypebox<ExpressionRoutesOptions> = async (app, options) => {
  const answer = (request: FastifyRequest, body: ExpressionImageRequestBody, reply: FastifyReply, format: AnswerFormat) => {
    const { scale, ...drawing } = body.options ?? {};
    const job = { ...body, options: drawing };
    return sendExpression(options, request, reply, job, format, scale === 2 || scale === 3 ? scale : 1);
  };

  app.post(
    '/v1/expression',
    {
      schema: {
        tags: ['expression'],
        summary: 'Values, gradients, DOT and SVG of a program (or, by Accept, one of them)',
        description:
          'Runs the program, backpropagates from its output and answers every value of the graph in ' +
          'topological order with its gradient, the DOT and the SVG. When the graph has more values than ' +
          'can be drawn, `svg` is left out and `warnings` says why; the numbers are still answered. ' +
          'An `Accept` that prefers `image/svg+xml`, `image/png` or `text/vnd.graphviz` gets that instead ' +
          '(and its errors as pictures, for the images).',
        body: ExpressionImageRequestSchema,
        response: {
          200: {
            description: 'The values, gradients and pictures; or the one the Accept header prefers.',
            content: {
              'application/json': { schema: ExpressionResultSchema },
              'image/svg+xml': { schema: Type.String({ description: 'The expression graph as SVG.', examples: [SVG_EXAMPLE] }) },
              'image/png': { schema: PNG_SCHEMA },
              'text/vnd.graphviz': { schema: Type.String({ description: 'The expression graph in Graphviz DOT.', examples: [DOT_EXAMPLE] }) },
            },
          },
          ...NEGOTIATED_ERRORS,
        },
      },
    },
    async (request, reply) => {
      appendVary(reply, 'Accept');
      return answer(request, request.body, reply, negotiateAnswer(request));
    },
  );

  app.post(
    '/v1/expression.svg',
    {
      schema: {
        tags: ['expression'],
        summary: 'The picture of a program as SVG',
        description:
          'The same picture as the `svg` of POST /v1/expression; 422 when the graph is too large to draw. ' +
          'Errors are answered as pictures of the problem, with the same status.',
        body: ExpressionImageRequestSchema,
        response: { 200: text('image/svg+xml', 'The expression graph as SVG.', SVG_EXAMPLE), ...SVG_ERRORS },
      },
      config: { answers: 'svg' },
    },
    async (request, reply) => answer(request, request.body, reply, 'svg'),
  );

  app.post(
    '/v1/expression.png',
    {
      schema: {
        tags: ['expression'],
        summary: 'The picture of a program as PNG',
        description:
          'The SVG picture rasterised, `options.scale` pixels per point (1, 2 or 3); 422 when the graph or the ' +
          'image is too large. Errors are answered as PNG pictures of the problem, with the same status.',
        body: ExpressionImageRequestSchema,
        response: { 200: { description: 'The expression graph as PNG.', content: { 'image/png': { schema: PNG_SCHEMA } } }, ...PNG_ERRORS },
      },
      config: { answers: 'png' },
    },
    async (request, reply) => answer(request, request.body, reply, 'png'),
  );

  app.post(
    '/v1/expression.dot',
    {
      schema: {
        tags: ['expression'],
        summary: 'The graph of a program as Graphviz DOT',
        description: 'The DOT that the SVG is laid out from; not limited by the number of values drawn.',
        body: ExpressionImageRequestSchema,
        response: { 200: text('text/vnd.graphviz', 'The expression graph in Graphviz DOT.', DOT_EXAMPLE), ...ERRORS },
      },
      config: { answers: 'dot' },
    },
    async (request, reply) => answer(request, request.body, reply, 'dot'),
  );
};

export default expression;
