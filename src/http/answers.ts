import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DEFAULT_DOT_OPTIONS } from '../graph/dot.js';
import { DEFAULT_BOUNDARY } from '../nn/boundary.js';
import type { AnswerBody } from '../jobs/answer.js';
import { DEFAULT_LAYOUT } from '../jobs/draw.js';
import type { CachedResult, ResultCache } from '../jobs/result-cache.js';
import { clientKeyOf } from './client-key.js';
import { etagOver } from './etag.js';
import type { AnswerJob, Jobs } from './jobs.js';
import { CONTENT_TYPES } from './negotiate.js';
import { rememberSource } from './problem/picture.js';
import type { Refusals } from './refusals.js';
import { matchedRepresentation } from './representations.js';
import { SERVICE_VERSION } from './service-info.js';

/**
 * The one path from a job to its answer, for every route, GET and POST, expression and MLP: the
 * same request always gives the same bytes, so an answer carries a strong ETag over everything
 * that shapes it, is kept in the result cache under that tag, is computed once however many
 * identical requests arrive together, and, for GET, may be stored by browsers and proxies. A
 * refusal is remembered under the same tag, so asking again costs no worker.
 */

export interface AnswerPolicy {
  jobs: Pick<Jobs, 'answer'>;
  cache: ResultCache;
  refusals: Refusals;
  /** Cache-Control max-age of GET answers, in seconds. */
  maxAgeSeconds: number;
  /** Configuration that decides answers (the limits): a changed limit must not leave a stale 304. */
  shapedBy?: unknown;
  /** What draws the answers, by name and version; default RENDERERS. */
  renderers?: Record<string, string>;
}

/** Everything that shapes the bytes besides the request: the service and the renderers it draws with. */
export const RENDERERS = {
  service: SERVICE_VERSION,
  graphviz: manifestVersion('@hpcc-js/wasm-graphviz'),
  resvg: manifestVersion('@resvg/resvg-js'),
};

/** How long a cache may show an old answer while it fetches the new one, past max-age. */
export const STALE_WHILE_REVALIDATE_SECONDS = 7 * 24 * 3600;

export function cacheControl(maxAgeSeconds: number): string {
  // The URL holds the whole input but not the renderer's version: a rendering fix changes the
  // bytes at the same URL. So no `immutable`: once max-age has passed, caches revalidate, and the
  // ETag (which covers the renderers) answers 304 until the renderer changes, then the new bytes.
  if (maxAgeSeconds <= 0) return 'public, no-cache';
  return `public, max-age=${maxAgeSeconds}, stale-while-revalidate=${STALE_WHILE_REVALIDATE_SECONDS}`;
}

interface Rendering {
  result: Promise<CachedResult>;
  controller: AbortController;
  waiting: number;
}

export class Answers {
  private readonly inFlight = new Map<string, Rendering>();
  private readonly etagOf: (identity: unknown) => string;

  constructor(private readonly policy: AnswerPolicy) {
    this.etagOf = etagOver({ renderers: policy.renderers ?? RENDERERS, configuration: policy.shapedBy }, 'identity');
  }

  /**
   * Sends the answer to `job`: from the cache, from a rendering already under way, or from a new
   * job; 304 when a GET's If-None-Match holds the tag. Errors propagate to the error handler,
   * which drops the tag and the caching headers.
   */
  async send(request: FastifyRequest, reply: FastifyReply, job: AnswerJob): Promise<FastifyReply> {
    if (job.kind === 'expression') rememberSource(request, job.request.source);
    const etag = this.etagOf(identityOf(job));
    reply.header('etag', etag);
    // A POST's answer is not a representation of its URL: no shared caching, no 304.
    const get = request.method === 'GET' || request.method === 'HEAD';
    if (get) {
      reply.header('cache-control', cacheControl(this.policy.maxAgeSeconds));
      // The client may hold any representation (identity, Brotli, gzip): the 304 names the one it holds.
      const held = matchedRepresentation(request.headers['if-none-match'], etag);
      if (held !== undefined) return reply.code(304).header('etag', held).send();
    }
    const refused = this.policy.refusals.get(etag);
    if (refused !== undefined) throw refused;
    const result = this.policy.cache.get(etag) ?? (await this.rendered(etag, job, request, reply));
    return reply.type(result.contentType).send(result.body);
  }

