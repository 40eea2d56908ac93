import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { expressionToMicrograd } from '../../src/export/expression-micrograd.js';
import { expressionToPytorch } from '../../src/export/expression-pytorch.js';
import { traceGraph, type GraphNode } from '../../src/graph/trace.js';
import { runProgram } from '../../src/lang/index.js';
import { EXPORT_CASES } from './cases.js';

// Made by scripts/reference/run_exports.py: each exported script run by Python (with Debian's torch).
interface Case {
  name: string;
  source: string;
  pytorch: string;
  micrograd: string;
  pytorchOutput: string;
  microgradOutput: string;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/export/expressions.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** `n3 'a b' 2.0 -4.0` per value: the id first, data and grad last (the label may hold spaces). */
function printed(output: string): Map<string, { data: number; grad: number }> {
  const values = new Map<string, { data: number; grad: number }>();
  for (const line of output.trim().split('\n')) {
    const words = line.split(' ');
    values.set(words[0] as string, { data: Number(words[words.length - 2]), grad: Number(words[words.length - 1]) });
  }
  return values;
}

function nodesOf(source: string): GraphNode[] {
  return traceGraph(runProgram({ source }).root).nodes;
}

function relative(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

describe('exported Python prints the gradients gradviz answers', () => {
  test('the fixture ran the code gradviz exports today, for every case', () => {
    expect(fixture.cases.map((c) => c.name)).toEqual(EXPORT_CASES.map((c) => c.name));
    for (const c of fixture.cases) {
      const nodes = nodesOf(c.source);
      expect(expressionToPytorch(nodes), c.name).toBe(c.pytorch);
      expect(expressionToMicrograd(nodes), c.name).toBe(c.micrograd);
    }
  });

  test.each(fixture.cases.map((c) => [c.name, c] as const))('%s: PyTorch agrees on every value and gradient', (_name, c) => {
    const nodes = nodesOf(c.source);
    const torch = printed(c.pytorchOutput);
    expect(torch.size).toBe(nodes.length);
    for (const node of nodes) {
      const got = torch.get(node.id) as { data: number; grad: number };
      expect(relative(node.data, got.data), `${node.id} data`).toBeLessThan(1e-12);
      // A grad that cancels to nearly 0 is compared against the root's scale instead.
      const scale = Math.max(1, ...nodes.map((n) => Math.abs(n.grad)));
      expect(Math.abs(node.grad - got.grad) / Math.max(Math.abs(got.grad), scale * 1e-6), `${node.id} grad`).toBeLessThan(1e-9);
    }
  });

  test.each(fixture.cases.map((c) => [c.name, c] as const))('%s: the micrograd file agrees too', (_name, c) => {
    const nodes = nodesOf(c.source);
    const micrograd = printed(c.microgradOutput);
    for (const node of nodes) {
      const got = micrograd.get(node.id) as { data: number; grad: number };
      expect(relative(node.data, got.data), `${node.id} data`).toBeLessThan(1e-12);
      const scale = Math.max(1, ...nodes.map((n) => Math.abs(n.grad)));
      expect(Math.abs(node.grad - got.grad) / Math.max(Math.abs(got.grad), scale * 1e-6), `${node.id} grad`).toBeLessThan(1e-9);
    }
  });

  test("the lecture's examples: micrograd bit for bit where no tanh, exp or log is involved", () => {
    for (const name of ['lecture', 'micrograd-readme']) {
      const c = fixture.cases.find((k) => k.name === name) as Case;
      const micrograd = printed(c.microgradOutput);
      for (const node of nodesOf(c.source)) expect(micrograd.get(node.id)).toEqual({ data: node.data, grad: node.grad });
    }
  });
});
