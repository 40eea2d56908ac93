import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { GradvizError } from '../errors.js';
import { FairQueue } from './fair-queue.js';
import {
  isJobStageMessage,
  isJobStartedMessage,
  type JobEnvelope,
  type JobOutcome,
  type JobPoolObservable,
  type JobPoolStats,
  type JobResult,
  type JobSettledEvent,
  type JobStage,
  type JobTask,
} from './protocol.js';

// ---------------------------------------------------------------------------------------------
// Errors. A timeout is the client's request being too heavy, so it is a GradvizError; the others
// are the service's own condition. None knows HTTP: the HTTP layer maps each to a status.

/** What a job was doing when it ran out of time, in the words a client reads. */
const STAGE_WORDS: Record<JobStage, string> = {
  evaluation: 'evaluating the program',
  training: 'training the network',
  layout: 'laying out the graph',
  rasterising: 'rasterising the picture',
};

/** The job ran past its time limit; its worker was terminated and replaced. */
export class JobTimeoutError extends GradvizError {
  constructor(
    readonly limitMs: number,
    limitName: string,
    readonly stage: JobStage,
  ) {
    super(
      stage === 'layout' ? 'graph-too-large' : 'limit-exceeded',
      `the job did not finish in ${formatSeconds(limitMs)}: it was still ${STAGE_WORDS[stage]} ` +
        `(limit ${limitName}, stage ${stage})`,
      { limit: limitName, limitValue: limitMs, stage },
    );
  }

  /** The limit in seconds, as the message states it. */
  get seconds(): number {
    return this.limitMs / 1000;
  }
}

export abstract class PoolError extends Error {}

/** Every worker is busy and the queue is full: the client may retry after `retryAfterSeconds`. */
export class PoolBusyError extends PoolError {
  override readonly name = 'PoolBusyError';
  constructor(readonly retryAfterSeconds: number) {
    super('the service is busy; try again shortly');
  }
}

/** One client already has as many jobs waiting as it may: it has to wait for its own jobs first. */
export class ClientQueueFullError extends PoolError {
  override readonly name = 'ClientQueueFullError';
  constructor(
    readonly retryAfterSeconds: number,
    readonly limit: number,
  ) {
    super(`too many jobs waiting for this client: at most ${limit} may wait at once; retry when one has finished`);
  }
}

/** The pool is shutting down: new jobs are refused and, on a forced close, running ones stopped. */
export class PoolClosedError extends PoolError {
  override readonly name = 'PoolClosedError';
  constructor(readonly retryAfterSeconds: number) {
    super('the service is shutting down; try again shortly');
  }
}

/** The caller aborted (the client went away); nobody is left to read an answer. */
export class JobCancelledError extends PoolError {
  override readonly name = 'JobCancelledError';
  constructor() {
    super('the job was cancelled');
  }
}

/** The worker threw something that is not a GradvizError, or died. `cause` is for logs only. */
export class WorkerCrashedError extends PoolError {
  override readonly name = 'WorkerCrashedError';
  constructor(cause: unknown) {
    super('the worker failed', { cause });
  }
}

// ---------------------------------------------------------------------------------------------

