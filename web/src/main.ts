// The playground page: wires the editor, the MLP form, the graph and its explorer, the table, the
// loss chart and sharing to the public API, and keeps the URL in step with what is on screen.

import {
  ApiError,
  evaluateExpression,
  runMlp,
  type ChainRuleEdge,
  type ExpressionResult,
  type GraphNode,
  type MlpRequest,
  type MlpResult,
  type RenderOptions,
  type Warning,
} from './api.js';
import { ChainRule, whyNoEdges } from './chain-rule.js';
import { Editor } from './editor.js';
import { EXAMPLES, type Example } from './examples.js';
import { Explorer } from './explorer.js';
import { FullWindow } from './full-window.js';
import { GraphView } from './graph-view.js';
import { LossChart } from './loss-chart.js';
import { traceMlp } from './mlp-trace.js';
import { FormError, MlpForm, toRequest, toSpec, type MlpSettings } from './mlp-form.js';
import { copyText, download, htmlSnippet, imageUrl, markdownSnippet, type ImageSource } from './share.js';
import { stateFromHash, stateToHash, type PlaygroundState } from './state.js';
import { Classifier } from './training/classifier.js';
import { ValuesTable, type Row } from './values-table.js';
import { formatFixed } from '../../src/graph/format.js';

const RENDER_DELAY_MS = 300;

function byId<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no #${id}`);
  return element;
}

const firstExpression = EXAMPLES.find((e): e is Extract<Example, { kind: 'expression' }> => e.kind === 'expression');
const firstMlp = EXAMPLES.find((e): e is Extract<Example, { kind: 'mlp' }> => e.kind === 'mlp');
const DEFAULTS: PlaygroundState = {
  mode: 'expression',
  source: firstExpression?.source ?? '',
  rankdir: 'LR',
  precision: 4,
  mlp: firstMlp?.mlp as MlpSettings,
};

// --- the parts of the page ---

const editor = new Editor(byId('editor', HTMLDivElement), byId('source-error', HTMLDivElement));
const graph = new GraphView(byId('graph-viewport', HTMLDivElement), byId('graph-canvas', HTMLDivElement), byId('graph-empty', HTMLParagraphElement));
const table = new ValuesTable(byId('values-table', HTMLTableElement));
const explorer = new Explorer(graph, table, byId('inspector', HTMLDivElement), byId('step-info', HTMLDivElement), {
  backward: byId('step-backward', HTMLButtonElement),
  forward: byId('step-forward', HTMLButtonElement),
  previous: byId('step-prev', HTMLButtonElement),
  next: byId('step-next', HTMLButtonElement),
  stop: byId('step-stop', HTMLButtonElement),
});
const fullWindow = new FullWindow(byId('graph-full', HTMLButtonElement), () => graph.initialView());
const mlpForm = new MlpForm(byId('mlp-form', HTMLFormElement));
const lossChart = new LossChart(byId('loss-chart', HTMLDivElement));
const classifier = new Classifier({
  root: byId('classifier', HTMLElement),
  plot: byId('boundary-plot', HTMLDivElement),
  lossChart: byId('live-loss', HTMLDivElement),
  accuracyChart: byId('live-accuracy', HTMLDivElement),
  log: byId('train-log', HTMLPreElement),
  readout: byId('train-readout', HTMLSpanElement),
  message: byId('train-message', HTMLParagraphElement),
  play: byId('train-play', HTMLButtonElement),
  pause: byId('train-pause', HTMLButtonElement),
  step: byId('train-step', HTMLButtonElement),
  reset: byId('train-reset', HTMLButtonElement),
});
const rankdirSelect = byId('rankdir', HTMLSelectElement);
const precisionInput = byId('precision', HTMLInputElement);
const themeSelect = byId('theme', HTMLSelectElement);
const status = byId('status', HTMLSpanElement);
const mlpStatus = byId('mlp-status', HTMLSpanElement);
const mlpError = byId('mlp-error', HTMLParagraphElement);
const shareOutput = byId('share-output', HTMLInputElement);

