import compress from '@fastify/compress';
import type { FastifyPluginAsync, onSendHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import { appendVary } from '../negotiate.js';
import { codedTag } from '../representations.js';

/**
 * Text answers (JSON, problems, SVG, DOT, the Prometheus text, and the pages' HTML, JS and CSS)
 * in Brotli or gzip, as the client accepts: an MLP's SVG shrinks about tenfold. PNG is compressed
 * already and is sent as it is. Requests are not decompressed: a body with a Content-Encoding is
 * refused before it is parsed, so a small upload cannot inflate into a large one.
 */
export const COMPRESSIBLE = /^(?:text\/|image\/svg\+xml|application\/(?:[\w.-]+\+)?json|application\/javascript)/;

/** Below this, the coding's framing costs about what it saves. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

const compression: FastifyPluginAsync = async (app) => {
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    customTypes: COMPRESSIBLE,
    threshold: COMPRESSION_THRESHOLD_BYTES,
  });
  // The plugin compresses in an onSend hook of each route; the tag must follow the coding it
  // chose, so this hook goes on each route too, after the plugin's.
  app.addHook('onRoute', (route) => {
    route.onSend = [...[route.onSend ?? []].flat(), tagTheCoding];
  });
};

const tagTheCoding: onSendHookHandler = async (_request, reply, payload) => {
  // Also on the identity bytes of a type that could have been compressed: a shared cache must
  // not hand them, or the Brotli ones, to a client that asked otherwise.
  if (COMPRESSIBLE.test(String(reply.getHeader('content-type') ?? ''))) appendVary(reply, 'Accept-Encoding');
  const coding = reply.getHeader('content-encoding');
  const etag = reply.getHeader('etag');
  if (typeof coding === 'string' && typeof etag === 'string') reply.header('etag', codedTag(etag, coding));
  return payload;
};

export default fp(compression, { name: 'gradviz-compression', fastify: '5.x' });
