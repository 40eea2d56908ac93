import type { FastifyInstance } from 'fastify';
import { XMLValidator } from 'fast-xml-parser';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PALETTES } from '../../src/graph/palette.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';
import { buildApp } from '../helpers/build-app.js';
import { moons } from '../nn/moons.js';

// Made by scripts/reference/mlp_reference.py: the lecture's Value, Neuron, Layer and MLP in plain Python.
interface Expected {
  loss: number | null;
  predictions: number[];
  parameters: { name: string; data: number; grad: number }[];
  history: number[];
  graphNodes: number;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/mlp/reference.json', import.meta.url), 'utf8')) as {
  cases: { name: string; spec: Record<string, unknown>; expected: Expected }[];
};
function reference(name: string): { spec: Record<string, unknown>; expected: Expected } {
  const found = fixture.cases.find((c) => c.name === name);
  if (found === undefined) throw new Error(`no fixture case '${name}'`);
  return found;
}

interface MlpJson extends Expected {
  dot?: string;
  svg?: string;
  warnings?: { type: string; detail: string; limit?: string; limitValue?: number; requested?: number }[];
}

const LECTURE = {
  layers: [3, 4, 4, 1],
  seed: 1337,
  inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
  targets: [1, -1, -1, 1],
  loss: 'sse',
};

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

// As an API client: errors as problem+json even from the picture routes (which draw them for <img>).
function post(url: string, payload: object) {
  return app.inject({ method: 'POST', url, payload, headers: { accept: 'application/json' } });
}

/** tanh goes through exp, whose last bit differs between libms: within 1e-12 of the larger magnitude. */
function expectClose(actual: number | undefined, expected: number, what: string): void {
  expect(typeof actual, what).toBe('number');
  const scale = Math.max(Math.abs(actual as number), Math.abs(expected));
  if (Math.abs((actual as number) - expected) > 1e-12 * scale) expect.fail(`${what}: got ${actual}, Python gives ${expected}`);
}

function expectMatchesPython(body: MlpJson, expected: Expected): void {
  expectClose(body.loss as number, expected.loss as number, 'loss');
  expect(body.predictions).toHaveLength(expected.predictions.length);
  expected.predictions.forEach((p, s) => expectClose(body.predictions[s], p, `predictions[${s}]`));
  expect(body.parameters.map((p) => p.name)).toEqual(expected.parameters.map((p) => p.name));
  expected.parameters.forEach(({ name, data, grad }, i) => {
    expectClose(body.parameters[i]?.data, data, `${name}.data`);
    expectClose(body.parameters[i]?.grad, grad, `${name}.grad`);
  });
  expect(body.history).toHaveLength(expected.history.length);
  expected.history.forEach((loss, k) => expectClose(body.history[k], loss, `history[${k}]`));
  expect(body.graphNodes).toBe(expected.graphNodes);
}

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json(): unknown },
  status: number,
  type: string,
): Record<string, unknown> {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const problem = response.json() as Record<string, unknown>;
  expect(problem).toMatchObject({ type: `https://gradviz.dev/problems/${type}`, status });
  return problem;
}

/** The nodes of a Graphviz SVG by their <title> (the DOT node id), and the label of each cluster. */
function svgGraph(svg: string): { nodes: string[]; clusters: string[] } {
  const nodes = [...svg.matchAll(/<g id="node\d+" class="node">\s*<title>([^<]*)<\/title>/g)].map((m) => m[1] as string);
  const clusters = [...svg.matchAll(/<g id="clust\d+" class="cluster">\s*<title>[^<]*<\/title>[\s\S]*?<text[^>]*>([^<]*)<\/text>/g)].map(
    (m) => m[1] as string,
  );
  return { nodes, clusters };
}

