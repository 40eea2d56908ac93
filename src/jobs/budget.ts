import type { Value } from '../engine/index.js';
import type { NodeDecoration } from '../graph/dot.js';
import { escapeRecordField } from '../graph/escape.js';
import type { GraphNode, TracedGraph } from '../graph/trace.js';
import { GradvizError } from '../errors.js';
import { graphShape, type GraphShape } from '../layout/cost.js';
import { labelLines, xmlText } from '../layout/svg-text.js';
import { NODE_FLOOR } from '../layout/chains.js';
import { layeredCost } from '../layout/work.js';

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
   * before it starts, so it draws what Graphviz cannot (20,000 values predicted at about 2 s).
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
  /** Graphviz's SVG (the layered engine's is `layeredSvgBytes`). */
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
  /** The layered SVG's text: each line but an empty one a <text>, escaped (src/layout/svg-text.ts). */
  lines: number;
  /** Lines with the empty ones, for the height they take. */
  lineCount: number;
  layeredText: number;
}

/** A label's lines as the layered SVG writes them: how many, how many are a <text>, and their escaped bytes. */
function layeredLines(label: string): { count: number; texts: number; bytes: number } {
  const lines = labelLines(label);
  let texts = 0;
  let bytes = 0;
  for (const line of lines) {
    if (line === '') continue;
    texts++;
    bytes += Buffer.byteLength(xmlText(line));
  }
  return { count: lines.length, texts, bytes };
}

