import { describe, expect, test } from 'vitest';
import { DEFAULT_DOT_OPTIONS } from '../../src/graph/dot.js';
import { traceGraph } from '../../src/graph/trace.js';
import { NODE_FLOOR, virtualBudget } from '../../src/layout/chains.js';
import { graphShape } from '../../src/layout/cost.js';
import { layeredCost, layoutLayered } from '../../src/layout/index.js';
import { runProgram } from '../../src/lang/index.js';
import { fanOutProgram, randomExpression } from '../../bench/graphs/random-expression.js';
import { LECTURE } from '../helpers/programs.js';

describe('the layered engine predicts its work from the graph shape', () => {
  test('the shape of the lecture graph: its records, op nodes, edges and ranks', () => {
    const graph = traceGraph(runProgram({ source: LECTURE }).root);
    // e = a*b, d = e + c, L = d * f: three ops, six operands and three op -> value edges; ranks
    // a, *, e, +, d, *, L.
    expect(graphShape(graph.nodes)).toMatchObject({ values: 7, opNodes: 3, edges: 9, rankSpan: 7 });
  });

  test('work grows near-linearly: ten times the graph costs at most fifteen times the work', () => {
    const shape = (values: number) => ({ values, opNodes: values / 2, edges: 1.5 * values, rankSpan: values, virtualNodes: 0 });
    for (const values of [1_000, 10_000, 100_000]) {
      const ratio = layeredCost(shape(10 * values)).work / layeredCost(shape(values)).work;
      expect(ratio).toBeGreaterThan(1);
      expect(ratio).toBeLessThan(15);
    }
  });

  test('virtual nodes stay within the bound the prediction uses, even for deep graphs with long edges', () => {
    for (const graph of [traceGraph(randomExpression(3_000, 5)), traceGraph(runProgram({ source: fanOutProgram(60) }).root)]) {
      const layout = layoutLayered(graph, DEFAULT_DOT_OPTIONS);
      const cost = layeredCost(graphShape(graph.nodes));
      expect(layout.virtualNodes).toBeLessThanOrEqual(virtualBudget(layout.graph.titles.length, graphShape(graph.nodes).virtualNodes));
      expect(layout.graph.titles.length + layout.virtualNodes).toBeLessThanOrEqual(cost.nodes);
    }
  });

  test('a small graph with long edges chains past the linear allowance, up to the node floor', () => {
    // Random programs of 3,000 ops: their long edges cross about 13,000 ranks, more than the
    // linear allowance of some 8,000 virtual nodes and well within the floor of 40,000 nodes.
    const graph = traceGraph(randomExpression(3_000, 1));
    const layout = layoutLayered(graph, DEFAULT_DOT_OPTIONS);
    const real = layout.graph.titles.length;
    expect(layout.virtualNodes).toBeGreaterThan(virtualBudget(real, 0));
    expect(real + layout.virtualNodes).toBeLessThanOrEqual(NODE_FLOOR);
    expect(real + layout.virtualNodes).toBeLessThanOrEqual(layeredCost(graphShape(graph.nodes)).nodes);
  });
});
