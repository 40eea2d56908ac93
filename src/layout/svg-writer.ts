import type { DotOptions } from '../graph/dot.js';
import { PALETTES, type Palette } from '../graph/palette.js';
import type { ClusterOutline } from './clusters.js';
import type { Placement } from './coordinates.js';
import type { LayoutGraph } from './layout-graph.js';
import type { Field, NodeBox } from './node-boxes.js';
import type { Point, Routes } from './routes.js';
import { labelLines, xmlText } from './svg-text.js';
import { LINE_HEIGHT } from './text-width.js';

const MARGIN = 4;
/** From the middle of a line of 14pt Times to its baseline, as Graphviz places text. */
export const BASELINE = 4.2;
// Text attributes are set once on the root group and inherited (Graphviz repeats them on every
// <text>): a third less SVG to write and send for large graphs.
const TEXT = 'xml:space="preserve" text-anchor="middle" font-family="Times,serif" font-size="14.00"';

export interface Drawing {
  graph: LayoutGraph;
  placement: Placement;
  routes: Routes;
  clusters: ClusterOutline[];
  /** Title of each cluster as the DOT writer numbers them (`cluster_0`, ...), by group id. */
  clusterNames: string[];
}

/** `x` rounded to hundredths, as String(Math.round(x * 100) / 100) writes it; never `-0`. */
export function svgNumber(x: number): string {
  return hundredths(Math.round(x * 100));
}
const n = svgNumber;

// '', '.01', ..., '.1', ..., '.99': the written tail of each count of hundredths.
const FRACTIONS = Array.from({ length: 100 }, (_, h) => (h === 0 ? '' : h % 10 === 0 ? `.${h / 10}` : `.${h < 10 ? '0' : ''}${h}`));

/**
 * Counts of hundredths already written, from -MEMO_SPAN to MEMO_SPAN: the relative steps of every
 * path and the absolute coordinates of a picture up to 1,310 points wide, the numbers of almost
 * every SVG, are then looked up rather than built (the lecture picture's writing takes a quarter
 * less time). Filled as numbers are met, so it holds at most 262,143 short strings.
 */
const MEMO_SPAN = 1 << 17;
const written: string[] = new Array<string>(2 * MEMO_SPAN).fill('');

/** An integer count of hundredths written as a number: `1234` is `12.34`, `-50` is `-0.5`, `-0` is `0`. */
export function hundredths(h: number): string {
  if (h <= -MEMO_SPAN || h >= MEMO_SPAN) return writeHundredths(h);
  const known = written[h + MEMO_SPAN] as string;
  // No count writes as '' (zero is '0').
  return known !== '' ? known : (written[h + MEMO_SPAN] = writeHundredths(h));
}

function writeHundredths(h: number): string {
  // From integers and a table, not by dividing: faster, and no binary fraction to round again.
  if (h < 0) {
    const whole = Math.floor(-h / 100);
    return `-${whole}${FRACTIONS[-h - whole * 100] as string}`;
  }
  const whole = Math.floor(h / 100);
  return `${whole}${FRACTIONS[h - whole * 100] as string}`;
}

/**
 * Path data from points in hundredths: the first point absolute, every later one relative to the
 * one before, as `h` or `v` when the step runs along an axis, with a command letter only where the
 * command changes. The points, and so the picture, are those absolute coordinates rounded to
 * hundredths would give, in about half the bytes: a wide picture's coordinates have seven digits,
 * its steps two or three.
 */
export class RelativePath {
  d: string;
  private x: number;
  private y: number;
  private last = 'M';

  constructor(x: number, y: number) {
    this.d = `M${hundredths(x)},${hundredths(y)}`;
    this.x = x;
    this.y = y;
  }

  lineTo(x: number, y: number): void {
    const dx = x - this.x;
    const dy = y - this.y;
    if (dy === 0) this.command('h', hundredths(dx));
    else if (dx === 0) this.command('v', hundredths(dy));
    else this.command('l', pair(dx, dy));
    this.x = x;
    this.y = y;
  }

  curveTo(x1: number, y1: number, x2: number, y2: number, x: number, y: number): void {
    const { x: x0, y: y0 } = this;
    this.command('c', pair(x1 - x0, y1 - y0) + separated(pair(x2 - x0, y2 - y0)) + separated(pair(x - x0, y - y0)));
    this.x = x;
    this.y = y;
  }

