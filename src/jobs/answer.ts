import { errorTypeUri, GradvizError } from '../errors.js';
import type { PngScale } from '../render/png.js';

/**
 * What a job answers: the bytes of one format, made in the worker (JSON serialised, pictures laid
 * out and rasterised there), so the HTTP thread only writes them. A job asked for a picture either
 * draws it or throws; no answer is ever missing the part it was asked for.
 */

export const ANSWER_FORMATS = ['svg', 'png', 'dot', 'json'] as const;
export type AnswerFormat = (typeof ANSWER_FORMATS)[number];

/** PNG bytes, or the text of the other formats. */
export type AnswerBody = string | Uint8Array;

/** The format asked for, and the PNG's pixels per point (ignored by the others). */
export interface AnswerSpec<Format extends string = AnswerFormat> {
  format: Format;
  scale: PngScale;
}

/** Something a JSON answer left out, described as the problem a picture request would have got. */
export interface AnswerWarning {
  type: string;
  detail: string;
  limit?: string;
  limitValue?: number;
  requested?: number;
}

/** The warning a JSON answer carries when `error` kept one of its parts out; `missing` says which. */
export function warningOf(error: GradvizError, missing: string): AnswerWarning {
  const { limit, limitValue, requested } = error.details;
  return {
    type: errorTypeUri(error.kind),
    detail: `${error.message}; ${missing}`,
    ...(limit === undefined ? {} : { limit }),
    ...(limitValue === undefined ? {} : { limitValue }),
    ...(requested === undefined ? {} : { requested }),
  };
}

/** Tries to add a part to a JSON answer: a refusal of the budget becomes a warning, anything else propagates. */
export async function optionalPart<Part>(
  make: () => Promise<Part> | Part,
  missing: string,
  warnings: AnswerWarning[],
): Promise<Part | undefined> {
  try {
    return await make();
  } catch (error) {
    if (!isBudgetRefusal(error)) throw error;
    warnings.push(warningOf(error, missing));
    return undefined;
  }
}

function isBudgetRefusal(error: unknown): error is GradvizError {
  return error instanceof GradvizError && (error.kind === 'graph-too-large' || error.kind === 'limit-exceeded');
}