  /**
   * Renders once however many identical requests arrive meanwhile, and caches the result. The
   * work is cancelled only when every client waiting for it has gone away.
   */
  private async rendered(etag: string, job: AnswerJob, request: FastifyRequest, reply: FastifyReply): Promise<CachedResult> {
    let rendering = this.inFlight.get(etag);
    if (rendering === undefined) {
      const controller = new AbortController();
      const caller = { client: clientKeyOf(request), signal: controller.signal };
      const result = this.policy.jobs.answer(job, caller).then(
        (body) => {
          const value = { contentType: contentTypeOf(job), body: asBuffer(body) };
          this.policy.cache.set(etag, value);
          return value;
        },
        (error: unknown) => {
          this.policy.refusals.remember(etag, error);
          throw error;
        },
      );
      const started: Rendering = { result, controller, waiting: 0 };
      const forget = () => {
        if (this.inFlight.get(etag) === started) this.inFlight.delete(etag);
      };
      void result.then(forget, forget);
      this.inFlight.set(etag, started);
      rendering = started;
    }
    const joined = rendering;
    joined.waiting++;
    reply.raw.once('close', () => {
      // 'close' also follows a normal answer; only a client that left before it counts.
      if (reply.raw.writableEnded || --joined.waiting > 0) return;
      // Later arrivals start afresh rather than join a rendering that is being cancelled.
      if (this.inFlight.get(etag) === joined) this.inFlight.delete(etag);
      joined.controller.abort();
    });
    return joined.result;
  }
}

const DEFAULT_DRAWING = { ...DEFAULT_DOT_OPTIONS, layout: DEFAULT_LAYOUT };

/** The defaults of an expression's options beyond the drawing. */
const EXPRESSION_DEFAULTS = { gradcheck: false, labels: 'names', tanh: 'math' } as const;

/** Everything that decides the bytes, defaults written out: leaving an option out and giving its default are the same answer. */
function identityOf(job: AnswerJob): unknown {
  const scale = job.format === 'png' || job.format === 'loss.png' || job.format === 'boundary.png' ? job.scale : undefined;
  if (job.kind === 'expression') {
    const { source, values, output, options } = job.request;
    return { kind: job.kind, format: job.format, scale, source, values, output, options: { ...DEFAULT_DRAWING, ...EXPRESSION_DEFAULTS, ...options } };
  }
  const { options, boundary, ...spec } = job.request;
  const grid = job.format.startsWith('boundary.') ? { ...DEFAULT_BOUNDARY, ...boundary } : undefined;
  return { kind: job.kind, format: job.format, scale, spec, grid, options: { ...DEFAULT_DRAWING, view: 'values', gradcheck: false, ...options } };
}

/** Exported code is Python source, never negotiated: its routes name it. */
const PYTHON_CONTENT_TYPE = 'text/x-python; charset=utf-8';

/** The content type of an answer: a loss chart or a boundary is a picture like the graph's. */
function contentTypeOf(job: AnswerJob): string {
  if (job.format === 'pytorch' || job.format === 'micrograd') return PYTHON_CONTENT_TYPE;
  if (job.format === 'loss.svg' || job.format === 'boundary.svg') return CONTENT_TYPES.svg;
  if (job.format === 'loss.png' || job.format === 'boundary.png') return CONTENT_TYPES.png;
  if (job.format === 'boundary.json') return CONTENT_TYPES.json;
  return CONTENT_TYPES[job.format];
}

/** PNG bytes cross from the worker as a Uint8Array; Fastify sends Buffers. */
function asBuffer(body: AnswerBody): string | Buffer {
  return typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function manifestVersion(name: string): string {
  const require = createRequire(import.meta.url);
  // Some packages do not export their package.json: find it next to the entry point instead.
  let directory = dirname(require.resolve(name));
  for (let depth = 0; depth < 4; depth++, directory = dirname(directory)) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name && manifest.version !== undefined) return manifest.version;
    } catch {
      // not here; look one level up
    }
  }
  throw new Error(`cannot find the version of ${name}`);
}
