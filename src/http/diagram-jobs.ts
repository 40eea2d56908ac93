import type { AnswerFormat } from '../jobs/answer.js';
import type { MlpAnswerFormat } from '../jobs/mlp.js';
import { bodyFromUrl, expressionFromQuery, type CompiledCheck } from './image-request.js';
import type { AnswerJob } from './jobs.js';
import type { MlpQuery } from './schemas/mlp-query.js';
import type { DrawingQuery } from './schemas/image.js';
import type { MlpRequestBody } from './schemas/mlp.js';
import { toScale } from './routes/expression.js';

/**
 * Jobs for inputs given as text (an encoded URL, a Kroki request, a plain-text body) with their
 * options given apart (the query, Kroki's `diagram_options`): the same job a JSON body makes.
 */

/** A program and its options: what GET /v1/expression/{format}/{encoded} computes. */
export function expressionJob(source: string, options: DrawingQuery, format: AnswerFormat): AnswerJob {
  const { request, scale } = expressionFromQuery(source, options);
  return { kind: 'expression', request, format, scale };
}

/**
 * An MLP spec as JSON text, checked as strictly as a JSON body (`check`, errors named after
 * `where`), with drawing options that win over its own.
 */
export function mlpJob(specText: string, options: MlpQuery, format: MlpAnswerFormat, check: CompiledCheck, where: string): AnswerJob {
  const spec = bodyFromUrl<MlpRequestBody>(specText, check, where);
  const { scale, ...drawing } = { ...spec.options, ...options };
  return { kind: 'mlp', request: { ...spec, options: drawing }, format, scale: toScale(scale) };
}
