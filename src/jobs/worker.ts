import { runExpressionJob, type ExpressionFormat, type ExpressionLimits, type ExpressionRequest } from './expression.js';
import { loadGraphviz } from '../render/graphviz.js';
import { runMlpJob, type MlpFormat, type MlpJobLimits, type MlpRequest } from './mlp.js';
import { jobWorker } from './protocol.js';

/**
 * The worker thread's entry point (piscina calls the default export once per task). Parsing,
 * evaluation, training and layout run here, so the HTTP thread stays free to answer.
 *
 * Job functions by kind. Input and output cross a thread boundary, so both must be plain data
 * (no Values, Maps or functions): a job returns what the response needs, already serialisable.
 */
const JOBS = {
  expression: (input: ExpressionJobInput) => runExpressionJob(input.request, input.limits, input.format),
  mlp: (input: MlpJobInput) => runMlpJob(input.request, input.limits, input.format),
  /** Loads Graphviz so a worker's first real job does not pay for it; run it when the app starts. */
  'warm-up': async () => {
    await loadGraphviz();
    return { graphviz: true };
  },
} satisfies Record<string, (input: never) => unknown>;

export interface ExpressionJobInput {
  request: ExpressionRequest;
  limits: ExpressionLimits;
  format?: ExpressionFormat;
}

export interface MlpJobInput {
  request: MlpRequest;
  limits: MlpJobLimits;
  format?: MlpFormat;
}

export type WorkerJob = keyof typeof JOBS;

export default jobWorker((task) => {
  // Own keys only: a job name like 'constructor' must not reach Object.prototype.
  const run = Object.hasOwn(JOBS, task.job) ? JOBS[task.job as WorkerJob] : undefined;
  // The HTTP layer builds tasks, so an unknown kind is a bug: a crash, not a client error.
  if (run === undefined) throw new Error(`unknown job '${task.job}'`);
  return run(task.input as never);
});
