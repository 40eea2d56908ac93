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
import { LECTURE } from '../test/helpers/programs.js';

const DOCS = fileURLToPath(new URL('../docs/', import.meta.url));

const PICTURES: { file: string; body: object }[] = [
  { file: 'lecture.svg', body: { source: LECTURE } },
  { file: 'lecture-forward.svg', body: { source: LECTURE, options: { grad: false } } },
];

const config = loadConfig({});
const server = Fastify({ ...serverOptions(config), logger: false });
await server.register(app, { config });
await server.ready();
await mkdir(DOCS, { recursive: true });
for (const { file, body } of PICTURES) {
  const response = await server.inject({ method: 'POST', url: '/v1/expression.svg', payload: body });
  if (response.statusCode !== 200) throw new Error(`${file}: ${response.statusCode} ${response.body}`);
  await writeFile(DOCS + file, response.body);
  console.log(`docs/${file}: ${response.body.length} bytes`);
}
await server.close();
