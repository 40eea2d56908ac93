import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../bench/graphs/catalogue.js';
import { fanOutProgram } from '../../bench/graphs/random-expression.js';
import { randomProgram } from '../../bench/graphs/random-program.js';
import { chainRuleEdges } from '../../src/chain-rule/edges.js';
import { DEFAULT_DOT_OPTIONS, THEMES, toDot, type NodeDecoration } from '../../src/graph/dot.js';
import { traceGraph, type TracedGraph } from '../../src/graph/trace.js';
import { layeredSvgBytes, measureClusters, measureGraph, type GraphMeasure } from '../../src/jobs/budget.js';
import { chooseEngine, engineWithinBytes, predictedSvgBytes } from '../../src/jobs/draw.js';
import type { Value } from '../../src/engine/index.js';
import { loadConfig } from '../../src/config.js';
import { GradvizError } from '../../src/errors.js';
import { budgetOf } from '../../src/http/jobs.js';
import { runProgram } from '../../src/lang/index.js';
import { graphShape, graphvizCost } from '../../src/layout/cost.js';
import { virtualBudget } from '../../src/layout/chains.js';
import { layeredCost, layoutLayered, renderLayeredSvg } from '../../src/layout/index.js';
import { runMlp } from '../../src/nn/index.js';
import { renderSvg } from '../../src/render/graphviz.js';
import { largeProgram } from '../helpers/large-program.js';
import { LECTURE, MICROGRAD_README } from '../helpers/programs.js';

const limits = { maxSourceLength: 1e6, maxStatements: 1e5, maxDepth: 100, maxNodes: 1e6 };
const traced = (source: string): TracedGraph => traceGraph(runProgram({ source, limits }).root);

const NAUGHTY = [
  `a = Value(1.0, label='<script>&"\\'{|}\\\\')\nb = a * a`,
  `a = Value(1.0, label='\\u202e\\u0001 ünïcödé 🧠')\nb = a.tanh() + a`,
];

describe('the graph shape the cost model reads', () => {
  it('counts values, op nodes, edges, ranks and the virtual nodes of long edges', () => {
    // x feeds every sum: the k-th sum's op sits 2k - 1 ranks after x, crossing 2k - 2 ranks.
    expect(graphShape(traced(fanOutProgram(3)).nodes)).toEqual({
      values: 4,
      opNodes: 3,
      edges: 9,
      rankSpan: 7,
      virtualNodes: 0 + 2 + 4,
    });
    // The lecture: leaves sit just before their use, so no edge is long.
    expect(graphShape(traced(LECTURE).nodes)).toMatchObject({ values: 7, opNodes: 3, virtualNodes: 0 });
  });

  it('grows the cost with the long edges, not only with the values', () => {
    const fanOut = graphShape(traced(fanOutProgram(60)).nodes);
    const wide = graphShape(traced(randomProgram(61, 3)).nodes);
    expect(fanOut.values).toBe(61);
    expect(fanOut.virtualNodes).toBe(3540);
    expect(graphvizCost(fanOut)).toBeGreaterThan(1000);
    expect(graphvizCost(wide)).toBeLessThan(50);
    expect(graphvizCost(graphShape(traced(fanOutProgram(40)).nodes))).toBeLessThan(1000);
  });
});

