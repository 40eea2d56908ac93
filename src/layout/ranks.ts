import { adjacency, type Adjacency } from './adjacency.js';
import type { LayoutGraph } from './layout-graph.js';
import { scratchInt32 } from './scratch.js';
import { networkSimplex, simplexWorkBound } from './simplex.js';

/**
 * Network simplex runs on graphs of at most this many values and operand edges (about 3,000
 * values), and its ranks are kept only when it reaches the optimum within SIMPLEX_MAX_WORK: a
 * ranking it stops short of can draw far worse than the start (micrograd's demo network on one
 * point: 28,365 crossings after 0.4 million units, 14,700 at the optimum after 0.75 million,
 * 33,872 from the start). Larger graphs seldom get there (the demo network on two points needs
 * 2.5 million units, on three 6.3 million), and in one measurement what it reached on them drew no
 * better (demo network on ten points 842,290 crossings against 842,950; a random program of
 * 10,000 values 9,146 against 9,095).
 */
const SIMPLEX_MAX_ELEMENTS = 9_000;
/** About 150 ms; a quarter of the square of the elements for small graphs (pivots are about as many as nodes, each at most linear). */
const SIMPLEX_MAX_WORK = 3_000_000;

function simplexAllowance(elements: number): number {
  return elements > SIMPLEX_MAX_ELEMENTS ? 0 : Math.min(SIMPLEX_MAX_WORK, Math.ceil(elements ** 2 / 4));
}

/** Units of work ranking a graph of `values` values and `operands` operand edges takes at most (work.ts). */
export function rankingWork(values: number, operands: number): number {
  // The three passes and building the problem: a few visits of each node and edge.
  const passes = 8 * (values + operands);
  const allowance = simplexAllowance(values + operands);
  return passes + (allowance > 0 ? simplexWorkBound(values, operands, allowance) : 0);
}

/**
 * A neuron's own edges (both ends in one nested cluster) weigh this much in the total length that
 * network simplex shortens; the edges between clusters weigh one. Stretching a neuron's running
 * sum spreads it over many ranks; stretching the edges between layers and into the loss lets each
 * neuron sit near the terms of the loss that take its parameters. On micrograd's demo network on
 * one point: 14,700 crossings (21,968 with every edge weighing one, 33,872 without network simplex).
 */
const NEURON_EDGE_WEIGHT = 4;

/**
 * Ranks from the computation: first each node as early as its inputs allow; then, from the root
 * back, each node moves to just before its first use unless more of its edges hold it where it is
 * (a leaf moves instead of sitting in rank 0 with a long edge; on a tie a value moves too, so each
 * of a neuron's products sits beside the `+` that takes it, as dot draws a running sum, instead of
 * all of them in one rank with long edges to the sum); then, forward again, an op with more inputs
 * than its value has uses moves back next to its inputs (an L2 term's `w*w` beside its weight,
 * one long edge to the sum instead of two). Three linear passes: a start close to dot's ranks.
 *
 * An edge into another top-level cluster (from one layer of a network into the next, or into the
 * loss) spans at least two ranks, as between dot's cluster boxes: the rank between holds the edge
 * inside the cluster it enters, next to that cluster's own inputs (the next layer's weights),
 * instead of crossing all of them.
 *
 * Then, on graphs of up to a few thousand values, network simplex (dot's ranking) shortens the
 * total length from there, each of an op's inputs counted as one edge to its value (the op sits
 * just before its value, always).
 */