let mode: PlaygroundState['mode'] = 'expression';
/** The settings of the last MLP run, kept so the URL and the image describe what is drawn. */
let mlpRequest: MlpRequest | undefined;
let shownSvg: string | undefined;
let renderTimer: ReturnType<typeof setTimeout> | undefined;
let inFlight: AbortController | undefined;
let sequence = 0;

// --- theme: the page follows the system unless told otherwise, and asks the API for matching pictures ---

const darkQuery = matchMedia('(prefers-color-scheme: dark)');

function isDark(): boolean {
  return themeSelect.value === 'dark' || (themeSelect.value === 'auto' && darkQuery.matches);
}

function applyTheme(): void {
  document.documentElement.dataset['theme'] = isDark() ? 'dark' : 'light';
}

// The theme is the reader's preference, not part of what a link shares.
function rememberTheme(value: string): void {
  try {
    localStorage.setItem('gradviz-theme', value);
  } catch {
    // Storage may be refused (private windows); the choice then lasts for this visit only.
  }
}

function rememberedTheme(): string {
  try {
    const value = localStorage.getItem('gradviz-theme');
    return value === 'light' || value === 'dark' ? value : 'auto';
  } catch {
    return 'auto';
  }
}

function renderOptions(): RenderOptions {
  const options: RenderOptions = {};
  if (rankdirSelect.value === 'TB') options.rankdir = 'TB';
  const precision = precisionValue();
  if (precision !== 4) options.precision = precision;
  if (isDark()) options.theme = 'dark';
  return options;
}

function precisionValue(): number {
  const value = Number(precisionInput.value);
  return Number.isInteger(value) && value >= 0 && value <= 10 ? value : 4;
}

function formatter(): (x: number) => string {
  const digits = precisionValue();
  return (x) => formatFixed(x, digits);
}

// --- expressions ---

function scheduleExpression(): void {
  clearTimeout(renderTimer);
  status.textContent = 'Editing…';
  renderTimer = setTimeout(() => void drawExpression(), RENDER_DELAY_MS);
}

async function drawExpression(): Promise<void> {
  clearTimeout(renderTimer);
  inFlight?.abort();
  const mine = ++sequence;
  const source = editor.value;
  void saveState();
  if (source.trim() === '') {
    editor.showError(undefined);
    graph.clear('Write a program to see its graph.');
    explorer.load(undefined, formatter());
    table.show([], formatter());
    status.textContent = '';
    shownSvg = undefined;
    return;
  }
  const controller = new AbortController();
  inFlight = controller;
  status.textContent = 'Drawing…';
  try {
    const result = await evaluateExpression({ source, options: renderOptions() }, controller.signal);
    if (mine !== sequence) return;
    showExpression(result);
  } catch (error) {
    if (mine !== sequence || controller.signal.aborted) return;
    showExpressionError(error);
  }
}

function showExpression(result: ExpressionResult): void {
  const format = formatter();
  editor.showError(undefined);
  const sameShape = graph.hasPicture && result.nodes.every((node) => graph.has(node.id));
  if (result.svg === undefined) {
    // Too many values to draw: the numbers still come, in the table.
    graph.clear(result.warnings?.map((w) => w.detail).join('; ') ?? 'The graph is too large to draw.');
    explorer.load(undefined, format, 'The graph is too large to draw; its values are in the table.');
  } else {
    graph.rankdir = rankdirSelect.value === 'TB' ? 'TB' : 'LR';
    graph.show(result.svg, sameShape);
    explorer.load(chainRule(result.nodes, result), format, hint(result));
  }
  shownSvg = result.svg;
  table.show(namedRows(result), format);
  table.setNameHeading('label');
  const root = result.output;
  status.textContent = `${root.label === '' ? root.id : root.label} = ${format(root.data)} · ${result.nodes.length} values`;
}

/** The chain rule as the answer lists it, edge by edge; without its edges the view says why. */
function chainRule(nodes: GraphNode[], answer: { edges?: ChainRuleEdge[]; warnings?: Warning[] }): ChainRule {
  return new ChainRule(nodes, answer.edges, { digits: precisionValue(), missing: whyNoEdges(answer.warnings) });
}