describe("POST /v1/mlp with the lecture's network", () => {
  it('answers the loss, predictions and every parameter and gradient the Python lecture code gives', async () => {
    const { spec, expected } = reference('lecture');
    expect(spec).toEqual(LECTURE);
    const response = await post('/v1/mlp', LECTURE);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = response.json<MlpJson>();
    expect(body.parameters).toHaveLength(41);
    expect(body.parameters[0]).toMatchObject({ name: 'layer1.neuron1.w1', data: 0.23550571390294128 });
    expectMatchesPython(body, expected);
    expect(body.history).toEqual([]);
    expect(body.dot).toMatch(/^digraph \{/);
    expect(svgProblems(body.svg as string)).toEqual([]);
    expect(body.warnings).toBeUndefined();
  });

  it('gives the history of 20 training steps at learning rate 0.05, and the final pass after them', async () => {
    const { spec, expected } = reference('lecture-train');
    expect(spec).toEqual({ ...LECTURE, train: { steps: 20, learningRate: 0.05 } });
    const response = await post('/v1/mlp', spec);
    expect(response.statusCode).toBe(200);
    const body = response.json<MlpJson>();
    expect(body.history).toHaveLength(20);
    expectMatchesPython(body, expected);
  });

  it('takes the seed as a string of digits too', async () => {
    const asNumber = (await post('/v1/mlp.dot', LECTURE)).body;
    const asString = await post('/v1/mlp.dot', { ...LECTURE, seed: '1337' });
    expect(asString.statusCode).toBe(200);
    expect(asString.body).toBe(asNumber);
    expect((await post('/v1/mlp.dot', { ...LECTURE, seed: '1338' })).body).not.toBe(asNumber);
  });

  it('draws the values view in clusters labelled by layer and neuron, parameters coloured apart', async () => {
    const response = await post('/v1/mlp.svg', LECTURE);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const svg = response.body;
    expect(svgProblems(svg)).toEqual([]);
    const { clusters } = svgGraph(svg);
    const count = (label: string) => clusters.filter((c) => c === label).length;
    expect(clusters).toHaveLength(3 + 9 + 1);
    expect([count('layer 1'), count('layer 2'), count('layer 3'), count('loss')]).toEqual([1, 1, 1, 1]);
    expect([count('neuron 1'), count('neuron 2'), count('neuron 3'), count('neuron 4')]).toEqual([3, 2, 2, 2]);
    const { roles } = PALETTES.light;
    for (const fill of [roles.parameter, roles.input, roles.target, roles.loss]) expect(svg).toContain(`fill="${fill}"`);
    expect(new Set([roles.parameter, roles.input, roles.loss]).size).toBe(3);
  });

  it('draws the neurons view as well-formed XML with one node per neuron', async () => {
    const response = await post('/v1/mlp.svg', { ...LECTURE, options: { view: 'neurons', theme: 'dark' } });
    expect(response.statusCode).toBe(200);
    expect(XMLValidator.validate(response.body)).toBe(true);
    expect(svgProblems(response.body)).toEqual([]);
    const { nodes, clusters } = svgGraph(response.body);
    expect(nodes.filter((id) => /^l\d+n\d+$/.test(id)).sort()).toEqual(
      ['l1n1', 'l1n2', 'l1n3', 'l1n4', 'l2n1', 'l2n2', 'l2n3', 'l2n4', 'l3n1'].sort(),
    );
    expect(nodes.filter((id) => !/^l\d+n\d+$/.test(id)).sort()).toEqual(['loss', 'x1', 'x2', 'x3']);
    expect(clusters).toEqual(['inputs', 'layer 1', 'layer 2', 'layer 3']);
    expect(response.body).toContain(`fill="${PALETTES.dark.background}"`);
  });

  it('answers the DOT alone as text/vnd.graphviz, in either view', async () => {
    const values = await post('/v1/mlp.dot', { ...LECTURE, options: { rankdir: 'TB', precision: 2 } });
    expect(values.statusCode).toBe(200);
    expect(values.headers['content-type']).toBe('text/vnd.graphviz; charset=utf-8');
    expect(values.body).toMatch(/^digraph \{\n {2}graph \[rankdir="TB"/);
    expect(values.body).toContain('data 0.24'); // layer1.neuron1.w1 = 0.2355...
    const neurons = await post('/v1/mlp.dot', { ...LECTURE, options: { view: 'neurons', grad: false } });
    expect(neurons.body).toContain('  x1 -> l1n1 [label="w1 0.2355"]');
  });
});

describe("micrograd's demo network", () => {
  const data = moons(100);
  const demo = {
    layers: [2, 16, 16, 1],
    init: 'micrograd',
    inputs: data.inputs,
    targets: data.targets,
    loss: 'hinge',
    l2: 1e-4,
  };

  it('has 337 parameters; 100 steps of hinge loss with l2 and decay on 100 points complete within the default limits', async () => {
    const response = await post('/v1/mlp', { ...demo, train: { steps: 100, learningRate: 1, decay: true } });
    expect(response.statusCode).toBe(200);
    const body = response.json<MlpJson>();
    expect(body.parameters).toHaveLength(337);
    expect(body.graphNodes).toBe(65_818);
    expect(body.history).toHaveLength(100);
    expect(body.loss as number).toBeLessThan((body.history[0] as number) / 2);
    expect(body.predictions).toHaveLength(100);
    // Too many values to draw: the numbers come back, the picture does not, and the answer says why.
    expect(body.dot).toBeUndefined();
    expect(body.svg).toBeUndefined();
    expect(body.warnings).toEqual([
      {
        type: 'https://gradviz.dev/problems/graph-too-large',
        detail: expect.stringMatching(/; the answer has no edges$/),
        limit: 'maxDrawnValues',
        limitValue: 20_000,
        requested: 65_818,
      },
      {
        type: 'https://gradviz.dev/problems/graph-too-large',
        detail: expect.stringContaining('ask for view: "neurons"'),
        limit: 'maxDrawnValues',
        limitValue: 20_000,
        requested: 65_818,
      },
    ]);
  });

  it('is refused as a values-view picture, with the limit, the size and the neurons view suggested', async () => {
    for (const url of ['/v1/mlp.svg', '/v1/mlp.dot']) {
      const problem = expectProblem(await post(url, demo), 422, 'graph-too-large');
      expect(problem, url).toMatchObject({ limit: 'maxDrawnValues', limitValue: 20_000, requested: 65_818 });
      expect(problem.detail, url).toContain('65,818 values');
      expect(problem.detail, url).toContain('view: "neurons"');
    }
  });

  it('is drawn in the neurons view', async () => {
    const response = await post('/v1/mlp.svg', { ...demo, options: { view: 'neurons' } });
    expect(response.statusCode).toBe(200);
    expect(svgProblems(response.body)).toEqual([]);
    expect(svgGraph(response.body).nodes.filter((id) => /^l\d+n\d+$/.test(id))).toHaveLength(33);
  });
});

describe('POST /v1/mlp/loss.svg', () => {
  it("charts the lecture's training run: axes, labels and a curve going down", async () => {
    const response = await post('/v1/mlp/loss.svg', { ...LECTURE, train: { steps: 20, learningRate: 0.05 } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const svg = response.body;
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svgProblems(svg)).toEqual([]);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['Training loss (sse)', 'step', 'loss', '0', '20']));
    const curves = [...svg.matchAll(/<polyline points="([^"]*)"[^>]*stroke-width="2"/g)];
    expect(curves).toHaveLength(1);
    const points = (curves[0]?.[1] as string).split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    expect(points).toHaveLength(20);
    // SVG's y grows downwards: a falling loss is a rising y, step after step.
    points.forEach(([x, y], k) => {
      if (k === 0) return;
      const [px, py] = points[k - 1] as [number, number];
      expect(x).toBeGreaterThan(px);
      expect(y).toBeGreaterThan(py);
    });
  });

  it('refuses a request without training: a loss curve needs training steps', async () => {
    for (const payload of [LECTURE, { ...LECTURE, train: { steps: 0, learningRate: 0.05 } }]) {
      const problem = expectProblem(await post('/v1/mlp/loss.svg', payload), 422, 'invalid-request');
      expect(problem.detail).toMatch(/^a loss curve needs training steps/);
    }
  });
});

describe('limits', () => {
  it('answers each exceeded limit with its name, its value and the size requested', async () => {
    const row = (n: number) => Array.from({ length: n }, (_, i) => i / n);
    const cases: [string, object, number, string, number, number][] = [
      ['parameters', { ...LECTURE, layers: [100, 100, 1] }, 422, 'maxParameters', 10_000, 100 * 101 + 101],
      ['inputs', { layers: [2, 1], inputs: Array.from({ length: 1001 }, () => [0, 1]), targets: row(1001) }, 413, 'maxInputs', 1000, 1001],
      ['steps', { ...LECTURE, train: { steps: 10_001, learningRate: 0.05 } }, 422, 'maxSteps', 10_000, 10_001],
      [
        'training work',
        { layers: [2, 16, 16, 1], init: 'micrograd', inputs: Array.from({ length: 100 }, () => [0, 1]), targets: row(100), loss: 'hinge', l2: 1e-4, train: { steps: 800, learningRate: 1 } },
        422,
        'maxTrainingWork',
        50_000_000,
        800 * 65_818,
      ],
      [
        'graph values',
        { layers: [2, 64, 64, 1], inputs: Array.from({ length: 1000 }, () => [0, 1]), targets: row(1000) },
        422,
        'maxGraphNodes',
        1_000_000,
        -1,
      ],
      ['seed digits', { ...LECTURE, seed: '7'.repeat(10_001) }, 413, 'maxSeedDigits', 10_000, 10_001],
    ];
    for (const [what, payload, status, limit, limitValue, requested] of cases) {
      const problem = expectProblem(await post('/v1/mlp', payload), status, 'limit-exceeded');
      expect(problem, what).toMatchObject({ limit, limitValue });
      if (requested >= 0) expect(problem.requested, what).toBe(requested);
      else expect(problem.requested as number, what).toBeGreaterThan(limitValue);
      expect(problem.detail, what).toContain(`the limit ${limit} is ${limitValue.toLocaleString('en-US')}`);
    }
  });

  it('takes the limits from the configuration', async () => {
    const small = await buildApp({
      config: {
        maxDrawnValues: 50,
        mlpLimits: { maxParameters: 40, maxInputs: 3, maxGraphNodes: 80, maxSteps: 5, maxTrainingWork: 300, maxBoundaryCells: 40_000 },
      },
    });
    try {
      const send = async (payload: object, url = '/v1/mlp') =>
        (await small.inject({ method: 'POST', url, payload, headers: { accept: 'application/json' } })).json();
      // MLP(3, [2, 1]): 11 parameters; its graph has 70 values on 2 inputs, 99 on 3.
      const network = (inputs: number, steps?: number) => ({
        layers: [3, 2, 1],
        seed: 1,
        inputs: LECTURE.inputs.slice(0, inputs),
        targets: LECTURE.targets.slice(0, inputs),
        ...(steps === undefined ? {} : { train: { steps, learningRate: 0.1 } }),
      });
      expect(await send(LECTURE)).toMatchObject({ status: 422, limit: 'maxParameters', limitValue: 40, requested: 41 });
      expect(await send(network(4))).toMatchObject({ status: 413, limit: 'maxInputs', limitValue: 3, requested: 4 });
      expect(await send(network(3))).toMatchObject({ status: 422, limit: 'maxGraphNodes', limitValue: 80, requested: 99 });
      expect(await send(network(2, 6))).toMatchObject({ status: 422, limit: 'maxSteps', limitValue: 5, requested: 6 });
      expect(await send(network(2, 5))).toMatchObject({ status: 422, limit: 'maxTrainingWork', limitValue: 300, requested: 350 });
      const answer = (await send(network(2, 4))) as MlpJson;
      expect(answer.history).toHaveLength(4);
      expect(answer.graphNodes).toBe(70);
      expect(answer.warnings?.[0]).toMatchObject({ limit: 'maxDrawnValues', limitValue: 50, requested: 70 });
      expect(await send(network(2, 4), '/v1/mlp.svg')).toMatchObject({ status: 422, limit: 'maxDrawnValues', requested: 70 });
    } finally {
      await small.close();
    }
  });
});

describe('validation', () => {
  it('refuses wrong types, unknown fields and missing fields with 400, coercing nothing', async () => {
    const wrong: [string, object][] = [
      ['layers as a string', { ...LECTURE, layers: '3,4,4,1' }],
      ['a layer size as a string', { ...LECTURE, layers: [3, '4', 1] }],
      ['a layer of 0 neurons', { ...LECTURE, layers: [3, 0, 1] }],
      ['a single layer size', { ...LECTURE, layers: [3] }],
      ['an input number as a string', { ...LECTURE, inputs: [['2', 3, -1], ...LECTURE.inputs.slice(1)] }],
      ['inputs missing', { layers: [3, 1] }],
      ['layers missing', { inputs: [[1]] }],
      ['a fractional seed', { ...LECTURE, seed: 1.5 }],
      ['a seed that is not digits', { ...LECTURE, seed: '0x539' }],
      ['an unknown loss', { ...LECTURE, loss: 'cross-entropy' }],
      ['an unknown activation', { ...LECTURE, activation: 'gelu' }],
      ['a negative l2', { ...LECTURE, l2: -1 }],
      ['steps as a string', { ...LECTURE, train: { steps: '20', learningRate: 0.05 } }],
      ['a learning rate of 0', { ...LECTURE, train: { steps: 20, learningRate: 0 } }],
      ['an unknown train field', { ...LECTURE, train: { steps: 20, learningRate: 0.05, momentum: 0.9 } }],
      ['an unknown view', { ...LECTURE, options: { view: 'scalars' } }],
      ['an unknown option', { ...LECTURE, options: { colour: 'red' } }],
      ['an unknown field', { ...LECTURE, epochs: 3 }],
    ];
    for (const [what, payload] of wrong) {
      for (const url of ['/v1/mlp', '/v1/mlp.svg']) {
        const response = await post(url, payload);
        expect(response.statusCode, `${what} at ${url}`).toBe(400);
        expect(response.json(), what).toMatchObject({ type: 'https://gradviz.dev/problems/validation-error' });
      }
    }
    const unknown = expectProblem(await post('/v1/mlp', { ...LECTURE, epochs: 3 }), 400, 'validation-error');
    expect(unknown.detail).toContain("unknown field 'epochs'");
  });

  it('answers a well-typed but inconsistent request with 422', async () => {
    const cases: [object, RegExp][] = [
      [{ ...LECTURE, inputs: [[2, 3]], targets: [1] }, /^inputs\[0\] must have 3 numbers, got 2/],
      [{ ...LECTURE, targets: [1, -1] }, /^targets must have one entry per input \(4\)/],
      [{ ...LECTURE, weights: [0.5] }, /^weights has 1 numbers but the network has 41 parameters/],
      [{ ...LECTURE, seed: 2 ** 60 }, /past 2\^53/],
      [{ ...LECTURE, loss: 'none' }, /^targets need a loss/],
    ];
    for (const [payload, detail] of cases) {
      const problem = expectProblem(await post('/v1/mlp', payload), 422, 'invalid-request');
      expect(problem.detail).toMatch(detail);
    }
  });

  it('answers a diverging training run as not-finite', async () => {
    const problem = expectProblem(
      await post('/v1/mlp', { ...LECTURE, activation: 'linear', outputActivation: 'linear', train: { steps: 200, learningRate: 10 } }),
      422,
      'not-finite',
    );
    expect(problem.detail).toMatch(/^training diverged at step \d+/);
  });
});

describe('POST /v1/mlp.svg errors for <img>', () => {
  it('a client that did not ask for JSON gets the 4xx as a picture, never cached', async () => {
    const response = await app.inject({ method: 'POST', url: '/v1/mlp.svg', payload: { layers: [2, 5000, 5000, 1], inputs: [[1, 2]] } });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(XMLValidator.validate(response.body)).toBe(true);
    expect(response.body).toContain('maxParameters');
  });
});
