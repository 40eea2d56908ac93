import { describe, expect, test } from 'vitest';
import { DEFAULT_DOT_OPTIONS } from '../../src/graph/dot.js';
import { traceGraph } from '../../src/graph/trace.js';
import { virtualBudget } from '../../src/layout/chains.js';
import { layeredCost, layeredShape, layoutLayered } from '../../src/layout/index.js';
import { runProgram } from '../../src/lang/index.js';
import { fanOutProgram, randomExpression } from '../../bench/graphs/random-expression.js';
import { LECTURE } from '../helpers/programs.js';

describe('the layered engine predicts its work from the graph shape', () => {
  test('the shape of the lecture graph', () => {
    const graph = traceGraph(runProgram({ source: LECTURE }).root);
    expect(layeredShape(graph)).toEqual({ values: 7, ops: 3, inputs: 6, depth: 4 });
  });

  test('work grows near-linearly: ten times the graph costs at most fifteen times the work', () => {
    const shape = (values: number) => ({ values, ops: values / 2, inputs: values });
    for (const values of [1_000, 10_000, 100_000]) {
      const ratio = layeredCost(shape(10 * values)).work / layeredCost(shape(values)).work;
      expect(ratio).toBeGreaterThan(1);
      expect(ratio).toBeLessThan(15);
    }
  });

  test('virtual nodes stay within the bound the prediction uses, even for deep graphs with long edges', () => {
    for (const graph of [traceGraph(randomExpression(3_000, 5)), traceGraph(runProgram({ source: fanOutProgram(60) }).root)]) {
      const layout = layoutLayered(graph, DEFAULT_DOT_OPTIONS);
      const cost = layeredCost(layeredShape(graph));
      expect(layout.virtualNodes).toBeLessThanOrEqual(virtualBudget(layout.graph.titles.length));
      expect(layout.graph.titles.length + layout.virtualNodes).toBeLessThanOrEqual(cost.nodes);
    }
  });
});
