import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import { decodeSource, type DecodeLimits } from '../encoded-source.js';
import type { Answers } from '../answers.js';
import { expressionFromQuery } from '../image-request.js';
import { MEDIA_TYPES } from '../negotiate.js';
import { DOT_EXAMPLE, ExpressionResultSchema, SVG_EXAMPLE } from '../schemas/expression.js';
import {
  ANSWER_FORMATS,
  DrawingQuerySchema,
  EncodedParamsSchema,
  PNG_SCHEMA,
  problemAnswers,
  SourceQuerySchema,
  type AnswerFormat,
} from '../schemas/image.js';
import { answered } from '../schemas/answers.js';
import { pathFormatAnswers } from '../schemas/path-format.js';

export interface ExpressionImageRoutesOptions {
  answers: Answers;
  encodedSource: DecodeLimits;
}

const PROBLEMS = {
  400: 'A query parameter or the encoded source is invalid, or the program does not parse (with line and column).',
  413: 'The source, or what the encoded source inflates to, is over its limit.',
  414: 'The URL is over MAX_URL_LENGTH, or the encoded source over MAX_ENCODED_LENGTH: POST the program instead.',
  422:
    'The program cannot be evaluated, a value is not finite, it creates too many values, its labels or the answer are over ' +
    'their budget, the job ran out of time (with its `stage`), or the graph is too large to draw.',
  429: 'This client already has JOB_QUEUE_PER_CLIENT jobs waiting; Retry-After says when to try again.',
  503: 'Every worker is busy and the queue is full, or the service is shutting down; Retry-After says when to try again.',
  500: 'The service failed; the message is logged, not sent.',
};

/** The 200 answer of each format, as OpenAPI describes it. */
const ANSWERS: Record<AnswerFormat, { description: string; schema: TSchema }> = {
  svg: { description: 'The expression graph as SVG.', schema: Type.String({ description: 'SVG.', examples: [SVG_EXAMPLE] }) },
  png: { description: 'The expression graph as PNG, `scale` pixels per point.', schema: PNG_SCHEMA },
  dot: { description: 'The expression graph in Graphviz DOT.', schema: Type.String({ description: 'DOT.', examples: [DOT_EXAMPLE] }) },
  json: { description: 'Values, gradients, DOT and SVG, as POST /v1/expression answers.', schema: ExpressionResultSchema },
};

const pictures = (format: AnswerFormat) => (format === 'svg' || format === 'png' ? [format] : []);

const HOW =
  'Identical URLs give identical bytes, with a strong ETag (If-None-Match gives 304) and a public Cache-Control ' +
  'that revalidates (so a new renderer reaches every cache); unknown query parameters (a cache buster) are ' +
  'ignored. Errors are answered with their status and never cached; the .svg and .png URLs draw them as ' +
  'pictures, so a broken graph in a document shows why.';

/** Image URLs for documents: `<img src="https://.../v1/expression.svg?source=...">`. */
const expressionImages: FastifyPluginAsyncTypebox<ExpressionImageRoutesOptions> = async (app, options) => {
  for (const format of ANSWER_FORMATS) {
    app.get(
      `/v1/expression.${format}`,
      {
        schema: {
          operationId: `getExpression${format[0]!.toUpperCase()}${format.slice(1)}`,
          tags: ['images'],
          summary: `A short program in the query, answered as ${format.toUpperCase()}`,
          description: `The program in \`source\` and everything else in the query, for URLs written by hand. ${HOW}`,
          querystring: SourceQuerySchema,
          response: {
            ...answered(ANSWERS[format].description, { [MEDIA_TYPES[format]]: ANSWERS[format].schema }, 'GET'),
            ...problemAnswers(PROBLEMS, pictures(format)),
          },
        },
        config: { answers: format },
      },
      async (request, reply) => {
        const { source, ...query } = request.query;
        const { request: job, scale } = expressionFromQuery(source, query);
        return options.answers.send(request, reply, { kind: 'expression', request: job, format, scale });
      },
    );
  }

  app.get(
    '/v1/expression/:format/:encoded',
    {
      schema: {
        operationId: 'getEncodedExpression',
        tags: ['images'],
        summary: 'A program encoded in the path (deflate + base64url, as Kroki encodes diagrams)',
        description:
          'The program, compressed with zlib deflate and written in base64url, in the path; the options in the ' +
          "query. In a shell: `printf '%s' \"$SOURCE\" | python3 -c \"import sys, zlib, base64; " +
          "print(base64.urlsafe_b64encode(zlib.compress(sys.stdin.buffer.read(), 9)).decode())\"`. " +
          HOW,
        params: EncodedParamsSchema,
        querystring: DrawingQuerySchema,
        response: pathFormatAnswers(ANSWERS, PROBLEMS),
      },
      config: { answers: 'path' },
    },
    async (request, reply) => {
      const source = decodeSource(request.params.encoded, options.encodedSource);
      const { request: job, scale } = expressionFromQuery(source, request.query);
      return options.answers.send(request, reply, { kind: 'expression', request: job, format: request.params.format, scale });
    },
  );
};

export default expressionImages;
