import { adjacency, type Adjacency } from './adjacency.js';
import { NO_PATH, type LayoutGraph } from './layout-graph.js';
import { scratchFloat64, scratchInt32 } from './scratch.js';

/**
 * The graph the layered steps work on: every edge joins adjacent ranks. An edge that spans more
 * ranks becomes a chain of virtual nodes (one per rank crossed) while the budget lasts (see
 * virtualBudget: a floor for small graphs, linear in the graph beyond), shortest edges first; the
 * longest ones are drawn directly from end to end instead, in lanes, so deep graphs never make
 * millions of virtual nodes (the cost stays known before the layout starts).
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

/**
 * Nodes, virtual ones included, that every layout may hold: a small graph with long edges chains
 * most of them instead of sending them round the drawing in lanes (micrograd's demo network on one
 * point: 3,000 nodes whose regularisation's edges cross 107,000 ranks; with this floor 34,966 edge
 * pairs cross instead of 44,073, bench/layout.ts). A graph of 10,000 values, about 20,000 nodes,
 * gets 20,000 virtual ones instead of 15,000, which its time does not show; a floor of 50,000
 * (32,858 crossings) cost it a tenth more time.
 */
export const NODE_FLOOR = 40_000;

/**
 * Virtual nodes a layout may create: what is left of NODE_FLOOR after the drawn nodes, or a fixed
 * allowance plus one per two drawn nodes where that is more. The floor's share is never more than
 * `ranksCrossed`, the cost model's count of ranks crossed by long edges (GraphShape.virtualNodes),
 * so that the prediction for a graph whose edges are short stays small. Twice the linear allowance
 * changed the crossings by a few per cent either way (demo network on one point 44,341 against
 * 42,479, random programs of 3,000 and 10,000 values 2,427 against 2,405 and 9,105 against 9,357).
 */
export function virtualBudget(realNodes: number, ranksCrossed: number, nodeFloor = NODE_FLOOR): number {
  const linear = 5_000 + Math.floor(realNodes / 2);
  return Math.max(linear, Math.min(nodeFloor - realNodes, ranksCrossed));
}

// Straight chains matter more than straight single edges, as in dot; an op and its value align too.
const WEIGHT_PLAIN = 1;
const WEIGHT_OP_VALUE = 4;
const WEIGHT_TO_VIRTUAL = 2;
const WEIGHT_VIRTUAL = 8;

/**
 * `ranksCrossed` is asked only when the long edges need more virtual nodes than the linear
 * allowance (see virtualBudget): small pictures never pay for it. A `nodeFloor` of 0 leaves the
 * linear allowance alone.
 */
