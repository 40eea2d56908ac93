import type { Layered } from './chains.js';
import type { Placement, Sizes } from './coordinates.js';
import { scratchFloat64 } from './scratch.js';

/** Room between the drawing and the first lane, and between lanes. */
const LANE_GAP = 8;

/**
 * Channels for the edges that got no virtual nodes (the longest ones): each runs straight along a
 * lane outside everything drawn in the ranks it passes, above or below whichever is nearer to its
 * ends; lanes that share ranks are stacked. Never through a node, and O(E log R) for E such edges
 * over R ranks, instead of one virtual node per rank crossed.
 */
export function assignLanes(layered: Layered, layers: Int32Array[], placement: Placement, sizes: Sizes, pad: (v: number) => number): Float64Array {
  const { routeStart, routeNodes } = layered;
  const edges = routeStart.length - 1;
  const lanes = scratchFloat64(edges).fill(NaN);
  const direct: number[] = [];
  for (let e = 0; e < edges; e++) {
    const u = routeNodes[routeStart[e] as number] as number;
    const w = routeNodes[(routeStart[e + 1] as number) - 1] as number;
    if ((routeStart[e + 1] as number) - (routeStart[e] as number) === 2 && (layered.rank[w] as number) - (layered.rank[u] as number) > 1) direct.push(e);
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
  const length = scratchFloat64(edges);
  for (const e of direct) {
    const u = routeNodes[routeStart[e] as number] as number;
    const w = routeNodes[(routeStart[e + 1] as number) - 1] as number;
    length[e] = (layered.rank[w] as number) - (layered.rank[u] as number);
  }
  // Short channels first, nearest the drawing; longer ones go around them.
  direct.sort((a, b) => (length[a] as number) - (length[b] as number) || a - b);
  for (const e of direct) {
    const u = routeNodes[routeStart[e] as number] as number;
    const w = routeNodes[(routeStart[e + 1] as number) - 1] as number;
    const from = (layered.rank[u] as number) + 1;
    const to = (layered.rank[w] as number) - 1;
    const middle = ((placement.cross[u] as number) + (placement.cross[w] as number)) / 2;
    const above = -low.max(from, to);
    const below = high.max(from, to);
    if (middle - above < below - middle) {
      const lane = above - LANE_GAP;
      lanes[e] = lane;
      low.raise(from, to, -lane);
    } else {
      const lane = below + LANE_GAP;
      lanes[e] = lane;
      high.raise(from, to, lane);
    }
  }
  return lanes;
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
