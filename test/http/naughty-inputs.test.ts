import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, UNBOUNDED_LAYOUT } from '../helpers/build-app.js';
import { waitForReady } from '../helpers/load.js';
import { crossingProgram, LECTURE } from '../helpers/programs.js';

// A list of hostile or unlucky requests, each with the exact answer the README documents for it.

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';
const SVG = 'image/svg+xml; charset=utf-8';
const problemType = (name: string) => `https://gradviz.dev/problems/${name}`;

interface Row {
  name: string;
  method?: 'GET' | 'POST';
  url: string;
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  headers?: Record<string, string>;
  status: number;
  /** The content type of the answer; problem+json unless said otherwise. */
  contentType?: string;
  /** Members the problem (or, for a 200, the JSON answer) must have. */
  problem?: Record<string, unknown>;
  /** Checks on the raw text of the answer. */
  text?: (body: string) => void;
}

const program = (source: string) => ({ source });

const ROWS: Row[] = [
  {
    name: 'deep nesting: 10,000 parentheses',
    url: '/v1/expression',
    body: program(`y = ${'('.repeat(10_000)}Value(1.0)${')'.repeat(10_000)}`),
    status: 422,
    problem: { type: problemType('limit-exceeded'), limit: 'maxDepth', limitValue: 100, line: 1 },
  },
  {
    // 100,000 signs make the source itself longer than its limit: refused before parsing.
    name: '100,000 unary minus signs',
    url: '/v1/expression',
    body: program(`y = ${'-'.repeat(100_000)}Value(1.0)`),
    status: 413,
    problem: { type: problemType('limit-exceeded'), limit: 'maxSourceLength', limitValue: 100_000, requested: 100_014 },
  },
  {
    name: 'as many unary minus signs as fit in the source limit',
    url: '/v1/expression',
    body: program(`y = ${'-'.repeat(99_980)}Value(1.0)`),
    status: 422,
    problem: { type: problemType('limit-exceeded'), limit: 'maxDepth', limitValue: 100 },
  },
  {
    name: 'a 1 MB source',
    url: '/v1/expression',
    body: program('a = 1\n'.repeat(180_000)),
    status: 413,
    problem: { type: problemType('body-too-large'), limit: 'bodyLimit', limitValue: 1024 * 1024 },
  },
  {
    name: 'a 120,000-character source under the body limit',
    url: '/v1/expression',
    body: program('a = 1\n'.repeat(20_000)),
    status: 413,
    problem: { type: problemType('limit-exceeded'), limit: 'maxSourceLength', requested: 120_000 },
  },
  {
    name: '1e999 in the program',
    url: '/v1/expression',
    body: program('y = Value(1e999) * 2'),
    status: 422,
    problem: { type: problemType('not-finite'), line: 1, column: 11 },
  },
  {
    // JSON.parse reads 1e999 as Infinity, which is not a JSON number the schema accepts.
    name: '1e999 in values',
    url: '/v1/expression',
    body: '{"source": "y = x * 2", "values": {"x": 1e999}}',
    status: 400,
    problem: { type: problemType('validation-error'), detail: 'body/values/x must be number' },
  },
  {
    name: '__proto__ as a program name',
    url: '/v1/expression',
    body: program('__proto__ = Value(2.0)\ny = __proto__ * 3'),
    status: 200,
    contentType: 'application/json; charset=utf-8',
    // The gradients object must carry the name as data, not as a prototype.
    text: (body) => expect(body).toContain('"gradients":{"__proto__":3,"y":1}'),
  },
  {
    name: 'constructor and toString as program names',
    url: '/v1/expression',
    body: program('constructor = Value(2.0)\ntoString = constructor * 3\nhasOwnProperty = toString + 1'),
    status: 200,
    contentType: 'application/json; charset=utf-8',
    problem: { gradients: { constructor: 3, toString: 1, hasOwnProperty: 1 }, output: { data: 7 } },
  },
  {
    name: '__proto__ as a key of values',
    url: '/v1/expression',
    body: '{"source": "y = x * 2", "values": {"__proto__": 2, "x": 1}}',
    status: 400,
    problem: { type: problemType('malformed-json'), detail: "the request body has a '__proto__' key, which is not allowed" },
  },
  {
    name: 'constructor as a key of values',
    url: '/v1/expression',
    body: '{"source": "y = constructor * 2", "values": {"constructor": 2.5}}',
    status: 200,
    contentType: 'application/json; charset=utf-8',
    problem: { gradients: { constructor: 2, y: 1 }, output: { data: 5 } },
  },
  {
    name: 'a values key that is not a name',
    url: '/v1/expression',
    body: '{"source": "y = x * 2", "values": {"x": 1, "a b": 3}}',
    status: 422,
    problem: { type: problemType('invalid-request'), detail: "values: 'a b' is not a valid name" },
  },
  {
    name: 'a bidi override in the source',
    url: '/v1/expression',
    body: program('a = Value(2.0)\ny = a \u202e* 3'),
    status: 400,
    problem: { type: problemType('syntax-error'), line: 2, column: 7, detail: 'line 2, column 7: unexpected character U+202E RIGHT-TO-LEFT OVERRIDE' },
  },
  {
    // Inside a string the language takes any character: the label comes back as it was sent.
    name: 'a right-to-left isolate inside a label string',
    url: '/v1/expression',
    body: program("a = Value(2.0, label='x\u2067y')"),
    status: 200,
    contentType: 'application/json; charset=utf-8',
    problem: { output: { label: 'x\u2067y', data: 2 } },
  },
  {
    name: 'a zero-width space inside a name',
    url: '/v1/expression',
    body: program('a\u200bb = Value(2.0)'),
    status: 400,
    problem: { type: problemType('syntax-error'), line: 1, column: 2, detail: 'line 1, column 2: unexpected character U+200B ZERO WIDTH SPACE' },
  },
  {
    name: 'a byte order mark mid-line',
    url: '/v1/expression',
    body: program('a = Value(2.0)\nb = a\ufeff + 1'),
    status: 400,
    problem: { type: problemType('syntax-error'), line: 2, column: 6 },
  },
  {
    name: 'malformed JSON',
    url: '/v1/expression',
    body: '{"source": "a = 1",',
    status: 400,
    problem: { type: problemType('malformed-json') },
  },
  {
    name: 'an empty body',
    url: '/v1/expression',
    body: '',
    status: 400,
    problem: { type: problemType('malformed-json'), detail: 'the request body is empty; send a JSON object' },
  },
  {
    name: 'a JSON array for a body',
    url: '/v1/expression',
    body: '[]',
    status: 400,
    problem: { type: problemType('validation-error') },
  },
  {
    name: 'source: 42',
    url: '/v1/expression',
    body: '{"source": 42}',
    status: 400,
    problem: { type: problemType('validation-error'), detail: 'body/source must be string' },
  },
  {
    name: 'values: {"x": "2"} (no coercion)',
    url: '/v1/expression',
    body: '{"source": "y = x * 2", "values": {"x": "2"}}',
    status: 400,
    problem: { type: problemType('validation-error'), detail: 'body/values/x must be number' },
  },
  {
    name: 'precision: "4" (no coercion)',
    url: '/v1/expression',
    body: JSON.stringify({ source: LECTURE, options: { precision: '4' } }),
    status: 400,
    problem: { type: problemType('validation-error'), detail: 'body/options/precision must be integer' },
  },
  {
    name: 'an unknown top-level field',
    url: '/v1/expression',
    body: { source: LECTURE, extra: 1 },
    status: 400,
    problem: { type: problemType('validation-error'), detail: "body has an unknown field 'extra'" },
  },
  {
    name: 'an unknown nested field',
    url: '/v1/expression',
    body: { source: LECTURE, options: { colour: 'red' } },
    status: 400,
    problem: { type: problemType('validation-error'), detail: "body/options has an unknown field 'colour'" },
  },
  {
    name: 'text/plain',
    url: '/v1/expression',
    body: LECTURE,
    headers: { 'content-type': 'text/plain' },
    status: 415,
    problem: { type: problemType('unsupported-media-type') },
  },
  {
    name: 'an MLP of layers [2, 5000, 5000, 1]',
    url: '/v1/mlp',
    body: { layers: [2, 5000, 5000, 1], inputs: [[1, 2]] },
    status: 422,
    problem: { type: problemType('limit-exceeded'), limit: 'maxParameters', limitValue: 10_000, requested: 25_025_001 },
  },
  {
    name: 'an MLP of a billion parameters',
    url: '/v1/mlp',
    body: { layers: [100_000, 100_000, 100_000], inputs: [[1]] },
    status: 422,
    problem: { type: problemType('limit-exceeded'), limit: 'maxParameters' },
  },
  {
    name: 'an MLP with 1,001 inputs',
    url: '/v1/mlp',
    body: { layers: [2, 1], inputs: Array.from({ length: 1001 }, () => [1, 2]) },
    status: 413,
    problem: { type: problemType('limit-exceeded'), limit: 'maxInputs', limitValue: 1000, requested: 1001 },
  },
  {
    name: 'an MLP training for 10 million steps',
    url: '/v1/mlp',
    body: { layers: [2, 1], inputs: [[1, 2]], targets: [1], train: { steps: 10_000_000, learningRate: 0.1 } },
    status: 422,
    problem: { type: problemType('limit-exceeded'), limit: 'maxSteps' },
  },
  {
    name: 'an MLP with layers: ["2", "1"] (no coercion)',
    url: '/v1/mlp',
    body: { layers: ['2', '1'], inputs: [[1, 2]] },
    status: 400,
    problem: { type: problemType('validation-error') },
  },
  {
    name: 'the picture route: a syntax error is drawn as SVG with its status',
    url: '/v1/expression.svg',
    body: program('a = Value(2.0)\ny = a \u202e* 3'),
    status: 400,
    contentType: SVG,
    text: (body) => {
      expect(body).toMatch(/^<svg /);
      expect(body).toContain('<title>400 The program does not parse: line 2, column 7');
    },
  },
  {
    name: 'the picture route, to a client that prefers JSON: problem+json',
    url: '/v1/expression.svg',
    body: program('a = Value(2.0)\ny = a \u202e* 3'),
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    status: 400,
    problem: { type: problemType('syntax-error'), line: 2, column: 7 },
  },
  {
    name: 'the picture route: malformed JSON is drawn too',
    url: '/v1/expression.svg',
    body: '{"source"',
    status: 400,
    contentType: SVG,
    text: (body) => expect(body).toContain('<title>400 The request body is not valid JSON'),
  },
  {
    name: 'the picture route: a 1 MB body is drawn as a 413',
    url: '/v1/expression.svg',
    body: program('a = 1\n'.repeat(180_000)),
    status: 413,
    contentType: SVG,
    text: (body) => expect(body).toContain('<title>413 The request body is too large'),
  },
  {
    // Like POST /v1/expression.svg, the MLP picture route draws its errors.
    name: 'the MLP picture route: huge sizes are drawn as a 422',
    url: '/v1/mlp.svg',
    body: { layers: [2, 5000, 5000, 1], inputs: [[1, 2]] },
    status: 422,
    contentType: SVG,
    text: (body) => expect(body).toContain('maxParameters'),
  },
  {
    name: 'the GET image URL: a zero-width space is drawn as a 400',
    method: 'GET',
    url: `/v1/expression.svg?source=${encodeURIComponent('a = Value(1.0)\u200b')}`,
    status: 400,
    contentType: SVG,
    text: (body) => expect(body).toContain('U+200B ZERO WIDTH SPACE'),
  },
  {
    name: 'the GET image URL: values with a __proto__ key',
    method: 'GET',
    url: `/v1/expression.json?source=${encodeURIComponent('y = x * 2')}&values=${encodeURIComponent('{"__proto__":{"x":1}}')}`,
    status: 400,
    problem: { type: problemType('validation-error'), detail: "querystring/values has a '__proto__' key, which is not allowed" },
  },
  {
    name: 'the GET image URL: a URL over 8192 characters',
    method: 'GET',
    url: `/v1/expression.json?source=${'a'.repeat(9000)}`,
    status: 414,
    problem: { type: problemType('uri-too-long'), limit: 'maxUrlLength', limitValue: 8192 },
  },
  {
    name: 'the encoded URL: text that is not deflate',
    method: 'GET',
    url: '/v1/expression/json/AAAAAAAAAAAA',
    status: 400,
    problem: { type: problemType('invalid-encoding') },
  },
  {
    name: 'an unknown path',
    method: 'GET',
    url: '/v1/%E2%80%AE',
    status: 404,
    problem: { type: problemType('not-found') },
  },
  {
    name: 'a known path with the wrong method',
    method: 'GET',
    url: '/v1/expression',
    status: 405,
    problem: { type: problemType('method-not-allowed') },
  },
];

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
  await waitForReady(app);
});

