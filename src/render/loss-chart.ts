import { GradvizError } from '../errors.js';
import { PALETTES, THEMES, type Theme } from '../graph/palette.js';

export interface LossChartOptions {
  /** Default 640 x 400 (SVG user units, i.e. CSS pixels). */
  width: number;
  height: number;
  theme: Theme;
  /** `auto`: log when every loss is positive and they span at least three decades. */
  scale: 'linear' | 'log' | 'auto';
  title: string;
}

export const DEFAULT_LOSS_CHART_OPTIONS: Readonly<LossChartOptions> = Object.freeze({
  width: 640,
  height: 400,
  theme: 'light',
  scale: 'auto',
  title: 'Training loss',
});

const CURVE: Record<Theme, string> = { light: '#1f5fa8', dark: '#7fb2e5', transparent: '#3a7bc8' };
const GRID: Record<Theme, string> = { light: '#e4e4e4', dark: '#383838', transparent: '#8080804d' };
const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';
const MARGIN = { left: 72, right: 24, top: 44, bottom: 52 };

/**
 * The loss curve of a training run as a standalone SVG: the loss of each step (taken before that
 * step's update, step 0 first) against the step, with ticks, axis labels and a title. Written by
 * hand rather than laid out by Graphviz: a chart needs axes, not a graph layout.
 */
