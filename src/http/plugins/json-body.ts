import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/** The body is not JSON (or holds a key that could reach a prototype): 400 with the reason. */
export class BodyParseError extends Error {
  override readonly name = 'BodyParseError';
  readonly statusCode = 400;
}

/**
 * Bodies are JSON and nothing else: any other media type is 415 (Fastify would also take
 * text/plain and hand the handler a string). The parser is V8's, whose message says where the
 * text goes wrong; Fastify's default replaces it with a generic one.
 */
const jsonBody: FastifyPluginAsync = async (app) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as BodyParseError, undefined);
    }
  });
};

export default fp(jsonBody, { name: 'gradviz-json-body', fastify: '5.x' });

export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') throw new BodyParseError('the request body is empty; send a JSON object');
  try {
    return JSON.parse(text, refuseProtoKeys);
  } catch (error) {
    if (error instanceof BodyParseError) throw error;
    throw new BodyParseError(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

// JSON.parse makes `__proto__` a plain own property, but code that later copies the object with
// Object.assign or a for-in loop would set a prototype instead.
function refuseProtoKeys(key: string, value: unknown): unknown {
  if (key === '__proto__') throw new BodyParseError("the request body has a '__proto__' key, which is not allowed");
  return value;
}
