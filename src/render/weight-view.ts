import { PALETTES, type Theme } from '../graph/palette.js';
import type { LayerMatrices } from '../nn/weight-matrices.js';
import { divergingColour } from './diverging.js';
import { fixed } from './loss-chart.js';

/**
 * The weights view of an MLP: per layer, its weight matrix as a heat map (row n is neuron n, column
 * i its weight on input i, the bias in a last column set apart) and its gradient matrix beside it,
 * each on its own diverging scale (blue below 0, red above) whose bound is written under it. Every
 * cell names its parameter and value in a tooltip. For networks too wide to draw neuron by neuron:
 * micrograd's demo, MLP(2, [16, 16, 1]), is 337 cells a side. Only numbers and fixed words reach
 * the document.
 */

export interface WeightViewOptions {
  theme: Theme;
}

const FONT = 'DejaVu Sans, Verdana, Arial, sans-serif';
const MARGIN = 16;
const ROW_LABELS = 34;
const COLUMN_LABELS = 16;
const BIAS_GAP = 6;
const PAIR_GAP = 40;
const HEADER = 28;
const FOOTER = 22;
const LAYER_GAP = 18;
// A cell's rect and tooltip, and the labels of a row or a column, rounded up.
const CELL_BYTES = 190;
const LABEL_BYTES = 120;
const FIXED_BYTES = 2048;

/** Pixels per cell: large for small layers, smaller for wide ones, so the widest matrix stays about 560 px. */
export function cellSize(matrices: readonly LayerMatrices[]): number {
  const widest = Math.max(...matrices.map((m) => Math.max(m.weights.length, (m.weights[0]?.length ?? 0) + 1)));
  return Math.max(3, Math.min(18, Math.floor(560 / widest)));
}

/** An upper bound of the view's bytes, to check against the budget before it is drawn. */
export function weightViewBytes(matrices: readonly LayerMatrices[]): number {
  let bytes = FIXED_BYTES;
  for (const m of matrices) {
    const rows = m.weights.length;
    const columns = (m.weights[0]?.length ?? 0) + 1;
    bytes += 2 * (rows * columns * CELL_BYTES + (rows + columns) * LABEL_BYTES) + 4 * LABEL_BYTES;
  }
  return bytes;
}

export function weightViewSvg(matrices: readonly LayerMatrices[], { theme }: WeightViewOptions): string {
  const palette = PALETTES[theme];
  const cell = cellSize(matrices);
  const labelEvery = cell >= 12 ? 1 : Math.ceil(12 / cell);
  const widestColumns = Math.max(...matrices.map((m) => (m.weights[0]?.length ?? 0) + 1));
  const matrixWidth = ROW_LABELS + widestColumns * cell + BIAS_GAP;
  const width = Math.ceil(2 * MARGIN + 2 * matrixWidth + PAIR_GAP);
  const body: string[] = [];
  let y = MARGIN + 30;
  for (const m of matrices) {
    const rows = m.weights.length;
    const inputs = m.weights[0]?.length ?? 0;
    body.push(
      `<text x="${MARGIN}" y="${fixed(y + 14)}" font-size="14" font-weight="bold" fill="${palette.text}">` +
        `layer ${m.layer}: ${rows} neuron${rows === 1 ? '' : 's'} × ${inputs} input${inputs === 1 ? '' : 's'}</text>`,
    );
    y += HEADER;
    const pair = [
      { title: 'weights', values: m.weights, biases: m.biases, name: 'data' as const },
      { title: 'gradients', values: m.weightGrads, biases: m.biasGrads, name: 'grad' as const },
    ];
    pair.forEach((side, s) => {
      const left = MARGIN + s * (matrixWidth + PAIR_GAP);
      body.push(...matrix({ ...side, layer: m.layer, left, top: y, cell, labelEvery, theme, text: palette.text }));
    });
    y += COLUMN_LABELS + rows * cell + FOOTER + LAYER_GAP;
  }
  const height = Math.ceil(y + MARGIN - LAYER_GAP);
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `role="img" aria-label="Weights and gradients of each layer" font-family="${FONT}" font-size="10">`,
    '<title>Weights and gradients of each layer</title>',
  ];
  if (palette.background !== 'transparent') out.push(`<rect width="${width}" height="${height}" fill="${palette.background}"/>`);
  out.push(
    `<text x="${MARGIN}" y="${MARGIN + 12}" font-size="15" fill="${palette.text}">` +
      'Weights and gradients: rows are neurons, columns their inputs, b the bias</text>',
  );
  out.push(...body, '</svg>');
  return `${out.join('\n')}\n`;
}

interface MatrixInput {
  title: string;
  name: 'data' | 'grad';
  values: readonly (readonly number[])[];
  biases: readonly number[];
  layer: number;
  left: number;
  top: number;
  cell: number;
  labelEvery: number;
  theme: Theme;
  text: string;
}

function matrix({ title, name, values, biases, layer, left, top, cell, labelEvery, theme, text }: MatrixInput): string[] {
  const rows = values.length;
  const inputs = values[0]?.length ?? 0;
  const bound = Math.max(...values.flat().map(Math.abs), ...biases.map(Math.abs));
  const scale = bound > 0 ? bound : 1;
  const x0 = left + ROW_LABELS;
  const y0 = top + COLUMN_LABELS;
  const columnX = (i: number) => x0 + i * cell + (i === inputs ? BIAS_GAP : 0);
  const out: string[] = [];
  for (let i = 0; i <= inputs; i++) {
    if (i < inputs && (i + 1) % labelEvery !== 0 && i !== 0) continue;
    const label = i === inputs ? 'b' : String(i + 1);
    out.push(`<text x="${fixed(columnX(i) + cell / 2)}" y="${fixed(y0 - 4)}" text-anchor="middle" fill="${text}">${label}</text>`);
  }
  out.push('<g shape-rendering="crispEdges">');
  values.forEach((row, n) => {
    const y = fixed(y0 + n * cell);
    if (n === 0 || (n + 1) % labelEvery === 0) {
      out.push(`<text x="${fixed(x0 - 4)}" y="${fixed(y0 + n * cell + cell / 2 + 3.5)}" text-anchor="end" fill="${text}">${n + 1}</text>`);
    }
    [...row, biases[n] as number].forEach((value, i) => {
      const parameter = `layer${layer}.neuron${n + 1}.${i === inputs ? 'b' : `w${i + 1}`}`;
      out.push(
        `<rect x="${fixed(columnX(i))}" y="${y}" width="${cell}" height="${cell}" fill="${divergingColour(value / scale, theme)}">` +
          `<title>${parameter} ${name} ${value.toPrecision(6)}</title></rect>`,
      );
    });
  });
  out.push('</g>');
  const bottom = y0 + rows * cell;
  out.push(
    `<text x="${fixed(x0)}" y="${fixed(bottom + 14)}" fill="${text}">${title}: full colour at ±${bound.toPrecision(3)}</text>`,
  );
  return out;
}
