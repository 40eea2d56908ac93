import { adjacency } from './adjacency.js';
import type { LayoutGraph } from './layout-graph.js';
import { scratchInt32 } from './scratch.js';

/**
 * Ranks from the computation: first each node as early as its inputs allow; then, from the root
 * back, each node moves to just before its first use unless more of its edges hold it where it is
 * (a leaf moves instead of sitting in rank 0 with a long edge; on a tie a value moves too, so each
 * of a neuron's products sits beside the `+` that takes it, as dot draws a running sum, instead of
 * all of them in one rank with long edges to the sum); then, forward again, an op with more inputs
 * than its value has uses moves back next to its inputs (an L2 term's `w*w` beside its weight,
 * one long edge to the sum instead of two). A cheap stand-in for dot's network simplex: three
 * linear passes.
 *
 * An edge into another top-level cluster (from one layer of a network into the next, or into the
 * loss) spans at least two ranks, as between dot's cluster boxes: the rank between holds the edge
 * inside the cluster it enters, next to that cluster's own inputs (the next layer's weights),
 * instead of crossing all of them.
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
  return rank;
}
