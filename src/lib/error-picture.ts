import { GradvizError } from '../errors.js';
import { PROBLEM_TYPES } from '../http/problem/types.js';
import { renderErrorSvg } from '../render/error-image.js';

/**
 * The SVG picture of an error, as the service draws it for an image URL: the status and title the
 * service would answer with, the message, and for errors in a program its line with a caret.
 * Anything that is not a GradvizError is a bug, not the author's mistake, and is thrown again.
 */
export function errorPicture(error: unknown, source?: string): string {
  if (!(error instanceof GradvizError)) throw error;
  const { line, column, inputTooLarge } = error.details;
  const { status, title } = PROBLEM_TYPES[error.kind];
  return renderErrorSvg({
    status: error.kind === 'limit-exceeded' && inputTooLarge === true ? 413 : status,
    title,
    detail: error.message,
    ...(source === undefined ? {} : { source }),
    ...(line === undefined ? {} : { line }),
    ...(column === undefined ? {} : { column }),
  });
}