describe('predicted answer sizes', () => {
  const graphs: [string, TracedGraph, ((value: never) => undefined) | undefined][] = [
    ['the lecture', traced(LECTURE), undefined],
    ["micrograd's README", traced(MICROGRAD_README), undefined],
    ['a random program', traced(randomProgram(300, 11)), undefined],
    ...NAUGHTY.map((source, i): [string, TracedGraph, undefined] => [`naughty labels ${i + 1}`, traced(source), undefined]),
  ];

  it.each(graphs)('are upper bounds of the real DOT, SVG and values list for %s, within 4x', async (_name, graph) => {
    for (const precision of [0, 4, 10]) {
      const options = { ...DEFAULT_DOT_OPTIONS, precision };
      const { bytes } = measureGraph(graph.nodes, precision);
      const dot = toDot(graph, options);
      const svg = await renderSvg(dot);
      const nodes = JSON.stringify(graph.nodes);
      for (const [part, predicted, real] of [
        ['dot', bytes.dot, Buffer.byteLength(dot)],
        ['svg', bytes.svg, Buffer.byteLength(svg)],
        ['nodes', bytes.nodes, Buffer.byteLength(nodes)],
      ] as const) {
        expect(predicted, `${part} at precision ${precision}`).toBeGreaterThanOrEqual(real);
        expect(predicted, `${part} at precision ${precision}`).toBeLessThan(4 * real + 2048);
      }
    }
  });

  it.each(graphs)('bound the chain-rule edges of %s, within 3x', (_name, graph) => {
    const edges = JSON.stringify(chainRuleEdges(graph.order, graph.ids));
    const predicted = measureGraph(graph.nodes, 4).bytes.edges;
    expect(predicted).toBeGreaterThanOrEqual(Buffer.byteLength(edges));
    expect(predicted).toBeLessThan(3 * Buffer.byteLength(edges));
  });

  it('bound the edges of the longest formula: a power by a constant of 24 characters', () => {
    const graph = traced("x = Value(1.0, label='x')\ny = x ** -1.2345678901234567e-308\nz = y ** -1.7976931348623157e+308");
    expect(measureGraph(graph.nodes, 4).bytes.edges).toBeGreaterThanOrEqual(Buffer.byteLength(JSON.stringify(chainRuleEdges(graph.order, graph.ids))));
  });

  it("bound the lecture MLP's clustered picture too", async () => {
    const result = runMlp({ layers: [3, 4, 4, 1], inputs: [[2, 3, -1], [3, -1, 0.5]], targets: [1, -1] });
    const graph = traceGraph(result.root);
    const svg = await renderSvg(toDot(graph, DEFAULT_DOT_OPTIONS, result.decorate));
    const predicted = measureGraph(graph.nodes, 4).bytes.svg;
    expect(predicted).toBeGreaterThanOrEqual(Buffer.byteLength(svg));
  });

  it('count a label once per value that carries it', () => {
    const source = [`s = Value(1.0, label='${'é'.repeat(100)}')`, 't = s', ...Array.from({ length: 9 }, () => 't = t + s; t.label = s.label')].join('\n');
    expect(measureGraph(traced(source).nodes, 4).labelBytes).toBe(10 * 200);
  });
});

describe("the layered engine's predicted SVG", () => {
  type Decorate = (value: Value) => NodeDecoration | undefined;
  const labelled = (label: string): TracedGraph =>
    traced(`a = Value(1.5, label='${label}')\nb = a * a + a.tanh(); b.label = '${label}'\nc = (b + a) * b; c.label = 'c'`);
  const mlp = (spec: Parameters<typeof runMlp>[0]): [TracedGraph, Decorate] => {
    const result = runMlp(spec);
    return [traceGraph(result.root), result.decorate];
  };
  const demo = buildGraph({ kind: 'demo-mlp', points: 1 });
  const graphs: [string, TracedGraph, Decorate | undefined][] = [
    ['the lecture', traced(LECTURE), undefined],
    ["micrograd's README", traced(MICROGRAD_README), undefined],
    ['a random program of ~300 values', traced(randomProgram(300, 11)), undefined],
    ['a random expression of ~1,000 values', buildGraph({ kind: 'random', size: 1000, seed: 1 }).graph, undefined],
    ['a random expression of ~3,000 values', buildGraph({ kind: 'random', size: 3000, seed: 2 }).graph, undefined],
    ['the lecture MLP, clustered', ...mlp({ layers: [3, 4, 4, 1], inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]], targets: [1, -1, -1, 1] })],
    ["micrograd's demo network on one point, clustered", demo.graph, demo.decorate],
    ...NAUGHTY.map((source, i): [string, TracedGraph, undefined] => [`naughty labels ${i + 1}`, traced(source), undefined]),
    ['labels of 500 characters', labelled('w'.repeat(500)), undefined],
    ['labels of many lines and entities', labelled(`${'<&>\\n'.repeat(40)}\\n\\n`), undefined],
    ['huge numbers', traced('a = Value(1e300)\nb = a * 1.5\nc = b + a\nd = -c'), undefined],
  ];

  // Within 4x, or half a MiB for a small picture, where the allowance for long edges' chains (as
  // many as the layout could make) outweighs the rest.
  it.each(graphs)('bounds the real SVG of %s, in every theme, LR and TB, within 4x', (_name, graph, decorate) => {
    for (const precision of [0, 4, 10]) {
      const measure = measureGraph(graph.nodes, precision);
      const predicted = layeredSvgBytes(measure, decorate === undefined ? undefined : measureClusters(graph, decorate));
      for (const theme of THEMES) {
        for (const rankdir of ['LR', 'TB'] as const) {
          const real = Buffer.byteLength(renderLayeredSvg(graph, { ...DEFAULT_DOT_OPTIONS, precision, theme, rankdir }, decorate));
          const what = `${theme} ${rankdir} at precision ${precision}`;
          expect(predicted, what).toBeGreaterThanOrEqual(real);
          expect(predicted, what).toBeLessThan(Math.max(4 * real, 512 * 1024));
        }
      }
    }
  });

  it('admits 20,000 values of a program under the default output budget, and bounds their picture', () => {
    const graph = traced(largeProgram(19_990));
    const predicted = layeredSvgBytes(measureGraph(graph.nodes, DEFAULT_DOT_OPTIONS.precision));
    expect(predicted).toBeLessThanOrEqual(budgetOf(loadConfig({})).maxOutputBytes);
    expect(predicted).toBeGreaterThanOrEqual(Buffer.byteLength(renderLayeredSvg(graph, DEFAULT_DOT_OPTIONS)));
  });
});

