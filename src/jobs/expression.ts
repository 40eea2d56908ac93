import { DEFAULT_DOT_OPTIONS, toDot, type DotOptions } from '../graph/dot.js';
import { traceGraph, type GraphNode } from '../graph/trace.js';
import { GradvizError, type ErrorDetails, type ErrorKind } from '../errors.js';
import { runProgram, type ProgramLimits } from '../lang/index.js';
import { renderSvg } from '../render/graphviz.js';

/**
 * One expression request from source text to picture: run the program, trace its graph, write
 * DOT and lay it out. Plain data in, plain data out, nothing of HTTP: it can run in a worker thread.
 */

export interface ExpressionRequest {
  source: string;
  values?: Record<string, number>;
  output?: string;
  options?: Partial<DotOptions>;
}

/** What the answer is for: JSON carries everything, the others only need their own text. */
export type ExpressionFormat = 'json' | 'svg' | 'dot';

export interface ExpressionLimits extends ProgramLimits {
  /** A graph with more values is not laid out: Graphviz time grows steeply with size. */
  maxDrawnValues: number;
}

/** Something left out of an answer, as the error an image request would have got. */
export interface ExpressionWarning {
  kind: ErrorKind;
  message: string;
  details: ErrorDetails;
}

export interface ExpressionJobResult {
  output: GraphNode;
  nodes: GraphNode[];
  /** The gradient of each program name's final binding. */
  gradients: Record<string, number>;
  dot: string;
  /** For 'json' and 'svg'; left out of 'json' (with a warning) when the graph is too large to draw. */
  svg?: string;
  warnings?: ExpressionWarning[];
}

export async function runExpressionJob(
  request: ExpressionRequest,
  limits: ExpressionLimits,
  format: ExpressionFormat = 'json',
): Promise<ExpressionJobResult> {
  const { maxDrawnValues, ...programLimits } = limits;
  const { root, names } = runProgram({
    source: request.source,
    values: request.values,
    output: request.output,
    limits: programLimits,
  });
  const graph = traceGraph(root);
  // fromEntries defines own properties, so a name like __proto__ stays an ordinary key.
  const gradients = Object.fromEntries(Array.from(names, ([name, value]) => [name, value.grad]));
  const result: ExpressionJobResult = { output: graph.root, nodes: graph.nodes, gradients, dot: '' };

  const tooLarge = graph.nodes.length > maxDrawnValues ? graphTooLarge(graph.nodes.length, maxDrawnValues) : undefined;
  if (tooLarge !== undefined && format === 'svg') throw tooLarge;

  result.dot = toDot(graph, { ...DEFAULT_DOT_OPTIONS, ...request.options });
  if (format === 'dot') return result;
  if (tooLarge === undefined) result.svg = await renderSvg(result.dot);
  else result.warnings = [{ ...tooLarge.toJSON(), message: `${tooLarge.message}; the answer has no svg` }];
  return result;
}

function graphTooLarge(values: number, maxDrawnValues: number): GradvizError {
  return new GradvizError(
    'graph-too-large',
    `the graph has ${values} values, more than the ${maxDrawnValues} that can be drawn in one picture`,
    { limit: 'maxDrawnValues', limitValue: maxDrawnValues, requested: values },
  );
}
