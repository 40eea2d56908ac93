import type { FastifyReply, FastifyRequest } from 'fastify';
import Negotiator from 'negotiator';
import { ANSWER_FORMATS, type AnswerFormat } from './schemas/image.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What a route answers: one format, the format named by its `format` path parameter, or
     * (unset) whatever the client's Accept prefers. Errors take the same form.
     */
    answers?: AnswerFormat | 'path';
  }
}

export const MEDIA_TYPES: Record<AnswerFormat, string> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  dot: 'text/vnd.graphviz',
  json: 'application/json',
};

export const CONTENT_TYPES: Record<AnswerFormat, string> = {
  svg: 'image/svg+xml; charset=utf-8',
  png: 'image/png',
  dot: 'text/vnd.graphviz; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/**
 * The offer the client prefers by its Accept header (RFC 9110, section 12.5.1), as negotiator
 * ranks them: by quality, then by how specific the matching range is, then by the order of the
 * ranges in the header, then by the order of the offers. Without an Accept header the first
 * offer wins; undefined when the client accepts none of them.
 */
export function preferred<Offer>(accept: string | undefined, offers: readonly (readonly [Offer, string])[]): Offer | undefined {
  if (accept === undefined || accept.trim() === '') return offers[0]?.[0];
  const best = new Negotiator({ headers: { accept } }).mediaType(offers.map(([, mediaType]) => mediaType));
  return offers.find(([, mediaType]) => mediaType === best)?.[0];
}

/** The format a POST answers: the client's preference, else JSON. */
export function negotiateAnswer(request: FastifyRequest): AnswerFormat {
  return preferred(request.headers.accept, ANSWER_FORMATS_BY_PREFERENCE.map((format) => [format, MEDIA_TYPES[format]] as const)) ?? 'json';
}

// JSON first: a client that accepts anything (`*/*`, curl's default) gets the API's usual answer.
const ANSWER_FORMATS_BY_PREFERENCE: readonly AnswerFormat[] = ['json', ...ANSWER_FORMATS.filter((format) => format !== 'json')];

/** The format the route was asked for, when the URL or the route says it; undefined when Accept decides. */
export function requestedFormat(request: FastifyRequest): AnswerFormat | undefined {
  // Errors raised before routing come with a request that may lack route options.
  const answers = request.routeOptions?.config?.answers;
  if (answers !== 'path') return answers;
  const format = (request.params as { format?: unknown } | undefined)?.format;
  return ANSWER_FORMATS.find((known) => known === format);
}

/**
 * Whether an error should be answered with a picture, and which: when the route's URL names SVG
 * or PNG (unless the client's Accept prefers JSON, as an API client's does), or, on routes that
 * negotiate, when the client prefers an image to JSON, as a browser loading an `<img>` does.
 * Everyone else gets problem+json.
 */
export function errorPictureFormat(request: FastifyRequest): 'svg' | 'png' | undefined {
  const requested = requestedFormat(request);
  if (requested === 'json' || requested === 'dot') return undefined;
  const pictures = requested === undefined ? (['svg', 'png'] as const) : [requested];
  const json = [
    ['json', 'application/problem+json'],
    ['json', 'application/json'],
  ] as const;
  const offers = pictures.map((picture) => [picture, MEDIA_TYPES[picture]] as const);
  // Ties (`*/*`, or no Accept) go to the route's picture, else to JSON.
  const format = preferred(request.headers.accept, requested === undefined ? [...json, ...offers] : [...offers, ...json]);
  return format === 'svg' || format === 'png' ? format : undefined;
}

/** Adds `field` to the Vary header, keeping what other plugins (CORS) put there. */
export function appendVary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('vary');
  const fields = (Array.isArray(current) ? current.join(',') : String(current ?? '')).split(',').map((item) => item.trim()).filter(Boolean);
  if (fields.includes('*') || fields.some((item) => item.toLowerCase() === field.toLowerCase())) return;
  reply.header('vary', [...fields, field].join(', '));
}
