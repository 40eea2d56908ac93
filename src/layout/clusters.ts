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
  const spans = groups.map(() => new Map<number, [number, number]>());
  for (let v = 0; v < layered.count; v++) {
    const path = layered.paths[v] as readonly number[];
    if (path.length === 0) continue;
    const r = layered.rank[v] as number;
    const half = (sizes.cross[v] as number) / 2;
    path.forEach((g, level) => {
      const inside = path.length - level;
      const lo = (placement.cross[v] as number) - half - (CLUSTER_PAD + sizes.titleRoom) * inside;
      const hi = (placement.cross[v] as number) + half + CLUSTER_PAD * inside;
      const span = (spans[g] as Map<number, [number, number]>).get(r);
      if (span === undefined) (spans[g] as Map<number, [number, number]>).set(r, [lo, hi]);
      else {
        span[0] = Math.min(span[0], lo);
        span[1] = Math.max(span[1], hi);
      }
    });
  }
  const { rankStart, rankSize } = placement;
  const outlines: ClusterOutline[] = [];
  spans.forEach((byRank, g) => {
    const ranks = [...byRank.keys()].sort((a, b) => a - b);
    if (ranks.length === 0) return;
    // Shorter at the ends of a run as clusters nest, so an inner outline never touches an outer one.
    const inset = 4 + 4 * (groups[g] as Group).depth;
    const runs: Point[][] = [];
    let run: number[] = [];
    const close = (): void => {
      const top: Point[] = [];
      const bottom: Point[] = [];
      run.forEach((r, i) => {
        const [lo, hi] = byRank.get(r) as [number, number];
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
    const [lo, hi] = byRank.get(first) as [number, number];
    outlines.push({
      group: g,
      outlines: runs,
      title: {
        main: (rankStart[first] as number) - RANK_GAP / 2 + inset,
        cross: lo,
        crossEnd: hi,
        room: (rankSize[first] as number) + RANK_GAP - 2 * inset,
      },
    });
  });
  return outlines;
}
