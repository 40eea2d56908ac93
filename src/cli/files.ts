import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { CliIo } from './io.js';
import { InputError, UsageError } from './usage-error.js';

/** `-` or no file means standard input; the name is what messages call it. */
export async function readInput(file: string | undefined, io: CliIo): Promise<{ name: string; text: string }> {
  if (file === undefined || file === '-') {
    // Waiting for a program typed at the terminal is rarely what was meant without a file.
    if (file === undefined && io.stdin.isTTY === true) throw new UsageError('give a file, or - to type the input (end it with Ctrl-D)');
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
    return { name: '<stdin>', text: Buffer.concat(chunks).toString('utf8') };
  }
  try {
    return { name: file, text: await readFile(file, 'utf8') };
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, file);
  }
}

/** `-` or no file means standard output; PNG bytes are not written to a terminal. */
export async function writeOutput(file: string | undefined, body: string | Uint8Array, io: CliIo): Promise<void> {
  if (file === undefined || file === '-') {
    if (typeof body !== 'string' && io.stdout.isTTY === true) {
      throw new UsageError('refusing to write PNG to a terminal: give -o FILE or redirect standard output');
    }
    await new Promise<void>((resolve, reject) => io.stdout.write(body, (error) => (error ? reject(error) : resolve())));
    return;
  }
  try {
    await writeFile(file, body);
  } catch (error) {
    throw new InputError(`cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, file);
  }
}

const EXTENSIONS: Record<string, string> = { '.svg': 'svg', '.png': 'png', '.dot': 'dot', '.gv': 'dot', '.json': 'json' };

/** The format `--format` names, else the output file's extension, else SVG. */
export function formatOf<Format extends string>(override: string | undefined, file: string | undefined, allowed: readonly Format[]): Format {
  if (override !== undefined) {
    if (!(allowed as readonly string[]).includes(override)) {
      throw new UsageError(`--format must be one of ${allowed.join(', ')}, got '${override}'`);
    }
    return override as Format;
  }
  if (file === undefined || file === '-') return 'svg' as Format;
  const format = EXTENSIONS[extname(file).toLowerCase()];
  if (format === undefined || !(allowed as readonly string[]).includes(format)) {
    throw new UsageError(`cannot tell the format from '${file}': name it .svg, .png, .dot or .json, or give --format`);
  }
  return format as Format;
}