  /** Lifts the pen to a new start. */
  moveTo(x: number, y: number): void {
    this.command('m', pair(x - this.x, y - this.y));
    this.x = x;
    this.y = y;
  }

  private command(letter: string, numbers: string): void {
    // A repeated command needs no letter again, only a separator (a minus sign is one); but numbers
    // after a move are lines, so every move keeps its letter.
    this.d += letter === this.last && letter !== 'm' ? separated(numbers) : letter + numbers;
    this.last = letter;
  }
}

function pair(a: number, b: number): string {
  return b < 0 ? hundredths(a) + hundredths(b) : `${hundredths(a)},${hundredths(b)}`;
}

function separated(numbers: string): string {
  return numbers.charCodeAt(0) === 45 ? numbers : ` ${numbers}`;
}

/** Where the layout's points (along, across the ranks) fall in the picture, in hundredths of a point. */
class Frame {
  constructor(
    readonly lr: boolean,
    /** Added to x and y, in points: the shift that puts the drawing at the margin. */
    readonly dx: number,
    readonly dy: number,
  ) {}

  x(p: Point): number {
    return Math.round(((this.lr ? p[0] : p[1]) + this.dx) * 100);
  }

  y(p: Point): number {
    return Math.round(((this.lr ? p[1] : p[0]) + this.dy) * 100);
  }

  /** x of the point whose (along, across) pair starts at values[i], as in the routes' flat arrays. */
  xAt(values: Float64Array, i: number): number {
    return Math.round((((this.lr ? values[i] : values[i + 1]) as number) + this.dx) * 100);
  }

  yAt(values: Float64Array, i: number): number {
    return Math.round((((this.lr ? values[i + 1] : values[i]) as number) + this.dy) * 100);
  }
}

/**
 * The SVG in Graphviz's structure, which the playground reads: a root `<g class="graph">`, one
 * `<g class="node">` per node whose `<title>` is its id (`n3`, `n3_op`), one `<g class="edge">`
 * per edge titled `from->to`, record outlines as polygons and op nodes as ellipses. User text only
 * ever appears as escaped text content.
 *
 * Written compactly, since a picture of 20,000 values has to fit the output budget: the edges sit
 * in one group that gives them the line colour (Graphviz repeats it on every path and arrowhead),
 * path data is relative, a record's separators are one path, and each node and edge is one line.
 * Nodes set their own stroke, so that no text inherits one.
 */
export function writeSvg(drawing: Drawing, options: DotOptions): string {
  const palette = PALETTES[options.theme];
  const lr = options.rankdir === 'LR';
  const { graph, placement, routes } = drawing;
  const bounds = measure(drawing, lr);
  const frame = new Frame(lr, MARGIN - bounds.minX, MARGIN - bounds.minY);
  const width = n(bounds.maxX - bounds.minX + 2 * MARGIN);
  const height = n(bounds.maxY - bounds.minY + 2 * MARGIN);
  const line = palette.line;
  const edges = routes.pieceStart.length - 1;
  const out = new Lines(graph.titles.length + edges > LARGE_PICTURE);
  out.push('<?xml version="1.0" encoding="UTF-8" standalone="no"?>');
  out.push(`<svg width="${width}pt" height="${height}pt" viewBox="0.00 0.00 ${width} ${height}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`);
  out.push(`<g id="graph0" class="graph" ${TEXT} fill="${palette.text}">`);
  if (palette.background !== 'transparent') {
    out.push(`<polygon fill="${palette.background}" stroke="none" points="0,0 ${width},0 ${width},${height} 0,${height}"/>`);
  }
  for (let k = 0; k < drawing.clusters.length; k++) out.push(clusterSvg(drawing, k, palette, frame));
  out.push(`<g fill="${line}" stroke="${line}">`);
  for (let e = 0; e < edges; e++) {
    const title = `${graph.titles[graph.from[e] as number] as string}&#45;&gt;${graph.titles[graph.to[e] as number] as string}`;
    // One string per edge: a large graph has hundreds of thousands of them.
    out.push(`<g id="edge${e + 1}" class="edge"><title>${title}</title>${edgePaths(routes, e, frame)}</g>`);
  }
  out.push('</g>');
  for (let v = 0; v < graph.titles.length; v++) {
    const box = graph.boxes[v] as NodeBox;
    const main = placement.main[v] as number;
    const cross = placement.cross[v] as number;
    const cx = (lr ? main : cross) + frame.dx;
    const cy = (lr ? cross : main) + frame.dy;
    const role = graph.roles[v];
    const fill = role !== undefined ? palette.roles[role] : (palette.fill ?? 'none');
    const shape =
      box.fields === undefined
        ? `<ellipse fill="${fill}" stroke="${line}" cx="${n(cx)}" cy="${n(cy)}" rx="${n(box.width / 2)}" ry="${n(box.height / 2)}"/>` +
          textLines(box.lines ?? [], cx, cy)
        : recordSvg(box, cx, cy, fill, lr, line);
    out.push(`<g id="node${v + 1}" class="node"><title>${graph.titles[v] as string}</title>${shape}</g>`);
  }
  out.push('</g>');
  out.push('</svg>');
  return out.done();
}

