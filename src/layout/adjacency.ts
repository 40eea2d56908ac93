/** Edges grouped by node in flat arrays (compressed rows): `list[start[v]..start[v+1])` are v's. */
export interface Adjacency {
  start: Int32Array;
  list: Int32Array;
  /** The edge index of each entry of `list`. */
  edge: Int32Array;
}

/** For each node, the `other` end of the edges whose `key` end it is, in edge order. */
export function adjacency(count: number, key: Int32Array, other: Int32Array): Adjacency {
  const start = new Int32Array(count + 1);
  for (let e = 0; e < key.length; e++) start[(key[e] as number) + 1]! += 1;
  for (let v = 0; v < count; v++) start[v + 1]! += start[v] as number;
  const next = start.slice(0, count);
  const list = new Int32Array(key.length);
  const edge = new Int32Array(key.length);
  for (let e = 0; e < key.length; e++) {
    const at = next[key[e] as number]!++;
    list[at] = other[e] as number;
    edge[at] = e;
  }
  return { start, list, edge };
}
