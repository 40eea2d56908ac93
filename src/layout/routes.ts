import { adjacency } from './adjacency.js';
import type { Layered } from './chains.js';
import type { Placement, Sizes } from './coordinates.js';
import { scratchFloat64, scratchInt32 } from './scratch.js';

/** A point as (along the ranks, across them); the writer turns it into x, y for the rankdir. */
export type Point = [main: number, cross: number];

/** One drawn edge: a start, then cubic pieces of three points each, and its arrowhead. */
export interface Route {
  start: Point;
  /** Control, control, end; repeated. */
  curve: Point[];
  arrow: [Point, Point, Point];
}

const ARROW_LENGTH = 10;
const ARROW_HALF_WIDTH = 3.5;
/** Share of a node's side over which its edges spread, so that they leave and arrive in order. */
const PORT_SPREAD = 0.6;

/**
 * Routes every edge: out of the far side of its source, straight through the ranks it crosses (at
 * the place its virtual node holds), with an S-shaped cubic in each gap between ranks, into the
 * near side of its target, where an arrowhead ends on the outline (an ellipse for op nodes). Edges
 * at one node are spread along its side in the order of where they come from, so they do not cross
 * there. An edge without virtual nodes (a very long one) runs along its lane (see lanes.ts).
 */
export function routeEdges(
  layered: Layered,
  placement: Placement,
  sizes: Sizes,
  ellipse: (v: number) => boolean,
  lanes: Float64Array,
): Route[] {
  const { routeStart, routeNodes } = layered;
  const edges = routeStart.length - 1;
  const out = portOffsets(layered, placement, sizes, edges, true);
  const into = portOffsets(layered, placement, sizes, edges, false);
  const { main, cross, rankStart, rankSize } = placement;
  const routes: Route[] = [];
  for (let e = 0; e < edges; e++) {
    const first = routeStart[e] as number;
    const last = (routeStart[e + 1] as number) - 1;
    const u = routeNodes[first] as number;
    const w = routeNodes[last] as number;
    const ru = layered.rank[u] as number;
    const start: Point = [(main[u] as number) + (sizes.main[u] as number) / 2, (cross[u] as number) + (out[e] as number)];
    const path = new PathBuilder(start);
    path.lineTo((rankStart[ru] as number) + (rankSize[ru] as number), start[1]);
    for (let k = first + 1; k < last; k++) {
      const v = routeNodes[k] as number;
      const r = layered.rank[v] as number;
      path.bendTo(rankStart[r] as number, cross[v] as number);
      path.lineTo((rankStart[r] as number) + (rankSize[r] as number), cross[v] as number);
    }
    const lane = lanes[e] as number;
    if (!Number.isNaN(lane)) {
      const from = ru + 1;
      const to = (layered.rank[w] as number) - 1;
      path.bendTo(rankStart[from] as number, lane);
      path.lineTo((rankStart[to] as number) + (rankSize[to] as number), lane);
    }
    const offset = into[e] as number;
    const half = (sizes.main[w] as number) / 2;
    const radius = (sizes.cross[w] as number) / 2;
    const inset = ellipse(w) ? half * (1 - Math.sqrt(Math.max(0, 1 - (offset / radius) ** 2))) : 0;
    const tip: Point = [(main[w] as number) - half + inset, (cross[w] as number) + offset];
    const base: Point = [tip[0] - ARROW_LENGTH, tip[1]];
    const rw = layered.rank[w] as number;
    if (base[0] - (rankStart[rw] as number) > 1) {
      path.bendTo(rankStart[rw] as number, base[1]);
      path.lineTo(base[0], base[1]);
    } else {
      path.bendTo(base[0], base[1]);
    }
    routes.push({ start, curve: path.curve, arrow: [[base[0], base[1] - ARROW_HALF_WIDTH], tip, [base[0], base[1] + ARROW_HALF_WIDTH]] });
  }
  return routes;
}

/** Builds one edge's cubic pieces: straight runs through ranks, S-bends between them. */
class PathBuilder {
  readonly curve: Point[] = [];
  private at: Point;
  // Whether the last piece is a straight run at `at`'s height, which a straight next piece extends
  // (a chain through many ranks at one height is then a single piece of the path).
  private straight = false;

  constructor(private readonly start: Point) {
    this.at = start;
  }

  lineTo(main: number, cross: number): void {
    if (main - this.at[0] < 0.01) return;
    const { curve } = this;
    if (this.straight) {
      curve.length -= 3;
      this.at = curve.length === 0 ? this.start : (curve[curve.length - 1] as Point);
    }
    const p: Point = [main, cross];
    curve.push(this.at, p, p);
    this.at = p;
    this.straight = true;
  }

  bendTo(main: number, cross: number): void {
    const { at } = this;
    // Within a point of the current height is drawn straight: the path stays within a point of its
    // virtual nodes (which keep at least six apart), and long chains become single lines.
    if (Math.abs(cross - at[1]) < 1) return this.lineTo(main, at[1]);
    const mid = (at[0] + main) / 2;
    const p: Point = [main, cross];
    this.curve.push([mid, at[1]], [mid, cross], p);
    this.at = p;
    this.straight = false;
  }
}

/**
 * Where on its node's side each edge attaches, as an offset across the ranks: edges leaving (or
 * entering) one node are spread evenly in the order of their other end's place.
 */
function portOffsets(layered: Layered, placement: Placement, sizes: Sizes, edges: number, leaving: boolean): Float64Array {
  const { routeStart, routeNodes } = layered;
  const offsets = scratchFloat64(edges);
  const ends = scratchInt32(edges);
  const others = scratchInt32(edges);
  for (let e = 0; e < edges; e++) {
    const first = routeStart[e] as number;
    const last = (routeStart[e + 1] as number) - 1;
    ends[e] = routeNodes[leaving ? first : last] as number;
    others[e] = routeNodes[leaving ? first + 1 : last - 1] as number;
  }
  const byNode = adjacency(layered.count, ends, others);
  const list: number[] = [];
  for (let v = 0; v < layered.count; v++) {
    const from = byNode.start[v] as number;
    const count = (byNode.start[v + 1] as number) - from;
    if (count < 2) continue;
    list.length = 0;
    for (let k = 0; k < count; k++) list.push(byNode.edge[from + k] as number);
    list.sort((a, b) => (placement.cross[others[a] as number] as number) - (placement.cross[others[b] as number] as number) || a - b);
    const spread = Math.min(PORT_SPREAD * (sizes.cross[v] as number), 8 * (count - 1));
    list.forEach((e, k) => (offsets[e] = spread * (k / (count - 1) - 0.5)));
  }
  return offsets;
}
