import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { renderErrorSvg, type ErrorPicture } from '../../render/error-image.js';
import { renderPngAsync, type PngScale } from '../../render/png.js';
import type { CachedResult } from '../../jobs/result-cache.js';
import { clientKeyOf } from '../client-key.js';
import type { Jobs } from '../jobs.js';
import { CONTENT_TYPES } from '../negotiate.js';
import type { Problem } from './types.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Draws problems for clients that asked for an image; registered by the app. */
    problemPictures?: ProblemPictures;
  }
}

// The program each request carries, once a route has read it (from the body, the query or the
// encoded path): a source error's picture shows its line with a caret under the column.
const sources = new WeakMap<FastifyRequest, string>();

export function rememberSource(request: FastifyRequest, source: string): void {
  sources.set(request, source);
}

/** Answers that shed load: drawn once at start-up, never on demand, so a flood of them costs nothing. */
const SHEDDING: Record<number, ErrorPicture> = {
  429: { status: 429, title: 'Too Many Requests', detail: 'too many requests from this client; try again shortly' },
  503: { status: 503, title: 'The service is busy', detail: 'the service is busy; try again shortly' },
};

/**
 * Pictures of problems, for clients that asked for an image. Drawing one (above all as PNG) is
 * real work, so it runs in the worker pool under the same queue, fair shares and time limit as
 * any job, and a picture once drawn is kept: a broken image URL fetched again costs no worker.
 * When the pool cannot take the job, the caller answers problem+json instead.
 */
export class ProblemPictures {
  readonly #drawn = new LRUCache<string, CachedResult>({
    maxSize: 16 * 1024 * 1024,
    sizeCalculation: (picture) => Buffer.byteLength(picture.body) + 64,
  });

  private constructor(
    private readonly jobs: Pick<Jobs, 'problemPicture'>,
    private readonly prepared: Map<string, CachedResult>,
  ) {}

  /** Draws the load-shedding pictures, once, before the app serves. */
  static async prepare(jobs: Pick<Jobs, 'problemPicture'>): Promise<ProblemPictures> {
    const prepared = new Map<string, CachedResult>();
    for (const picture of Object.values(SHEDDING)) {
      const svg = renderErrorSvg(picture);
      prepared.set(`${picture.status} svg`, { contentType: CONTENT_TYPES.svg, body: svg });
      prepared.set(`${picture.status} png`, { contentType: CONTENT_TYPES.png, body: await renderPngAsync(svg, { scale: 1 }) });
    }
    return new ProblemPictures(jobs, prepared);
  }

  /** The picture of `problem`, or undefined when it cannot be drawn now (the pool is busy, say). */
  async draw(request: FastifyRequest, problem: Problem, format: 'svg' | 'png'): Promise<CachedResult | undefined> {
    const prepared = this.prepared.get(`${problem.status} ${format}`);
    if (prepared !== undefined) return prepared;

    const picture: ErrorPicture = {
      status: problem.status,
      title: problem.title,
      detail: problem.detail,
      source: sources.get(request),
      line: problem.line,
      column: problem.column,
    };
    const scale = format === 'png' ? scaleOf(request) : 1;
    const key = createHash('sha256').update(JSON.stringify([picture, format, scale])).digest('base64url');
    const drawn = this.#drawn.get(key);
    if (drawn !== undefined) return drawn;
    try {
      const body = await this.jobs.problemPicture({ picture, format, scale }, { client: clientKeyOf(request) });
      const result = {
        contentType: CONTENT_TYPES[format],
        body: typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength),
      };
      this.#drawn.set(key, result);
      return result;
    } catch (error) {
      request.log.warn({ err: error }, 'could not draw the problem; answering it as JSON');
      return undefined;
    }
  }
}

/** The scale the request asked for (query or body options), when it is a valid one; else 1. */
function scaleOf(request: FastifyRequest): PngScale {
  const query = request.query as { scale?: unknown } | undefined;
  const body = request.body as { options?: { scale?: unknown } } | undefined;
  const scale = Number(query?.scale ?? body?.options?.scale ?? 1);
  return scale === 2 || scale === 3 ? scale : 1;
}
