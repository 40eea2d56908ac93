import type { ChainRuleEdge } from '../chain-rule/edges.js';
import { gradientCheck, type GradcheckLimits, type GradientCheck } from '../gradcheck/gradient-check.js';
import { DEFAULT_DOT_OPTIONS, toDot, type DotOptions } from '../graph/dot.js';
import { neuronViewDot, neuronViewModel, type MlpView } from '../graph/neuron-view.js';
import { neuronSvgBytes, renderNeuronViewSvg } from '../layout/neuron-svg.js';
import { traceGraph, type TracedGraph } from '../graph/trace.js';
import { GradvizError } from '../errors.js';
import { layerMatrices, runMlp, type BoundaryOptions, type MlpLimits, type MlpNumbers, type MlpResult, type MlpSpec } from '../nn/index.js';
import { renderSvg } from '../render/graphviz.js';
import { lossChartSvg } from '../render/loss-chart.js';
import { weightViewBytes, weightViewSvg } from '../render/weight-view.js';
import { optionalPart, type AnswerBody, type AnswerFormat, type AnswerSpec, type AnswerWarning } from './answer.js';
import { checkOutputBytes, JSON_ESCAPING, measureGraph, within, type AnswerBudget } from './budget.js';
import { boundaryAnswer, isBoundaryFormat, type BoundaryFormat } from './boundary.js';
import { mlpEdges } from './chain-rule-edges.js';
import { mlpCode } from './code-export.js';
import { checkDrawnValues, chooseEngine, DEFAULT_LAYOUT, drawSvg, engineWithinBytes, type LayoutChoice } from './draw.js';
import type { AnswerOptions } from './expression.js';
import { rasterise } from './picture.js';
import { NO_CONTEXT, type JobContext } from './protocol.js';

/**
 * One MLP request from definition to the bytes of its answer: build, evaluate and train the
 * network, then serialise its numbers, or draw its final pass (after the budget agrees), or chart
 * its training loss. Plain data in, plain data out, nothing of HTTP: it runs in a worker thread.
 */

/** The graph's views, and the weights view, drawn without Graphviz. */
export type MlpPictureView = MlpView | 'weights';
export const MLP_VIEWS: readonly MlpPictureView[] = ['values', 'neurons', 'weights'];

export interface MlpRenderOptions extends DotOptions, AnswerOptions {
  /** `values`: every scalar, clustered by layer and neuron; `neurons`: one node per neuron; `weights`: heat maps. */
  view: MlpPictureView;
  /** The engine of the values and neurons views (the weights view is always gradviz's own). */
  layout: LayoutChoice;
}

export interface MlpRequest extends MlpSpec {
  options?: Partial<MlpRenderOptions>;
  /** The grid of a decision boundary (its formats only). */
  boundary?: BoundaryOptions;
}

/** The graph's formats, the loss curve as SVG or PNG, and the run as PyTorch code. */
export type MlpAnswerFormat = AnswerFormat | 'loss.svg' | 'loss.png' | 'pytorch' | BoundaryFormat;

export interface MlpJob extends AnswerSpec<MlpAnswerFormat> {
  request: MlpRequest;
  /** runMlp's limits; those not given keep its defaults. */
  limits: Partial<MlpLimits>;
  budget: AnswerBudget;
  gradcheck?: GradcheckLimits;
}

/** The JSON answer: the numbers, and the pictures of the final pass that the budget allows. */
export interface MlpAnswer extends MlpNumbers {
  /** The chain rule of the final pass; only for a graph small enough to draw, within the output budget. */
  edges?: ChainRuleEdge[];
  gradcheck?: GradientCheck[];
  dot?: string;
  svg?: string;
  warnings?: AnswerWarning[];
}

