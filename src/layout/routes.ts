import { adjacency } from './adjacency.js';
import type { Layered } from './chains.js';
import type { Placement, Sizes } from './coordinates.js';
import type { ResultArrays } from './result-arrays.js';
import { scratchFloat64, scratchInt32 } from './scratch.js';

/** A point as (along the ranks, across them); the writer turns it into x, y for the rankdir. */
export type Point = [main: number, cross: number];

/**
 * Every edge's line and arrowhead, in flat typed arrays: a large graph's routes have millions of
 * points, which as small arrays of their own were most of the garbage collector's work.
 * Coordinates are (along the ranks, across them) pairs.
 */
export interface Routes {
  /** Edge e's pieces are [pieceStart[e], pieceStart[e + 1]). */
  pieceStart: Int32Array;
  /** Six numbers a piece, from 6 * piece: its two controls and its end, a cubic from the end before. */
  pieces: Float64Array;
  /** 1 where the piece is a straight run (its controls are its ends), drawn as a line; else 0. */
  straight: Uint8Array;
  /** Eight numbers an edge, from 8 * e: its start, then its arrowhead's left corner, tip and right corner. */
  ends: Float64Array;
}

/**
 * Pieces the edges may need: each the run out of its source, a bend and a run for each virtual
 * node or for its lane, a bend and a run into its target. Summed over the edges: twice the nodes
 * of their routes (ends and virtual nodes) and one more per edge.
 */
function maxPieces(layered: Layered): number {
  return 2 * layered.routeNodes.length + (layered.routeStart.length - 1);
}

/** The typed values the routes keep, by kind (see ResultArrays). */
export function routesSize(layered: Layered): { float64s: number; int32s: number; bytes: number } {
  const edges = layered.routeStart.length - 1;
  const most = maxPieces(layered);
  return { float64s: 8 * edges + 6 * most, int32s: edges + 1, bytes: most };
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
  kept: ResultArrays,
): Routes {
  const { routeStart, routeNodes } = layered;
  const edges = routeStart.length - 1;
  const out = portOffsets(layered, placement, sizes, edges, true);
  const into = portOffsets(layered, placement, sizes, edges, false);
  const { main, cross, rankStart, rankSize } = placement;
  const ends = kept.float64(8 * edges);
  const most = maxPieces(layered);
  const path = new PathBuilder(kept.float64(6 * most), kept.int32(edges + 1), kept.uint8(most));
  for (let e = 0; e < edges; e++) {
    const first = routeStart[e] as number;
    const last = (routeStart[e + 1] as number) - 1;
    const u = routeNodes[first] as number;
    const w = routeNodes[last] as number;
    const ru = layered.rank[u] as number;
    const startMain = (main[u] as number) + (sizes.main[u] as number) / 2;
    const startCross = (cross[u] as number) + (out[e] as number);
    path.begin(startMain, startCross);
    path.lineTo((rankStart[ru] as number) + (rankSize[ru] as number), startCross);
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
    const tipMain = (main[w] as number) - half + inset;
    const tipCross = (cross[w] as number) + offset;
    const baseMain = tipMain - ARROW_LENGTH;
    const rw = layered.rank[w] as number;
    if (baseMain - (rankStart[rw] as number) > 1) {
      path.bendTo(rankStart[rw] as number, tipCross);
      path.lineTo(baseMain, tipCross);
    } else {
      path.bendTo(baseMain, tipCross);
    }
    const at = 8 * e;
    ends[at] = startMain;
    ends[at + 1] = startCross;
    ends[at + 2] = baseMain;
    ends[at + 3] = tipCross - ARROW_HALF_WIDTH;
    ends[at + 4] = tipMain;
    ends[at + 5] = tipCross;
    ends[at + 6] = baseMain;
    ends[at + 7] = tipCross + ARROW_HALF_WIDTH;
  }
  return path.done(ends);
}

/** Builds the edges' cubic pieces, one edge after another: straight runs through ranks, S-bends between them. */
class PathBuilder {
  private count = 0;
  private edge = 0;
  // Where the path is, and whether its last piece is a straight run at that height, which a
  // straight next piece extends (a chain through many ranks at one height is then one piece).
  private atMain = 0;
  private atCross = 0;
  private straightLast = false;
  private startMain = 0;
  private startCross = 0;

  /** Room for every piece the edges may need (see maxPieces), and for each edge's first piece. */
  constructor(
    private readonly pieces: Float64Array,
    private readonly pieceStart: Int32Array,
    private readonly straight: Uint8Array,
  ) {}

  /** Starts the next edge's path at (main, cross). */
  begin(main: number, cross: number): void {
    this.pieceStart[this.edge++] = this.count;
    this.atMain = this.startMain = main;
    this.atCross = this.startCross = cross;
    this.straightLast = false;
  }

  lineTo(main: number, cross: number): void {
    if (main - this.atMain < 0.01) return;
    if (this.straightLast) {
      // Extend the run: drop its piece and draw one from where that piece began.
      this.count--;
      const atStart = this.count === this.pieceStart[this.edge - 1];
      this.atMain = atStart ? this.startMain : (this.pieces[6 * this.count - 2] as number);
      this.atCross = atStart ? this.startCross : (this.pieces[6 * this.count - 1] as number);
    }
    this.push(this.atMain, this.atCross, main, cross, main, cross, 1);
  }

  bendTo(main: number, cross: number): void {
    // Within a point of the current height is drawn straight: the path stays within a point of its
    // virtual nodes (which keep at least six apart), and long chains become single lines.
    if (Math.abs(cross - this.atCross) < 1) return this.lineTo(main, this.atCross);
    const mid = (this.atMain + main) / 2;
    this.push(mid, this.atCross, mid, cross, main, cross, 0);
  }

  /** The routes built, with the edges' `ends`: the arrays cut to the pieces used. */
  done(ends: Float64Array): Routes {
    this.pieceStart[this.edge] = this.count;
    // Written out: spreading an object here took as long as routing the lecture's edges.
    return { pieceStart: this.pieceStart, pieces: this.pieces.subarray(0, 6 * this.count), straight: this.straight.subarray(0, this.count), ends };
  }

  private push(c1Main: number, c1Cross: number, c2Main: number, c2Cross: number, main: number, cross: number, straight: 0 | 1): void {
    const at = 6 * this.count;
    const { pieces } = this;
    pieces[at] = c1Main;
    pieces[at + 1] = c1Cross;
    pieces[at + 2] = c2Main;
    pieces[at + 3] = c2Cross;
    pieces[at + 4] = main;
    pieces[at + 5] = cross;
    this.straight[this.count++] = straight;
    this.atMain = main;
    this.atCross = cross;
    this.straightLast = straight === 1;
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
