import { loadGraphviz } from '../render/graphviz.js';
import { runExpressionJob, type ExpressionJob } from './expression.js';
import { runMlpJob, type MlpJob } from './mlp.js';
import { drawProblem, type ProblemPictureJob } from './picture.js';
import { jobWorker, type JobContext } from './protocol.js';

/**
 * The worker thread's entry point (piscina calls the default export once per task). Parsing,
 * evaluation, training, layout, rasterising and serialising run here, so the HTTP thread only
 * writes bytes. Input and output cross a thread boundary, so both are plain data.
 */
export const JOBS = {
  expression: (input: ExpressionJob, context: JobContext) => runExpressionJob(input, context),
  mlp: (input: MlpJob, context: JobContext) => runMlpJob(input, context),
  'problem-picture': (input: ProblemPictureJob, context: JobContext) => drawProblem(input, context),
  /** Loads Graphviz so a worker's first real job does not pay for it; run it when the app starts. */
  'warm-up': async () => {
    await loadGraphviz();
    return { graphviz: true };
  },
} satisfies Record<string, (input: never, context: JobContext) => unknown>;

export type WorkerJob = keyof typeof JOBS;
/** What each kind of job takes. */
export type JobInput<Job extends WorkerJob> = Parameters<(typeof JOBS)[Job]>[0];

export default jobWorker(
  (task, context) => {
    // Own keys only: a job name like 'constructor' must not reach Object.prototype.
    const run = Object.hasOwn(JOBS, task.job) ? JOBS[task.job as WorkerJob] : undefined;
    // The HTTP layer builds tasks, so an unknown kind is a bug: a crash, not a client error.
    if (run === undefined) throw new Error(`unknown job '${task.job}'`);
    return run(task.input as never, context);
  },
  // A worker replaced after a timeout loads Graphviz before it takes the next job's time.
  loadGraphviz,
);