function hint(answer: { edges?: ChainRuleEdge[]; warnings?: Warning[] }): string | undefined {
  if (answer.edges !== undefined) return undefined;
  return `Hover or click a value to see how it was computed. The service left out the chain rule, edge by edge: ${whyNoEdges(answer.warnings)}.`;
}

/**
 * One row per label in the graph, for the last value that carries it: `c += ...` makes a new value
 * labelled `c` each time, and the last one is what the name `c` finally holds.
 */
function namedRows(result: ExpressionResult): Row[] {
  const byLabel = new Map<string, Row>();
  for (const node of result.nodes) {
    if (node.label !== '') byLabel.set(node.label, { name: node.label, data: node.data, grad: node.grad, id: node.id });
  }
  return [...byLabel.values()];
}

function showExpressionError(error: unknown): void {
  graph.setStale(true);
  table.setStale(true);
  if (error instanceof ApiError && error.problem.line !== undefined) {
    const { line, column = 1 } = error.problem;
    editor.showError({ line, column, message: error.message });
    status.textContent = `Error on line ${line}`;
    return;
  }
  // Errors of the whole program (a limit, a value that is not finite without a place) show in the
  // same box, without a caret; a service that cannot be reached only in the status line.
  editor.showError(error instanceof ApiError ? { message: error.message } : undefined);
  status.textContent = error instanceof ApiError ? `Error (HTTP ${error.problem.status})` : describeFailure(error);
}

function describeFailure(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return `Cannot reach the service (${error instanceof Error ? error.message : String(error)})`;
}

// --- MLPs ---

async function drawMlp(): Promise<void> {
  inFlight?.abort();
  const mine = ++sequence;
  const settings = mlpForm.read();
  void saveState();
  let request: MlpRequest;
  try {
    request = toRequest(settings);
  } catch (error) {
    if (!(error instanceof FormError)) throw error;
    mlpForm.markInvalid(error.field);
    mlpError.textContent = error.message;
    mlpError.hidden = false;
    return;
  }
  mlpForm.markInvalid(undefined);
  mlpError.hidden = true;
  loadClassifier(settings);
  const theme = isDark() ? { theme: 'dark' as const } : {};
  request.options = { ...request.options, ...theme };
  const controller = new AbortController();
  inFlight = controller;
  mlpStatus.textContent = request.train === undefined ? 'Evaluating…' : `Training ${request.train.steps} steps…`;
  try {
    const result = await runMlp(request, controller.signal);
    if (mine !== sequence) return;
    mlpRequest = request;
    showMlp(result, request);
  } catch (error) {
    if (mine !== sequence || controller.signal.aborted) return;
    graph.setStale(true);
    table.setStale(true);
    mlpStatus.textContent = '';
    mlpError.textContent = describeFailure(error);
    mlpError.hidden = false;
  }
}

/** The live trainer gets what the service gets; it starts over only when that changes. */
let classifierSpec = '';

function loadClassifier(settings: MlpSettings): void {
  const spec = toSpec(settings);
  const key = JSON.stringify(spec);
  if (key === classifierSpec) return;
  classifierSpec = key;
  const { layers } = spec;
  if (layers[0] !== 2 || layers[layers.length - 1] !== 1) {
    classifier.load(undefined, 'The classifier view is for networks of 2 inputs and 1 output, such as the data sets make.');
  } else if (spec.train === undefined) {
    classifier.load(undefined, 'Set some training steps to train live.');
  } else {
    classifier.load(spec);
  }
}

