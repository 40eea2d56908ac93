import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/** A URL over MAX_URL_LENGTH: 414, telling the client to POST the source instead. */
export class UrlTooLongError extends Error {
  override readonly name = 'UrlTooLongError';
  readonly statusCode = 414;

  constructor(
    readonly length: number,
    readonly limit: number,
  ) {
    super(
      `the URL is ${length.toLocaleString('en-US')} characters, more than the limit of ` +
        `${limit.toLocaleString('en-US')}: POST the program to the same route without the URL parameters ` +
        '(e.g. POST /v1/expression.svg with a JSON body) instead',
    );
  }
}

export interface UrlLimitOptions {
  maxUrlLength: number;
}

/**
 * Refuses long URLs before any work. It runs for unknown paths too, so a path over the limit is
 * 414 rather than 404 (the server's maxParamLength is raised to the same limit, so every URL
 * under it reaches its route).
 */
const urlLimit: FastifyPluginAsync<UrlLimitOptions> = async (app, { maxUrlLength }) => {
  app.addHook('onRequest', async (request) => {
    if (request.url.length > maxUrlLength) throw new UrlTooLongError(request.url.length, maxUrlLength);
  });
};

export default fp(urlLimit, { name: 'gradviz-url-limit', fastify: '5.x' });
