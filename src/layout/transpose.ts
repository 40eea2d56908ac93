import type { Adjacency } from './adjacency.js';

/**
 * dot's transposition step: swap two neighbours in a layer whenever that removes crossings with
 * both adjacent layers. Only nodes of the same cluster are swapped, so clusters stay together.
 * Each pass is linear in the edges (times a small sort per high-degree node); passes stop when
 * nothing improves or after `maxPasses`.
 */
export function transpose(
  layers: Int32Array[],
  position: Int32Array,
  preds: Adjacency,
  succs: Adjacency,
  paths: readonly (readonly number[])[],
  maxPasses: number,
): void {
  let widest = 1;
  for (let v = 0; v + 1 < preds.start.length; v++) {
    widest = Math.max(widest, (preds.start[v + 1] as number) - (preds.start[v] as number), (succs.start[v + 1] as number) - (succs.start[v] as number));
  }
  const a = new Int32Array(widest);
  const b = new Int32Array(widest);
  /** Crossings among the edges of u and v on one side if u stays left of v, and if they swap. */
  const pairCrossings = (u: number, v: number, side: Adjacency, result: Float64Array, at: number): void => {
    const na = collect(u, side, position, a);
    const nb = collect(v, side, position, b);
    let kept = 0;
    let swapped = 0;
    // Both lists sorted: count pairs with a > b (crossings as they are) and a < b (after a swap).
    let j = 0;
    let k = 0;
    for (let i = 0; i < na; i++) {
      const x = a[i] as number;
      while (j < nb && (b[j] as number) < x) j++;
      while (k < nb && (b[k] as number) <= x) k++;
      kept += j;
      swapped += nb - k;
    }
    result[at] = kept;
    result[at + 1] = swapped;
  };
  const counts = new Float64Array(4);
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (const layer of layers) {
      for (let i = 0; i + 1 < layer.length; i++) {
        const u = layer[i] as number;
        const v = layer[i + 1] as number;
        if (paths[u] !== paths[v]) continue;
        pairCrossings(u, v, preds, counts, 0);
        pairCrossings(u, v, succs, counts, 2);
        if ((counts[1] as number) + (counts[3] as number) < (counts[0] as number) + (counts[2] as number)) {
          layer[i] = v;
          layer[i + 1] = u;
          position[v] = i;
          position[u] = i + 1;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
}

/** The positions of v's neighbours on one side, sorted, into `into`; returns how many. */
function collect(v: number, side: Adjacency, position: Int32Array, into: Int32Array): number {
  const from = side.start[v] as number;
  const count = (side.start[v + 1] as number) - from;
  for (let k = 0; k < count; k++) into[k] = position[side.list[from + k] as number] as number;
  if (count > 1) into.subarray(0, count).sort();
  return count;
}
