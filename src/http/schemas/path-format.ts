import type { TSchema } from 'typebox';
import { MEDIA_TYPES } from '../negotiate.js';
import { answered } from './answers.js';
import { ANSWER_FORMATS, problemAnswers, type AnswerFormat } from './image.js';

/**
 * OpenAPI answers of a route whose path names the format (`/v1/.../:format/:encoded`): the 200
 * body of every format, and the problems, drawn as pictures for the svg and png formats.
 */
export function pathFormatAnswers<Status extends number>(
  bodies: Record<AnswerFormat, { schema: TSchema }>,
  problems: Record<Status, string>,
) {
  return {
    ...answered(
      'The answer in the format the path names.',
      Object.fromEntries(ANSWER_FORMATS.map((format) => [MEDIA_TYPES[format], bodies[format].schema])),
      'GET',
    ),
    ...problemAnswers(problems, ['svg', 'png']),
  };
}
