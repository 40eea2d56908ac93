import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { MEDIA_TYPES, preferred, requestedFormat } from '../negotiate.js';
import { ANSWER_FORMATS, type AnswerFormat } from '../schemas/image.js';

/** The client's Accept header refuses every format the route can answer. */
export class NotAcceptableError extends Error {
  override readonly name = 'NotAcceptableError';
  readonly statusCode = 406;
}

// A client that accepts problems as JSON is served: on a picture URL that is how an API client
// asks for its errors as JSON rather than as a picture.
const PROBLEM_TYPES = ['application/problem+json', 'application/json'];

/** What an API route can answer: the format its URL names, else every format. */
function formatsOf(request: FastifyRequest): readonly AnswerFormat[] | undefined {
  const answers = request.routeOptions.config?.answers;
  if (answers === undefined) return ANSWER_FORMATS;
  const format = requestedFormat(request);
  // A format parameter that names no format is the validator's to answer.
  return format === undefined ? undefined : [format];
}

/**
 * Answers 406, before any work, when the Accept header refuses every format the route can
 * answer and problem+json too: `application/json;q=0` on a JSON route, `image/png` on a DOT URL. What an `<img>` sends
 * (image types, then anything at q=0.8) accepts everything. Only the API's routes are checked:
 * probes, metrics and documentation answer whatever their clients send.
 */
const notAcceptable: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (request) => {
    const accept = request.headers.accept;
    if (accept === undefined || !request.routeOptions.url?.startsWith('/v1/')) return;
    const formats = formatsOf(request);
    if (formats === undefined) return;
    const types = formats.map((format) => MEDIA_TYPES[format]);
    if (preferred(accept, [...types, ...PROBLEM_TYPES].map((type) => [type, type] as const)) !== undefined) return;
    const answered = types.length === 1 ? `only ${types[0]}` : `${types.slice(0, -1).join(', ')} or ${types.at(-1)}`;
    throw new NotAcceptableError(
      `this URL answers ${answered} (and its errors as application/problem+json), which the Accept header ` +
        `(${accept.slice(0, 100)}) refuses; accept one of them, or */*`,
    );
  });
};

export default fp(notAcceptable, { name: 'gradviz-not-acceptable', fastify: '5.x' });
