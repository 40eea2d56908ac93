/**
 * What can go wrong with a client's request, in the client's terms. The core throws these;
 * the HTTP layer maps each kind to a status and an RFC 9457 problem in one place.
 */
export type ErrorKind =
  /** The source does not parse (400). */
  | 'syntax-error'
  /** The source parses but cannot be evaluated: unknown name or function, wrong argument (422). */
  | 'evaluation-error'
  /** A value or gradient is not a finite number: exp overflow, log of a negative, 0 ** -1 (422). */
  | 'not-finite'
  /** A configured size limit was exceeded (413 for sizes of the input itself, 422 for work it asks for). */
  | 'limit-exceeded'
  /** The request is well-formed JSON but asks for something inconsistent (422). */
  | 'invalid-request'
  /** The graph is too large to draw (or to lay out in time); JSON results may still be available (422). */
  | 'graph-too-large';

export interface ErrorDetails {
  /** 1-based position in the source, for errors in a program. */
  line?: number;
  column?: number;
  /** For limit errors: the limit's name (as in the configuration), its value and what was asked for. */
  limit?: string;
  limitValue?: number;
  requested?: number;
  /** For limit errors: true when the input itself is too large (413) rather than the work it asks for (422). */
  inputTooLarge?: boolean;
  /** For a job that ran out of time: what it was doing (evaluation, training, layout, rasterising). */
  stage?: string;
}

/**
 * The stable URI naming each kind, which clients switch on: the `type` of an RFC 9457 problem,
 * and of a warning in an answer that left something out.
 */
export const ERROR_TYPE_BASE = 'https://gradviz.dev/problems/';

export function errorTypeUri(kind: string): string {
  return ERROR_TYPE_BASE + kind;
}

export class GradvizError extends Error {
  override readonly name = 'GradvizError';

  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  /** A plain object that survives structured cloning (worker threads drop an Error's own fields). */
  toJSON(): { kind: ErrorKind; message: string; details: ErrorDetails } {
    return { kind: this.kind, message: this.message, details: this.details };
  }

  static fromJSON(json: { kind: ErrorKind; message: string; details: ErrorDetails }): GradvizError {
    return new GradvizError(json.kind, json.message, json.details);
  }
}