export function makeLayered(graph: LayoutGraph, rank: Int32Array, ranksCrossed: () => number, nodeFloor = NODE_FLOOR): Layered {
  const real = graph.titles.length;
  const edges = graph.from.length;
  const span = scratchInt32(edges);
  let maxSpan = 0;
  let needed = 0;
  let rankCount = 0;
  for (let v = 0; v < real; v++) rankCount = Math.max(rankCount, (rank[v] as number) + 1);
  for (let e = 0; e < edges; e++) {
    span[e] = (rank[graph.to[e] as number] as number) - (rank[graph.from[e] as number] as number);
    maxSpan = Math.max(maxSpan, span[e] as number);
    needed += (span[e] as number) - 1;
  }
  const linear = virtualBudget(real, 0);
  const chained = chooseChains(span, maxSpan, needed <= linear ? linear : virtualBudget(real, ranksCrossed(), nodeFloor));
  const clusterPath = graph.groups.length > 0 ? new ClusterPaths(graph, rank) : undefined;

  let virtual = 0;
  let pieces = 0;
  for (let e = 0; e < edges; e++) {
    if (!chained[e]) continue;
    virtual += (span[e] as number) - 1;
    pieces += span[e] as number;
  }
  const count = real + virtual;
  const fullRank = scratchInt32(count);
  fullRank.set(rank.subarray(0, real));
  const paths = graph.paths.slice();
  // Sizes known in advance (a chained edge is as many pieces as it spans ranks, a route is its ends
  // and virtual nodes), so no array grows.
  const fromNodes = scratchInt32(pieces);
  const toNodes = scratchInt32(pieces);
  const weights = scratchFloat64(pieces);
  const routeStart = scratchInt32(edges + 1);
  const routeList = scratchInt32(2 * edges + virtual);
  let piece = 0;
  let at = 0;
  let next = real;
  for (let e = 0; e < edges; e++) {
    const u = graph.from[e] as number;
    const w = graph.to[e] as number;
    routeStart[e] = at;
    routeList[at++] = u;
    if (chained[e]) {
      let previous = u;
      if (clusterPath !== undefined) clusterPath.route(u, w, paths);
      else for (let r = (rank[u] as number) + 1; r < (rank[w] as number); r++) paths.push(NO_PATH);
      for (let r = (rank[u] as number) + 1; r < (rank[w] as number); r++) {
        fullRank[next] = r;
        fromNodes[piece] = previous;
        toNodes[piece] = next;
        weights[piece++] = previous === u ? WEIGHT_TO_VIRTUAL : WEIGHT_VIRTUAL;
        routeList[at++] = next;
        previous = next++;
      }
      fromNodes[piece] = previous;
      toNodes[piece] = w;
      weights[piece++] = previous === u ? (w < graph.values ? WEIGHT_OP_VALUE : WEIGHT_PLAIN) : WEIGHT_TO_VIRTUAL;
    }
    routeList[at++] = w;
  }
  routeStart[edges] = at;
  return {
    count,
    real,
    rankCount,
    rank: fullRank,
    paths,
    from: fromNodes,
    to: toNodes,
    weight: weights,
    preds: adjacency(count, toNodes, fromNodes),
    succs: adjacency(count, fromNodes, toNodes),
    routeStart,
    routeNodes: routeList,
  };
}

