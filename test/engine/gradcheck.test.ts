import { describe, expect, test } from 'vitest';
import { gradientCheck, nudgeFor } from '../../src/gradcheck/gradient-check.js';
import { traceGraph } from '../../src/graph/trace.js';
import { runProgram } from '../../src/lang/index.js';
import { LECTURE, MICROGRAD_README } from '../helpers/programs.js';
import { randomProgram } from '../export/random-programs.js';

function check(source: string) {
  const { root } = runProgram({ source });
  const { order, ids } = traceGraph(root);
  return { order, checks: gradientCheck(order, ids) };
}

describe('gradient check', () => {
  test("the lecture's expression: every leaf, its grad and the nudged estimate", () => {
    const { order, checks } = check(LECTURE);
    const leaves = order.filter((v) => v.isLeaf);
    expect(checks.map((c) => c.id)).toEqual(leaves.map((v) => `n${order.indexOf(v)}`));
    const byLabel = Object.fromEntries(checks.filter((c) => c.label !== '').map((c) => [c.label, c]));
    expect(byLabel.b?.grad).toBe(-4);
    expect(byLabel.c?.grad).toBe(-2);
    expect(byLabel.f?.grad).toBe(4);
    for (const c of checks) expect(c.relativeError as number).toBeLessThan(1e-8);
  });

  test("micrograd's README expression: within 1e-6", () => {
    for (const c of check(MICROGRAD_README).checks) expect(c.relativeError as number).toBeLessThan(1e-6);
  });

  test('every value is as it was afterwards', () => {
    const { root } = runProgram({ source: MICROGRAD_README });
    const { order, ids } = traceGraph(root);
    const before = order.map((v) => [v.data, v.grad]);
    gradientCheck(order, ids);
    expect(order.map((v) => [v.data, v.grad])).toEqual(before);
  });

  test('the nudge is 1e-6 scaled by |x| past 1', () => {
    expect([nudgeFor(0.5), nudgeFor(-3), nudgeFor(1e6)]).toEqual([1e-6, 3e-6, 1]);
  });

  test('the relative error is |numeric - grad| / max(|numeric|, |grad|, 1e-12)', () => {
    const [c] = check('x = Value(3.0, label=\'x\')\ny = x * x').checks;
    expect(c?.grad).toBe(6);
    expect(c?.relativeError).toBe(Math.abs((c?.numeric as number) - 6) / Math.max(Math.abs(c?.numeric as number), 6, 1e-12));
  });

  test('a nudge that leaves the domain gives null, not NaN', () => {
    const { checks } = check("x = Value(0.0000001, label='x')\ny = x.log()");
    expect(checks[0]).toMatchObject({ label: 'x', numeric: null, relativeError: null });
  });

  test('100 random programs agree with their finite differences', () => {
    const errors: number[] = [];
    for (let seed = 0; seed < 100; seed++) {
      const { order, checks } = check(randomProgram(seed));
      const scale = Math.max(1, Math.abs((order[order.length - 1] as { data: number }).data));
      for (const c of checks) {
        errors.push(c.relativeError as number);
        // Rounding in f(x +- h) costs about 1e-16 |f| / h in the estimate: a gradient far below
        // |f| cannot be measured to 1e-5 relative, only to that absolute error.
        const close = (c.relativeError as number) < 1e-5 || Math.abs((c.numeric as number) - c.grad) < 1e-9 * scale;
        expect(close, `program ${seed}, leaf ${c.id}: ${JSON.stringify(c)}`).toBe(true);
      }
    }
    errors.sort((a, b) => a - b);
    expect(errors.length).toBeGreaterThan(400);
    expect(errors[Math.floor(errors.length * 0.99)]).toBeLessThan(1e-6);
  });

  test('bounded by leaves times values, refused before any pass', () => {
    const { root } = runProgram({ source: MICROGRAD_README });
    const { order, ids } = traceGraph(root);
    const leaves = order.filter((v) => v.isLeaf).length;
    try {
      gradientCheck(order, ids, { maxGradcheckWork: 10 });
      expect.fail('not refused');
    } catch (error) {
      expect(error).toMatchObject({ kind: 'limit-exceeded', details: { limit: 'maxGradcheckWork', limitValue: 10, requested: leaves * order.length } });
    }
  });
});
