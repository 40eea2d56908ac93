import type { Layered } from './chains.js';
import type { Placement, Sizes } from './coordinates.js';
import { scratchFloat64, scratchInt32 } from './scratch.js';

/** Room between the drawing and the first lane, and between lanes. */
const LANE_GAP = 8;

/**
 * Channels for the edges that got no virtual nodes (the longest ones): each runs straight along a
 * lane outside everything drawn in the ranks it passes, above or below: on the side where it
 * crosses fewer edges (see chooseSides; the nearer side on a tie); lanes that share ranks are
 * stacked, shorter ones nearer the drawing. Never through a node, and O(V + E log R) for E such
 * edges over R ranks, instead of one virtual node per rank crossed, plus a bounded refinement.
 */
export function assignLanes(layered: Layered, layers: Int32Array[], placement: Placement, sizes: Sizes, pad: (v: number) => number): Float64Array {
  const { routeStart, routeNodes } = layered;
  const edges = routeStart.length - 1;
  const lanes = scratchFloat64(edges).fill(NaN);
  const direct: number[] = [];
  // Ranks each edge drawn directly spans (not chained: its route is its two ends).
  const length = scratchFloat64(edges);
  for (let e = 0; e < edges; e++) {
    const u = routeNodes[routeStart[e] as number] as number;
    const w = routeNodes[(routeStart[e + 1] as number) - 1] as number;
    length[e] = (layered.rank[w] as number) - (layered.rank[u] as number);
    if ((routeStart[e + 1] as number) - (routeStart[e] as number) === 2 && (length[e] as number) > 1) direct.push(e);
  }
  if (direct.length === 0) return lanes;
  const ranks = layers.length;
  const low = new RangeMax(ranks);
  const high = new RangeMax(ranks);
  layers.forEach((layer, r) => {
    let top = Infinity;
    let bottom = -Infinity;
    for (const v of layer) {
      const half = (sizes.cross[v] as number) / 2 + pad(v);
      top = Math.min(top, (placement.cross[v] as number) - half);
      bottom = Math.max(bottom, (placement.cross[v] as number) + half);
    }
    low.raise(r, r, -top);
    high.raise(r, r, bottom);
  });
  const beside = new EdgesBeside(layered, layers);
  // Short channels first, nearest the drawing; longer ones go around them.
  direct.sort((a, b) => (length[a] as number) - (length[b] as number) || a - b);
  const count = direct.length;
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  const costAbove = new Float64Array(count);
  const costBelow = new Float64Array(count);
  const nearerAbove = new Uint8Array(count);
  direct.forEach((e, i) => {
    const u = routeNodes[routeStart[e] as number] as number;
    const w = routeNodes[(routeStart[e + 1] as number) - 1] as number;
    from[i] = layered.rank[u] as number;
    to[i] = layered.rank[w] as number;
    costAbove[i] = beside.above(u, w);
    costBelow[i] = beside.below(u, w);
    // For a tie: whether the drawing's top over the edge's ranks is nearer its ends than its bottom.
    const middle = ((placement.cross[u] as number) + (placement.cross[w] as number)) / 2;
    const top = -low.max((from[i] as number) + 1, (to[i] as number) - 1);
    const bottom = high.max((from[i] as number) + 1, (to[i] as number) - 1);
    nearerAbove[i] = middle - top < bottom - middle ? 1 : 0;
  });
  const above = chooseSides(from, to, costAbove, costBelow, nearerAbove, ranks);
  for (let i = 0; i < count; i++) {
    const e = direct[i] as number;
    const first = (from[i] as number) + 1;
    const last = (to[i] as number) - 1;
    if (above[i]) {
      const lane = -low.max(first, last) - LANE_GAP;
      lanes[e] = lane;
      low.raise(first, last, -lane);
    } else {
      const lane = high.max(first, last) + LANE_GAP;
      lanes[e] = lane;
      high.raise(first, last, lane);
    }
  }
  return lanes;
}

/**
 * Lanes compared pair by pair to improve the sides the greedy pass chose, at most, and passes over
 * them: at most half a million comparisons, 7 ms warm (30 ms cold) for 500 random lanes on a busy
 * machine (on the demo network a third pass, or a tenth, changed nothing).
 */
export const MAX_LANES_REFINED = 500;
export const REFINING_PASSES = 2;

/**
 * Which side each lane takes (1: above), lanes in order of length. Two lanes on one side cross
 * once if they interleave (one starts inside the other and ends after it) and never otherwise,
 * since the longer runs outside the shorter; a lane's bends also cross the drawing's edges beside
 * its ends (costAbove, costBelow). First greedily, shortest first, against the lanes already
 * placed (a Fenwick tree per side: O(log R) each); then, for up to MAX_LANES_REFINED lanes, lane by
 * lane against all the others, moving each to the side where it crosses less, until nothing moves
 * or REFINING_PASSES are done (demo network on one point: 34,966 crossings after the greedy pass,
 * 33,872 after this).
 */
