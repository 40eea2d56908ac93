/**
 * Uncached lecture pictures per second through `POST /v1/expression.svg`, with the default layout
 * (`auto`, which draws the lecture with Graphviz) and with `layout: "layered"`, beside the baseline
 * the throughput issue defines: native `dot -Tsvg` run once per picture in two parallel loops, no
 * HTTP, measured in the same run. Then the CPU of one request, split into the program and its DOT,
 * the layout, the SVG writing (each measured in this process on the same picture) and the rest:
 * HTTP and the trip to a worker (the server's CPU per request minus the parts).
 *
 * The service runs as `npm start` runs it: the bench builds it (`npm run build`) and the server
 * and this process's own measurements load the compiled code from dist/.
 *
 * Every request ends with a comment of its own, so each is a new program to gradviz: its result
 * cache and its sharing of identical renders in flight never answer, and every picture is laid out
 * (bench/images.ts measures the cache).
 *
 *   npx tsx bench/http-expression.ts [--duration 10] [--connections 10] [--warmup 2] [--no-inline]
 *
 * `--no-inline` adds a run of the layered pictures with INLINE_JOB_MAX_MICROSECONDS=0 (every job
 * in a worker). Needs `dot` on the PATH (Debian: apt-get install -y graphviz).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
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
    'no-inline': { type: 'boolean', default: false },
  },
});
const duration = Number(args.duration);
const connections = Number(args.connections);
const warmup = Number(args.warmup);

if (spawnSync('dot', ['-V']).error !== undefined) {
  console.error("Native Graphviz (`dot`) is needed for the baseline. Install it with (Debian):");
  console.error('  apt-get install -y graphviz');
  process.exit(1);
}

const SERVERS = new URL('./http-servers.ts', import.meta.url).pathname;

// The service as `npm start` runs it: built into dist/ (tsc, and the playground's bundle, which
// the server serves), then the server and this process's own measurements use that code. Through
// tsx, which names every function at run time, a lecture picture took about 1.6 times as long.
const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DIST = join(ROOT, 'dist');
if (spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) {
  console.error('`npm run build` failed');
  process.exit(1);
}
process.env.GRADVIZ_BENCH_DIST = DIST;
const load = (path: string): Promise<unknown> => import(pathToFileURL(join(DIST, path)).href);
const { DEFAULT_DOT_OPTIONS, toDot } = (await load('graph/dot.js')) as typeof import('../src/graph/dot.js');
const { traceGraph } = (await load('graph/trace.js')) as typeof import('../src/graph/trace.js');
const { layoutLayered, renderLayeredSvg } = (await load('layout/index.js')) as typeof import('../src/layout/index.js');
const { runProgram } = (await load('lang/index.js')) as typeof import('../src/lang/index.js');
const graph = traceGraph(runProgram({ source: LECTURE }).root);
const LECTURE_DOT = toDot(graph, DEFAULT_DOT_OPTIONS);

// ---------------------------------------------------------------------------------------------
// The baseline: `dot -Tsvg` once per picture, two loops at once (one per CPU of the bench machine).

function dotOnce(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('dot', ['-Tsvg'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let bytes = 0;
    child.stdout.on('data', (chunk: Buffer) => (bytes += chunk.length));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && bytes > 0 ? resolve() : reject(new Error(`dot exited with ${code}`))));
    child.stdin.end(LECTURE_DOT);
  });
}

async function nativeDot(seconds: number, loops = 2): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let pictures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: loops }, async () => {
      while (performance.now() < end) {
        await dotOnce();
        pictures++;
      }
    }),
  );
  return pictures / ((performance.now() - started) / 1000);
}

// ---------------------------------------------------------------------------------------------
// gradviz under autocannon, with the server's CPU read before and after.

interface Cpu {
  processMicroseconds: number;
  httpThreadMicroseconds: number;
}

interface Figures {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
  failures: number;
  /** Server CPU per request, every thread, in ms. */
  cpuMs: number;
  /** CPU of the server's HTTP thread per request, in ms. */
  httpThreadMs: number;
}

let sent = 0;

async function startServer(settings: string[]): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVERS, 'gradviz', ...settings], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  const { port } = JSON.parse(line) as { port: number };
  return { child, base: `http://127.0.0.1:${port}` };
}

async function readCpu(base: string): Promise<Cpu> {
  return (await (await fetch(`${base}/bench/cpu`)).json()) as Cpu;
}

