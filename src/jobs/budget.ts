import { escapeRecordField } from '../graph/escape.js';
import type { GraphNode } from '../graph/trace.js';
import { GradvizError } from '../errors.js';
import { graphShape, type GraphShape } from '../layout/cost.js';

/**
 * What one job may produce, checked before the work that would produce it: a request over budget
 * is refused in milliseconds, without building the oversized answer. Each limit is named as the
 * configuration names it, so the client is told which one to ask the operator about.
 */
export interface AnswerBudget {
  /** Bytes of one answer body: JSON, DOT or SVG. */
  maxOutputBytes: number;
  /** UTF-8 bytes of the labels of every value drawn, counted once per value that carries one. */
  maxLabelBytes: number;
  /** Values drawn in one picture. */
  maxDrawnValues: number;
  /** Predicted Graphviz layout cost, in layout units (about a millisecond each). */
  maxLayoutCost: number;
  /**
   * Predicted milliseconds of the layered engine (same units): half the job time limit, so a
   * picture it could not finish is refused at once. Its cost grows near-linearly and is known
   * before it starts, so it draws what Graphviz cannot (20,000 values in about 4 s at most).
   */
  maxLayeredCost: number;
  /** Pixels of one PNG. */
  maxPngPixels: number;
}

/** The sizes an answer's parts would have, predicted from the traced graph (upper bounds). */
export interface PredictedBytes {
  /** The `nodes` list of a JSON answer. */
  nodes: number;
  dot: number;
  svg: number;
  /** The `edges` list of a JSON answer: one entry per operand of every op. */
  edges: number;
}

// Per-value and per-edge bytes beyond the labels and numbers, rounded up from Graphviz 16's SVG and
// from our DOT and JSON writers (test/jobs/budget.test.ts keeps them upper bounds).
const NUMBER_BYTES = 26; // '-1.2345678901234567e-308' and quotes or separators
const JSON_NODE_BYTES = 64;
const JSON_INPUT_BYTES = 12;
const DOT_VALUE_BYTES = 72;
const DOT_OP_BYTES = 64;
const DOT_EDGE_BYTES = 28;
const SVG_VALUE_BYTES = 900;
const SVG_OP_BYTES = 420;
const SVG_EDGE_BYTES = 420;
const SVG_FIXED_BYTES = 1024;
// `{"from":"","to":"","operand":0,"formula":"","local":,"contribution":},` is 70 bytes; the longest
// formula is a constant power's, `${k} * x**${k - 1}`, two numbers of at most 24 characters and 6 more.
const JSON_EDGE_BYTES = 72;
const FORMULA_BYTES = 56;

/** Label bytes per distinct label string, in each form the answers write it. */
interface LabelBytes {
  utf8: number;
  json: number;
  dot: number;
  svg: number;
}

function labelBytes(label: string): LabelBytes {
  const utf8 = Buffer.byteLength(label);
  // Graphviz writes &, <, >, " and ' as entities of up to six bytes.
  const entities = label.match(/[&<>"']/g)?.length ?? 0;
  return {
    utf8,
    json: Buffer.byteLength(JSON.stringify(label)),
    dot: Buffer.byteLength(escapeRecordField(label)),
    // Replaced characters become U+FFFD (3 bytes) from as little as one.
    svg: utf8 * 3 + entities * 5,
  };
}

/** The budget's view of a traced graph: its shape, its labels and the bytes of its answers. */
export interface GraphMeasure {
  shape: GraphShape;
  labelBytes: number;
  bytes: PredictedBytes;
}

/** Measures a graph in one pass; distinct labels are measured once, however many values share them. */
export function measureGraph(nodes: readonly GraphNode[], precision: number): GraphMeasure {
  const labels = new Map<string, LabelBytes>();
  let utf8 = 0;
  const bytes: PredictedBytes = { nodes: 2, dot: 256, svg: SVG_FIXED_BYTES, edges: 2 };
  const number = Math.max(NUMBER_BYTES, precision + 24);
  // Ids are `n` and the value's place in the order.
  const edge = JSON_EDGE_BYTES + 2 * (1 + String(nodes.length).length) + FORMULA_BYTES + 2 * NUMBER_BYTES;
  for (const node of nodes) {
    let label = labels.get(node.label);
    if (label === undefined) labels.set(node.label, (label = labelBytes(node.label)));
    utf8 += label.utf8;
    const inputs = node.inputs.length;
    bytes.nodes += JSON_NODE_BYTES + label.json + node.op.length + 2 * NUMBER_BYTES + inputs * JSON_INPUT_BYTES;
    bytes.dot += DOT_VALUE_BYTES + label.dot + 2 * number;
    bytes.svg += SVG_VALUE_BYTES + label.svg + 2 * number;
    bytes.edges += inputs * edge;
    if (node.op !== '') {
      bytes.dot += DOT_OP_BYTES + node.op.length * 2 + (inputs + 1) * DOT_EDGE_BYTES;
      bytes.svg += SVG_OP_BYTES + node.op.length * 6 + (inputs + 1) * SVG_EDGE_BYTES;
    }
  }
  return { shape: graphShape(nodes), labelBytes: utf8, bytes };
}

export function checkLabelBytes(measure: GraphMeasure, budget: AnswerBudget): void {
  if (measure.labelBytes <= budget.maxLabelBytes) return;
  throw new GradvizError(
    'limit-exceeded',
    `the labels of the graph's values add up to ${count(measure.labelBytes)} bytes (a label counts once per ` +
      `value that carries it), more than the limit maxLabelBytes of ${count(budget.maxLabelBytes)}`,
    { limit: 'maxLabelBytes', limitValue: budget.maxLabelBytes, requested: measure.labelBytes },
  );
}

/** Throws when an answer of `bytes` (predicted or written) is over the output budget. */
export function checkOutputBytes(what: string, bytes: number, budget: AnswerBudget): void {
  if (bytes <= budget.maxOutputBytes) return;
  throw new GradvizError(
    'limit-exceeded',
    `the ${what} would be about ${count(bytes)} bytes, more than the limit maxOutputBytes of ${count(budget.maxOutputBytes)}`,
    { limit: 'maxOutputBytes', limitValue: budget.maxOutputBytes, requested: bytes },
  );
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
