import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorPictureFormat } from '../negotiate.js';
import type { Problem } from './types.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/**
 * The one place that decides how a problem is answered. A client that asked for an image (by
 * the route's format, or by Accept) gets a picture of the problem with the same status, so a
 * broken graph in a document shows why (or problem+json, when no worker can draw it now);
 * everyone else gets problem+json. Never cached by clients.
 */
export async function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem): Promise<FastifyReply> {
  // The answer that failed may already have set the success's validators.
  reply.code(problem.status).header('cache-control', 'no-store').removeHeader('etag');
  const format = errorPictureFormat(request);
  const picture = format === undefined ? undefined : await request.server.problemPictures?.draw(request, problem, format);
  if (picture !== undefined) return reply.type(picture.contentType).send(picture.body);
  return reply.type(PROBLEM_CONTENT_TYPE).send(problem);
}

/** The request's path without its query string: the problem's `instance`. */
export function instanceOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}
