import { describe, expect, test } from 'vitest';
import { DEFAULT_DOT_OPTIONS, THEMES, toDot, type DotOptions } from '../../src/graph/dot.js';
import { PALETTES } from '../../src/graph/palette.js';
import { traceGraph } from '../../src/graph/trace.js';
import { renderLayeredSvg } from '../../src/layout/index.js';
import { runProgram } from '../../src/lang/index.js';
import { runMlp } from '../../src/nn/run-mlp.js';
import { svgProblems } from '../graph/svg-checks.js';
import { LECTURE, MICROGRAD_README } from '../helpers/programs.js';
import { svgStructure } from './svg-structure.js';

const lecture = () => traceGraph(runProgram({ source: LECTURE }).root);

/** Edge titles as toDot declares the edges: `from->to`. */
function dotEdges(dot: string): string[] {
  return [...dot.matchAll(/^\s*(n\d+(?:_op)?) -> (n\d+(?:_op)?)$/gm)].map((m) => `${m[1]}->${m[2]}`);
}

describe('the layered SVG has the structure the playground reads', () => {
  test('the lecture graph: one titled node per value and op, one titled edge per DOT edge', () => {
    const graph = lecture();
    const svg = renderLayeredSvg(graph, DEFAULT_DOT_OPTIONS);
    expect(svgProblems(svg)).toEqual([]);
    const structure = svgStructure(svg);
    expect(structure.rootClass).toBe('graph');
    expect([...structure.nodes.keys()].sort()).toEqual(
      ['n0', 'n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n2_op', 'n4_op', 'n6_op'].sort(),
    );
    expect(structure.edges.sort()).toEqual(dotEdges(toDot(graph, DEFAULT_DOT_OPTIONS)).sort());
    // Records are polygons whose texts read label, data, grad; ops are ellipses showing the op.
    expect(structure.nodes.get('n0')).toEqual({ texts: ['a', 'data 2.0000', 'grad 6.0000'], shapes: ['polygon'] });
    expect(structure.nodes.get('n6')?.texts).toEqual(['L', 'data -8.0000', 'grad 1.0000']);
    expect(structure.nodes.get('n2_op')).toEqual({ texts: ['*'], shapes: ['ellipse'] });
  });

  test('every edge of a larger expression is drawn, with an arrowhead', () => {
    const graph = traceGraph(runProgram({ source: MICROGRAD_README }).root);
    const svg = renderLayeredSvg(graph, DEFAULT_DOT_OPTIONS);
    const edges = svgStructure(svg).edges;
    expect(edges.sort()).toEqual(dotEdges(toDot(graph, DEFAULT_DOT_OPTIONS)).sort());
    const groups = svg.split('class="edge"').slice(1);
    // The line, then the filled arrowhead, its colours from the group around the edges.
    for (const group of groups) expect(group).toMatch(/^><title>[^<]*<\/title><path fill="none" d="M[^"]+[chvl][^"]+"\/><path d="M[^"]+z"\/><\/g>/);
    expect(svg).toContain(`<g fill="${PALETTES.light.line}" stroke="${PALETTES.light.line}">\n<g id="edge1" class="edge">`);
  });

  test('same graph, same bytes, also when the program runs again', () => {
    const first = renderLayeredSvg(lecture(), DEFAULT_DOT_OPTIONS);
    expect(renderLayeredSvg(lecture(), DEFAULT_DOT_OPTIONS)).toBe(first);
    const mlp = () => runMlp({ layers: [3, 4, 1], inputs: [[1, 2, 3], [0.5, -1, 2]], targets: [1, -1] });
    const a = mlp();
    const b = mlp();
    expect(renderLayeredSvg(traceGraph(a.root), DEFAULT_DOT_OPTIONS, a.decorate)).toBe(renderLayeredSvg(traceGraph(b.root), DEFAULT_DOT_OPTIONS, b.decorate));
  });

  test('grad: false leaves out the grad field', () => {
    const svg = renderLayeredSvg(lecture(), { ...DEFAULT_DOT_OPTIONS, grad: false, precision: 2 });
    expect(svgStructure(svg).nodes.get('n0')?.texts).toEqual(['a', 'data 2.00']);
  });
});

