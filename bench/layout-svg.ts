/**
 * SVG for a layout made by another library (dagre, elkjs), in the element structure Graphviz and the
 * layered engine write, so that bench/layout-metrics.ts measures every engine the same way: one
 * `<g class="node">` per node (a polygon for a record, an ellipse for an op, its text lines) and one
 * `<g class="edge">` per edge, titled `from->to`, whose path runs through the given points.
 * Drawn left to right only (the layered engine's default), with no arrowheads or clusters.
 */
import type { LayoutGraph } from '../src/layout/layout-graph.js';
import type { NodeBox } from '../src/layout/node-boxes.js';
import { xmlText } from '../src/layout/svg-text.js';
import { LINE_HEIGHT } from '../src/layout/text-width.js';

export type Point = [number, number];

export interface PlacedGraph {
  graph: LayoutGraph;
  /** Centre of each node, by the layout graph's node index. */
  centres: Point[];
  /** Points of each edge, by the layout graph's edge index, joined by straight lines. */
  edges: Point[][];
}

const MARGIN = 4;
/** From the middle of a line of 14pt Times to its baseline, as Graphviz places text. */
const BASELINE = 4.2;

const n = (x: number): string => String(Math.round(x * 100) / 100);

function writeLines(out: string[], lines: readonly string[], cx: number, cy: number): void {
  const top = cy - ((lines.length - 1) * LINE_HEIGHT) / 2 + BASELINE;
  lines.forEach((line, i) => {
    if (line !== '') out.push(`<text text-anchor="middle" x="${n(cx)}" y="${n(top + i * LINE_HEIGHT)}">${xmlText(line)}</text>`);
  });
}

/** Room allowed between an edge's end and its node's box: libraries end edges on the outline. */
const END_SLACK = 2;

export function writePlacedSvg({ graph, centres, edges }: PlacedGraph): string {
  // Points read in the wrong frame (a cluster's, not the root's) would be counted as crossings.
  const touches = (point: Point | undefined, v: number): boolean => {
    const box = graph.boxes[v] as NodeBox;
    const [x, y] = centres[v] as Point;
    return point !== undefined && Math.abs(point[0] - x) <= box.width / 2 + END_SLACK && Math.abs(point[1] - y) <= box.height / 2 + END_SLACK;
  };
  edges.forEach((points, e) => {
    if (!touches(points[0], graph.from[e] as number) || !touches(points[points.length - 1], graph.to[e] as number)) {
      throw new Error(`edge ${e} does not run from its source's box to its target's`);
    }
  });
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const add = (x: number, y: number): void => {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  };
  graph.boxes.forEach((box, v) => {
    const [x, y] = centres[v] as Point;
    add(x - box.width / 2, y - box.height / 2);
    add(x + box.width / 2, y + box.height / 2);
  });
  for (const points of edges) for (const [x, y] of points) add(x, y);
  if (minX === Infinity) [minX, minY, maxX, maxY] = [0, 0, 0, 0];
  const dx = MARGIN - minX;
  const dy = MARGIN - minY;
  const width = maxX - minX + 2 * MARGIN;
  const height = maxY - minY + 2 * MARGIN;
  const out: string[] = [
    `<svg width="${n(width)}pt" height="${n(height)}pt" viewBox="0.00 0.00 ${n(width)} ${n(height)}" xmlns="http://www.w3.org/2000/svg">`,
    '<g id="graph0" class="graph" font-family="Times,serif" font-size="14.00">',
  ];
  edges.forEach((points, e) => {
    const from = graph.titles[graph.from[e] as number] as string;
    const to = graph.titles[graph.to[e] as number] as string;
    const d = points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${n(x + dx)},${n(y + dy)}`).join('');
    out.push(`<g id="edge${e + 1}" class="edge">\n<title>${from}&#45;&gt;${to}</title>\n<path fill="none" stroke="black" d="${d}"/>\n</g>`);
  });
  graph.titles.forEach((title, v) => {
    const box = graph.boxes[v] as NodeBox;
    const [x, y] = centres[v] as Point;
    const cx = x + dx;
    const cy = y + dy;
    out.push(`<g id="node${v + 1}" class="node">\n<title>${title}</title>`);
    if (box.fields === undefined) {
      out.push(`<ellipse fill="none" stroke="black" cx="${n(cx)}" cy="${n(cy)}" rx="${n(box.width / 2)}" ry="${n(box.height / 2)}"/>`);
      writeLines(out, box.lines ?? [], cx, cy);
    } else {
      const [x0, y0, x1, y1] = [cx - box.width / 2, cy - box.height / 2, cx + box.width / 2, cy + box.height / 2].map(n);
      out.push(`<polygon fill="none" stroke="black" points="${x0},${y0} ${x1},${y0} ${x1},${y1} ${x0},${y1} ${x0},${y0}"/>`);
      // Fields side by side, as a record is drawn left to right.
      let at = cx - box.width / 2;
      for (const field of box.fields) {
        writeLines(out, field.lines, at + field.extent / 2, cy);
        at += field.extent;
      }
    }
    out.push('</g>');
  });
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}
