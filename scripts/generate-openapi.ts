// Writes openapi/openapi.json from the route schemas: the app is built as the server builds it
// (with the default configuration, so the document does not depend on the environment) and
// asked for its OpenAPI document. A test fails when the committed file differs.
//
//   npm run openapi

import Fastify from 'fastify';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig } from '../src/config.js';
import app from '../src/http/app.js';
import { serverOptions } from '../src/http/server-options.js';

export const OPENAPI_PATH = fileURLToPath(new URL('../openapi/openapi.json', import.meta.url));

export async function generateOpenapi(): Promise<string> {
  const config = loadConfig({});
  const server = Fastify({ ...serverOptions(config), logger: false });
  await server.register(app, { config });
  await server.ready();
  try {
    return JSON.stringify(server.swagger(), null, 2) + '\n';
  } finally {
    await server.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await writeFile(OPENAPI_PATH, await generateOpenapi());
  console.log(`wrote ${OPENAPI_PATH}`);
}