function showMlp(result: MlpResult, request: MlpRequest): void {
  const format = formatter();
  if (result.svg === undefined) graph.clear('The network is too large to draw in this view; try the neurons view.');
  else {
    // The service draws networks left to right.
    graph.rankdir = 'LR';
    graph.show(result.svg);
  }
  shownSvg = result.svg;
  // Stepping needs every value: the values view of a small graph (one data point's, say) has them.
  const nodes = request.options?.view === 'values' && result.svg !== undefined ? traceMlp(request, result.graphNodes) : undefined;
  const explorable = nodes !== undefined && nodes.every((node) => graph.has(node.id));
  if (explorable) explorer.load(chainRule(nodes, result), format, hint(result));
  else {
    explorer.load(
      undefined,
      format,
      'To step through backward and read the chain rule, choose View: values (every scalar), best with one row of inputs; ' +
        'here the table lists every parameter with its gradient.',
    );
  }
  table.show(result.parameters.map((p) => ({ name: p.name, data: p.data, grad: p.grad })), format);
  table.setNameHeading('parameter');
  const losses = result.loss === null ? result.history : [...result.history, result.loss];
  lossChart.draw(losses);
  const steps = request.train?.steps ?? 0;
  const loss = result.loss === null ? 'no loss' : `loss ${format(result.loss)}`;
  mlpStatus.textContent = `${loss} after ${steps} step${steps === 1 ? '' : 's'}`;
  const predictions = result.predictions.map((p) => (Array.isArray(p) ? p.map(format).join(' ') : format(p)));
  byId('mlp-summary', HTMLParagraphElement).textContent =
    `${result.parameters.length} parameters; predictions: ${predictions.slice(0, 12).join(', ')}${predictions.length > 12 ? ', …' : ''}`;
}

// --- modes, examples and the URL ---

function setMode(next: PlaygroundState['mode']): void {
  mode = next;
  byId('mode-expression', HTMLButtonElement).setAttribute('aria-pressed', String(next === 'expression'));
  byId('mode-mlp', HTMLButtonElement).setAttribute('aria-pressed', String(next === 'mlp'));
  byId('expression-input', HTMLDivElement).hidden = next !== 'expression';
  byId('mlp-form', HTMLFormElement).hidden = next !== 'mlp';
  byId('mlp-results', HTMLDivElement).hidden = next !== 'mlp';
  byId('classifier', HTMLElement).hidden = next !== 'mlp';
  document.body.dataset['mode'] = next;
  byId('values-title', HTMLHeadingElement).textContent = next === 'mlp' ? 'Parameters' : 'Values';
  if (next === 'expression') lossChart.clear();
}

function redraw(): void {
  if (mode === 'expression') void drawExpression();
  else void drawMlp();
}

function currentState(): PlaygroundState {
  return {
    mode,
    source: editor.value,
    rankdir: rankdirSelect.value === 'TB' ? 'TB' : 'LR',
    precision: precisionValue(),
    mlp: mlpForm.read(),
  };
}

function applyState(state: PlaygroundState): void {
  editor.value = state.source;
  rankdirSelect.value = state.rankdir;
  precisionInput.value = String(state.precision);
  mlpForm.write(state.mlp);
  setMode(state.mode);
  redraw();
}

let savedHash = '';

async function saveState(): Promise<void> {
  const hash = await stateToHash(currentState());
  if (hash === savedHash) return;
  savedHash = hash;
  history.replaceState(null, '', hash);
}

function loadExample(example: Example): void {
  if (example.kind === 'expression') {
    editor.value = example.source;
    setMode('expression');
  } else {
    mlpForm.write(example.mlp);
    setMode('mlp');
  }
  redraw();
}

function renderExamples(): void {
  const container = byId('examples', HTMLDivElement);
  for (const example of EXAMPLES) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = example.title;
    button.dataset['example'] = example.id;
    button.addEventListener('click', () => loadExample(example));
    container.append(button);
  }
}

// --- sharing ---

function imageSource(): ImageSource | undefined {
  if (mode === 'expression') {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(renderOptions())) query.set(key, String(value));
    return { kind: 'expression', text: editor.value, query, alt: 'Expression graph drawn by gradviz' };
  }
  if (mlpRequest === undefined) return undefined;
  return { kind: 'mlp', text: JSON.stringify(mlpRequest), query: new URLSearchParams(), alt: 'MLP drawn by gradviz' };
}

async function share(what: 'link' | 'image' | 'markdown' | 'html'): Promise<void> {
  let text: string;
  if (what === 'link') {
    await saveState();
    text = location.href;
  } else {
    const source = imageSource();
    if (source === undefined) {
      shareOutput.value = 'Draw something first.';
      return;
    }
    const url = await imageUrl(source, 'svg');
    text = what === 'image' ? url : what === 'markdown' ? markdownSnippet(url, source.alt) : htmlSnippet(url, source.alt);
  }
  const copied = await copyText(text, shareOutput);
  shareOutput.dataset['copied'] = String(copied);
}

