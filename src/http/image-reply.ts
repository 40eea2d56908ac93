import type { FastifyReply, FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { CachedResult, ResultCache } from '../jobs/result-cache.js';
import { computeEtag, matchesIfNoneMatch } from './etag.js';
import { SERVICE_VERSION } from './service-info.js';

/**
 * Answers that are pictures (or text) of a request: the same request always gives the same
 * bytes, so they carry a strong ETag over everything that shapes them, are kept in the result
 * cache under that tag, and, for GET, may be stored by browsers and proxies.
 */

export interface AnswerPolicy {
  cache: ResultCache;
  /** Cache-Control max-age of GET answers, in seconds. */
  maxAgeSeconds: number;
  /** Configuration that decides answers (the limits): a changed limit must not leave a stale 304. */
  shapedBy?: unknown;
}

/** Everything that shapes the bytes besides the request: the service and the renderers it draws with. */
const RENDERERS = {
  service: SERVICE_VERSION,
  graphviz: manifestVersion('@hpcc-js/wasm-graphviz'),
  resvg: manifestVersion('@resvg/resvg-js'),
};

export function cacheControl(maxAgeSeconds: number): string {
  // The URL holds the whole input, so within a version the answer to a URL never changes:
  // `immutable` spares even a reload's revalidation.
  return maxAgeSeconds > 0 ? `public, max-age=${maxAgeSeconds}, immutable` : 'public, no-cache';
}

/** Makes the answer; `signal` aborts when every client waiting for it has gone away. */
export type Render = (signal: AbortSignal) => Promise<CachedResult>;

interface Rendering {
  result: Promise<CachedResult>;
  controller: AbortController;
  waiting: number;
}

export class Answers {
  private readonly inFlight = new Map<string, Rendering>();

  constructor(private readonly policy: AnswerPolicy) {}

  /**
   * Sends what `render` makes for `identity` (the request's content, its format and options), or
   * the cached copy, or 304 when a GET's If-None-Match holds the tag. Errors from `render`
   * propagate to the error handler, which drops the tag and the caching headers.
   */
  async send(
    request: FastifyRequest,
    reply: FastifyReply,
    identity: unknown,
    render: Render,
  ): Promise<FastifyReply> {
    const etag = computeEtag({ renderers: RENDERERS, configuration: this.policy.shapedBy, identity });
    reply.header('etag', etag);
    // A POST's answer is not a representation of its URL: no shared caching, no 304.
    const get = request.method === 'GET' || request.method === 'HEAD';
    if (get) {
      reply.header('cache-control', cacheControl(this.policy.maxAgeSeconds));
      if (matchesIfNoneMatch(request.headers['if-none-match'], etag)) return reply.code(304).send();
    }
    const result = this.policy.cache.get(etag) ?? (await this.rendered(etag, render, reply));
    return reply.type(result.contentType).send(result.body);
  }

  /**
   * Renders once however many identical requests arrive meanwhile, and caches the result. The
   * work is cancelled only when every client waiting for it has gone away.
   */
  private async rendered(etag: string, render: Render, reply: FastifyReply): Promise<CachedResult> {
    let rendering = this.inFlight.get(etag);
    if (rendering === undefined) {
      const controller = new AbortController();
      const result = render(controller.signal).then((value) => {
        this.policy.cache.set(etag, value);
        return value;
      });
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
