import { topologicalOrder, type Value } from '../engine/index.js';

/** One value of the graph as clients see it: ids instead of object references. */
export interface GraphNode {
  id: string;
  label: string;
  /** The op that made the value (`+`, `*`, `tanh`, ...); `''` for a leaf. */
  op: string;
  data: number;
  grad: number;
  /** Ids of the inputs, in order, duplicates kept (`a*a` lists `a` twice). */
  inputs: string[];
}

export interface TracedGraph {
  /** Every value the root depends on, inputs first, the root last. */
  order: Value[];
  ids: Map<Value, string>;
  /** `nodes[i]` describes `order[i]`. */
  nodes: GraphNode[];
  root: GraphNode;
}

/**
 * Names every value below `root` by its place in the topological order (`n0`, `n1`, ...), so the
 * same program always gives the same ids, the same DOT and the same SVG bytes (micrograd names
 * nodes by memory address, which changes every run).
 */
export function traceGraph(root: Value): TracedGraph {
  const order = topologicalOrder(root);
  const ids = new Map<Value, string>();
  const nodes: GraphNode[] = [];
  for (const value of order) {
    const id = `n${nodes.length}`;
    ids.set(value, id);
    nodes.push({
      id,
      label: value.label,
      op: value.op,
      data: value.data,
      grad: value.grad,
      inputs: value.inputs.map((input) => idOf(ids, input)),
    });
  }
  return { order, ids, nodes, root: nodes[nodes.length - 1] as GraphNode };
}

function idOf(ids: Map<Value, string>, value: Value): string {
  const id = ids.get(value);
  // Unreachable: a topological order lists every input before the values made from it.
  if (id === undefined) throw new Error('traceGraph: an input was not ordered before its consumer');
  return id;
}
