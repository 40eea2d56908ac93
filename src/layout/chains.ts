import { adjacency, type Adjacency } from './adjacency.js';
import type { LayoutGraph } from './layout-graph.js';

/**
 * The graph the layered steps work on: every edge joins adjacent ranks. An edge that spans more
 * ranks becomes a chain of virtual nodes (one per rank crossed) while a budget linear in the graph
 * lasts, shortest edges first; the longest ones are drawn directly from end to end instead, so deep
 * graphs never make millions of virtual nodes (the cost stays known before the layout starts).
 */
export interface Layered {
  /** Real nodes come first (same indices as the LayoutGraph), then virtual ones. */
  count: number;
  real: number;
  rankCount: number;
  rank: Int32Array;
  paths: (readonly number[])[];
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
  /** The layered edges by target (inputs) and by source (uses). */
  preds: Adjacency;
  succs: Adjacency;
  /** Nodes each original edge passes through, ends included: routeNodes[routeStart[e]..routeStart[e+1]). */
  routeStart: Int32Array;
  routeNodes: Int32Array;
}

/** Virtual nodes a layout may create: a fixed allowance plus one per drawn node. */
export function virtualBudget(realNodes: number): number {
  return 10_000 + realNodes;
}

// Straight chains matter more than straight single edges, as in dot; an op and its value align too.
const WEIGHT_PLAIN = 1;
const WEIGHT_OP_VALUE = 4;
const WEIGHT_TO_VIRTUAL = 2;
const WEIGHT_VIRTUAL = 8;

function commonPrefix(a: readonly number[], b: readonly number[]): readonly number[] {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n === a.length ? a : n === b.length ? b : a.slice(0, n);
}

export function makeLayered(graph: LayoutGraph, rank: Int32Array): Layered {
  const real = graph.titles.length;
  const edges = graph.from.length;
  const span = new Int32Array(edges);
  let maxSpan = 0;
  let rankCount = 0;
  for (let v = 0; v < real; v++) rankCount = Math.max(rankCount, (rank[v] as number) + 1);
  for (let e = 0; e < edges; e++) {
    span[e] = (rank[graph.to[e] as number] as number) - (rank[graph.from[e] as number] as number);
    maxSpan = Math.max(maxSpan, span[e] as number);
  }
  const chained = chooseChains(span, maxSpan, virtualBudget(real));

  let virtual = 0;
  for (let e = 0; e < edges; e++) if (chained[e]) virtual += (span[e] as number) - 1;
  const count = real + virtual;
  const fullRank = new Int32Array(count);
  fullRank.set(rank.subarray(0, real));
  const paths = graph.paths.slice();
  const from: number[] = [];
  const to: number[] = [];
  const weight: number[] = [];
  const routeStart = new Int32Array(edges + 1);
  const routeNodes: number[] = [];
  let next = real;
  for (let e = 0; e < edges; e++) {
    const u = graph.from[e] as number;
    const w = graph.to[e] as number;
    routeStart[e] = routeNodes.length;
    routeNodes.push(u);
    if (chained[e]) {
      const path = commonPrefix(graph.paths[u] as readonly number[], graph.paths[w] as readonly number[]);
      let previous = u;
      for (let r = (rank[u] as number) + 1; r < (rank[w] as number); r++) {
        fullRank[next] = r;
        // Just before its target, an edge is already inside the target's clusters (see ranks.ts).
        paths.push(r === (rank[w] as number) - 1 ? (graph.paths[w] as readonly number[]) : path);
        from.push(previous);
        to.push(next);
        weight.push(previous === u ? WEIGHT_TO_VIRTUAL : WEIGHT_VIRTUAL);
        routeNodes.push(next);
        previous = next++;
      }
      from.push(previous);
      to.push(w);
      weight.push(previous === u ? (w < graph.values ? WEIGHT_OP_VALUE : WEIGHT_PLAIN) : WEIGHT_TO_VIRTUAL);
    }
    routeNodes.push(w);
  }
  routeStart[edges] = routeNodes.length;
  const fromNodes = Int32Array.from(from);
  const toNodes = Int32Array.from(to);
  return {
    count,
    real,
    rankCount,
    rank: fullRank,
    paths,
    from: fromNodes,
    to: toNodes,
    weight: Float64Array.from(weight),
    preds: adjacency(count, toNodes, fromNodes),
    succs: adjacency(count, fromNodes, toNodes),
    routeStart,
    routeNodes: Int32Array.from(routeNodes),
  };
}

/** Which edges get a chain: every edge of span 1 (no virtual node), then by span while the budget lasts. */
function chooseChains(span: Int32Array, maxSpan: number, budget: number): Uint8Array {
  const chained = new Uint8Array(span.length);
  const bySpan = new Int32Array(maxSpan + 2);
  for (const s of span) bySpan[s]! += 1;
  let left = budget;
  let limit = 1;
  while (limit < maxSpan && left >= limit * (bySpan[limit + 1] as number)) {
    limit++;
    left -= (limit - 1) * (bySpan[limit] as number);
  }
  for (let e = 0; e < span.length; e++) {
    const s = span[e] as number;
    if (s <= limit) chained[e] = 1;
    else if (s - 1 <= left) {
      // Part of the next span still fits: take those edges in edge order, deterministically.
      if (s === limit + 1) {
        chained[e] = 1;
        left -= s - 1;
      }
    }
  }
  return chained;
}
