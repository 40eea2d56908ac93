import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { MlpAnswerFormat } from '../../jobs/mlp.js';
import type { Answers } from '../answers.js';
import { decodeSource, type DecodeLimits } from '../encoded-source.js';
import { mlpJob } from '../diagram-jobs.js';
import type { CompiledCheck } from '../image-request.js';
import { MEDIA_TYPES } from '../negotiate.js';
import { ANSWER_FORMATS, PNG_SCHEMA, problemAnswers, type AnswerFormat } from '../schemas/image.js';
import {
  LOSS_SVG_EXAMPLE,
  MLP_DOT_EXAMPLE,
  MLP_SVG_EXAMPLE,
  MlpRequestSchema,
  MlpResultSchema,
} from '../schemas/mlp.js';
import { MlpQuerySchema, type MlpQuery } from '../schemas/mlp-query.js';
import { answered } from '../schemas/answers.js';
import { pathFormatAnswers } from '../schemas/path-format.js';
import { createValidatorCompiler } from '../validation.js';

export interface MlpImageRoutesOptions {
  answers: Answers;
  encodedSource: DecodeLimits;
}

/** The body of POST /v1/mlp, deflated and written in base64url: `{"layers":[3,4,4,1],"inputs":[[2,3,-1]]}`. */
export const MLP_ENCODED = 'eNqrVspJrEwtKlayijbWMdEx0TGM1VHKzCsoLQEJRRvpGOvoGsbG1gIA-oUL5w';

const PROBLEMS = {
  400: 'The encoded text is not base64url deflate data, not JSON, or does not match the POST /v1/mlp body schema.',
  413: 'What the encoded text inflates to, the number of inputs or the digits of the seed are over their limit.',
  414: 'The URL is over MAX_URL_LENGTH, or the encoded text over MAX_ENCODED_LENGTH: POST the body instead.',
  422: 'The request is inconsistent, the network, its graph or its training is over a limit, or the graph is too large to draw.',
  500: 'The service failed; the message is logged, not sent.',
};

const EncodedSchema = Type.String({
  description: 'The JSON body of POST /v1/mlp, compressed with zlib deflate and written in base64url.',
  examples: [MLP_ENCODED],
});

const ANSWERS: Record<AnswerFormat, { description: string; schema: TSchema }> = {
  svg: { description: 'The graph of the final pass as SVG.', schema: Type.String({ description: 'SVG.', examples: [MLP_SVG_EXAMPLE] }) },
  png: { description: 'The graph of the final pass as PNG.', schema: PNG_SCHEMA },
  dot: { description: 'The graph of the final pass in Graphviz DOT.', schema: Type.String({ description: 'DOT.', examples: [MLP_DOT_EXAMPLE] }) },
  json: { description: 'What POST /v1/mlp answers.', schema: MlpResultSchema },
};

const HOW =
  'Identical URLs give identical bytes, with a strong ETag (If-None-Match gives 304) and a public Cache-Control ' +
  'that revalidates (so a new renderer reaches every cache); unknown query parameters are ignored. Errors are ' +
  'answered with their status and never cached; pictures draw them.';

/** MLP pictures for documents: the POST body, encoded into the URL as Kroki encodes diagrams. */
const mlpImages: FastifyPluginAsyncTypebox<MlpImageRoutesOptions> = async (app, { answers, encodedSource }) => {
  // The same strict check as the POST body gets, applied to the decoded text.
  const check = createValidatorCompiler()({ schema: MlpRequestSchema, httpPart: 'body', method: 'GET', url: '' }) as CompiledCheck;

  const answer = (request: FastifyRequest, reply: FastifyReply, encoded: string, format: MlpAnswerFormat, query: MlpQuery) =>
    answers.send(request, reply, mlpJob(decodeSource(encoded, encodedSource), query, format, check, 'encoded'));

  app.get(
    '/v1/mlp/:format/:encoded',
    {
      schema: {
        operationId: 'getEncodedMlp',
        tags: ['images'],
        summary: 'An MLP encoded in the path: its graph, as an image or JSON',
        description:
          'The body of POST /v1/mlp, deflated and in base64url, in the path; its drawing options (`view`, `theme`, ' +
          '`rankdir`, `precision`, `grad`, `scale`) also in the query, where they win over the body\'s. ' +
          HOW,
        params: Type.Object({
          format: Type.Enum([...ANSWER_FORMATS], { description: 'What to answer.', examples: ['svg'] }),
          encoded: EncodedSchema,
        }),
        querystring: MlpQuerySchema,
        response: pathFormatAnswers(ANSWERS, PROBLEMS),
      },
      config: { answers: 'path' },
    },
    async (request, reply) => answer(request, reply, request.params.encoded, request.params.format, request.query),
  );

  for (const format of ['svg', 'png'] as const) {
    app.get(
      `/v1/mlp/loss.${format}/:encoded`,
      {
        schema: {
          operationId: `getEncodedMlpLoss${format.toUpperCase()}`,
          tags: ['images'],
          summary: `The loss curve of an MLP encoded in the path, as ${format.toUpperCase()}`,
          description: `The chart POST /v1/mlp/loss.svg draws, for a body deflated and in base64url in the path. ${HOW}`,
          params: Type.Object({ encoded: EncodedSchema }),
          querystring: MlpQuerySchema,
          response: {
            ...answered(
              'The loss of each training step as a chart.',
              { [MEDIA_TYPES[format]]: format === 'svg' ? Type.String({ description: 'SVG.', examples: [LOSS_SVG_EXAMPLE] }) : PNG_SCHEMA },
              'GET',
            ),
            ...problemAnswers(PROBLEMS, [format]),
          },
        },
        config: { answers: format },
      },
      async (request, reply) => answer(request, reply, request.params.encoded, `loss.${format}`, request.query),
    );
  }
};

export default mlpImages;
