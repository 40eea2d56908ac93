import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainRuleEdges } from '../../src/chain-rule/edges.js';
import { traceGraph } from '../../src/graph/trace.js';
import { measureGraph } from '../../src/jobs/budget.js';
import { runProgram } from '../../src/lang/index.js';
import { runMlp } from '../../src/nn/index.js';
import { buildApp, budgetWith } from '../helpers/build-app.js';
import type { JsonEdge } from '../helpers/expression-json.js';
import { LECTURE } from '../helpers/programs.js';

interface Check {
  id: string;
  label: string;
  grad: number;
  numeric: number | null;
  relativeError: number | null;
}
interface Answer {
  nodes: { id: string; label: string; grad: number; inputs: string[] }[];
  edges?: JsonEdge[];
  gradcheck?: Check[];
  warnings?: { type: string; detail: string; limit?: string }[];
}

const LECTURE_MLP = { layers: [3, 4, 4, 1], seed: 1337, inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]], targets: [1, -1, -1, 1] };

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildApp();
});

afterAll(async () => {
  await app.close();
});

const post = (url: string, payload: object, on = app) => on.inject({ method: 'POST', url, payload });

describe('chain-rule edges in JSON answers', () => {
  it("list the lecture's edges with their local derivatives and contributions", async () => {
    const answer = (await post('/v1/expression', { source: LECTURE })).json() as Answer;
    const label = (id: string) => answer.nodes.find((node) => node.id === id)?.label;
    const named = (answer.edges ?? []).map((e) => [label(e.from), label(e.to), e.formula, e.local, e.contribution]);
    // L = d * f, d = e + c, e = a * b, by hand: dL/dd = f = -2, dL/df = d = 4, de/da = b = -3, de/db = a = 2.
    expect(named).toEqual([
      ['d', 'L', 'y', -2, -2],
      ['f', 'L', 'x', 4, 4],
      ['e', 'd', '1', 1, -2],
      ['c', 'd', '1', 1, -2],
      ['a', 'e', 'y', -3, 6],
      ['b', 'e', 'x', 2, -4],
    ]);
    // Each value's contributions add up to its grad.
    for (const node of answer.nodes.slice(0, -1)) {
      const sum = (answer.edges ?? []).filter((e) => e.from === node.id).reduce((total, e) => total + e.contribution, 0);
      expect(sum, node.label).toBe(node.grad);
    }
  });

  it('are left out with a warning when they would be over the output budget', async () => {
    const graph = traceGraph(runProgram({ source: LECTURE }).root);
    const { bytes } = measureGraph(graph.nodes, 4);
    const tight = await buildApp({ config: { budget: budgetWith({ maxOutputBytes: bytes.nodes + bytes.edges - 1 }) } });
    try {
      const answer = (await post('/v1/expression', { source: LECTURE }, tight)).json() as Answer;
      expect(answer.edges).toBeUndefined();
      expect(answer.warnings?.[0]).toMatchObject({ type: 'https://gradviz.dev/problems/limit-exceeded', limit: 'maxOutputBytes' });
      expect(answer.warnings?.[0]?.detail).toMatch(/list of chain-rule edges .*; the answer has no edges$/);
    } finally {
      await tight.close();
    }
  });

  it("list an MLP's edges by the ids of its values view, as the core computes them", async () => {
    const answer = (await post('/v1/mlp', LECTURE_MLP)).json() as Answer;
    const graph = traceGraph(runMlp(LECTURE_MLP).root);
    expect(answer.edges).toEqual(chainRuleEdges(graph.order, graph.ids));
    expect(answer.edges).toHaveLength(graph.nodes.reduce((n, node) => n + node.inputs.length, 0));
  });

  it('are left out of an MLP too large to draw, with the reason', async () => {
    // micrograd's demo network on the notebook's 100 points: more values than MAX_DRAWN_VALUES.
    const spec = { layers: [2, 16, 16, 1], init: 'micrograd', dataset: { name: 'moons' }, loss: 'hinge' };
    const answer = (await post('/v1/mlp', spec)).json() as Answer;
    expect(answer.edges).toBeUndefined();
    expect(answer.warnings?.[0]).toMatchObject({ type: 'https://gradviz.dev/problems/graph-too-large', limit: 'maxDrawnValues' });
    expect(answer.warnings?.[0]?.detail).toMatch(/\d{2},\d{3} values.*; the answer has no edges$/);
  });
});

describe('gradient check in JSON answers', () => {
  it("sets the lecture's gradients beside central differences computed here, op for op", async () => {
    const answer = (await post('/v1/expression', { source: LECTURE, options: { gradcheck: true } })).json() as Answer;
    // The lecture's L = (a*b + c) * f, recomputed in the order the graph computes it.
    const at: Record<string, number> = { a: 2, b: -3, c: 10, f: -2 };
    const L = (x: Record<string, number>) => ((x.a as number) * (x.b as number) + (x.c as number)) * (x.f as number);
    const byLabel = Object.fromEntries((answer.gradcheck ?? []).map((c) => [c.label, c]));
    expect(Object.keys(byLabel).sort()).toEqual(['a', 'b', 'c', 'f']);
    for (const [name, x] of Object.entries(at)) {
      const h = 1e-6 * Math.max(1, Math.abs(x));
      const numeric = (L({ ...at, [name]: x + h }) - L({ ...at, [name]: x - h })) / (2 * h);
      const check = byLabel[name] as Check;
      expect(check.numeric, name).toBe(numeric);
      expect(check.grad, name).toBe(answer.nodes.find((node) => node.label === name)?.grad);
      expect(check.relativeError, name).toBe(Math.abs(numeric - check.grad) / Math.max(Math.abs(numeric), Math.abs(check.grad), 1e-12));
      expect(check.relativeError as number).toBeLessThan(1e-8);
    }
  });

  it("checks every leaf of the lecture's MLP", async () => {
    const answer = (await post('/v1/mlp', { ...LECTURE_MLP, options: { gradcheck: true } })).json() as Answer & { loss: number };
    // 41 parameters, 12 inputs, 4 targets and the loss's constants.
    expect(answer.gradcheck?.length).toBeGreaterThan(57);
    for (const check of answer.gradcheck ?? []) {
      // Rounding in f(x +- h) costs about 1e-16 |f| / h: a small gradient is measured to that absolute error.
      const close = (check.relativeError as number) < 1e-5 || Math.abs((check.numeric as number) - check.grad) < 1e-9 * answer.loss;
      expect(close, JSON.stringify(check)).toBe(true);
    }
  });

  it('is refused above MAX_GRADCHECK_WORK, naming the limit', async () => {
    const small = await buildApp({ config: { gradcheck: { maxGradcheckWork: 27 } } });
    try {
      const response = await post('/v1/expression', { source: LECTURE, options: { gradcheck: true } }, small);
      expect(response.statusCode).toBe(422);
      // 4 leaves over 7 values.
      expect(response.json()).toMatchObject({ limit: 'maxGradcheckWork', limitValue: 27, requested: 28 });
      expect((await post('/v1/expression', { source: LECTURE }, small)).statusCode).toBe(200);
    } finally {
      await small.close();
    }
  });
});
