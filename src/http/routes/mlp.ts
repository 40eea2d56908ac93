import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type TSchema } from 'typebox';
import type { MlpAnswerFormat } from '../../jobs/mlp.js';
import type { Answers } from '../answers.js';
import { MEDIA_TYPES } from '../negotiate.js';
import {
  LOSS_SVG_EXAMPLE,
  MLP_DOT_EXAMPLE,
  MLP_SVG_EXAMPLE,
  LECTURE_MLP,
  MlpRequestSchema,
  MlpResultSchema,
  type MlpRequestBody,
} from '../schemas/mlp.js';
import { bodyFromUrl, type CompiledCheck } from '../image-request.js';
import { withTextBody } from '../plugins/text-body.js';
import { createValidatorCompiler } from '../validation.js';
import { answered } from '../schemas/answers.js';
import { PNG_SCHEMA, problemAnswers } from '../schemas/image.js';
import { toScale } from './expression.js';

export interface MlpRoutesOptions {
  answers: Answers;
}

const PROBLEMS = {
  400: 'The body is not JSON or does not match the schema: a wrong type, an unknown field, a missing `layers`, or neither `inputs` nor `dataset`.',
  413: 'The body, the number of inputs or the digits of the seed are over their limit.',
  415: 'The body is not application/json.',
  422:
    'The request is inconsistent (inputs or targets of the wrong length, weights of the wrong count), the network, ' +
    'its graph or its training is over a limit, training diverged, the answer would be over MAX_OUTPUT_BYTES, the job ' +
    'ran out of time (with its `stage`), or (pictures) the graph is too large to draw.',
  429: 'This client already has JOB_QUEUE_PER_CLIENT jobs waiting; Retry-After says when to try again.',
  503: 'Every worker is busy and the queue is full, or the service is shutting down; Retry-After says when to try again.',
  500: 'The service failed; the message is logged, not sent.',
};
const ERRORS = problemAnswers(PROBLEMS, []);


/** The answer of each POST route: its format, and what OpenAPI says of it. */
const ROUTES: { path: string; operationId: string; format: MlpAnswerFormat; summary: string; description: string; schema: TSchema }[] = [
  {
    path: '/v1/mlp.svg',
    operationId: 'drawMlpSvg',
    format: 'svg',
    summary: 'The picture of an MLP as SVG',
    description:
      'The same picture as the `svg` of POST /v1/mlp; 422 `graph-too-large` when the graph is too large to ' +
      'draw (in the `values` view, the problem suggests `view: "neurons"`).',
    schema: Type.String({ description: 'The graph of the final pass as SVG.', examples: [MLP_SVG_EXAMPLE] }),
  },
  {
    path: '/v1/mlp.png',
    operationId: 'drawMlpPng',
    format: 'png',
    summary: 'The picture of an MLP as PNG',
    description: 'The SVG picture rasterised, `options.scale` pixels per point (1, 2 or 3); 422 when the graph or the image is too large.',
    schema: PNG_SCHEMA,
  },
  {
    path: '/v1/mlp.dot',
    operationId: 'drawMlpDot',
    format: 'dot',
    summary: 'The graph of an MLP as Graphviz DOT',
    description:
      'The DOT that the SVG is laid out from; 422 `graph-too-large` under the same condition as the SVG, ' +
      'since the DOT of a graph of a million values would itself be a hundred megabytes.',
    schema: Type.String({ description: 'The graph of the final pass in Graphviz DOT.', examples: [MLP_DOT_EXAMPLE] }),
  },
  {
    path: '/v1/mlp/loss.svg',
    operationId: 'drawMlpLossSvg',
    format: 'loss.svg',
    summary: 'The loss curve of a training run as SVG',
    description:
      'Trains the network as POST /v1/mlp does and charts the loss of each step (before its update) against ' +
      'the step, with axes and labels; a log scale when the losses span three decades or more. A request ' +
      'without `train` (or with 0 steps) is a 422: a loss curve needs training steps.',
    schema: Type.String({ description: 'The loss of each training step as an SVG chart.', examples: [LOSS_SVG_EXAMPLE] }),
  },
  {
    path: '/v1/mlp/loss.png',
    operationId: 'drawMlpLossPng',
    format: 'loss.png',
    summary: 'The loss curve of a training run as PNG',
    description: 'The chart of POST /v1/mlp/loss.svg, rasterised `options.scale` pixels per point.',
    schema: PNG_SCHEMA,
  },
];

/** The JSON request, or the same JSON sent as text (Kroki's clients send every source as text/plain). */
const SPEC_BODY = withTextBody(MlpRequestSchema, 'The JSON request, sent as text.', JSON.stringify(LECTURE_MLP));

const mlp: FastifyPluginAsyncTypebox<MlpRoutesOptions> = async (app, { answers }) => {
  const check = createValidatorCompiler()({ schema: MlpRequestSchema, httpPart: 'body', method: 'POST', url: '' }) as CompiledCheck;

  app.post(
    '/v1/mlp',
    {
      schema: {
        operationId: 'runMlp',
        tags: ['mlp'],
        summary: 'Predictions, loss, gradients, training history and picture of an MLP',
        description:
          'Builds the network (weights drawn as Python draws them for the seed), evaluates it on every input, ' +
          'trains it if asked, and answers the final forward and backward pass: predictions, the loss, every ' +
          'parameter with its gradient, the loss of each training step, the DOT and the SVG. When the picture ' +
          'is too large to draw, `dot` and `svg` are left out and `warnings` says why; the numbers are still answered.',
        body: MlpRequestSchema,
        response: { ...answered('The numbers, the history and the picture.', { 'application/json': MlpResultSchema }, 'POST'), ...ERRORS },
      },
      config: { answers: 'json' },
    },
    async (request, reply) => {
      const { scale: _ignored, ...options } = request.body.options ?? {};
      return answers.send(request, reply, { kind: 'mlp', request: { ...request.body, options }, format: 'json', scale: 1 });
    },
  );

  for (const route of ROUTES) {
    const picture = route.format.endsWith('png') ? 'png' : route.format.endsWith('svg') ? 'svg' : undefined;
    app.post(
      route.path,
      {
        schema: {
          operationId: route.operationId,
          tags: ['mlp'],
          summary: route.summary,
          description: `${route.description} Errors of a picture route are answered as pictures of the problem, with the same status.`,
          body: SPEC_BODY,
          response: {
            ...answered(route.summary, { [MEDIA_TYPES[picture ?? 'dot']]: route.schema }, 'POST'),
            ...problemAnswers(PROBLEMS, picture === undefined ? [] : [picture]),
          },
        },
        config: { textBody: true, answers: picture ?? 'dot' },
      },
      async (request, reply) => {
        // JSON text in a text/plain body is checked as the JSON body would have been.
        const body = request.body as MlpRequestBody | string;
        const spec = typeof body === 'string' ? bodyFromUrl<MlpRequestBody>(body, check, 'body') : body;
        const { scale, ...options } = spec.options ?? {};
        return answers.send(request, reply, { kind: 'mlp', request: { ...spec, options }, format: route.format, scale: toScale(scale) });
      },
    );
  }
};

export default mlp;
