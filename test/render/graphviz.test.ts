import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { DEFAULT_DOT_OPTIONS, toDot, type Theme } from '../../src/graph/dot.js';
import { traceGraph } from '../../src/graph/trace.js';
import { isGraphvizLoaded, loadGraphviz, renderSvg } from '../../src/render/graphviz.js';
import { lectureExpression } from '../graph/helpers.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';

const SIMPLE = 'digraph { a -> b }';

afterEach(() => {
  vi.restoreAllMocks();
});

function lecturePicture(theme: Theme): string {
  const { L, a, b, c } = lectureExpression();
  return toDot(traceGraph(L), { ...DEFAULT_DOT_OPTIONS, theme }, (value) => {
    if (value === a || value === b) return { cluster: ['layer 1', 'neuron 1'], role: 'parameter' };
    if (value === c) return { cluster: ['layer 1'], role: 'input' };
    if (value === L) return { role: 'loss' };
    return undefined;
  });
}

/** The first element drawn in the graph group: the background polygon, when there is one. */
function firstDrawn(svg: string): string | undefined {
  return /<g id="graph0"[^>]*>\s*(<[^>]*>)/.exec(svg)?.[1];
}

describe('renderSvg', () => {
  test('loads Graphviz once and draws the lecture expression with every label', async () => {
    const load = vi.spyOn(Graphviz, 'load');
    await Promise.all([loadGraphviz(), loadGraphviz()]);
    expect(isGraphvizLoaded()).toBe(true);
    const svg = await renderSvg(toDot(traceGraph(lectureExpression().L), DEFAULT_DOT_OPTIONS));
    await renderSvg(SIMPLE);
    expect(load).toHaveBeenCalledTimes(1);
    expect(svgProblems(svg)).toEqual([]);
    const texts = svgTexts(svg);
    for (const text of ['L', 'data -8.0000', 'grad 1.0000', 'a', 'data 2.0000', 'grad 6.0000', '*', '+']) {
      expect(texts).toContain(text);
    }
    expect(svg.match(/class="node"/g)).toHaveLength(10);
    expect(svg.match(/class="edge"/g)).toHaveLength(9);
  });

  test('gives the same bytes for the same DOT', async () => {
    const dot = lecturePicture('light');
    expect(await renderSvg(dot)).toBe(await renderSvg(dot));
  });

  test.each(['light', 'dark', 'transparent'] as const)('renders the %s theme as valid SVG', async (theme) => {
    const svg = await renderSvg(lecturePicture(theme));
    expect(svgProblems(svg)).toEqual([]);
    expect(svg.match(/class="cluster"/g)).toHaveLength(2);
    expect(svgTexts(svg)).toEqual(expect.arrayContaining(['layer 1', 'neuron 1', 'data -8.0000']));
    const background = firstDrawn(svg);
    if (theme === 'light') expect(background).toMatch(/^<polygon fill="#ffffff" stroke="none"/);
    if (theme === 'dark') {
      expect(background).toMatch(/^<polygon fill="#1e1e1e" stroke="none"/);
      expect(svg).toContain('fill="#e8e8e8"');
    }
    if (theme === 'transparent') {
      expect(background).not.toMatch(/^<polygon/);
      expect(svg).not.toMatch(/<polygon fill="#ffffff" stroke="none"/);
    }
  });

  test('rejects bad DOT, then loads a fresh instance and works again', async () => {
    await renderSvg(SIMPLE);
    const load = vi.spyOn(Graphviz, 'load');
    await expect(renderSvg('digraph { a -> }')).rejects.toThrow(/syntax error/);
    expect(isGraphvizLoaded()).toBe(false);
    expect(await renderSvg(SIMPLE)).toContain('<svg');
    expect(load).toHaveBeenCalledTimes(1);
    expect(isGraphvizLoaded()).toBe(true);
  });

  test('never reuses an instance whose layout crashed', async () => {
    await renderSvg(SIMPLE);
    const load = vi.spyOn(Graphviz, 'load');
    vi.spyOn(Graphviz.prototype, 'layout').mockImplementationOnce(() => {
      throw new Error('memory access out of bounds');
    });
    await expect(renderSvg(SIMPLE)).rejects.toThrow('memory access out of bounds');
    const svg = await renderSvg(SIMPLE);
    expect(svgTexts(svg)).toEqual(['a', 'b']);
    expect(load).toHaveBeenCalledTimes(1);
  });

  test('treats an empty source as an error rather than an empty image', async () => {
    await expect(renderSvg('')).rejects.toThrow(/no SVG/);
    expect(await renderSvg(SIMPLE)).toContain('<svg');
  });
});
