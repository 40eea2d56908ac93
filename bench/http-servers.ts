/**
 * The gradviz server bench/http-expression.ts loads, run in a process of its own so the load
 * generator does not share its event loop. Extra arguments are environment variables of the
 * configuration (`INLINE_JOB_MAX_MICROSECONDS=0`). Prints `{"port": N}` once listening.
 *
 * With GRADVIZ_BENCH_DIST set to a build's folder (dist/) the server is that compiled code, as
 * `npm start` runs it; otherwise the TypeScript sources through tsx.
 *
 * Besides the app it answers `GET /bench/cpu` with the process's CPU time (every thread) and the
 * HTTP thread's busy time, both in microseconds, so the bench can split a request's CPU.
 *
 *   npx tsx bench/http-servers.ts gradviz [NAME=VALUE ...]
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Fastify from 'fastify';

// The compiled service (dist/, as `npm start` runs it) when the bench built it, else the sources.
const compiled = process.env.GRADVIZ_BENCH_DIST;
const load = (path: string): Promise<unknown> => import(compiled === undefined ? `../src/${path}` : pathToFileURL(join(compiled, path)).href);
const { loadConfig } = (await load('config.js')) as typeof import('../src/config.js');
const { default: app } = (await load('http/app.js')) as typeof import('../src/http/app.js');
const { serverOptions } = (await load('http/server-options.js')) as typeof import('../src/http/server-options.js');

const [kind, ...settings] = process.argv.slice(2);
if (kind !== 'gradviz') {
  console.error('usage: tsx bench/http-servers.ts gradviz [NAME=VALUE ...]');
  process.exit(2);
}
const env = Object.fromEntries(settings.map((setting) => setting.split('=', 2) as [string, string]));
const config = { ...loadConfig(env), port: 0, host: '127.0.0.1', logLevel: 'silent' as const };

/**
 * The CPU of every thread, and of the HTTP thread alone: Linux counts each thread's CPU in
 * /proc (in clock ticks, 100 a second); elsewhere the event loop's busy time stands in for it,
 * which on a busy machine also counts time spent waiting for a CPU.
 */
function cpu(): { processMicroseconds: number; httpThreadMicroseconds: number } {
  const { user, system } = process.cpuUsage();
  return { processMicroseconds: user + system, httpThreadMicroseconds: httpThreadMicroseconds() };
}

function httpThreadMicroseconds(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return performance.eventLoopUtilization().active * 1000;
  }
}

/**
 * gradviz as src/server.ts builds it, without request logging, once its workers are ready: on a
 * loaded machine a request sent earlier would wait for Graphviz to load, or be shed.
 */
const server = Fastify({ ...serverOptions(config), logger: false });
await server.register(app, { config });
server.get('/bench/cpu', async () => cpu());
await server.listen({ port: 0, host: '127.0.0.1' });
for (let tries = 0; tries < 600 && (await server.inject({ url: '/readyz' })).statusCode !== 200; tries++) {
  await new Promise((resolve) => setTimeout(resolve, 100));
}
// Exits rather than dies on SIGTERM, so `node --cpu-prof` writes its profile.
process.once('SIGTERM', () => process.exit(0));
console.log(JSON.stringify({ port: (server.server.address() as AddressInfo).port }));