/** An edge's line (colour from the enclosing group, no fill) and its arrowhead (filled). */
function edgePaths(routes: Routes, e: number, frame: Frame): string {
  const { pieces, straight, ends } = routes;
  const at = 8 * e;
  const path = new RelativePath(frame.xAt(ends, at), frame.yAt(ends, at));
  for (let piece = routes.pieceStart[e] as number; piece < (routes.pieceStart[e + 1] as number); piece++) {
    const p = 6 * piece;
    // A straight run (its controls are its ends) is written as a line: a third of the numbers.
    if (straight[piece] === 1) path.lineTo(frame.xAt(pieces, p + 4), frame.yAt(pieces, p + 4));
    else path.curveTo(frame.xAt(pieces, p), frame.yAt(pieces, p), frame.xAt(pieces, p + 2), frame.yAt(pieces, p + 2), frame.xAt(pieces, p + 4), frame.yAt(pieces, p + 4));
  }
  const arrow = new RelativePath(frame.xAt(ends, at + 2), frame.yAt(ends, at + 2));
  arrow.lineTo(frame.xAt(ends, at + 4), frame.yAt(ends, at + 4));
  arrow.lineTo(frame.xAt(ends, at + 6), frame.yAt(ends, at + 6));
  return `<path fill="none" d="${path.d}"/><path d="${arrow.d}z"/>`;
}

/**
 * The SVG's lines. A small picture grows one string (V8 links the pieces and copies them once at
 * the end: a lecture picture in about 15 us); a large one is joined a few thousand lines at a
 * time, since one string linking millions of pieces keeps them all alive through every garbage
 * collection (twice the time for a 10,000-value graph).
 */
class Lines {
  private text = '';
  private pending: string[] = [];
  private readonly chunks: string[] = [];

  constructor(private readonly large: boolean) {}

  push(line: string): void {
    if (!this.large) {
      this.text += line + '\n';
      return;
    }
    this.pending.push(line);
    if (this.pending.length >= 2048) this.flush();
  }

  done(): string {
    if (!this.large) return this.text;
    this.flush();
    return this.chunks.join('');
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.pending.push('');
    this.chunks.push(this.pending.join('\n'));
    this.pending = [];
  }
}

/** Nodes and edges above which a picture is written in chunks (see Lines). */
const LARGE_PICTURE = 2_000;

/** A label's lines centred on (cx, cy), as Graphviz places a node's text. */
export function textLines(lines: readonly string[], cx: number, cy: number): string {
  const top = cy - ((lines.length - 1) * LINE_HEIGHT) / 2 + BASELINE;
  const x = n(cx);
  let svg = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line !== '') svg += `<text x="${x}" y="${n(top + i * LINE_HEIGHT)}">${xmlText(line)}</text>`;
  }
  return svg;
}

/**
 * A record `{ a | b | c }`: its outline, the lines between its fields (one path), and each field's
 * text. It sets its own stroke, since its texts must not inherit one.
 */
