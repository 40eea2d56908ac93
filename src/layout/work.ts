import type { TracedGraph } from '../graph/trace.js';
import { virtualBudget } from './chains.js';
import { coordinateSweepsFor } from './coordinates.js';
import { sweepsFor, transposePassesFor } from './order.js';

/** What the cost of a layered layout depends on, known before it runs. */
export interface LayeredShape {
  /** Values in the graph (records). */
  values: number;
  /** Values made by an op (each adds an op node and an edge). */
  ops: number;
  /** Input edges (one per operand occurrence). */
  inputs: number;
  /** Ranks of the computation if known (the longest chain of values); bounds the virtual nodes. */
  depth?: number;
}

export interface LayeredCost {
  /** Nodes and virtual nodes the layout handles, at most. */
  nodes: number;
  edges: number;
  /** Abstract units of work, linear in nodes and edges times the log of a layer's size. */
  work: number;
  /** Milliseconds on a 2-CPU machine of the bench's kind, from `work` (layout and SVG writing). */
  estimatedMs: number;
}

/** Microseconds per unit of work: the slowest seen from 1,000 to 100,000 values (bench/layout.ts), so an upper bound. */
const MICROSECONDS_PER_UNIT = 0.06;

/**
 * An upper bound on the layered engine's work, near-linear in the graph: virtual nodes are capped
 * by a budget linear in the graph, every pass is a fixed number of sweeps, and sorting within a
 * layer costs at most its log.
 */
export function layeredCost(shape: LayeredShape): LayeredCost {
  const real = shape.values + shape.ops;
  const edges = shape.ops + shape.inputs;
  const spanBound = shape.depth === undefined ? Infinity : 2 * edges * Math.max(0, 2 * shape.depth - 1);
  const virtual = Math.min(virtualBudget(real), spanBound);
  const nodes = real + virtual;
  const layeredEdges = edges + virtual;
  const log = Math.log2(nodes + 2);
  // Each sweep sorts every layer, counts crossings and transposes neighbours. Sweep counts fall as
  // graphs grow, so those for the real nodes alone are at least what the layout will use.
  const sweeps = sweepsFor(real) + 1;
  const ordering = sweeps * ((nodes + layeredEdges) * log + transposePassesFor(real) * 2 * layeredEdges);
  const placing = coordinateSweepsFor(real) * (nodes + 2 * layeredEdges);
  const drawing = 20 * (real + edges) + 4 * virtual;
  const work = Math.ceil(ordering + placing + drawing);
  return { nodes, edges: layeredEdges, work, estimatedMs: (work * MICROSECONDS_PER_UNIT) / 1000 };
}

/** The shape of a traced graph, in one pass. */
export function layeredShape(graph: TracedGraph): LayeredShape {
  let ops = 0;
  let inputs = 0;
  const depth = new Map<string, number>();
  let deepest = 0;
  for (const node of graph.nodes) {
    if (node.op !== '') ops++;
    inputs += node.inputs.length;
    let d = 0;
    for (const input of node.inputs) d = Math.max(d, (depth.get(input) ?? 0) + 1);
    depth.set(node.id, d);
    deepest = Math.max(deepest, d);
  }
  return { values: graph.nodes.length, ops, inputs, depth: deepest + 1 };
}
