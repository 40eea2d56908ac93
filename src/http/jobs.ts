import type { FastifyBaseLogger, FastifyReply } from 'fastify';
import type { Config } from '../config.js';
import type { ExpressionFormat, ExpressionJobResult, ExpressionRequest } from '../jobs/expression.js';
import type { MlpFormat, MlpJobResult, MlpRequest } from '../jobs/mlp.js';
import { JobPool } from '../jobs/pool.js';
import type { ExpressionJobInput, MlpJobInput } from '../jobs/worker.js';

/**
 * The HTTP side of the worker pool: one runner per kind of job, each a plain function the routes
 * call with the validated body, plus the readiness of the workers. Only this module knows that
 * work leaves the HTTP thread.
 */
export interface Jobs {
  pool: JobPool;
  expression: (request: ExpressionRequest, format: ExpressionFormat, signal?: AbortSignal) => Promise<ExpressionJobResult>;
  mlp: (request: MlpRequest, format: MlpFormat, signal?: AbortSignal) => Promise<MlpJobResult>;
  /** True once every worker has loaded Graphviz; a failed warm-up is retried at the next probe. */
  isReady: () => boolean;
}

export function createJobs(config: Config, log: FastifyBaseLogger): Jobs {
  const pool = new JobPool({
    ...(config.workerThreads > 0 ? { maxThreads: config.workerThreads } : {}),
    maxQueue: config.jobQueueLimit,
    timeLimitMs: config.jobTimeLimitMs,
    timeLimitName: 'JOB_TIME_LIMIT_MS',
    onWorkerError: (error) => log.error({ err: error }, 'a worker failed outside a job'),
  });
  const limits = { ...config.limits, maxDrawnValues: config.maxDrawnValues };
  const mlpLimits = { ...config.mlpLimits, maxDrawnValues: config.maxDrawnValues };

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
    expression: (request, format, signal) =>
      pool.run<ExpressionJobResult>(
        { job: 'expression', input: { request, limits, format } satisfies ExpressionJobInput },
        signal ? { signal } : {},
      ),
    mlp: (request, format, signal) =>
      pool.run<MlpJobResult>({ job: 'mlp', input: { request, limits: mlpLimits, format } satisfies MlpJobInput }, signal ? { signal } : {}),
    isReady: () => {
      if (!ready) warmUp();
      return ready;
    },
  };
}

/**
 * Aborts when the client goes away before its answer is written, so its job stops holding a
 * worker. 'close' also fires after a normal answer, hence the check.
 */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableEnded) controller.abort();
  });
  return controller.signal;
}
