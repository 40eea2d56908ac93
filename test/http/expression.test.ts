import type { FastifyInstance } from 'fastify';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../helpers/build-app.js';
import type { ExpressionJson } from '../helpers/expression-json.js';
import { chainProgram, LECTURE, LECTURE_VALUES } from '../helpers/programs.js';

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

function post(url: string, payload: object) {
  return app.inject({ method: 'POST', url, payload });
}

/** Every <title> and every <text> of an SVG, as a reader of the XML sees them. */
function svgContent(svg: string): { titles: string[]; texts: string[] } {
  const titles: string[] = [];
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    for (const [key, child] of Object.entries(node)) {
      if (key === 'title' || key === 'text') {
        for (const item of [child].flat()) {
          const text = typeof item === 'object' && item !== null ? (item as { '#text'?: unknown })['#text'] : item;
          (key === 'title' ? titles : texts).push(String(text));
        }
      } else walk(child);
    }
  };
  walk(new XMLParser({ ignoreAttributes: true, processEntities: true, htmlEntities: true }).parse(svg));
  return { titles, texts };
}

describe('POST /v1/expression with the lecture program', () => {
  let body: ExpressionJson;

  beforeAll(async () => {
    const response = await post('/v1/expression', { source: LECTURE });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    body = response.json();
  });

  it('answers every value and gradient the lecture computes by hand', () => {
    expect(body.output).toMatchObject({ label: 'L', op: '*', data: -8, grad: 1 });
    const byLabel = Object.fromEntries(body.nodes.map((node) => [node.label, { data: node.data, grad: node.grad }]));
    expect(byLabel).toEqual(LECTURE_VALUES);
  });

  it('lists the nodes in topological order with ids n0, n1, ... and their inputs in order', () => {
    expect(body.nodes.map((node) => node.id)).toEqual(['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6']);
    const seen = new Set<string>();
    for (const node of body.nodes) {
      for (const input of node.inputs) expect(seen.has(input)).toBe(true);
      seen.add(node.id);
    }
    const id = (label: string) => body.nodes.find((node) => node.label === label)?.id;
    const node = (label: string) => body.nodes.find((candidate) => candidate.label === label);
    expect(node('e')).toMatchObject({ op: '*', inputs: [id('a'), id('b')] });
    expect(node('d')).toMatchObject({ op: '+', inputs: [id('e'), id('c')] });
    expect(node('L')).toMatchObject({ op: '*', inputs: [id('d'), id('f')] });
    expect(node('a')).toMatchObject({ op: '', inputs: [] });
    expect(body.output).toEqual(body.nodes.at(-1));
  });

  it('answers the gradient of every program name', () => {
    expect(body.gradients).toEqual(
      Object.fromEntries(Object.entries(LECTURE_VALUES).map(([name, { grad }]) => [name, grad])),
    );
  });

  it('answers the DOT micrograd draws, and the SVG laid out from it', async () => {
    expect(body.dot).toContain('rankdir="LR"');
    expect(body.dot).toContain('{ L | data -8.0000 | grad 1.0000 }');
    expect(body.dot).toContain('{ a | data 2.0000 | grad 6.0000 }');
    const svg = await post('/v1/expression.svg', { source: LECTURE });
    expect(body.svg).toBe(svg.body);
    const dot = await post('/v1/expression.dot', { source: LECTURE });
    expect(body.dot).toBe(dot.body);
  });
});

describe('POST /v1/expression.svg', () => {
  it('answers a well-formed SVG with a title per node and edge and the record texts', async () => {
    const response = await post('/v1/expression.svg', { source: LECTURE });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(XMLValidator.validate(response.body)).toBe(true);

    const { titles, texts } = svgContent(response.body);
    for (const id of ['n0', 'n1', 'n2', 'n2_op', 'n6', 'n6_op']) expect(titles).toContain(id);
    expect(titles).toContain('n2_op->n2');
    expect(titles).toContain('n0->n2_op');
    for (const text of ['L', 'data -8.0000', 'grad 1.0000', 'a', 'data 2.0000', 'grad 6.0000', 'f', 'grad 4.0000', '*', '+']) {
      expect(texts).toContain(text);
    }
  });

  it('answers byte-identical SVG for identical requests', async () => {
    const first = await post('/v1/expression.svg', { source: LECTURE });
    const second = await post('/v1/expression.svg', { source: LECTURE });
    expect(second.body).toBe(first.body);
    expect(second.body.length).toBeGreaterThan(1000);
  });

  it('applies the drawing options', async () => {
    const plain = await post('/v1/expression.svg', { source: LECTURE });
    const forward = await post('/v1/expression.svg', { source: LECTURE, options: { grad: false, precision: 2 } });
    expect(forward.statusCode).toBe(200);
    const { texts } = svgContent(forward.body);
    expect(texts).toContain('data -8.00');
    expect(texts.some((text) => text.startsWith('grad'))).toBe(false);
    const dark = await post('/v1/expression.svg', { source: LECTURE, options: { theme: 'dark', rankdir: 'TB' } });
    expect(dark.statusCode).toBe(200);
    expect(dark.body).not.toBe(plain.body);
  });
});

