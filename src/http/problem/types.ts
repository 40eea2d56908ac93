/**
 * The kinds of problem the service answers with (RFC 9457). Each has a stable `type` URI that
 * clients can switch on; `title` is the same for every occurrence, `detail` says what happened.
 */
import { ERROR_TYPE_BASE, errorTypeUri } from '../../errors.js';

export const PROBLEM_TYPE_BASE = ERROR_TYPE_BASE;

export const PROBLEM_TYPES = {
  // Raised by the language, the graph and the renderer (GradvizError kinds).
  'syntax-error': { status: 400, title: 'The program does not parse' },
  'evaluation-error': { status: 422, title: 'The program cannot be evaluated' },
  'not-finite': { status: 422, title: 'A value or gradient is not a finite number' },
  'limit-exceeded': { status: 422, title: 'A configured limit was exceeded' },
  'invalid-request': { status: 422, title: 'The request asks for something inconsistent' },
  'graph-too-large': { status: 422, title: 'The graph is too large to draw' },
  // Raised by the HTTP layer.
  'validation-error': { status: 400, title: 'The request does not match its schema' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  'bad-request': { status: 400, title: 'Bad request' },
  'body-too-large': { status: 413, title: 'The request body is too large' },
  'invalid-encoding': { status: 400, title: 'The encoded source in the URL cannot be read' },
  'uri-too-long': { status: 414, title: 'The URL is too long' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'request-timeout': { status: 408, title: 'The request took too long to arrive' },
  'headers-too-large': { status: 431, title: 'The request headers are too large' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'not-acceptable': { status: 406, title: 'No acceptable format' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal Server Error' },
  'service-unavailable': { status: 503, title: 'The service is busy' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEM_TYPES;

export function problemTypeUri(type: ProblemType): string {
  return errorTypeUri(type);
}

/** An RFC 9457 problem details object, plus gradviz's extension members. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** The path of the request that failed. */
  instance?: string;
  /** 1-based position in the program source, for errors in a program. */
  line?: number;
  column?: number;
  /** For limits: the limit's name, its configured value and what the request asked for. */
  limit?: string;
  limitValue?: number;
  requested?: number;
  /** For a job that ran out of time: the stage it was in (evaluation, training, layout, rasterising). */
  stage?: string;
}
