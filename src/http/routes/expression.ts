import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { PngScale } from '../../render/png.js';
import type { Answers } from '../answers.js';
import { withTextBody } from '../plugins/text-body.js';
import { DOT_EXAMPLE, ExpressionResultSchema, LECTURE_PROGRAM, SVG_EXAMPLE } from '../schemas/expression.js';
import { answered } from '../schemas/answers.js';
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

/** The JSON request, or the program alone as text (`curl --data-binary @program.py`, Kroki's clients). */
const PROGRAM_BODY = withTextBody(ExpressionImageRequestSchema, 'The program alone, drawn with the default options.', LECTURE_PROGRAM);

const text = (mediaType: string, description: string, example: string) =>
  answered(description, { [mediaType]: Type.String({ description, examples: [example] }) }, 'POST');

const expression: FastifyPluginAsyncTypebox<ExpressionRoutesOptions> = async (app, options) => {
  const answer = (request: FastifyRequest, body: ExpressionImageRequestBody | string, reply: FastifyReply, format: AnswerFormat) => {
    // A text body is the program alone, drawn with the default options.
    if (typeof body === 'string') body = { source: body };
    const { scale, ...drawing } = body.options ?? {};
    const job = { ...body, options: drawing };
    return options.answers.send(request, reply, { kind: 'expression', request: job, format, scale: toScale(scale) });
  };

  app.post(
    '/v1/expression',
    {
      schema: {
        operationId: 'evaluateExpression',
        tags: ['expression'],
        summary: 'Values, gradients, DOT and SVG of a program',
        description:
          'Runs the program, backpropagates from its output and answers every value of the graph in ' +
          'topological order with its gradient, the DOT and the SVG. When the graph has more values than ' +
          'can be drawn, `svg` is left out and `warnings` says why; the numbers are still answered. ' +
          'Always JSON: the picture alone is POST /v1/expression.svg, .png or .dot.',
        body: ExpressionImageRequestSchema,
        response: {
          ...answered('The values, gradients and pictures.', { 'application/json': ExpressionResultSchema }, 'POST'),
          ...ERRORS,
        },
      },
      config: { answers: 'json' },
    },
    async (request, reply) => answer(request, request.body, reply, 'json'),
  );

  app.post(
    '/v1/expression.svg',
    {
      schema: {
        operationId: 'drawExpressionSvg',
        tags: ['expression'],
        summary: 'The picture of a program as SVG',
        description:
          'The same picture as the `svg` of POST /v1/expression; 422 when the graph is too large to draw. ' +
          'Errors are answered as pictures of the problem, with the same status.',
        body: PROGRAM_BODY,
        response: { ...text('image/svg+xml', 'The expression graph as SVG.', SVG_EXAMPLE), ...SVG_ERRORS },
      },
      config: { textBody: true, answers: 'svg' },
    },
    async (request, reply) => answer(request, request.body as ExpressionImageRequestBody | string, reply, 'svg'),
  );

  app.post(
    '/v1/expression.png',
    {
      schema: {
        operationId: 'drawExpressionPng',
        tags: ['expression'],
        summary: 'The picture of a program as PNG',
        description:
          'The SVG picture rasterised, `options.scale` pixels per point (1, 2 or 3); 422 when the graph or the ' +
          'image is too large. Errors are answered as PNG pictures of the problem, with the same status.',
        body: PROGRAM_BODY,
        response: { ...answered('The expression graph as PNG.', { 'image/png': PNG_SCHEMA }, 'POST'), ...PNG_ERRORS },
      },
      config: { textBody: true, answers: 'png' },
    },
    async (request, reply) => answer(request, request.body as ExpressionImageRequestBody | string, reply, 'png'),
  );

  app.post(
    '/v1/expression.dot',
    {
      schema: {
        operationId: 'drawExpressionDot',
        tags: ['expression'],
        summary: 'The graph of a program as Graphviz DOT',
        description: 'The DOT that the SVG is laid out from; not limited by the number of values drawn.',
        body: PROGRAM_BODY,
        response: { ...text('text/vnd.graphviz', 'The expression graph in Graphviz DOT.', DOT_EXAMPLE), ...ERRORS },
      },
      config: { textBody: true, answers: 'dot' },
    },
    async (request, reply) => answer(request, request.body as ExpressionImageRequestBody | string, reply, 'dot'),
  );
};

/** The PNG scale a request asked for; anything else is the default, 1. */
export function toScale(scale: number | undefined): PngScale {
  return scale === 2 || scale === 3 ? scale : 1;
}

export default expression;