export async function runMlpJob(job: MlpJob, context: JobContext = NO_CONTEXT): Promise<AnswerBody> {
  const { options = {}, boundary = {}, ...spec } = job.request;
  const { view = 'values', layout = DEFAULT_LAYOUT, gradcheck = false, ...dotOptions } = options;
  const render: DotOptions = { ...DEFAULT_DOT_OPTIONS, ...dotOptions };
  if (!MLP_VIEWS.includes(view)) {
    throw new GradvizError('invalid-request', `view must be one of ${MLP_VIEWS.join(', ')}`);
  }
  // The script trains the network itself: nothing to run here but the checks.
  if (job.format === 'pytorch') return mlpCode(spec, job.limits, job.budget);
  if (isBoundaryFormat(job.format)) {
    const { format, scale, limits, budget } = job;
    return boundaryAnswer({ spec, boundary, format, scale, theme: render.theme, limits, budget }, context);
  }
  const chart = job.format === 'loss.svg' || job.format === 'loss.png';
  // Refused before the network is built: without steps there is nothing to chart.
  if (chart && !((spec.train?.steps ?? 0) >= 1)) {
    throw new GradvizError(
      'invalid-request',
      'a loss curve needs training steps: add train: { steps, learningRate } with steps of 1 or more',
    );
  }
  const result = runMlp(spec, job.limits, { onTraining: () => context.stage('training') });
  const drawing = new Drawing(result, view, layout, render, job.budget, context);

  switch (job.format) {
    case 'loss.svg':
    case 'loss.png': {
      const svg = lossChartSvg(result.history, { theme: render.theme, title: `Training loss (${result.lossKind})` });
      return job.format === 'loss.svg' ? svg : rasterise(svg, job.scale, job.budget, context);
    }
    case 'dot':
      return drawing.dot();
    case 'svg':
      return drawing.svg();
    case 'png':
      return rasterise(await drawing.svg(), job.scale, job.budget, context);
    case 'json': {
      const answer: MlpAnswer = { ...result.toJSON() };
      const warnings: AnswerWarning[] = [];
      if (gradcheck) {
        const traced = drawing.graph();
        answer.gradcheck = gradientCheck(traced.order, traced.ids, job.gradcheck);
      }
      // The edges, then the pictures as JSON strings, share what the numbers leave of the budget.
      let room = job.budget.maxOutputBytes - Buffer.byteLength(JSON.stringify(answer));
      const edges = await optionalPart(
        () => mlpEdges(result.graphNodes, () => drawing.graph(), job.budget, room),
        'the answer has no edges',
        warnings,
      );
      if (edges !== undefined) {
        answer.edges = edges;
        room -= Buffer.byteLength(JSON.stringify(edges));
      }
      // The weights view has no DOT, only its picture.
      const dot = view === 'weights' ? undefined : await optionalPart(() => drawing.dot(within(job.budget, room)), 'the answer has no dot and no svg', warnings);
      if (dot !== undefined) {
        answer.dot = dot;
        room -= Buffer.byteLength(dot) * JSON_ESCAPING;
      }
      if (dot !== undefined || view === 'weights') {
        const svg = await optionalPart(() => drawing.svg(within(job.budget, room)), 'the answer has no svg', warnings);
        if (svg !== undefined) answer.svg = svg;
      }
      if (warnings.length > 0) answer.warnings = warnings;
      const body = JSON.stringify(answer);
      checkOutputBytes('JSON answer', Buffer.byteLength(body), job.budget);
      return body;
    }
  }
}

/** The final pass drawn in one view, each step checked against the budget before it runs. */
class Drawing {
  #graph: TracedGraph | undefined;
  #dot: string | undefined;
  /** Draws the view's SVG within a budget (the job's, or what a JSON answer has left). */
  #svg: ((budget: AnswerBudget) => Promise<string>) | undefined;

  constructor(
    private readonly result: MlpResult,
    private readonly view: MlpPictureView,
    private readonly layout: LayoutChoice,
    private readonly options: DotOptions,
    private readonly budget: AnswerBudget,
    private readonly context: JobContext,
  ) {}

  /** The traced graph of the final pass, traced once for the picture and the JSON's edges. */
  graph(): TracedGraph {
    this.#graph ??= traceGraph(this.result.root);
    return this.#graph;
  }

