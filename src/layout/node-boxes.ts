import { formatFixed } from '../graph/format.js';
import type { DotOptions } from '../graph/dot.js';
import type { GraphNode } from '../graph/trace.js';
import { labelLines } from './svg-text.js';
import { LINE_HEIGHT, textWidth } from './text-width.js';

/** One field of a record: its lines and its extent along the record (width in LR, height in TB). */
export interface Field {
  lines: string[];
  extent: number;
}

/** What a node looks like before it is placed: a record's fields or an op's ellipse, and its box. */
export interface NodeBox {
  width: number;
  height: number;
  fields: Field[] | undefined;
  /** The op's lines for an ellipse node. */
  lines: string[] | undefined;
}

// Graphviz's defaults: nodes at least 0.75in x 0.5in, 8pt of margin each side of a field's text.
const MIN_WIDTH = 54;
const MIN_HEIGHT = 36;
const FIELD_MARGIN = 16;

function linesHeight(lines: readonly string[]): number {
  return lines.length * LINE_HEIGHT + 8;
}

function widest(lines: readonly string[]): number {
  let max = 0;
  for (const line of lines) max = Math.max(max, textWidth(line));
  return max;
}

/** The record `{ label | data x | grad y }` of a value. */
export function recordBox(node: GraphNode, options: DotOptions): NodeBox {
  const texts = [node.label, `data ${formatFixed(node.data, options.precision)}`];
  if (options.grad) texts.push(`grad ${formatFixed(node.grad, options.precision)}`);
  return recordOf(texts, options.rankdir === 'LR');
}

/** A record of `texts`: fields side by side in LR, stacked in TB, as dot draws `{ a | b | c }`. */
export function recordOf(texts: readonly string[], lr: boolean): NodeBox {
  const lineSets = texts.map(labelLines);
  if (lr) {
    const fields = lineSets.map((lines) => ({ lines, extent: widest(lines) + FIELD_MARGIN }));
    const sum = fields.reduce((s, f) => s + f.extent, 0);
    if (sum < MIN_WIDTH) for (const f of fields) f.extent += (MIN_WIDTH - sum) / fields.length;
    const height = Math.max(MIN_HEIGHT, ...lineSets.map(linesHeight));
    return { width: Math.max(sum, MIN_WIDTH), height, fields, lines: undefined };
  }
  const fields = lineSets.map((lines) => ({ lines, extent: linesHeight(lines) }));
  const sum = fields.reduce((s, f) => s + f.extent, 0);
  if (sum < MIN_HEIGHT) for (const f of fields) f.extent += (MIN_HEIGHT - sum) / fields.length;
  const width = Math.max(MIN_WIDTH, ...lineSets.map((lines) => widest(lines) + FIELD_MARGIN));
  return { width, height: Math.max(sum, MIN_HEIGHT), fields, lines: undefined };
}

/** The small ellipse of an op: its text inside, never smaller than Graphviz's default node. */
export function opBox(op: string): NodeBox {
  const lines = labelLines(op);
  const width = Math.max(MIN_WIDTH, (widest(lines) + 15) * Math.SQRT2);
  const height = Math.max(MIN_HEIGHT, (lines.length * LINE_HEIGHT + 4) * Math.SQRT2);
  return { width, height, fields: undefined, lines };
}
