import type { NeuronEdge, NeuronNode, NeuronViewModel } from '../graph/neuron-view.js';
import { recordOf, type NodeBox } from './node-boxes.js';
import { labelLines } from './svg-text.js';
import { LINE_HEIGHT, textWidth } from './text-width.js';

/**
 * The neurons view laid out without Graphviz. Its structure is known, so nothing is searched for:
 * one column per layer (inputs, each layer's neurons, the loss) in the network's own order, each
 * node in a slot of its column, each weight a gentle curve from its input to its neuron.
 *
 * Positions are `[main, cross]`: along the flow (x in LR, y in TB) and across it.
 *
 * Edge labels are drawn only when the picture stays readable: then each neuron's incoming edges
 * run side by side, one lane each, for the length of their labels just before the neuron, and each
 * label sits beside its own lane, so labels never overlap each other or another edge. For wider
 * layers the numbers go into each edge's tooltip, and columns are only as tall as their nodes.
 */

export type Point = [number, number];

/** Labels are drawn when no layer has more weights than this (the lecture's [3, 4, 4, 1] has 12, 16 and 4). */
export const MAX_LABELLED_WEIGHTS = 32;

/** Edge labels are 10pt Times, as the DOT view sets them. */
export const EDGE_FONT_SIZE = 10;
export const EDGE_LINE_HEIGHT = EDGE_FONT_SIZE * 1.2;

const NODE_GAP = 12;
export const CLUSTER_PAD = 10;
/** Room along the flow for an edge to bend from its source to its lane. */
const CURVE = 60;
/** From the end of a lane to the neuron: the edges converge onto the neuron's side here. */
const APPROACH = 30;
const LABEL_SEP = 4;
/** Bounds of the room between columns without labels: wider for tall columns, so edges stay gentle. */
const MIN_ROOM = 90;
const MAX_ROOM = 280;
const PORT_SPACING = 6;

export interface PlacedNode {
  node: NeuronNode;
  main: number;
  cross: number;
  box: NodeBox;
}

export type Segment = { kind: 'L'; to: Point } | { kind: 'C'; c1: Point; c2: Point; to: Point };

export interface PlacedEdge {
  edge: NeuronEdge;
  start: Point;
  segments: Segment[];
  /** The label beside the edge's lane: its lines and centre; undefined when labels are left out. */
  label: { lines: string[]; at: Point } | undefined;
}

export interface PlacedCluster {
  title: string;
  /** `cluster_K`, as the DOT writer names the column's subgraph. */
  name: string;
  from: Point;
  to: Point;
  titleAt: Point;
}

export interface NeuronLayout {
  lr: boolean;
  labelled: boolean;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  clusters: PlacedCluster[];
  /** Size of one edge label along and across the flow, for the bounds. */
  labelSize: Point;
}

interface Column {
  title: string | undefined;
  nodes: NeuronNode[];
}

/** Whether the view shows its weights' numbers on the edges: every layer small enough to read. */
export function showsEdgeLabels(model: NeuronViewModel): boolean {
  for (let c = 1; c < model.columns.length; c++) {
    const weights = (model.columns[c] as Column).nodes.length * (model.columns[c - 1] as Column).nodes.length;
    if (weights > MAX_LABELLED_WEIGHTS) return false;
  }
  return true;
}

