import { afterAll, describe, expect, it } from 'vitest';
import { GradvizError } from '../../src/errors.js';
import { loadConfig } from '../../src/config.js';
import { budgetOf } from '../../src/http/jobs.js';
import { DEFAULT_PROGRAM_LIMITS } from '../../src/lang/index.js';
import type { ExpressionAnswer, ExpressionJob } from '../../src/jobs/expression.js';
import { JobPool, WorkerCrashedError } from '../../src/jobs/pool.js';

// No filename: the pool finds the production worker next to its own module.
const pool = new JobPool({ maxThreads: 1 });
afterAll(() => pool.close({ mode: 'force' }));

const budget = { ...budgetOf(loadConfig({})), maxDrawnValues: 1500 };

function expression(source: string, format: ExpressionJob['format'] = 'json'): Promise<string | Uint8Array> {
  const input: ExpressionJob = { request: { source }, limits: DEFAULT_PROGRAM_LIMITS, budget, format, scale: 1 };
  return pool.run({ job: 'expression', input });
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

async function crashCause(job: string): Promise<string> {
  const error = await rejection(pool.run({ job, input: {} }));
  expect(error).toBeInstanceOf(WorkerCrashedError);
  return ((error as WorkerCrashedError).cause as Error).message;
}

describe('the production worker', () => {
  it('loads Graphviz in the worker thread on a warm-up job', async () => {
    expect(await pool.run({ job: 'warm-up', input: {} })).toEqual({ graphviz: true });
  });

  it('runs an expression job and answers the bytes of the format asked for', async () => {
    // The lecture's first example: L = (a*b + c) * f.
    const source = "a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nc = Value(10.0, label='c')\nL = (a*b + c) * -2.0\nL.backward()";
    const result = JSON.parse((await expression(source)) as string) as ExpressionAnswer;
    expect(result.output.data).toBe(-8);
    expect(result.gradients).toMatchObject({ a: 6, b: -4, c: -2, L: 1 });
    expect(result.dot).toMatch(/^digraph/);
    expect(result.svg).toMatch(/<svg[\s>]/);
    expect(await expression(source, 'svg')).toBe(result.svg);
    const png = await expression(source, 'png');
    expect(png).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(png as Uint8Array).subarray(1, 4).toString()).toBe('PNG');
  });

  it('brings a program error back from the worker with its kind, line and column', async () => {
    const error = await rejection(expression('a = 1.0\nb = tahn(a)'));
    expect(error).toBeInstanceOf(GradvizError);
    const domain = error as GradvizError;
    expect(domain.kind).toBe('evaluation-error');
    expect(domain.details.line).toBe(2);
    expect(domain.details.column).toBeGreaterThanOrEqual(1);
    expect(domain.message).toMatch(/^line 2, column \d+: /);
  });

  it('treats an unknown job kind as a crash, without looking at inherited properties', async () => {
    expect(await crashCause('draw-everything')).toBe("unknown job 'draw-everything'");
    expect(await crashCause('constructor')).toBe("unknown job 'constructor'");
    expect(await crashCause('__proto__')).toBe("unknown job '__proto__'");
    expect(await pool.run({ job: 'warm-up', input: {} })).toEqual({ graphviz: true });
  });
});
