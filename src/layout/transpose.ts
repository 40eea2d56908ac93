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
  const a: number[] = [];
  const b: number[] = [];
  /** Crossings among the edges of u and v on one side if u stays left of v, and if they swap. */
  const pairCrossings = (u: number, v: number, side: Adjacency): [number, number] => {
    collect(u, side, position, a);
    collect(v, side, position, b);
    let kept = 0;
    let swapped = 0;
    // Both lists sorted: count pairs with a > b (crossings as they are) and a < b (after a swap).
    let j = 0;
    let k = 0;
    for (const x of a) {
      while (j < b.length && (b[j] as number) < x) j++;
      while (k < b.length && (b[k] as number) <= x) k++;
      kept += j;
      swapped += b.length - k;
    }
    return [kept, swapped];
  };
  for (let pass = 0; pass < maxPasses; pass++) {
    let improved = false;
    for (const layer of layers) {
      for (let i = 0; i + 1 < layer.length; i++) {
        const u = layer[i] as number;
        const v = layer[i + 1] as number;
        if (paths[u] !== paths[v]) continue;
        const [up, upSwapped] = pairCrossings(u, v, preds);
        const [down, downSwapped] = pairCrossings(u, v, succs);
        if (upSwapped + downSwapped < up + down) {
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

function collect(v: number, side: Adjacency, position: Int32Array, into: number[]): void {
  into.length = 0;
  for (let k = side.start[v] as number; k < (side.start[v + 1] as number); k++) into.push(position[side.list[k] as number] as number);
  if (into.length > 1) into.sort((x, y) => x - y);
}
