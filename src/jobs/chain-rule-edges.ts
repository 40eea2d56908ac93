import { chainRuleEdges, type ChainRuleEdge } from '../chain-rule/edges.js';
import { GradvizError } from '../errors.js';
import type { TracedGraph } from '../graph/trace.js';
import { checkOutputBytes, measureGraph, type AnswerBudget, type GraphMeasure } from './budget.js';

/** The chain rule edge by edge, refused before it is listed when the list would be over the budget. */
export function edgesOf(graph: TracedGraph, measure: GraphMeasure, budget: AnswerBudget): ChainRuleEdge[] {
  checkOutputBytes('list of chain-rule edges', measure.bytes.edges, budget);
  return chainRuleEdges(graph.order, graph.ids);
}

/**
 * The chain rule of an MLP's final pass. An MLP answer lists no values, so its edges name the
 * values of the picture (`n0`, `n1`, ... as in its DOT and SVG): they are listed only for a graph
 * small enough to draw. micrograd's demo (65,818 values) would add some 25 MB of edges that no
 * picture shows. The run knows how many `values` its graph has, so a graph too large is refused
 * before `trace` walks it. `room` is what the answer's numbers leave of the output budget.
 */
export function mlpEdges(values: number, trace: () => TracedGraph, budget: AnswerBudget, room: number): ChainRuleEdge[] {
  if (values > budget.maxDrawnValues) {
    throw new GradvizError(
      'graph-too-large',
      `the graph has ${values.toLocaleString('en-US')} values, more than the ` +
        `${budget.maxDrawnValues.toLocaleString('en-US')} that can be drawn, so its edges would name no value of a picture`,
      { limit: 'maxDrawnValues', limitValue: budget.maxDrawnValues, requested: values },
    );
  }
  const graph = trace();
  // Edges carry no labels, so any precision measures them.
  return edgesOf(graph, measureGraph(graph.nodes, 0), { ...budget, maxOutputBytes: room });
}
