import type { FastifyInstance } from 'fastify';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** What the load tests and bench/load.ts read from autocannon (the package ships no types). */
export interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number };
  /** Counts by status code, as strings ('200', '503'). */
  statusCodeStats: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
  duration: number;
}

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  body?: string;
  headers?: Record<string, string>;
  connections: number;
  /** Seconds. */
  duration: number;
  /** Seconds before an unanswered request counts as a timeout. */
  timeout?: number;
}

type Autocannon = (options: LoadOptions) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export function load(options: LoadOptions): Promise<LoadResult> {
  return autocannon({ method: 'GET', ...options });
}

/** Adds the status counts of `from` into `into`. */
export function addStatusCounts(into: Map<number, number>, from: LoadResult['statusCodeStats']): void {
  for (const [status, { count }] of Object.entries(from)) into.set(Number(status), (into.get(Number(status)) ?? 0) + count);
}

let gc: (() => void) | undefined;
/**
 * A full garbage collection, even when node was started without --expose-gc: the flag takes
 * effect for contexts created after it is set. Undefined if the runtime refuses.
 */
export function garbageCollector(): (() => void) | undefined {
  if (gc !== undefined) return gc;
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return (gc = exposed);
  try {
    setFlagsFromString('--expose-gc');
    const found = runInNewContext('gc') as unknown;
    if (typeof found === 'function') gc = found as () => void;
  } catch {
    gc = undefined;
  }
  return gc;
}

/** Heap in use after collecting what can be collected (or after a pause, when gc is out of reach). */
export async function settledHeapUsed(): Promise<number> {
  const collect = garbageCollector();
  for (let round = 0; round < 3; round++) {
    await new Promise((resolve) => setTimeout(resolve, collect === undefined ? 1000 : 100));
    collect?.();
  }
  return process.memoryUsage().heapUsed;
}

/** Waits until every worker has loaded Graphviz, so the first job does not pay for it. */
export async function waitForReady(app: FastifyInstance, timeoutMs = 30_000): Promise<void> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if ((await app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the app never became ready');
}

export interface MixedLoadResult {
  /** POST /v1/expression.svg of the lecture program. */
  small: LoadResult;
  /** GET /healthz, beside it. */
  health: LoadResult;
  /** Status counts of the pathological requests sent meanwhile. */
  pathological: Map<number, number>;
  /** Requests that failed below HTTP (a reset connection), by message. */
  pathologicalErrors: string[];
}

/**
 * Small requests under autocannon while pathological ones (`slow` bodies whose layout outlasts the
 * job time limit, bodies over the size limits) are sent in parallel, `parallel` at a time.
 */
export async function mixedLoad(options: {
  base: string;
  seconds: number;
  connections: number;
  smallBody: string;
  /** The body of the i-th pathological request (vary them: identical requests may share one job). */
  pathologicalBody: (i: number) => string;
  parallel: number;
}): Promise<MixedLoadResult> {
  const json = { 'content-type': 'application/json' };
  const pathological = new Map<number, number>();
  const pathologicalErrors: string[] = [];
  let running = true;
  let sent = 0;
  const sendPathological = async () => {
    while (running) {
      const body = options.pathologicalBody(sent++);
      try {
        const response = await fetch(`${options.base}/v1/expression.svg`, { method: 'POST', body, headers: json });
        await response.arrayBuffer();
        pathological.set(response.status, (pathological.get(response.status) ?? 0) + 1);
      } catch (error) {
        pathologicalErrors.push(String(error));
      }
    }
  };
  const lanes = Array.from({ length: options.parallel }, () => sendPathological());
  const [small, health] = await Promise.all([
    load({ url: `${options.base}/v1/expression.svg`, method: 'POST', body: options.smallBody, headers: json, connections: options.connections, duration: options.seconds }),
    load({ url: `${options.base}/healthz`, connections: 2, duration: options.seconds }),
  ]);
  running = false;
  await Promise.all(lanes);
  return { small, health, pathological, pathologicalErrors };
}
