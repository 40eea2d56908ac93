import type { FastifyRequest } from 'fastify';
import { renderErrorSvg } from '../../render/error-image.js';
import { renderPngAsync, type PngScale } from '../../render/png.js';
import { CONTENT_TYPES } from '../negotiate.js';
import type { Problem } from './types.js';

// The program each request carries, once a route has read it (from the body, the query or the
// encoded path): a source error's picture shows its line with a caret under the column.
const sources = new WeakMap<FastifyRequest, string>();

export function rememberSource(request: FastifyRequest, source: string): void {
  sources.set(request, source);
}

/** A problem drawn for a client that asked for an image, in the form it asked for. */
export async function problemPicture(
  request: FastifyRequest,
  problem: Problem,
  format: 'svg' | 'png',
): Promise<{ contentType: string; body: string | Buffer }> {
  const svg = renderErrorSvg({
    status: problem.status,
    title: problem.title,
    detail: problem.detail,
    source: sources.get(request),
    line: problem.line,
    column: problem.column,
  });
  if (format === 'svg') return { contentType: CONTENT_TYPES.svg, body: svg };
  return { contentType: CONTENT_TYPES.png, body: await renderPngAsync(svg, { scale: scaleOf(request) }) };
}

/** The scale the request asked for (query or body options), when it is a valid one; else 1. */
function scaleOf(request: FastifyRequest): PngScale {
  const query = request.query as { scale?: unknown } | undefined;
  const body = request.body as { options?: { scale?: unknown } } | undefined;
  const scale = Number(query?.scale ?? body?.options?.scale ?? 1);
  return scale === 2 || scale === 3 ? scale : 1;
}
