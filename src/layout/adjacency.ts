import { scratchInt32 } from './scratch.js';

/** Edges grouped by node in flat arrays (compressed rows): `list[start[v]..start[v+1])` are v's. */
export interface Adjacency {
  start: Int32Array;
  list: Int32Array;
  /** The edge index of each entry of `list`. */
  edge: Int32Array;
}

/** For each node, the `other` end of the edges whose `key` end it is, in edge order (for one layout only: see scratch.ts). */
export function adjacency(count: number, key: Int32Array, other: Int32Array): Adjacency {
  const start = scratchInt32(count + 1);
  for (let e = 0; e < key.length; e++) start[(key[e] as number) + 1]! += 1;
  for (let v = 0; v < count; v++) start[v + 1]! += start[v] as number;
  const next = scratchInt32(count);
  // Copied by hand: a subarray to copy from would be one more typed array to make.
  for (let v = 0; v < count; v++) next[v] = start[v] as number;
  const list = scratchInt32(key.length);
  const edge = scratchInt32(key.length);
  for (let e = 0; e < key.length; e++) {
    const at = next[key[e] as number]!++;
    list[at] = other[e] as number;
    edge[at] = e;
  }
  return { start, list, edge };
}
