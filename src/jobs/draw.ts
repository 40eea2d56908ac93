import type { Value } from '../engine/index.js';
import { GradvizError } from '../errors.js';
import { checkDotOptions, toDot, type DotOptions, type NodeDecoration } from '../graph/dot.js';
import type { TracedGraph } from '../graph/trace.js';
import { graphvizCost } from '../layout/cost.js';
import { layeredCost, NODE_FLOOR, renderLayeredSvg } from '../layout/index.js';
import { renderSvg } from '../render/graphviz.js';
import { checkOutputBytes, layeredSvgBytes, measureClusters, type AnswerBudget, type ClusterMeasure, type GraphMeasure } from './budget.js';
import type { JobContext } from './protocol.js';

/**
 * Which engine lays a picture out: Graphviz, for draw_dot's exact look; gradviz's own layered
 * engine, near-linear and made for computation graphs; or `auto`, Graphviz while its predicted
 * cost is small and the layered engine beyond. Both are budgeted by the same cost units.
 */
export const LAYOUTS = ['auto', 'graphviz', 'layered'] as const;
export type LayoutChoice = (typeof LAYOUTS)[number];
export const DEFAULT_LAYOUT: LayoutChoice = 'auto';

/** `auto` keeps Graphviz up to this predicted cost: a quarter of a second at most, its exact look. */
export const AUTO_GRAPHVIZ_COST = 250;

type Decorate = (value: Value) => NodeDecoration | undefined;

/**
 * What lays a picture out: Graphviz, or the layered engine, with its floor of nodes for long edges
 * (NODE_FLOOR: a small graph chains most of them) or, where only that fits the time limit or the
 * output budget, without (see chooseEngine and engineWithinBytes).
 */
export type Engine = 'graphviz' | 'layered' | 'layered-without-floor';

/** The node floor the layered engine gets as `engine`. */
function nodeFloorOf(engine: Exclude<Engine, 'graphviz'>): number {
  return engine === 'layered' ? NODE_FLOOR : 0;
}

/** The layered engine's predicted work as `engine` (see layeredCost). */
export function layeredWork(engine: Exclude<Engine, 'graphviz'>, measure: GraphMeasure): number {
  return layeredCost(measure.shape, nodeFloorOf(engine)).work;
}

/**
 * The engine that will draw the measured graph, after the budget agrees: values drawn, and the
 * chosen engine's predicted cost. `hint` says what else the client could ask for.
 */
export function chooseEngine(
  choice: LayoutChoice,
  measure: GraphMeasure,
  budget: AnswerBudget,
  hint?: string,
): Engine {
  const values = measure.shape.values;
  checkDrawnValues(values, budget, hint);
  const graphviz = graphvizCost(measure.shape);
  if (choice === 'graphviz' || (choice === 'auto' && graphviz <= Math.min(AUTO_GRAPHVIZ_COST, budget.maxLayoutCost))) {
    if (graphviz > budget.maxLayoutCost) {
      const why = choice === 'graphviz' ? '; ask for layout: "layered" or "auto" to draw it with gradviz\'s own engine' : '';
      throw tooLarge(
        `laying out this graph with Graphviz would cost about ${count(graphviz)} layout units (its ${count(values)} values ` +
          `have ${count(measure.shape.virtualNodes)} ranks' worth of long edges), more than the limit maxLayoutCost of ` +
          `${count(budget.maxLayoutCost)}${why}`,
        'maxLayoutCost',
        budget.maxLayoutCost,
        graphviz,
        hint,
      );
    }
    return 'graphviz';
  }
  if (Math.ceil(layeredCost(measure.shape).estimatedMs) <= budget.maxLayeredCost) return 'layered';
  // The floor buys fewer crossings with time: without it, when only that fits the limit.
  const layered = Math.ceil(layeredCost(measure.shape, 0).estimatedMs);
  if (layered > budget.maxLayeredCost) {
    throw tooLarge(
      `laying out this graph would take about ${count(layered)} ms, more than the limit maxLayeredCost of ` +
        `${count(budget.maxLayeredCost)} ms (half of JOB_TIME_LIMIT_MS)`,
      'maxLayeredCost',
      budget.maxLayeredCost,
      layered,
      hint,
    );
  }
  return 'layered-without-floor';
}

/** Refuses a picture of more than maxDrawnValues values: known before the graph is traced. */
export function checkDrawnValues(values: number, budget: AnswerBudget, hint?: string): void {
  if (values <= budget.maxDrawnValues) return;
  throw tooLarge(
    `the graph has ${count(values)} values, more than the ${count(budget.maxDrawnValues)} that can be drawn in one picture`,
    'maxDrawnValues',
    budget.maxDrawnValues,
    values,
    hint,
  );
}

/**
 * The bytes of the SVG `engine` would write, predicted from the measured graph (and the clusters
 * `decorate` puts it in) before anything is laid out: an upper bound to check against a budget.
 */
export function predictedSvgBytes(engine: Engine, graph: TracedGraph, measure: GraphMeasure, decorate?: Decorate): number {
  return svgBytesOf(engine, measure, engine === 'graphviz' ? undefined : clustersOf(graph, decorate));
}

/**
 * The engine `chooseEngine` picked and the predicted bytes of its SVG, checked against `budget`:
 * the layered engine gives up its node floor when only that fits, as it does for time.
 */
export function engineWithinBytes(
  engine: Engine,
  graph: TracedGraph,
  measure: GraphMeasure,
  budget: AnswerBudget,
  decorate?: Decorate,
): { engine: Engine; svgBytes: number } {
  // Measured once for both predictions.
  const clusters = engine === 'graphviz' ? undefined : clustersOf(graph, decorate);
  const svgBytes = svgBytesOf(engine, measure, clusters);
  if (engine !== 'layered' || svgBytes <= budget.maxOutputBytes) {
    checkOutputBytes('SVG', svgBytes, budget);
    return { engine, svgBytes };
  }
  const lean = svgBytesOf('layered-without-floor', measure, clusters);
  checkOutputBytes('SVG', lean, budget);
  return { engine: 'layered-without-floor', svgBytes: lean };
}

function clustersOf(graph: TracedGraph, decorate?: Decorate): ClusterMeasure | undefined {
  return decorate === undefined ? undefined : measureClusters(graph, decorate);
}

function svgBytesOf(engine: Engine, measure: GraphMeasure, clusters: ClusterMeasure | undefined): number {
  return engine === 'graphviz' ? measure.bytes.svg : layeredSvgBytes(measure, clusters, nodeFloorOf(engine));
}

/** Draws `graph` with the engine `chooseEngine` picked; `dot` reuses a DOT the caller already wrote. */
export async function drawSvg(
  engine: Engine,
  graph: TracedGraph,
  options: DotOptions,
  budget: AnswerBudget,
  context: JobContext,
  decorate?: Decorate,
  dot?: string,
): Promise<string> {
  checkDotOptions(options);
  context.stage('layout');
  const svg =
    engine === 'graphviz' ? await renderSvg(dot ?? toDot(graph, options, decorate)) : renderLayeredSvg(graph, options, decorate, nodeFloorOf(engine));
  // The prediction is an upper bound; this guards the bound itself.
  checkOutputBytes('SVG', Buffer.byteLength(svg), budget);
  return svg;
}

function tooLarge(message: string, limit: string, limitValue: number, requested: number, hint: string | undefined): GradvizError {
  return new GradvizError('graph-too-large', hint === undefined ? message : `${message}; ${hint}`, { limit, limitValue, requested });
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
