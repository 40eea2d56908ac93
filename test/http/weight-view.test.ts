import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMlp } from '../../src/nn/index.js';
import { divergingColour } from '../../src/render/diverging.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';
import { buildApp } from '../helpers/build-app.js';
import { decodePng } from '../render/png-decode.js';

/** micrograd's demo network on three points: 337 parameters, 2,284 values, too many to draw one by one. */
const DEMO = {
  layers: [2, 16, 16, 1],
  init: 'micrograd',
  inputs: [[1, 0], [0, 1], [-1, 0]],
  targets: [1, -1, 1],
  loss: 'hinge',
  options: { view: 'weights' },
} as const;

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

const post = (url: string, payload: object) => app.inject({ method: 'POST', url, payload, headers: { accept: 'application/json' } });

/** Tooltip of every cell: `layer2.neuron3.w4 grad -0.0123`. */
function cells(svg: string): Map<string, { fill: string; value: number }> {
  const found = new Map<string, { fill: string; value: number }>();
  for (const [, fill, name, kind, value] of svg.matchAll(/fill="(#[0-9a-f]{6})"><title>(\S+) (data|grad) (\S+)<\/title>/g)) {
    found.set(`${name} ${kind}`, { fill: fill as string, value: Number(value) });
  }
  return found;
}

describe('the weights view', () => {
  it("draws every weight and gradient of micrograd's demo network, labelled by layer", async () => {
    const response = await post('/v1/mlp.svg', DEMO);
    expect(response.statusCode).toBe(200);
    const svg = response.body;
    expect(svgProblems(svg)).toEqual([]);
    expect(svgTexts(svg)).toEqual(
      expect.arrayContaining(['layer 1: 16 neurons × 2 inputs', 'layer 2: 16 neurons × 16 inputs', 'layer 3: 1 neuron × 16 inputs', 'b', '16']),
    );
    const drawn = cells(svg);
    expect(drawn.size).toBe(2 * 337);
    // Each cell shows its parameter's number, as POST /v1/mlp answers it, in the colour of its sign.
    const { parameters } = runMlp({ ...DEMO, layers: [...DEMO.layers], inputs: DEMO.inputs.map((x) => [...x]), targets: [...DEMO.targets] });
    for (const p of parameters) {
      expect(drawn.get(`${p.name} data`)?.value).toBe(Number(p.data.toPrecision(6)));
      expect(drawn.get(`${p.name} grad`)?.value).toBe(Number(p.grad.toPrecision(6)));
    }
    const w = parameters.find((p) => p.name === 'layer2.neuron3.w4')?.data as number;
    const bound = Math.max(...parameters.filter((p) => p.name.startsWith('layer2.')).map((p) => Math.abs(p.data)));
    expect(drawn.get('layer2.neuron3.w4 data')?.fill).toBe(divergingColour(w / bound, 'light'));
    // Readable: 18-pixel cells, the whole picture within a screen or two.
    expect(svg).toContain('width="18" height="18"');
    const [width, height] = [Number(svg.match(/width="(\d+)"/)?.[1]), Number(svg.match(/height="(\d+)"/)?.[1])];
    expect(width).toBeLessThan(900);
    expect(height).toBeLessThan(900);
  });

  it('comes as PNG and as the svg of the JSON answer, which has no dot', async () => {
    const png = await post('/v1/mlp.png', DEMO);
    expect(png.statusCode).toBe(200);
    expect(decodePng(png.rawPayload).width).toBeGreaterThan(600);
    const json = (await post('/v1/mlp', DEMO)).json() as { svg?: string; dot?: string; warnings?: { detail: string }[] };
    expect(json.dot).toBeUndefined();
    expect(json.svg).toBe((await post('/v1/mlp.svg', DEMO)).body);
    // Under MAX_DRAWN_VALUES, so the chain rule's edges come too.
    expect(json.warnings).toBeUndefined();
  });

  it('draws in the dark theme', async () => {
    const svg = (await post('/v1/mlp.svg', { ...DEMO, options: { view: 'weights', theme: 'dark' } })).body;
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain('fill="#1e1e1e"');
  });

  it('has no DOT', async () => {
    const response = await post('/v1/mlp.dot', DEMO);
    expect(response.statusCode).toBe(422);
    expect(response.json().detail).toContain('no DOT');
  });
});