describe('POST /v1/expression.dot', () => {
  it('answers the DOT as text/vnd.graphviz', async () => {
    const response = await post('/v1/expression.dot', { source: LECTURE, options: { rankdir: 'TB' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/vnd.graphviz; charset=utf-8');
    expect(response.body).toMatch(/^digraph \{\n/);
    expect(response.body).toContain('rankdir="TB"');
    expect(response.body).toContain('n6 [label="{ L | data -8.0000 | grad 1.0000 }" shape="record"]');
    expect(response.body).toContain('n4 -> n6_op');
  });
});

describe('request fields', () => {
  it('binds free names from values and differentiates the named output', async () => {
    const response = await post('/v1/expression', {
      source: 'y = x * w + 1\nz = y.tanh()',
      values: { x: 2, w: -0.5 },
      output: 'y',
    });
    expect(response.statusCode).toBe(200);
    const body: ExpressionJson = response.json();
    expect(body.output).toMatchObject({ label: 'y', data: 0, grad: 1 });
    // dy/dx = w, dy/dw = x; z is not below y, so its gradient stays 0.
    expect(body.gradients).toMatchObject({ x: -0.5, w: 2, y: 1 });
  });

  it('keeps names that are also Object.prototype members as plain keys', async () => {
    const response = await post('/v1/expression', { source: '__proto__ = Value(2.0)\nconstructor = __proto__ * 3' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('"gradients":{"__proto__":3,"constructor":1}');
  });
});

describe('graphs larger than MAX_DRAWN_VALUES', () => {
  let small: FastifyInstance;
  // 12 additions: 25 values, over a limit of 10.
  const payload = { source: chainProgram(12), values: { x: 1 } };

  beforeAll(async () => {
    small = await buildApp({ config: { maxDrawnValues: 10 } });
  });

  afterAll(async () => {
    await small.close();
  });

  it('still answer values and gradients as JSON, without svg and with a warning', async () => {
    const response = await small.inject({ method: 'POST', url: '/v1/expression', payload });
    expect(response.statusCode).toBe(200);
    const body: ExpressionJson = response.json();
    expect(body.nodes).toHaveLength(25);
    expect(body.output).toMatchObject({ data: 13, grad: 1 });
    expect(body.gradients).toEqual({ x: 1, y: 1 });
    expect(body.dot).toContain('digraph');
    expect(body).not.toHaveProperty('svg');
    expect(body.warnings).toEqual([
      {
        type: 'https://gradviz.dev/problems/graph-too-large',
        detail: 'the graph has 25 values, more than the 10 that can be drawn in one picture; the answer has no svg',
        limit: 'maxDrawnValues',
        limitValue: 10,
        requested: 25,
      },
    ]);
  });

  it('are refused as pictures with 422 naming the limit and the size', async () => {
    const headers = { accept: 'application/problem+json' };
    const response = await small.inject({ method: 'POST', url: '/v1/expression.svg', payload, headers });
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(response.json()).toEqual({
      type: 'https://gradviz.dev/problems/graph-too-large',
      title: 'The graph is too large to draw',
      status: 422,
      detail: 'the graph has 25 values, more than the 10 that can be drawn in one picture',
      instance: '/v1/expression.svg',
      limit: 'maxDrawnValues',
      limitValue: 10,
      requested: 25,
    });
  });

  it('are still answered as DOT, which needs no layout', async () => {
    const response = await small.inject({ method: 'POST', url: '/v1/expression.dot', payload });
    expect(response.statusCode).toBe(200);
    expect(response.body.match(/shape="record"/g)).toHaveLength(25);
  });

  it('stop at the limit exactly: 10 values are drawn', async () => {
    // x, three 1s and three sums, the 2 and its product, and z = y*y: 10 values.
    const source = 'y = x\ny = y + 1\ny = y + 1\ny = y + 1\ny = y * 2\nz = y * y';
    const response = await small.inject({ method: 'POST', url: '/v1/expression', payload: { source, values: { x: 1 } } });
    const body: ExpressionJson = response.json();
    expect(body.nodes).toHaveLength(10);
    expect(body.svg).toMatch(/<svg/);
    expect(body).not.toHaveProperty('warnings');
  });
});
