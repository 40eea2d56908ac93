import type { Adjacency } from './adjacency.js';
import type { Layered } from './chains.js';
import type { ResultArrays } from './result-arrays.js';
import { LARGE_LAYOUT } from './order.js';
import { scratchFloat64, scratchInt32 } from './scratch.js';

/** Sweeps of coordinate smoothing; each is linear in nodes and edges. */
export const COORDINATE_SWEEPS = 8;
/** Sweeps for `nodes` nodes, virtual ones included: half as many for a large layout, as in ordering. */
export function coordinateSweepsFor(nodes: number): number {
  return nodes > LARGE_LAYOUT ? COORDINATE_SWEEPS / 2 : COORDINATE_SWEEPS;
}
/** Space between two ranks, as dot's default ranksep (0.5in). */
export const RANK_GAP = 36;
// dot's nodesep (0.25in) between real nodes; edges passing through a rank need less room.
const GAP_REAL = 18;
const GAP_VIRTUAL = 10;
const GAP_BOTH_VIRTUAL = 6;
/** Room between a cluster's outline and what it holds. */
export const CLUSTER_PAD = 8;

export interface Sizes {
  /** Extent of each node along the rank axis (width in LR) and across it; zero for virtual nodes. */
  main: Float64Array;
  cross: Float64Array;
  /** Extra room at the start of each cluster across the ranks, for its title (LR only). */
  titleRoom: number;
}

/** Float64 values a placement keeps (see ResultArrays). */
export function placementSize(nodes: number, ranks: number): number {
  return 2 * nodes + 2 * ranks;
}

export interface Placement {
  /** Centre of each node across and along the ranks. */
  cross: Float64Array;
  main: Float64Array;
  rankStart: Float64Array;
  rankSize: Float64Array;
}

/**
 * Coordinates across the ranks: each node is pulled to the weighted mean of its neighbours in both
 * adjacent layers, and each layer is then solved exactly for the closest positions that keep the
 * order and the gaps (pool-adjacent-violators, linear time). A fixed number of sweeps, so compact,
 * balanced and straight where chains and op-value pairs are heavy, in O(sweeps * (V + E)).
 */
export function placeNodes(layered: Layered, layers: Int32Array[], sizes: Sizes, kept: ResultArrays): Placement {
  const { preds, succs } = layered;
  const cross = kept.float64(layered.count);
  const gaps = layers.map((layer) => layerGaps(layer, layered, sizes));
  layers.forEach((layer, r) => {
    const gap = gaps[r] as Float64Array;
    let at = 0;
    for (let i = 0; i < layer.length; i++) {
      if (i > 0) at += gap[i - 1] as number;
      cross[layer[i] as number] = at;
    }
    for (const v of layer) cross[v]! -= at / 2;
  });
  const solver = new LayerSolver(layered.count);
  const sweeps = coordinateSweepsFor(layered.count);
  for (let sweep = 0; sweep < sweeps; sweep++) {
    for (let i = 0; i < layers.length; i++) {
      const r = sweep % 2 === 0 ? i : layers.length - 1 - i;
      solver.solve(layers[r] as Int32Array, gaps[r] as Float64Array, cross, layered.weight, preds, succs);
    }
  }
  return { cross, ...mainAxis(layered, layers, sizes, kept) };
}

/** The least distance between the centres of each pair of neighbours in a layer. */
function layerGaps(layer: Int32Array, layered: Layered, sizes: Sizes): Float64Array {
  const gaps = scratchFloat64(Math.max(0, layer.length - 1));
  for (let i = 0; i + 1 < layer.length; i++) {
    const a = layer[i] as number;
    const b = layer[i + 1] as number;
    const virtualA = a >= layered.real;
    const virtualB = b >= layered.real;
    const base = virtualA && virtualB ? GAP_BOTH_VIRTUAL : virtualA || virtualB ? GAP_VIRTUAL : GAP_REAL;
    const pa = layered.paths[a] as readonly number[];
    const pb = layered.paths[b] as readonly number[];
    let level = 0;
    while (level < pa.length && level < pb.length && pa[level] === pb[level]) level++;
    // Clusters closing after a and opening before b each need their padding (and b's their title).
    const clusters = CLUSTER_PAD * (pa.length - level) + (CLUSTER_PAD + sizes.titleRoom) * (pb.length - level);
    gaps[i] = ((sizes.cross[a] as number) + (sizes.cross[b] as number)) / 2 + base + clusters;
  }
  return gaps;
}

