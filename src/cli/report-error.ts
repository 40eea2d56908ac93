import { GradvizError } from '../errors.js';
import { EXIT } from './io.js';
import { InputError, UsageError } from './usage-error.js';

/**
 * An error as the terminal shows it, compiler style: `file:line:column: message`, the line with a
 * caret under the column, and the exit code (1 for the input, 2 for the command line).
 */
export function reportError(error: unknown, file: string | undefined, source?: string): { message: string; code: number } {
  if (error instanceof UsageError) return { message: `gradviz: ${error.message}\nTry 'gradviz --help'.\n`, code: EXIT.usage };
  if (error instanceof InputError) {
    return { message: `${where(error.file ?? file, error.line, error.column)}${error.message}\n`, code: EXIT.input };
  }
  if (error instanceof GradvizError) {
    const { line, column, limit } = error.details;
    // Source errors say where in their message too; the prefix already does.
    const message = error.message.replace(/^line \d+, column \d+: /, '');
    const hint = limit === undefined ? '' : ` [${limit}]`;
    return {
      message: `${where(file, line, column)}${error.kind}: ${message}${hint}\n${excerpt(source, line, column)}`,
      code: EXIT.input,
    };
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { message: `gradviz: internal error, please report it:\n${stack}\n`, code: EXIT.software };
}

function where(file: string | undefined, line?: number, column?: number): string {
  const name = file ?? 'gradviz';
  if (line === undefined) return `${name}: `;
  return column === undefined ? `${name}:${line}: ` : `${name}:${line}:${column}: `;
}

function excerpt(source: string | undefined, line?: number, column?: number): string {
  if (source === undefined || line === undefined) return '';
  const text = source.split(/\r?\n/)[line - 1];
  if (text === undefined) return '';
  const gutter = `${String(line).padStart(4)} | `;
  const caret = column === undefined ? '' : `${' '.repeat(gutter.length - 2)}| ${text.slice(0, column - 1).replace(/[^\t]/g, ' ')}^\n`;
  return `${gutter}${text}\n${caret}`;
}
