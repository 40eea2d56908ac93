import type { Adjacency } from './adjacency.js';
import type { Layered } from './chains.js';
import { countCrossings } from './crossings.js';
import { transpose } from './transpose.js';
import { scratchFloat64, scratchInt32 } from './scratch.js';

/** Sweeps of barycenter ordering at most; each is linear but for sorting within layers. */
const MAX_SWEEPS = 16;
/** Passes of adjacent swaps after each sweep. */
const TRANSPOSE_PASSES = 2;
/** Above this many nodes (virtual ones included) a layout gets fewer passes and sweeps: time matters more. */
export const LARGE_LAYOUT = 30_000;

/** Sweeps at most for a graph of `nodes` nodes, virtual ones included. */
export function sweepsFor(nodes: number): number {
  return nodes > LARGE_LAYOUT ? MAX_SWEEPS / 2 : MAX_SWEEPS;
}

export function transposePassesFor(nodes: number): number {
  return nodes > LARGE_LAYOUT ? 1 : TRANSPOSE_PASSES;
}

export interface Ordering {
  layers: Int32Array[];
  position: Int32Array;
  crossings: number;
}

/**
 * Orders each rank to reduce crossings: a depth-first first order (a tree comes out planar), then
 * alternating down and up sweeps that sort each layer by the mean position of its neighbours in the
 * layer just fixed, keeping the best order seen (crossings counted exactly after each sweep).
 * Members of one cluster stay together in every layer, so the network's layers and neurons read as
 * blocks; a group is placed by the mean of its members.
 */
export function orderLayers(layered: Layered, groupCount: number): Ordering {
  const { preds, succs } = layered;
  const layers = firstOrder(layered, preds);
  const position = scratchInt32(layered.count);
  for (const layer of layers) placeLayer(layer, position);
  const total = (): number => {
    let sum = 0;
    for (let r = 0; r + 1 < layers.length; r++) sum += countCrossings(layers[r] as Int32Array, (layers[r + 1] as Int32Array).length, succs, position);
    return sum;
  };
  // A tree (most expressions) comes out of the first order without a crossing: nothing to improve.
  if (groupCount === 0 && total() === 0) return { layers, position, crossings: 0 };
  const sorter = new LayerSorter(layered, groupCount, position);
  if (groupCount > 0) {
    // The depth-first order ignores clusters: gather each cluster's members first.
    for (let r = 0; r < layers.length; r++) {
      layers[r] = sorter.sort(layers[r] as Int32Array, undefined, 0);
      placeLayer(layers[r] as Int32Array, position);
    }
  }
  // The best order seen, every layer one after another in one array.
  const best = scratchInt32(layered.count);
  const keep = (): void => {
    let at = 0;
    for (const layer of layers) {
      best.set(layer, at);
      at += layer.length;
    }
  };
  keep();
  let bestCrossings = total();
  const sweeps = sweepsFor(layered.count);
  // Stop after a quarter of the sweeps without fewer crossings.
  for (let sweep = 0, stale = 0; sweep < sweeps && stale < sweeps / 4 && bestCrossings > 0; sweep++) {
    const down = sweep % 2 === 0;
    for (let i = 1; i < layers.length; i++) {
      const r = down ? i : layers.length - 1 - i;
      const fixed = (layers[down ? r - 1 : r + 1] as Int32Array).length;
      layers[r] = sorter.sort(layers[r] as Int32Array, down ? preds : succs, fixed);
      placeLayer(layers[r] as Int32Array, position);
    }
    transpose(layers, position, preds, succs, layered.paths, transposePassesFor(layered.count));
    const crossings = total();
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      keep();
      stale = 0;
    } else {
      stale++;
    }
  }
  let at = 0;
  for (const layer of layers) {
    layer.set(best.subarray(at, at + layer.length));
    at += layer.length;
    placeLayer(layer, position);
  }
  return { layers, position, crossings: bestCrossings };
}

function placeLayer(layer: Int32Array, position: Int32Array): void {
  for (let i = 0; i < layer.length; i++) position[layer[i] as number] = i;
}

/** Layers filled in depth-first order from the root back through the inputs, as the program reads. */
function firstOrder(layered: Layered, preds: Adjacency): Int32Array[] {
  const sizes = scratchInt32(layered.rankCount);
  for (let v = 0; v < layered.count; v++) sizes[layered.rank[v] as number]! += 1;
  const layers: Int32Array[] = new Array<Int32Array>(layered.rankCount);
  for (let r = 0; r < layered.rankCount; r++) layers[r] = new Int32Array(sizes[r] as number);
  const filled = scratchInt32(layered.rankCount);
  const seen = scratchInt32(layered.count);
  const stack: number[] = [];
  const visit = (v: number): void => {
    const r = layered.rank[v] as number;
    (layers[r] as Int32Array)[filled[r]!++] = v;
  };
  for (let start = layered.real - 1; start >= 0; start--) {
    if (seen[start]) continue;
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const v = stack.pop() as number;
      visit(v);
      // Pushed last to first so the first input is explored first.
      for (let k = (preds.start[v + 1] as number) - 1; k >= (preds.start[v] as number); k--) {
        const u = preds.list[k] as number;
        if (!seen[u]) {
          seen[u] = 1;
          stack.push(u);
        }
      }
    }
  }
  return layers;
}

const NONE = -1;