export function lossChartSvg(history: readonly number[], options: Partial<LossChartOptions> = {}): string {
  const o = { ...DEFAULT_LOSS_CHART_OPTIONS, ...options };
  checkOptions(o);
  if (history.length === 0) {
    throw new GradvizError('invalid-request', 'the loss chart needs a training history: set train.steps to 1 or more');
  }
  history.forEach((loss, k) => {
    if (!Number.isFinite(loss)) throw new GradvizError('not-finite', `the loss of step ${k} is not finite: ${loss}`);
  });
  const palette = PALETTES[o.theme];
  const log = o.scale === 'log' || (o.scale === 'auto' && spansDecades(history));
  if (log && history.some((loss) => loss <= 0)) {
    throw new GradvizError('invalid-request', 'a log scale needs every loss to be positive');
  }

  const plot = { x0: MARGIN.left, x1: o.width - MARGIN.right, y0: MARGIN.top, y1: o.height - MARGIN.bottom };
  const xAxis = linearAxis(0, Math.max(history.length - 1, 1), true);
  const yAxis = log ? logAxis(history) : linearAxis(Math.min(...history), Math.max(...history), false);
  const px = (k: number): number => plot.x0 + ((k - xAxis.min) / (xAxis.max - xAxis.min)) * (plot.x1 - plot.x0);
  const py = (loss: number): number => {
    const t = log
      ? (Math.log10(loss) - Math.log10(yAxis.min)) / (Math.log10(yAxis.max) - Math.log10(yAxis.min))
      : (loss - yAxis.min) / (yAxis.max - yAxis.min);
    return plot.y1 - t * (plot.y1 - plot.y0);
  };

  const text = palette.text;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${o.width}" height="${o.height}" viewBox="0 0 ${o.width} ${o.height}" ` +
      `role="img" aria-label="${escapeXml(o.title)}" font-family="${FONT}" font-size="12">`,
  );
  out.push(`<title>${escapeXml(o.title)}</title>`);
  if (palette.background !== 'transparent') {
    out.push(`<rect width="${o.width}" height="${o.height}" fill="${palette.background}"/>`);
  }
  out.push(`<text x="${o.width / 2}" y="${MARGIN.top / 2 + 5}" text-anchor="middle" font-size="16" fill="${text}">${escapeXml(o.title)}</text>`);

  for (const tick of yAxis.ticks) {
    const y = fixed(py(tick));
    out.push(`<line x1="${plot.x0}" y1="${y}" x2="${plot.x1}" y2="${y}" stroke="${GRID[o.theme]}"/>`);
    out.push(`<line x1="${plot.x0 - 5}" y1="${y}" x2="${plot.x0}" y2="${y}" stroke="${palette.line}"/>`);
    out.push(`<text x="${plot.x0 - 8}" y="${fixed(py(tick) + 4)}" text-anchor="end" fill="${text}">${yAxis.format(tick)}</text>`);
  }
  for (const tick of xAxis.ticks) {
    const x = fixed(px(tick));
    out.push(`<line x1="${x}" y1="${plot.y1}" x2="${x}" y2="${plot.y1 + 5}" stroke="${palette.line}"/>`);
    out.push(`<text x="${x}" y="${plot.y1 + 19}" text-anchor="middle" fill="${text}">${xAxis.format(tick)}</text>`);
  }
  out.push(
    `<polyline points="${plot.x0},${plot.y0} ${plot.x0},${plot.y1} ${plot.x1},${plot.y1}" fill="none" stroke="${palette.line}"/>`,
  );
  out.push(`<text x="${fixed((plot.x0 + plot.x1) / 2)}" y="${o.height - 10}" text-anchor="middle" fill="${text}">step</text>`);
  const yLabelX = 16;
  const yLabelY = fixed((plot.y0 + plot.y1) / 2);
  out.push(
    `<text x="${yLabelX}" y="${yLabelY}" text-anchor="middle" transform="rotate(-90 ${yLabelX} ${yLabelY})" fill="${text}">` +
      `${log ? 'loss (log scale)' : 'loss'}</text>`,
  );

  const points = history.map((loss, k) => `${fixed(px(k))},${fixed(py(loss))}`);
  const curve = CURVE[o.theme];
  if (history.length === 1) {
    const [x, y] = (points[0] as string).split(',');
    out.push(`<circle cx="${x}" cy="${y}" r="3.5" fill="${curve}"/>`);
  } else {
    out.push(`<polyline points="${points.join(' ')}" fill="none" stroke="${curve}" stroke-width="2" stroke-linejoin="round"/>`);
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

interface Axis {
  min: number;
  max: number;
  ticks: number[];
  format(value: number): string;
}

/** Ticks at 1, 2 or 5 times a power of ten, about six of them, the range widened to whole ticks. */
function linearAxis(low: number, high: number, integers: boolean): Axis {
  if (low === high) {
    // A constant loss: a band around it, so the line sits in the middle of the plot.
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    low -= pad;
    high += pad;
  }
  let step = niceStep((high - low) / 5);
  if (integers) step = Math.max(1, Math.round(step));
  const min = Math.floor(low / step) * step;
  const max = Math.ceil(high / step) * step;
  const ticks: number[] = [];
  const count = Math.round((max - min) / step);
  for (let i = 0; i <= count; i++) ticks.push(min + i * step);
  const decimals = Math.max(0, -Math.floor(Math.log10(step)));
  // Past a million, or with more than six decimals, plain digits get too long for the margin.
  const exponent = decimals > 6 || Math.max(Math.abs(min), Math.abs(max)) >= 1e6;
  return {
    min,
    max,
    ticks,
    format: (v) => {
      const value = Math.abs(v) < step / 2 ? 0 : v;
      return exponent ? compactExponent(value, step) : value.toFixed(decimals);
    },
  };
}

/** Decades covering the losses; every other decade or fewer when they span many. */
function logAxis(history: readonly number[]): Axis {
  // 10 ** -324 is 0 in doubles; the smallest loss is at least 5e-324.
  const low = Math.max(-323, Math.floor(Math.log10(Math.min(...history))));
  let high = Math.ceil(Math.log10(Math.max(...history)));
  if (high === low) high = low + 1;
  const every = Math.max(1, Math.ceil((high - low) / 8));
  const ticks: number[] = [];
  for (let e = low; e <= high; e += every) ticks.push(10 ** e);
  return { min: 10 ** low, max: 10 ** high, ticks, format: (v) => `1e${Math.round(Math.log10(v))}` };
}

function spansDecades(history: readonly number[]): boolean {
  const min = Math.min(...history);
  return min > 0 && Math.max(...history) / min >= 1000;
}

/** 1, 2 or 5 times a power of ten, at least `rough`. */
export function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** `2.5e7`: enough digits to tell ticks `step` apart. */
function compactExponent(value: number, step: number): string {
  if (value === 0) return '0';
  const digits = Math.max(0, Math.floor(Math.log10(Math.abs(value))) - Math.floor(Math.log10(step)));
  return value.toExponential(Math.min(digits, 20)).replace(/\.?0+e/, 'e').replace('e+', 'e');
}

export function fixed(x: number): string {
  return String(Math.round(x * 100) / 100);
}

// Characters XML 1.0 forbids, replaced so that any title still gives a well-formed document.
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function checkOptions(o: LossChartOptions): void {
  for (const [name, size] of [['width', o.width], ['height', o.height]] as const) {
    if (!Number.isInteger(size) || size < 200 || size > 4000) {
      throw new GradvizError('invalid-request', `${name} must be an integer from 200 to 4000`);
    }
  }
  if (!THEMES.includes(o.theme)) throw new GradvizError('invalid-request', `theme must be one of ${THEMES.join(', ')}`);
  if (!['linear', 'log', 'auto'].includes(o.scale)) throw new GradvizError('invalid-request', 'scale must be linear, log or auto');
  if (typeof o.title !== 'string' || o.title.length > 200) {
    throw new GradvizError('invalid-request', 'title must be a string of at most 200 characters');
  }
}
