/**
 * Bytes on the wire for the README's examples, as the service sends them: identity, gzip and
 * Brotli (what a browser gets), from the app built as the server builds it.
 *
 *   npx tsx bench/compression.ts
 */
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import app from '../src/http/app.js';
import { encodeSource } from '../src/http/encoded-source.js';
import { LECTURE_MLP } from '../src/http/schemas/mlp.js';
import { serverOptions } from '../src/http/server-options.js';
import { LECTURE } from '../test/helpers/programs.js';

const config = loadConfig({});
const server = Fastify({ ...serverOptions(config), logger: false });
await server.register(app, { config });
await server.ready();

const lecture = JSON.stringify({ source: LECTURE });
const mlp = JSON.stringify(LECTURE_MLP);
const EXAMPLES: [string, { method: 'GET' | 'POST'; url: string; payload?: string }][] = [
  ['lecture: POST /v1/expression (JSON)', { method: 'POST', url: '/v1/expression', payload: lecture }],
  ['lecture: POST /v1/expression.svg', { method: 'POST', url: '/v1/expression.svg', payload: lecture }],
  ['lecture: GET /v1/expression/png/...', { method: 'GET', url: `/v1/expression/png/${encodeSource(LECTURE)}` }],
  ['lecture MLP: POST /v1/mlp (JSON)', { method: 'POST', url: '/v1/mlp', payload: mlp }],
  ['lecture MLP: POST /v1/mlp.svg', { method: 'POST', url: '/v1/mlp.svg', payload: mlp }],
  ['lecture MLP: POST /v1/mlp.dot', { method: 'POST', url: '/v1/mlp.dot', payload: mlp }],
  ['openapi: GET /docs/json', { method: 'GET', url: '/docs/json' }],
  ['Swagger UI: swagger-ui-bundle.js', { method: 'GET', url: '/docs/static/swagger-ui-bundle.js' }],
];

const bytes = async (request: (typeof EXAMPLES)[number][1], acceptEncoding: string | undefined) => {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (acceptEncoding !== undefined) headers['accept-encoding'] = acceptEncoding;
  const response = await server.inject({ ...request, headers });
  if (response.statusCode !== 200) throw new Error(`${request.method} ${request.url}: ${response.statusCode}`);
  return response.rawPayload.length;
};

const count = (n: number) => n.toLocaleString('en-US').padStart(11);
console.log(`${'answer'.padEnd(40)}${'identity'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}   ratio (br)`);
for (const [name, request] of EXAMPLES) {
  const [identity, gzip, brotli] = [await bytes(request, undefined), await bytes(request, 'gzip'), await bytes(request, 'br')];
  console.log(`${name.padEnd(40)}${count(identity)}${count(gzip)}${count(brotli)}   ${(identity / brotli).toFixed(1)}x`);
}
await server.close();
