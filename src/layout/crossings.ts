import type { Adjacency } from './adjacency.js';

/**
 * Crossings between two adjacent layers, counted as Barth, Juenger and Mutzel do: list the edges by
 * their upper end, then count inversions of their lower ends with an accumulator tree, in
 * O(E log V) instead of comparing every pair of edges.
 */
export function countCrossings(upper: Int32Array, lowerLength: number, succs: Adjacency, position: Int32Array): number {
  let size = 1;
  while (size < lowerLength) size *= 2;
  const tree = new Int32Array(2 * size);
  const ends: number[] = [];
  let crossings = 0;
  for (const u of upper) {
    ends.length = 0;
    for (let k = succs.start[u] as number; k < (succs.start[u + 1] as number); k++) ends.push(position[succs.list[k] as number] as number);
    ends.sort((a, b) => a - b);
    for (const end of ends) {
      let index = end + size;
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
