import type { ChainRuleEdge } from '../chain-rule/edges.js';
import { gradientCheck, type GradcheckLimits, type GradientCheck } from '../gradcheck/gradient-check.js';
import { DEFAULT_DOT_OPTIONS, toDot, type DotOptions } from '../graph/dot.js';
import { traceGraph, type GraphNode, type TracedGraph } from '../graph/trace.js';
import { runProgram, type ProgramLimits } from '../lang/index.js';
import type { LabelSource } from '../lang/scope.js';
import type { TanhFormula } from '../nn/lecture-tanh.js';
import { optionalPart, type AnswerBody, type AnswerFormat, type AnswerSpec, type AnswerWarning } from './answer.js';
import { checkLabelBytes, checkOutputBytes, JSON_ESCAPING, measureGraph, within, type AnswerBudget, type GraphMeasure } from './budget.js';
import { edgesOf } from './chain-rule-edges.js';
import { expressionCode, type ExpressionCodeFormat } from './code-export.js';
import { chooseEngine, DEFAULT_LAYOUT, drawSvg, engineWithinBytes, type LayoutChoice } from './draw.js';
import { rasterise } from './picture.js';
import { NO_CONTEXT, type JobContext } from './protocol.js';

/**
 * One expression request from source text to the bytes of its answer: run the program, trace its
 * graph, check the budget, then write DOT, lay it out, rasterise or serialise, as the format asks.
 * Plain data in, plain data out, nothing of HTTP: it runs in a worker thread.
 */

/** How to draw: the DOT writer's options, and the engine that lays the picture out. */
export interface DrawingOptions extends DotOptions {
  layout: LayoutChoice;
}

/** What the request asks of the answer beyond the drawing. */
export interface AnswerOptions {
  /** JSON only: every leaf's gradient beside the lecture's nudged estimate. */
  gradcheck?: boolean;
}

/** How closely a program follows micrograd's notebook. */
export interface ParityRequest {
  labels?: LabelSource;
  tanh?: TanhFormula;
}

export interface ExpressionRequest {
  source: string;
  values?: Record<string, number>;
  output?: string;
  options?: Partial<DrawingOptions> & AnswerOptions & ParityRequest;
}

/** The graph's formats, and the program as Python code. */
export type ExpressionAnswerFormat = AnswerFormat | ExpressionCodeFormat;

export interface ExpressionJob extends AnswerSpec<ExpressionAnswerFormat> {
  request: ExpressionRequest;
  limits: ProgramLimits;
  budget: AnswerBudget;
  gradcheck?: GradcheckLimits;
}

/** The JSON answer: every value, the gradients by name, and the pictures the budget allows. */
export interface ExpressionAnswer {
  output: GraphNode;
  nodes: GraphNode[];
  /** The gradient of each program name's final binding. */
  gradients: Record<string, number>;
  /** Every step of the chain rule; left out (with a warning) when it would be over the output budget. */
  edges?: ChainRuleEdge[];
  /** With `options.gradcheck`. */
  gradcheck?: GradientCheck[];
  /** Left out (with a warning) when it would be over the output budget. */
  dot?: string;
  /** Left out (with a warning) when the graph is too large to draw or the answer too large to send. */
  svg?: string;
  warnings?: AnswerWarning[];
}

/**
 * Looks at the measured graph before anything is written or laid out, and throws to stop the job
 * there (jobs/inline.ts: a job run on the HTTP thread hands the rest to a worker when it would be long).
 */
export type BeforeDrawing = (graph: TracedGraph, measure: GraphMeasure) => void;

export async function runExpressionJob(
  job: ExpressionJob,
  context: JobContext = NO_CONTEXT,
  beforeDrawing?: BeforeDrawing,
): Promise<AnswerBody> {
  const { request, budget } = job;
  const { gradcheck = false, labels, tanh, layout = DEFAULT_LAYOUT, ...drawing } = request.options ?? {};
  const { source, values, output } = request;
  const { root, names } = runProgram({ source, values, output, labels, tanh, limits: job.limits });
  const graph = traceGraph(root);
  const options: DotOptions = { ...DEFAULT_DOT_OPTIONS, ...drawing };
  const measure = measureGraph(graph.nodes, options.precision);
  checkLabelBytes(measure, budget);
  beforeDrawing?.(graph, measure);

  switch (job.format) {
    case 'pytorch':
    case 'micrograd':
      return expressionCode(job.format, graph.nodes, budget);
    case 'dot':
      return dotOf(graph, options, measure, budget);
    case 'svg':
      return svgOf(graph, options, layout, measure, budget, context);
    case 'png':
      return rasterise(await svgOf(graph, options, layout, measure, budget, context), job.scale, budget, context);
    case 'json': {
      // fromEntries defines own properties, so a name like __proto__ stays an ordinary key.
      const gradients = Object.fromEntries(Array.from(names, ([name, value]) => [name, value.grad]));
      const answer: ExpressionAnswer = { output: graph.root, nodes: graph.nodes, gradients };
      checkOutputBytes('list of values', measure.bytes.nodes, budget);
      // The edges, then the pictures as JSON strings (quotes and newlines escaped), share what is left.
      let room = budget.maxOutputBytes - measure.bytes.nodes;
      const warnings: AnswerWarning[] = [];
      const edges = await optionalPart(() => edgesOf(graph, measure, { ...budget, maxOutputBytes: room }), 'the answer has no edges', warnings);
      if (edges !== undefined) {
        answer.edges = edges;
        room -= measure.bytes.edges;
      }
      if (gradcheck) answer.gradcheck = gradientCheck(graph.order, graph.ids, job.gradcheck);
      const dot = await optionalPart(() => dotOf(graph, options, measure, within(budget, room)), 'the answer has no dot and no svg', warnings);
      if (dot !== undefined) {
        answer.dot = dot;
        room -= Buffer.byteLength(dot) * JSON_ESCAPING;
        const svg = await optionalPart(() => svgOf(graph, options, layout, measure, within(budget, room), context, dot), 'the answer has no svg', warnings);
        if (svg !== undefined) answer.svg = svg;
      }
      if (warnings.length > 0) answer.warnings = warnings;
      const body = JSON.stringify(answer);
      checkOutputBytes('JSON answer', Buffer.byteLength(body), budget);
      return body;
    }
  }
}

function dotOf(graph: TracedGraph, options: DotOptions, measure: GraphMeasure, budget: AnswerBudget): string {
  checkOutputBytes('DOT', measure.bytes.dot, budget);
  return toDot(graph, options);
}

async function svgOf(
  graph: TracedGraph,
  options: DotOptions,
  layout: LayoutChoice,
  measure: GraphMeasure,
  budget: AnswerBudget,
  context: JobContext,
  dot?: string,
): Promise<string> {
  const { engine } = engineWithinBytes(chooseEngine(layout, measure, budget), graph, measure, budget);
  return drawSvg(engine, graph, options, budget, context, undefined, dot);
}
