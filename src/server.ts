import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';
import { ConfigError, loadConfig, type Config } from './config.js';
import app from './http/app.js';
import { serverOptions } from './http/server-options.js';

function readConfig(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`gradviz: invalid configuration:\n  ${error.problems.join('\n  ')}\n`);
    process.exit(1);
  }
}

const config = readConfig();
const server = Fastify({ ...serverOptions(config), logger: { level: config.logLevel } });
await server.register(app, { config });

// On SIGTERM/SIGINT: stop accepting, let requests in flight finish, then exit.
closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err !== undefined) server.log.error({ err }, 'closing after an uncaught error');
  else server.log.info({ signal }, 'closing');
  await server.close();
});

await server.listen({ port: config.port, host: config.host });
