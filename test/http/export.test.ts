import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appRequests } from '../helpers/app-requests.js';
import { LECTURE } from '../helpers/programs.js';

// Made by scripts/reference/run_exports.py: each exported script, and what Python (with Debian's torch) printed.
interface ExpressionCase {
  name: string;
  source: string;
  pytorch: string;
  micrograd: string;
  pytorchOutput: string;
}
interface MlpCase {
  name: string;
  spec: Record<string, unknown>;
  pytorch: string;
}
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/export/${name}.json`, import.meta.url), 'utf8'));
const expressions = (fixture('expressions') as { cases: ExpressionCase[] }).cases;
const mlps = (fixture('mlp') as { cases: MlpCase[] }).cases;
const lecture = expressions.find((c) => c.name === 'lecture') as ExpressionCase;

const { post } = appRequests();

describe('code export routes', () => {
  it('answer the lecture as the PyTorch script whose run the fixture recorded', async () => {
    const response = await post('/v1/expression/pytorch', { source: LECTURE, options: { theme: 'dark', scale: 2 } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/x-python; charset=utf-8');
    expect(response.headers.etag).toMatch(/^"/);
    expect(response.body).toBe(lecture.pytorch);
  });

  it("print, under PyTorch, the gradients POST /v1/expression answers for the lecture", async () => {
    const json = (await post('/v1/expression', { source: LECTURE })).json() as { nodes: { id: string; data: number; grad: number }[] };
    const printed = new Map(
      lecture.pytorchOutput
        .trim()
        .split('\n')
        .map((line) => line.split(' '))
        .map((words) => [words[0], { data: Number(words.at(-2)), grad: Number(words.at(-1)) }] as const),
    );
    expect(printed.size).toBe(json.nodes.length);
    for (const node of json.nodes) expect(printed.get(node.id), node.id).toEqual({ data: node.data, grad: node.grad });
  });

  it('answer the lecture as the micrograd file of the fixture', async () => {
    const response = await post('/v1/expression/micrograd', { source: LECTURE });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/x-python; charset=utf-8');
    expect(response.body).toBe(lecture.micrograd);
  });

  it.each(mlps.map((c) => [c.name, c] as const))('answer the MLP case %s as the fixture ran it', async (_name, c) => {
    const response = await post('/v1/mlp/pytorch', c.spec);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/x-python; charset=utf-8');
    expect(response.body).toBe(c.pytorch);
  });

  it('answer errors as problem+json: a program that does not parse, an export that has no Python', async () => {
    const syntax = await post('/v1/expression/pytorch', { source: 'a = (' });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const batches = await post('/v1/mlp/pytorch', {
      layers: [2, 4, 1],
      dataset: { name: 'xor' },
      loss: 'hinge',
      train: { steps: 2, learningRate: 0.1, batchSize: 10 },
    });
    expect(batches.statusCode).toBe(422);
    expect(batches.json()).toMatchObject({ type: 'https://gradviz.dev/problems/invalid-request' });
  });

  it('refuse a body that does not match its sibling route', async () => {
    const response = await post('/v1/mlp/pytorch', { layers: [2, 1] });
    expect(response.statusCode).toBe(400);
  });
});
