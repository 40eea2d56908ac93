import type { Layered } from './chains.js';
import { CLUSTER_PAD, RANK_GAP, type Placement, type Sizes } from './coordinates.js';
import type { Group } from './layout-graph.js';
import type { Point } from './routes.js';

/** A cluster drawn as a staircase around its members, one step per rank, one outline per run of ranks. */
export interface ClusterOutline {
  group: number;
  outlines: Point[][];
  /** Where the title's box starts along and across the ranks, and its length along the ranks. */
  title: { main: number; cross: number; crossEnd: number; room: number };
}

/**
 * The outline of each cluster in each rank spans its members there (ordering keeps them together)
 * plus padding that grows with nesting, so outlines of siblings never overlap and an outer one
 * encloses the inner ones.
 */
export function outlineClusters(layered: Layered, groups: readonly Group[], placement: Placement, sizes: Sizes): ClusterOutline[] {
  if (groups.length === 0) return [];
  // Each group's first and last rank, then its extent in each rank between (NaN: no member there).
  const firstRank = new Int32Array(groups.length).fill(2 ** 30);
  const lastRank = new Int32Array(groups.length).fill(-1);
  for (let v = 0; v < layered.count; v++) {
    const path = layered.paths[v] as readonly number[];
    const r = layered.rank[v] as number;
    for (let level = 0; level < path.length; level++) {
      const g = path[level] as number;
      if (r < (firstRank[g] as number)) firstRank[g] = r;
      if (r > (lastRank[g] as number)) lastRank[g] = r;
    }
  }
  const low = groups.map((_, g) => new Float64Array(Math.max(0, (lastRank[g] as number) - (firstRank[g] as number) + 1)).fill(NaN));
  const high = groups.map((_, g) => new Float64Array(Math.max(0, (lastRank[g] as number) - (firstRank[g] as number) + 1)).fill(NaN));
  for (let v = 0; v < layered.count; v++) {
    const path = layered.paths[v] as readonly number[];
    if (path.length === 0) continue;
    const r = layered.rank[v] as number;
    const half = (sizes.cross[v] as number) / 2;
    const at = placement.cross[v] as number;
    // Indexed loops: for-of and forEach over the frozen path arrays are several times slower.
    for (let level = 0; level < path.length; level++) {
      const g = path[level] as number;
      const inside = path.length - level;
      const lo = at - half - (CLUSTER_PAD + sizes.titleRoom) * inside;
      const hi = at + half + CLUSTER_PAD * inside;
      const k = r - (firstRank[g] as number);
      const lows = low[g] as Float64Array;
      const highs = high[g] as Float64Array;
      if (!(lo >= (lows[k] as number))) lows[k] = lo;
      if (!(hi <= (highs[k] as number))) highs[k] = hi;
    }
  }
  const { rankStart, rankSize } = placement;
  const outlines: ClusterOutline[] = [];
  groups.forEach((group, g) => {
    const lows = low[g] as Float64Array;
    const highs = high[g] as Float64Array;
    const base = firstRank[g] as number;
    const ranks: number[] = [];
    for (let k = 0; k < lows.length; k++) if (!Number.isNaN(lows[k])) ranks.push(base + k);
    if (ranks.length === 0) return;
    // Shorter at the ends of a run as clusters nest, so an inner outline never touches an outer one.
    const inset = 4 + 4 * group.depth;
    const runs: Point[][] = [];
    let run: number[] = [];
    const close = (): void => {
      const top: Point[] = [];
      const bottom: Point[] = [];
      run.forEach((r, i) => {
        const lo = lows[r - base] as number;
        const hi = highs[r - base] as number;
        const from = (rankStart[r] as number) - RANK_GAP / 2 + (i === 0 ? inset : 0);
        const to = (rankStart[r] as number) + (rankSize[r] as number) + RANK_GAP / 2 - (i === run.length - 1 ? inset : 0);
        top.push([from, lo], [to, lo]);
        bottom.push([from, hi], [to, hi]);
      });
      runs.push([...top, ...bottom.reverse()]);
    };
    for (const r of ranks) {
      if (run.length > 0 && r !== (run[run.length - 1] as number) + 1) {
        close();
        run = [];
      }
      run.push(r);
    }
    close();
    const first = ranks[0] as number;
    outlines.push({
      group: g,
      outlines: runs,
      title: {
        main: (rankStart[first] as number) - RANK_GAP / 2 + inset,
        cross: lows[first - base] as number,
        crossEnd: highs[first - base] as number,
        room: (rankSize[first] as number) + RANK_GAP - 2 * inset,
      },
    });
  });
  return outlines;
}
