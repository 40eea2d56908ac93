import { describe, expect, test } from 'vitest';
import { GradvizError } from '../../src/errors.js';
import { DEFAULT_DOT_OPTIONS, toDot } from '../../src/graph/dot.js';
import { formatFixed } from '../../src/graph/format.js';
import { neuronViewDot } from '../../src/graph/neuron-view.js';
import { traceGraph } from '../../src/graph/trace.js';
import { PALETTES } from '../../src/graph/palette.js';
import { runMlp, type MlpSpec } from '../../src/nn/index.js';
import { renderSvg } from '../../src/render/graphviz.js';
import { svgProblems, svgTexts } from '../graph/svg-checks.js';
import { moons } from './moons.js';

const lecture: MlpSpec = {
  layers: [3, 4, 4, 1],
  seed: 1337,
  inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
  targets: [1, -1, -1, 1],
  loss: 'sse',
};

describe('the neurons view', () => {
  test('one node per input, per neuron and for the loss; one edge per weight, labelled with data and grad', () => {
    const result = runMlp(lecture);
    const dot = neuronViewDot(result, DEFAULT_DOT_OPTIONS);
    const nodes = [...dot.matchAll(/^\s+(?!graph\b)(\w+) \[label=/gm)].map((m) => m[1]);
    expect(nodes).toEqual(['x1', 'x2', 'x3', 'l1n1', 'l1n2', 'l1n3', 'l1n4', 'l2n1', 'l2n2', 'l2n3', 'l2n4', 'l3n1', 'loss']);
    const edges = [...dot.matchAll(/^\s+(\w+) -> (\w+)( \[label="([^"]*)"\])?$/gm)];
    expect(edges).toHaveLength(41 - 9 + 1);
    const w = (name: string) => result.parameters.find((p) => p.name === name) as { data: number; grad: number };
    const label = (name: string, i: number) => `w${i} ${formatFixed(w(name).data, 4)}\\ngrad ${formatFixed(w(name).grad, 4)}`;
    expect(dot).toContain(`  x2 -> l1n3 [label="${label('layer1.neuron3.w2', 2)}"]`);
    expect(dot).toContain(`  l2n4 -> l3n1 [label="${label('layer3.neuron1.w4', 4)}"]`);
    expect(dot).toContain('  l3n1 -> loss\n');
    const b = w('layer2.neuron1.b');
    expect(dot).toContain(`l2n1 [label="{ neuron 1 · tanh | b ${formatFixed(b.data, 4)}\\ngrad ${formatFixed(b.grad, 4)} }"]`);
    expect(dot).toContain(`loss [label="{ loss (sse) | data ${formatFixed(result.loss as number, 4)} | grad 1.0000 }"`);
    expect(dot).toContain(`fillcolor="${PALETTES.light.roles.loss}"`);
  });

  test('with a single input the nodes show the values flowing through', () => {
    const result = runMlp({ layers: [3, 4, 4, 1], seed: 1337, inputs: [[2, 3, -1]] });
    const dot = neuronViewDot(result, { ...DEFAULT_DOT_OPTIONS, precision: 2 });
    expect(dot).toContain('x3 [label="{ x3 | -1.00 }"');
    expect(dot).toContain(`| out ${formatFixed(result.root.data, 2)}\\ngrad 1.00 }"`);
    expect(dot).not.toContain('loss');
  });

  test('grad: false leaves out every gradient; options are checked', () => {
    const dot = neuronViewDot(runMlp(lecture), { ...DEFAULT_DOT_OPTIONS, grad: false });
    expect(dot).not.toContain('grad');
    expect(() => neuronViewDot(runMlp(lecture), { ...DEFAULT_DOT_OPTIONS, precision: 11 })).toThrow(GradvizError);
    expect(() => neuronViewDot(runMlp(lecture), { ...DEFAULT_DOT_OPTIONS, theme: 'neon' as never })).toThrow(GradvizError);
  });

  test('byte-stable: the same request gives the same DOT', () => {
    expect(neuronViewDot(runMlp(lecture), DEFAULT_DOT_OPTIONS)).toBe(neuronViewDot(runMlp(lecture), DEFAULT_DOT_OPTIONS));
  });

  test('renders to a well-formed SVG showing the labels', async () => {
    for (const theme of ['light', 'dark', 'transparent'] as const) {
      const svg = await renderSvg(neuronViewDot(runMlp(lecture), { ...DEFAULT_DOT_OPTIONS, theme, rankdir: 'TB' }));
      expect(svgProblems(svg)).toEqual([]);
      const texts = svgTexts(svg);
      expect(texts).toContain('loss (sse)');
      expect(texts).toContain('neuron 4 · tanh');
      expect(texts).toContain('x1');
    }
  });

  test("micrograd's demo network fits in 36 nodes and 305 edges", async () => {
    const { inputs, targets } = moons(100);
    const result = runMlp({ layers: [2, 16, 16, 1], init: 'micrograd', inputs, targets, loss: 'hinge', l2: 1e-4 });
    const dot = neuronViewDot(result, DEFAULT_DOT_OPTIONS);
    expect([...dot.matchAll(/^\s+(?!graph\b)\w+ \[label=/gm)]).toHaveLength(2 + 16 + 16 + 1 + 1);
    expect([...dot.matchAll(/ -> /g)]).toHaveLength(2 * 16 + 16 * 16 + 16 + 1);
    expect(dot).toContain('neuron 16 · ReLU');
    expect(dot).toContain('neuron 1 · linear');
    expect(svgProblems(await renderSvg(dot))).toEqual([]);
  });
});

describe('the values view of a network', () => {
  test('values are grouped by layer and neuron, parameters, inputs, targets and the loss coloured apart', () => {
    const result = runMlp(lecture);
    const dot = toDot(traceGraph(result.root), DEFAULT_DOT_OPTIONS, result.decorate);
    const roles = PALETTES.light.roles;
    const count = (colour: string) => dot.split(`fillcolor="${colour}"`).length - 1;
    expect(count(roles.parameter)).toBe(41);
    // The lecture passes plain numbers: every first-layer product has its own input leaf.
    expect(count(roles.input)).toBe(4 * 4 * 3);
    expect(count(roles.target)).toBe(4);
    expect(count(roles.loss)).toBe(1);
    const titles = [...dot.matchAll(/graph \[label="([^"]*)"/g)].map((m) => m[1]);
    expect(titles.filter((t) => t?.startsWith('layer')).sort()).toEqual(['layer 1', 'layer 2', 'layer 3']);
    expect(titles.filter((t) => t?.startsWith('neuron'))).toHaveLength(9);
    expect(titles).toContain('loss');
    expect(dot).toContain('{ w1 | data 0.2355 | grad');
    expect(dot).toContain('{ loss | data');
  });

  test('hinge shares one input leaf per number, as the demo wraps inputs in Values', () => {
    const { inputs, targets } = moons(3);
    const result = runMlp({ layers: [2, 3, 1], init: 'micrograd', inputs, targets, loss: 'hinge' });
    const dot = toDot(traceGraph(result.root), DEFAULT_DOT_OPTIONS, result.decorate);
    expect(dot.split(`fillcolor="${PALETTES.light.roles.input}"`).length - 1).toBe(3 * 2);
    expect(dot).toContain('{ x3.2 | data');
  });

  test('renders to a well-formed SVG', async () => {
    const result = runMlp({ layers: [3, 4, 4, 1], seed: 1337, inputs: [[2, 3, -1]] });
    const svg = await renderSvg(toDot(traceGraph(result.root), DEFAULT_DOT_OPTIONS, result.decorate));
    expect(svgProblems(svg)).toEqual([]);
    expect(svgTexts(svg)).toContain('neuron 3');
  });
});
