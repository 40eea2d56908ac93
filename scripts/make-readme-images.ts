// Draws the README's pictures with the service itself: the app is built as the server builds it
// and asked for each picture over HTTP (inject), so the README shows exactly what clients get.
//
//   npx tsx scripts/make-readme-images.ts

import Fastify from 'fastify';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import app from '../src/http/app.js';
import { serverOptions } from '../src/http/server-options.js';
import { DEMO_NEURONS, LECTURE } from '../test/helpers/programs.js';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));

const PICTURES: { file: string; url: string; body: object }[] = [
  { file: 'lecture.svg', url: '/v1/expression.svg', body: { source: LECTURE } },
  { file: 'lecture-forward.svg', url: '/v1/expression.svg', body: { source: LECTURE, options: { grad: false } } },
  { file: 'mlp-neurons.svg', url: '/v1/mlp.svg', body: DEMO_NEURONS },
];

// No shedding on event-loop delay: on a busy machine the service would answer these requests 503.
const defaults = loadConfig({});
const config = { ...defaults, pressure: { ...defaults.pressure, maxEventLoopDelayMs: 0 } };
const server = Fastify({ ...serverOptions(config), logger: false });
await server.register(app, { config });
await server.ready();
await mkdir(DOCS, { recursive: true });
for (const { file, url, body } of PICTURES) {
  const response = await server.inject({ method: 'POST', url, payload: body });
  if (response.statusCode !== 200) throw new Error(`${file}: ${response.statusCode} ${response.body}`);
  await writeFile(DOCS + file, response.body);
  console.log(`docs/${file}: ${response.body.length} bytes`);
}
await server.close();