export interface JobPoolOptions {
  /** The worker module (path or file URL). Default: the production worker next to this module. */
  filename?: string | URL;
  /** Jobs run at once. Default: os.availableParallelism(). */
  maxThreads?: number;
  /** Workers kept alive when idle. Default: maxThreads (a cold worker takes ~0.2 s to start). */
  minThreads?: number;
  /** How long an idle worker above minThreads lives, in ms. Default 30 s. */
  idleTimeoutMs?: number;
  /** Jobs that may wait for a worker; one more is refused with PoolBusyError. Default 2 * maxThreads. */
  maxQueue?: number;
  /** Jobs one client may have waiting; one more is refused with ClientQueueFullError. Default maxQueue. */
  maxQueuePerClient?: number;
  /** Hard time limit per job, counted from when a worker starts it. Default 10 s. */
  timeLimitMs?: number;
  /**
   * How long a running job whose caller gave up may run on, in ms, before its worker is terminated.
   * Replacing a worker costs more CPU than a short job (a fresh one loads Graphviz again), so a job
   * that finishes within the grace settles as usual and keeps its warm worker; only a job that would
   * run long is stopped. 0 terminates at once. Default 1 s.
   */
  cancelGraceMs?: number;
  /** How long a job may wait for its (new) worker to start before the worker counts as broken. Default 30 s. */
  startTimeoutMs?: number;
  /** The limit's name reported in JobTimeoutError details (as the configuration calls it). */
  timeLimitName?: string;
  /** Retry-After for PoolBusyError and PoolClosedError, in seconds. Default 1. */
  retryAfterSeconds?: number;
  /**
   * Per-worker V8 limits (heap sizes, stack). A worker over its heap limit dies and its job
   * fails as a crash, instead of taking the process down. The wasm heap is not counted.
   */
  resourceLimits?: ResourceLimits;
  /** Errors a worker raised while no job was running on it (otherwise lost). */
  onWorkerError?: (error: Error) => void;
}

export interface RunOptions {
  /**
   * Aborts the job (e.g. on client disconnect). A queued job is dropped and a job still running
   * after the pool's cancel grace is stopped, both rejecting with JobCancelledError; a running job
   * that finishes within the grace settles with its own answer.
   */
  signal?: AbortSignal;
  /** Overrides the pool's time limit for this job. */
  timeLimitMs?: number;
  /** Who asked (an address, say): waiting jobs take turns by client. Default: one shared client. */
  client?: string;
}

export interface CloseOptions {
  /**
   * What happens to jobs not yet finished: `drain` (default) lets queued and running jobs finish;
   * `refuse-waiting` refuses queued jobs with PoolClosedError and lets running ones finish (a
   * graceful shutdown: the waiting clients are told to retry elsewhere at once); `force` also
   * stops running jobs with PoolClosedError.
   */
  mode?: 'drain' | 'refuse-waiting' | 'force';
}

interface PendingJob {
  task: JobTask;
  client: string;
  signal: AbortSignal | undefined;
  timeLimitMs: number;
  enqueuedAt: number;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  detachCaller: () => void;
}

const DEFAULT_TIME_LIMIT_MS = 10_000;
const DEFAULT_START_TIMEOUT_MS = 30_000;
const DEFAULT_CANCEL_GRACE_MS = 1000;

/**
 * A fixed set of worker threads with a bounded queue and a hard time limit per job. Waiting
 * jobs take turns by client (FairQueue), and one client's waiting jobs are capped.
 *
 * The queue is kept here rather than in piscina: piscina does not count tasks that carry an
 * AbortSignal against `maxQueue`. Jobs are handed to piscina only when a thread is free, and the
 * time limit starts when the worker reports that it started the job: neither the wait in the
 * queue nor the start-up of a replacement worker (slow on a loaded machine, right after a
 * timeout) is blamed on the job.
 */
