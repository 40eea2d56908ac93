import { parentPort } from 'node:worker_threads';
import { GradvizError, type ErrorKind, type ErrorDetails } from '../errors.js';

/**
 * What crosses the thread boundary between the HTTP thread and a worker. Only plain data
 * crosses: structured cloning keeps an Error's message but drops its own fields, so a domain
 * error travels as its JSON form and is rebuilt on the other side.
 */

/** A unit of work for a worker: `job` picks the function, `input` is its argument. */
export interface JobTask<Job extends string = string, Input = unknown> {
  job: Job;
  input: Input;
}

export type JobResult<Value = unknown> =
  | { ok: true; value: Value }
  | { ok: false; error: { kind: ErrorKind; message: string; details: ErrorDetails } };

/** What the pool hands a worker: the task and an id the worker quotes when it starts. */
export interface JobEnvelope {
  id: number;
  task: JobTask;
}

/** Posted by a worker as it starts a job, so the time limit counts work and not worker start-up. */
export interface JobStartedMessage {
  jobStarted: number;
}

export function isJobStartedMessage(message: unknown): message is JobStartedMessage {
  return typeof message === 'object' && message !== null && typeof (message as JobStartedMessage).jobStarted === 'number';
}

/** The steps of a job, as a client is told which one ran out of time. */
export const JOB_STAGES = ['evaluation', 'training', 'layout', 'rasterising'] as const;
export type JobStage = (typeof JOB_STAGES)[number];

/** Posted by a worker as a job enters a stage, so a timeout can say what the job was doing. */
export interface JobStageMessage {
  jobStage: number;
  stage: JobStage;
}

export function isJobStageMessage(message: unknown): message is JobStageMessage {
  if (typeof message !== 'object' || message === null) return false;
  const { jobStage, stage } = message as JobStageMessage;
  return typeof jobStage === 'number' && JOB_STAGES.includes(stage);
}

/** What a job function may tell the pool while it runs. */
export interface JobContext {
  /** Says which stage the job has entered (evaluation is where every job starts). */
  stage(stage: JobStage): void;
}

/** For a job run in-process, where nobody is listening. */
export const NO_CONTEXT: JobContext = { stage: () => {} };

/**
 * Makes a worker module's default export from a function that runs one task: it readies the
 * thread (`prepare`, once: loading Graphviz, say), reports the start, then wraps the answer for
 * the trip back. Preparing comes before the start, so a fresh worker's start-up is not counted
 * against the job's time limit. A GradvizError is the client's fault and comes back as data;
 * anything else is a bug or a broken worker, so it is rethrown and the pool reports a crash.
 */
export function jobWorker(
  run: (task: JobTask, context: JobContext) => unknown,
  prepare: () => Promise<unknown> = async () => {},
): (envelope: JobEnvelope) => Promise<JobResult> {
  let ready: Promise<unknown> | undefined;
  return async (envelope) => {
    ready ??= prepare().catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    await ready;
    parentPort?.postMessage({ jobStarted: envelope.id } satisfies JobStartedMessage);
    const context: JobContext = {
      stage: (stage) => parentPort?.postMessage({ jobStage: envelope.id, stage } satisfies JobStageMessage),
    };
    try {
      return { ok: true, value: await run(envelope.task, context) };
    } catch (error) {
      if (error instanceof GradvizError) return { ok: false, error: error.toJSON() };
      throw error;
    }
  };
}

/** How a job submitted to the pool ended. */
export type JobOutcome =
  /** The worker answered with a value. */
  | 'ok'
  /** The worker answered with a GradvizError (the client's request was at fault). */
  | 'domain-error'
  /** The job ran past its time limit and its worker was terminated. */
  | 'timeout'
  /** The caller gave up (client disconnected) and the job did not finish within the pool's cancel grace. */
  | 'cancelled'
  /** The worker threw something that is not a GradvizError, or died. */
  | 'crashed'
  /** Refused at once: every worker busy and the queue full. */
  | 'busy'
  /** Refused or stopped because the pool is shutting down. */
  | 'closed';

export interface JobSettledEvent {
  job: string;
  outcome: JobOutcome;
  /** False for jobs refused or cancelled before a worker picked them up. */
  started: boolean;
  /** Time spent waiting in the queue, in milliseconds. */
  waitMs: number;
  /** Time from handing the job to a worker until it settled (0 if it never started). */
  runMs: number;
  /** Set when the job ran on the calling thread, without a worker (JobPool.runHere). */
  here?: true;
}

export interface JobPoolStats {
  /** Jobs that may run at once (the number of worker threads at full size). */
  threads: number;
  /** Jobs waiting for a worker. */
  queued: number;
  /** Jobs running in a worker now. */
  active: number;
  /** Settled jobs by outcome since the pool started. */
  settled: Record<JobOutcome, number>;
  /** Of those, the jobs that ran on the calling thread, without a worker. */
  ranHere: number;
}

/** What metrics need from a pool; JobPool implements it. */
export interface JobPoolObservable {
  stats(): JobPoolStats;
  /** Calls `listener` once per settled job (synchronously; it must not throw). Returns an unsubscribe. */
  onJobSettled(listener: (event: JobSettledEvent) => void): () => void;
}