export function chooseSides(from: Int32Array, to: Int32Array, costAbove: Float64Array, costBelow: Float64Array, nearerAbove: Uint8Array, ranks: number): Uint8Array {
  const count = from.length;
  const above = new Uint8Array(count);
  const over = new Stabs(ranks);
  const under = new Stabs(ranks);
  for (let i = 0; i < count; i++) {
    const s = from[i] as number;
    const t = to[i] as number;
    const up = (costAbove[i] as number) + over.at(s) + over.at(t);
    const down = (costBelow[i] as number) + under.at(s) + under.at(t);
    if (up < down || (up === down && nearerAbove[i] === 1)) {
      above[i] = 1;
      over.add(s, t);
    } else {
      under.add(s, t);
    }
  }
  if (count > MAX_LANES_REFINED) return above;
  for (let pass = 0; pass < REFINING_PASSES; pass++) {
    let moved = false;
    for (let i = 0; i < count; i++) {
      const s = from[i] as number;
      const t = to[i] as number;
      let here = 0;
      let there = 0;
      for (let j = 0; j < count; j++) {
        const sj = from[j] as number;
        const tj = to[j] as number;
        if ((s < sj && sj < t && t < tj) || (sj < s && s < tj && tj < t)) {
          if (above[j] === above[i]) here++;
          else there++;
        }
      }
      here += above[i] ? (costAbove[i] as number) : (costBelow[i] as number);
      there += above[i] ? (costBelow[i] as number) : (costAbove[i] as number);
      if (there < here) {
        above[i] = 1 - (above[i] as number);
        moved = true;
      }
    }
    if (!moved) break;
  }
  return above;
}

/** For an edge's ends, the layered edges that leave its source's rank and enter its target's on either side of it. */
class EdgesBeside {
  /** Edges leaving the nodes before v in v's rank, and entering them. */
  private readonly outBefore: Int32Array;
  private readonly inBefore: Int32Array;
  private readonly outOfRank: Int32Array;
  private readonly intoRank: Int32Array;

  constructor(
    private readonly layered: Layered,
    layers: Int32Array[],
  ) {
    const { preds, succs } = layered;
    this.outBefore = scratchInt32(layered.count);
    this.inBefore = scratchInt32(layered.count);
    this.outOfRank = scratchInt32(layers.length);
    this.intoRank = scratchInt32(layers.length);
    layers.forEach((layer, r) => {
      let out = 0;
      let into = 0;
      for (const v of layer) {
        this.outBefore[v] = out;
        this.inBefore[v] = into;
        out += (succs.start[v + 1] as number) - (succs.start[v] as number);
        into += (preds.start[v + 1] as number) - (preds.start[v] as number);
      }
      this.outOfRank[r] = out;
      this.intoRank[r] = into;
    });
  }

  above(u: number, w: number): number {
    return (this.outBefore[u] as number) + (this.inBefore[w] as number);
  }

  below(u: number, w: number): number {
    const { preds, succs, rank } = this.layered;
    const outAfter = (this.outOfRank[rank[u] as number] as number) - (this.outBefore[u] as number) - ((succs.start[u + 1] as number) - (succs.start[u] as number));
    const inAfter = (this.intoRank[rank[w] as number] as number) - (this.inBefore[w] as number) - ((preds.start[w + 1] as number) - (preds.start[w] as number));
    return outAfter + inAfter;
  }
}

/** How many lanes on one side pass over a rank without ending there (a Fenwick tree of their starts and ends): O(log R) each. */
class Stabs {
  private readonly tree: Int32Array;

  constructor(private readonly ranks: number) {
    this.tree = scratchInt32(ranks + 1);
  }

  /** A lane from rank `from` to rank `to`, which passes over the ranks strictly between. */
  add(from: number, to: number): void {
    this.bump(from + 1, 1);
    this.bump(to, -1);
  }

  at(rank: number): number {
    let sum = 0;
    for (let i = rank + 1; i > 0; i -= i & -i) sum += this.tree[i] as number;
    return sum;
  }

  private bump(rank: number, by: number): void {
    for (let i = rank + 1; i <= this.ranks; i += i & -i) this.tree[i]! += by;
  }
}

/** Range "raise to at least" and range maximum over ranks, both O(log R) (a lazy segment tree). */
class RangeMax {
  private readonly size: number;
  private readonly best: Float64Array;
  private readonly pending: Float64Array;

  constructor(count: number) {
    let size = 1;
    while (size < Math.max(1, count)) size *= 2;
    this.size = size;
    this.best = scratchFloat64(2 * size).fill(-Infinity);
    this.pending = scratchFloat64(2 * size).fill(-Infinity);
  }

  raise(from: number, to: number, value: number): void {
    this.update(1, 0, this.size - 1, from, to, value);
  }

  max(from: number, to: number): number {
    return this.query(1, 0, this.size - 1, from, to);
  }

  private update(node: number, lo: number, hi: number, from: number, to: number, value: number): void {
    if (to < lo || hi < from) return;
    if (from <= lo && hi <= to) {
      this.best[node] = Math.max(this.best[node] as number, value);
      this.pending[node] = Math.max(this.pending[node] as number, value);
      return;
    }
    const mid = (lo + hi) >> 1;
    this.update(2 * node, lo, mid, from, to, value);
    this.update(2 * node + 1, mid + 1, hi, from, to, value);
    this.best[node] = Math.max(this.best[node] as number, this.best[2 * node] as number, this.best[2 * node + 1] as number);
  }

  private query(node: number, lo: number, hi: number, from: number, to: number): number {
    if (to < lo || hi < from) return -Infinity;
    if (from <= lo && hi <= to) return this.best[node] as number;
    const mid = (lo + hi) >> 1;
    // A raise that covered this whole node applies to every part of it.
    return Math.max(
      this.pending[node] as number,
      this.query(2 * node, lo, mid, from, to),
      this.query(2 * node + 1, mid + 1, hi, from, to),
    );
  }
}
