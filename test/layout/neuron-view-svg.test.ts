import { XMLParser } from 'fast-xml-parser';
import { describe, expect, test } from 'vitest';
import { DEFAULT_DOT_OPTIONS, type DotOptions } from '../../src/graph/dot.js';
import { formatFixed } from '../../src/graph/format.js';
import { neuronViewDot, neuronViewModel } from '../../src/graph/neuron-view.js';
import { PALETTES, THEMES } from '../../src/graph/palette.js';
import { layoutNeuronView, type NeuronLayout } from '../../src/layout/neuron-layout.js';
import { neuronSvgBytes, renderNeuronViewSvg } from '../../src/layout/neuron-svg.js';
import { runMlp, type MlpSpec } from '../../src/nn/index.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';
import { moons } from '../nn/moons.js';
import { svgStructure } from './svg-structure.js';

const LECTURE: MlpSpec = {
  layers: [3, 4, 4, 1],
  seed: 1337,
  inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
  targets: [1, -1, -1, 1],
  loss: 'sse',
};
const data = moons(100);
/** micrograd's demo network, MLP(2, [16, 16, 1]): 288 weights, too many to label. */
const DEMO: MlpSpec = { layers: [2, 16, 16, 1], init: 'micrograd', inputs: data.inputs, targets: data.targets, loss: 'hinge', l2: 1e-4 };

function draw(spec: MlpSpec, options: Partial<DotOptions> = {}): { svg: string; result: ReturnType<typeof runMlp>; all: DotOptions } {
  const all = { ...DEFAULT_DOT_OPTIONS, ...options };
  const result = runMlp(spec);
  return { svg: renderNeuronViewSvg(neuronViewModel(result, all), all), result, all };
}

/** Node ids and edges (`from->to`) in the order the DOT view declares them. */
function dotParts(dot: string): { nodes: string[]; edges: string[] } {
  const nodes = [...dot.matchAll(/^\s+(?!graph\b|node\b|edge\b)(\w+) \[label=/gm)].map((m) => m[1] as string);
  const edges = [...dot.matchAll(/^\s+(\w+) -> (\w+)/gm)].map((m) => `${m[1]}->${m[2]}`);
  return { nodes, edges };
}

type Xml = Record<string, unknown>;
const list = (node: Xml, tag: string): Xml[] => {
  const value = node[tag];
  return value === undefined ? [] : ((Array.isArray(value) ? value : [value]) as Xml[]);
};

/** Each edge group: its title, its path's stroke, width and tooltip, and its label lines. */
function edgeGroups(svg: string): { title: string; stroke: string; width: number; tooltip: string | undefined; texts: string[] }[] {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, htmlEntities: true });
  const graph = list(list(parser.parse(svg) as Xml, 'svg')[0] as Xml, 'g')[0] as Xml;
  return list(graph, 'g')
    .filter((g) => g['@class'] === 'edge')
    .map((g) => {
      const path = list(g, 'path')[0] as Xml;
      return {
        title: String(g['title']),
        stroke: String(path['@stroke']),
        width: Number(path['@stroke-width']),
        tooltip: path['title'] === undefined ? undefined : String(path['title']),
        texts: list(g, 'text').map((t) => String(t['#text'])),
      };
    });
}

