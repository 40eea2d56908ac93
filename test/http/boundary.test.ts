import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PALETTES } from '../../src/graph/palette.js';
import { boundaryChartBytes } from '../../src/render/boundary-chart.js';
import { DEMO_BOUNDARY_ENCODED, DEMO_BOUNDARY_REQUEST } from '../../src/http/schemas/boundary.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';
import { buildApp } from '../helpers/build-app.js';
import { decodePng } from '../render/png-decode.js';

// Made by scripts/reference/demo_reference.py: the notebook's grid scored by micrograd with ordered operands.
const { demo } = JSON.parse(readFileSync(new URL('../fixtures/mlp/demo.json', import.meta.url), 'utf8')) as {
  demo: { inputs: number[][]; targets: number[]; boundary: { xs: number[]; ys: number[]; scores: number[][] } };
};

interface BoundaryJson {
  xs: number[];
  ys: number[];
  scores: number[][];
  inputs: number[][];
  targets?: number[];
}

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

const post = (url: string, payload: object, headers: Record<string, string> = {}, on = app) =>
  on.inject({ method: 'POST', url, payload, headers });

describe("the decision boundary of micrograd's demo", () => {
  it("scores the notebook's grid with micrograd's signs at every point", async () => {
    const response = await post('/v1/mlp/boundary', DEMO_BOUNDARY_REQUEST);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    const answer = response.json() as BoundaryJson;
    // make_moons's points through V8's sin and cos: 4 of 200 coordinates differ from NumPy's in the last bit.
    answer.inputs.flat().forEach((x, i) => expect(Math.abs(x - (demo.inputs.flat()[i] as number))).toBeLessThanOrEqual(Math.abs(x) * 4.5e-16));
    expect(answer.targets).toEqual(demo.targets);
    expect([answer.xs, answer.ys]).toEqual([demo.boundary.xs, demo.boundary.ys]);
    const signs = (scores: number[][]) => scores.map((row) => row.map((s) => s > 0));
    expect(signs(answer.scores)).toEqual(signs(demo.boundary.scores));
    // Beyond the signs: the scores agree to 3e-13 (77 of the 315 bit for bit).
    answer.scores.flat().forEach((score, i) => {
      const expected = demo.boundary.scores.flat()[i] as number;
      expect(Math.abs(score - expected)).toBeLessThan(3e-13 * Math.abs(expected));
    });
  });

  it('draws the scores as a heat map with the data and axes, as safe SVG', async () => {
    const response = await post('/v1/mlp/boundary.svg', DEMO_BOUNDARY_REQUEST);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    const svg = response.body;
    expect(svgProblems(svg)).toEqual([]);
    // One cell per grid point, one circle per data point, one zero line.
    expect(svg.match(/<rect x=/g)?.length).toBe(21 * 15 + 1);
    expect(svg.match(/<circle /g)?.length).toBe(100);
    expect(svg.match(/<path d="M/g)?.length).toBe(1);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['Decision boundary', 'x1', 'x2', '0', '1', '-1']));
    expect(Buffer.byteLength(svg)).toBeLessThanOrEqual(boundaryChartBytes(21 * 15, 100));
  });

  it.each(['light', 'dark', 'transparent'] as const)('draws in the %s theme', async (theme) => {
    const svg = (await post('/v1/mlp/boundary.svg', { ...DEMO_BOUNDARY_REQUEST, options: { theme } })).body;
    expect(svgProblems(svg)).toEqual([]);
    const background = PALETTES[theme].background;
    if (background === 'transparent') expect(svg).not.toMatch(/<rect width=/);
    else expect(svg).toContain(`<rect width="${svg.match(/width="(\d+)"/)?.[1]}" height="${svg.match(/height="(\d+)"/)?.[1]}" fill="${background}"/>`);
    expect(svg).toContain(`fill="${PALETTES[theme].text}">Decision boundary</text>`);
  });

  it('rasterises the same picture: the far corners of the grid in the colour of their sign', async () => {
    const response = await post('/v1/mlp/boundary.png', { ...DEMO_BOUNDARY_REQUEST, options: { scale: 2 } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    const image = decodePng(response.rawPayload);
    const svg = (await post('/v1/mlp/boundary.svg', DEMO_BOUNDARY_REQUEST)).body;
    expect(image.width).toBe(2 * Number(svg.match(/width="(\d+)"/)?.[1]));
    const cells = [...svg.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
    const scores = demo.boundary.scores.flat();
    for (const index of [0, 20, scores.length - 21, scores.length - 1]) {
      const [x, y, size] = cells[index] as [number, number, number];
      const at = 4 * (Math.round(2 * (y + size / 2)) * image.width + Math.round(2 * (x + size / 2)));
      const [red, , blue] = image.rgba.subarray(at, at + 3);
      expect((red as number) > (blue as number), `cell ${index}, score ${scores[index]}`).toBe((scores[index] as number) > 0);
    }
  });

  it('answers the same bytes at a GET URL, with a long cache lifetime', async () => {
    expect(JSON.parse(inflateSync(Buffer.from(DEMO_BOUNDARY_ENCODED, 'base64url')).toString())).toEqual(DEMO_BOUNDARY_REQUEST);
    const got = await app.inject({ method: 'GET', url: `/v1/mlp/boundary/svg/${DEMO_BOUNDARY_ENCODED}` });
    expect(got.statusCode).toBe(200);
    expect(got.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    expect(got.body).toBe((await post('/v1/mlp/boundary.svg', DEMO_BOUNDARY_REQUEST)).body);
    const json = await app.inject({ method: 'GET', url: `/v1/mlp/boundary/json/${DEMO_BOUNDARY_ENCODED}` });
    expect(json.body).toBe((await post('/v1/mlp/boundary', DEMO_BOUNDARY_REQUEST)).body);
    // The grid's defaults written out are the same answer; another grid is another.
    const { boundary: _grid, ...withoutGrid } = DEMO_BOUNDARY_REQUEST;
    expect((await post('/v1/mlp/boundary.svg', withoutGrid)).headers.etag).toBe(got.headers.etag);
    expect((await post('/v1/mlp/boundary.svg', { ...withoutGrid, boundary: { step: 0.5 } })).headers.etag).not.toBe(got.headers.etag);
    const again = await app.inject({ method: 'GET', url: `/v1/mlp/boundary/svg/${DEMO_BOUNDARY_ENCODED}`, headers: { 'if-none-match': got.headers.etag as string } });
    expect(again.statusCode).toBe(304);
  });
});

describe('boundary errors', () => {
  it('refuse a grid over MAX_BOUNDARY_CELLS before training, naming the limit', async () => {
    const small = await buildApp({ config: { mlpLimits: { ...(await import('../helpers/build-app.js')).testConfig().mlpLimits, maxBoundaryCells: 300 } } });
    try {
      const response = await post('/v1/mlp/boundary', DEMO_BOUNDARY_REQUEST, {}, small);
      expect(response.statusCode).toBe(422);
      expect(response.json()).toMatchObject({ limit: 'maxBoundaryCells', limitValue: 300, requested: 315 });
      // The picture route draws the same problem for an <img>.
      const picture = await post('/v1/mlp/boundary.svg', DEMO_BOUNDARY_REQUEST, {}, small);
      expect(picture.statusCode).toBe(422);
      expect(picture.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(svgProblems(picture.body)).toEqual([]);
      expect(svgTexts(picture.body).join(' ')).toContain('maxBoundaryCells');
    } finally {
      await small.close();
    }
  });

  it('refuse a network without two inputs, and a step that is not positive', async () => {
    const three = await post('/v1/mlp/boundary', { layers: [3, 2, 1], inputs: [[1, 2, 3]] });
    expect(three.statusCode).toBe(422);
    expect(three.json()).toMatchObject({ type: 'https://gradviz.dev/problems/invalid-request' });
    expect(three.json().detail).toContain('two inputs');
    const step = await post('/v1/mlp/boundary', { ...DEMO_BOUNDARY_REQUEST, boundary: { step: 0 } });
    expect(step.statusCode).toBe(400);
  });

  it('answer an undecodable GET URL as a picture of the problem', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/mlp/boundary/png/not!base64' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('image/png');
  });
});
