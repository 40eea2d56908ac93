import { readFileSync } from 'node:fs';
import { MAIN_HELP } from './help.js';
import { EXIT, type CliIo } from './io.js';
import type { MlpCommandSettings } from './mlp-command.js';
import { reportError } from './report-error.js';
import { UsageError } from './usage-error.js';

/** Runs one command line and answers its exit code; errors are written to `io.stderr`. */
export async function main(argv: string[], io: CliIo, settings?: MlpCommandSettings): Promise<number> {
  const [command, ...args] = argv;
  try {
    switch (command) {
      // Each command loads only what it needs: `serve` no renderer, `--help` nothing at all.
      case 'render':
        return await (await import('./render-command.js')).renderCommand(args, io);
      case 'mlp':
        return await (await import('./mlp-command.js')).mlpCommand(args, io, settings);
      case 'serve':
        return await (await import('./serve-command.js')).serveCommand(args, io);
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(MAIN_HELP);
        return command === undefined ? EXIT.usage : EXIT.ok;
      case '-v':
      case '--version':
        io.stdout.write(`${version()}\n`);
        return EXIT.ok;
      default:
        throw new UsageError(`unknown command '${command}': use render, mlp or serve`);
    }
  } catch (error) {
    const { message, code } = reportError(isParseArgsError(error) ? new UsageError(error.message) : error, undefined);
    io.stderr.write(message);
    return code;
  }
}

/** parseArgs throws TypeErrors with ERR_PARSE_ARGS_* codes for unknown or malformed options. */
function isParseArgsError(error: unknown): error is Error {
  return error instanceof Error && String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS');
}

function version(): string {
  const manifest = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
