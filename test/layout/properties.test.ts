import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { Value } from '../../src/engine/index.js';
import { DEFAULT_DOT_OPTIONS, type DotOptions, type NodeDecoration } from '../../src/graph/dot.js';
import { traceGraph, type TracedGraph } from '../../src/graph/trace.js';
import { virtualBudget } from '../../src/layout/chains.js';
import { graphShape } from '../../src/layout/cost.js';
import { layoutLayered, renderLayeredSvg, type LayeredLayout } from '../../src/layout/index.js';
import { svgProblems } from '../graph/svg-checks.js';

interface Step {
  op: 'add' | 'mul' | 'tanh' | 'square';
  /** Operands as distances back from the newest value; large ones make long edges. */
  back: [number, number];
  freshLeaf: boolean;
  label: string;
}

const step: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom('add', 'mul', 'tanh', 'square'),
  back: fc.tuple(fc.oneof(fc.nat(3), fc.nat(200)), fc.oneof(fc.nat(3), fc.nat(200))),
  freshLeaf: fc.boolean(),
  label: fc.string({ maxLength: 12 }),
});

/** A random micrograd DAG from its steps; unused values are summed into one root. */
function build(steps: Step[]): Value {
  const made: Value[] = [new Value(1, 'x')];
  for (const s of steps) {
    const at = (back: number): Value => made[Math.max(0, made.length - 1 - back)] as Value;
    const a = at(s.back[0]);
    const b = s.freshLeaf ? new Value(0.5, 'c') : at(s.back[1]);
    const out = s.op === 'add' ? a.add(b) : s.op === 'mul' ? a.mul(b) : s.op === 'tanh' ? a.tanh() : a.mul(a);
    out.label = s.label;
    made.push(out);
  }
  const used = new Set<Value>();
  for (const v of made) for (const input of v.inputs) used.add(input);
  const root = made.filter((v) => !used.has(v)).reduce((sum, v) => sum.add(v));
  root.backward();
  return root;
}

/** Clusters nested two deep for some values, one deep for others, none for the rest. */
function clusters(graph: TracedGraph): (value: Value) => NodeDecoration | undefined {
  const index = new Map(graph.order.map((v, i) => [v, i]));
  return (value) => {
    const i = index.get(value) ?? 0;
    if (i % 5 === 0) return undefined;
    return i % 2 === 0 ? { cluster: [`layer ${i % 3}`, `neuron ${i % 4}`], role: 'parameter' } : { cluster: [`layer ${i % 3}`] };
  };
}

/** Node boxes (x0, y0, x1, y1 in layout units) of every drawn node. */
function boxes(layout: LayeredLayout, options: DotOptions): [number, number, number, number][] {
  const lr = options.rankdir === 'LR';
  return layout.graph.boxes.map((box, v) => {
    const main = layout.placement.main[v] as number;
    const cross = layout.placement.cross[v] as number;
    const [cx, cy] = lr ? [main, cross] : [cross, main];
    return [cx - box.width / 2, cy - box.height / 2, cx + box.width / 2, cy + box.height / 2];
  });
}

const options = fc.record({
  rankdir: fc.constantFrom('LR' as const, 'TB' as const),
  precision: fc.integer({ min: 0, max: 10 }),
  grad: fc.boolean(),
  theme: fc.constantFrom('light' as const, 'dark' as const, 'transparent' as const),
});

describe('layered layout of random DAGs', () => {
  test('node boxes never overlap, every edge is routed from its source to its target', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), options, fc.boolean(), (steps, opts, clustered) => {
        const graph = traceGraph(build(steps));
        const layout = layoutLayered(graph, opts, clustered ? clusters(graph) : undefined);
        const all = boxes(layout, opts);
        for (let i = 0; i < all.length; i++) {
          for (let j = i + 1; j < all.length; j++) {
            const a = all[i] as number[];
            const b = all[j] as number[];
            const overlap = Math.min(a[2] as number, b[2] as number) - Math.max(a[0] as number, b[0] as number) > 0.01 &&
              Math.min(a[3] as number, b[3] as number) - Math.max(a[1] as number, b[1] as number) > 0.01;
            expect(overlap, `${layout.graph.titles[i]} and ${layout.graph.titles[j]} overlap`).toBe(false);
          }
        }
        expect(layout.routes.pieceStart).toHaveLength(layout.graph.from.length + 1);
        const lr = opts.rankdir === 'LR';
        layout.graph.to.forEach((target, e) => {
          const to = all[target] as number[];
          // The tip, along and across the ranks.
          const tip = [layout.routes.ends[8 * e + 4] as number, layout.routes.ends[8 * e + 5] as number];
          const [x, y] = lr ? tip : [tip[1], tip[0]];
          // The arrow's tip lies on the target's outline (inside its box, give or take rounding).
          expect(x).toBeGreaterThanOrEqual((to[0] as number) - 0.01);
          expect(x).toBeLessThanOrEqual((to[2] as number) + 0.01);
          expect(y).toBeGreaterThanOrEqual((to[1] as number) - 0.01);
          expect(y).toBeLessThanOrEqual((to[3] as number) + 0.01);
        });
        expect(layout.virtualNodes).toBeLessThanOrEqual(virtualBudget(layout.graph.titles.length, graphShape(graph.nodes).virtualNodes));
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  test('the SVG is valid and the same for the same graph', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), options, (steps, opts) => {
        const first = renderLayeredSvg(traceGraph(build(steps)), opts);
        expect(svgProblems(first)).toEqual([]);
        expect(renderLayeredSvg(traceGraph(build(steps)), opts)).toBe(first);
      }),
      { numRuns: 40, seed: 12 },
    );
  });

  test('sibling clusters do not overlap in any rank', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 60 }), (steps) => {
        const graph = traceGraph(build(steps));
        const layout = layoutLayered(graph, DEFAULT_DOT_OPTIONS, clusters(graph));
        // Outline columns of top-level clusters: (main from, main to, cross lo, cross hi).
        const columns = layout.clusters
          .filter((c) => layout.graph.groups[c.group]?.depth === 0)
          .flatMap((c) =>
            c.outlines.flatMap((outline) => {
              const half = outline.length / 2;
              const result: { group: number; box: number[] }[] = [];
              for (let i = 0; i < half; i += 2) {
                const top = outline[i] as [number, number];
                const topEnd = outline[i + 1] as [number, number];
                const bottom = outline[outline.length - 1 - i] as [number, number];
                result.push({ group: c.group, box: [top[0], topEnd[0], top[1], bottom[1]] });
              }
              return result;
            }),
          );
        for (const a of columns) {
          for (const b of columns) {
            if (a.group >= b.group) continue;
            const mainOverlap = Math.min(a.box[1] as number, b.box[1] as number) - Math.max(a.box[0] as number, b.box[0] as number);
            const crossOverlap = Math.min(a.box[3] as number, b.box[3] as number) - Math.max(a.box[2] as number, b.box[2] as number);
            expect(mainOverlap > 0.01 && crossOverlap > 0.01).toBe(false);
          }
        }
      }),
      { numRuns: 40, seed: 13 },
    );
  });
});