export function layoutNeuronView(model: NeuronViewModel, rankdir: 'LR' | 'TB'): NeuronLayout {
  const lr = rankdir === 'LR';
  const labelled = showsEdgeLabels(model);
  const columns: Column[] = model.columns.map((c) => ({ title: c.title, nodes: c.nodes }));
  if (model.loss !== undefined) columns.push({ title: undefined, nodes: [model.loss] });

  const where = new Map<string, { column: number; index: number }>();
  columns.forEach((column, c) => column.nodes.forEach((node, index) => where.set(node.id, { column: c, index })));
  const incoming = new Map<string, NeuronEdge[]>();
  const outgoing = new Map<string, NeuronEdge[]>();
  // Each edge's place among its source's outgoing and its target's incoming edges.
  const outIndex = new Map<NeuronEdge, number>();
  const inIndex = new Map<NeuronEdge, number>();
  for (const edge of model.edges) {
    const outs = listOf(outgoing, edge.from);
    outIndex.set(edge, outs.length);
    outs.push(edge);
    const ins = listOf(incoming, edge.to);
    inIndex.set(edge, ins.length);
    ins.push(edge);
  }

  // Labels are sized once for the whole picture: lanes evenly spaced, labels lined up.
  const labelLinesOf = (edge: NeuronEdge): string[] => labelLines(edge.weight?.label ?? '');
  let labelWidth = 0;
  let labelLineCount = 0;
  if (labelled) {
    for (const edge of model.edges) {
      if (edge.weight === undefined) continue;
      const lines = labelLinesOf(edge);
      labelLineCount = Math.max(labelLineCount, lines.length);
      for (const line of lines) labelWidth = Math.max(labelWidth, (textWidth(line) * EDGE_FONT_SIZE) / 14);
    }
  }
  const labelHeight = labelLineCount * EDGE_LINE_HEIGHT;
  const labelSize: Point = lr ? [labelWidth + 8, labelHeight] : [labelHeight + 6, labelWidth + 4];
  const step = labelSize[1] + LABEL_SEP;

  const boxes = columns.map((column) => column.nodes.map((node) => recordOf(node.fields, lr)));
  const mainOf = (box: NodeBox): number => (lr ? box.width : box.height);
  const crossOf = (box: NodeBox): number => (lr ? box.height : box.width);
  const lanesOf = (node: NeuronNode): number => (labelled ? (incoming.get(node.id) ?? []).filter((e) => e.weight !== undefined).length : 0);

  // Across: each node in a slot wide enough for its box and its lanes, each column centred on 0.
  const crossAt: number[][] = [];
  const extents: [number, number][] = [];
  columns.forEach((column, c) => {
    const slots = column.nodes.map((node, i) => Math.max(crossOf(boxes[c]?.[i] as NodeBox), lanesOf(node) * step));
    const total = slots.reduce((s, x) => s + x, 0) + NODE_GAP * Math.max(0, slots.length - 1);
    let at = -total / 2;
    crossAt.push(
      slots.map((slot) => {
        const centre = at + slot / 2;
        at += slot + NODE_GAP;
        return centre;
      }),
    );
    extents.push([-total / 2, total / 2]);
  });

  // Along: each column as deep as its deepest box, the rooms between them for edges and labels.
  const span = (c: number): number => (extents[c] as [number, number])[1] - (extents[c] as [number, number])[0];
  const depth = boxes.map((column) => Math.max(0, ...column.map(mainOf)));
  const starts: number[] = [0];
  for (let c = 1; c < columns.length; c++) {
    const lanes = labelled && columns[c]?.title !== undefined ? labelSize[0] : 0;
    const gap = labelled ? CURVE + lanes + APPROACH : Math.min(MAX_ROOM, Math.max(MIN_ROOM, 0.2 * Math.max(span(c - 1), span(c))));
    starts.push((starts[c - 1] as number) + (depth[c - 1] as number) + 2 * CLUSTER_PAD + gap);
  }

  const nodes: PlacedNode[] = [];
  const placed = new Map<string, PlacedNode>();
  columns.forEach((column, c) => {
    column.nodes.forEach((node, i) => {
      const p: PlacedNode = {
        node,
        main: (starts[c] as number) + (depth[c] as number) / 2,
        cross: crossAt[c]?.[i] as number,
        box: boxes[c]?.[i] as NodeBox,
      };
      nodes.push(p);
      placed.set(node.id, p);
    });
  });

  // Ports spread each node's edges along its side, in the order of the nodes at their other ends,
  // so edges leave and arrive side by side instead of through one point.
  const ports = (p: PlacedNode, count: number, k: number): number => {
    if (count < 2) return p.cross;
    const spacing = Math.min(PORT_SPACING, (0.7 * crossOf(p.box)) / (count - 1));
    return p.cross + (k - (count - 1) / 2) * spacing;
  };

  const edges: PlacedEdge[] = model.edges.map((edge) => {
    const from = placed.get(edge.from) as PlacedNode;
    const to = placed.get(edge.to) as PlacedNode;
    const outs = outgoing.get(edge.from) as NeuronEdge[];
    const ins = incoming.get(edge.to) as NeuronEdge[];
    const start: Point = [from.main + mainOf(from.box) / 2, ports(from, outs.length, outIndex.get(edge) as number)];
    const k = inIndex.get(edge) as number;
    const end: Point = [to.main - mainOf(to.box) / 2, ports(to, ins.length, k)];
    const column = where.get(edge.to)?.column as number;
    if (!labelled || edge.weight === undefined) {
      const d = (end[0] - start[0]) / 2;
      return { edge, start, segments: [{ kind: 'C', c1: [start[0] + d, start[1]], c2: [end[0] - d, end[1]], to: end }], label: undefined };
    }
    // The lane: k-th of the neuron's lanes, its label on the near side of it (above in LR, left in TB).
    const block = to.cross - (lanesOf(to.node) * step) / 2;
    const lane = block + (k + 1) * step - LABEL_SEP / 2;
    const runEnd = (starts[column] as number) - APPROACH;
    const runStart = runEnd - labelSize[0];
    const d = (runStart - start[0]) / 2;
    const a = (end[0] - runEnd) / 2;
    return {
      edge,
      start,
      segments: [
        { kind: 'C', c1: [start[0] + d, start[1]], c2: [runStart - d, lane], to: [runStart, lane] },
        { kind: 'L', to: [runEnd, lane] },
        { kind: 'C', c1: [runEnd + a, lane], c2: [end[0] - a, end[1]], to: end },
      ],
      label: { lines: labelLinesOf(edge), at: [(runStart + runEnd) / 2, block + k * step + labelSize[1] / 2] },
    };
  });

  // Clusters: a titled box around each layer's column; the title sits across from the flow's start.
  const titleRoom = lr ? LINE_HEIGHT + 4 : Math.max(0, ...columns.map((c) => (c.title === undefined ? 0 : textWidth(c.title)))) + 12;
  const clusters: PlacedCluster[] = [];
  columns.forEach((column, c) => {
    if (column.title === undefined) return;
    const [lo, hi] = extents[c] as [number, number];
    const start = starts[c] as number;
    const from: Point = [start - CLUSTER_PAD, lo - CLUSTER_PAD - titleRoom];
    const to: Point = [start + (depth[c] as number) + CLUSTER_PAD, hi + CLUSTER_PAD];
    const titleAt: Point = [start + (depth[c] as number) / 2, lo - CLUSTER_PAD / 2 - titleRoom / 2];
    clusters.push({ title: column.title, name: `cluster_${c}`, from, to, titleAt });
  });
  return { lr, labelled, nodes, edges, clusters, labelSize };
}

function listOf(map: Map<string, NeuronEdge[]>, key: string): NeuronEdge[] {
  let list = map.get(key);
  if (list === undefined) map.set(key, (list = []));
  return list;
}

