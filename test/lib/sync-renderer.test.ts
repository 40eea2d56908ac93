import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenderer, GradvizError, render, type SyncRenderer } from '../../src/lib/index.js';
import { LECTURE } from '../helpers/programs.js';

// The synchronous renderer answers what render() answers, without a promise.

let renderer: SyncRenderer;

beforeAll(async () => {
  renderer = await createRenderer({ timeLimitMs: 60_000 });
});

afterAll(async () => {
  await renderer?.close();
});

describe('createRenderer', () => {
  it('answers the same SVG as render(), synchronously', async () => {
    const svg = renderer.render(LECTURE, { theme: 'dark' });
    expect(typeof svg).toBe('string');
    expect(svg).toBe(await render(LECTURE, { theme: 'dark' }));
  });

  it('answers PNG bytes and MLP pictures', () => {
    const png = renderer.render(LECTURE, { format: 'png' });
    expect(png).toBeInstanceOf(Uint8Array);
    const chart = renderer.renderMlp(
      { layers: [1, 1], inputs: [[1]], targets: [0.5], train: { steps: 3, learningRate: 0.1 } },
      { format: 'loss.svg' },
    );
    expect(chart).toContain('<svg');
  });

  it('throws GradvizError with line and column, and keeps answering after it', () => {
    let thrown: unknown;
    try {
      renderer.render('a = Value(1.0)\nb = tahn(a)');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GradvizError);
    expect((thrown as GradvizError).details.line).toBe(2);
    expect(renderer.render('a = Value(1.0)', { format: 'dot' })).toContain('digraph');
  });
});
