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
  const fields: Field[] = new Array<Field>(texts.length);
  // Along the fields (width in LR) the extents add up; across them the largest one counts.
  let along = 0;
  let across = lr ? MIN_HEIGHT : MIN_WIDTH;
  for (let i = 0; i < texts.length; i++) {
    const lines = labelLines(texts[i] as string);
    const width = widest(lines) + FIELD_MARGIN;
    const height = linesHeight(lines);
    const extent = lr ? width : height;
    fields[i] = { lines, extent };
    along += extent;
    across = Math.max(across, lr ? height : width);
  }
  const least = lr ? MIN_WIDTH : MIN_HEIGHT;
  if (along < least) for (const field of fields) field.extent += (least - along) / fields.length;
  along = Math.max(along, least);
  return { width: lr ? along : across, height: lr ? across : along, fields, lines: undefined };
}

/** The small ellipse of an op: its text inside, never smaller than Graphviz's default node. */
export function opBox(op: string): NodeBox {
  const lines = labelLines(op);
  const width = Math.max(MIN_WIDTH, (widest(lines) + 15) * Math.SQRT2);
  const height = Math.max(MIN_HEIGHT, (lines.length * LINE_HEIGHT + 4) * Math.SQRT2);
  return { width, height, fields: undefined, lines };
}
