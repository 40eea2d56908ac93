import { parseArgs } from 'node:util';
import { EXPRESSION_FORMATS } from '../lib/options.js';
import { render } from '../lib/render.js';
import { DRAWING_FLAGS, drawingOptionsOf, valuesOf } from './drawing-options.js';
import { formatOf, readInput, writeOutput } from './files.js';
import { EXIT, type CliIo } from './io.js';
import { reportError } from './report-error.js';
import { RENDER_HELP } from './help.js';
import { UsageError } from './usage-error.js';

/** `gradviz render [program.py] [-o graph.svg]`: a program's graph, drawn in-process. */
export async function renderCommand(args: string[], io: CliIo): Promise<number> {
  const { values: flags, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...DRAWING_FLAGS, values: { type: 'string', multiple: true }, output: { type: 'string' } },
  });
  if (flags.help === true) {
    io.stdout.write(RENDER_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`render takes one program file, got ${positionals.length}`);
  const format = formatOf(flags.format, flags.out, EXPRESSION_FORMATS);
  const options = { ...drawingOptionsOf(flags), format, values: valuesOf(flags.values ?? []), output: flags.output };

  const input = await readInput(positionals[0], io);
  let body: string | Uint8Array;
  try {
    body = await render(input.text, options);
  } catch (error) {
    const { message, code } = reportError(error, input.name, input.text);
    io.stderr.write(message);
    return code;
  }
  await writeOutput(flags.out, body, io);
  return EXIT.ok;
}
