import type { Value } from '../engine/index.js';
import type { DotOptions, NodeDecoration } from '../graph/dot.js';
import type { TracedGraph } from '../graph/trace.js';
import { makeLayered, NODE_FLOOR } from './chains.js';
import { outlineClusters } from './clusters.js';
import { graphShape } from './cost.js';
import { CLUSTER_PAD, placeNodes, placementSize, type Sizes } from './coordinates.js';
import { assignLanes } from './lanes.js';
import { buildLayoutGraph, type LayoutGraph } from './layout-graph.js';
import { orderLayers } from './order.js';
import { assignRanks } from './ranks.js';
import { ResultArrays } from './result-arrays.js';
import { routeEdges, routesSize } from './routes.js';
import { writeSvg, type Drawing } from './svg-writer.js';
import { LINE_HEIGHT } from './text-width.js';
import { resetScratch, scratchFloat64 } from './scratch.js';

export { NODE_FLOOR } from './chains.js';
export { layeredCost, type LayeredCost } from './work.js';

export interface LayeredLayout extends Drawing {
  /** Crossings between adjacent layers after ordering (edges drawn directly not counted). */
  crossings: number;
  virtualNodes: number;
}

/**
 * Lays out a traced graph the way `draw_dot` pictures look, without Graphviz: ranks from the
 * computation, ordering by barycenter sweeps, coordinates by smoothing sweeps, long edges as chains
 * within a budget known before it starts, and in lanes past it (`nodeFloor`: see chains.ts). Pure
 * and deterministic: same graph and options, same layout.
 */
export function layoutLayered(
  graph: TracedGraph,
  options: DotOptions,
  decorate?: (value: Value) => NodeDecoration | undefined,
  nodeFloor = NODE_FLOOR,
): LayeredLayout {
  resetScratch();
  const input = buildLayoutGraph(graph, options, decorate);
  const rank = assignRanks(input);
  const layered = makeLayered(input, rank, () => graphShape(graph.nodes).virtualNodes, nodeFloor);
  const { layers, crossings } = orderLayers(layered, input.groups.length);
  const sizes = nodeSizes(input, layered.count, options);
  // What the layout returns, in one buffer: the placement, then the routes.
  const routesNeed = routesSize(layered);
  const kept = new ResultArrays(placementSize(layered.count, layers.length) + routesNeed.float64s, routesNeed.int32s, routesNeed.bytes);
  const placement = placeNodes(layered, layers, sizes, kept);
  const ellipse = (v: number): boolean => v < input.titles.length && input.boxes[v]?.fields === undefined;
  const pad = (v: number): number => (layered.paths[v] as readonly number[]).length * (CLUSTER_PAD + sizes.titleRoom);
  const lanes = assignLanes(layered, layers, placement, sizes, pad);
  const routes = routeEdges(layered, placement, sizes, ellipse, lanes, kept);
  const clusters = outlineClusters(layered, input.groups, placement, sizes);
  return { graph: input, placement, routes, clusters, clusterNames: clusterNames(input), crossings, virtualNodes: layered.count - layered.real };
}

/** The SVG of `layoutLayered`: the same element structure as Graphviz's, in every theme. */
export function renderLayeredSvg(
  graph: TracedGraph,
  options: DotOptions,
  decorate?: (value: Value) => NodeDecoration | undefined,
  nodeFloor = NODE_FLOOR,
): string {
  return writeSvg(layoutLayered(graph, options, decorate, nodeFloor), options);
}

function nodeSizes(input: LayoutGraph, count: number, options: DotOptions): Sizes {
  const lr = options.rankdir === 'LR';
  const main = scratchFloat64(count);
  const cross = scratchFloat64(count);
  input.boxes.forEach((box, v) => {
    main[v] = lr ? box.width : box.height;
    cross[v] = lr ? box.height : box.width;
  });
  // In LR a cluster's title sits above its members, so it needs room across the ranks.
  return { main, cross, titleRoom: lr ? LINE_HEIGHT + 4 : 0 };
}

/** `cluster_K` numbered depth-first in order of first appearance, as toDot numbers its subgraphs. */
function clusterNames(input: LayoutGraph): string[] {
  const children = input.groups.map((): number[] => []);
  const top: number[] = [];
  input.groups.forEach((group, g) => (group.parent < 0 ? top : (children[group.parent] as number[])).push(g));
  const names: string[] = new Array<string>(input.groups.length);
  let next = 0;
  const stack = [...top].reverse();
  while (stack.length > 0) {
    const g = stack.pop() as number;
    names[g] = `cluster_${next++}`;
    stack.push(...[...(children[g] as number[])].reverse());
  }
  return names;
}
