import { afterAll, describe, expect, it } from 'vitest';
import { JobPool, WorkerCrashedError } from '../../src/render/pool.js';

// No filename: the pool finds the production worker next to its own module.
const pool = new JobPool({ maxThreads: 1 });
afterAll(() => pool.close({ force: true }));

async function crashCause(job: string): Promise<string> {
  const error = await pool.run({ job, input: {} }).then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(WorkerCrashedError);
  return ((error as WorkerCrashedError).cause as Error).message;
}

describe('the production worker', () => {
  it('loads Graphviz in the worker thread on a warm-up job', async () => {
    expect(await pool.run({ job: 'warm-up', input: {} })).toEqual({ graphviz: true });
  });

  it('treats an unknown job kind as a crash, without looking at inherited properties', async () => {
    expect(await crashCause('draw-everything')).toBe("unknown job 'draw-everything'");
    expect(await crashCause('constructor')).toBe("unknown job 'constructor'");
    expect(await crashCause('__proto__')).toBe("unknown job '__proto__'");
    expect(await pool.run({ job: 'warm-up', input: {} })).toEqual({ graphviz: true });
  });
});