/** Node boxes read back from their outlines: x0, y0, x1, y1. */
function nodeBoxes(svg: string): Map<string, [number, number, number, number]> {
  const boxes = new Map<string, [number, number, number, number]>();
  for (const m of svg.matchAll(/<title>(\w+)<\/title>\n<polygon [^>]*points="([^"]*)"/g)) {
    const points = (m[2] as string).split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    boxes.set(m[1] as string, [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
  }
  return boxes;
}

function overlaps(a: readonly number[], b: readonly number[]): boolean {
  return (a[0] as number) < (b[2] as number) && (b[0] as number) < (a[2] as number) && (a[1] as number) < (b[3] as number) && (b[1] as number) < (a[3] as number);
}

function pictureSize(svg: string): { width: number; height: number } {
  const m = /<svg width="([\d.]+)pt" height="([\d.]+)pt"/.exec(svg);
  return { width: Number(m?.[1]), height: Number(m?.[2]) };
}

/** Nodes and labels of a layout as boxes in [main, cross], to check that none overlaps another. */
function layoutBoxes(layout: NeuronLayout): { what: string; box: number[] }[] {
  const boxes = layout.nodes.map(({ node, main, cross, box }) => {
    const [m, c] = layout.lr ? [box.width / 2, box.height / 2] : [box.height / 2, box.width / 2];
    return { what: node.id, box: [main - m, cross - c, main + m, cross + c] };
  });
  const [lm, lc] = layout.labelSize;
  layout.edges.forEach(({ edge, label }) => {
    if (label !== undefined) boxes.push({ what: `${edge.from}->${edge.to}`, box: [label.at[0] - lm / 2, label.at[1] - lc / 2, label.at[0] + lm / 2, label.at[1] + lc / 2] });
  });
  return boxes;
}

describe('the layered neurons view has the structure the playground reads', () => {
  test("the lecture's network: every node and edge of the DOT view, titled as Graphviz titles them, numbers on the edges", () => {
    const { svg, result, all } = draw(LECTURE);
    expect(svgProblems(svg)).toEqual([]);
    const structure = svgStructure(svg);
    const dot = dotParts(neuronViewDot(result, all));
    expect(structure.rootClass).toBe('graph');
    expect([...structure.nodes.keys()]).toEqual(dot.nodes);
    expect(structure.nodes.size).toBe(3 + 4 + 4 + 1 + 1);
    expect(structure.edges).toEqual(dot.edges);
    expect(structure.edges).toHaveLength(12 + 16 + 4 + 1);
    expect(structure.clusters).toEqual(['cluster_0', 'cluster_1', 'cluster_2', 'cluster_3']);

    const w = (name: string) => result.parameters.find((p) => p.name === name) as { data: number; grad: number };
    const b = w('layer2.neuron1.b');
    expect(structure.nodes.get('l2n1')).toEqual({
      texts: ['neuron 1 · tanh', `b ${formatFixed(b.data, 4)}`, `grad ${formatFixed(b.grad, 4)}`],
      shapes: ['polygon'],
    });
    expect(structure.nodes.get('x1')?.texts).toEqual(['x1']);
    expect(structure.nodes.get('loss')?.texts).toEqual(['loss (sse)', `data ${formatFixed(result.loss as number, 4)}`, 'grad 1.0000']);

    const edges = edgeGroups(svg);
    const w23 = w('layer1.neuron3.w2');
    const x2l1n3 = edges.find((e) => e.title === 'x2->l1n3');
    expect(x2l1n3?.texts).toEqual([`w2 ${formatFixed(w23.data, 4)}`, `grad ${formatFixed(w23.grad, 4)}`]);
    expect(x2l1n3?.tooltip).toBe(`layer1.neuron3.w2 data ${formatFixed(w23.data, 4)}, grad ${formatFixed(w23.grad, 4)}`);
    // The edge into the loss stands for no weight: no numbers, the theme's line colour.
    expect(edges.at(-1)).toEqual({ title: 'l3n1->loss', stroke: PALETTES.light.line, width: 1, tooltip: undefined, texts: [] });
  });

  test("micrograd's demo network: 36 nodes and 305 edges, numbers in tooltips only, a compact picture", () => {
    const { svg, result } = draw(DEMO);
    expect(svgProblems(svg)).toEqual([]);
    const structure = svgStructure(svg);
    expect(structure.nodes.size).toBe(2 + 16 + 16 + 1 + 1);
    expect(structure.edges).toHaveLength(2 * 16 + 16 * 16 + 16 + 1);
    const edges = edgeGroups(svg);
    expect(edges.every((e) => e.texts.length === 0)).toBe(true);
    // Every weight's numbers, in parameters() order, each in its edge's tooltip.
    const weights = result.parameters.filter((p) => !p.name.endsWith('.b'));
    expect(edges.slice(0, -1).map((e) => e.tooltip)).toEqual(
      weights.map((p) => `${p.name} data ${formatFixed(p.data, 4)}, grad ${formatFixed(p.grad, 4)}`),
    );
    // Graphviz draws this view as a strip 12,018pt tall with 288 edge labels.
    const { width, height } = pictureSize(svg);
    expect(height).toBeLessThan(1000);
    expect(width).toBeLessThan(1700);
    expect(Buffer.byteLength(svg)).toBeLessThan(100_000);
  });

  test('stroke colour is the sign of the weight, width its magnitude relative to the largest', () => {
    const { svg, result } = draw(DEMO);
    const weights = result.parameters.filter((p) => !p.name.endsWith('.b'));
    const edges = edgeGroups(svg).slice(0, -1);
    const largest = Math.max(...weights.map((p) => Math.abs(p.data)));
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
    weights.forEach((p, i) => {
      const edge = edges[i] as (typeof edges)[number];
      const [r, , b] = rgb(edge.stroke);
      if (p.data > 0) expect(r, p.name).toBeGreaterThan(b);
      if (p.data < 0) expect(b, p.name).toBeGreaterThan(r);
      expect(edge.width, p.name).toBeCloseTo(0.5 + (2 * Math.abs(p.data)) / largest, 2);
    });
    expect(Math.max(...edges.map((e) => e.width))).toBe(2.5);
    expect(svgTexts(svg)).toContain(`width and shade grow with |weight|, up to ${formatFixed(largest, 4)}`);
  });

  test('with a single input the nodes show the values flowing through; grad: false leaves out every gradient', () => {
    const single = draw({ layers: [3, 4, 4, 1], seed: 1337, inputs: [[2, 3, -1]] }, { precision: 2 });
    const texts = svgStructure(single.svg).nodes;
    expect(texts.get('x3')?.texts).toEqual(['x3', '-1.00']);
    expect(texts.get('l3n1')?.texts.slice(-2)).toEqual([`out ${formatFixed(single.result.root.data, 2)}`, 'grad 1.00']);
    expect(texts.has('loss')).toBe(false);
    const forward = draw(LECTURE, { grad: false });
    expect(svgTexts(forward.svg).some((t) => t.includes('grad'))).toBe(false);
    expect(forward.svg).not.toContain(', grad ');
  });

  test('same network, same bytes', () => {
    expect(draw(DEMO).svg).toBe(draw(DEMO).svg);
    expect(draw(LECTURE, { rankdir: 'TB', theme: 'dark' }).svg).toBe(draw(LECTURE, { rankdir: 'TB', theme: 'dark' }).svg);
  });

  test('huge and non-finite numbers are written as plain text', () => {
    const spec: MlpSpec = { layers: [2, 1], weights: [1e300, -1e300, 0], inputs: [[1, 2]], targets: [1] };
    const { svg } = draw(spec);
    expect(svgProblems(svg)).toEqual([]);
    const edges = edgeGroups(svg);
    expect(edges[0]?.tooltip).toBe(`layer1.neuron1.w1 data ${formatFixed(1e300, 4)}, grad ${formatFixed(runMlp(spec).parameters[0]?.grad as number, 4)}`);
    expect(edges[1]?.texts[0]).toBe(`w2 ${formatFixed(-1e300, 4)}`);
    expect(edges[1]?.texts[0]).toMatch(/^w2 -1\d{300}\.0000$/);
  });
});

describe('every theme and direction', () => {
  for (const theme of THEMES) {
    for (const rankdir of ['LR', 'TB'] as const) {
      test(`${theme}, ${rankdir}: theme colours, the flow along the rank axis, no box over another`, () => {
        for (const spec of [LECTURE, DEMO]) {
          const { svg, result, all } = draw(spec, { theme, rankdir });
          expect(svgProblems(svg)).toEqual([]);
          const palette = PALETTES[theme];
          expect(svg.includes(`<polygon fill="${palette.background}" stroke="none"`)).toBe(theme !== 'transparent');
          expect(svg).toContain(`<title>x1</title>\n<polygon fill="${palette.roles.input}" stroke="${palette.line}"`);
          expect(svg).toContain(`<title>l1n1</title>\n<polygon fill="${palette.fill ?? 'none'}" stroke="${palette.line}"`);
          expect(svg).toContain(`<title>loss</title>\n<polygon fill="${palette.roles.loss}"`);
          expect(svg).toContain(`stroke="${palette.cluster}"`);

          const boxes = nodeBoxes(svg);
          expect(boxes.size).toBe(dotParts(neuronViewDot(result, all)).nodes.length);
          const along = (id: string) => (rankdir === 'LR' ? (boxes.get(id) as number[])[0] : (boxes.get(id) as number[])[1]) as number;
          expect(along('x1')).toBeLessThan(along('l1n1'));
          expect(along('l1n1')).toBeLessThan(along('l2n1'));
          expect(along('l3n1')).toBeLessThan(along('loss'));
          const all2 = [...boxes.entries()];
          for (let i = 0; i < all2.length; i++) {
            for (let j = i + 1; j < all2.length; j++) {
              const [a, boxA] = all2[i] as [string, number[]];
              const [b, boxB] = all2[j] as [string, number[]];
              expect(overlaps(boxA, boxB), `${a} and ${b}`).toBe(false);
            }
          }
        }
      });
    }
  }

  test.each(['LR', 'TB'] as const)('%s: edge labels overlap neither each other nor a node', (rankdir) => {
    const layout = layoutNeuronView(neuronViewModel(runMlp(LECTURE), { ...DEFAULT_DOT_OPTIONS, rankdir }), rankdir);
    expect(layout.labelled).toBe(true);
    const boxes = layoutBoxes(layout);
    expect(boxes).toHaveLength(13 + 32);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        expect(overlaps(boxes[i]?.box as number[], boxes[j]?.box as number[]), `${boxes[i]?.what} and ${boxes[j]?.what}`).toBe(false);
      }
    }
  });
});

describe('the predicted size', () => {
  test('is an upper bound of the bytes written, and not a loose one', () => {
    const cases: [MlpSpec, Partial<DotOptions>][] = [
      [LECTURE, {}],
      [LECTURE, { rankdir: 'TB', precision: 10 }],
      [DEMO, {}],
      [DEMO, { precision: 10, theme: 'transparent' }],
      [DEMO, { grad: false, precision: 0 }],
      [{ layers: [3, 4, 4, 1], seed: 1337, inputs: [[2, 3, -1]] }, { precision: 10 }],
    ];
    for (const [spec, options] of cases) {
      const all = { ...DEFAULT_DOT_OPTIONS, ...options };
      const model = neuronViewModel(runMlp(spec), all);
      const written = Buffer.byteLength(renderNeuronViewSvg(model, all));
      const predicted = neuronSvgBytes(model, all);
      expect(predicted, JSON.stringify(options)).toBeGreaterThanOrEqual(written);
      expect(predicted, JSON.stringify(options)).toBeLessThan(2 * written);
    }
  });
});
