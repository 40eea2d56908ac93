import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { GradvizError } from '../../src/errors.js';
import { budgetOf } from '../../src/http/jobs.js';
import { runExpressionJob, type ExpressionJob } from '../../src/jobs/expression.js';
import { INLINE_MAX_SOURCE_LENGTH, INLINE_MAX_VALUES, mayRunInline, runExpressionInline } from '../../src/jobs/inline.js';
import { LECTURE } from '../helpers/programs.js';

const config = loadConfig({});
const LIMIT_US = config.inlineJobMaxMicroseconds;

function job(format: ExpressionJob['format'], request: Partial<ExpressionJob['request']> = {}, limits = config.limits): ExpressionJob {
  return { format, scale: 1, limits, budget: budgetOf(config), gradcheck: config.gradcheck, request: { source: LECTURE, ...request } };
}

/** What the worker would answer: the body, or the error in the form it crosses threads in. */
async function answerOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    return error instanceof GradvizError ? error.toJSON() : error;
  }
}

describe('inline jobs', () => {
  it('runs the lecture here as DOT, Python, and SVG or JSON drawn by the layered engine, with the same bytes', async () => {
    for (const inline of [
      job('dot'),
      job('pytorch'),
      job('micrograd'),
      job('svg', { options: { layout: 'layered' } }),
      job('json', { options: { layout: 'layered' } }),
    ]) {
      const here = await runExpressionInline(inline, LIMIT_US);
      expect(here, inline.format).toBeDefined();
      expect(here).toBe(await runExpressionJob(inline));
    }
  });

  it('leaves to a worker what Graphviz draws, PNGs, long sources and many given values, before any work', () => {
    expect(mayRunInline(job('svg'), LIMIT_US)).toBe(false);
    expect(mayRunInline(job('svg', { options: { layout: 'graphviz' } }), LIMIT_US)).toBe(false);
    expect(mayRunInline(job('json'), LIMIT_US)).toBe(false);
    expect(mayRunInline(job('png', { options: { layout: 'layered' } }), LIMIT_US)).toBe(false);
    expect(mayRunInline(job('dot', { source: `${LECTURE}\n#${'x'.repeat(INLINE_MAX_SOURCE_LENGTH)}` }), LIMIT_US)).toBe(false);
    const values = Object.fromEntries(Array.from({ length: INLINE_MAX_VALUES + 1 }, (_, i) => [`v${i}`, i]));
    expect(mayRunInline(job('dot', { values }), LIMIT_US)).toBe(false);
    expect(mayRunInline(job('dot'), 0)).toBe(false);
    expect(mayRunInline(job('dot'), LIMIT_US)).toBe(true);
  });

  it('hands a program that makes more values than the inline cap to a worker', async () => {
    const long = ['x = Value(1.0)', ...Array.from({ length: INLINE_MAX_VALUES }, () => 'x = x * 1.5')].join('\n');
    expect(long.length).toBeLessThan(INLINE_MAX_SOURCE_LENGTH);
    expect(await runExpressionInline(job('dot', { source: long }), LIMIT_US)).toBeUndefined();
    // A worker answers it: the cap is not the service's limit.
    expect(await runExpressionJob(job('dot', { source: long }))).toContain('digraph');
  });

  it('hands a graph whose predicted cost is over the limit to a worker', async () => {
    const wide = ['x = Value(1.0)', ...Array.from({ length: 20 }, (_, i) => `y${i} = x * ${i + 2}`), `z = ${Array.from({ length: 20 }, (_, i) => `y${i}`).join(' + ')}`].join('\n');
    expect(await runExpressionInline(job('svg', { source: wide, options: { layout: 'layered' } }), LIMIT_US)).toBeUndefined();
    expect(await runExpressionInline(job('dot', { source: wide }), 5000)).toBeDefined();
    expect(await runExpressionInline(job('dot'), 1)).toBeUndefined();
  });

  it('answers errors as the worker would, including the service limit on values when it is below the cap', async () => {
    const cases = [
      job('dot', { source: 'a = Value(1.0\nb = a' }),
      job('svg', { source: 'a = Value(1.0)\nb = a / 0', options: { layout: 'layered' } }),
      job('dot', { source: 'a = Value(1.0)\nb = a * a * a * a' }, { ...config.limits, maxNodes: 3 }),
    ];
    for (const inline of cases) {
      const expected = await answerOf(runExpressionJob(inline));
      expect(expected).toMatchObject({ kind: expect.any(String) });
      expect(await answerOf(runExpressionInline(inline, LIMIT_US))).toEqual(expected);
    }
  });
});
