import { afterEach, describe, expect, it } from 'vitest';
import { GradvizError } from '../../src/errors.js';
import type { JobSettledEvent } from '../../src/jobs/protocol.js';
import {
  JobCancelledError,
  JobPool,
  ClientQueueFullError,
  JobTimeoutError,
  PoolBusyError,
  PoolClosedError,
  WorkerCrashedError,
  type JobPoolOptions,
} from '../../src/jobs/pool.js';

const testWorker = new URL('../fixtures/workers/test-worker.ts', import.meta.url);

interface Answer {
  threadId: number;
  value?: unknown;
}

const pools: JobPool[] = [];

function makePool(options: JobPoolOptions = {}): JobPool {
  const pool = new JobPool({ filename: testWorker, maxThreads: 1, ...options });
  pools.push(pool);
  return pool;
}

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close({ mode: 'force' })));
});

/** Settles a promise into what it resolved or rejected with, for assertions on either. */
async function outcome<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await promise };
  } catch (error) {
    return { error };
  }
}

describe('JobPool', () => {
  it('runs a job in a worker thread and returns its value as plain data', async () => {
    const pool = makePool();
    const answer = await pool.run<Answer>({ job: 'echo', input: { value: { a: [1, 2], b: 'x' } } });
    expect(answer.value).toEqual({ a: [1, 2], b: 'x' });
    expect(answer.threadId).toBeGreaterThan(0);
    expect(pool.stats()).toMatchObject({ threads: 1, queued: 0, active: 0 });
    expect(pool.stats().settled.ok).toBe(1);
  });

  it('rebuilds a GradvizError thrown in a worker with its kind, message and position', async () => {
    const pool = makePool();
    const { error } = await outcome(pool.run({ job: 'syntax-error', input: {} }));
    expect(error).toBeInstanceOf(GradvizError);
    const domain = error as GradvizError;
    expect(domain.kind).toBe('syntax-error');
    expect(domain.message).toBe("line 3, column 7: unexpected ')'");
    expect(domain.details).toEqual({ line: 3, column: 7 });

    const limit = (await outcome(pool.run({ job: 'limit', input: {} }))).error as GradvizError;
    expect(limit.kind).toBe('limit-exceeded');
    expect(limit.details).toEqual({ limit: 'maxNodes', limitValue: 10, requested: 11 });
    expect(pool.stats().settled['domain-error']).toBe(2);
  });

  it('stops a job that blocks its thread past the time limit and replaces the worker', async () => {
    const pool = makePool({ timeLimitMs: 500, timeLimitName: 'RENDER_TIME_LIMIT_MS' });
    const before = await pool.run<Answer>({ job: 'echo', input: {} });

    const started = performance.now();
    const { error } = await outcome(pool.run({ job: 'spin', input: { ms: 60_000, stage: 'layout' } }));
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(JobTimeoutError);
    const timeout = error as JobTimeoutError;
    expect(timeout).toBeInstanceOf(GradvizError);
    expect(timeout.kind).toBe('graph-too-large');
    expect(timeout.seconds).toBe(0.5);
    expect(timeout.message).toBe(
      'the job did not finish in 0.5 seconds: it was still laying out the graph (limit RENDER_TIME_LIMIT_MS, stage layout)',
    );
    expect(timeout.details).toEqual({ limit: 'RENDER_TIME_LIMIT_MS', limitValue: 500, stage: 'layout' });
    expect(elapsed).toBeGreaterThanOrEqual(490);
    expect(elapsed).toBeLessThan(5_000);

    // The only thread was blocked for a minute; a new job answering at all proves it was replaced.
    const after = await pool.run<Answer>({ job: 'echo', input: { value: 'next' } });
    expect(after.value).toBe('next');
    expect(after.threadId).not.toBe(before.threadId);
    expect(pool.stats().settled.timeout).toBe(1);
  });

  it('counts the time limit from when a worker starts the job, not from when it was queued', async () => {
    const pool = makePool({ timeLimitMs: 1_300 });
    await pool.run({ job: 'echo', input: {} });
    const first = pool.run<Answer>({ job: 'sleep', input: { ms: 700, value: 1 } });
    const second = pool.run<Answer>({ job: 'sleep', input: { ms: 700, value: 2 } });
    expect(pool.stats().queued).toBe(1);
    // The second job ends at least 1.4 s after it was queued, beyond the limit, but runs 0.7 s.
    expect((await first).value).toBe(1);
    expect((await second).value).toBe(2);
  });

  it('does not count the start-up of a worker against the time limit', async () => {
    const pool = makePool({ filename: new URL('../fixtures/workers/slow-start-worker.ts', import.meta.url), timeLimitMs: 400 });
    // The worker loads for 0.8 s, then the job takes 0.1 s.
    expect(await pool.run({ job: 'any', input: {} })).toBe('done');
  });

  it('reports a worker that never starts the job as a crash', async () => {
    const pool = makePool({
      filename: new URL('../fixtures/workers/hanging-worker.ts', import.meta.url),
      startTimeoutMs: 500,
      timeLimitMs: 60_000,
    });
    const { error } = await outcome(pool.run({ job: 'any', input: {} }));
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect(((error as WorkerCrashedError).cause as Error).message).toBe('no worker started the job in 500 ms');
  });

  it('takes a per-job time limit', async () => {
    const pool = makePool({ timeLimitMs: 60_000 });
    const { error } = await outcome(pool.run({ job: 'spin', input: { ms: 60_000 } }, { timeLimitMs: 300 }));
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect((error as JobTimeoutError).limitMs).toBe(300);
  });

  it('stops a long job once the cancel grace has passed after the caller aborts, and keeps working', async () => {
    const pool = makePool({ timeLimitMs: 60_000, cancelGraceMs: 200 });
    const before = await pool.run<Answer>({ job: 'echo', input: {} });
    const controller = new AbortController();
    const running = outcome(pool.run({ job: 'spin', input: { ms: 60_000 } }, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 200);

    const { error } = await running;
    expect(error).toBeInstanceOf(JobCancelledError);
    expect(pool.stats().settled.cancelled).toBe(1);

    const after = await pool.run<Answer>({ job: 'echo', input: { value: 'next' } });
    expect(after.value).toBe('next');
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('lets a short job whose caller aborts finish on its warm worker instead of replacing it', async () => {
    const pool = makePool({ timeLimitMs: 60_000, cancelGraceMs: 30_000 });
    const before = await pool.run<Answer>({ job: 'echo', input: {} });
    const controller = new AbortController();
    const running = pool.run<Answer>({ job: 'sleep', input: { ms: 300, value: 'done' } }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);

    // The answer still arrives, so a caller may keep it (the HTTP layer caches it).
    const answer = await running;
    expect(controller.signal.aborted).toBe(true);
    expect(answer).toEqual({ threadId: before.threadId, value: 'done' });
    expect(pool.stats().settled).toMatchObject({ ok: 2, cancelled: 0 });

    const after = await pool.run<Answer>({ job: 'echo', input: {} });
    expect(after.threadId).toBe(before.threadId);
  });

  it('stops a cancelled job at once with a grace of 0', async () => {
    const pool = makePool({ timeLimitMs: 60_000, cancelGraceMs: 0 });
    const before = await pool.run<Answer>({ job: 'echo', input: {} });
    const controller = new AbortController();
    const running = outcome(pool.run({ job: 'sleep', input: { ms: 60_000 } }, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect((await running).error).toBeInstanceOf(JobCancelledError);
    expect(pool.stats().settled.cancelled).toBe(1);
    const after = await pool.run<Answer>({ job: 'echo', input: {} });
    expect(after.threadId).not.toBe(before.threadId);
  });

  it('runHere answers on the calling thread, or hands the task to a worker when asked to', async () => {
    const pool = makePool();
    const events: JobSettledEvent[] = [];
    pool.onJobSettled((event) => events.push(event));
    expect(await pool.runHere({ job: 'echo', input: {} }, async () => 'here')).toBe('here');
    const handed = await pool.runHere<Answer>({ job: 'echo', input: { value: 'there' } }, async () => undefined);
    expect(handed.value).toBe('there');
    expect(handed.threadId).toBeGreaterThan(0);
    expect(pool.stats()).toMatchObject({ ranHere: 1, settled: { ok: 2 } });
    expect(events.map((event) => event.here)).toEqual([true, undefined]);
  });

  it('runHere fails as a worker would: a GradvizError in its cross-thread form, anything else as a crash', async () => {
    const pool = makePool();
    const domain = await outcome(
      pool.runHere({ job: 'echo', input: {} }, async () => {
        throw new GradvizError('limit-exceeded', 'too many', { limit: 'maxNodes', limitValue: 1, requested: 2 });
      }),
    );
    expect(domain.error).toBeInstanceOf(GradvizError);
    expect((domain.error as GradvizError).toJSON()).toEqual({ kind: 'limit-exceeded', message: 'too many', details: { limit: 'maxNodes', limitValue: 1, requested: 2 } });
    const crash = await outcome(
      pool.runHere({ job: 'echo', input: {} }, async () => {
        throw new TypeError('secret');
      }),
    );
    expect(crash.error).toBeInstanceOf(WorkerCrashedError);
    expect(pool.stats()).toMatchObject({ ranHere: 2, settled: { 'domain-error': 1, crashed: 1 } });

    const aborted = await outcome(pool.runHere({ job: 'echo', input: {} }, async () => 'x', { signal: AbortSignal.abort() }));
    expect(aborted.error).toBeInstanceOf(JobCancelledError);
    await pool.close();
    expect((await outcome(pool.runHere({ job: 'echo', input: {} }, async () => 'x'))).error).toBeInstanceOf(PoolClosedError);
  });

  it('drops a queued job when its caller aborts, without touching the running one', async () => {
    const pool = makePool();
    const running = pool.run<Answer>({ job: 'sleep', input: { ms: 300, value: 'first' } });
    const controller = new AbortController();
    const queued = outcome(pool.run({ job: 'echo', input: {} }, { signal: controller.signal }));
    expect(pool.stats().queued).toBe(1);

    controller.abort();
    expect((await queued).error).toBeInstanceOf(JobCancelledError);
    expect(pool.stats()).toMatchObject({ queued: 0, active: 1 });
    expect((await running).value).toBe('first');
  });

  it('refuses a job whose signal is already aborted', async () => {
    const pool = makePool();
    const { error } = await outcome(pool.run({ job: 'echo', input: {} }, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(JobCancelledError);
    expect(pool.stats().settled.cancelled).toBe(1);
  });

  it.each([
    ['a worker that exits', 'exit'],
    ['a job that throws something other than a GradvizError', 'type-error'],
    ['a worker that answers in an unknown shape', 'bad-shape'],
  ])('reports %s as a crash without internals and keeps working', async (_name, job) => {
    const pool = makePool();
    const { error } = await outcome(pool.run({ job, input: {} }));
    expect(error).toBeInstanceOf(WorkerCrashedError);
    const crash = error as WorkerCrashedError;
    expect(crash).not.toBeInstanceOf(GradvizError);
    expect(crash.message).toBe('the worker failed');
    expect(crash.cause).toBeDefined();

    const after = await pool.run<Answer>({ job: 'echo', input: { value: 'next' } });
    expect(after.value).toBe('next');
    expect(pool.stats().settled.crashed).toBe(1);
  });

  it('reports a job that runs out of heap as a crash, and the process survives', async () => {
    const pool = makePool({ resourceLimits: { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 } });
    const { error } = await outcome(pool.run({ job: 'allocate', input: {} }));
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect((error as WorkerCrashedError).cause).toMatchObject({ code: 'ERR_WORKER_OUT_OF_MEMORY' });
    expect((await pool.run<Answer>({ job: 'echo', input: { value: 'next' } })).value).toBe('next');
  });

  it('keeps the cause of a crash for the logs', async () => {
    const pool = makePool();
    const crash = (await outcome(pool.run({ job: 'type-error', input: {} }))).error as WorkerCrashedError;
    expect(String((crash.cause as Error).message)).toBe('secret internal detail');
  });

  it('refuses a job at once with PoolBusyError when every worker is busy and the queue is full', async () => {
    const pool = makePool({ maxQueue: 1, retryAfterSeconds: 3 });
    const running = pool.run<Answer>({ job: 'sleep', input: { ms: 400, value: 'a' } });
    const queued = pool.run<Answer>({ job: 'sleep', input: { ms: 10, value: 'b' } });

    const { error } = await outcome(pool.run({ job: 'echo', input: {} }));
    expect(error).toBeInstanceOf(PoolBusyError);
    expect((error as PoolBusyError).retryAfterSeconds).toBe(3);
    // Refused while the first job still ran: nobody waited for a worker to free up.
    expect(pool.stats()).toMatchObject({ active: 1, queued: 1 });

    expect((await running).value).toBe('a');
    expect((await queued).value).toBe('b');
    expect(pool.stats().settled.busy).toBe(1);
  });

  it('with maxQueue 0 runs only as many jobs as it has threads', async () => {
    const pool = makePool({ maxThreads: 2, maxQueue: 0 });
    const jobs = [0, 1].map((value) => pool.run<Answer>({ job: 'sleep', input: { ms: 300, value } }));
    expect((await outcome(pool.run({ job: 'echo', input: {} }))).error).toBeInstanceOf(PoolBusyError);
    const answers = await Promise.all(jobs);
    expect(answers.map((answer) => answer.value)).toEqual([0, 1]);
    // Both ran at once, on two threads.
    expect(answers[0]!.threadId).not.toBe(answers[1]!.threadId);
  });

  it('close() waits for jobs in flight and in the queue, then refuses new ones', async () => {
    const pool = makePool();
    const order: string[] = [];
    const running = pool.run<Answer>({ job: 'sleep', input: { ms: 300, value: 'a' } }).then((answer) => {
      order.push(`job ${answer.value}`);
      return answer;
    });
    const queued = pool.run<Answer>({ job: 'sleep', input: { ms: 50, value: 'b' } }).then((answer) => {
      order.push(`job ${answer.value}`);
      return answer;
    });

    await pool.close().then(() => order.push('closed'));
    expect(order).toEqual(['job a', 'job b', 'closed']);
    expect((await running).value).toBe('a');
    expect((await queued).value).toBe('b');

    const { error } = await outcome(pool.run({ job: 'echo', input: {} }));
    expect(error).toBeInstanceOf(PoolClosedError);
  });

  it.each([
    ['evaluation', undefined, 'evaluating the program'],
    ['training', 'training', 'training the network'],
    ['rasterising', 'rasterising', 'rasterising the picture'],
  ] as const)('names the stage %s of a job that ran out of time, as a limit-exceeded', async (stage, reported, words) => {
    const pool = makePool({ timeLimitMs: 300 });
    await pool.run({ job: 'echo', input: {} });
    const { error } = await outcome(pool.run({ job: 'spin', input: { ms: 60_000, ...(reported ? { stage: reported } : {}) } }));
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect((error as JobTimeoutError).kind).toBe('limit-exceeded');
    expect((error as JobTimeoutError).details.stage).toBe(stage);
    expect((error as JobTimeoutError).message).toContain(`it was still ${words}`);
  });

  it('serves waiting jobs round-robin by client, so one client cannot hold every worker', async () => {
    const pool = makePool({ maxThreads: 1, maxQueue: 10 });
    await pool.run({ job: 'echo', input: {} });
    const order: string[] = [];
    const job = (client: string, value: string, ms = 50) =>
      pool.run<Answer>({ job: 'sleep', input: { ms, value } }, { client }).then((answer) => order.push(String(answer.value)));
    const all = [job('a', 'a1', 200), job('a', 'a2'), job('a', 'a3'), job('a', 'a4'), job('b', 'b1'), job('c', 'c1')];
    await Promise.all(all);
    // a1 runs at once; then each waiting client takes a turn: a, b, c, then a's remaining jobs.
    expect(order).toEqual(['a1', 'a2', 'b1', 'c1', 'a3', 'a4']);
  });

  it("refuses a client's job past its share of the queue with ClientQueueFullError; others still queue", async () => {
    const pool = makePool({ maxThreads: 1, maxQueue: 10, maxQueuePerClient: 2, retryAfterSeconds: 2 });
    await pool.run({ job: 'echo', input: {} });
    const running = pool.run({ job: 'sleep', input: { ms: 300 } }, { client: 'greedy' });
    const waiting = [1, 2].map(() => pool.run({ job: 'echo', input: {} }, { client: 'greedy' }));
    const { error } = await outcome(pool.run({ job: 'echo', input: {} }, { client: 'greedy' }));
    expect(error).toBeInstanceOf(ClientQueueFullError);
    expect((error as Error).message).toBe('too many jobs waiting for this client: at most 2 may wait at once; retry when one has finished');
    expect((error as ClientQueueFullError).retryAfterSeconds).toBe(2);
    const other = pool.run<Answer>({ job: 'echo', input: { value: 'other' } }, { client: 'patient' });
    expect((await other).value).toBe('other');
    await Promise.all([running, ...waiting]);
  });

  it("close({ mode: 'refuse-waiting' }) refuses queued jobs at once and lets the running one finish", async () => {
    const pool = makePool({ maxThreads: 1, timeLimitMs: 60_000 });
    await pool.run({ job: 'echo', input: {} });
    const running = pool.run<Answer>({ job: 'sleep', input: { ms: 300, value: 'a' } });
    const queued = outcome(pool.run({ job: 'echo', input: {} }));

    const closed = pool.close({ mode: 'refuse-waiting' });
    const refused = await queued;
    expect(refused.error).toBeInstanceOf(PoolClosedError);
    expect((refused.error as PoolClosedError).retryAfterSeconds).toBeGreaterThan(0);
    expect((await running).value).toBe('a');
    await closed;
    expect(pool.stats().settled).toMatchObject({ ok: 2, closed: 1 });
  });

  it("close({ mode: 'force' }) stops running and queued jobs with PoolClosedError", async () => {
    const pool = makePool({ timeLimitMs: 60_000 });
    await pool.run({ job: 'echo', input: {} });
    const running = outcome(pool.run({ job: 'spin', input: { ms: 60_000 } }));
    const queued = outcome(pool.run({ job: 'echo', input: {} }));

    const started = performance.now();
    await pool.close({ mode: 'force' });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect((await running).error).toBeInstanceOf(PoolClosedError);
    expect((await queued).error).toBeInstanceOf(PoolClosedError);
    expect(pool.stats()).toMatchObject({ queued: 0, active: 0 });
    expect(pool.stats().settled.closed).toBe(2);
  });

  it('reports every settled job with its kind, outcome and timings', async () => {
    const pool = makePool({ maxQueue: 0, timeLimitMs: 1_000 });
    // A worker's start-up counts against the first job's limit; start it before measuring.
    await pool.run({ job: 'echo', input: {} });
    const events: JobSettledEvent[] = [];
    const unsubscribe = pool.onJobSettled((event) => events.push(event));

    const sleepStarted = performance.now();
    await pool.run({ job: 'sleep', input: { ms: 100 } });
    const sleepWall = performance.now() - sleepStarted;
    await outcome(pool.run({ job: 'syntax-error', input: {} }));
    const blocked = outcome(pool.run({ job: 'spin', input: { ms: 60_000 } }));
    await outcome(pool.run({ job: 'echo', input: {} }));
    await blocked;

    expect(events.map((event) => [event.job, event.outcome, event.started])).toEqual([
      ['sleep', 'ok', true],
      ['syntax-error', 'domain-error', true],
      ['echo', 'busy', false],
      ['spin', 'timeout', true],
    ]);
    // Counted from the worker's start message, which a busy machine may deliver late: within the call, not exactly 100 ms.
    expect(events[0]!.runMs).toBeGreaterThan(0);
    expect(events[0]!.runMs).toBeLessThanOrEqual(sleepWall);
    expect(events[2]!.runMs).toBe(0);
    expect(events[3]!.runMs).toBeGreaterThanOrEqual(990);
    for (const event of events) expect(event.waitMs).toBeGreaterThanOrEqual(0);

    unsubscribe();
    await pool.run({ job: 'echo', input: {} });
    expect(events).toHaveLength(4);
  });

  it('rejects impossible sizes when it is built', () => {
    expect(() => new JobPool({ filename: testWorker, maxThreads: 0 })).toThrow(/maxThreads/);
    expect(() => new JobPool({ filename: testWorker, maxThreads: 1, maxQueue: -1 })).toThrow(/maxQueue/);
    expect(() => new JobPool({ filename: testWorker, maxThreads: 1, timeLimitMs: 1.5 })).toThrow(/timeLimitMs/);
  });
});
