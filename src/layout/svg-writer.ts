import type { DotOptions } from '../graph/dot.js';
import { PALETTES, type Palette } from '../graph/palette.js';
import type { ClusterOutline } from './clusters.js';
import type { Placement } from './coordinates.js';
import type { LayoutGraph } from './layout-graph.js';
import type { NodeBox } from './node-boxes.js';
import type { Point, Route } from './routes.js';
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
  routes: Route[];
  clusters: ClusterOutline[];
  /** Title of each cluster as the DOT writer numbers them (`cluster_0`, ...), by group id. */
  clusterNames: string[];
}

/** `x` rounded to hundredths, as String(Math.round(x * 100) / 100) writes it, from integers (faster); never `-0`. */
export function svgNumber(x: number): string {
  const hundredths = Math.round(x * 100);
  const size = Math.abs(hundredths);
  const sign = hundredths < 0 ? '-' : '';
  const whole = Math.floor(size / 100);
  const part = size % 100;
  if (part === 0) return `${sign}${whole}`;
  if (part % 10 === 0) return `${sign}${whole}.${part / 10}`;
  return `${sign}${whole}.${part < 10 ? '0' : ''}${part}`;
}
const n = svgNumber;

/**
 * The SVG in Graphviz's structure, which the playground reads: a root `<g class="graph">`, one
 * `<g class="node">` per node whose `<title>` is its id (`n3`, `n3_op`), one `<g class="edge">`
 * per edge titled `from->to`, record outlines as polygons and op nodes as ellipses. User text only
 * ever appears as escaped text content.
 */
export function writeSvg(drawing: Drawing, options: DotOptions): string {
  const palette = PALETTES[options.theme];
  const lr = options.rankdir === 'LR';
  const { graph, placement } = drawing;
  const bounds = measure(drawing, lr);
  const dx = MARGIN - bounds.minX;
  const dy = MARGIN - bounds.minY;
  const xy = (p: Point): string => (lr ? `${n(p[0] + dx)},${n(p[1] + dy)}` : `${n(p[1] + dx)},${n(p[0] + dy)}`);
  const width = bounds.maxX - bounds.minX + 2 * MARGIN;
  const height = bounds.maxY - bounds.minY + 2 * MARGIN;
  const out = new Lines(graph.titles.length + drawing.routes.length > LARGE_PICTURE);
  out.push('<?xml version="1.0" encoding="UTF-8" standalone="no"?>');
  out.push(`<svg width="${n(width)}pt" height="${n(height)}pt" viewBox="0.00 0.00 ${n(width)} ${n(height)}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`);
  out.push(`<g id="graph0" class="graph" ${TEXT} fill="${palette.text}">`);
  if (palette.background !== 'transparent') {
    out.push(`<polygon fill="${palette.background}" stroke="none" points="0,0 ${n(width)},0 ${n(width)},${n(height)} 0,${n(height)}"/>`);
  }
  drawing.clusters.forEach((cluster, k) => writeCluster(out, cluster, k, drawing, palette, lr, xy));
  drawing.routes.forEach((route, e) => {
    const from = graph.titles[graph.from[e] as number] as string;
    const to = graph.titles[graph.to[e] as number] as string;
    let d = `M${xy(route.start)}`;
    for (let i = 0; i < route.curve.length; i += 3) {
      const end = route.curve[i + 2] as Point;
      // A straight run (its controls are its ends) is written as a line: half the numbers.
      const straight = route.curve[i + 1] === end && (i === 0 ? route.curve[i] === route.start : route.curve[i] === route.curve[i - 1]);
      d += straight ? `L${xy(end)}` : `C${xy(route.curve[i] as Point)} ${xy(route.curve[i + 1] as Point)} ${xy(end)}`;
    }
    const [left, tip, right] = route.arrow;
    // One string per edge: a large graph has hundreds of thousands of them.
    out.push(
      `<g id="edge${e + 1}" class="edge">\n<title>${from}&#45;&gt;${to}</title>\n` +
        `<path fill="none" stroke="${palette.line}" d="${d}"/>\n` +
        `<polygon fill="${palette.line}" stroke="${palette.line}" points="${xy(left)} ${xy(tip)} ${xy(right)} ${xy(left)}"/>\n</g>`,
    );
  });
  graph.titles.forEach((title, v) => {
    const box = graph.boxes[v] as NodeBox;
    const cx = lr ? (placement.main[v] as number) + dx : (placement.cross[v] as number) + dx;
    const cy = lr ? (placement.cross[v] as number) + dy : (placement.main[v] as number) + dy;
    const role = graph.roles[v];
    const fill = role !== undefined ? palette.roles[role] : (palette.fill ?? 'none');
    out.push(`<g id="node${v + 1}" class="node">\n<title>${title}</title>`);
    if (box.fields === undefined) {
      out.push(`<ellipse fill="${fill}" stroke="${palette.line}" cx="${n(cx)}" cy="${n(cy)}" rx="${n(box.width / 2)}" ry="${n(box.height / 2)}"/>`);
      writeLines(out, box.lines ?? [], cx, cy);
    } else {
      writeRecord(out, box, cx, cy, fill, lr, palette);
    }
    out.push('</g>');
  });
  out.push('</g>');
  out.push('</svg>');
  return out.done();
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

/** Where a writer puts its lines: an array, or the writer's own Lines. */
export interface LineSink {
  push(line: string): void;
}

/** A label's lines centred on (cx, cy), as Graphviz places a node's text. */
export function writeLines(out: LineSink, lines: readonly string[], cx: number, cy: number): void {
  const top = cy - ((lines.length - 1) * LINE_HEIGHT) / 2 + BASELINE;
  const x = n(cx);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line !== '') out.push(`<text x="${x}" y="${n(top + i * LINE_HEIGHT)}">${xmlText(line)}</text>`);
  }
}

