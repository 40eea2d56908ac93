import type { GraphNode } from '../graph/trace.js';

/**
 * What a layout of a traced graph will cost, predicted from the graph's shape before any layout
 * runs. Graphviz's `dot` time follows the nodes it really places: the values, one node per op,
 * and one virtual node for every rank a long edge crosses (a leaf used at the start and the end
 * of a long sum is one edge, but dozens of virtual nodes). Node counts alone miss that: 122
 * values whose leaf feeds sixty additions keep dot busy for more than ten seconds.
 */
export interface GraphShape {
  /** Record nodes: one per value. */
  values: number;
  /** Small nodes: one per value made by an op. */
  opNodes: number;
  /** input -> op and op -> value edges. */
  edges: number;
  /** Ranks from the first leaf to the root, op nodes counted. */
  rankSpan: number;
  /** Ranks crossed by edges between non-adjacent ranks, summed over the edges. */
  virtualNodes: number;
}

/**
 * The shape of a graph in topological order (inputs before the values made from them). Ranks
 * are longest paths from the leaves, as dot's ranking leaves them, except that a leaf sits just
 * before its first use: dot pulls it there (shortening its edges), where a longest-path rank
 * would put every leaf in the first column.
 */
export function graphShape(nodes: readonly Pick<GraphNode, 'id' | 'op' | 'inputs'>[]): GraphShape {
  const rankOf = new Map<string, number>();
  // Per leaf: the ranks of the ops that use it; it is placed once they are all known.
  const leafUses = new Map<string, number[]>();
  const span = (from: number, to: number) => Math.max(0, to - from - 1);
  let rankSpan = 1;
  let opNodes = 0;
  let edges = 0;
  let virtualNodes = 0;
  for (const node of nodes) {
    if (node.op === '') {
      leafUses.set(node.id, []);
      continue;
    }
    let opRank = 1;
    for (const input of node.inputs) opRank = Math.max(opRank, (rankOf.get(input) ?? 0) + 1);
    for (const input of node.inputs) {
      const uses = leafUses.get(input);
      if (uses === undefined) virtualNodes += span(rankOf.get(input) ?? 0, opRank);
      else uses.push(opRank);
    }
    opNodes++;
    edges += node.inputs.length + 1;
    rankOf.set(node.id, opRank + 1);
    rankSpan = Math.max(rankSpan, opRank + 2);
  }
  for (const uses of leafUses.values()) {
    // A leaf sits just before its first use (a leaf used nowhere is the root alone).
    let first = Infinity;
    for (const use of uses) first = Math.min(first, use);
    const rank = uses.length === 0 ? 0 : first - 1;
    for (const use of uses) virtualNodes += span(rank, use);
  }
  return { values: nodes.length, opNodes, edges, rankSpan, virtualNodes };
}

/**
 * Graphviz's cost in "layout units", about one millisecond of wasm `dot` each on an idle core of
 * the machines gradviz was measured on; bench/layout-cost.ts prints it beside measured times.
 * Real nodes cost a little more than linearly (ranking, coordinates); virtual nodes cost far
 * more, since the long edges they stand for cross each other on every rank they share (sixty
 * long edges from one leaf: about two seconds). The model errs high: it is a budget, and a
 * graph refused here is one that the time limit would likely have stopped anyway.
 */
export function graphvizCost(shape: GraphShape): number {
  const real = shape.values + shape.opNodes;
  return Math.ceil(REAL_NODE_COST * real ** REAL_NODE_EXPONENT + VIRTUAL_NODE_COST * shape.virtualNodes ** VIRTUAL_NODE_EXPONENT);
}

// Fitted on wasm Graphviz 16 (bench/layout-cost.ts); fit again when Graphviz changes.
const REAL_NODE_COST = 0.023;
const REAL_NODE_EXPONENT = 1.2;
const VIRTUAL_NODE_COST = 3e-6;
const VIRTUAL_NODE_EXPONENT = 2.5;
