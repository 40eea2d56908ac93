import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_TYPES, problemTypeUri } from '../../src/http/problem/types.js';
import { buildApp } from '../helpers/build-app.js';
import { waitForReady } from '../helpers/load.js';
import { LECTURE, MICROGRAD_README } from '../helpers/programs.js';

// Random and mutated programs and bodies: whatever a client sends, the answer is a success or a
// documented client error (never a 5xx), it comes in bounded time, and the server stays alive.

const NEURON = 'o = (x1*w1 + x2*w2 + b).tanh(); o.label = "o"';
const NEURON_VALUES = { x1: 2, x2: 0, w1: -3, w2: 1, b: 6.8813735870195432 };

const SEEDS = [LECTURE, MICROGRAD_README, NEURON];

const DOCUMENTED = new Set([400, 404, 405, 413, 414, 415, 422]);
const KNOWN_TYPES = new Map(Object.entries(PROBLEM_TYPES).map(([name, { status }]) => [problemTypeUri(name as keyof typeof PROBLEM_TYPES), status]));

// Rich in what the lexer and parser must get right: operators, digits, quotes, brackets,
// whitespace, and characters from outside ASCII (bidi controls, zero-width, astral, lone surrogates).
const ALPHABET = [
  ...'+-*/%=<>!&|^~@.,:;()[]{}\'"`#\\ \t\n\r0123456789eE_xabcdLVvalue',
  '**', '**-1', '1e308', '1e-320', 'NaN', 'inf', '.tanh()', '.relu()', '.exp()', '.log()', '.backward()', 'Value(',
  '\u00e9', '\u03b1', '\u202e', '\u2067', '\u200b', '\ufeff', '\u00a0', '\u{1f600}', '\ud800', '\u0000', '\u2028',
];
const piece = fc.constantFrom(...ALPHABET);

type Edit = { kind: 'insert' | 'delete' | 'replace'; at: number; text: string };
const edit: fc.Arbitrary<Edit> = fc.record({
  kind: fc.constantFrom('insert', 'delete', 'replace'),
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  text: piece,
});

function mutate(source: string, edits: Edit[]): string {
  let text = source;
  for (const { kind, at, text: inserted } of edits) {
    const i = Math.floor(at * (text.length + 1));
    if (kind === 'insert') text = text.slice(0, i) + inserted + text.slice(i);
    else if (kind === 'delete') text = text.slice(0, i) + text.slice(i + 1 + Math.floor(at * 5));
    else text = text.slice(0, i) + inserted + text.slice(i + 1);
  }
  return text;
}

