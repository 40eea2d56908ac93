import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DOT_OPTIONS } from '../../src/graph/dot.js';
import { neuronViewDot, neuronViewModel } from '../../src/graph/neuron-view.js';
import { renderNeuronViewSvg } from '../../src/layout/neuron-svg.js';
import { runMlp, type MlpSpec } from '../../src/nn/index.js';
import { renderSvg } from '../../src/render/graphviz.js';
import { svgProblems } from '../graph/svg-checks.js';
import { svgStructure } from '../layout/svg-structure.js';
import { buildApp } from '../helpers/build-app.js';

const LECTURE: MlpSpec = {
  layers: [3, 4, 4, 1],
  seed: 1337,
  inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
  targets: [1, -1, -1, 1],
  loss: 'sse',
};
const DEMO: MlpSpec = { layers: [2, 16, 16, 1], init: 'micrograd', inputs: [[1, 0], [0, 1], [-1, 0]], targets: [1, -1, 1], loss: 'hinge' };

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

function post(url: string, payload: object) {
  return app.inject({ method: 'POST', url, payload, headers: { accept: 'application/json' } });
}

const options = { ...DEFAULT_DOT_OPTIONS, theme: 'dark' as const, rankdir: 'TB' as const };
const layered = (spec: MlpSpec) => renderNeuronViewSvg(neuronViewModel(runMlp(spec), options), options);
const graphviz = (spec: MlpSpec) => renderSvg(neuronViewDot(runMlp(spec), options));

describe('POST /v1/mlp.svg, view neurons: options.layout', () => {
  it('layered answers the layered picture; graphviz the Graphviz one, byte for byte', async () => {
    const request = (layout: string) => ({ ...LECTURE, options: { view: 'neurons', theme: 'dark', rankdir: 'TB', layout } });
    const ours = await post('/v1/mlp.svg', request('layered'));
    expect(ours.statusCode).toBe(200);
    expect(ours.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(ours.body).toBe(layered(LECTURE));
    expect(svgProblems(ours.body)).toEqual([]);
    expect(svgStructure(ours.body).nodes.size).toBe(13);

    const dot = await post('/v1/mlp.svg', request('graphviz'));
    expect(dot.statusCode).toBe(200);
    expect(dot.body).toBe(await graphviz(LECTURE));
    expect(dot.body).not.toBe(ours.body);
  });

  it("auto keeps Graphviz for the lecture's 32 weights and draws the demo network's 288 with the layered engine", async () => {
    const auto = (spec: MlpSpec) => post('/v1/mlp.svg', { ...spec, options: { view: 'neurons', theme: 'dark', rankdir: 'TB' } });
    expect((await auto(LECTURE)).body).toBe(await graphviz(LECTURE));
    const demo = await auto(DEMO);
    expect(demo.statusCode).toBe(200);
    expect(demo.body).toBe(layered(DEMO));
    expect(svgStructure(demo.body).edges).toHaveLength(2 * 16 + 16 * 16 + 16 + 1);
  });

  it('the JSON answer carries the DOT and the picture of the chosen engine; PNG rasterises the layered picture', async () => {
    const body = { ...DEMO, options: { view: 'neurons', theme: 'dark', rankdir: 'TB', layout: 'layered' } };
    const json = (await post('/v1/mlp', body)).json<{ dot: string; svg: string }>();
    expect(json.dot).toBe(neuronViewDot(runMlp(DEMO), options));
    expect(json.svg).toBe(layered(DEMO));
    const png = await post('/v1/mlp.png', body);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
  });
});
