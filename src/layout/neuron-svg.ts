import type { DotOptions } from '../graph/dot.js';
import { formatFixed } from '../graph/format.js';
import type { NeuronEdge, NeuronViewModel } from '../graph/neuron-view.js';
import { PALETTES, type Palette, type Theme } from '../graph/palette.js';
import { divergingColour } from '../render/diverging.js';
import {
  EDGE_FONT_SIZE,
  EDGE_LINE_HEIGHT,
  layoutNeuronView,
  showsEdgeLabels,
  type NeuronLayout,
  type PlacedNode,
  type Point,
} from './neuron-layout.js';
import type { NodeBox } from './node-boxes.js';
import { BASELINE, recordSvg, RelativePath, svgNumber as n } from './svg-writer.js';
import { labelLines, xmlText } from './svg-text.js';
import { textWidth } from './text-width.js';

/**
 * The neurons view's SVG, in the structure of Graphviz's that the playground reads: a root
 * `<g class="graph">`, one `<g class="node">` titled with the node's id (`x1`, `l2n3`, `loss`),
 * one `<g class="edge">` titled `from->to`, one `<g class="cluster">` per layer. Each weight's edge
 * is coloured by its sign and drawn wider and stronger the larger its magnitude (see the legend),
 * and carries its parameter's name and numbers in a tooltip (a `<title>` of its path). Only fixed
 * words and numbers reach the document, and they are escaped all the same.
 */

const MARGIN = 4;
const EDGE_BASELINE = (BASELINE * EDGE_FONT_SIZE) / 14;
const TEXT = 'xml:space="preserve" text-anchor="middle" font-family="Times,serif" font-size="14.00"';
const LEGEND_HEIGHT = 26;
const LEGEND_FONT = 12;
/** Where the legend's scale note starts, after its two samples. */
const LEGEND_NOTE = 204;

/** Stroke width of the weakest and the strongest weight, and the least share of the full hue. */
const MIN_STROKE = 0.5;
const MAX_STROKE = 2.5;
const MIN_SHADE = 0.35;


// Upper bounds of the bytes each element is written in, beyond its text (coordinates of up to ten
// characters each); test/layout/neuron-view-svg.test.ts keeps them upper bounds.
const FIXED_BYTES = 2048;
const CLUSTER_BYTES = 400;
const NODE_BYTES = 260;
const FIELD_BYTES = 100;
const LINE_BYTES = 60;
const EDGE_BYTES = 260;
const LANE_BYTES = 80;

/** An upper bound of the bytes of `renderNeuronViewSvg`, from the model alone, to check before it is drawn. */
export function neuronSvgBytes(model: NeuronViewModel, options: DotOptions): number {
  const escaped = (line: string): number => Buffer.byteLength(xmlText(line));
  const text = (lines: readonly string[]): number => lines.reduce((sum, line) => sum + LINE_BYTES + escaped(line), 0);
  let bytes = FIXED_BYTES + CLUSTER_BYTES * model.columns.length;
  const nodes = model.columns.flatMap((c) => c.nodes);
  if (model.loss !== undefined) nodes.push(model.loss);
  for (const node of nodes) {
    bytes += NODE_BYTES + escaped(node.id);
    for (const field of node.fields) bytes += FIELD_BYTES + text(labelLines(field));
  }
  const labelled = showsEdgeLabels(model);
  for (const edge of model.edges) {
    bytes += EDGE_BYTES + edge.from.length + edge.to.length;
    if (edge.weight === undefined) continue;
    bytes += escaped(tooltip(edge, options));
    if (labelled) bytes += LANE_BYTES + text(labelLines(edge.weight.label));
  }
  return bytes;
}

export function renderNeuronViewSvg(model: NeuronViewModel, options: DotOptions): string {
  return writeNeuronSvg(model, layoutNeuronView(model, options.rankdir), options);
}

