import { parseArgs } from 'node:util';
import { SERVE_HELP } from './help.js';
import { EXIT, type CliIo } from './io.js';

/** `gradviz serve`: the service itself, configured by the same environment variables as `node dist/server.js`. */
export async function serveCommand(args: string[], io: CliIo): Promise<number> {
  const { values: flags } = parseArgs({
    args,
    options: { port: { type: 'string', short: 'p' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (flags.help === true) {
    io.stdout.write(SERVE_HELP);
    return EXIT.ok;
  }
  // The flags are shorthands for PORT and HOST, checked by the service's configuration like any variable.
  if (flags.port !== undefined) process.env['PORT'] = flags.port;
  if (flags.host !== undefined) process.env['HOST'] = flags.host;
  // The server module starts on import and runs until a signal stops it, as it does on its own.
  await import('../server.js');
  return EXIT.ok;
}
