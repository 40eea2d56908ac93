/**
 * Quality of a drawn graph, measured on its SVG alone so that every engine is judged by one
 * counter: edge pairs whose drawn curves cross, total edge length, area, and overlapping node boxes
 * and node texts.
 */
import { textWidth } from '../src/layout/text-width.js';

export interface Quality {
  /** Undefined past MAX_SEGMENTS flattened edge segments or MAX_COMPARISONS pairs compared: counting would take minutes. */
  crossings: number | undefined;
  edgeLength: number;
  area: number;
  nodeOverlaps: number;
  textOverlaps: number;
}

type Segment = [number, number, number, number];
type Box = [number, number, number, number];

const PIECES_PER_CUBIC = 6;
const MAX_SEGMENTS = 1_000_000;
const MAX_COMPARISONS = 200_000_000;

function decode(text: string): string {
  return text.replace(/&#45;/g, '-').replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&amp;/g, '&');
}

/** The segments of a path made of M, C and L commands, cubics flattened. */
function flatten(d: string): Segment[] {
  const tokens = d.match(/[MCLZ]|-?\d*\.?\d+(?:e-?\d+)?/gi) ?? [];
  const segments: Segment[] = [];
  let command = '';
  let x = 0;
  let y = 0;
  const numbers: number[] = [];
  const flush = (): void => {
    if (command === 'M' && numbers.length >= 2) {
      x = numbers[0] as number;
      y = numbers[1] as number;
      numbers.splice(0, 2);
      command = 'L';
    }
    if (command === 'L') {
      while (numbers.length >= 2) {
        const [nx, ny] = numbers.splice(0, 2) as [number, number];
        segments.push([x, y, nx, ny]);
        x = nx;
        y = ny;
      }
    }
    if (command === 'C') {
      while (numbers.length >= 6) {
        const [x1, y1, x2, y2, x3, y3] = numbers.splice(0, 6) as number[] as [number, number, number, number, number, number];
        let px = x;
        let py = y;
        for (let i = 1; i <= PIECES_PER_CUBIC; i++) {
          const t = i / PIECES_PER_CUBIC;
          const s = 1 - t;
          const qx = s * s * s * x + 3 * s * s * t * x1 + 3 * s * t * t * x2 + t * t * t * x3;
          const qy = s * s * s * y + 3 * s * s * t * y1 + 3 * s * t * t * y2 + t * t * t * y3;
          segments.push([px, py, qx, qy]);
          px = qx;
          py = qy;
        }
        x = x3;
        y = y3;
      }
    }
  };
  for (const token of tokens) {
    if (/^[MCLZ]$/i.test(token)) {
      flush();
      command = token.toUpperCase();
      numbers.length = 0;
    } else {
      numbers.push(Number(token));
      if ((command === 'M' && numbers.length === 2) || (command === 'L' && numbers.length === 2) || (command === 'C' && numbers.length === 6)) flush();
    }
  }
  return segments;
}

function cross(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

/**
 * Whether two segments cross. An end that lies exactly on the other segment counts as just off it on
 * one side (as if that segment were moved a hair), so that a curve crossing another at one of its own
 * vertices, as flattened cubics and polyline bends do, is counted by one of its two segments there.
 */
function intersects(p: Segment, q: Segment): boolean {
  const d1 = cross(q[0], q[1], q[2], q[3], p[0], p[1]);
  const d2 = cross(q[0], q[1], q[2], q[3], p[2], p[3]);
  const d3 = cross(p[0], p[1], p[2], p[3], q[0], q[1]);
  const d4 = cross(p[0], p[1], p[2], p[3], q[2], q[3]);
  return (d1 >= 0) !== (d2 >= 0) && (d3 >= 0) !== (d4 >= 0);
}

/** Edge pairs that cross, from a grid of cells so that only nearby segments are compared. */
function countCrossingPairs(edges: { ends: [string, string]; segments: Segment[] }[]): number | undefined {
  const cell = 40;
  const grid = new Map<number, number[]>();
  const all: { edge: number; s: Segment; cells: [number, number, number, number] }[] = [];
  // Cells are keyed by one number; the drawing is far smaller than 2^20 cells across.
  const key = (gx: number, gy: number): number => (gx + 2 ** 20) * 2 ** 21 + (gy + 2 ** 20);
  edges.forEach((edge, e) => {
    for (const s of edge.segments) {
      const id = all.length;
      const cells: [number, number, number, number] = [
        Math.floor(Math.min(s[0], s[2]) / cell),
        Math.floor(Math.min(s[1], s[3]) / cell),
        Math.floor(Math.max(s[0], s[2]) / cell),
        Math.floor(Math.max(s[1], s[3]) / cell),
      ];
      all.push({ edge: e, s, cells });
      for (let gx = cells[0]; gx <= cells[2]; gx++) {
        for (let gy = cells[1]; gy <= cells[3]; gy++) {
          const k = key(gx, gy);
          const list = grid.get(k);
          if (list === undefined) grid.set(k, [id]);
          else list.push(id);
        }
      }
    }
  });
  const pairs = new Set<number>();
  const count = edges.length;
  let comparisons = 0;
  for (const [k, list] of grid) {
    comparisons += (list.length * (list.length - 1)) / 2;
    if (comparisons > MAX_COMPARISONS) return undefined;
    const gx = Math.floor(k / 2 ** 21) - 2 ** 20;
    const gy = (k % 2 ** 21) - 2 ** 20;
    for (let i = 0; i < list.length; i++) {
      const a = all[list[i] as number] as (typeof all)[number];
      for (let j = i + 1; j < list.length; j++) {
        const b = all[list[j] as number] as (typeof all)[number];
        if (a.edge === b.edge) continue;
        // Two segments that share several cells are compared in the first of them only.
        if (Math.max(a.cells[0], b.cells[0]) !== gx || Math.max(a.cells[1], b.cells[1]) !== gy) continue;
        const lo = Math.min(a.edge, b.edge);
        const hi = Math.max(a.edge, b.edge);
        const pair = lo * count + hi;
        if (pairs.has(pair)) continue;
        const ea = (edges[lo] as { ends: [string, string] }).ends;
        const eb = (edges[hi] as { ends: [string, string] }).ends;
        // Edges that meet at a node touch there; that is not a crossing.
        if (ea[0] === eb[0] || ea[0] === eb[1] || ea[1] === eb[0] || ea[1] === eb[1]) continue;
        if (intersects(a.s, b.s)) pairs.add(pair);
      }
    }
  }
  return pairs.size;
}

/** Pairs of boxes, each from a different owner, that overlap by more than a hair. */
function overlappingPairs(boxes: { owner: number; box: Box }[]): number {
  const sorted = [...boxes].sort((a, b) => a.box[0] - b.box[0]);
  let overlaps = 0;
  const slack = 0.5;
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i] as { owner: number; box: Box };
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j] as { owner: number; box: Box };
      if (b.box[0] >= a.box[2] - slack) break;
      if (a.owner === b.owner) continue;
      if (b.box[1] < a.box[3] - slack && a.box[1] < b.box[3] - slack) overlaps++;
    }
  }
  return overlaps;
}