export function writeNeuronSvg(model: NeuronViewModel, layout: NeuronLayout, options: DotOptions): string {
  const palette = PALETTES[options.theme];
  const { lr } = layout;
  const b = bounds(layout);
  const strongest = largestWeight(model.edges);
  const legend = strongest !== undefined;
  const dx = MARGIN - b.minX;
  const dy = MARGIN - b.minY;
  const x = (p: Point): number => (lr ? p[0] : p[1]) + dx;
  const y = (p: Point): number => (lr ? p[1] : p[0]) + dy;
  // In hundredths, for relative path data.
  const hx = (p: Point): number => Math.round(x(p) * 100);
  const hy = (p: Point): number => Math.round(y(p) * 100);
  const note = strongest === undefined ? '' : legendNote(strongest, options);
  const width = Math.max(b.maxX - b.minX + 2 * MARGIN, legend ? MARGIN + LEGEND_NOTE + (textWidth(note) * LEGEND_FONT) / 14 + MARGIN : 0);
  const height = b.maxY - b.minY + 2 * MARGIN + (legend ? LEGEND_HEIGHT : 0);
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    `<svg width="${n(width)}pt" height="${n(height)}pt" viewBox="0.00 0.00 ${n(width)} ${n(height)}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">`,
    `<g id="graph0" class="graph" ${TEXT} fill="${palette.text}">`,
  ];
  if (palette.background !== 'transparent') {
    out.push(`<polygon fill="${palette.background}" stroke="none" points="0,0 ${n(width)},0 ${n(width)},${n(height)} 0,${n(height)}"/>`);
  }

  layout.clusters.forEach((cluster, k) => {
    const [x0, x1] = [x(cluster.from), x(cluster.to)].sort((p, q) => p - q) as [number, number];
    const [y0, y1] = [y(cluster.from), y(cluster.to)].sort((p, q) => p - q) as [number, number];
    out.push(
      `<g id="clust${k + 1}" class="cluster">\n<title>${cluster.name}</title>\n` +
        `<rect fill="none" stroke="${palette.cluster}" x="${n(x0)}" y="${n(y0)}" width="${n(x1 - x0)}" height="${n(y1 - y0)}" rx="8"/>\n` +
        `<text x="${n(x(cluster.titleAt))}" y="${n(y(cluster.titleAt) + BASELINE)}" fill="${palette.clusterText}">${xmlText(cluster.title)}</text>\n</g>`,
    );
  });

  layout.edges.forEach((placed, e) => {
    const { edge } = placed;
    const path = new RelativePath(hx(placed.start), hy(placed.start));
    for (const s of placed.segments) {
      if (s.kind === 'L') path.lineTo(hx(s.to), hy(s.to));
      else path.curveTo(hx(s.c1), hy(s.c1), hx(s.c2), hy(s.c2), hx(s.to), hy(s.to));
    }
    const d = path.d;
    const stroke = edgeStroke(edge, strongest, options.theme, palette);
    const tip = edge.weight === undefined ? '' : `<title>${xmlText(tooltip(edge, options))}</title>`;
    let group =
      `<g id="edge${e + 1}" class="edge">\n<title>${edge.from}&#45;&gt;${edge.to}</title>\n` +
      `<path fill="none" stroke="${stroke.colour}" stroke-width="${n(stroke.width)}" d="${d}">${tip}</path>`;
    if (placed.label !== undefined) {
      const { lines, at } = placed.label;
      const top = y(at) - ((lines.length - 1) * EDGE_LINE_HEIGHT) / 2 + EDGE_BASELINE;
      lines.forEach((line, i) => {
        if (line === '') return;
        const attributes = `x="${n(x(at))}" y="${n(top + i * EDGE_LINE_HEIGHT)}" font-size="${EDGE_FONT_SIZE}.00"`;
        group += `\n<text ${attributes}>${xmlText(line)}</text>`;
      });
    }
    out.push(`${group}\n</g>`);
  });

  layout.nodes.forEach((placed, v) => {
    const fill = placed.node.role !== undefined ? palette.roles[placed.node.role] : (palette.fill ?? 'none');
    const record = recordSvg(placed.box as NodeBox, x([placed.main, placed.cross]), y([placed.main, placed.cross]), fill, lr, palette.line);
    out.push(`<g id="node${v + 1}" class="node">\n<title>${xmlText(placed.node.id)}</title>\n${record}\n</g>`);
  });

  if (legend) writeLegend(out, MARGIN, height - LEGEND_HEIGHT / 2, note, options, palette);
  out.push('</g>', '</svg>', '');
  return out.join('\n');
}