afterAll(async () => {
  await app.close();
});

describe('naughty inputs', () => {
  it.each(ROWS)('$name: $status', async (row) => {
    const payload = row.body === undefined ? undefined : typeof row.body === 'string' ? row.body : JSON.stringify(row.body);
    const response = await app.inject({
      method: row.method ?? 'POST',
      url: row.url,
      headers: row.headers ?? (payload === undefined ? {} : { 'content-type': 'application/json' }),
      ...(payload === undefined ? {} : { payload }),
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(row.status);
    expect(response.headers['content-type']).toBe(row.contentType ?? PROBLEM_JSON);
    if (row.problem !== undefined) {
      expect(response.json()).toMatchObject(row.status >= 400 ? { status: row.status, ...row.problem } : row.problem);
    }
    row.text?.(response.body);
  });

  it('answers /healthz after all of them', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
  });
});

describe('a graph that takes too long to lay out', () => {
  let slow: FastifyInstance;
  const SLOW = JSON.stringify({ ...program(crossingProgram(200)), options: { layout: 'graphviz' } });

  beforeAll(async () => {
    // Past the layout budget too: without it the cost model would refuse the graph before any layout.
    // Two seconds: the program runs in tens of milliseconds (many times that on a busy machine), its
    // layout takes Graphviz more than a minute.
    slow = await buildApp({ config: { jobTimeLimitMs: 2000, workerThreads: 1, budget: UNBOUNDED_LAYOUT } });
    await waitForReady(slow);
  });

  afterAll(async () => {
    await slow.close();
  });

  const post = (url: string, headers: Record<string, string> = {}) =>
    slow.inject({ method: 'POST', url, payload: SLOW, headers: { 'content-type': 'application/json', ...headers } });

  it('is 422 graph-too-large naming JOB_TIME_LIMIT_MS and the stage, as problem+json', async () => {
    const response = await post('/v1/expression');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toBe(PROBLEM_JSON);
    expect(response.json()).toMatchObject({
      type: problemType('graph-too-large'),
      status: 422,
      limit: 'JOB_TIME_LIMIT_MS',
      limitValue: 2000,
      stage: 'layout',
      detail: 'the job did not finish in 2 seconds: it was still laying out the graph (limit JOB_TIME_LIMIT_MS, stage layout)',
    });
  });

  it('is 422 drawn as SVG on the picture route', async () => {
    const response = await post('/v1/expression.svg');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toBe(SVG);
    expect(response.body).toContain('<title>422 The graph is too large to draw: the job did not finish in 2 seconds');
  });

  it('is 422 problem+json on the picture route to a client that prefers JSON', async () => {
    const response = await post('/v1/expression.svg', { accept: 'application/problem+json' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ type: problemType('graph-too-large'), limit: 'JOB_TIME_LIMIT_MS' });
  });

  it('leaves the replaced worker able to answer the lecture', async () => {
    const response = await slow.inject({ method: 'POST', url: '/v1/expression', payload: program(LECTURE) });
    expect(response.statusCode).toBe(200);
    expect(response.json().output.data).toBe(-8);
  });
});
