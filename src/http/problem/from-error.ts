import type { FastifyError } from 'fastify';
import { STATUS_CODES } from 'node:http';
import { GradvizError } from '../../errors.js';
import { ClientQueueFullError, PoolBusyError, PoolClosedError } from '../../jobs/pool.js';
import { EncodingError } from '../encoded-source.js';
import { UrlParameterError } from '../image-request.js';
import { UnsupportedBodyEncodingError } from '../plugins/body-encoding.js';
import { BodyParseError } from '../plugins/json-body.js';
import { RateLimitedError } from '../plugins/rate-limit.js';
import { NotAcceptableError } from '../plugins/not-acceptable.js';
import { ServiceOverloadedError } from '../plugins/under-pressure.js';
import { UrlTooLongError } from '../plugins/url-limit.js';
import { PROBLEM_TYPES, problemTypeUri, type Problem, type ProblemType } from './types.js';

/** Fastify's own errors that a client causes, by code. */
const FASTIFY_CODES: Record<string, ProblemType> = {
  FST_ERR_VALIDATION: 'validation-error',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed-json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'body-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_EMPTY_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad-request',
  FST_ERR_BAD_URL: 'bad-request',
};

/** Context the mapping needs from the request and the configuration, never the request itself. */
export interface ProblemContext {
  /** The request's path (without its query), reported as the problem's `instance`. */
  instance: string;
  bodyLimit: number;
}

/**
 * Turns anything thrown while answering a request into a problem: the client's mistakes keep
 * their message, everything else becomes a 500 whose message is hidden (the caller logs it).
 */
export function problemFromError(error: unknown, context: ProblemContext): Problem {
  if (error instanceof GradvizError) return fromGradvizError(error, context);
  if (error instanceof BodyParseError) return problem('malformed-json', error.message, context);
  if (error instanceof UnsupportedBodyEncodingError) return problem('unsupported-media-type', error.message, context);
  if (error instanceof NotAcceptableError) return problem('not-acceptable', error.message, context);
  if (error instanceof UrlParameterError) return problem('validation-error', error.message, context);
  if (error instanceof EncodingError) return fromEncodingError(error, context);
  if (error instanceof UrlTooLongError) {
    return { ...problem('uri-too-long', error.message, context), limit: 'maxUrlLength', limitValue: error.limit, requested: error.length };
  }

  const { code, statusCode, message } = (error ?? {}) as Partial<FastifyError>;
  const type = code === undefined ? undefined : FASTIFY_CODES[code];
  if (type === 'body-too-large') {
    return {
      ...problem(type, `the request body is larger than the limit of ${context.bodyLimit} bytes`, context),
      limit: 'bodyLimit',
      limitValue: context.bodyLimit,
    };
  }
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') {
    // Fastify's message repeats the whole path, which is the part that is too long.
    return problem('uri-too-long', 'a segment of the URL path is too long: POST the program instead', context, 414);
  }
  if (type === 'unsupported-media-type') {
    return problem(type, 'send the request body as application/json', context);
  }
  if (type !== undefined) return problem(type, String(message), context, statusCode);

  // The service is busy or shutting down (a full job queue, load shedding): the client may retry.
  if (error instanceof PoolBusyError || error instanceof PoolClosedError || error instanceof ServiceOverloadedError) {
    return problem('service-unavailable', error.message, context);
  }
  // One client has its fair share of the queue already: it may retry once its own jobs are done.
  if (error instanceof ClientQueueFullError) {
    return { ...problem('too-many-requests', error.message, context), limit: 'JOB_QUEUE_PER_CLIENT', limitValue: error.limit };
  }

  if (error instanceof RateLimitedError) {
    return { ...problem('too-many-requests', error.message, context), limit: 'RATE_LIMIT_MAX', limitValue: error.max };
  }
  // Errors from plugins that carry some other client status keep it.
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return {
      type: 'about:blank',
      title: STATUS_CODES[statusCode] ?? 'Client error',
      status: statusCode,
      detail: String(message),
      instance: context.instance,
    };
  }
  return problem('internal-error', 'the server failed to answer this request; the error has been logged', context);
}

function fromGradvizError(error: GradvizError, context: ProblemContext): Problem {
  const { line, column, limit, limitValue, requested, inputTooLarge, stage } = error.details;
  const status = error.kind === 'limit-exceeded' && inputTooLarge === true ? 413 : PROBLEM_TYPES[error.kind].status;
  const result = problem(error.kind, error.message, context, status);
  // Only the members that apply, so clients can test for their presence.
  if (line !== undefined) result.line = line;
  if (column !== undefined) result.column = column;
  if (limit !== undefined) result.limit = limit;
  if (limitValue !== undefined) result.limitValue = limitValue;
  if (requested !== undefined) result.requested = requested;
  if (stage !== undefined) result.stage = stage;
  return result;
}

/** A source in the URL that is not base64url deflate (400), inflates too far (413) or is too long (414). */
function fromEncodingError(error: EncodingError, context: ProblemContext): Problem {
  const type = error.status === 400 ? 'invalid-encoding' : error.status === 413 ? 'limit-exceeded' : 'uri-too-long';
  const result = problem(type, error.message, context, error.status);
  const { limit, limitValue, requested } = error.details;
  if (limit !== undefined) result.limit = limit;
  if (limitValue !== undefined) result.limitValue = limitValue;
  if (requested !== undefined) result.requested = requested;
  return result;
}

export function problem(type: ProblemType, detail: string, context: Pick<ProblemContext, 'instance'>, status?: number): Problem {
  const { title, status: usual } = PROBLEM_TYPES[type];
  return { type: problemTypeUri(type), title, status: status ?? usual, detail, instance: context.instance };
}