export function recordSvg(box: NodeBox, cx: number, cy: number, fill: string, lr: boolean, line: string): string {
  const x0 = cx - box.width / 2;
  const y0 = cy - box.height / 2;
  const hx0 = Math.round(x0 * 100);
  const hy0 = Math.round(y0 * 100);
  const hx1 = Math.round((x0 + box.width) * 100);
  const hy1 = Math.round((y0 + box.height) * 100);
  const sx0 = hundredths(hx0);
  const sy0 = hundredths(hy0);
  const sx1 = hundredths(hx1);
  const sy1 = hundredths(hy1);
  const fields = box.fields ?? [];
  let separators: RelativePath | undefined;
  let texts = '';
  let at = lr ? x0 : y0;
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] as Field;
    if (i > 0) {
      // Across the record, from side to side.
      const h = Math.round(at * 100);
      const x = lr ? h : hx0;
      const y = lr ? hy0 : h;
      if (separators === undefined) separators = new RelativePath(x, y);
      else separators.moveTo(x, y);
      separators.lineTo(lr ? x : hx1, lr ? hy1 : y);
    }
    const middle = at + field.extent / 2;
    texts += textLines(field.lines, lr ? middle : cx, lr ? cy : middle);
    at += field.extent;
  }
  const outline = `<polygon fill="${fill}" stroke="${line}" points="${sx0},${sy0} ${sx1},${sy0} ${sx1},${sy1} ${sx0},${sy1}"/>`;
  return separators === undefined ? outline + texts : `${outline}<path fill="none" stroke="${line}" d="${separators.d}"/>${texts}`;
}

function clusterSvg(drawing: Drawing, k: number, palette: Palette, frame: Frame): string {
  const cluster = drawing.clusters[k] as ClusterOutline;
  let d = '';
  for (const points of cluster.outlines) {
    const first = points[0];
    if (first === undefined) continue;
    const path = new RelativePath(frame.x(first), frame.y(first));
    for (let i = 1; i < points.length; i++) path.lineTo(frame.x(points[i] as Point), frame.y(points[i] as Point));
    d += `${path.d}z`;
  }
  const { main, cross, crossEnd, room } = cluster.title;
  const at: Point = frame.lr ? [main + room / 2, cross + LINE_HEIGHT / 2 + 6] : [main + LINE_HEIGHT / 2 + 4, (cross + crossEnd) / 2];
  const x = hundredths(frame.x(at));
  const lines = labelLines(drawing.graph.groups[cluster.group]?.title ?? '');
  const top = frame.y(at) / 100 - ((lines.length - 1) * LINE_HEIGHT) / 2 + BASELINE;
  let texts = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line !== '') texts += `<text x="${x}" y="${n(top + i * LINE_HEIGHT)}" fill="${palette.clusterText}">${xmlText(line)}</text>`;
  }
  const name = drawing.clusterNames[cluster.group] as string;
  return `<g id="clust${k + 1}" class="cluster"><title>${name}</title><path fill="none" stroke="${palette.cluster}" d="${d}"/>${texts}</g>`;
}

interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The extent of points along and across the ranks (no arrays made per point). */
class Extent {
  minMain = Infinity;
  maxMain = -Infinity;
  minCross = Infinity;
  maxCross = -Infinity;

  add(main: number, cross: number): void {
    if (main < this.minMain) this.minMain = main;
    if (main > this.maxMain) this.maxMain = main;
    if (cross < this.minCross) this.minCross = cross;
    if (cross > this.maxCross) this.maxCross = cross;
  }
}

/** The extent of everything drawn, in x, y before the shift that puts it at the margin. */
function measure(drawing: Drawing, lr: boolean): Bounds {
  const extent = new Extent();
  const { graph, placement } = drawing;
  const boxes = graph.boxes;
  for (let v = 0; v < boxes.length; v++) {
    const box = boxes[v] as NodeBox;
    const halfMain = (lr ? box.width : box.height) / 2;
    const halfCross = (lr ? box.height : box.width) / 2;
    const main = placement.main[v] as number;
    const cross = placement.cross[v] as number;
    extent.add(main - halfMain, cross - halfCross);
    extent.add(main + halfMain, cross + halfCross);
  }
  const pieces = drawing.routes.pieces;
  for (let i = 0; i < pieces.length; i += 2) extent.add(pieces[i] as number, pieces[i + 1] as number);
  for (const cluster of drawing.clusters) for (const outline of cluster.outlines) for (const p of outline) extent.add(p[0], p[1]);
  const { minMain, maxMain, minCross, maxCross } = extent;
  if (minMain === Infinity) return { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  return lr
    ? { minX: minMain, minY: minCross, maxX: maxMain, maxY: maxCross }
    : { minX: minCross, minY: minMain, maxX: maxCross, maxY: maxMain };
}
