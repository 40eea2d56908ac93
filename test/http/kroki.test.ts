import type { FastifyInstance } from 'fastify';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeSource } from '../../src/http/encoded-source.js';
import { LECTURE_MLP } from '../../src/http/schemas/mlp.js';
import { buildApp } from '../helpers/build-app.js';
import { LECTURE } from '../helpers/programs.js';

// Kroki's three request forms, for gradviz's two diagram types, answer what gradviz's own routes
// answer for the same input: the same bytes, the same tag, the same errors.

const SVG = 'image/svg+xml; charset=utf-8';
const PROBLEM = 'application/problem+json; charset=utf-8';
const TYPE = 'https://gradviz.dev/problems/';
const SPEC = JSON.stringify(LECTURE_MLP);

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

const text = (url: string, payload: string, contentType = 'text/plain') =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': contentType } });
const json = (url: string, payload: object) => app.inject({ method: 'POST', url, payload });

describe("Kroki's routes", () => {
  it('draw a program from each request form as POST /v1/expression.svg draws it', async () => {
    const own = await json('/v1/expression.svg', { source: LECTURE, options: { theme: 'dark' } });
    const answers = [
      await json('/', { diagram_source: LECTURE, diagram_type: 'micrograd', output_format: 'svg', diagram_options: { theme: 'dark' } }),
      await text('/micrograd/svg?theme=dark', LECTURE),
      await text('/micrograd/svg?theme=dark', LECTURE, 'text/x-python; charset=utf-8'),
      await json('/micrograd/svg', { diagram_source: LECTURE, diagram_options: { theme: 'dark' } }),
      await app.inject({ method: 'POST', url: '/micrograd/svg', payload: LECTURE, headers: { 'content-type': 'text/plain', 'kroki-diagram-options-theme': 'dark' } }),
      await app.inject({ url: `/micrograd/svg/${encodeSource(LECTURE)}?theme=dark` }),
    ];
    for (const [index, answer] of answers.entries()) {
      expect([answer.statusCode, answer.headers['content-type']], String(index)).toEqual([200, SVG]);
      expect(answer.headers['etag'], String(index)).toBe(own.headers['etag']);
      expect(answer.body).toBe(own.body);
    }
    const svg = new XMLParser().parse(own.body) as { svg?: unknown };
    expect(svg.svg).toBeDefined();
  });

  it('take options as Kroki sends them, as text, and check them', async () => {
    const asText = await json('/', { diagram_source: LECTURE, diagram_type: 'micrograd', output_format: 'dot', diagram_options: { precision: '2', grad: 'false' } });
    const asJson = await json('/v1/expression.dot', { source: LECTURE, options: { precision: 2, grad: false } });
    expect(asText.body).toBe(asJson.body);
    const wrong = await json('/', { diagram_source: LECTURE, diagram_type: 'micrograd', output_format: 'dot', diagram_options: { theme: 'purple' } });
    expect([wrong.statusCode, wrong.json().type]).toEqual([400, `${TYPE}validation-error`]);
    expect(wrong.json().detail).toMatch(/diagram_options\/theme must be one of/);
  });

  it('draw an MLP spec sent as JSON text, with its options in the query', async () => {
    const own = await json('/v1/mlp.svg', { ...LECTURE_MLP, options: { view: 'neurons' } });
    const answers = [
      await json('/', { diagram_source: SPEC, diagram_type: 'micrograd-mlp', output_format: 'svg', diagram_options: { view: 'neurons' } }),
      await text('/micrograd-mlp/svg?view=neurons', SPEC),
      await app.inject({ url: `/micrograd-mlp/svg/${encodeSource(SPEC)}?view=neurons` }),
    ];
    for (const answer of answers) {
      expect([answer.statusCode, answer.headers['etag']]).toEqual([200, own.headers['etag']]);
      expect(answer.body).toBe(own.body);
    }
    const numbers = await text('/micrograd-mlp/json', SPEC);
    expect(numbers.json()).toEqual((await json('/v1/mlp', LECTURE_MLP)).json());
  });

  it('choose the format by Accept when the path does not name it, as Kroki does', async () => {
    const byAccept = (accept: string | undefined) =>
      app.inject({ method: 'POST', url: '/micrograd', payload: LECTURE, headers: { 'content-type': 'text/plain', ...(accept ? { accept } : {}) } });
    const png = await byAccept('image/png');
    expect([png.statusCode, png.headers['content-type'], png.headers['vary']]).toEqual([200, 'image/png', expect.stringMatching(/Accept/)]);
    expect((await byAccept('text/vnd.graphviz')).body).toBe((await text('/micrograd/dot', LECTURE)).body);
    expect((await byAccept(undefined)).headers['content-type']).toBe(SVG);
    expect((await byAccept('*/*')).headers['content-type']).toBe(SVG);
    const refused = await byAccept('application/pdf');
    expect([refused.statusCode, refused.headers['content-type']]).toEqual([406, PROBLEM]);
  });

  it('answer GET with the same caching as the image URLs: a tag, revalidation, 304', async () => {
    const url = `/micrograd/png/${encodeSource(LECTURE)}`;
    const first = await app.inject({ url });
    expect([first.statusCode, first.headers['content-type']]).toEqual([200, 'image/png']);
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+, stale-while-revalidate=\d+$/);
    const again = await app.inject({ url, headers: { 'if-none-match': String(first.headers['etag']) } });
    expect(again.statusCode).toBe(304);
  });
});

