import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { AnswerBody, AnswerSpec } from '../jobs/answer.js';
import type { AnswerBudget } from '../jobs/budget.js';
import type { ExpressionAnswerFormat, ExpressionJob, ExpressionRequest } from '../jobs/expression.js';
import { mayRunInline, runExpressionInline } from '../jobs/inline.js';
import type { MlpAnswerFormat, MlpRequest } from '../jobs/mlp.js';
import type { ProblemPictureJob } from '../jobs/picture.js';
import { JobPool } from '../jobs/pool.js';
import type { JobInput, WorkerJob } from '../jobs/worker.js';

/** A request for an answer, as the routes describe it: what to compute and in which format. */
export type AnswerJob =
  | ({ kind: 'expression'; request: ExpressionRequest } & AnswerSpec<ExpressionAnswerFormat>)
  | ({ kind: 'mlp'; request: MlpRequest } & AnswerSpec<MlpAnswerFormat>);

/** Who is waiting for a job, and the signal that says they stopped waiting. */
export interface JobCaller {
  client: string;
  signal?: AbortSignal;
}

/**
 * The HTTP side of the worker pool: every job the routes need, with the configured limits and
 * budgets filled in, plus the readiness of the workers. Only this module knows that work leaves
 * the HTTP thread, and which small jobs do not (jobs/inline.ts).
 */
export interface Jobs {
  pool: JobPool;
  answer(job: AnswerJob, caller: JobCaller): Promise<AnswerBody>;
  problemPicture(job: ProblemPictureJob, caller: JobCaller): Promise<AnswerBody>;
  /** True once every worker has loaded Graphviz; a failed warm-up is retried at the next probe. */
  isReady(): boolean;
}

export function budgetOf(config: Config): AnswerBudget {
  return { ...config.budget, maxDrawnValues: config.maxDrawnValues, maxLayeredCost: config.jobTimeLimitMs / 2 };
}

export function createJobs(config: Config, log: FastifyBaseLogger): Jobs {
  const pool = new JobPool({
    ...(config.workerThreads > 0 ? { maxThreads: config.workerThreads } : {}),
    maxQueue: config.jobQueueLimit,
    maxQueuePerClient: Math.min(config.jobQueuePerClient, config.jobQueueLimit),
    timeLimitMs: config.jobTimeLimitMs,
    timeLimitName: 'JOB_TIME_LIMIT_MS',
    cancelGraceMs: config.jobCancelGraceMs,
    onWorkerError: (error) => log.error({ err: error }, 'a worker failed outside a job'),
  });
  const budget = budgetOf(config);
  const { gradcheck } = config;
  const run = <Job extends WorkerJob>(job: Job, input: JobInput<Job>, caller: JobCaller) =>
    pool.run<AnswerBody>({ job, input }, { client: caller.client, ...(caller.signal ? { signal: caller.signal } : {}) });

  let ready = false;
  let warming: Promise<void> | undefined;
  const warmUp = () => {
    // One warm-up per thread: each lands on a different idle worker.
    warming ??= Promise.all(Array.from({ length: pool.maxThreads }, () => pool.run({ job: 'warm-up', input: {} })))
      .then(() => {
        ready = true;
      })
      .catch((error: unknown) => log.error({ err: error }, 'warming up the workers failed'))
      .finally(() => (warming = undefined));
  };
  warmUp();

  return {
    pool,
    answer: (job, caller) => {
      if (job.kind === 'mlp') {
        return run('mlp', { request: job.request, format: job.format, scale: job.scale, limits: config.mlpLimits, budget, gradcheck }, caller);
      }
      const input: ExpressionJob = { request: job.request, format: job.format, scale: job.scale, limits: config.limits, budget, gradcheck };
      if (!mayRunInline(input, config.inlineJobMaxMicroseconds)) return run('expression', input, caller);
      // Small enough to answer here than to send to a worker and back (jobs/inline.ts).
      return pool.runHere<AnswerBody>(
        { job: 'expression', input },
        () => runExpressionInline(input, config.inlineJobMaxMicroseconds),
        { client: caller.client, ...(caller.signal ? { signal: caller.signal } : {}) },
      );
    },
    problemPicture: (job, caller) => run('problem-picture', job, caller),
    isReady: () => {
      if (!ready) warmUp();
      return ready;
    },
  };
}
