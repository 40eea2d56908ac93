import { DEFAULT_DOT_OPTIONS, type DotOptions } from '../graph/dot.js';
import { mlpDot, type MlpView } from '../graph/neuron-view.js';
import { GradvizError } from '../errors.js';
import { runMlp, type MlpLimits, type MlpParameter, type MlpResult, type MlpSpec } from '../nn/index.js';
import type { ExpressionWarning } from './expression.js';
import { renderSvg } from '../render/graphviz.js';
import { lossChartSvg } from '../render/loss-chart.js';

/**
 * One MLP request from definition to pictures: build, evaluate and train the network, then write
 * the DOT of its final pass and lay it out, or chart its training loss. Plain data in, plain data
 * out, nothing of HTTP: it can run in a worker thread.
 */

export const MLP_VIEWS: readonly MlpView[] = ['values', 'neurons'];

export interface MlpRenderOptions extends DotOptions {
  /** `values`: every scalar, clustered by layer and neuron; `neurons`: one node per neuron. */
  view: MlpView;
}

export interface MlpRequest extends MlpSpec {
  options?: Partial<MlpRenderOptions>;
}

/** What the answer is for: JSON carries the numbers and the graph, the others only their own text. */
export type MlpFormat = 'json' | 'svg' | 'dot' | 'loss-svg';

/** runMlp's limits (those not given keep its defaults), and the largest picture that is drawn. */
export interface MlpJobLimits extends Partial<MlpLimits> {
  /** Values in the values view; nodes and edges in the neurons view. */
  maxDrawnValues: number;
}

export type MlpWarning = ExpressionWarning;

export interface MlpJobResult {
  /** One number per input for a single output neuron, else one list per input. */
  predictions: number[] | number[][];
  loss: number | null;
  parameters: MlpParameter[];
  history: number[];
  graphNodes: number;
  /** For 'json', 'svg' and 'dot'; left out of 'json' (with a warning) when the picture is too large. */
  dot?: string;
  /** For 'json' and 'svg', under the same condition. */
  svg?: string;
  /** For 'loss-svg' only. */
  lossSvg?: string;
  warnings?: MlpWarning[];
}

export async function runMlpJob(
  request: MlpRequest,
  limits: MlpJobLimits,
  format: MlpFormat = 'json',
): Promise<MlpJobResult> {
  const { options = {}, ...spec } = request;
  const { view = 'values', ...dotOptions } = options;
  const render: DotOptions = { ...DEFAULT_DOT_OPTIONS, ...dotOptions };
  if (!MLP_VIEWS.includes(view)) {
    throw new GradvizError('invalid-request', `view must be one of ${MLP_VIEWS.join(', ')}`);
  }
  // Refused before the network is built: without steps there is nothing to chart.
  if (format === 'loss-svg' && !((spec.train?.steps ?? 0) >= 1)) {
    throw new GradvizError(
      'invalid-request',
      'a loss curve needs training steps: add train: { steps, learningRate } with steps of 1 or more',
    );
  }
  const { maxDrawnValues, ...mlpLimits } = limits;
  const result = runMlp(spec, mlpLimits);
  // A copy of the numbers' object: the pictures are added to the answer, not to the result.
  const answer: MlpJobResult = { ...result.toJSON() };

  if (format === 'loss-svg') {
    answer.lossSvg = lossChartSvg(result.history, { theme: render.theme, title: `Training loss (${result.lossKind})` });
    return answer;
  }
  try {
    answer.dot = drawableDot(result, view, render, maxDrawnValues);
  } catch (error) {
    if (format !== 'json' || !(error instanceof GradvizError) || error.kind !== 'graph-too-large') throw error;
    answer.warnings = [{ ...error.toJSON(), message: `${error.message}; the answer has no dot and no svg` }];
    return answer;
  }
  if (format !== 'dot') answer.svg = await renderSvg(answer.dot);
  return answer;
}

/**
 * The DOT of the final pass, unless the picture is too large to lay out. mlpDot bounds the values
 * view; the neurons view is bounded here by its nodes and edges, since a layer of 64 neurons after
 * one of 64 is 4,096 labelled edges, which dot needs many seconds for.
 */
function drawableDot(result: MlpResult, view: MlpView, options: DotOptions, maxDrawnValues: number): string {
  const limit = { name: 'maxDrawnValues', value: maxDrawnValues };
  if (view === 'neurons') {
    const size = neuronViewSize(result.network.sizes, result.lossKind !== null);
    if (size > maxDrawnValues) {
      throw new GradvizError(
        'graph-too-large',
        `the neurons view of this network has ${size.toLocaleString('en-US')} nodes and edges, more than the ` +
          `${maxDrawnValues.toLocaleString('en-US')} that can be drawn in one picture (limit maxDrawnValues)`,
        { limit: limit.name, limitValue: maxDrawnValues, requested: size },
      );
    }
  }
  return mlpDot(result, view, options, limit);
}

/** Nodes (inputs, neurons, the loss) and edges (one per weight, one per output into the loss) of the neurons view. */
export function neuronViewSize(sizes: readonly number[], hasLoss: boolean): number {
  let size = (sizes[0] as number) + (hasLoss ? 1 + (sizes[sizes.length - 1] as number) : 0);
  for (let l = 1; l < sizes.length; l++) size += (sizes[l] as number) * (1 + (sizes[l - 1] as number));
  return size;
}