  /** The DOT of the view within `budget`; the values view is refused as soon as the graph is too large to draw. */
  dot(budget = this.budget): string {
    this.#dot ??= this.writeDot();
    checkOutputBytes('DOT', Buffer.byteLength(this.#dot), budget);
    return this.#dot;
  }

  /** Writes the view's DOT, after the checks that refuse it, and readies its SVG. */
  private writeDot(): string {
    if (this.view === 'weights') {
      throw new GradvizError('invalid-request', 'the weights view is drawn without Graphviz and has no DOT: ask for svg or png');
    }
    if (this.view === 'neurons') {
      checkNeuronView(this.result, this.budget.maxDrawnValues);
      const dot = neuronViewDot(this.result, this.options);
      const engine = neuronEngine(this.layout, this.result.network.sizes);
      this.#svg = async (budget) => {
        let svg: string;
        if (engine === 'graphviz') {
          this.context.stage('layout');
          svg = await renderSvg(dot);
        } else {
          const model = neuronViewModel(this.result, this.options);
          checkOutputBytes('SVG', neuronSvgBytes(model, this.options), budget);
          this.context.stage('layout');
          svg = renderNeuronViewSvg(model, this.options);
        }
        checkOutputBytes('SVG', Buffer.byteLength(svg), budget);
        return svg;
      };
      return dot;
    }
    const hint = 'ask for view: "neurons" to draw one node per neuron instead';
    // The pass's size is known without tracing it: a graph too large to draw is refused at once.
    checkDrawnValues(this.result.graphNodes, this.budget, hint);
    const graph = this.graph();
    const measure = measureGraph(graph.nodes, this.options.precision);
    // A picture over the whole budget is refused before its DOT is written.
    const { engine, svgBytes } = engineWithinBytes(chooseEngine(this.layout, measure, this.budget, hint), graph, measure, this.budget, this.result.decorate);
    const dot = toDot(graph, this.options, this.result.decorate);
    this.#svg = (budget) => {
      // The same prediction, against the budget asked for: a JSON answer's is what its DOT left.
      checkOutputBytes('SVG', svgBytes, budget);
      return drawSvg(engine, graph, this.options, budget, this.context, this.result.decorate, dot);
    };
    return dot;
  }

  /** The SVG of the view within `budget`. */
  async svg(budget = this.budget): Promise<string> {
    if (this.view === 'weights') return this.weightsSvg(budget);
    this.dot();
    // Each view's drawing checks the bytes it wrote against the budget (drawSvg for the values view).
    return (this.#svg as (budget: AnswerBudget) => Promise<string>)(budget);
  }

  /** Each layer's weights and gradients as heat maps, measured before they are written. */
  private weightsSvg(budget: AnswerBudget): string {
    const matrices = layerMatrices(this.result.network);
    checkOutputBytes('SVG', weightViewBytes(matrices), budget);
    return weightViewSvg(matrices, { theme: this.options.theme });
  }
}

/**
 * The neurons view is bounded by its nodes and edges, since a layer of 64 neurons after one of
 * 64 is 4,096 labelled edges, which dot needs many seconds for.
 */
function checkNeuronView(result: MlpResult, maxDrawnValues: number): void {
  const size = neuronViewSize(result.network.sizes, result.lossKind !== null);
  if (size <= maxDrawnValues) return;
  throw new GradvizError(
    'graph-too-large',
    `the neurons view of this network has ${size.toLocaleString('en-US')} nodes and edges, more than the ` +
      `${maxDrawnValues.toLocaleString('en-US')} that can be drawn in one picture (limit maxDrawnValues)`,
    { limit: 'maxDrawnValues', limitValue: maxDrawnValues, requested: size },
  );
}

/**
 * `auto` keeps Graphviz for networks of up to this many weights: dot lays out each weight's
 * labelled edge, about a quarter of a second at this size, and the lecture's [3, 4, 4, 1] (32
 * weights) keeps its draw_dot look. Beyond, gradviz's own layout is immediate and compact.
 */
export const AUTO_GRAPHVIZ_WEIGHTS = 64;

/** The engine that draws the neurons view: the structure is known, so the choice needs only its size. */
export function neuronEngine(choice: LayoutChoice, sizes: readonly number[]): 'graphviz' | 'layered' {
  if (choice === 'graphviz' || choice === 'layered') return choice;
  let weights = 0;
  for (let l = 1; l < sizes.length; l++) weights += (sizes[l] as number) * (sizes[l - 1] as number);
  return weights <= AUTO_GRAPHVIZ_WEIGHTS ? 'graphviz' : 'layered';
}

/** Nodes (inputs, neurons, the loss) and edges (one per weight, one per output into the loss) of the neurons view. */
export function neuronViewSize(sizes: readonly number[], hasLoss: boolean): number {
  let size = (sizes[0] as number) + (hasLoss ? 1 + (sizes[sizes.length - 1] as number) : 0);
  for (let l = 1; l < sizes.length; l++) size += (sizes[l] as number) * (1 + (sizes[l - 1] as number));
  return size;
}
