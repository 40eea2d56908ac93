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
