import { describe, expect, test } from 'vitest';
import { measureSvg } from '../../bench/layout-metrics.js';

/** A picture in Graphviz's structure, from edges (title and path) and node bodies. */
function svg(edges: [string, string][], nodes: string[] = [], viewBox = '0 0 100 50'): string {
  const edgeGroups = edges.map(
    ([title, d], i) => `<!-- ${title} -->\n<g id="edge${i + 1}" class="edge">\n<title>${title}</title>\n<path fill="none" stroke="black" d="${d}"/>\n</g>`,
  );
  const nodeGroups = nodes.map((body, i) => `<g id="node${i + 1}" class="node">\n<title>n${i}</title>\n${body}\n</g>`);
  return `<svg viewBox="${viewBox}"><g id="graph0" class="graph">\n${[...edgeGroups, ...nodeGroups].join('\n')}\n</g></svg>`;
}

describe('the layout bench counter', () => {
  test('two edges whose lines cross make one crossing', () => {
    const q = measureSvg(svg([['a&#45;&gt;b', 'M0,0L10,10'], ['c&#45;&gt;d', 'M0,10L10,0']]));
    expect(q.crossings).toBe(1);
  });

  test('edges that meet at a node, or only run side by side, do not cross', () => {
    expect(measureSvg(svg([['a&#45;&gt;b', 'M0,0L10,10'], ['a&#45;&gt;c', 'M0,10L10,0']])).crossings).toBe(0);
    expect(measureSvg(svg([['a&#45;&gt;b', 'M0,0L10,0'], ['c&#45;&gt;d', 'M0,5L10,5']])).crossings).toBe(0);
  });

  test('a pair of edges counts once however often its curves cross', () => {
    const zigzag = 'M0,0L10,10L20,0L30,10';
    expect(measureSvg(svg([['a&#45;&gt;b', zigzag], ['c&#45;&gt;d', 'M0,5L30,5']])).crossings).toBe(1);
  });

  test('cubic curves are followed, not their control polygons', () => {
    // A bump up to y=7.5 crosses a line at y=5; its control points reach y=10 but the curve does not reach y=9.
    const bump = 'M0,0C10,10 20,10 30,0';
    expect(measureSvg(svg([['a&#45;&gt;b', bump], ['c&#45;&gt;d', 'M15,5L15,20']])).crossings).toBe(1);
    expect(measureSvg(svg([['a&#45;&gt;b', bump], ['c&#45;&gt;d', 'M15,9L15,20']])).crossings).toBe(0);
  });

  test('relative commands (the layered engine writes them) name the same points as absolute ones', () => {
    expect(measureSvg(svg([['a&#45;&gt;b', 'M0,0l10,10'], ['c&#45;&gt;d', 'M0,10l10-10']])).crossings).toBe(1);
    const bump = 'M0,0c10,10 20,10 30,0';
    expect(measureSvg(svg([['a&#45;&gt;b', bump], ['c&#45;&gt;d', 'M15,5v15']])).crossings).toBe(1);
    expect(measureSvg(svg([['a&#45;&gt;b', bump], ['c&#45;&gt;d', 'M15,9v11']])).crossings).toBe(0);
    // h and v, and a command repeated without its letter; steps in tenths land where absolute ones do.
    expect(measureSvg(svg([['a&#45;&gt;b', 'M0,0h3v4 6l3,4 -3-4']], [], '0 0 40 25')).edgeLength).toBe(23);
    const absolute = measureSvg(svg([['a&#45;&gt;b', 'M0.1,0.2L0.3,0.4C0.5,0.6 0.7,0.8 0.9,1']]));
    expect(measureSvg(svg([['a&#45;&gt;b', 'M0.1,0.2l0.2,0.2c0.2,0.2 0.4,0.4 0.6,0.6']]))).toEqual(absolute);
  });

  test('edge length sums the drawn segments; area is the viewBox', () => {
    const q = measureSvg(svg([['a&#45;&gt;b', 'M0,0L3,4L3,10']], [], '0 0 40 25'));
    expect(q.edgeLength).toBe(11);
    expect(q.area).toBe(1000);
  });

  test('overlapping node boxes and texts are found, touching ones are not', () => {
    const box = (x: number): string => `<polygon points="${x},0 ${x + 20},0 ${x + 20},10 ${x},10 ${x},0"/>`;
    const text = (x: number, t: string): string => `<text text-anchor="middle" x="${x}" y="8">${t}</text>`;
    const apart = measureSvg(svg([], [`${box(0)}\n${text(10, 'a')}`, `${box(20)}\n${text(30, 'b')}`]));
    expect(apart.nodeOverlaps).toBe(0);
    expect(apart.textOverlaps).toBe(0);
    const over = measureSvg(svg([], [`${box(0)}\n${text(10, 'data 1.0000')}`, `${box(15)}\n${text(25, 'data 2.0000')}`]));
    expect(over.nodeOverlaps).toBe(1);
    expect(over.textOverlaps).toBe(1);
  });

  test('an ellipse is measured by its bounding box', () => {
    const ellipse = (cx: number): string => `<ellipse cx="${cx}" cy="20" rx="27" ry="18"/>`;
    expect(measureSvg(svg([], [ellipse(30), ellipse(80)])).nodeOverlaps).toBe(1);
    expect(measureSvg(svg([], [ellipse(30), ellipse(90)])).nodeOverlaps).toBe(0);
  });
});
