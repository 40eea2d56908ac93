import { describe, expect, test } from 'vitest';
import { GradvizError } from '../../src/errors.js';
import { DEFAULT_DOT_OPTIONS } from '../../src/graph/dot.js';
import { neuronViewDot, neuronViewModel } from '../../src/graph/neuron-view.js';
import { neuronSvgBytes, renderNeuronViewSvg } from '../../src/layout/neuron-svg.js';
import { runMlp, type MlpSpec } from '../../src/nn/index.js';
import { loadConfig } from '../../src/config.js';
import { budgetOf } from '../../src/http/jobs.js';
import { layeredSvgBytes, measureClusters, measureGraph, type AnswerBudget } from '../../src/jobs/budget.js';
import { neuronEngine, neuronViewSize, runMlpJob, type MlpAnswer, type MlpAnswerFormat, type MlpRequest } from '../../src/jobs/mlp.js';
import type { MlpLimits } from '../../src/nn/index.js';
import { svgProblems } from '../graph/svg-checks.js';
import { mlpEdges } from '../../src/jobs/chain-rule-edges.js';
import { traceGraph } from '../../src/graph/trace.js';

const lecture: MlpSpec = {
  layers: [3, 4, 4, 1],
  seed: 1337,
  inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
  targets: [1, -1, -1, 1],
  loss: 'sse',
};
const limits: Partial<MlpLimits> = {};
const budget: AnswerBudget = { ...budgetOf(loadConfig({})), maxDrawnValues: 1500 };

/** The job's answer as text (every format here but PNG). */
async function text(request: MlpRequest, format: MlpAnswerFormat, drawn = budget.maxDrawnValues, jobLimits = limits): Promise<string> {
  const body = await runMlpJob({ request, format, scale: 1, limits: jobLimits, budget: { ...budget, maxDrawnValues: drawn } });
  if (typeof body !== 'string') throw new Error('expected text');
  return body;
}

async function json(request: MlpRequest, drawn = budget.maxDrawnValues): Promise<MlpAnswer> {
  return JSON.parse(await text(request, 'json', drawn)) as MlpAnswer;
}

async function failure(request: MlpRequest, format: MlpAnswerFormat, drawn = budget.maxDrawnValues, jobLimits = limits): Promise<GradvizError> {
  try {
    await text(request, format, drawn, jobLimits);
  } catch (error) {
    if (error instanceof GradvizError) return error;
    throw error;
  }
  return expect.fail('the job answered');
}

