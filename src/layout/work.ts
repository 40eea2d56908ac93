import { NODE_FLOOR, virtualBudget } from './chains.js';
import type { GraphShape } from './cost.js';
import { coordinateSweepsFor } from './coordinates.js';
import { MAX_LANES_REFINED, REFINING_PASSES } from './lanes.js';
import { LARGE_LAYOUT, sweepsFor, transposePassesFor } from './order.js';
import { rankingWork } from './ranks.js';

export interface LayeredCost {
  /** Nodes and virtual nodes the layout handles, at most. */
  nodes: number;
  edges: number;
  /** Abstract units of work, linear in nodes and edges times the log of a layer's size. */
  work: number;
  /** Milliseconds on a 2-CPU machine of the bench's kind, from `work` (layout and SVG writing). */
  estimatedMs: number;
}

/**
 * Microseconds per unit of work: the slowest seen from 1,000 to 100,000 values (bench/layout.ts,
 * compiled code on a 2-CPU machine at load 7: 0.065), with a sixth more to spare, so an upper bound.
 */
const MICROSECONDS_PER_UNIT = 0.075;

/**
 * An upper bound on the layered engine's work, near-linear in the graph: virtual nodes are capped
 * by the budget of chains.ts, every pass is a fixed number of sweeps, and sorting within a layer
 * costs at most its log.
 */
export function layeredCost(shape: GraphShape, nodeFloor = NODE_FLOOR): LayeredCost {
  const real = shape.values + shape.opNodes;
  const edges = shape.edges;
  // No edge spans more ranks than the graph has, twice over where it joins clusters (ranks.ts: in
  // all, network simplex only shortens them).
  const spanBound = 2 * edges * shape.rankSpan;
  const virtual = Math.min(virtualBudget(real, shape.virtualNodes, nodeFloor), spanBound);
  // A large layout gets fewer sweeps, so fewer virtual nodes than the bound can mean more work:
  // the most is at the bound or just below the size where sweeps halve.
  let work = layoutWork(real, edges, virtual);
  if (real <= LARGE_LAYOUT && real + virtual > LARGE_LAYOUT) work = Math.max(work, layoutWork(real, edges, LARGE_LAYOUT - real));
  // Edges past the budget run in lanes, whose sides are refined pair by pair (a unit a comparison).
  if (virtual < spanBound) work += REFINING_PASSES * Math.min(edges, MAX_LANES_REFINED) ** 2;
  // Ranking: network simplex within its allowance, a unit of it costing no more than one here.
  work += rankingWork(shape.values, edges - shape.opNodes);
  return { nodes: real + virtual, edges: edges + virtual, work, estimatedMs: (work * MICROSECONDS_PER_UNIT) / 1000 };
}

/** Units of work for `real` drawn nodes, `edges` edges and `virtual` virtual nodes. */
function layoutWork(real: number, edges: number, virtual: number): number {
  const nodes = real + virtual;
  const layeredEdges = edges + virtual;
  const log = Math.log2(nodes + 2);
  // Each sweep sorts every layer, counts crossings and transposes neighbours.
  const sweeps = sweepsFor(nodes) + 1;
  const ordering = sweeps * ((nodes + layeredEdges) * log + transposePassesFor(nodes) * 2 * layeredEdges);
  const placing = coordinateSweepsFor(nodes) * (nodes + 2 * layeredEdges);
  const drawing = 20 * (real + edges) + 4 * virtual;
  return Math.ceil(ordering + placing + drawing);
}
