import type { Adjacency } from './adjacency.js';

// Reused across calls (counting runs after every sweep); grown when a node has more edges.
let scratch = new Int32Array(64);
let tree = new Int32Array(64);

/**
 * Crossings between two adjacent layers, counted as Barth, Juenger and Mutzel do: list the edges by
 * their upper end, then count inversions of their lower ends with an accumulator tree, in
 * O(E log V) instead of comparing every pair of edges.
 */
export function countCrossings(upper: Int32Array, lowerLength: number, succs: Adjacency, position: Int32Array): number {
  let size = 1;
  while (size < lowerLength) size *= 2;
  if (tree.length < 2 * size) tree = new Int32Array(4 * size);
  else tree.fill(0, 0, 2 * size);
  let crossings = 0;
  for (const u of upper) {
    const from = succs.start[u] as number;
    const count = (succs.start[u + 1] as number) - from;
    if (count > scratch.length) scratch = new Int32Array(2 * count);
    for (let k = 0; k < count; k++) scratch[k] = position[succs.list[from + k] as number] as number;
    if (count > 1) scratch.subarray(0, count).sort();
    for (let k = 0; k < count; k++) {
      let index = (scratch[k] as number) + size;
      tree[index]! += 1;
      while (index > 1) {
        // Edges already counted whose lower end lies right of this one cross it.
        if (index % 2 === 0) crossings += tree[index + 1] as number;
        index >>= 1;
        tree[index]! += 1;
      }
    }
  }
  return crossings;
}