function labelBytes(label: string): LabelBytes {
  const utf8 = Buffer.byteLength(label);
  // Graphviz writes &, <, >, " and ' as entities of up to six bytes.
  const entities = label.match(/[&<>"']/g)?.length ?? 0;
  const layered = layeredLines(label);
  return {
    utf8,
    json: Buffer.byteLength(JSON.stringify(label)),
    dot: Buffer.byteLength(escapeRecordField(label)),
    // Replaced characters become U+FFFD (3 bytes) from as little as one.
    svg: utf8 * 3 + entities * 5,
    lines: layered.texts,
    lineCount: layered.count,
    layeredText: layered.bytes,
  };
}

/** The budget's view of a traced graph: its shape, its labels and the bytes of its answers. */
export interface GraphMeasure {
  shape: GraphShape;
  labelBytes: number;
  bytes: PredictedBytes;
  /** What the layered engine's SVG depends on (see layeredSvgBytes). */
  layered: LayeredParts;
}

/** Measures a graph in one pass; distinct labels are measured once, however many values share them. */
export function measureGraph(nodes: readonly GraphNode[], precision: number): GraphMeasure {
  const labels = new Map<string, LabelBytes>();
  let utf8 = 0;
  const bytes: PredictedBytes = { nodes: 2, dot: 256, svg: SVG_FIXED_BYTES, edges: 2 };
  const layered = new LayeredParts(nodes.length);
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
    layered.addValue(label, fixedChars(node.data, precision) + fixedChars(node.grad, precision));
    if (node.op !== '') {
      bytes.dot += DOT_OP_BYTES + node.op.length * 2 + (inputs + 1) * DOT_EDGE_BYTES;
      bytes.svg += SVG_OP_BYTES + node.op.length * 6 + (inputs + 1) * SVG_EDGE_BYTES;
      layered.addOp(node.op, inputs + 1);
    }
  }
  return { shape: graphShape(nodes), labelBytes: utf8, bytes, layered };
}

/** An upper bound of the characters of `x` written with `precision` decimals (src/graph/format.ts). */
function fixedChars(x: number, precision: number): number {
  const size = Math.abs(x);
  if (!Number.isFinite(size)) return 4;
  // A digit more than the whole part has, for a carry from rounding; a sign; the point and decimals.
  const whole = size < 10 ? 1 : Math.floor(Math.log10(size)) + 1;
  return 1 + whole + 1 + (precision > 0 ? 1 + precision : 0);
}

// --- The layered engine's SVG (src/layout/svg-writer.ts) ---------------------------------------
//
// Bytes of each element beyond its coordinates and text, counted from the writer's templates with
// colours of up to seven characters; an edge's line counted as the router draws it (a run out of
// its source, one S-bend per gap between ranks it crosses, a run into its target). Every
// coordinate, absolute or a step across the ranks, is counted at the width of the largest the
// picture could have, from an upper bound of its extent: every box side by side (14pt Times is at
// most 14 points a character, a digit 8) with the gaps between ranks; a step along a rank at the
// width of the widest box. test/jobs/budget.test.ts keeps the sum an upper bound: random programs,
// MLP graphs with clusters, labels long and naughty, every theme, LR and TB.
const LAYERED_FIXED_BYTES = 1024;
/** A record: group, title, outline, separators (six coordinates); its texts are counted per line. */
const LAYERED_VALUE_BYTES = 160;
const LAYERED_VALUE_COORDINATES = 14;
/** An op node: group, title, ellipse; its text is counted as a line. */
const LAYERED_OP_BYTES = 120;
const LAYERED_OP_COORDINATES = 4;
/** A <text> of one line, beyond its escaped text. */
const LAYERED_TEXT_BYTES = 24;
const LAYERED_TEXT_COORDINATES = 2;
/**
 * An edge: group, title, the line's start, one S-bend (its steps along the ranks cross the gap
 * between two ranks, at most six characters each), two straight runs along ranks, the arrowhead.
 */
const LAYERED_EDGE_BYTES = 160;
const LAYERED_EDGE_COORDINATES = 2 + 2 + 2;
const LAYERED_EDGE_RUNS = 2;
/** A virtual node of a long edge's chain adds an S-bend and a straight run to its line. */
const LAYERED_VIRTUAL_BYTES = 28;
const LAYERED_VIRTUAL_COORDINATES = 2;
/** Points of extent beyond the text: a record's margins, an op's ellipse, and the gap after each. */
const VALUE_EXTENT = 100;
const OP_EXTENT = 120;
const POINTS_PER_CHARACTER = 14;
const POINTS_PER_DIGIT = 8;

/** The layered SVG's bytes, counted value by value; see layeredSvgBytes for the rest. */
export class LayeredParts {
  /** Bytes of markup and text, coordinates not counted. */
  fixed = LAYERED_FIXED_BYTES;
  /** Coordinates written, each counted at the width of the widest. */
  coordinates = 0;
  /** Points the picture spans at most, along or across the ranks. */
  extent = 0;
  /** Straight runs along a rank, each at most the widest box and a gap long. */
  runs = 0;
  /** Points of the widest box, with a gap. */
  widest = 0;
  /** Characters of an id (`n12_op`) and of a node's or edge's number. */
  private readonly idChars: number;

  constructor(values: number) {
    this.idChars = String(4 * values).length + 4;
  }

  addValue(label: LabelBytes, numberChars: number): void {
    // The label's lines, `data x` and `grad y`.
    const lines = label.lines + 2;
    this.fixed += LAYERED_VALUE_BYTES + 2 * this.idChars + lines * LAYERED_TEXT_BYTES + label.layeredText + 10 + numberChars;
    this.coordinates += LAYERED_VALUE_COORDINATES + lines * LAYERED_TEXT_COORDINATES;
    const size = POINTS_PER_CHARACTER * (label.utf8 + label.lineCount) + POINTS_PER_DIGIT * (10 + numberChars);
    this.extent += VALUE_EXTENT + size;
    this.widest = Math.max(this.widest, VALUE_EXTENT + size);
  }

  /** An op node, its edge to its value and the edges from its inputs. */
  addOp(op: string, edges: number): void {
    const text = Buffer.byteLength(xmlText(op));
    this.fixed += LAYERED_OP_BYTES + 2 * this.idChars + LAYERED_TEXT_BYTES + text;
    this.coordinates += LAYERED_OP_COORDINATES + LAYERED_TEXT_COORDINATES;
    this.fixed += edges * (LAYERED_EDGE_BYTES + 3 * this.idChars);
    this.coordinates += edges * LAYERED_EDGE_COORDINATES;
    this.runs += edges * LAYERED_EDGE_RUNS;
    const size = OP_EXTENT + 2 * POINTS_PER_CHARACTER * text;
    this.extent += size;
    this.widest = Math.max(this.widest, size);
  }
}

/** The clusters of an MLP's values view, measured from its decoration before it is laid out. */
export interface ClusterMeasure {
  count: number;
  /** Cluster memberships of values, summed (a value in a neuron of a layer is in two). */
  memberships: number;
  deepest: number;
  /** Bytes of the titles' escaped lines, and the lines. */
  titleText: number;
  titleLines: number;
}

export function measureClusters(graph: TracedGraph, decorate: (value: Value) => NodeDecoration | undefined): ClusterMeasure {
  const seen = new Set<string>();
  const measure: ClusterMeasure = { count: 0, memberships: 0, deepest: 0, titleText: 0, titleLines: 0 };
  for (const value of graph.order) {
    const path = decorate(value)?.cluster ?? [];
    measure.memberships += path.length;
    measure.deepest = Math.max(measure.deepest, path.length);
    let key = '';
    for (const title of path) {
      key += `${title.length}:${title}`;
      if (seen.has(key)) continue;
      seen.add(key);
      measure.count++;
      const lines = layeredLines(title);
      measure.titleLines += lines.texts;
      measure.titleText += lines.bytes;
    }
  }
  return measure;
}

// A cluster's group, title, path and title text; its outline has four steps a rank it spans.
const CLUSTER_BYTES = 160;
const CLUSTER_TEXT_BYTES = 40;
const CLUSTER_STEP_BYTES = 4;
const CLUSTER_STEP_COORDINATES = 2;
const CLUSTER_EXTENT = 40;

/**
 * An upper bound of the bytes of the layered engine's SVG of `graph`, before it is laid out: what
 * `measure` counted, the chains of long edges (at most the layout's own bound of virtual nodes),
 * and for an MLP's values view its clusters.
 */
export function layeredSvgBytes(measure: GraphMeasure, clusters?: ClusterMeasure, nodeFloor = NODE_FLOOR): number {
  const shape = measure.shape;
  const cost = layeredCost(shape, nodeFloor);
  const virtual = cost.nodes - shape.values - shape.opNodes;
  const parts = measure.layered;
  let fixed = parts.fixed + virtual * LAYERED_VIRTUAL_BYTES;
  let coordinates = parts.coordinates + virtual * LAYERED_VIRTUAL_COORDINATES;
  let extent = parts.extent;
  if (clusters !== undefined) {
    // An outline spans the ranks where its members or chains through it sit; ranks alternate values
    // and ops along the longest chain, so there are at most twice its values.
    const ranks = shape.rankSpan + 2;
    const spans = Math.min(clusters.count * ranks, 2 * clusters.memberships + virtual * clusters.deepest);
    fixed += clusters.count * (CLUSTER_BYTES + 2 * String(clusters.count).length) + clusters.titleLines * CLUSTER_TEXT_BYTES + clusters.titleText;
    fixed += spans * 4 * CLUSTER_STEP_BYTES;
    coordinates += clusters.titleLines * LAYERED_TEXT_COORDINATES + spans * (2 + 4 * CLUSTER_STEP_COORDINATES);
    extent += CLUSTER_EXTENT * clusters.count;
  }
  return fixed + coordinates * coordinateChars(extent) + (parts.runs + virtual) * (1 + coordinateChars(parts.widest));
}

/** Characters of a coordinate in a picture of `extent` points: its digits, two decimals, a sign. */
function coordinateChars(extent: number): number {
  return String(Math.ceil(extent)).length + 4;
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

/** Upper bound of how much a DOT or SVG text grows as a JSON string. */
export const JSON_ESCAPING = 1.3;

/** The budget for a part of a JSON answer that has `room` bytes left. */
export function within(budget: AnswerBudget, room: number): AnswerBudget {
  return { ...budget, maxOutputBytes: Math.max(0, Math.floor(room / JSON_ESCAPING)) };
}