describe('the engine a picture is drawn with, under the default budget', () => {
  const budget = budgetOf(loadConfig({}));
  const drawn = (values: number): { graph: TracedGraph; measure: GraphMeasure } => {
    const graph = traced(largeProgram(values));
    return { graph, measure: measureGraph(graph.nodes, DEFAULT_DOT_OPTIONS.precision) };
  };

  it('gives 20,000 values to the layered engine: within the drawn-values and layout limits, past Graphviz\'s', () => {
    const { graph, measure } = drawn(19_990);
    expect(graph.nodes.length).toBeLessThanOrEqual(budget.maxDrawnValues);
    expect(graph.nodes.length).toBeGreaterThan(19_000);
    expect(graphvizCost(measure.shape)).toBeGreaterThan(budget.maxLayoutCost);
    expect(chooseEngine('auto', measure, budget)).toBe('layered');
    expect(chooseEngine('layered', measure, budget)).toBe('layered');
    expect(() => chooseEngine('graphviz', measure, budget)).toThrow(/maxLayoutCost/);
  });

  it('draws a small graph with long edges without the node floor when only that fits the time limit', () => {
    const { graph, decorate } = buildGraph({ kind: 'demo-mlp', points: 1 });
    const measure = measureGraph(graph.nodes, DEFAULT_DOT_OPTIONS.precision);
    const withFloor = Math.ceil(layeredCost(measure.shape).estimatedMs);
    const without = Math.ceil(layeredCost(measure.shape, 0).estimatedMs);
    expect(without).toBeLessThan(withFloor);
    expect(chooseEngine('layered', measure, { ...budget, maxLayeredCost: withFloor })).toBe('layered');
    expect(chooseEngine('auto', measure, { ...budget, maxLayeredCost: withFloor - 1 })).toBe('layered-without-floor');
    expect(() => chooseEngine('layered', measure, { ...budget, maxLayeredCost: without - 1 })).toThrow(/about [\d,]+ ms, more than the limit maxLayeredCost/);
    // Without the floor the layout keeps to the linear allowance, and the bytes predicted for it
    // still bound its picture.
    const layout = layoutLayered(graph, DEFAULT_DOT_OPTIONS, decorate, 0);
    expect(layout.virtualNodes).toBeLessThanOrEqual(virtualBudget(layout.graph.titles.length, 0));
    expect(layout.virtualNodes).toBeLessThan(layoutLayered(graph, DEFAULT_DOT_OPTIONS, decorate).virtualNodes);
    const svg = renderLayeredSvg(graph, DEFAULT_DOT_OPTIONS, decorate, 0);
    expect(predictedSvgBytes('layered-without-floor', graph, measure, decorate)).toBeGreaterThanOrEqual(Buffer.byteLength(svg));
  });

  it('gives up the node floor, too, when only that fits the output budget', () => {
    const { graph, decorate } = buildGraph({ kind: 'demo-mlp', points: 1 });
    const measure = measureGraph(graph.nodes, DEFAULT_DOT_OPTIONS.precision);
    const withFloor = predictedSvgBytes('layered', graph, measure, decorate);
    const without = predictedSvgBytes('layered-without-floor', graph, measure, decorate);
    expect(without).toBeLessThan(withFloor);
    const within = (maxOutputBytes: number) => engineWithinBytes('layered', graph, measure, { ...budget, maxOutputBytes }, decorate);
    expect(within(withFloor)).toEqual({ engine: 'layered', svgBytes: withFloor });
    expect(within(withFloor - 1)).toEqual({ engine: 'layered-without-floor', svgBytes: without });
    expect(() => within(without - 1)).toThrow(`the SVG would be about ${without.toLocaleString('en-US')} bytes, more than the limit maxOutputBytes`);
  });

  it('refuses a layered picture predicted to take more than half the job time limit, before drawing it', () => {
    const { measure } = drawn(19_990);
    const predicted = Math.ceil(layeredCost(measure.shape).estimatedMs);
    const tight = { ...budget, maxLayeredCost: predicted - 1 };
    try {
      chooseEngine('auto', measure, tight);
      expect.unreachable('the picture should have been refused');
    } catch (error) {
      expect(error).toBeInstanceOf(GradvizError);
      expect(error).toMatchObject({ kind: 'graph-too-large', details: { limit: 'maxLayeredCost', limitValue: predicted - 1, requested: predicted } });
    }
  });
});