describe("Kroki's routes refuse", () => {
  it('an unknown diagram type or output format with a 4xx problem that names it', async () => {
    const type = await json('/', { diagram_source: LECTURE, diagram_type: 'plantuml', output_format: 'svg' });
    expect([type.statusCode, type.json().type]).toEqual([400, `${TYPE}validation-error`]);
    expect(type.json().detail).toMatch(/diagram_type must be one of "micrograd", "micrograd-mlp"/);
    const format = await json('/', { diagram_source: LECTURE, diagram_type: 'micrograd', output_format: 'pdf' });
    expect(format.json().detail).toMatch(/output_format must be one of "svg", "png", "dot", "json"/);
    const pathFormat = await text('/micrograd/pdf', LECTURE);
    expect([pathFormat.statusCode, pathFormat.json().detail]).toEqual([400, expect.stringMatching(/params\/format must be one of/)]);
    const pathType = await text('/plantuml/svg', '@startuml\n@enduml');
    expect([pathType.statusCode, pathType.headers['content-type'], pathType.json().detail]).toEqual([404, PROBLEM, 'there is no POST /plantuml/svg']);
  });

  it('a program that does not parse, as a picture for an image format', async () => {
    const picture = await text('/micrograd/svg', 'a = (');
    expect([picture.statusCode, picture.headers['content-type']]).toEqual([400, SVG]);
    const problem = await json('/', { diagram_source: 'a = (', diagram_type: 'micrograd', output_format: 'json' });
    expect([problem.statusCode, problem.json().type, problem.json().line]).toEqual([400, `${TYPE}syntax-error`, 1]);
  });

  it('an MLP spec that is not JSON or not a spec, as strictly as POST /v1/mlp', async () => {
    const notJson = await text('/micrograd-mlp/json', '{layers: [3, 1]}');
    expect([notJson.statusCode, notJson.json().detail]).toEqual([400, expect.stringMatching(/diagram_source text is not JSON/)]);
    const unknown = await text('/micrograd-mlp/json', JSON.stringify({ ...LECTURE_MLP, epochs: 3 }));
    expect(unknown.json().detail).toMatch(/diagram_source has an unknown field 'epochs'/);
  });

  it('a text body on a route that takes only JSON, with 415', async () => {
    const refused = await text('/v1/expression', LECTURE);
    expect([refused.statusCode, refused.json().type]).toEqual([415, `${TYPE}unsupported-media-type`]);
    expect((await text('/v1/mlp', SPEC)).statusCode).toBe(415);
  });
});

describe('the picture routes with a text body', () => {
  it('draw the program sent as text/plain, as `curl --data-binary @program.py` sends it', async () => {
    for (const format of ['svg', 'png', 'dot'] as const) {
      const sent = await text(`/v1/expression.${format}`, LECTURE);
      const own = await json(`/v1/expression.${format}`, { source: LECTURE });
      expect([sent.statusCode, sent.headers['etag']], format).toEqual([200, own.headers['etag']]);
    }
  });

  it('read an MLP spec sent as text as its JSON, checked as the JSON body is', async () => {
    const sent = await text('/v1/mlp.dot', SPEC);
    expect(sent.body).toBe((await json('/v1/mlp.dot', LECTURE_MLP)).body);
    const unknown = await text('/v1/mlp.dot', JSON.stringify({ ...LECTURE_MLP, epochs: 3 }));
    expect([unknown.statusCode, unknown.json().detail]).toEqual([400, "body has an unknown field 'epochs'"]);
  });
});
