/**
 * gradviz under load and abuse, on loopback, with the server in a process of its own:
 *  1. mixed load: the lecture picture and /healthz under autocannon while slow layouts and
 *     oversized bodies run beside them (throughput, p50/p99 of the small requests, statuses);
 *  2. the p99 of /healthz while every worker is busy with a slow layout, beside it idle;
 *  3. the time from a job's deadline to the client's 422.
 *
 *   npx tsx bench/load.ts [--seconds 5]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpus } from 'node:os';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import app from '../src/http/app.js';
import { serverOptions } from '../src/http/server-options.js';
import { addStatusCounts, load, mixedLoad } from '../test/helpers/load.js';
import { crossingProgram, LECTURE } from '../test/helpers/programs.js';

const { values: args, positionals } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, 'job-time-limit': { type: 'string', default: '10000' } },
  allowPositionals: true,
});

/** The server side: `bench/load.ts serve --job-time-limit N` listens on loopback and prints its port. */
async function serve(): Promise<void> {
  const config = { ...loadConfig({}), port: 0, host: '127.0.0.1', logLevel: 'silent' as const, jobTimeLimitMs: Number(args['job-time-limit']) };
  const server = Fastify({ ...serverOptions(config), logger: false });
  await server.register(app, { config });
  await server.listen({ port: 0, host: '127.0.0.1' });
  for (let tries = 0; tries < 300; tries++) {
    if ((await server.inject({ method: 'GET', url: '/readyz' })).statusCode === 200) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  console.log(JSON.stringify({ port: (server.server.address() as AddressInfo).port }));
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

async function startServer(jobTimeLimitMs: number): Promise<{ child: ChildProcess; base: string }> {
  const script = new URL(import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script, 'serve', '--job-time-limit', String(jobTimeLimitMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [line] = (await once(createInterface({ input: child.stdout! }), 'line')) as [string];
  return { child, base: `http://127.0.0.1:${(JSON.parse(line) as { port: number }).port}` };
}

async function stop(child: ChildProcess): Promise<void> {
  child.kill('SIGTERM');
  await once(child, 'exit');
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const SMALL = JSON.stringify({ source: LECTURE });
// Each slow job differs (`z = s * i`), so that no two identical requests share one job.
const slow = (i: number) => JSON.stringify({ source: `${crossingProgram(200)}\nz = s * ${i}` });
const ms = (value: number) => `${value.toFixed(1)} ms`;
const counts = (statuses: Map<number, number>) => [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ');

async function mixed(seconds: number): Promise<void> {
  const { child, base } = await startServer(10_000);
  try {
    const result = await mixedLoad({
      base,
      seconds,
      connections: 8,
      smallBody: SMALL,
      pathologicalBody: (i) =>
        [slow(i), JSON.stringify({ source: 'a = 1\n'.repeat(180_000) }), JSON.stringify({ source: 'a = 1\n'.repeat(20_000) })][i % 3] as string,
      parallel: 3,
    });
    const small = new Map<number, number>();
    addStatusCounts(small, result.small.statusCodeStats);
    const health = new Map<number, number>();
    addStatusCounts(health, result.health.statusCodeStats);
    console.log(`1. mixed load, ${seconds} s: 8 connections of POST /v1/expression.svg (lecture), 2 of GET /healthz, 3 pathological lanes`);
    console.log(`   small requests: ${result.small.requests.average.toFixed(0)} req/s, p50 ${ms(result.small.latency.p50)}, p99 ${ms(result.small.latency.p99)}; statuses ${counts(small)}; errors ${result.small.errors}, timeouts ${result.small.timeouts}`);
    console.log(`   /healthz:       ${result.health.requests.average.toFixed(0)} req/s, p50 ${ms(result.health.latency.p50)}, p99 ${ms(result.health.latency.p99)}; statuses ${counts(health)}`);
    console.log(`   pathological:   statuses ${counts(result.pathological)}; transport errors ${result.pathologicalErrors.length}`);
  } finally {
    await stop(child);
  }
}

async function healthWhileBusy(seconds: number): Promise<void> {
  const { child, base } = await startServer(10_000);
  try {
    const idle = await load({ url: `${base}/healthz`, connections: 4, duration: seconds });
    // One slow layout per worker (the pool has one per CPU), each holding it until the 10 s limit.
    const workers = cpus().length;
    let settled = 0;
    const busy = Array.from({ length: workers }, (_, i) =>
      fetch(`${base}/v1/expression.svg`, { method: 'POST', body: slow(i), headers: JSON_HEADERS }).then(async (response) => {
        await response.arrayBuffer();
        settled++;
        return response.status;
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const active = (await (await fetch(`${base}/metrics`)).text()).split('\n').find((row) => row.startsWith('gradviz_jobs_active '));
    const during = await load({ url: `${base}/healthz`, connections: 4, duration: seconds });
    const stillBusy = settled === 0;
    const statuses = await Promise.all(busy);
    console.log(`2. GET /healthz, 4 connections, ${seconds} s each:`);
    console.log(`   idle:              ${idle.requests.average.toFixed(0)} req/s, p50 ${ms(idle.latency.p50)}, p99 ${ms(idle.latency.p99)}, max ${ms(idle.latency.max)}`);
    console.log(`   ${workers} workers busy:    ${during.requests.average.toFixed(0)} req/s, p50 ${ms(during.latency.p50)}, p99 ${ms(during.latency.p99)}, max ${ms(during.latency.max)} (${active ?? 'no metric'}; busy the whole time: ${stillBusy}; slow jobs answered ${statuses.join(', ')})`);
  } finally {
    await stop(child);
  }
}

async function deadlineToError(limitMs: number, rounds: number): Promise<void> {
  const { child, base } = await startServer(limitMs);
  try {
    const lateness: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const sent = performance.now();
      const response = await fetch(`${base}/v1/expression`, { method: 'POST', body: slow(round), headers: JSON_HEADERS });
      const problem = (await response.json()) as { type: string };
      const arrived = performance.now();
      if (response.status !== 422 || !problem.type.endsWith('/graph-too-large')) throw new Error(`expected 422 graph-too-large, got ${response.status}`);
      // The deadline runs from the job's start in its worker, a little after the request is sent:
      // arrival minus (send + limit) is an upper bound of the time from deadline to error.
      lateness.push(arrived - sent - limitMs);
    }
    lateness.sort((a, b) => a - b);
    const median = lateness[Math.floor(lateness.length / 2)] as number;
    console.log(`3. deadline to client error, JOB_TIME_LIMIT_MS=${limitMs}, ${rounds} slow jobs one after another:`);
    console.log(`   arrival of the 422 minus (send + limit): median ${ms(median)}, min ${ms(lateness[0] as number)}, max ${ms(lateness.at(-1) as number)}`);
  } finally {
    await stop(child);
  }
}

if (positionals[0] === 'serve') {
  await serve();
} else {
  const seconds = Number(args.seconds);
  console.log(`gradviz load bench: ${cpus().length} CPUs, Node ${process.versions.node}, loopback, server in its own process`);
  await mixed(seconds);
  await healthWhileBusy(seconds);
  await deadlineToError(1000, 5);
}
