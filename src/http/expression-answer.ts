import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { DEFAULT_DOT_OPTIONS } from '../graph/dot.js';
import type { ExpressionFormat, ExpressionJobResult, ExpressionRequest, ExpressionWarning } from '../jobs/expression.js';
import { renderPngAsync, type PngScale } from '../render/png.js';
import type { CachedResult } from '../jobs/result-cache.js';
import type { Answers } from './image-reply.js';
import { CONTENT_TYPES } from './negotiate.js';
import { rememberSource } from './problem/picture.js';
import { problemTypeUri } from './problem/types.js';
import type { ExpressionResult, WarningSchema } from './schemas/expression.js';
import type { AnswerFormat } from './schemas/image.js';

type Warning = Static<typeof WarningSchema>;

/** Runs one expression job (in-process, or in a worker thread); `signal` cancels it. */
export type ExpressionRunner = (
  request: ExpressionRequest,
  format: ExpressionFormat,
  signal?: AbortSignal,
) => Promise<ExpressionJobResult>;

/** What the expression routes need: the runner, and the cache and headers of their answers. */
export interface ExpressionAnswerOptions {
  run: ExpressionRunner;
  answers: Answers;
}

/** Answers `job` in `format`, however the request spelt it (body, query or encoded path). */
export function sendExpression(
  { run, answers }: ExpressionAnswerOptions,
  request: FastifyRequest,
  reply: FastifyReply,
  job: ExpressionRequest,
  format: AnswerFormat,
  scale: PngScale = 1,
): Promise<FastifyReply> {
  rememberSource(request, job.source);
  // Defaults written out, so leaving an option out and giving its default are the same answer.
  const identity = {
    kind: 'expression',
    format,
    scale: format === 'png' ? scale : undefined,
    source: job.source,
    values: job.values,
    output: job.output,
    options: { ...DEFAULT_DOT_OPTIONS, ...job.options },
  };
  // The signal aborts once every client waiting for this answer has gone away.
  return answers.send(request, reply, identity, (signal) => renderExpression(run, job, format, scale, signal));
}

async function renderExpression(
  run: ExpressionRunner,
  job: ExpressionRequest,
  format: AnswerFormat,
  scale: PngScale,
  signal: AbortSignal,
): Promise<CachedResult> {
  const contentType = CONTENT_TYPES[format];
  switch (format) {
    case 'json':
      return { contentType, body: JSON.stringify(jsonAnswer(await run(job, 'json', signal))) };
    case 'dot':
      return { contentType, body: (await run(job, 'dot', signal)).dot };
    case 'svg':
      return { contentType, body: svgOf(await run(job, 'svg', signal)) };
    case 'png':
      // Rasterised on libuv's threads: the event loop stays free meanwhile.
      return { contentType, body: await renderPngAsync(svgOf(await run(job, 'svg', signal)), { scale }) };
  }
}

function svgOf({ svg }: ExpressionJobResult): string {
  // Unreachable: an svg job either draws or throws graph-too-large.
  if (svg === undefined) throw new Error('the svg job answered without an svg');
  return svg;
}

/** The job's warnings are errors in the core's terms; clients see them as problem types. */
export function jsonAnswer({ warnings, ...result }: ExpressionJobResult): ExpressionResult {
  return warnings === undefined ? result : { ...result, warnings: problemWarnings(warnings) };
}

export function problemWarnings(warnings: readonly ExpressionWarning[]): Warning[] {
  return warnings.map(({ kind, message, details: { limit, limitValue, requested } }) => ({
    type: problemTypeUri(kind),
    detail: message,
    ...(limit === undefined ? {} : { limit }),
    ...(limitValue === undefined ? {} : { limitValue }),
    ...(requested === undefined ? {} : { requested }),
  }));
}