/** Every UTF-8 byte as %XX (a lone surrogate becomes U+FFFD, as Buffer writes it). */
function percentEncode(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

const EXPRESSION_ROUTES = ['/v1/expression', '/v1/expression.svg', '/v1/expression.dot'] as const;
const MLP_ROUTES = ['/v1/mlp', '/v1/mlp.svg', '/v1/mlp.dot', '/v1/mlp/loss.svg'] as const;

/** The longest one request may take: above the job time limit, far below a hang. */
const REQUEST_DEADLINE_MS = 10_000;
const JOB_TIME_LIMIT_MS = 3000;

let app: FastifyInstance;

beforeAll(async () => {
  // Shedding on event loop delay is off: a slow test machine must not turn a client error into a 503.
  app = await buildApp({
    config: { jobTimeLimitMs: JOB_TIME_LIMIT_MS, pressure: { maxEventLoopDelayMs: 0, maxHeapUsedBytes: 0, maxRssBytes: 0 } },
  });
  await waitForReady(app);
});

afterAll(async () => {
  await app.close();
});

async function send(options: {
  method?: 'GET' | 'POST';
  url: string;
  payload?: string;
  headers?: Record<string, string>;
}): Promise<LightMyRequestResponse> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${REQUEST_DEADLINE_MS} ms: ${summary(options)}`)), REQUEST_DEADLINE_MS);
  });
  try {
    return await Promise.race([
      app.inject({
        method: options.method ?? 'POST',
        url: options.url,
        headers: options.headers ?? { 'content-type': 'application/json' },
        ...(options.payload === undefined ? {} : { payload: options.payload }),
      }),
      deadline,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function summary(options: { url: string; payload?: string }): string {
  return `${options.url} ${JSON.stringify(options.payload?.slice(0, 300))}`;
}

/** A 2xx, or a documented 4xx whose problem (when it is JSON) is consistent with its status. */
function expectDocumented(response: LightMyRequestResponse, request: { url: string; payload?: string }): void {
  const context = `${response.statusCode} for ${summary(request)}: ${response.body.slice(0, 300)}`;
  const ok = response.statusCode >= 200 && response.statusCode < 300;
  expect(ok || DOCUMENTED.has(response.statusCode), context).toBe(true);
  if (ok) return;
  const type = String(response.headers['content-type']);
  if (type === 'application/problem+json; charset=utf-8') {
    const problem = response.json() as { type: string; status: number; detail: string; line?: number; column?: number };
    expect(problem.status, context).toBe(response.statusCode);
    expect(KNOWN_TYPES.has(problem.type), context).toBe(true);
    expect(typeof problem.detail, context).toBe('string');
    if (problem.line !== undefined) expect(problem.detail, context).toMatch(/^line \d+, column \d+: /);
  } else {
    // The picture routes draw their errors.
    expect(type, context).toMatch(/^image\/(svg\+xml; charset=utf-8|png)$/);
    if (type.startsWith('image/svg')) expect(response.body, context).toContain(`<title>${response.statusCode} `);
  }
}

const anything = fc.oneof(fc.jsonValue(), fc.anything({ maxDepth: 2 }));
/** Mostly a valid field, sometimes anything: a body then has about one wrong field, not five. */
const mostly = <T,>(valid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 15 }, { arbitrary: anything, weight: 1 });

const PROPERTY = { numRuns: 150, interruptAfterTimeLimit: 25_000, markInterruptAsFailure: false } as const;

describe('fuzzing the API', () => {
  it('answers the unmutated seeds with the figures their authors print', async () => {
    const readme = await send({ url: '/v1/expression', payload: JSON.stringify({ source: MICROGRAD_README }) });
    expect(readme.statusCode).toBe(200);
    const body = readme.json() as { output: { data: number }; gradients: Record<string, number> };
    expect(body.output.data.toFixed(4)).toBe('24.7041');
    expect(body.gradients['a']?.toFixed(4)).toBe('138.8338');
    expect(body.gradients['b']?.toFixed(4)).toBe('645.5773');
    const neuron = await send({ url: '/v1/expression', payload: JSON.stringify({ source: NEURON, values: NEURON_VALUES }) });
    expect(neuron.statusCode).toBe(200);
    expect((neuron.json() as { output: { data: number } }).output.data).toBeCloseTo(0.7071, 4);
  });

  it('answers mutated programs with a 2xx or a documented 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(SEEDS.length - 1), fc.array(edit, { minLength: 1, maxLength: 4 }), fc.constantFrom(...EXPRESSION_ROUTES), async (seed, edits, url) => {
        const source = mutate(SEEDS[seed] as string, edits);
        const payload = JSON.stringify(seed === 2 ? { source, values: NEURON_VALUES } : { source });
        expectDocumented(await send({ url, payload }), { url, payload });
      }),
      PROPERTY,
    );
  }, 40_000);

  it('answers random programs from the same alphabet with a 2xx or a documented 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 60 }), fc.constantFrom(...EXPRESSION_ROUTES), async (pieces, url) => {
        const payload = JSON.stringify({ source: pieces.join('') });
        expectDocumented(await send({ url, payload }), { url, payload });
      }),
      PROPERTY,
    );
  }, 40_000);

  it('answers random JSON bodies shaped like an expression request with a 2xx or a documented 4xx', async () => {
    const names = fc.constantFrom('x', 'w', 'x1', 'x2', 'w1', 'w2', 'b', 'constructor', 'toString', 'a b', '', '1x', '\u00e9');
    const body = fc.oneof(
      { arbitrary: anything, weight: 1 },
      {
        weight: 5,
        arbitrary: fc.tuple(fc.record(
          {
            source: mostly(fc.oneof(fc.constantFrom(...SEEDS, 'y = x * w', 'y = (x + 1).log()'), fc.string())),
            values: mostly(fc.dictionary(names, mostly(fc.double({ min: -1e6, max: 1e6, noNaN: true })), { maxKeys: 4 })),
            output: mostly(fc.constantFrom('L', 'g', 'o', 'y', 'x', 'nope')),
            options: mostly(
              fc.record(
                {
                  rankdir: mostly(fc.constantFrom('LR', 'TB')),
                  precision: mostly(fc.integer({ min: -1, max: 11 })),
                  grad: mostly(fc.boolean()),
                  theme: mostly(fc.constantFrom('light', 'dark', 'transparent', 'sepia')),
                  scale: mostly(fc.integer({ min: 0, max: 4 })),
                },
                { requiredKeys: [] },
              ),
            ),
          },
          { requiredKeys: ['source'] },
        ), fc.oneof({ arbitrary: fc.constant(null), weight: 8 }, { arbitrary: anything, weight: 1 })).map(([fields, extra]) => (extra === null ? fields : { ...fields, extra })),
      },
    );
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...EXPRESSION_ROUTES), async (value, url) => {
        const payload = JSON.stringify(value) ?? 'undefined';
        expectDocumented(await send({ url, payload }), { url, payload });
      }),
      PROPERTY,
    );
  }, 40_000);

  it('answers random JSON bodies shaped like an MLP request with a 2xx or a documented 4xx', async () => {
    // A network whose inputs mostly fit its first layer, so that many bodies get past validation.
    const network = fc.integer({ min: 1, max: 3 }).chain((inputsPerPoint) => {
      const point = fc.array(mostly(fc.double({ min: -3, max: 3, noNaN: true })), { minLength: inputsPerPoint, maxLength: inputsPerPoint });
      return fc.record(
        {
          layers: mostly(
            fc.oneof(
              { arbitrary: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).map((sizes) => [inputsPerPoint, ...sizes]), weight: 4 },
              { arbitrary: fc.array(fc.integer({ min: 0, max: 100_000 }), { maxLength: 4 }), weight: 1 },
            ),
          ),
          init: mostly(fc.constantFrom('lecture', 'micrograd')),
          activation: mostly(fc.constantFrom('tanh', 'relu', 'sigmoid', 'linear')),
          seed: mostly(fc.oneof(fc.integer(), fc.bigInt().map(String))),
          inputs: mostly(fc.array(point, { minLength: 1, maxLength: 4 })),
          targets: mostly(fc.oneof(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { maxLength: 4 }), fc.array(point, { maxLength: 4 }))),
          loss: mostly(fc.constantFrom('sse', 'mse', 'hinge', 'none')),
          l2: mostly(fc.double({ min: -1, max: 1, noNaN: true })),
          train: mostly(
            fc.record(
              { steps: fc.integer({ min: -1, max: 30 }), learningRate: fc.double({ min: -1, max: 1, noNaN: true }), decay: mostly(fc.boolean()) },
              { requiredKeys: ['steps', 'learningRate'] },
            ),
          ),
          options: mostly(fc.record({ view: mostly(fc.constantFrom('values', 'neurons')), grad: mostly(fc.boolean()) }, { requiredKeys: [] })),
        },
        { requiredKeys: ['layers', 'inputs'] },
      );
    });
    const body = fc.oneof({ arbitrary: anything, weight: 1 }, { arbitrary: network, weight: 5 });
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...MLP_ROUTES), async (value, url) => {
        const payload = JSON.stringify(value) ?? 'undefined';
        expectDocumented(await send({ url, payload }), { url, payload });
      }),
      PROPERTY,
    );
  }, 40_000);

  it('answers mutated JSON text, any content type and GET image URLs with a 2xx or a documented 4xx', async () => {
    const text = fc.tuple(fc.constantFrom(JSON.stringify({ source: LECTURE }), JSON.stringify({ layers: [3, 4, 1], inputs: [[2, 3, -1]] })), fc.array(edit, { minLength: 1, maxLength: 6 }));
    const contentType = fc.constantFrom('application/json', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'APPLICATION/JSON', '');
    const request = fc.oneof(
      fc.record({ kind: fc.constant('post' as const), url: fc.constantFrom(...EXPRESSION_ROUTES, ...MLP_ROUTES), body: text.map(([start, edits]) => mutate(start, edits)), contentType }),
      fc.record({
        kind: fc.constant('get' as const),
        url: fc.constantFrom('/v1/expression.svg', '/v1/expression.json', '/v1/expression.dot'),
        // Percent-encoded UTF-8, then maybe escapes that do not decode (bad UTF-8, a lone '%').
        body: fc
          .tuple(fc.array(piece, { maxLength: 40 }), fc.constantFrom('', '%FF', '%ED%A0%80', '%', '%%41', '&source=1', '&values=%7B%7D'))
          .map(([pieces, raw]) => percentEncode(pieces.join('')) + raw),
        contentType,
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async ({ kind, url, body, contentType: type }) => {
        if (kind === 'post') {
          const headers: Record<string, string> = type === '' ? {} : { 'content-type': type };
          expectDocumented(await send({ url, payload: body, headers }), { url, payload: body });
        } else {
          const full = `${url}?source=${body}`;
          expectDocumented(await send({ method: 'GET', url: full, headers: {} }), { url: full });
        }
      }),
      PROPERTY,
    );
  }, 40_000);

  it('answers /healthz afterwards', async () => {
    const response = await send({ method: 'GET', url: '/healthz', headers: {} });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});
