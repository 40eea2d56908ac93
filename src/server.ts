import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError, loadConfig, type Config } from './config.js';
import app from './http/app.js';
import { serverOptions } from './http/server-options.js';
import { shutdownGraceMs } from './shutdown.js';

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

// On SIGTERM: report not ready at once but keep serving while the load balancer stops sending
// traffic; then stop accepting, answer the jobs still waiting 503 and let running ones finish.
// SIGINT (Ctrl-C at a terminal) has no load balancer to wait for and skips the drain. The grace
// outlasts the drain plus the longest job, so a clean shutdown exits 0.
closeWithGrace(
  { delay: shutdownGraceMs(config), logger: server.log },
  async ({ err, signal }) => {
    if (err !== undefined) {
      server.log.error({ err }, 'closing after an uncaught error');
    } else {
      const drainMs = signal === 'SIGTERM' ? config.shutdownDrainMs : 0;
      server.log.info({ signal, drainMs }, 'draining');
      server.startDraining();
      await sleep(drainMs);
      server.log.info({ signal }, 'closing');
    }
    await server.close();
  },
);

await server.listen({ port: config.port, host: config.host });
