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

/** Numbers each path command takes. */
const ARITY: Record<string, number> = { M: 2, L: 2, H: 1, V: 1, C: 6, Z: 0 };

/**
 * The segments of a path of M, L, H, V, C and Z commands, absolute (Graphviz's) or relative (the
 * layered engine's), a command repeated without its letter; cubics flattened.
 */
function flatten(d: string): Segment[] {
  const tokens = d.match(/[MLHVCZ]|-?\d*\.?\d+(?:e-?\d+)?/gi) ?? [];
  const segments: Segment[] = [];
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  let command = '';
  let i = 0;
  const lineTo = (nx: number, ny: number): void => {
    segments.push([x, y, nx, ny]);
    x = nx;
    y = ny;
  };
  while (i < tokens.length) {
    const token = tokens[i] as string;
    if (/^[a-z]$/i.test(token)) {
      command = token;
      i++;
      if (command.toUpperCase() === 'Z') {
        if (x !== startX || y !== startY) lineTo(startX, startY);
        continue;
      }
    }
    const upper = command.toUpperCase();
    const arity = ARITY[upper] ?? 0;
    if (arity === 0 || i + arity > tokens.length) break;
    const relative = command !== upper;
    // Relative steps are resolved to the point an absolute coordinate of up to six decimals
    // would name, so both ways of writing a picture give the same numbers.
    const v = tokens.slice(i, i + arity).map((t) => Number(t));
    const at = (origin: number, k: number): number => (relative ? Math.round((origin + (v[k] as number)) * 1e6) / 1e6 : (v[k] as number));
    i += arity;
    if (upper === 'M') {
      x = at(x, 0);
      y = at(y, 1);
      startX = x;
      startY = y;
      // Pairs after a moveto are lines.
      command = relative ? 'l' : 'L';
    } else if (upper === 'L') lineTo(at(x, 0), at(y, 1));
    else if (upper === 'H') lineTo(at(x, 0), y);
    else if (upper === 'V') lineTo(x, at(y, 0));
    else {
      const [x1, y1, x2, y2, x3, y3] = [at(x, 0), at(y, 1), at(x, 2), at(y, 3), at(x, 4), at(y, 5)];
      let px = x;
      let py = y;
      for (let k = 1; k <= PIECES_PER_CUBIC; k++) {
        const t = k / PIECES_PER_CUBIC;
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
