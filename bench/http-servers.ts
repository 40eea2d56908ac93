/**
 * The two servers bench/http-expression.ts compares, each run in a process of its own so the load
 * generator does not share their event loop. Prints `{"port": N}` once listening.
 *
 *   npx tsx bench/http-servers.ts gradviz|native-dot
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import app from '../src/http/app.js';
import { serverOptions } from '../src/http/server-options.js';
import { runExpressionJob, type ExpressionRequest } from '../src/jobs/expression.js';
import { budgetOf } from '../src/http/jobs.js';

const config = { ...loadConfig({}), port: 0, host: '127.0.0.1', logLevel: 'silent' as const };

/**
 * gradviz as src/server.ts builds it, without request logging, once its workers are ready: on a
 * loaded machine a request sent earlier would wait for Graphviz to load, or be shed.
 */
async function gradviz(): Promise<number> {
  const server = Fastify({ ...serverOptions(config), logger: false });
  await server.register(app, { config });
  await server.listen({ port: 0, host: '127.0.0.1' });
  for (let tries = 0; tries < 600 && (await server.inject({ url: '/readyz' })).statusCode !== 200; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (server.server.address() as AddressInfo).port;
}

/**
 * A service that shells out to Graphviz: the same program evaluation and DOT as gradviz, then one
 * `dot -Tsvg` process per request.
 */
async function nativeDot(): Promise<number> {
  const job = { limits: config.limits, budget: budgetOf(config), format: 'dot' as const, scale: 1 as const };
  const server = createServer((request, response) => {
    answer(request, response).catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ExpressionRequest;
    const dot = (await runExpressionJob({ ...job, request: body })) as string;
    const svg = await layOut(dot);
    response.writeHead(200, { 'content-type': 'image/svg+xml; charset=utf-8' }).end(svg);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function layOut(dot: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('dot', ['-Tsvg'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`dot exited with ${code}: ${Buffer.concat(err).toString('utf8')}`));
    });
    child.stdin.end(dot);
  });
}

const kind = process.argv[2];
if (kind !== 'gradviz' && kind !== 'native-dot') {
  console.error('usage: tsx bench/http-servers.ts gradviz|native-dot');
  process.exit(2);
}
const port = kind === 'gradviz' ? await gradviz() : await nativeDot();
console.log(JSON.stringify({ port }));
