import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Problem } from './types.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * The one place that decides how a problem is answered. Every client gets problem+json for now;
 * a client that asked for an image will get a picture of the problem here, with the same status.
 */
export function sendProblem(_request: FastifyRequest, reply: FastifyReply, problem: Problem): FastifyReply {
  return reply
    .code(problem.status)
    .type(PROBLEM_CONTENT_TYPE)
    .header('cache-control', 'no-store')
    .send(problem);
}

/** The request's path without its query string: the problem's `instance`. */
export function instanceOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}
