import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { BoundaryFormat } from '../../jobs/boundary.js';
import type { MlpRequest } from '../../jobs/mlp.js';
import type { PngScale } from '../../render/png.js';
import type { Answers } from '../answers.js';
import { decodeSource, type DecodeLimits } from '../encoded-source.js';
import { bodyFromUrl, type CompiledCheck } from '../image-request.js';
import { MEDIA_TYPES } from '../negotiate.js';
import { BOUNDARY_SVG_EXAMPLE, DEMO_BOUNDARY_ENCODED, BoundaryAnswerSchema, BoundaryRequestSchema, type BoundaryRequestBody } from '../schemas/boundary.js';
import { PNG_SCHEMA, problemAnswers, ScaleSchema } from '../schemas/image.js';
import { createValidatorCompiler } from '../validation.js';
import { toScale } from './expression.js';

export interface BoundaryRoutesOptions {
  answers: Answers;
  encodedSource: DecodeLimits;
}

const PROBLEMS = {
  400: 'The body (or the encoded text) is not JSON or does not match the schema.',
  413: 'The body, what the encoded text inflates to, or the number of inputs is over its limit.',
  414: 'The URL is over MAX_URL_LENGTH, or the encoded text over MAX_ENCODED_LENGTH: POST the body instead.',
  415: 'The body is not application/json.',
  422:
    'The network does not have two inputs, the grid has more than MAX_BOUNDARY_CELLS points, the network or its ' +
    'training is over a limit, the answer would be over MAX_OUTPUT_BYTES or MAX_PNG_PIXELS, or the job ran out of time.',
  429: 'This client already has JOB_QUEUE_PER_CLIENT jobs waiting; Retry-After says when to try again.',
  503: 'Every worker is busy and the queue is full, or the service is shutting down; Retry-After says when to try again.',
  500: 'The service failed; the message is logged, not sent.',
};

// A URL has no body: no 415.
const { 415: _noBody, ...GET_PROBLEMS } = PROBLEMS;

const FORMATS = ['svg', 'png', 'json'] as const;
type PathFormat = (typeof FORMATS)[number];

const BODIES: Record<PathFormat, { description: string; schema: TSchema }> = {
  svg: {
    description: 'The decision boundary as SVG.',
    schema: Type.String({ description: 'The heat map of the scores, the zero line, the data and the axes, as SVG.', examples: [BOUNDARY_SVG_EXAMPLE] }),
  },
  png: { description: 'The decision boundary as PNG, `scale` pixels per point.', schema: PNG_SCHEMA },
  json: { description: 'The grid, its scores and the data.', schema: BoundaryAnswerSchema },
};

const HOW =
  "Trains the network as POST /v1/mlp does, then scores it at every point of the notebook's grid, " +
  '`np.arange(min - margin, max + margin, step)` over each coordinate of the data (`step` 0.25 and `margin` 1 by default).';

/** The notebook's decision-boundary plot: a trained classifier's score over the plane, with its data. */
const mlpBoundary: FastifyPluginAsyncTypebox<BoundaryRoutesOptions> = async (app, { answers, encodedSource }) => {
  const send = (request: FastifyRequest, reply: FastifyReply, body: BoundaryRequestBody, format: BoundaryFormat, scale: PngScale) => {
    const { scale: _ignored, ...options } = body.options ?? {};
    const job: MlpRequest = { ...body, options };
    return answers.send(request, reply, { kind: 'mlp', request: job, format, scale });
  };

  app.post(
    '/v1/mlp/boundary',
    {
      schema: {
        operationId: 'getMlpBoundary',
        tags: ['mlp'],
        summary: "A trained MLP's decision boundary as numbers",
        description: `${HOW} Answers \`{ xs, ys, scores, inputs, targets }\` with \`scores[row][column]\` at \`(xs[column], ys[row])\`.`,
        body: BoundaryRequestSchema,
        response: { 200: BoundaryAnswerSchema, ...problemAnswers(PROBLEMS, []) },
      },
      config: { answers: 'json' },
    },
    async (request, reply) => send(request, reply, request.body, 'boundary.json', 1),
  );

  for (const picture of ['svg', 'png'] as const) {
    app.post(
      `/v1/mlp/boundary.${picture}`,
      {
        schema: {
          operationId: picture === 'svg' ? 'drawMlpBoundarySvg' : 'drawMlpBoundaryPng',
          tags: ['mlp'],
          summary: `A trained MLP's decision boundary as ${picture.toUpperCase()}`,
          description:
            `${HOW} Draws the scores as a heat map (blue below 0, red above), the line where the sign changes, the data ` +
            'coloured by label and the axes, in `options.theme`. Errors are answered as pictures of the problem.',
          body: BoundaryRequestSchema,
          response: {
            200: { description: BODIES[picture].description, content: { [MEDIA_TYPES[picture]]: { schema: BODIES[picture].schema } } },
            ...problemAnswers(PROBLEMS, [picture]),
          },
        },
        config: { answers: picture },
      },
      async (request, reply) => send(request, reply, request.body, `boundary.${picture}`, toScale(request.body.options?.scale)),
    );
  }

  // The same strict check as the POST body gets, applied to the decoded text.
  const check = createValidatorCompiler()({ schema: BoundaryRequestSchema, httpPart: 'body', method: 'GET', url: '' }) as CompiledCheck;
  app.get(
    '/v1/mlp/boundary/:format/:encoded',
    {
      schema: {
        operationId: 'getEncodedMlpBoundary',
        tags: ['images'],
        summary: 'A decision boundary encoded in the path, as an image or JSON',
        description:
          `The body of POST /v1/mlp/boundary, deflated and in base64url, in the path; \`scale\` for PNG in the query. ${HOW} ` +
          'Identical URLs give identical bytes, with a strong ETag and a long public Cache-Control; errors of the pictures are drawn.',
        params: Type.Object({
          format: Type.Enum([...FORMATS], { description: 'What to answer.', examples: ['svg'] }),
          encoded: Type.String({
            description: 'The JSON body of POST /v1/mlp/boundary, compressed with zlib deflate and written in base64url.',
            examples: [DEMO_BOUNDARY_ENCODED],
          }),
        }),
        querystring: Type.Object({ scale: Type.Optional(ScaleSchema) }, { additionalProperties: false }),
        response: {
          200: {
            description: 'The boundary in the format the path names.',
            content: Object.fromEntries(FORMATS.map((format) => [MEDIA_TYPES[format], { schema: BODIES[format].schema }])),
          },
          ...problemAnswers(GET_PROBLEMS, ['svg', 'png']),
        },
      },
      config: { answers: 'path' },
    },
    async (request, reply) => {
      const body = bodyFromUrl<BoundaryRequestBody>(decodeSource(request.params.encoded, encodedSource), check);
      return send(request, reply, body, `boundary.${request.params.format}`, toScale(request.query.scale));
    },
  );
};

export default mlpBoundary;
