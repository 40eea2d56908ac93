import type { Value } from '../engine/index.js';
import { GradvizError } from '../errors.js';
import { escapeLabel, escapeRecordField } from './escape.js';
import { formatFixed } from './format.js';
import { PALETTES, THEMES, type Palette, type Role, type Theme } from './palette.js';
import type { GraphNode, TracedGraph } from './trace.js';

export { THEMES, type Role, type Theme } from './palette.js';

export interface DotOptions {
  rankdir: 'LR' | 'TB';
  /** Decimals of data and grad, 0..10 (micrograd: 4). */
  precision: number;
  /** false draws a forward-only picture without the grad field. */
  grad: boolean;
  theme: Theme;
}

export const DEFAULT_DOT_OPTIONS: Readonly<DotOptions> = Object.freeze({
  rankdir: 'LR',
  precision: 4,
  grad: true,
  theme: 'light',
});

export interface NodeDecoration {
  /** Nested cluster titles, outermost first, e.g. ['layer 1', 'neuron 3']. */
  cluster?: string[];
  role?: Role;
}

export const MAX_PRECISION = 10;

/**
 * Above this many values, dot's network-simplex and crossing-minimisation passes dominate the time
 * (3,000 values: 7 s by default, 1.4 s with the limits below) while the picture stays close to the default.
 */
export const LARGE_GRAPH_VALUES = 300;
const LARGE_GRAPH_ATTRIBUTES = 'nslimit="0.2" nslimit1="0.2" mclimit="0.1"';

/**
 * The picture micrograd's `draw_dot` draws: a record `{ label | data | grad }` per value, a small
 * node per op, edges input -> op -> value (one per input occurrence, so `a*a` shows two). Same
 * graph and options, same bytes: ids come from the trace and numbers from formatFixed.
 */
export function toDot(
  graph: TracedGraph,
  options: DotOptions,
  decorate?: (value: Value) => NodeDecoration | undefined,
): string {
  checkDotOptions(options);
  const palette = PALETTES[options.theme];
  const lines: string[] = ['digraph {'];
  const large = graph.nodes.length > LARGE_GRAPH_VALUES ? ` ${LARGE_GRAPH_ATTRIBUTES}` : '';
  lines.push(`  graph [rankdir="${options.rankdir}" bgcolor="${palette.background}"${large}]`);
  const fill = palette.fill === undefined ? '' : ` style="filled" fillcolor="${palette.fill}"`;
  lines.push(`  node [color="${palette.line}" fontcolor="${palette.text}"${fill}]`);
  lines.push(`  edge [color="${palette.line}" fontcolor="${palette.text}"]`);

  const tree = groupIntoClusters(graph, decorate);
  writeGroup(lines, tree, 1, options, palette);

  for (const node of graph.nodes) {
    for (const input of node.inputs) lines.push(`  ${input} -> ${opId(node)}`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}

/** Throws invalid-request for options no picture can be drawn with (the request schemas check them first). */
export function checkDotOptions(options: DotOptions): void {
  const { rankdir, precision, grad, theme } = options;
  if (rankdir !== 'LR' && rankdir !== 'TB') {
    throw new GradvizError('invalid-request', `rankdir must be 'LR' or 'TB'`);
  }
  if (!Number.isInteger(precision) || precision < 0 || precision > MAX_PRECISION) {
    throw new GradvizError('invalid-request', `precision must be an integer from 0 to ${MAX_PRECISION}`);
  }
  if (typeof grad !== 'boolean') throw new GradvizError('invalid-request', 'grad must be true or false');
  if (!THEMES.includes(theme)) {
    throw new GradvizError('invalid-request', `theme must be one of ${THEMES.join(', ')}`);
  }
}

function opId(node: GraphNode): string {
  return `${node.id}_op`;
}

// --- clusters: a tree built in the order values first appear, so output order is the graph's ---

interface Member {
  node: GraphNode;
  role: Role | undefined;
}

interface Group {
  title: string;
  items: (Member | Group)[];
  children: Map<string, Group>;
}

function groupIntoClusters(
  graph: TracedGraph,
  decorate: ((value: Value) => NodeDecoration | undefined) | undefined,
): Group {
  const top: Group = { title: '', items: [], children: new Map() };
  graph.order.forEach((value, index) => {
    const decoration = decorate?.(value);
    let group = top;
    for (const title of decoration?.cluster ?? []) {
      let child = group.children.get(title);
      if (child === undefined) {
        child = { title, items: [], children: new Map() };
        group.children.set(title, child);
        group.items.push(child);
      }
      group = child;
    }
    group.items.push({ node: graph.nodes[index] as GraphNode, role: decoration?.role });
  });
  return top;
}

function writeGroup(
  lines: string[],
  group: Group,
  depth: number,
  options: DotOptions,
  palette: Palette,
  counter = { clusters: 0 },
): void {
  const indent = '  '.repeat(depth);
  for (const item of group.items) {
    if ('node' in item) {
      writeValue(lines, indent, item, options, palette);
      continue;
    }
    lines.push(`${indent}subgraph cluster_${counter.clusters++} {`);
    lines.push(
      `${indent}  graph [label="${escapeLabel(item.title)}" style="rounded" color="${palette.cluster}" ` +
        `fontcolor="${palette.clusterText}"]`,
    );
    writeGroup(lines, item, depth + 1, options, palette, counter);
    lines.push(`${indent}}`);
  }
}

function writeValue(lines: string[], indent: string, { node, role }: Member, options: DotOptions, palette: Palette): void {
  const fields = [escapeRecordField(node.label), `data ${formatFixed(node.data, options.precision)}`];
  if (options.grad) fields.push(`grad ${formatFixed(node.grad, options.precision)}`);
  const fill = role === undefined ? '' : ` style="filled" fillcolor="${palette.roles[role]}"`;
  lines.push(`${indent}${node.id} [label="{ ${fields.join(' | ')} }" shape="record"${fill}]`);
  if (node.op !== '') {
    lines.push(`${indent}${opId(node)} [label="${escapeLabel(node.op)}"]`);
    lines.push(`${indent}${opId(node)} -> ${node.id}`);
  }
}