/** Which edges get a chain: every edge of span 1 (no virtual node), then by span while the budget lasts. */
function chooseChains(span: Int32Array, maxSpan: number, budget: number): Uint8Array {
  const chained = new Uint8Array(span.length);
  const bySpan = scratchInt32(maxSpan + 2);
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

/**
 * The clusters a long edge's virtual nodes belong to, rank by rank. An edge runs inside its
 * source's clusters, leaves them where they are thinnest (fewest edges to cross on the way out),
 * and enters its target's clusters where those are thinnest, before its target at the latest (see
 * ranks.ts). A weight's edge into the loss thus runs along its neuron's box to the box's end,
 * instead of leaving at once across every edge entering the neighbouring neurons.
 */
class ClusterPaths {
  private readonly first: Int32Array;
  private readonly last: Int32Array;
  /** Edges in each gap between ranks of each group (gap k: ranks k and k+1, from the group's first): what an edge leaving or entering there crosses. */
  private readonly density: Float64Array[];
  /** The path of each group, outermost first: the same array as its members' (paths compare by identity). */
  private readonly pathOf: (readonly number[])[];

  constructor(
    private readonly graph: LayoutGraph,
    private readonly rank: Int32Array,
  ) {
    const groups = graph.groups.length;
    this.first = new Int32Array(groups).fill(2 ** 30);
    this.last = new Int32Array(groups).fill(-1);
    this.pathOf = new Array<readonly number[]>(groups);
    graph.paths.forEach((path, v) => {
      const r = rank[v] as number;
      for (const g of path) {
        this.first[g] = Math.min(this.first[g] as number, r);
        this.last[g] = Math.max(this.last[g] as number, r);
      }
      const inner = path[path.length - 1];
      if (inner !== undefined) this.pathOf[inner] = path;
    });
    graph.groups.forEach((_, g) => {
      if (this.pathOf[g] !== undefined) return;
      const path: number[] = [];
      for (let at = g; at >= 0; at = (graph.groups[at] as { parent: number }).parent) path.unshift(at);
      this.pathOf[g] = Object.freeze(path);
    });
    // Each edge counts in every gap it spans inside a group (as differences, summed below), and in
    // the gap where it leaves or enters one.
    this.density = graph.groups.map((_, g) => new Float64Array(Math.max(0, (this.last[g] as number) - (this.first[g] as number) + 2)));
    const add = (g: number, from: number, to: number): void => {
      const density = this.density[g] as Float64Array;
      density[from - (this.first[g] as number)]! += 1;
      density[to - (this.first[g] as number)]! -= 1;
    };
    for (let e = 0; e < graph.from.length; e++) {
      const u = graph.from[e] as number;
      const w = graph.to[e] as number;
      const ru = rank[u] as number;
      const rw = rank[w] as number;
      const source = graph.paths[u] as readonly number[];
      const target = graph.paths[w] as readonly number[];
      let shared = 0;
      while (shared < source.length && shared < target.length && source[shared] === target[shared]) add(source[shared++] as number, ru, rw);
      for (let k = shared; k < source.length; k++) add(source[k] as number, ru, ru + 1);
      for (let k = shared; k < target.length; k++) add(target[k] as number, rw - 1, rw);
    }
    for (const density of this.density) for (let k = 1; k < density.length; k++) density[k]! += density[k - 1] as number;
  }

  /** Appends to `into` the path of the edge u -> w at each rank strictly between its ends. */
  route(u: number, w: number, into: (readonly number[])[]): void {
    const source = this.graph.paths[u] as readonly number[];
    const target = this.graph.paths[w] as readonly number[];
    const ru = this.rank[u] as number;
    const rw = this.rank[w] as number;
    let shared = 0;
    while (shared < source.length && shared < target.length && source[shared] === target[shared]) shared++;
    // First rank outside the source's clusters, first rank inside the target's.
    let leave = ru + 1;
    const away = source[shared];
    if (away !== undefined) leave = this.thinnest(away, ru + 1, Math.min(this.last[away] as number, rw - 1) + 1);
    let enter = rw;
    const toward = target[shared];
    // An edge enters the target's clusters once it has left the source's.
    if (toward !== undefined) enter = this.thinnest(toward, Math.max(this.first[toward] as number, leave), rw - 1);
    for (let r = ru + 1; r < rw; r++) {
      if (r < leave) into.push(this.inside(source, shared, (g) => (this.last[g] as number) >= r));
      else if (r >= enter) into.push(this.inside(target, shared, (g) => (this.first[g] as number) <= r));
      else into.push(shared === 0 ? NO_PATH : (this.pathOf[source[shared - 1] as number] as readonly number[]));
    }
  }

  /**
   * The rank in [from, to] whose gap before it has the fewest edges of group g (the earliest of
   * equals): an edge whose first rank outside g (leaving) or inside it (entering) is r crosses g's
   * boundary in the gap before r. Before g's first rank there is nothing to cross.
   */
  private thinnest(g: number, from: number, to: number): number {
    const density = this.density[g] as Float64Array;
    const first = this.first[g] as number;
    let best = to;
    let fewest = Infinity;
    for (let r = from; r <= to; r++) {
      const k = r - 1 - first;
      const edges = k >= 0 && k < density.length ? (density[k] as number) : 0;
      if (edges < fewest) {
        fewest = edges;
        best = r;
      }
    }
    return best;
  }

  /** `path` cut to the groups from `shared` on that `alive` keeps, at least to `shared`. */
  private inside(path: readonly number[], shared: number, alive: (g: number) => boolean): readonly number[] {
    let depth = shared;
    while (depth < path.length && alive(path[depth] as number)) depth++;
    if (depth === path.length) return path;
    return depth === 0 ? NO_PATH : (this.pathOf[path[depth - 1] as number] as readonly number[]);
  }
}
