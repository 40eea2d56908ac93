import { PALETTES, type Theme } from '../graph/palette.js';
import type { Boundary } from '../nn/boundary.js';
import { divergingColour, SIGN_COLOURS } from './diverging.js';
import { fixed, niceStep } from './loss-chart.js';
import { zeroContour } from './zero-contour.js';

/**
 * The notebook's decision-boundary plot as a standalone SVG: the trained model's score over the
 * grid as a heat map (blue below 0, red above, paler near 0), the line where it changes sign, the
 * data on top coloured by label, and axes with ticks. Equal scales on both axes, so the moons keep
 * their shape. Only numbers reach the document: no client text, nothing to escape.
 */

export interface BoundaryChartInput {
  boundary: Boundary;
  /** The grid's spacing: each score fills a cell this wide around its point. */
  step: number;
  points: readonly (readonly number[])[];
  /** -1 or +1 per point; undefined draws every point in the text colour. */
  labels?: readonly number[];
  theme: Theme;
}

const MARGIN = { left: 56, right: 20, top: 44, bottom: 48 };
const PLOT = { width: 560, height: 460 };
const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';
const GRID_BYTES = 4096;
// A cell's rect, two contour segments at most, one point's circle: rounded up from what is written.
const CELL_BYTES = 80 + 2 * 90;
const POINT_BYTES = 110;

/** An upper bound of the chart's bytes, to check against the budget before it is drawn. */
export function boundaryChartBytes(cells: number, points: number): number {
  return GRID_BYTES + cells * CELL_BYTES + points * POINT_BYTES;
}

export function boundaryChartSvg({ boundary, step, points, labels, theme }: BoundaryChartInput): string {
  const { xs, ys, scores } = boundary;
  const palette = PALETTES[theme];
  const x0 = (xs[0] as number) - step / 2;
  const y0 = (ys[0] as number) - step / 2;
  const xRange = xs.length * step;
  const yRange = ys.length * step;
  const scale = Math.min(PLOT.width / xRange, PLOT.height / yRange);
  const plot = { left: MARGIN.left, top: MARGIN.top, width: xRange * scale, height: yRange * scale };
  const width = Math.max(360, Math.ceil(plot.left + plot.width + MARGIN.right));
  const height = Math.ceil(plot.top + plot.height + MARGIN.bottom);
  const px = (x: number) => fixed(plot.left + (x - x0) * scale);
  const py = (y: number) => fixed(plot.top + plot.height - (y - y0) * scale);
  const size = fixed(step * scale + 0.5); // a half-pixel overlap hides seams between cells

  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-label="Decision boundary" font-family="${FONT}" font-size="12">`,
    '<title>Decision boundary</title>',
  ];
  if (palette.background !== 'transparent') out.push(`<rect width="${width}" height="${height}" fill="${palette.background}"/>`);
  out.push(
    `<text x="${plot.left}" y="${MARGIN.top / 2 + 5}" font-size="15" fill="${palette.text}">Decision boundary</text>`,
    `<text x="${width - MARGIN.right}" y="${MARGIN.top / 2 + 5}" text-anchor="end" fill="${palette.text}">` +
      `score &lt; 0 <tspan fill="${SIGN_COLOURS.negative}">■</tspan>  score &gt; 0 <tspan fill="${SIGN_COLOURS.positive}">■</tspan></text>`,
  );

  out.push('<g shape-rendering="crispEdges">');
  scores.forEach((row, r) => {
    const top = py((ys[r] as number) + step / 2);
    row.forEach((score, c) => {
      const fill = divergingColour(Math.tanh(score) * 0.8, theme);
      out.push(`<rect x="${px((xs[c] as number) - step / 2)}" y="${top}" width="${size}" height="${size}" fill="${fill}"/>`);
    });
  });
  out.push('</g>');

  const contour = zeroContour(xs, ys, scores)
    .map((s) => `M${px(s.x1)} ${py(s.y1)}L${px(s.x2)} ${py(s.y2)}`)
    .join('');
  if (contour !== '') out.push(`<path d="${contour}" fill="none" stroke="${palette.text}" stroke-width="2" stroke-linecap="round"/>`);

  // A light ring keeps a point apart from the cell under it, which has its label's hue when the model is right.
  const outline = theme === 'dark' ? palette.text : '#ffffff';
  points.forEach((point, i) => {
    const label = labels?.[i];
    const fill = label === undefined ? palette.text : label > 0 ? SIGN_COLOURS.positive : SIGN_COLOURS.negative;
    out.push(`<circle cx="${px(point[0] as number)}" cy="${py(point[1] as number)}" r="4" fill="${fill}" stroke="${outline}" stroke-width="1.2"/>`);
  });

  out.push(...axes({ x0, y0, xRange, yRange, plot, px, py, palette }));
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

interface AxesInput {
  x0: number;
  y0: number;
  xRange: number;
  yRange: number;
  plot: { left: number; top: number; width: number; height: number };
  px: (x: number) => string;
  py: (y: number) => string;
  palette: (typeof PALETTES)[Theme];
}

function axes({ x0, y0, xRange, yRange, plot, px, py, palette }: AxesInput): string[] {
  const bottom = plot.top + plot.height;
  const right = plot.left + plot.width;
  const out = [
    `<rect x="${fixed(plot.left)}" y="${fixed(plot.top)}" width="${fixed(plot.width)}" height="${fixed(plot.height)}" fill="none" stroke="${palette.line}"/>`,
  ];
  for (const x of ticks(x0, x0 + xRange)) {
    const at = px(x.value);
    out.push(`<line x1="${at}" y1="${fixed(bottom)}" x2="${at}" y2="${fixed(bottom + 5)}" stroke="${palette.line}"/>`);
    out.push(`<text x="${at}" y="${fixed(bottom + 18)}" text-anchor="middle" fill="${palette.text}">${x.text}</text>`);
  }
  for (const y of ticks(y0, y0 + yRange)) {
    const at = py(y.value);
    out.push(`<line x1="${fixed(plot.left - 5)}" y1="${at}" x2="${fixed(plot.left)}" y2="${at}" stroke="${palette.line}"/>`);
    out.push(`<text x="${fixed(plot.left - 8)}" y="${fixed(Number(at) + 4)}" text-anchor="end" fill="${palette.text}">${y.text}</text>`);
  }
  const middleX = fixed((plot.left + right) / 2);
  const middleY = fixed(plot.top + plot.height / 2);
  out.push(`<text x="${middleX}" y="${fixed(bottom + 38)}" text-anchor="middle" fill="${palette.text}">x1</text>`);
  out.push(`<text x="16" y="${middleY}" text-anchor="middle" transform="rotate(-90 16 ${middleY})" fill="${palette.text}">x2</text>`);
  return out;
}

/** About six ticks at round numbers inside [low, high]. */
function ticks(low: number, high: number): { value: number; text: string }[] {
  const step = niceStep((high - low) / 6);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  const found: { value: number; text: string }[] = [];
  for (let k = Math.ceil(low / step); k * step <= high; k++) {
    const value = k * step;
    found.push({ value, text: (Math.abs(value) < step / 2 ? 0 : value).toFixed(decimals) });
  }
  return found;
}
