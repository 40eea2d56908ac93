import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

/**
 * An SVG opened on its own is a document that could run script: ours never carry any, and this
 * policy makes sure of it (no script, no external fetch, no form, no navigation), while inline
 * styles keep Graphviz's fonts. Every answer is also declared as its stated type only, and may be
 * embedded from other sites (helmet's default `same-origin` would break `<img>` in documents).
 */
export const SVG_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

const securityHeaders: FastifyPluginAsync = async (app) => {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('image/svg+xml')) reply.header('content-security-policy', SVG_CONTENT_SECURITY_POLICY);
    return payload;
  });
};

export default fp(securityHeaders, { name: 'gradviz-security-headers', fastify: '5.x' });
