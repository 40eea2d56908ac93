import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { MlpFormat, MlpJobResult, MlpRequest } from '../../jobs/mlp.js';
import { clientGone } from '../jobs.js';
import { problemTypeUri } from '../problem/types.js';
import {
  LOSS_SVG_EXAMPLE,
  MLP_DOT_EXAMPLE,
  MLP_SVG_EXAMPLE,
  MlpRequestSchema,
  MlpResultSchema,
  type MlpResultBody,
} from '../schemas/mlp.js';
import { problemAnswers } from '../schemas/image.js';
import { DOT_CONTENT_TYPE, SVG_CONTENT_TYPE } from './expression.js';

/** Runs one MLP job (in a worker); `signal` cancels it when the client goes away. */
export type MlpRunner = (request: MlpRequest, format: MlpFormat, signal?: AbortSignal) => Promise<MlpJobResult>;

export interface MlpRoutesOptions {
  run: MlpRunner;
}

const PROBLEMS = {
  400: 'The body is not JSON or does not match the schema: a wrong type, an unknown field, a missing `layers` or `inputs`.',
  413: 'The body, the number of inputs or the digits of the seed are over their limit.',
  415: 'The body is not application/json.',
  422:
    'The request is inconsistent (inputs or targets of the wrong length, weights of the wrong count), the network, ' +
    'its graph or its training is over a limit, training diverged, or (pictures) the graph is too large to draw.',
  500: 'The service failed; the message is logged, not sent.',
};
const ERRORS = problemAnswers(PROBLEMS, []);
// A client that asked for a picture (an `.svg` path) gets its errors as a picture too, with the real 4xx.
const SVG_ERRORS = problemAnswers(PROBLEMS, ['svg']);

const text = (mediaType: string, description: string, example: string) => ({
  description,
  content: { [mediaType]: { schema: Type.String({ description, examples: [example] }) } },
});

const mlp: FastifyPluginAsyncTypebox<MlpRoutesOptions> = async (app, { run }) => {
  app.post(
    '/v1/mlp',
    {
      schema: {
        tags: ['mlp'],
        summary: 'Predictions, loss, gradients, training history and picture of an MLP',
        description:
          'Builds the network (weights drawn as Python draws them for the seed), evaluates it on every input, ' +
          'trains it if asked, and answers the final forward and backward pass: predictions, the loss, every ' +
          'parameter with its gradient, the loss of each training step, the DOT and the SVG. When the picture ' +
          'is too large to draw, `dot` and `svg` are left out and `warnings` says why; the numbers are still answered.',
        body: MlpRequestSchema,
        response: { 200: MlpResultSchema, ...ERRORS },
      },
    },
    async (request, reply) => jsonAnswer(await run(request.body, 'json', clientGone(reply))),
  );

  app.post(
    '/v1/mlp.svg',
    {
      schema: {
        tags: ['mlp'],
        summary: 'The picture of an MLP as SVG',
        description:
          'The same picture as the `svg` of POST /v1/mlp; 422 `graph-too-large` when the graph is too large to ' +
          'draw (in the `values` view, the problem suggests `view: "neurons"`).',
        body: MlpRequestSchema,
        response: { 200: text('image/svg+xml', 'The graph of the final pass as SVG.', MLP_SVG_EXAMPLE), ...SVG_ERRORS },
      },
      config: { answers: 'svg' },
    },
    async (request, reply) => {
      const { svg } = await run(request.body, 'svg', clientGone(reply));
      // Unreachable: an svg job either draws or throws graph-too-large.
      if (svg === undefined) throw new Error('the svg job answered without an svg');
      return reply.type(SVG_CONTENT_TYPE).send(svg);
    },
  );

  app.post(
    '/v1/mlp.dot',
    {
      schema: {
        tags: ['mlp'],
        summary: 'The graph of an MLP as Graphviz DOT',
        description:
          'The DOT that the SVG is laid out from; 422 `graph-too-large` under the same condition as the SVG, ' +
          'since the DOT of a graph of a million values would itself be a hundred megabytes.',
        body: MlpRequestSchema,
        response: { 200: text('text/vnd.graphviz', 'The graph of the final pass in Graphviz DOT.', MLP_DOT_EXAMPLE), ...ERRORS },
      },
      config: { answers: 'dot' },
    },
    async (request, reply) => {
      const { dot } = await run(request.body, 'dot', clientGone(reply));
      if (dot === undefined) throw new Error('the dot job answered without a dot');
      return reply.type(DOT_CONTENT_TYPE).send(dot);
    },
  );

  app.post(
    '/v1/mlp/loss.svg',
    {
      schema: {
        tags: ['mlp'],
        summary: 'The loss curve of a training run as SVG',
        description:
          'Trains the network as POST /v1/mlp does and charts the loss of each step (before its update) against ' +
          'the step, with axes and labels; a log scale when the losses span three decades or more. A request ' +
          'without `train` (or with 0 steps) is a 422: a loss curve needs training steps.',
        body: MlpRequestSchema,
        response: { 200: text('image/svg+xml', 'The loss of each training step as an SVG chart.', LOSS_SVG_EXAMPLE), ...SVG_ERRORS },
      },
      config: { answers: 'svg' },
    },
    async (request, reply) => {
      const { lossSvg } = await run(request.body, 'loss-svg', clientGone(reply));
      if (lossSvg === undefined) throw new Error('the loss-svg job answered without a chart');
      return reply.type(SVG_CONTENT_TYPE).send(lossSvg);
    },
  );
};

/** The job's warnings are errors in the core's terms; clients see them as problem types. */
function jsonAnswer({ warnings, lossSvg: _unused, ...result }: MlpJobResult): MlpResultBody {
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

export default mlp;
