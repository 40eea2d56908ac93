import { describe, expect, test } from 'vitest';
import { chainRuleEdges } from '../../src/chain-rule/edges.js';
import { Value } from '../../src/engine/index.js';
import { traceGraph } from '../../src/graph/trace.js';
import { runProgram } from '../../src/lang/index.js';
import { randomProgram } from '../export/random-programs.js';
import { LECTURE } from '../helpers/programs.js';

describe('chain rule as data', () => {
  test("the lecture's L = d * f: each edge's local derivative and contribution", () => {
    const { root } = runProgram({ source: LECTURE });
    const { order, ids, nodes } = traceGraph(root);
    const edges = chainRuleEdges(order, ids);
    const label = (id: string): string => nodes.find((n) => n.id === id)?.label ?? '';
    const named = edges.map((e) => [label(e.from), label(e.to), e.formula, e.local, e.contribution]);
    expect(named).toContainEqual(['d', 'L', 'y', -2, -2]);
    expect(named).toContainEqual(['f', 'L', 'x', 4, 4]);
    expect(named).toContainEqual(['e', 'd', '1', 1, -2]);
    expect(named).toContainEqual(['b', 'e', 'x', 2, -4]);
    expect(edges.length).toBe(order.reduce((n, v) => n + v.inputs.length, 0));
  });

  test('a*a has two edges, one per operand, that add up to the grad', () => {
    const a = new Value(3, 'a');
    const out = a.mul(a);
    out.backward();
    const { order, ids } = traceGraph(out);
    const edges = chainRuleEdges(order, ids);
    expect(edges.map((e) => [e.from, e.to, e.operand, e.local])).toEqual([
      ['n0', 'n1', 0, 3],
      ['n0', 'n1', 1, 3],
    ]);
    expect(edges[0]!.contribution + edges[1]!.contribution).toBe(a.grad);
  });

  test('every op states its formula and its value is what backward uses', () => {
    const x = new Value(0.7, 'x');
    const y = new Value(1.3, 'y');
    const cases: [Value, string[]][] = [
      [x.add(y), ['1', '1']],
      [x.mul(y), ['y', 'x']],
      [x.pow(3), ['3 * x**2']],
      [x.pow(y), ['y * x**(y - 1)', 'out * ln(x)']],
      [x.tanh(), ['1 - out**2']],
      [x.relu(), ['1 if out > 0 else 0']],
      [x.exp(), ['out']],
      [x.log(), ['1 / x']],
      [x.sigmoid(), ['out * (1 - out)']],
    ];
    for (const [out, formulas] of cases) {
      out.backward();
      const { order, ids } = traceGraph(out);
      const edges = chainRuleEdges(order, ids);
      expect(edges.map((e) => e.formula)).toEqual(formulas);
      // Seeded with 1, each contribution is the grad backward gave that operand.
      expect(edges.map((e) => e.contribution)).toEqual(out.inputs.map((v) => v.grad));
    }
  });

  test('summed in order, the contributions give every grad of 100 random programs', () => {
    for (let seed = 0; seed < 100; seed++) {
      const { root } = runProgram({ source: randomProgram(seed) });
      const { order, ids } = traceGraph(root);
      const sums = new Map<string, number>([[ids.get(root) as string, 1]]);
      for (const e of chainRuleEdges(order, ids)) sums.set(e.from, (sums.get(e.from) ?? 0) + e.contribution);
      const usesLog = order.some((v) => v.op === 'log');
      for (const v of order) {
        const sum = sums.get(ids.get(v) as string) as number;
        if (usesLog) expect(Math.abs(sum - v.grad)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(v.grad)));
        else expect(sum, `program ${seed}`).toBe(v.grad);
      }
    }
  });
});

describe('on an MLP graph', () => {
  test("the lecture's network and loss: contributions add up to every grad, gradient check agrees", async () => {
    const { runMlp } = await import('../../src/nn/index.js');
    const { gradientCheck } = await import('../../src/gradcheck/gradient-check.js');
    const result = runMlp({ layers: [3, 4, 4, 1], inputs: [[2, 3, -1], [3, -1, 0.5]], targets: [1, -1], loss: 'sse' });
    const { order, ids } = traceGraph(result.root);
    const sums = new Map<string, number>([[ids.get(result.root) as string, 1]]);
    for (const e of chainRuleEdges(order, ids)) sums.set(e.from, (sums.get(e.from) ?? 0) + e.contribution);
    for (const v of order) expect(sums.get(ids.get(v) as string)).toBe(v.grad);
    const checks = gradientCheck(order, ids);
    expect(checks).toHaveLength(order.filter((v) => v.isLeaf).length);
    for (const c of checks) expect(Math.abs((c.numeric as number) - c.grad)).toBeLessThan(1e-8);
  });
});