async function downloadPng(): Promise<void> {
  const source = imageSource();
  if (source === undefined) return;
  // Two pixels per point: sharp on high-DPI screens and in slides.
  source.query.set('scale', '2');
  const response = await fetch(await imageUrl(source, 'png'));
  if (!response.ok) {
    shareOutput.value = `PNG is not available: HTTP ${response.status}`;
    return;
  }
  download(await response.blob(), 'gradviz.png');
}

// --- keys: one-letter shortcuts work anywhere but in a text field ---

function onKey(event: KeyboardEvent): void {
  const target = event.target;
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    redraw();
    return;
  }
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) {
    return;
  }
  const actions: Record<string, () => void> = {
    b: () => explorer.start('backward'),
    f: () => explorer.start('forward'),
    n: () => explorer.next(),
    p: () => explorer.previous(),
    Home: () => explorer.first(),
    End: () => explorer.last(),
    // Escape ends a step-through first, then the whole-window view.
    Escape: () => (explorer.stepping || !fullWindow.active ? explorer.stop() : fullWindow.toggle(false)),
    w: () => fullWindow.toggle(),
    '+': () => graph.zoom(1.25),
    '=': () => graph.zoom(1.25),
    '-': () => graph.zoom(0.8),
    '0': () => graph.fit(),
  };
  if ((event.key === 'Home' || event.key === 'End') && !explorer.stepping) return;
  const action = actions[event.key];
  if (action === undefined) return;
  event.preventDefault();
  action();
}

// --- start ---

function wire(): void {
  renderExamples();
  editor.onInput(scheduleExpression);
  rankdirSelect.addEventListener('change', () => void drawExpression());
  precisionInput.addEventListener('change', () => void drawExpression());
  themeSelect.addEventListener('change', () => {
    rememberTheme(themeSelect.value);
    applyTheme();
    redraw();
  });
  darkQuery.addEventListener('change', () => {
    applyTheme();
    if (themeSelect.value === 'auto') redraw();
  });
  byId('mode-expression', HTMLButtonElement).addEventListener('click', () => {
    setMode('expression');
    redraw();
  });
  byId('mode-mlp', HTMLButtonElement).addEventListener('click', () => {
    setMode('mlp');
    redraw();
  });
  byId('mlp-form', HTMLFormElement).addEventListener('change', (event) => {
    if (event.target instanceof HTMLSelectElement && event.target.name === 'dataset') mlpForm.showDataFields();
  });
  byId('mlp-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    void drawMlp();
  });
  byId('zoom-in', HTMLButtonElement).addEventListener('click', () => graph.zoom(1.25));
  byId('zoom-out', HTMLButtonElement).addEventListener('click', () => graph.zoom(0.8));
  byId('zoom-reset', HTMLButtonElement).addEventListener('click', () => graph.fit());
  byId('copy-link', HTMLButtonElement).addEventListener('click', () => void share('link'));
  byId('copy-image-url', HTMLButtonElement).addEventListener('click', () => void share('image'));
  byId('copy-markdown', HTMLButtonElement).addEventListener('click', () => void share('markdown'));
  byId('copy-html', HTMLButtonElement).addEventListener('click', () => void share('html'));
  byId('download-svg', HTMLButtonElement).addEventListener('click', () => {
    if (shownSvg !== undefined) download(new Blob([shownSvg], { type: 'image/svg+xml' }), 'gradviz.svg');
  });
  byId('download-png', HTMLButtonElement).addEventListener('click', () => void downloadPng());
  document.addEventListener('keydown', onKey);
  window.addEventListener('hashchange', () => {
    if (location.hash === savedHash) return;
    void stateFromHash(location.hash, DEFAULTS).then((state) => state !== undefined && applyState(state));
  });
}

async function start(): Promise<void> {
  themeSelect.value = rememberedTheme();
  applyTheme();
  wire();
  const state = await stateFromHash(location.hash, DEFAULTS);
  savedHash = location.hash;
  applyState(state ?? DEFAULTS);
  document.body.dataset['ready'] = 'true';
}

void start();