function mainAxis(layered: Layered, layers: Int32Array[], sizes: Sizes, kept: ResultArrays): Omit<Placement, 'cross'> {
  const rankSize = kept.float64(layers.length);
  const rankStart = kept.float64(layers.length);
  const main = kept.float64(layered.count);
  layers.forEach((layer, r) => {
    for (const v of layer) rankSize[r] = Math.max(rankSize[r] as number, sizes.main[v] as number);
    if (r > 0) rankStart[r] = (rankStart[r - 1] as number) + (rankSize[r - 1] as number) + RANK_GAP;
  });
  for (let v = 0; v < layered.count; v++) {
    const r = layered.rank[v] as number;
    main[v] = (rankStart[r] as number) + (rankSize[r] as number) / 2;
  }
  return { main, rankStart, rankSize };
}

/** Moves one layer's nodes to their targets as closely as order and gaps allow. */
class LayerSolver {
  private readonly blockStart: Int32Array;
  private readonly blockWeight: Float64Array;
  private readonly blockSum: Float64Array;

  constructor(count: number) {
    this.blockStart = scratchInt32(count + 1);
    this.blockWeight = scratchFloat64(count + 1);
    this.blockSum = scratchFloat64(count + 1);
  }

  solve(layer: Int32Array, gaps: Float64Array, cross: Float64Array, edgeWeight: Float64Array, preds: Adjacency, succs: Adjacency): void {
    const { blockStart, blockWeight, blockSum } = this;
    let offset = 0;
    let blocks = 0;
    for (let i = 0; i < layer.length; i++) {
      const v = layer[i] as number;
      if (i > 0) offset += gaps[i - 1] as number;
      let sum = 0;
      let w = 0;
      for (let k = preds.start[v] as number; k < (preds.start[v + 1] as number); k++) {
        const ew = edgeWeight[preds.edge[k] as number] as number;
        sum += ew * (cross[preds.list[k] as number] as number);
        w += ew;
      }
      for (let k = succs.start[v] as number; k < (succs.start[v + 1] as number); k++) {
        const ew = edgeWeight[succs.edge[k] as number] as number;
        sum += ew * (cross[succs.list[k] as number] as number);
        w += ew;
      }
      // A node with no neighbours stays where it is unless its layer pushes it.
      if (w === 0) {
        sum = cross[v] as number;
        w = 0.01;
      } else {
        sum /= w;
      }
      // Pool adjacent violators: merge blocks while the previous one's mean lies right of this one's.
      blockStart[blocks] = i;
      blockWeight[blocks] = w;
      blockSum[blocks] = w * (sum - offset);
      blocks++;
      while (blocks > 1 && (blockSum[blocks - 2] as number) / (blockWeight[blocks - 2] as number) > (blockSum[blocks - 1] as number) / (blockWeight[blocks - 1] as number)) {
        blockWeight[blocks - 2]! += blockWeight[blocks - 1] as number;
        blockSum[blocks - 2]! += blockSum[blocks - 1] as number;
        blocks--;
      }
    }
    blockStart[blocks] = layer.length;
    offset = 0;
    for (let b = 0; b < blocks; b++) {
      const mean = (blockSum[b] as number) / (blockWeight[b] as number);
      for (let i = blockStart[b] as number; i < (blockStart[b + 1] as number); i++) {
        if (i > 0) offset += gaps[i - 1] as number;
        cross[layer[i] as number] = mean + offset;
      }
    }
  }
}
