import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { mlpToPytorch } from '../../src/export/mlp-pytorch.js';
import { runMlp, type MlpSpec } from '../../src/nn/index.js';
import { kindOf } from '../helpers/errors.js';
import { MLP_EXPORT_CASES } from './cases.js';

// Made by scripts/reference/run_exports.py: each exported script run with Debian's torch.
interface Case {
  name: string;
  spec: MlpSpec;
  pytorch: string;
  pytorchOutput: string;
}
const fixture = JSON.parse(readFileSync(new URL('../fixtures/export/mlp.json', import.meta.url), 'utf8')) as { cases: Case[] };

interface Printed {
  steps: { loss: number; accuracy: number | null }[];
  loss: number | null;
  predictions: number[][];
  parameters: Map<string, { data: number; grad: number }>;
}

function parse(output: string): Printed {
  const printed: Printed = { steps: [], loss: null, predictions: [], parameters: new Map() };
  for (const line of output.trim().split('\n')) {
    const words = line.split(' ');
    if (words[0] === 'step') printed.steps.push({ loss: Number(words[3]), accuracy: words[5] === 'None' ? null : Number(words[5]) });
    else if (words[0] === 'loss') printed.loss = Number(words[1]);
    else if (words[0] === 'prediction') printed.predictions.push(words.slice(2).map(Number));
    else printed.parameters.set(words[0] as string, { data: Number(words[1]), grad: Number(words[2]) });
  }
  return printed;
}

function close(actual: number, expected: number, tolerance: number, what: string): void {
  const scale = Math.max(Math.abs(actual), Math.abs(expected), 1e-3);
  if (Math.abs(actual - expected) > tolerance * scale) expect.fail(`${what}: gradviz ${actual}, PyTorch ${expected}`);
}

describe('an MLP run exported to PyTorch prints what gradviz answers', () => {
  test('the fixture ran the code gradviz exports today', () => {
    expect(fixture.cases.map((c) => c.name)).toEqual(MLP_EXPORT_CASES.map((c) => c.name));
    for (const c of fixture.cases) expect(mlpToPytorch(c.spec), c.name).toBe(c.pytorch);
  });

  test.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const result = runMlp(c.spec);
    const torch = parse(c.pytorchOutput);
    expect(torch.steps).toHaveLength(result.history.length);
    torch.steps.forEach((step, k) => {
      close(result.history[k] as number, step.loss, 1e-10, `step ${k} loss`);
      if (step.accuracy !== null) expect(result.accuracy[k], `step ${k} accuracy`).toBe(step.accuracy);
    });
    if (result.loss !== null) close(result.loss, torch.loss as number, 1e-10, 'final loss');
    const predictions = (result.predictions as (number | number[])[]).map((p) => (Array.isArray(p) ? p : [p]));
    expect(torch.predictions).toHaveLength(predictions.length);
    predictions.forEach((row, s) => row.forEach((p, o) => close(p, (torch.predictions[s] as number[])[o] as number, 1e-10, `prediction ${s}`)));
    expect(torch.parameters.size).toBe(result.parameters.length);
    const gradScale = Math.max(...result.parameters.map((p) => Math.abs(p.grad)), 1e-300);
    for (const p of result.parameters) {
      const got = torch.parameters.get(p.name) as { data: number; grad: number };
      close(p.data, got.data, 1e-10, `${p.name}.data`);
      if (Math.abs(p.grad - got.grad) > 1e-9 * gradScale) expect.fail(`${p.name}.grad: gradviz ${p.grad}, PyTorch ${got.grad}`);
    }
  });

  test('mini-batches over a Playground set cannot be exported', () => {
    const spec: MlpSpec = { layers: [2, 4, 1], dataset: { name: 'xor' }, loss: 'hinge', train: { steps: 2, learningRate: 0.1, batchSize: 10 } };
    expect(kindOf(() => mlpToPytorch(spec))).toBe('invalid-request');
  });

  test('a Playground set without batches is written out point by point', () => {
    const code = mlpToPytorch({ layers: [2, 4, 1], dataset: { name: 'spiral', samples: 4 }, loss: 'hinge' });
    expect(code).toMatch(/^X = torch\.tensor\(\[\[/m);
    expect(code).not.toContain('sklearn');
  });
});