export class JobPool implements JobPoolObservable {
  readonly maxThreads: number;
  readonly maxQueue: number;
  readonly maxQueuePerClient: number;
  readonly timeLimitMs: number;
  readonly #timeLimitName: string;
  readonly #startTimeoutMs: number;
  readonly #cancelGraceMs: number;
  readonly #retryAfterSeconds: number;
  readonly #piscina: Piscina;
  readonly #queue = new FairQueue<PendingJob>();
  /** One stop per running job, to stop it on a forced close. */
  readonly #running = new Set<() => void>();
  /** Running jobs by id, waiting for their worker to report the start. */
  readonly #started = new Map<number, () => void>();
  /** The stage each running job last reported, by id. */
  readonly #stages = new Map<number, JobStage>();
  #nextId = 0;
  readonly #listeners = new Set<(event: JobSettledEvent) => void>();
  readonly #settled: Record<JobOutcome, number> = {
    ok: 0,
    'domain-error': 0,
    timeout: 0,
    cancelled: 0,
    crashed: 0,
    busy: 0,
    closed: 0,
  };
  /** Jobs answered on the calling thread by runHere. */
  #ranHere = 0;
  #closing = false;
  #closed: Promise<void> | undefined;
  #onIdle: (() => void) | undefined;

  constructor(options: JobPoolOptions = {}) {
    this.maxThreads = positiveInteger('maxThreads', options.maxThreads ?? availableParallelism());
    const minThreads = Math.min(
      nonNegativeInteger('minThreads', options.minThreads ?? this.maxThreads),
      this.maxThreads,
    );
    this.maxQueue = nonNegativeInteger('maxQueue', options.maxQueue ?? 2 * this.maxThreads);
    this.maxQueuePerClient = nonNegativeInteger('maxQueuePerClient', options.maxQueuePerClient ?? this.maxQueue);
    this.timeLimitMs = positiveInteger('timeLimitMs', options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS);
    this.#timeLimitName = options.timeLimitName ?? 'jobTimeLimitMs';
    this.#startTimeoutMs = positiveInteger('startTimeoutMs', options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS);
    this.#cancelGraceMs = nonNegativeInteger('cancelGraceMs', options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS);
    this.#retryAfterSeconds = positiveInteger('retryAfterSeconds', options.retryAfterSeconds ?? 1);

    const filename = toPath(options.filename ?? defaultWorker());
    this.#piscina = new Piscina({
      filename,
      minThreads,
      maxThreads: this.maxThreads,
      idleTimeout: options.idleTimeoutMs ?? 30_000,
      ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
      // Sources run under tsx in tests; production runs compiled JavaScript.
      ...(filename.endsWith('.ts') ? { execArgv: ['--import', 'tsx'] } : {}),
    });
    // Without a listener, an error from an idle worker would be thrown as an uncaught exception.
    const onWorkerError = options.onWorkerError ?? (() => {});
    this.#piscina.on('error', (error: Error) => onWorkerError(error));
    this.#piscina.on('message', (message: unknown) => {
      if (isJobStartedMessage(message)) this.#started.get(message.jobStarted)?.();
      else if (isJobStageMessage(message) && this.#stages.has(message.jobStage)) this.#stages.set(message.jobStage, message.stage);
    });
  }

  /**
   * Runs `task` in a worker and resolves with the value it answered. Rejects with the worker's
   * GradvizError, JobTimeoutError, JobCancelledError, WorkerCrashedError, PoolBusyError (at once,
   * when the queue is full) or PoolClosedError.
   */
  run<Value = unknown>(task: JobTask, options: RunOptions = {}): Promise<Value> {
    const enqueuedAt = performance.now();
    if (this.#closing) {
      return this.#refuse(task, 'closed', new PoolClosedError(this.#retryAfterSeconds));
    }
    if (options.signal?.aborted) return this.#refuse(task, 'cancelled', new JobCancelledError());
    const client = options.client ?? '';
    if (this.#running.size >= this.maxThreads) {
      if (this.#queue.size >= this.maxQueue) return this.#refuse(task, 'busy', new PoolBusyError(this.#retryAfterSeconds));
      if (this.#queue.sizeOf(client) >= this.maxQueuePerClient) {
        return this.#refuse(task, 'busy', new ClientQueueFullError(this.#retryAfterSeconds, this.maxQueuePerClient));
      }
    }

    return new Promise<Value>((resolve, reject) => {
      const job: PendingJob = {
        task,
        client,
        signal: options.signal,
        timeLimitMs:
          options.timeLimitMs === undefined ? this.timeLimitMs : positiveInteger('timeLimitMs', options.timeLimitMs),
        enqueuedAt,
        resolve: resolve as (value: unknown) => void,
        reject,
        detachCaller: () => {},
      };
      if (job.signal) {
        const signal = job.signal;
        // While queued, a cancel just removes the job; once running, the combined signal handles it.
        const onAbort = () => {
          if (!this.#queue.remove(job.client, job)) return;
          this.#finish(job, 'cancelled', undefined, new JobCancelledError());
          this.#maybeIdle();
        };
        signal.addEventListener('abort', onAbort, { once: true });
        job.detachCaller = () => signal.removeEventListener('abort', onAbort);
      }
      this.#queue.push(client, job);
      this.#pump();
    });
  }

  /**
   * Answers `task` on the calling thread with `run` (a job the cost model predicts to be far shorter
   * than a trip to a worker and back); when `run` resolves undefined, the task goes to a worker after
   * all. It is refused, fails and is counted as the worker's job would be: a GradvizError comes back
   * in its cross-thread form, anything else as a WorkerCrashedError.
   */
  async runHere<Value>(task: JobTask, run: () => Promise<Value | undefined>, options: RunOptions = {}): Promise<Value> {
    if (this.#closing) return this.#refuse(task, 'closed', new PoolClosedError(this.#retryAfterSeconds));
    if (options.signal?.aborted) return this.#refuse(task, 'cancelled', new JobCancelledError());
    const startedAt = performance.now();
    let value: Value | undefined;
    try {
      value = await run();
    } catch (error) {
      const domain = error instanceof GradvizError;
      this.#recordHere(task, domain ? 'domain-error' : 'crashed', startedAt);
      throw domain ? GradvizError.fromJSON(error.toJSON()) : new WorkerCrashedError(error);
    }
    if (value === undefined) return this.run<Value>(task, options);
    this.#recordHere(task, 'ok', startedAt);
    return value;
  }

  #recordHere(task: JobTask, outcome: JobOutcome, startedAt: number): void {
    this.#ranHere++;
    this.#record({ job: task.job, outcome, started: true, waitMs: 0, runMs: performance.now() - startedAt, here: true });
  }

  stats(): JobPoolStats {
    return {
      threads: this.maxThreads,
      queued: this.#queue.size,
      active: this.#running.size,
      settled: { ...this.#settled },
      ranHere: this.#ranHere,
    };
  }

  onJobSettled(listener: (event: JobSettledEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Stops accepting jobs, settles the unfinished ones as `mode` says, then terminates the workers.
   * Safe to call more than once.
   */
  close({ mode = 'drain' }: CloseOptions = {}): Promise<void> {
    this.#closing = true;
    if (mode !== 'drain') {
      for (const job of this.#queue.drain()) {
        this.#finish(job, 'closed', undefined, new PoolClosedError(this.#retryAfterSeconds));
      }
    }
    if (mode === 'force') {
      for (const close of this.#running) close();
    }
    this.#closed ??= (async () => {
      if (this.#queue.size > 0 || this.#running.size > 0) {
        await new Promise<void>((resolve) => (this.#onIdle = resolve));
      }
      await this.#piscina.destroy();
    })();
    return this.#closed;
  }

  #pump(): void {
    while (this.#running.size < this.maxThreads) {
      const job = this.#queue.shift();
      if (!job) return;
      this.#start(job);
    }
  }

  #start(job: PendingJob): void {
    // From here the grace below watches the caller's signal.
    job.detachCaller();
    const id = this.#nextId++;
    this.#stages.set(id, 'evaluation');
    const dispatchedAt = performance.now();
    let startedAt: number | undefined;
    // One controller stops the worker, whichever reason comes first: no worker started the job in
    // time, the job ran past its limit, the pool was force-closed, or the caller gave up and the
    // grace passed. The first reason is the one reported.
    const stop = new AbortController();
    let stoppedFor: 'start' | 'run' | 'closed' | 'cancelled' | undefined;
    const stopFor = (reason: NonNullable<typeof stoppedFor>) => {
      stoppedFor ??= reason;
      stop.abort();
    };
    let timer = setTimeout(() => stopFor('start'), this.#startTimeoutMs);
    this.#started.set(id, () => {
      startedAt = performance.now();
      clearTimeout(timer);
      timer = setTimeout(() => stopFor('run'), job.timeLimitMs);
    });
    const close = () => stopFor('closed');
    this.#running.add(close);
    // The caller giving up stops the worker only once the grace has passed: a short job runs on.
    let grace: ReturnType<typeof setTimeout> | undefined;
    const onCallerAbort = () => {
      if (this.#cancelGraceMs === 0) stopFor('cancelled');
      else grace = setTimeout(() => stopFor('cancelled'), this.#cancelGraceMs);
    };
    if (job.signal?.aborted) onCallerAbort();
    else job.signal?.addEventListener('abort', onCallerAbort, { once: true });

    // Bookkeeping happens before the caller's promise settles, so a caller that awaits a job
    // and then asks for stats() sees it gone.
    const settle = (outcome: JobOutcome, error?: Error, value?: unknown) => {
      clearTimeout(timer);
      clearTimeout(grace);
      job.signal?.removeEventListener('abort', onCallerAbort);
      this.#started.delete(id);
      this.#stages.delete(id);
      this.#running.delete(close);
      this.#finish(job, outcome, startedAt ?? dispatchedAt, error, value);
      this.#pump();
      this.#maybeIdle();
    };

    const envelope: JobEnvelope = { id, task: job.task };
    // Piscina terminates the worker of an aborted task and starts a replacement.
    this.#piscina.run(envelope, { signal: stop.signal }).then(
      (result: unknown) => {
        const answer = readResult(result);
        if (answer.ok) settle('ok', undefined, answer.value);
        else settle(answer.error instanceof GradvizError ? 'domain-error' : 'crashed', answer.error);
      },
      (error: unknown) => {
        // Ask why the job was stopped rather than parsing the rejection: it may be an AbortError
        // or the termination error, depending on timing.
        if (stoppedFor === 'run') {
          settle('timeout', new JobTimeoutError(job.timeLimitMs, this.#timeLimitName, this.#stages.get(id) ?? 'evaluation'));
        } else if (stoppedFor === 'start') {
          settle('crashed', new WorkerCrashedError(new Error(`no worker started the job in ${this.#startTimeoutMs} ms`)));
        } else if (stoppedFor === 'closed') settle('closed', new PoolClosedError(this.#retryAfterSeconds));
        else if (stoppedFor === 'cancelled') settle('cancelled', new JobCancelledError());
        else settle('crashed', new WorkerCrashedError(error));
      },
    );
  }

  #refuse<Value>(task: JobTask, outcome: JobOutcome, error: Error): Promise<Value> {
    this.#record({ job: task.job, outcome, started: false, waitMs: 0, runMs: 0 });
    return Promise.reject(error);
  }

  #finish(job: PendingJob, outcome: JobOutcome, startedAt: number | undefined, error?: Error, value?: unknown): void {
    job.detachCaller();
    const now = performance.now();
    this.#record({
      job: job.task.job,
      outcome,
      started: startedAt !== undefined,
      waitMs: (startedAt ?? now) - job.enqueuedAt,
      runMs: startedAt === undefined ? 0 : now - startedAt,
    });
    if (error) job.reject(error);
    else job.resolve(value);
  }

  #record(event: JobSettledEvent): void {
    this.#settled[event.outcome]++;
    for (const listener of this.#listeners) listener(event);
  }

  #maybeIdle(): void {
    if (this.#onIdle && this.#queue.size === 0 && this.#running.size === 0) this.#onIdle();
  }
}

/** A worker's answer, checked: anything but the agreed shape means the worker is broken. */
function readResult(result: unknown): { ok: true; value: unknown } | { ok: false; error: Error } {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    const answer = result as JobResult;
    if (answer.ok === true) return { ok: true, value: answer.value };
    if (answer.ok === false && typeof answer.error?.kind === 'string') {
      return { ok: false, error: GradvizError.fromJSON(answer.error) };
    }
  }
  return { ok: false, error: new WorkerCrashedError(new Error('the worker answered in an unknown shape')) };
}

/** The production worker, a sibling of this module: `.ts` under tsx/vitest, `.js` once compiled. */
function defaultWorker(): URL {
  const extension = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  return new URL(`./worker.${extension}`, import.meta.url);
}

function toPath(filename: string | URL): string {
  if (filename instanceof URL) return fileURLToPath(filename);
  return filename.startsWith('file:') ? fileURLToPath(filename) : filename;
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function nonNegativeInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  return value;
}
