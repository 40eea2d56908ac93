import { describe, expect, it } from 'vitest';
import { GradvizError, render, renderMlp } from '../../src/lib/index.js';
import { DEFAULT_BUDGET } from '../../src/lib/defaults.js';
import { LECTURE } from '../helpers/programs.js';

// The library runs the service's jobs in-process: the same answers, the same refusals.

const TINY_MLP = { layers: [2, 2, 1], inputs: [[1, 0], [0, 1]], targets: [1, -1], train: { steps: 5, learningRate: 0.05 } };

describe('render', () => {
  it('draws the lecture program as SVG by default, with L = -8 and grad(a) = 6', async () => {
    const svg = await render(LECTURE);
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg');
    expect(svg).toContain('data &#45;8.0000');
    expect(svg).toMatch(/>a<\/text>[\s\S]*?data 2\.0000[\s\S]*?grad 6\.0000/);
  });

  it('answers DOT, JSON and PNG bytes as asked, with the drawing options applied', async () => {
    const dot = await render(LECTURE, { format: 'dot', rankdir: 'TB', precision: 2, grad: false, theme: 'dark' });
    expect(dot).toContain('rankdir="TB"');
    expect(dot).toContain('data -8.00');
    expect(dot).not.toContain('grad');

    const json = JSON.parse(await render(LECTURE, { format: 'json' })) as { gradients: Record<string, number> };
    expect(json.gradients).toMatchObject({ a: 6, b: -4, c: -2, L: 1 });

    const png = await render(LECTURE, { format: 'png', scale: 2 });
    expect(png).toBeInstanceOf(Uint8Array);
    expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('binds free names from values and draws the output asked for', async () => {
    const dot = await render('y = x * 3\nz = y + 1', { format: 'dot', values: { x: 2 }, output: 'y' });
    expect(dot).toContain('data 6.0000');
    expect(dot).not.toContain('data 7.0000');
  });

  it('throws a GradvizError with the line and column of a source error', async () => {
    const error = await render('a = 1\nb = a +* 2').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GradvizError);
    expect((error as GradvizError).kind).toBe('syntax-error');
    expect((error as GradvizError).details).toMatchObject({ line: 2, column: 8 });
  });

  it('keeps the service limits: a graph over maxDrawnValues is refused', async () => {
    // Each line adds four values (two constants, two sums), so this is just over the limit.
    const lines = Math.ceil(DEFAULT_BUDGET.maxDrawnValues / 4) + 1;
    const long = ['y = x', ...Array.from({ length: lines }, () => 'y = y + 1 + 1')].join('\n');
    const error = await render(long, { values: { x: 1 } }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GradvizError);
    expect((error as GradvizError).details.limit).toBe('maxDrawnValues');
  });
});

describe('renderMlp', () => {
  it('draws the final pass, the neurons view and the loss chart', async () => {
    const values = await renderMlp(TINY_MLP);
    expect(values).toContain('<svg');
    const neurons = await renderMlp(TINY_MLP, { format: 'dot', view: 'neurons' });
    expect(neurons).toContain('digraph');
    const chart = await renderMlp(TINY_MLP, { format: 'loss.svg' });
    expect(chart).toContain('Training loss');
    const json = JSON.parse(await renderMlp(TINY_MLP, { format: 'json' })) as { history: number[] };
    expect(json.history).toHaveLength(5);
  });

  it('throws a GradvizError for an inconsistent spec', async () => {
    const error = await renderMlp({ layers: [2, 1], inputs: [[1, 2, 3]] }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(GradvizError);
    expect((error as GradvizError).kind).toBe('invalid-request');
  });
});