/** Centres of the records, read back from their outlines. */
function recordCentres(svg: string): Map<string, { x: number; y: number }> {
  const centres = new Map<string, { x: number; y: number }>();
  for (const m of svg.matchAll(/<title>(n\d+)<\/title>\s*<polygon [^>]*points="([^"]*)"/g)) {
    const points = (m[2] as string).split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    centres.set(m[1] as string, { x: (Math.min(...xs) + Math.max(...xs)) / 2, y: (Math.min(...ys) + Math.max(...ys)) / 2 });
  }
  return centres;
}

describe('rankdir', () => {
  test.each(['LR', 'TB'] as const)('%s: the computation flows along the rank axis', (rankdir) => {
    const svg = renderLayeredSvg(lecture(), { ...DEFAULT_DOT_OPTIONS, rankdir });
    expect(svgProblems(svg)).toEqual([]);
    const centres = recordCentres(svg);
    const along = (id: string): number => (rankdir === 'LR' ? centres.get(id)?.x : centres.get(id)?.y) as number;
    // a -> e -> d -> L, each later than the one it is made from.
    expect(along('n0')).toBeLessThan(along('n2'));
    expect(along('n2')).toBeLessThan(along('n4'));
    expect(along('n4')).toBeLessThan(along('n6'));
    // Fields side by side in LR (vertical separators), stacked in TB (horizontal ones), each as
    // tall or as wide as its record.
    const record = /<polygon [^>]*points="([\d.]+),([\d.]+) ([\d.]+),[\d.]+ [\d.]+,([\d.]+) [^"]*"\/><path [^>]*d="([^"]*)"/.exec(svg) as RegExpExecArray;
    const [x0, y0, x1, y1] = record.slice(1, 5).map(Number) as [number, number, number, number];
    const across = rankdir === 'LR' ? `v${Math.round((y1 - y0) * 100) / 100}` : `h${Math.round((x1 - x0) * 100) / 100}`;
    expect(record[5]).toMatch(new RegExp(`^M[\\d.]+,[\\d.]+${across}(m-?[\\d.]+,?-?[\\d.]+${across})*$`));
  });
});

describe('themes', () => {
  test.each(THEMES)('%s uses its palette and stays valid', (theme) => {
    const options: DotOptions = { ...DEFAULT_DOT_OPTIONS, theme };
    const palette = PALETTES[theme];
    const result = runMlp({ layers: [2, 2, 1], inputs: [[1, 2]], targets: [1] });
    const svg = renderLayeredSvg(traceGraph(result.root), options, result.decorate);
    expect(svgProblems(svg)).toEqual([]);
    const background = /<g id="graph0" class="graph"[^>]*>\s*<polygon fill="([^"]+)" stroke="none"/.exec(svg);
    if (palette.background === 'transparent') expect(background).toBeNull();
    else expect(background?.[1]).toBe(palette.background);
    // Text takes its colour from the root group.
    expect(svg).toMatch(new RegExp(`<g id="graph0" class="graph" [^>]*fill="${palette.text}">`));
    expect(svg).toContain(`stroke="${palette.line}"`);
    expect(svg).toContain(`fill="${palette.roles.parameter}"`);
    expect(svg).toContain(`fill="${palette.roles.loss}"`);
    expect(svg).toContain(`stroke="${palette.cluster}"`);
    const plainFill = palette.fill ?? 'none';
    expect(svg).toMatch(new RegExp(`<ellipse fill="${plainFill}"`));
  });
});

describe('MLP graphs', () => {
  test('clusters are drawn and numbered as the DOT writer numbers its subgraphs', () => {
    const result = runMlp({ layers: [3, 4, 4, 1], inputs: [[2, 3, -1], [3, -1, 0.5]], targets: [1, -1] });
    const graph = traceGraph(result.root);
    const svg = renderLayeredSvg(graph, DEFAULT_DOT_OPTIONS, result.decorate);
    expect(svgProblems(svg)).toEqual([]);
    const dot = toDot(graph, DEFAULT_DOT_OPTIONS, result.decorate);
    const subgraphs = [...dot.matchAll(/subgraph (cluster_\d+) \{\n\s*graph \[label="([^"]*)"/g)];
    const structure = svgStructure(svg);
    expect(structure.clusters.sort()).toEqual(subgraphs.map((m) => m[1]).sort());
    for (const [, name, title] of subgraphs) {
      expect(svg).toMatch(new RegExp(`<title>${name}</title>[\\s\\S]*?>${title}</text>`));
    }
    expect(structure.nodes.size).toBe(graph.nodes.length + graph.nodes.filter((n) => n.op !== '').length);
  });
});
