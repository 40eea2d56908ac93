/**
 * The attacks of a hostile pass over the service, each against a real server process on loopback,
 * with what it costs the server:
 *  - output amplification: a program under 100 KB that copies a 45,000-character label onto
 *    1,800 values, as JSON (answer time, bytes, the server's peak resident memory);
 *  - a cheap graph that is slow to lay out: one leaf added to a running sum sixty times, as an
 *    image URL, fetched twice (the second fetch should cost no worker);
 *  - a flood of invalid PNG image URLs (an error picture each) while /healthz is probed every
 *    100 ms (its p50, p99 and worst latency, and the flood's rate).
 *
 *   npx tsx bench/attacks.ts [--seconds 15] [--connections 20] [--root DIR]
 *
 * `--root` runs the server of another checkout (an older commit, say) for a before/after table.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeSource } from '../src/http/encoded-source.js';
import { fanOutProgram } from './graphs/random-expression.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    connections: { type: 'string', default: '20' },
    root: { type: 'string', default: resolve(new URL('..', import.meta.url).pathname) },
  },
});

interface FloodResult {
  requests: { average: number; total: number };
  statusCodeStats: Record<string, { count: number }>;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (options: object) => Promise<FloodResult>;

async function startServer(root: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server.ts')], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const base = await new Promise<string>((resolveBase, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += String(chunk);
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolveBase(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  child.stdout!.resume();
  for (let tries = 0; tries < 600; tries++) {
    if ((await fetch(`${base}/readyz`)).status === 200) return { child, base };
    await sleep(100);
  }
  throw new Error('the server never became ready');
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The resident memory of a process, from /proc (Linux), in MB. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((row) => row.startsWith('VmRSS:'));
  return Number(line?.split(/\s+/)[1] ?? 0) / 1024;
}

/** Runs `work` while sampling the server's resident memory; answers its result and the peak. */
async function withPeakRss<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; peakMb: number }> {
  let peakMb = rssMb(pid);
  let running = true;
  const sampling = (async () => {
    while (running) {
      try {
        peakMb = Math.max(peakMb, rssMb(pid));
      } catch {
        return; // the process is gone
      }
      await sleep(20);
    }
  })();
  try {
    return { value: await work(), peakMb };
  } finally {
    running = false;
    await sampling;
  }
}

async function timed(request: () => Promise<Response>): Promise<{ status: number; bytes: number; ms: number }> {
  const started = performance.now();
  try {
    const response = await request();
    const bytes = (await response.arrayBuffer()).byteLength;
    return { status: response.status, bytes, ms: performance.now() - started };
  } catch (error) {
    return { status: 0, bytes: 0, ms: performance.now() - started, ...{ error: String(error) } };
  }
}

function amplifying(copies: number): string {
  const lines = [`s = Value(1.0, label='${'x'.repeat(45_000)}')`, 't = s'];
  for (let i = 0; i < copies; i++) lines.push('t = t + s; t.label = s.label');
  return lines.join('\n');
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function main(): Promise<void> {
  const { child, base } = await startServer(args.root);
  const pid = child.pid as number;
  const f = (n: number) => n.toFixed(0);
  try {
    console.log(`server: ${args.root}, Node ${process.version}`);
    console.log(`resident memory at rest: ${f(rssMb(pid))} MB`);

    const source = amplifying(1800);
    const amplification = await withPeakRss(pid, () =>
      timed(() => fetch(`${base}/v1/expression`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ source }) })),
    );
    const a = amplification.value;
    console.log(
      `amplification (${source.length} characters of program): ${a.status}, ${f(a.ms)} ms, ${a.bytes} bytes answered, ` +
        `peak resident memory ${f(amplification.peakMb)} MB`,
    );

    const fanOut = `${base}/v1/expression/svg/${encodeSource(fanOutProgram(60))}`;
    const first = await timed(() => fetch(fanOut));
    const second = await timed(() => fetch(fanOut));
    console.log(`sixty-step fan-out as an image URL: first ${first.status} in ${f(first.ms)} ms, second ${second.status} in ${f(second.ms)} ms`);

    const latencies: number[] = [];
    let flooding = true;
    const probing = (async () => {
      while (flooding) {
        const probe = await timed(() => fetch(`${base}/healthz`));
        latencies.push(probe.status === 200 ? probe.ms : Number.POSITIVE_INFINITY);
        await sleep(100);
      }
    })();
    const flood = await autocannon({
      url: `${base}/v1/expression/png/!!?scale=3`,
      connections: Number(args.connections),
      duration: Number(args.seconds),
    });
    flooding = false;
    await probing;
    latencies.sort((x, y) => x - y);
    const statuses = Object.entries(flood.statusCodeStats).map(([status, { count }]) => `${status}: ${count}`).join(', ');
    console.log(
      `flood of invalid PNG URLs, ${args.connections} connections for ${args.seconds} s: ${f(flood.requests.average)} req/s (${statuses}); ` +
        `/healthz p50 ${f(percentile(latencies, 50))} ms, p99 ${f(percentile(latencies, 99))} ms, worst ${f(latencies.at(-1) ?? Number.NaN)} ms ` +
        `over ${latencies.length} probes`,
    );
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

await main();
