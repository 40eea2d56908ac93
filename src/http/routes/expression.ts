import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PngScale } from '../../render/png.js';
import type { Answers } from '../answers.js';
import { appendVary, negotiateAnswer } from '../negotiate.js';
import { DOT_EXAMPLE, ExpressionResultSchema, SVG_EXAMPLE } from '../schemas/expression.js';
import {
  ExpressionImageRequestSchema,
  PNG_SCHEMA,
  problemAnswers,
  type AnswerFormat,
  type ExpressionImageRequestBody,
} from '../schemas/image.js';

export interface ExpressionRoutesOptions {
  answers: Answers;
}


const PROBLEMS = {
  400: 'The body is not JSON or does not match the schema, or the program does not parse (with line and column).',
  413: 'The body, the source or its statement count is over its limit.',
  415: 'The body is not application/json.',
  422:
    'The program cannot be evaluated, a value is not finite, it creates too many values, its labels are over MAX_LABEL_BYTES, ' +
    'the answer would be over MAX_OUTPUT_BYTES, the job ran out of time (with its `stage`), or (pictures) the graph is too ' +
    'large to draw (MAX_DRAWN_VALUES, MAX_LAYOUT_COST, MAX_PNG_PIXELS).',
  429: 'This client already has JOB_QUEUE_PER_CLIENT jobs waiting; Retry-After says when to try again.',
  503: 'Every worker is busy and the queue is full, or the service is shutting down; Retry-After says when to try again.',
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
    return options.answers.send(request, reply, { kind: 'expression', request: job, format, scale: toScale(scale) });
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

/** The PNG scale a request asked for; anything else is the default, 1. */
export function toScale(scale: number | undefined): PngScale {
  return scale === 2 || scale === 3 ? scale : 1;
}

export default expression;
