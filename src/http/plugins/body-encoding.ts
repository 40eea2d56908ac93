import { parse as parseContentType } from 'content-type';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/** The body is compressed or in a charset other than UTF-8: 415 with the reason. */
export class UnsupportedBodyEncodingError extends Error {
  override readonly name = 'UnsupportedBodyEncodingError';
  readonly statusCode = 415;
}

// US-ASCII text is UTF-8 text; every other charset would be read as UTF-8 and garbled.
const UTF8_COMPATIBLE = new Set(['utf-8', 'utf8', 'us-ascii']);

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Refuses, before a byte of it is read, a body the JSON parser would misread: one with a
 * Content-Encoding (gzip would reach the parser as binary) or a charset other than UTF-8.
 */
const bodyEncoding: FastifyPluginAsync = async (app) => {
  app.addHook('onRequest', async (request, reply) => {
    if (!hasBody(request)) return;
    const coding = request.headers['content-encoding']?.trim().toLowerCase();
    if (coding !== undefined && coding !== '' && coding !== 'identity') {
      // RFC 9110, section 15.5.16: say which codings are accepted.
      reply.header('accept-encoding', 'identity');
      throw new UnsupportedBodyEncodingError(
        `the request body is sent with Content-Encoding: ${coding.slice(0, 40)}; send it uncompressed`,
      );
    }
    const contentType = request.headers['content-type'];
    if (contentType === undefined) return;
    const charset = parseContentType(contentType).parameters['charset']?.toLowerCase();
    if (charset !== undefined && !UTF8_COMPATIBLE.has(charset)) {
      throw new UnsupportedBodyEncodingError(`the request body's charset is ${charset.slice(0, 40)}; send it as UTF-8`);
    }
  });
};

export default fp(bodyEncoding, { name: 'gradviz-body-encoding', fastify: '5.x' });