/** A record `{ a | b | c }`: its outline, the lines between its fields, and each field's text. */
export function writeRecord(out: LineSink, box: NodeBox, cx: number, cy: number, fill: string, lr: boolean, palette: Palette): void {
  const x0 = cx - box.width / 2;
  const y0 = cy - box.height / 2;
  const [sx0, sy0, sx1, sy1] = [n(x0), n(y0), n(x0 + box.width), n(y0 + box.height)];
  const stroke = `stroke="${palette.line}"`;
  out.push(`<polygon fill="${fill}" ${stroke} points="${sx0},${sy0} ${sx1},${sy0} ${sx1},${sy1} ${sx0},${sy1} ${sx0},${sy0}"/>`);
  let at = lr ? x0 : y0;
  (box.fields ?? []).forEach((field, i) => {
    if (i > 0) {
      const sat = n(at);
      const points = lr ? `${sat},${sy0} ${sat},${sy1}` : `${sx0},${sat} ${sx1},${sat}`;
      out.push(`<polyline fill="none" ${stroke} points="${points}"/>`);
    }
    const middle = at + field.extent / 2;
    writeLines(out, field.lines, lr ? middle : cx, lr ? cy : middle);
    at += field.extent;
  });
}

function writeCluster(
  out: Lines,
  cluster: ClusterOutline,
  k: number,
  drawing: Drawing,
  palette: Palette,
  lr: boolean,
  xy: (p: Point) => string,
): void {
  const title = drawing.graph.groups[cluster.group]?.title ?? '';
  out.push(`<g id="clust${k + 1}" class="cluster">\n<title>${drawing.clusterNames[cluster.group]}</title>`);
  const d = cluster.outlines.map((points) => `M${points.map(xy).join(' L')} Z`).join(' ');
  out.push(`<path fill="none" stroke="${palette.cluster}" d="${d}"/>`);
  const { main, cross, crossEnd, room } = cluster.title;
  const at: Point = lr ? [main + room / 2, cross + LINE_HEIGHT / 2 + 6] : [main + LINE_HEIGHT / 2 + 4, (cross + crossEnd) / 2];
  const [x, y] = xy(at).split(',').map(Number) as [number, number];
  const lines = labelLines(title);
  const top = y - ((lines.length - 1) * LINE_HEIGHT) / 2 + BASELINE;
  lines.forEach((line, i) => {
    if (line === '') return;
    out.push(`<text x="${n(x)}" y="${n(top + i * LINE_HEIGHT)}" fill="${palette.clusterText}">${xmlText(line)}</text>`);
  });
  out.push('</g>');
}

interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The extent of everything drawn, in x, y before the shift that puts it at the margin. */
function measure(drawing: Drawing, lr: boolean): Bounds {
  // Along and across the ranks first (no arrays made per point), turned into x and y at the end.
  let minMain = Infinity;
  let maxMain = -Infinity;
  let minCross = Infinity;
  let maxCross = -Infinity;
  const add = (main: number, cross: number): void => {
    if (main < minMain) minMain = main;
    if (main > maxMain) maxMain = main;
    if (cross < minCross) minCross = cross;
    if (cross > maxCross) maxCross = cross;
  };
  const { graph, placement } = drawing;
  const boxes = graph.boxes;
  for (let v = 0; v < boxes.length; v++) {
    const box = boxes[v] as NodeBox;
    const halfMain = (lr ? box.width : box.height) / 2;
    const halfCross = (lr ? box.height : box.width) / 2;
    const main = placement.main[v] as number;
    const cross = placement.cross[v] as number;
    add(main - halfMain, cross - halfCross);
    add(main + halfMain, cross + halfCross);
  }
  for (const route of drawing.routes) for (const p of route.curve) add(p[0], p[1]);
  for (const cluster of drawing.clusters) for (const outline of cluster.outlines) for (const p of outline) add(p[0], p[1]);
  if (minMain === Infinity) return { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  return lr
    ? { minX: minMain, minY: minCross, maxX: maxMain, maxY: maxCross }
    : { minX: minCross, minY: minMain, maxX: maxCross, maxY: maxMain };
}