/** Sorts one layer by neighbour barycenters, keeping cluster members contiguous. */
class LayerSorter {
  private readonly key: Float64Array;
  private readonly groupSum: Float64Array;
  private readonly groupCount: Float64Array;
  private readonly groupFirst: Float64Array;
  // The tree of one layer's clusters (sortGrouped): children as linked lists of slots.
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly next: Int32Array;
  private readonly items: Int32Array;
  private readonly seen: Int32Array;
  private stamp = 0;
  /** Key, then the current position: a total order, so every sort gives one answer. */
  private readonly byKey = (a: number, b: number): number =>
    (this.key[a] as number) - (this.key[b] as number) || (this.position[a] as number) - (this.position[b] as number);

  constructor(
    private readonly layered: Layered,
    groups: number,
    private readonly position: Int32Array,
  ) {
    this.key = scratchFloat64(layered.count);
    this.groupSum = new Float64Array(groups);
    this.groupCount = new Float64Array(groups);
    this.groupFirst = new Float64Array(groups);
    this.head = new Int32Array(groups + 1);
    this.tail = new Int32Array(groups + 1);
    // A layer has at most one slot per node and one per cluster.
    this.next = new Int32Array(layered.count + groups);
    this.items = new Int32Array(layered.count + groups);
    this.seen = new Int32Array(groups);
  }

  /** Sorts by neighbour barycenters, or by the current positions when `neighbours` is undefined; in place when the layer has no clusters. */
  sort(layer: Int32Array, neighbours: Adjacency | undefined, fixedLength: number): Int32Array {
    const { key, position } = this;
    // A node without neighbours on the fixed side keeps its relative place.
    const scale = neighbours === undefined ? 1 : layer.length > 1 ? (fixedLength - 1) / (layer.length - 1) : 0;
    for (let i = 0; i < layer.length; i++) {
      const v = layer[i] as number;
      let sum = 0;
      let n = 0;
      if (neighbours === undefined) {
        key[v] = position[v] as number;
        continue;
      }
      const from = neighbours.start[v] as number;
      const to = neighbours.start[v + 1] as number;
      for (let k = from; k < to; k++) {
        sum += position[neighbours.list[k] as number] as number;
        n++;
      }
      key[v] = n > 0 ? sum / n : (position[v] as number) * scale;
    }
    if (this.groupSum.length === 0) return layer.sort(this.byKey);
    return this.sortGrouped(layer);
  }

  /**
   * The layer as a tree of its clusters, each one's members (nodes and inner clusters) sorted by
   * key, a cluster's key the mean of its nodes' and ties broken by first position: each comparison
   * is between siblings, most of them few, instead of walking two paths for every pair.
   */
  private sortGrouped(layer: Int32Array): Int32Array {
    this.groupKeys(layer);
    const { key, position, groupSum, groupFirst, head, tail, next } = this;
    const paths = this.layered.paths;
    const stamp = ++this.stamp;
    // Items: node v as v, group g as -(g + 1); parents: the layer as 0, group g as g + 1.
    head[0] = NONE;
    const append = (parent: number, item: number, slot: number): void => {
      next[slot] = NONE;
      if (head[parent] === NONE) head[parent] = slot;
      else next[tail[parent] as number] = slot;
      tail[parent] = slot;
      this.items[slot] = item;
    };
    let slots = 0;
    for (let i = 0; i < layer.length; i++) {
      const v = layer[i] as number;
      const path = paths[v] as readonly number[];
      let parent = 0;
      for (let l = 0; l < path.length; l++) {
        const g = path[l] as number;
        if (this.seen[g] !== stamp) {
          this.seen[g] = stamp;
          head[g + 1] = NONE;
          append(parent, -(g + 1), slots++);
        }
        parent = g + 1;
      }
      append(parent, v, slots++);
    }
    const itemKey = (item: number): number => (item >= 0 ? (key[item] as number) : (groupSum[-item - 1] as number));
    const itemFirst = (item: number): number => (item >= 0 ? (position[item] as number) : (groupFirst[-item - 1] as number));
    const byKey = (a: number, b: number): number => itemKey(a) - itemKey(b) || itemFirst(a) - itemFirst(b);
    const out = new Int32Array(layer.length);
    let at = 0;
    const emit = (parent: number): void => {
      const children: number[] = [];
      for (let slot = head[parent] as number; slot !== NONE; slot = next[slot] as number) children.push(this.items[slot] as number);
      if (children.length > 1) children.sort(byKey);
      for (const item of children) {
        if (item >= 0) out[at++] = item;
        else emit(-item);
      }
    };
    emit(0);
    return out;
  }

  /** Each group's mean key over its members in this layer (left in groupSum) and its first position. */
  private groupKeys(layer: Int32Array): void {
    const { groupSum, groupCount, groupFirst, key, position } = this;
    const paths = this.layered.paths;
    // Indexed loops: iterating the frozen path arrays with for-of is several times slower.
    for (let i = 0; i < layer.length; i++) {
      const path = paths[layer[i] as number] as readonly number[];
      for (let l = 0; l < path.length; l++) {
        const g = path[l] as number;
        groupSum[g] = 0;
        groupCount[g] = 0;
        groupFirst[g] = Infinity;
      }
    }
    for (let i = 0; i < layer.length; i++) {
      const v = layer[i] as number;
      const path = paths[v] as readonly number[];
      for (let l = 0; l < path.length; l++) {
        const g = path[l] as number;
        groupSum[g]! += key[v] as number;
        groupCount[g]! += 1;
        groupFirst[g] = Math.min(groupFirst[g] as number, position[v] as number);
      }
    }
    for (let i = 0; i < layer.length; i++) {
      const path = paths[layer[i] as number] as readonly number[];
      for (let l = 0; l < path.length; l++) {
        const g = path[l] as number;
        if ((groupCount[g] as number) > 0) {
          groupSum[g] = (groupSum[g] as number) / (groupCount[g] as number);
          groupCount[g] = -1;
        }
      }
    }
  }
}
