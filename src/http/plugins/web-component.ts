import type { FastifyPluginAsync } from 'fastify';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export interface WebComponentOptions {
  /** The built component. Default: dist/component/gradviz-graph.js, built on demand from sources. */
  file?: string;
}

// The file sits in dist/component whether this plugin runs compiled (dist/http/plugins) or from
// sources (src/http/plugins, under tsx or vitest).
const CANDIDATES = [
  fileURLToPath(new URL('../../component/gradviz-graph.js', import.meta.url)),
  fileURLToPath(new URL('../../../dist/component/gradviz-graph.js', import.meta.url)),
];

async function locateComponent(): Promise<string | undefined> {
  const found = CANDIDATES.find((file) => existsSync(file));
  if (found !== undefined || !import.meta.url.endsWith('.ts')) return found;
  // Running from TypeScript sources, the build script is at hand: build the component once.
  const script = new URL('../../../scripts/build-component.ts', import.meta.url).href;
  const { buildComponent } = (await import(script)) as { buildComponent: () => Promise<string> };
  return buildComponent();
}

/**
 * Serves the <gradviz-graph> element at /gradviz-graph.js, for pages on any origin to load as a
 * module (CORS and Cross-Origin-Resource-Policy allow it). Its URL is stable, so it is cached for an
 * hour and revalidated by ETag. Without a built component the service runs without the route.
 */
const webComponent: FastifyPluginAsync<WebComponentOptions> = async (app, options) => {
  const file = options.file ?? (await locateComponent());
  if (file === undefined || !existsSync(file)) {
    app.log.warn('the <gradviz-graph> component is not built (npm run build): /gradviz-graph.js is not served');
    return;
  }
  const script = await readFile(file);
  const etag = `"${createHash('sha256').update(script).digest('base64url').slice(0, 27)}"`;
  app.get('/gradviz-graph.js', { schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=3600').header('etag', etag);
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.type('text/javascript; charset=utf-8').send(script);
  });
};

export default webComponent;
