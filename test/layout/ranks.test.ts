import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Value } from '../../src/engine/index.js';
import { DEFAULT_DOT_OPTIONS, type NodeDecoration } from '../../src/graph/dot.js';
import { traceGraph } from '../../src/graph/trace.js';
import { buildLayoutGraph, type LayoutGraph } from '../../src/layout/layout-graph.js';
import { assignRanks } from '../../src/layout/ranks.js';
import { resetScratch } from '../../src/layout/scratch.js';
import { networkSimplex } from '../../src/layout/simplex.js';
import { randomExpression } from '../../bench/graphs/random-expression.js';

/** The layout graph of `root` and its ranks, with each value's node found by its label. */
function ranked(root: Value, decorate?: (value: Value) => NodeDecoration | undefined) {
  resetScratch();
  const traced = traceGraph(root);
  const graph = buildLayoutGraph(traced, DEFAULT_DOT_OPTIONS, decorate);
  const rank = Array.from(assignRanks(graph));
  const byLabel = (label: string): number => {
    const index = traced.nodes.findIndex((node) => node.label === label);
    expect(index, `a value labelled ${label}`).toBeGreaterThanOrEqual(0);
    return index;
  };
  const opOf = (label: string): number => graph.titles.indexOf(`${traced.nodes[byLabel(label)]?.id}_op`);
  return { graph, rank, of: (label: string) => rank[byLabel(label)] as number, opRank: (label: string) => rank[opOf(label)] as number };
}

function leaf(label: string, data = 0.5): Value {
  return new Value(data, label);
}

describe('ranks of the layered layout', () => {
  test('a running sum takes each product in the rank right after it, as dot draws a neuron', () => {
    // A neuron's sum over inputs made by ops (the previous layer's outputs), micrograd's order.
    const xs = [1, 2, 3].map((i) => leaf(`a${i}`).tanh());
    xs.forEach((x, i) => (x.label = `x${i + 1}`));
    let total = leaf('b');
    [1, 2, 3].forEach((i) => {
      const product = leaf(`w${i}`).mul(xs[i - 1] as Value);
      product.label = `p${i}`;
      total = total.add(product);
      total.label = `s${i}`;
    });
    const { of, opRank } = ranked(total);
    for (const i of [1, 2, 3]) expect(opRank(`s${i}`)).toBe(of(`p${i}`) + 1);
    // ... so the products sit in three ranks, not all in one with long edges to the sum.
    expect(new Set([1, 2, 3].map((i) => of(`p${i}`))).size).toBe(3);
  });

  test("an L2 term's w*w sits beside its weight, and one edge, not two, runs to the sum", () => {
    const w = leaf('w');
    let chain = w.mul(leaf('x'));
    chain.label = 'y';
    for (let i = 0; i < 6; i++) chain = chain.tanh();
    const square = w.mul(w);
    square.label = 'w2';
    const loss = chain.add(square);
    loss.label = 'loss';
    const { of, opRank } = ranked(loss);
    expect(opRank('w2')).toBe(of('w') + 1);
    expect(of('w2')).toBe(of('w') + 2);
    expect(opRank('loss') - of('w2')).toBeGreaterThan(6);
  });

  test('a graph of a few hundred values is ranked as short as network simplex makes it from any start', () => {
    for (const seed of [1, 2, 3]) {
      const { graph, rank } = ranked(randomExpression(300, seed));
      // The same problem built here: each input of an op an edge to the op's value, two ranks at
      // least, started from longest paths (values are in topological order).
      const from: number[] = [];
      const to: number[] = [];
      for (let e = 0; e < graph.from.length; e++) {
        const op = graph.to[e] as number;
        if (op < graph.values) continue;
        const value = graph.to[graph.from.indexOf(op)] as number;
        from.push(graph.from[e] as number);
        to.push(value);
      }
      const problem = { nodes: graph.values, from: Int32Array.from(from), to: Int32Array.from(to), minLength: new Int32Array(from.length).fill(2), weight: new Float64Array(from.length).fill(1) };
      const start = new Int32Array(graph.values);
      for (const v of graph.topo) {
        if (v >= graph.values) continue;
        for (let e = 0; e < from.length; e++) if (to[e] === v) start[v] = Math.max(start[v] as number, (start[from[e] as number] as number) + 2);
      }
      expect(networkSimplex(problem, start, Infinity).optimal).toBe(true);
      const total = (r: ArrayLike<number>): number => from.reduce((sum, u, e) => sum + (r[to[e] as number] as number) - (r[u] as number), 0);
      expect(total(rank)).toBe(total(start));
    }
  });

  test('every edge runs forward, an op sits just before its value, and edges into another top cluster span two ranks', () => {
    const build = (ops: [number, number, number][]): Value => {
      const made: Value[] = [leaf('seed', 1)];
      for (const [kind, a, b] of ops) {
        const x = made[a % made.length] as Value;
        const y = made[b % made.length] as Value;
        made.push(kind % 3 === 0 ? x.add(y) : kind % 3 === 1 ? x.mul(y) : x.tanh());
      }
      return made.reduce((sum, v) => sum.add(v));
    };
    const clusterOf = (i: number): NodeDecoration | undefined => (i % 4 === 0 ? undefined : { cluster: [`layer ${i % 3}`, `neuron ${i % 2}`] });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(2), fc.nat(60), fc.nat(60)), { minLength: 1, maxLength: 60 }), fc.boolean(), (ops, clustered) => {
        const root = build(ops);
        const order = traceGraph(root).order;
        const index = new Map(order.map((v, i) => [v, i]));
        const { graph, rank } = ranked(root, clustered ? (v) => clusterOf(index.get(v) ?? 0) : undefined);
        checkEdges(graph, rank);
      }),
      { numRuns: 200 },
    );
  });
});

function checkEdges(graph: LayoutGraph, rank: number[]): void {
  for (let e = 0; e < graph.from.length; e++) {
    const u = graph.from[e] as number;
    const w = graph.to[e] as number;
    const span = (rank[w] as number) - (rank[u] as number);
    const source = graph.paths[u] as readonly number[];
    const target = graph.paths[w] as readonly number[];
    const intoAnotherTop = target.length > 0 && source[0] !== target[0];
    expect(span).toBeGreaterThanOrEqual(intoAnotherTop ? 2 : 1);
    // op -> value edges come first in the edge list and join adjacent ranks.
    if (w < graph.values && u >= graph.values) expect(span).toBe(1);
  }
}