async function measure(name: string, options: object | undefined, settings: string[] = []): Promise<Figures> {
  /** The lecture program with a comment no other request has: the same picture, a new request. */
  const nextBody = () => JSON.stringify({ source: `${LECTURE}\n# request ${sent++}`, ...(options ? { options } : {}) });
  const { child, base } = await startServer(settings);
  const url = `${base}/v1/expression.svg`;
  const load = (seconds: number) =>
    autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }],
      connections,
      duration: seconds,
    });
  try {
    const response = await fetch(url, { method: 'POST', body: nextBody(), headers: { 'content-type': 'application/json' } });
    const svg = await response.text();
    // Graphviz escapes the minus sign; the layered engine writes it as it is.
    if (response.status !== 200 || !/data (&#45;|-)8\.0000/.test(svg)) {
      throw new Error(`${url} did not answer the lecture picture: ${response.status} ${svg.slice(0, 200)}`);
    }
    await load(warmup);
    const before = await readCpu(base);
    const result = await load(duration);
    const after = await readCpu(base);
    const requests = result.requests.total;
    return {
      name,
      requestsPerSecond: result.requests.average,
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests,
      failures: result.non2xx + result.errors + result.timeouts,
      cpuMs: (after.processMicroseconds - before.processMicroseconds) / 1000 / requests,
      httpThreadMs: (after.httpThreadMicroseconds - before.httpThreadMicroseconds) / 1000 / requests,
    };
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

// ---------------------------------------------------------------------------------------------
// The parts of one request, in this process on the same picture: CPU ms per picture.

async function cpuMsPer(run: () => unknown, rounds = 500): Promise<number> {
  for (let i = 0; i < rounds; i++) await run();
  // The fastest of 7 batches: other work on the machine only ever adds to a batch's CPU.
  let fastest = Infinity;
  for (let batch = 0; batch < 7; batch++) {
    const start = process.cpuUsage();
    for (let i = 0; i < rounds; i++) await run();
    const { user, system } = process.cpuUsage(start);
    fastest = Math.min(fastest, (user + system) / 1000 / rounds);
  }
  return fastest;
}

const graphviz = await Graphviz.load();
const parts = {
  program: await cpuMsPer(() => toDot(traceGraph(runProgram({ source: LECTURE }).root), DEFAULT_DOT_OPTIONS)),
  // `plain` is Graphviz's cheapest output: the layout and little else.
  graphvizLayout: await cpuMsPer(() => graphviz.layout(LECTURE_DOT, 'plain', 'dot')),
  graphvizSvg: await cpuMsPer(() => graphviz.layout(LECTURE_DOT, 'svg', 'dot')),
  layeredLayout: await cpuMsPer(() => layoutLayered(graph, DEFAULT_DOT_OPTIONS)),
  layeredSvg: await cpuMsPer(() => renderLayeredSvg(graph, DEFAULT_DOT_OPTIONS)),
};

// ---------------------------------------------------------------------------------------------

console.log(
  `POST /v1/expression.svg, lecture program (a new comment each request, so every picture is laid out): ` +
    `${connections} connections, ${duration} s each after ${warmup} s of warm-up, ` +
    `${cpus().length} CPUs, Node ${process.versions.node}, load average ${loadavg()[0]!.toFixed(1)} at the start`,
);
const auto = await measure('gradviz, layout auto (Graphviz wasm)', undefined);
const layered = await measure('gradviz, layout layered', { layout: 'layered' });
const pooled = args['no-inline'] ? await measure('gradviz, layout layered, no inline jobs', { layout: 'layered' }, ['INLINE_JOB_MAX_MICROSECONDS=0']) : undefined;
const native = await nativeDot(duration);

const runs = [auto, layered, ...(pooled ? [pooled] : [])];
const table = (header: string[], rows: string[][]) => {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] as string).length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i] as number)).join('  ').trimEnd());
};
table(
  ['server', 'pictures/s', 'x native dot', 'p50', 'p99', 'requests', 'failures'],
  [
    ...runs.map((f) => [
      f.name,
      f.requestsPerSecond.toFixed(0),
      `${(f.requestsPerSecond / native).toFixed(1)}x`,
      `${f.p50.toFixed(1)} ms`,
      `${f.p99.toFixed(1)} ms`,
      String(f.requests),
      String(f.failures),
    ]),
    ['native dot -Tsvg per picture, 2 loops, no HTTP', native.toFixed(0), '1.0x', '', '', '', ''],
  ],
);
console.log('target: at least 30x the pictures per second of native dot (aim 50x)');
console.log('');
console.log('CPU per request (ms); program = parse, evaluate, backward, trace and DOT; layout and SVG measured in this');
console.log('process on the same picture; rest = server CPU per request minus those: HTTP, validation, ETag, the trip to a worker');
const split = (f: Figures, layout: number, svg: number) => {
  const rest = f.cpuMs - parts.program - layout - svg;
  return [f.name, f.cpuMs.toFixed(3), f.httpThreadMs.toFixed(3), parts.program.toFixed(3), layout.toFixed(3), svg.toFixed(3), rest.toFixed(3)];
};
table(
  ['server', 'total', 'HTTP thread', 'program', 'layout', 'SVG writing', 'rest (HTTP)'],
  [
    split(auto, parts.graphvizLayout, parts.graphvizSvg - parts.graphvizLayout),
    ...[layered, ...(pooled ? [pooled] : [])].map((f) => split(f, parts.layeredLayout, parts.layeredSvg - parts.layeredLayout)),
  ],
);
if (runs.some((f) => f.failures > 0)) {
  console.error('some requests failed; the figures above are not comparable');
  process.exit(1);
}
