/**
 * Requests per second and p50/p99 latency of `POST /v1/expression.svg` for the lecture program,
 * under autocannon on loopback, beside a baseline measured in the same run: a server that answers
 * the same request by running Debian's native `dot -Tsvg` once per request.
 *
 * Every request ends with a comment of its own, so each is a new program to gradviz: its result
 * cache and its sharing of identical renders in flight never answer, and both servers lay out
 * every picture (bench/images.ts measures the cache).
 *
 *   npx tsx bench/http-expression.ts [--duration 10] [--connections 10]
 *
 * Needs `dot` on the PATH (Debian: apt-get install -y graphviz).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LECTURE } from '../test/helpers/programs.js';

/** The part of autocannon's API used here (the package ships no types). */
interface LoadResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  method: string;
  headers: Record<string, string>;
  requests: { setupRequest: (request: object) => object }[];
  connections: number;
  duration: number;
}) => Promise<LoadResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const warmup = Number(args.warmup);

if (spawnSync('dot', ['-V']).error !== undefined) {
  console.error("Debian's native Graphviz (`dot`) is needed for the baseline. Install it with:");
  console.error('  apt-get install -y graphviz');
  process.exit(1);
}

const SERVERS = new URL('./http-servers.ts', import.meta.url).pathname;
let sent = 0;
/** The lecture program with a comment no other request has: the same picture, a new request. */
const nextBody = () => JSON.stringify({ source: `${LECTURE}\n# request ${sent++}` });

interface Figures {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
}

async function startServer(kind: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVERS, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { port } = JSON.parse(line) as { port: number };
  return { child, url: `http://127.0.0.1:${port}/v1/expression.svg` };
}

async function check(url: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', body: nextBody(), headers: { 'content-type': 'application/json' } });
  const svg = await response.text();
  if (response.status !== 200 || !svg.includes('data &#45;8.0000')) {
    throw new Error(`${url} did not answer the lecture picture: ${response.status} ${svg.slice(0, 200)}`);
  }
}

function load(url: string, seconds: number): Promise<LoadResult> {
  return autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }],
    connections,
    duration: seconds,
  });
}

async function measure(name: string, kind: string): Promise<Figures> {
  const { child, url } = await startServer(kind);
  try {
    await check(url);
    await load(url, warmup);
    const result = await load(url, duration);
    return {
      name,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests: result.requests.total,
      failures: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

console.log(
  `POST /v1/expression.svg, lecture program (a new comment each request, so every picture is laid out): ` +
    `${connections} connections, ${duration} s each after ${warmup} s of warm-up, ` +
    `${cpus().length} CPUs, Node ${process.versions.node}`,
);
const gradviz = await measure('gradviz (Graphviz wasm, in process)', 'gradviz');
const native = await measure('native dot -Tsvg per request', 'native-dot');

const rows = [gradviz, native].map((f) => [
  f.name,
  f.requestsPerSecond.toFixed(0),
  `${f.p50.toFixed(1)} ms`,
  `${f.p99.toFixed(1)} ms`,
  String(f.requests),
  String(f.failures),
]);
const header = ['server', 'req/s', 'p50', 'p99', 'requests', 'failures'];
const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] as string).length)));
for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ').trimEnd());
const ratio = gradviz.requestsPerSecond / native.requestsPerSecond;
console.log(`ratio: ${ratio.toFixed(1)}x the images per second of native dot (target >= 10x, aim 50x)`);
if (gradviz.failures > 0 || native.failures > 0) {
  console.error('some requests failed; the figures above are not comparable');
  process.exit(1);
}
