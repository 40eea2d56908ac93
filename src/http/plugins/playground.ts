import fastifyStatic, { type SetHeadersResponse } from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PlaygroundOptions {
  /** The built page (index.html and its assets). Default: dist/public, built on demand from sources. */
  root?: string;
}

// The bundle sits in dist/public whether this file runs compiled (dist/http/plugins) or from
// sources (src/http/plugins, under tsx or vitest).
const CANDIDATES = [
  fileURLToPath(new URL('../../public', import.meta.url)),
  fileURLToPath(new URL('../../../dist/public', import.meta.url)),
];

/** esbuild puts a content hash in asset names, so those can be cached for good; the page itself cannot. */
const HASHED_ASSET = /-[A-Z0-9]{8}\.(?:js|css|map)$/;

/**
 * Everything the page loads comes from the service itself: scripts, styles and API calls. The
 * graph SVG is inlined as DOM nodes (never as markup), so no inline script or style is needed.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
  "object-src 'none'",
].join('; ');

async function locateBundle(): Promise<string> {
  const found = CANDIDATES.find((dir) => existsSync(join(dir, 'index.html')));
  if (found !== undefined) return found;
  // Running from TypeScript sources, the build script is at hand: build the page once.
  if (import.meta.url.endsWith('.ts')) {
    const script = new URL('../../../scripts/build-web.ts', import.meta.url).href;
    const { buildWeb } = (await import(script)) as { buildWeb: () => Promise<{ outDir: string }> };
    return (await buildWeb()).outDir;
  }
  throw new Error(
    `the playground page is not built (no index.html in ${CANDIDATES.join(' or ')}): ` +
      'run `npm run build`, which bundles web/ with scripts/build-web.ts',
  );
}

function setHeaders(response: SetHeadersResponse, path: string): void {
  if (HASHED_ASSET.test(basename(path))) {
    response.setHeader('cache-control', 'public, max-age=31536000, immutable');
    return;
  }
  response.setHeader('cache-control', 'no-cache');
  if (path.endsWith('.html')) {
    response.setHeader('content-security-policy', PAGE_POLICY);
    response.setHeader('x-content-type-options', 'nosniff');
    response.setHeader('referrer-policy', 'no-referrer');
  }
}

/** Serves the playground at `/`: one route per built file, so unknown paths stay the API's 404s. */
const playground: FastifyPluginAsync<PlaygroundOptions> = async (app, options) => {
  const root = options.root ?? (await locateBundle());
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`the playground root ${root} has no index.html: run \`npm run build\``);
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    decorateReply: false,
    cacheControl: false,
    setHeaders,
  });
};

export default playground;