export function assignRanks(graph: LayoutGraph): Int32Array {
  const count = graph.titles.length;
  const preds = adjacency(count, graph.to, graph.from);
  const succs = adjacency(count, graph.from, graph.to);
  const rank = scratchInt32(count);
  const length = (u: number, v: number): number => {
    const target = graph.paths[v] as readonly number[];
    return target.length > 0 && (graph.paths[u] as readonly number[])[0] !== target[0] ? 2 : 1;
  };
  for (const v of graph.topo) {
    let r = 0;
    for (let k = preds.start[v] as number; k < (preds.start[v + 1] as number); k++) {
      const u = preds.list[k] as number;
      r = Math.max(r, (rank[u] as number) + length(u, v));
    }
    rank[v] = r;
  }
  // An op node and its value move as one (draw_dot keeps them adjacent): weigh the value's uses
  // against the op's inputs.
  const opOf = scratchInt32(graph.values).fill(-1);
  for (let e = 0; e < graph.from.length; e++) {
    if ((graph.to[e] as number) < graph.values && (graph.from[e] as number) >= graph.values) {
      opOf[graph.to[e] as number] = graph.from[e] as number;
    }
  }
  const degree = (a: typeof preds, v: number): number => (a.start[v + 1] as number) - (a.start[v] as number);
  // Leaves follow their uses (they are placed after), so only inputs made by ops pin an op down.
  const pinnedInputs = (op: number): number => {
    let pinned = 0;
    for (let k = preds.start[op] as number; k < (preds.start[op + 1] as number); k++) {
      const u = preds.list[k] as number;
      if (u >= graph.values || opOf[u]! >= 0) pinned++;
    }
    return pinned;
  };
  for (let i = graph.topo.length - 1; i >= 0; i--) {
    const v = graph.topo[i] as number;
    if (degree(succs, v) === 0) continue;
    let latest = Infinity;
    for (let k = succs.start[v] as number; k < (succs.start[v + 1] as number); k++) {
      const w = succs.list[k] as number;
      latest = Math.min(latest, (rank[w] as number) - length(v, w));
    }
    if (v >= graph.values) {
      rank[v] = latest;
      continue;
    }
    const op = opOf[v] as number;
    if (degree(succs, v) >= (op < 0 ? 1 : pinnedInputs(op))) rank[v] = Math.max(rank[v] as number, latest);
  }
  // Moving an op (and its value) back by d ranks shortens each input edge by d and lengthens each
  // use by d: a gain when it has more inputs than uses.
  for (const v of graph.topo) {
    if (v < graph.values) continue;
    const value = succs.list[succs.start[v] as number] as number;
    if (degree(preds, v) <= degree(succs, value)) continue;
    let earliest = 0;
    for (let k = preds.start[v] as number; k < (preds.start[v + 1] as number); k++) {
      const u = preds.list[k] as number;
      earliest = Math.max(earliest, (rank[u] as number) + length(u, v));
    }
    rank[v] = earliest;
    rank[value] = earliest + length(v, value);
  }
  shortenEdges(graph, rank, preds, succs, length);
  return rank;
}

/**
 * Network simplex over the values: an edge from each input of an op to the op's value, at least as
 * long as the two edges it stands for (see SIMPLEX_MAX_ELEMENTS for when its ranks are kept).
 */
function shortenEdges(graph: LayoutGraph, rank: Int32Array, preds: Adjacency, succs: Adjacency, length: (u: number, v: number) => number): void {
  const { values } = graph;
  const count = graph.titles.length;
  const edges = (preds.start[count] as number) - (count - values);
  const allowance = simplexAllowance(values + edges);
  if (allowance === 0) return;
  // Every edge at its least length is as short as a ranking gets (most expressions: trees).
  let slack = false;
  for (let op = values; op < count && !slack; op++) {
    for (let k = preds.start[op] as number; k < (preds.start[op + 1] as number); k++) {
      if ((rank[op] as number) - (rank[preds.list[k] as number] as number) > length(preds.list[k] as number, op)) slack = true;
    }
  }
  if (!slack) return;
  const from = new Int32Array(edges);
  const to = new Int32Array(edges);
  const minLength = new Int32Array(edges);
  const weight = new Float64Array(edges);
  let e = 0;
  for (let op = values; op < count; op++) {
    const value = succs.list[succs.start[op] as number] as number;
    const path = graph.paths[value] as readonly number[];
    for (let k = preds.start[op] as number; k < (preds.start[op + 1] as number); k++) {
      const input = preds.list[k] as number;
      from[e] = input;
      to[e] = value;
      minLength[e] = length(input, op) + length(op, value);
      // Paths of one cluster are one array (layout-graph.ts).
      weight[e] = path.length >= 2 && graph.paths[input] === path ? NEURON_EDGE_WEIGHT : 1;
      e++;
    }
  }
  const start = rank.subarray(0, values);
  const shortened = start.slice();
  if (!networkSimplex({ nodes: values, from, to, minLength, weight }, shortened, allowance).optimal) return;
  // Shorter with the weights; kept only if no longer without them either, so the cost model's
  // bound on ranks crossed (the start's) holds.
  let startLength = 0;
  let shortenedLength = 0;
  for (let i = 0; i < edges; i++) {
    startLength += (start[to[i] as number] as number) - (start[from[i] as number] as number);
    shortenedLength += (shortened[to[i] as number] as number) - (shortened[from[i] as number] as number);
  }
  if (shortenedLength > startLength) return;
  let least = Infinity;
  for (let v = 0; v < values; v++) least = Math.min(least, shortened[v] as number);
  for (let v = 0; v < values; v++) rank[v] = (shortened[v] as number) - least;
  for (let op = values; op < count; op++) {
    const value = succs.list[succs.start[op] as number] as number;
    rank[op] = (rank[value] as number) - length(op, value);
  }
}
