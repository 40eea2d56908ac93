import { GradvizError, type ErrorKind } from '../errors.js';

/** A place in the source: 1-based line and column (column counts UTF-16 units, as editors do). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** An error at a place in the source; the message says where, so it reads well on its own. */
export function sourceError(kind: ErrorKind, at: Position, message: string, extra: object = {}): GradvizError {
  return new GradvizError(kind, `line ${at.line}, column ${at.column}: ${message}`, {
    line: at.line,
    column: at.column,
    ...extra,
  });
}

/**
 * Nesting beyond the configured limit, or (`stack` true) beyond what the stack holds when the
 * limit is configured very high: the same error either way, never a crash.
 */
export function tooDeep(at: Position, maxDepth: number, stack = false): GradvizError {
  const why = stack ? 'more levels than this server can evaluate' : `the limit is ${maxDepth} levels`;
  return sourceError('limit-exceeded', at, `expression nested too deeply: ${why}`, { limit: 'maxDepth', limitValue: maxDepth });
}

/** No regular expression here: compiling one can itself fail when the stack is exhausted. */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}
