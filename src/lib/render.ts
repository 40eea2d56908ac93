import { runExpressionJob } from '../jobs/expression.js';
import { runMlpJob, type MlpRequest } from '../jobs/mlp.js';
import type { JobContext } from '../jobs/protocol.js';
import { DEFAULT_BUDGET, DEFAULT_LIMITS, DEFAULT_MLP_LIMITS } from './defaults.js';
import { drawingOf, type ExpressionFormat, type MlpFormat, type Rendered, type RenderMlpOptions, type RenderOptions } from './options.js';

/**
 * The service's jobs, called in-process: the same code, limits and budgets as an HTTP request,
 * without the HTTP. Graphviz is loaded on the first picture and kept for the next ones. The
 * optional `context` is told each stage the job enters (training, layout...), for progress displays.
 */

/** Runs a program, backpropagates and answers its graph as SVG (default), PNG, DOT or JSON. Throws GradvizError. */
export async function render<Format extends ExpressionFormat = 'svg'>(
  source: string,
  options: RenderOptions & { format?: Format } = {},
  context?: JobContext,
): Promise<Rendered<Format>> {
  const { values, output, scale = 1 } = options;
  const format: ExpressionFormat = options.format ?? 'svg';
  const request = {
    source,
    options: drawingOf(options),
    ...(values === undefined ? {} : { values }),
    ...(output === undefined ? {} : { output }),
  };
  const job = { request, format, scale, limits: DEFAULT_LIMITS, budget: DEFAULT_BUDGET };
  return (await runExpressionJob(job, context)) as Rendered<Format>;
}

/** Builds, evaluates and trains an MLP (the body of POST /v1/mlp) and answers its final pass (or loss chart) in a format. Throws GradvizError. */
export async function renderMlp<Format extends MlpFormat = 'svg'>(
  spec: MlpRequest,
  options: RenderMlpOptions & { format?: Format } = {},
  context?: JobContext,
): Promise<Rendered<Format>> {
  const { scale = 1, view } = options;
  const format: MlpFormat = options.format ?? 'svg';
  // Options given here win over those the spec carries (as the body of POST /v1/mlp may).
  const request = { ...spec, options: { ...spec.options, ...drawingOf(options), ...(view === undefined ? {} : { view }) } };
  const job = { request, format, scale, limits: DEFAULT_MLP_LIMITS, budget: DEFAULT_BUDGET };
  return (await runMlpJob(job, context)) as Rendered<Format>;
}
