import { describe, expect, test } from 'vitest';
import { GradvizError } from '../../src/errors.js';
import { DEFAULT_DOT_OPTIONS } from '../../src/graph/dot.js';
import { neuronViewDot } from '../../src/graph/neuron-view.js';
import { runMlp, type MlpSpec } from '../../src/nn/index.js';
import { neuronViewSize, runMlpJob, type MlpFormat, type MlpJobLimits, type MlpRequest } from '../../src/jobs/mlp.js';
import { svgProblems } from '../graph/svg-checks.js';

const lecture: MlpSpec = {
  layers: [3, 4, 4, 1],
  seed: 1337,
  inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
  targets: [1, -1, -1, 1],
  loss: 'sse',
};
const limits: MlpJobLimits = { maxDrawnValues: 1500 };

async function failure(request: MlpRequest, jobLimits: MlpJobLimits, format: MlpFormat): Promise<GradvizError> {
  try {
    await runMlpJob(request, jobLimits, format);
  } catch (error) {
    if (error instanceof GradvizError) return error;
    throw error;
  }
  return expect.fail('the job answered');
}

describe('runMlpJob', () => {
  test('answers the numbers runMlp computes, and each format only the text it needs', async () => {
    const numbers = runMlp(lecture).toJSON();
    const json = await runMlpJob(lecture, limits, 'json');
    expect(json).toMatchObject(numbers);
    expect(json.dot).toMatch(/^digraph \{/);
    expect(svgProblems(json.svg as string)).toEqual([]);
    expect(json.warnings).toBeUndefined();

    const dot = await runMlpJob(lecture, limits, 'dot');
    expect(dot.dot).toBe(json.dot);
    expect(dot.svg).toBeUndefined();
    const svg = await runMlpJob(lecture, limits, 'svg');
    expect(svg.svg).toBe(json.svg);
    expect(svg.lossSvg).toBeUndefined();
  });

  test('its answer is plain data, the same after crossing to another thread', async () => {
    const result = await runMlpJob({ ...lecture, train: { steps: 3, learningRate: 0.05 } }, limits, 'json');
    expect(structuredClone(result)).toEqual(result);
    expect(Object.keys(result).sort()).toEqual(['dot', 'graphNodes', 'history', 'loss', 'parameters', 'predictions', 'svg']);
  });

  test('passes the render options to the DOT writer of the chosen view', async () => {
    const options = { rankdir: 'TB', precision: 2, grad: false, theme: 'dark' } as const;
    const { dot } = await runMlpJob({ ...lecture, options: { ...options, view: 'neurons' } }, limits, 'dot');
    expect(dot).toBe(neuronViewDot(runMlp(lecture), options));
    const values = await runMlpJob({ ...lecture, options }, limits, 'dot');
    expect(values.dot).toContain('rankdir="TB"');
    expect(values.dot).not.toContain('grad ');
  });

  test('a values view over maxDrawnValues is refused for pictures and left out of JSON with a warning', async () => {
    const small = { maxDrawnValues: 397 };
    for (const format of ['svg', 'dot'] as const) {
      const error = await failure(lecture, small, format);
      expect(error.kind).toBe('graph-too-large');
      expect(error.details).toEqual({ limit: 'maxDrawnValues', limitValue: 397, requested: 398 });
      expect(error.message).toContain('view: "neurons"');
    }
    const json = await runMlpJob(lecture, small, 'json');
    expect(json.loss).toBe(runMlp(lecture).loss);
    expect(json.dot).toBeUndefined();
    expect(json.svg).toBeUndefined();
    expect(json.warnings).toEqual([
      {
        kind: 'graph-too-large',
        message: expect.stringMatching(/398 values.*view: "neurons".*the answer has no dot and no svg$/),
        details: { limit: 'maxDrawnValues', limitValue: 397, requested: 398 },
      },
    ]);
    // Exactly at the limit it is drawn.
    expect((await runMlpJob(lecture, { maxDrawnValues: 398 }, 'dot')).dot).toMatch(/^digraph/);
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
    const error = await failure(neurons, { maxDrawnValues: size - 1 }, 'svg');
    expect(error.kind).toBe('graph-too-large');
    expect(error.details).toEqual({ limit: 'maxDrawnValues', limitValue: size - 1, requested: size });
    const json = await runMlpJob(neurons, { maxDrawnValues: size - 1 }, 'json');
    expect(json.warnings?.[0]?.kind).toBe('graph-too-large');
    expect((await runMlpJob(neurons, { maxDrawnValues: size }, 'dot')).dot).toMatch(/^digraph/);
  });

  test('charts the loss of a training run, and refuses a chart without steps before building anything', async () => {
    const trained = { ...lecture, train: { steps: 20, learningRate: 0.05 } };
    const { lossSvg, history, dot } = await runMlpJob(trained, limits, 'loss-svg');
    expect(history).toHaveLength(20);
    expect(dot).toBeUndefined();
    expect(svgProblems(lossSvg as string)).toEqual([]);
    expect(lossSvg).toContain('Training loss (sse)');

    // The network is over maxParameters, but the missing steps are what the client hears about.
    for (const train of [undefined, { steps: 0, learningRate: 0.05 }]) {
      const error = await failure({ ...lecture, train }, { ...limits, maxParameters: 1 }, 'loss-svg');
      expect(error.kind).toBe('invalid-request');
      expect(error.message).toMatch(/^a loss curve needs training steps/);
    }
  });

  test('applies the limits it is given and keeps the defaults of the others', async () => {
    const error = await failure(lecture, { ...limits, maxParameters: 40 }, 'json');
    expect(error.kind).toBe('limit-exceeded');
    expect(error.details).toEqual({ limit: 'maxParameters', limitValue: 40, requested: 41 });
    const seed = await failure({ ...lecture, seed: '1'.repeat(10_001) }, limits, 'json');
    expect(seed.details).toMatchObject({ limit: 'maxSeedDigits', limitValue: 10_000, inputTooLarge: true });
  });

  test('refuses an unknown view', async () => {
    const error = await failure({ ...lecture, options: { view: 'scalars' as never } }, limits, 'json');
    expect(error).toMatchObject({ kind: 'invalid-request', message: 'view must be one of values, neurons' });
  });
});
