import type { Value } from '../engine/index.js';
import type { DotOptions, NodeDecoration, Role } from '../graph/dot.js';
import type { TracedGraph } from '../graph/trace.js';
import { opBox, recordBox, type NodeBox } from './node-boxes.js';

/** A nested cluster (e.g. `layer 1` > `neuron 3`), numbered like the DOT writer numbers them. */
export interface Group {
  title: string;
  depth: number;
  /** The enclosing group's id, or -1. */
  parent: number;
}

/**
 * The picture's nodes and edges before layout. Node k < values is value k of the trace (a record);
 * the op node of a value comes right before it in `topo`, so `topo` is a topological order.
 */
export interface LayoutGraph {
  values: number;
  /** Every drawn node: records, then op nodes. */
  titles: string[];
  boxes: NodeBox[];
  roles: (Role | undefined)[];
  /** Group ids from outermost to innermost; shared arrays, never mutated. */
  paths: (readonly number[])[];
  groups: Group[];
  /** Edges in the order toDot writes them: op -> value first, then input -> op. */
  from: Int32Array;
  to: Int32Array;
  topo: Int32Array;
}

/** The path of a node in no cluster; one array, since paths compare by identity. */
export const NO_PATH: readonly number[] = Object.freeze([]);

export function buildLayoutGraph(
  graph: TracedGraph,
  options: DotOptions,
  decorate?: (value: Value) => NodeDecoration | undefined,
): LayoutGraph {
  const values = graph.nodes.length;
  const titles: string[] = [];
  const boxes: NodeBox[] = [];
  const roles: (Role | undefined)[] = [];
  const paths: (readonly number[])[] = [];
  const groups: Group[] = [];
  const byPath = new Map<string, readonly number[]>();
  // Decorations share one title array per cluster (a neuron's values all carry the same one): known
  // arrays skip building their key.
  const byArray = new Map<readonly string[], readonly number[]>();
  const opOf = new Int32Array(values).fill(-1);

  const pathOf = (cluster: readonly string[] | undefined): readonly number[] => {
    if (cluster === undefined || cluster.length === 0) return NO_PATH;
    const seen = byArray.get(cluster);
    if (seen !== undefined) return seen;
    let path = NO_PATH;
    let key = '';
    for (const title of cluster) {
      // A separator no title can contain unnoticed: titles are JSON-quoted.
      key += JSON.stringify(title) + '/';
      let known = byPath.get(key);
      if (known === undefined) {
        known = Object.freeze([...path, groups.length]);
        groups.push({ title, depth: path.length, parent: path.length === 0 ? -1 : (path[path.length - 1] as number) });
        byPath.set(key, known);
      }
      path = known;
    }
    byArray.set(cluster, path);
    return path;
  };

  graph.nodes.forEach((node, i) => {
    const decoration = decorate?.(graph.order[i] as Value);
    titles.push(node.id);
    boxes.push(recordBox(node, options));
    roles.push(decoration?.role);
    paths.push(pathOf(decoration?.cluster));
  });
  graph.nodes.forEach((node, i) => {
    if (node.op === '') return;
    opOf[i] = titles.length;
    titles.push(`${node.id}_op`);
    boxes.push(opBox(node.op));
    roles.push(undefined);
    paths.push(paths[i] as readonly number[]);
  });

  const indexOf = new Map<string, number>();
  graph.nodes.forEach((node, i) => indexOf.set(node.id, i));
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < values; i++) {
    const op = opOf[i] as number;
    if (op >= 0) {
      from.push(op);
      to.push(i);
    }
  }
  graph.nodes.forEach((node, i) => {
    for (const input of node.inputs) {
      from.push(indexOf.get(input) as number);
      to.push(opOf[i] as number);
    }
  });

  const topo = new Int32Array(titles.length);
  let k = 0;
  for (let i = 0; i < values; i++) {
    if ((opOf[i] as number) >= 0) topo[k++] = opOf[i] as number;
    topo[k++] = i;
  }
  return { values, titles, boxes, roles, paths, groups, from: Int32Array.from(from), to: Int32Array.from(to), topo };
}