/** The parameter and its numbers, as the JSON answer names it: `layer1.neuron3.w2 data 0.1234, grad -0.5678`. */
function tooltip(edge: NeuronEdge, options: DotOptions): string {
  const w = edge.weight as NonNullable<NeuronEdge['weight']>;
  const data = `${w.name} data ${formatFixed(w.data, options.precision)}`;
  return options.grad ? `${data}, grad ${formatFixed(w.grad, options.precision)}` : data;
}

/** The largest finite |weight| in the picture, the scale of every edge's width and shade; undefined without weights. */
function largestWeight(edges: readonly NeuronEdge[]): number | undefined {
  let largest: number | undefined;
  for (const edge of edges) {
    if (edge.weight === undefined) continue;
    const size = Math.abs(edge.weight.data);
    largest = Math.max(largest ?? 0, Number.isFinite(size) ? size : 0);
  }
  return largest;
}

/**
 * Sign by hue (red above zero, blue below, as the weights view colours them), magnitude by width
 * and by shade, both relative to the largest weight. A zero, infinite or NaN weight, and an edge
 * into the loss, is a thin line of the theme's colour.
 */
function edgeStroke(edge: NeuronEdge, strongest: number | undefined, theme: Theme, palette: Palette): { colour: string; width: number } {
  if (edge.weight === undefined) return { colour: palette.line, width: 1 };
  const t = strongest === undefined || strongest === 0 ? 0 : edge.weight.data / strongest;
  if (t === 0 || !Number.isFinite(t)) return { colour: palette.line, width: MIN_STROKE };
  const size = Math.min(1, Math.abs(t));
  return {
    colour: divergingColour(Math.sign(t) * (MIN_SHADE + (1 - MIN_SHADE) * size), theme),
    width: MIN_STROKE + (MAX_STROKE - MIN_STROKE) * size,
  };
}

function legendNote(strongest: number, options: DotOptions): string {
  return `width and shade grow with |weight|, up to ${formatFixed(strongest, options.precision)}`;
}

function writeLegend(out: string[], left: number, middle: number, note: string, options: DotOptions, palette: Palette): void {
  const sample = (at: number, t: number): string =>
    `<path fill="none" stroke="${divergingColour(t, options.theme)}" stroke-width="${MAX_STROKE}" d="M${n(at)},${n(middle)}L${n(at + 24)},${n(middle)}"/>`;
  const text = (at: number, words: string): string =>
    `<text x="${n(at)}" y="${n(middle + 4)}" text-anchor="start" font-size="${LEGEND_FONT}.00" fill="${palette.text}">${xmlText(words)}</text>`;
  out.push(
    `<g id="legend" class="legend">`,
    sample(left + 4, 1),
    text(left + 32, 'weight > 0'),
    sample(left + 104, -1),
    text(left + 132, 'weight < 0'),
    text(left + LEGEND_NOTE, note),
    '</g>',
  );
}

interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** The extent of the nodes, clusters and labels (edges run between them), in picture x and y. */
function bounds(layout: NeuronLayout): Bounds {
  const b: Bounds = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  const add = (p: Point): void => {
    const px = layout.lr ? p[0] : p[1];
    const py = layout.lr ? p[1] : p[0];
    b.minX = Math.min(b.minX, px);
    b.maxX = Math.max(b.maxX, px);
    b.minY = Math.min(b.minY, py);
    b.maxY = Math.max(b.maxY, py);
  };
  for (const { main, cross, box } of layout.nodes) {
    const halfMain = (layout.lr ? box.width : box.height) / 2;
    const halfCross = (layout.lr ? box.height : box.width) / 2;
    add([main - halfMain, cross - halfCross]);
    add([main + halfMain, cross + halfCross]);
  }
  for (const cluster of layout.clusters) {
    add(cluster.from);
    add(cluster.to);
  }
  const [labelMain, labelCross] = layout.labelSize;
  for (const { label } of layout.edges) {
    if (label === undefined) continue;
    add([label.at[0] - labelMain / 2, label.at[1] - labelCross / 2]);
    add([label.at[0] + labelMain / 2, label.at[1] + labelCross / 2]);
  }
  if (b.minX === Infinity) return { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  return b;
}
