/**
 * The lecture example as an image URL (GET /v1/expression/svg/{encoded}), on loopback, with the
 * server in a process of its own:
 *  - a cold render (every request a new source, so neither the cache nor request sharing helps),
 *  - a cached render (the same URL again and again: the result cache answers, no layout),
 *  - a 304 (the same URL with If-None-Match),
 * each as requests/second and p50/p99; then PNG render time at 1x and 2x, and the bytes of the
 * SVG and the PNGs.
 *
 *   npx tsx bench/images.ts [--seconds 5] [--connections 10]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import app from '../src/http/app.js';
import { encodeSource } from '../src/http/encoded-source.js';
import { serverOptions } from '../src/http/server-options.js';
import { renderPng } from '../src/render/png.js';
import { LECTURE } from '../test/helpers/programs.js';

const { values: args, positionals } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' } },
  allowPositionals: true,
});

interface Result {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface Request {
  method: string;
  path: string;
  headers?: Record<string, string>;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: object) => Promise<Result>;

/** The server side: `bench/images.ts serve` listens on loopback and prints its port. */
async function serve(): Promise<void> {
  const config = { ...loadConfig({}), port: 0, host: '127.0.0.1', logLevel: 'silent' as const };
  const server = Fastify({ ...serverOptions(config), logger: false });
  await server.register(app, { config });
  await server.listen({ port: 0, host: '127.0.0.1' });
  for (let tries = 0; tries < 300 && (await server.inject({ url: '/readyz' })).statusCode !== 200; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(JSON.stringify({ port: (server.server.address() as AddressInfo).port }));
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

async function startServer(): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', new URL(import.meta.url).pathname, 'serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, base: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const imagePath = (source: string, format = 'svg') => `/v1/expression/${format}/${encodeSource(source)}`;

async function measure(base: string, requests: Request[] | ((n: number) => Request)): Promise<Result> {
  let n = 0;
  const next = typeof requests === 'function' ? requests : undefined;
  const result = await autocannon({
    url: base,
    connections: Number(args.connections),
    duration: Number(args.seconds),
    requests: next === undefined ? requests : [{ setupRequest: (request: object) => ({ ...request, ...next(n++) }) }],
  });
  const bad = Object.entries(result.statusCodeStats).filter(([status]) => status !== '200' && status !== '304');
  if (bad.length > 0) throw new Error(`unexpected statuses: ${JSON.stringify(bad)}`);
  return result;
}

function row(name: string, r: Result): string {
  return `${name.padEnd(30)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${ms(r.latency.p50).padStart(9)}   p99 ${ms(r.latency.p99).padStart(9)}   (${r.requests.total} requests)`;
}

async function main(): Promise<void> {
  const { child, base } = await startServer();
  try {
    const path = imagePath(LECTURE);
    const first = await fetch(base + path);
    const svg = await first.text();
    const etag = first.headers.get('etag') ?? '';
    if (first.status !== 200 || etag === '') throw new Error(`the lecture image answered ${first.status} without an ETag`);

    // A different comment each time: same picture, new source, so every request is laid out.
    const cold = await measure(base, (n) => ({ method: 'GET', path: imagePath(`${LECTURE}\n# ${n}`) }));
    const cached = await measure(base, [{ method: 'GET', path }]);
    const notModified = await measure(base, [{ method: 'GET', path, headers: { 'if-none-match': etag } }]);

    const pngTimes = (scale: 1 | 2) => {
      renderPng(svg, { scale });
      const times: number[] = [];
      let bytes = 0;
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        bytes = renderPng(svg, { scale }).length;
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      return { median: times[10] as number, bytes };
    };
    const png1 = pngTimes(1);
    const png2 = pngTimes(2);

    console.log(`lecture example as an image URL, ${args.connections} connections, ${args.seconds} s each, Node ${process.version}`);
    console.log(row('cold render (new source each)', cold));
    console.log(row('cached render (same URL)', cached));
    console.log(row('304 (If-None-Match)', notModified));
    console.log(`cached / cold: ${(cached.requests.average / cold.requests.average).toFixed(1)}x requests per second`);
    console.log(`PNG render (resvg, in process): 1x ${ms(png1.median)}, 2x ${ms(png2.median)} (median of 20)`);
    console.log(`bytes: SVG ${Buffer.byteLength(svg)}, PNG 1x ${png1.bytes}, PNG 2x ${png2.bytes}`);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

if (positionals[0] === 'serve') await serve();
else await main();