describe('runMlpJob', () => {
  test('answers the numbers runMlp computes, and each format only its own text', async () => {
    const numbers = runMlp(lecture).toJSON();
    const answer = await json(lecture);
    expect(answer).toMatchObject(numbers);
    expect(answer.dot).toMatch(/^digraph \{/);
    expect(svgProblems(answer.svg as string)).toEqual([]);
    expect(answer.warnings).toBeUndefined();
    expect(Object.keys(answer).sort()).toEqual(['accuracy', 'dot', 'edges', 'finalAccuracy', 'graphNodes', 'history', 'loss', 'parameters', 'predictions', 'svg']);

    expect(await text(lecture, 'dot')).toBe(answer.dot);
    expect(await text(lecture, 'svg')).toBe(answer.svg);
  });

  test('answers PNG bytes for the picture and the loss chart', async () => {
    const neurons = { ...lecture, options: { view: 'neurons' as const } };
    const png = await runMlpJob({ request: neurons, format: 'png', scale: 2, limits, budget });
    expect(png).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(png as Uint8Array).subarray(1, 4).toString()).toBe('PNG');
    const trained = { ...lecture, train: { steps: 5, learningRate: 0.05 } };
    const chart = await runMlpJob({ request: trained, format: 'loss.png', scale: 1, limits, budget });
    expect(Buffer.from(chart as Uint8Array).subarray(1, 4).toString()).toBe('PNG');
  });

  test('passes the render options to the DOT writer of the chosen view', async () => {
    const options = { rankdir: 'TB', precision: 2, grad: false, theme: 'dark' } as const;
    const dot = await text({ ...lecture, options: { ...options, view: 'neurons' } }, 'dot');
    expect(dot).toBe(neuronViewDot(runMlp(lecture), options));
    const values = await text({ ...lecture, options }, 'dot');
    expect(values).toContain('rankdir="TB"');
    expect(values).not.toContain('grad ');
  });

  test('a JSON answer gives its picture only the room its numbers, edges and DOT leave, and says so when that is too little', async () => {
    const layered = { ...lecture, options: { layout: 'layered' as const } };
    const result = runMlp(layered);
    const graph = traceGraph(result.root);
    const predictedSvg = layeredSvgBytes(measureGraph(graph.nodes, DEFAULT_DOT_OPTIONS.precision), measureClusters(graph, result.decorate));
    // The whole budget holds the picture alone, but not beside everything else.
    const answer = JSON.parse((await runMlpJob({ request: layered, format: 'json', scale: 1, limits, budget: { ...budget, maxOutputBytes: predictedSvg } })) as string) as MlpAnswer;
    expect(answer.edges?.length).toBeGreaterThan(0);
    expect(answer.dot).toMatch(/^digraph/);
    expect(answer.svg).toBeUndefined();
    expect(answer.warnings).toEqual([expect.objectContaining({ limit: 'maxOutputBytes', detail: expect.stringMatching(/the answer has no svg$/) })]);
    // On its own, the picture is within that budget.
    const svg = (await runMlpJob({ request: layered, format: 'svg', scale: 1, limits, budget: { ...budget, maxOutputBytes: predictedSvg } })) as string;
    expect(Buffer.byteLength(svg)).toBeLessThanOrEqual(predictedSvg);
  });

  test('a values view over maxDrawnValues is refused for pictures and left out of JSON with a warning', async () => {
    for (const format of ['svg', 'dot', 'png'] as const) {
      const error = await failure(lecture, format, 397);
      expect(error.kind).toBe('graph-too-large');
      expect(error.details).toEqual({ limit: 'maxDrawnValues', limitValue: 397, requested: 398 });
      expect(error.message).toContain('view: "neurons"');
    }
    const answer = await json(lecture, 397);
    expect(answer.loss).toBe(runMlp(lecture).loss);
    expect(answer.dot).toBeUndefined();
    expect(answer.svg).toBeUndefined();
    expect(answer.warnings).toEqual([
      {
        type: 'https://gradviz.dev/problems/graph-too-large',
        detail: expect.stringMatching(/398 values.*; the answer has no edges$/),
        limit: 'maxDrawnValues',
        limitValue: 397,
        requested: 398,
      },
      {
        type: 'https://gradviz.dev/problems/graph-too-large',
        detail: expect.stringMatching(/398 values.*view: "neurons".*the answer has no dot and no svg$/),
        limit: 'maxDrawnValues',
        limitValue: 397,
        requested: 398,
      },
    ]);
    // Exactly at the limit it is drawn.
    expect(await text(lecture, 'dot', 398)).toMatch(/^digraph/);
  });

  test('the neurons view counts its nodes and edges against maxDrawnValues', async () => {
    const drawn = (dot: string): number =>
      [...dot.matchAll(/^\s+(?!graph\b|node\b|edge\b)\w+ \[label=/gm)].length + [...dot.matchAll(/ -> /g)].length;
    const wide: MlpSpec = { layers: [2, 5, 3], seed: 7, inputs: [[1, 2]], targets: [[1, 0, 1]] };
    const noLoss: MlpSpec = { layers: [3, 5, 2, 1], seed: 1, inputs: [[1, 2, 3]] };
    for (const spec of [lecture, wide, noLoss]) {
      const dot = neuronViewDot(runMlp(spec), DEFAULT_DOT_OPTIONS);
      expect(neuronViewSize(spec.layers, spec !== noLoss), spec.layers.join('-')).toBe(drawn(dot));
    }

    const size = neuronViewSize(lecture.layers, true);
    const neurons = { ...lecture, options: { view: 'neurons' as const } };
    const error = await failure(neurons, 'svg', size - 1);
    expect(error.kind).toBe('graph-too-large');
    expect(error.details).toEqual({ limit: 'maxDrawnValues', limitValue: size - 1, requested: size });
    expect((await json(neurons, size - 1)).warnings?.[0]?.type).toBe('https://gradviz.dev/problems/graph-too-large');
    expect(await text(neurons, 'dot', size)).toMatch(/^digraph/);
  });

  test('the layered neurons view: auto past 64 weights, and refused before it is drawn when over the output budget', async () => {
    expect(neuronEngine('auto', [3, 4, 4, 1])).toBe('graphviz');
    expect(neuronEngine('auto', [2, 8, 6])).toBe('graphviz'); // 16 + 48 weights
    expect(neuronEngine('auto', [2, 8, 6, 1])).toBe('layered'); // 16 + 48 + 6
    expect(neuronEngine('graphviz', [2, 16, 16, 1])).toBe('graphviz');
    expect(neuronEngine('layered', [2, 1])).toBe('layered');

    const request = { ...lecture, options: { view: 'neurons' as const, layout: 'layered' as const } };
    const model = neuronViewModel(runMlp(lecture), DEFAULT_DOT_OPTIONS);
    const predicted = neuronSvgBytes(model, DEFAULT_DOT_OPTIONS);
    const run = (maxOutputBytes: number) => runMlpJob({ request, format: 'svg', scale: 1, limits, budget: { ...budget, maxOutputBytes } });
    await expect(run(predicted - 1)).rejects.toMatchObject({
      kind: 'limit-exceeded',
      details: { limit: 'maxOutputBytes', limitValue: predicted - 1, requested: predicted },
    });
    expect(await run(predicted)).toBe(renderNeuronViewSvg(model, DEFAULT_DOT_OPTIONS));
  });

  test('charts the loss of a training run, and refuses a chart without steps before building anything', async () => {
    const trained = { ...lecture, train: { steps: 20, learningRate: 0.05 } };
    const chart = await text(trained, 'loss.svg');
    expect(svgProblems(chart)).toEqual([]);
    expect(chart).toContain('Training loss (sse)');
    // One point per step on the curve (the axes are the other polyline).
    expect(chart.match(/<polyline points="([^"]*)"[^>]*stroke-width="2"/)?.[1]?.split(' ')).toHaveLength(20);

    // The network is over maxParameters, but the missing steps are what the client hears about.
    for (const train of [undefined, { steps: 0, learningRate: 0.05 }]) {
      const error = await failure({ ...lecture, train }, 'loss.svg', budget.maxDrawnValues, { maxParameters: 1 });
      expect(error.kind).toBe('invalid-request');
      expect(error.message).toMatch(/^a loss curve needs training steps/);
    }
  });

  test('applies the limits it is given and keeps the defaults of the others', async () => {
    const error = await failure(lecture, 'json', budget.maxDrawnValues, { maxParameters: 40 });
    expect(error.kind).toBe('limit-exceeded');
    expect(error.details).toEqual({ limit: 'maxParameters', limitValue: 40, requested: 41 });
    const seed = await failure({ ...lecture, seed: '1'.repeat(10_001) }, 'json');
    expect(seed.details).toMatchObject({ limit: 'maxSeedDigits', limitValue: 10_000, inputTooLarge: true });
  });

  test('refuses an unknown view', async () => {
    const error = await failure({ ...lecture, options: { view: 'scalars' as never } }, 'json');
    expect(error).toMatchObject({ kind: 'invalid-request', message: 'view must be one of values, neurons, weights' });
  });
});

describe('mlpEdges', () => {
  const notTraced = (): never => {
    throw new Error('traced a graph whose edges are refused');
  };

  test("decides by the run's count of values, which is the traced graph's", () => {
    const result = runMlp(lecture);
    const graph = traceGraph(result.root);
    expect(result.graphNodes).toBe(graph.nodes.length);
    const limited = { ...budget, maxDrawnValues: result.graphNodes };
    expect(mlpEdges(result.graphNodes, () => graph, limited, budget.maxOutputBytes)).toHaveLength(
      graph.nodes.reduce((n, node) => n + node.inputs.length, 0),
    );
  });

  test('refuses a graph over maxDrawnValues before tracing it', () => {
    const values = runMlp(lecture).graphNodes;
    const refusal = (): unknown => mlpEdges(values, notTraced, { ...budget, maxDrawnValues: values - 1 }, budget.maxOutputBytes);
    expect(refusal).toThrow(GradvizError);
    expect(refusal).toThrow(`the graph has ${values} values`);
  });

  test("leaves the neurons view's JSON without edges, with the same warning as before", async () => {
    const values = runMlp(lecture).graphNodes;
    const answer = await json({ ...lecture, options: { view: 'neurons' } }, values - 1);
    expect(answer.edges).toBeUndefined();
    expect(answer.svg).toBeDefined();
    expect(answer.warnings).toEqual([
      {
        type: 'https://gradviz.dev/problems/graph-too-large',
        detail: `the graph has ${values} values, more than the ${values - 1} that can be drawn, so its edges would name no value of a picture; the answer has no edges`,
        limit: 'maxDrawnValues',
        limitValue: values - 1,
        requested: values,
      },
    ]);
  });
});