function pointsBox(points: string): Box {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const pair of points.trim().split(/\s+/)) {
    const [x, y] = pair.split(',').map(Number) as [number, number];
    xs.push(x);
    ys.push(y);
  }
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

export function measureSvg(svg: string): Quality {
  const view = /viewBox="([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+)"/.exec(svg);
  const area = view === null ? 0 : Number(view[3]) * Number(view[4]);
  const edges: { ends: [string, string]; segments: Segment[] }[] = [];
  let edgeLength = 0;
  for (const m of svg.matchAll(/<g id="[^"]*" class="edge">\s*<title>([^<]*)<\/title>\s*<path [^>]*?d="([^"]*)"/g)) {
    const [from, to] = decode(m[1] as string).split('->') as [string, string];
    const segments = flatten(m[2] as string);
    for (const s of segments) edgeLength += Math.hypot(s[2] - s[0], s[3] - s[1]);
    edges.push({ ends: [from, to], segments });
  }
  const nodeBoxes: { owner: number; box: Box }[] = [];
  const textBoxes: { owner: number; box: Box }[] = [];
  let owner = 0;
  for (const m of svg.matchAll(/<g id="[^"]*" class="node">([\s\S]*?)<\/g>/g)) {
    const body = m[1] as string;
    const polygon = /<polygon [^>]*points="([^"]*)"/.exec(body);
    const ellipse = /<ellipse [^>]*cx="([-\d.]+)" cy="([-\d.]+)" rx="([-\d.]+)" ry="([-\d.]+)"/.exec(body);
    if (polygon !== null) nodeBoxes.push({ owner, box: pointsBox(polygon[1] as string) });
    else if (ellipse !== null) {
      const [cx, cy, rx, ry] = ellipse.slice(1).map(Number) as [number, number, number, number];
      nodeBoxes.push({ owner, box: [cx - rx, cy - ry, cx + rx, cy + ry] });
    }
    for (const t of body.matchAll(/<text [^>]*x="([-\d.]+)" y="([-\d.]+)"[^>]*>([^<]*)<\/text>/g)) {
      const x = Number(t[1]);
      const y = Number(t[2]);
      const w = textWidth(decode(t[3] as string));
      textBoxes.push({ owner, box: [x - w / 2, y - 11, x + w / 2, y + 3] });
    }
    owner++;
  }
  return {
    crossings: edges.reduce((sum, edge) => sum + edge.segments.length, 0) > MAX_SEGMENTS ? undefined : countCrossingPairs(edges),
    edgeLength: Math.round(edgeLength),
    area: Math.round(area),
    nodeOverlaps: overlappingPairs(nodeBoxes),
    textOverlaps: overlappingPairs(textBoxes),
  };
}
