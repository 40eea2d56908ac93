import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route also takes its input as a plain-text body (a program, or a spec as JSON text). */
    textBody?: boolean;
  }
}

/** The media types of a program or a diagram's source sent as it is, as Kroki's clients send it. */
export const TEXT_MEDIA_TYPES = ['text/plain', 'text/x-python'] as const;

/** A body sent as text to a route that takes only JSON: 415, as any other media type. */
class TextBodyRefused extends Error {
  override readonly name = 'TextBodyRefused';
  readonly code = 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
  readonly statusCode = 415;
}

/**
 * Plain-text bodies, for the routes that say they take them (`config.textBody`): `curl
 * --data-binary @program.py` and Kroki's clients send the source itself. Every other route keeps
 * refusing them with 415. Register after the JSON parser, which removes Fastify's own.
 */
const textBody: FastifyPluginAsync = async (app) => {
  app.addContentTypeParser([...TEXT_MEDIA_TYPES], { parseAs: 'string' }, (request, body, done) => {
    // An unknown path is answered 404 whatever its body, so the body is not judged there.
    if (request.routeOptions.config.textBody !== true && !request.is404) {
      done(new TextBodyRefused(`${request.headers['content-type']} is not taken here`), undefined);
      return;
    }
    done(null, body);
  });
};

export default fp(textBody, { name: 'gradviz-text-body', fastify: '5.x', dependencies: ['gradviz-json-body'] });

/** The OpenAPI and validation entries of a text body, beside the route's JSON body. */
export function withTextBody(json: object, description: string, example: string) {
  const text = { schema: Type.String({ description, examples: [example] }) };
  return { content: { 'application/json': { schema: json }, ...Object.fromEntries(TEXT_MEDIA_TYPES.map((type) => [type, text])) } };
}
