import { describe, expect, test } from 'vitest';
import { Value } from '../../src/engine/index.js';
import { DEFAULT_DOT_OPTIONS } from '../../src/graph/dot.js';
import { traceGraph } from '../../src/graph/trace.js';
import { virtualBudget } from '../../src/layout/chains.js';
import { chooseSides } from '../../src/layout/lanes.js';
import { graphShape } from '../../src/layout/cost.js';
import { layoutLayered } from '../../src/layout/index.js';
import { measureSvg } from '../../bench/layout-metrics.js';
import { svgProblems } from '../graph/svg-checks.js';
import { renderLayeredSvg } from '../../src/layout/index.js';
import { writeSvg } from '../../src/layout/svg-writer.js';

/** Twenty values used at the start and again after a chain of 4,000: far more rank-crossings than the budget. */
function deepGraph(): Value {
  const early = Array.from({ length: 20 }, (_, i) => new Value(i / 10, `x${i}`).mul(2));
  let chain = early.reduce((sum, v) => sum.add(v));
  for (let i = 0; i < 4_000; i++) chain = chain.tanh();
  const root = early.reduce((sum, v) => sum.add(v), chain);
  root.backward();
  return root;
}

/**
 * A chain of 12,000 steps, and three leaves each added to it twice: early, and again near the end.
 * Each late use spans more ranks than the whole budget (about 24,000 nodes get the linear
 * allowance, 17,000), so each is a lane, and every two of them interleave (the second starts
 * inside the first and ends after it).
 */
function interleavedLanes(): Value {
  const uses = new Map<number, Value>();
  [[300, 11_400], [1_000, 11_700], [1_800, 11_990]].forEach(([early, late], i) => {
    const leaf = new Value(0.1 * (i + 1), `a${i}`);
    uses.set(early as number, leaf).set(late as number, leaf);
  });
  let chain = new Value(0.5, 'x');
  for (let step = 1; step <= 12_000; step++) {
    const leaf = uses.get(step);
    chain = leaf === undefined ? chain.tanh() : chain.add(leaf);
  }
  chain.backward();
  return chain;
}

describe('edges beyond the virtual-node budget', () => {
  test('run in lanes outside every node of the ranks they pass, and the picture stays valid', () => {
    const graph = traceGraph(deepGraph());
    const layout = layoutLayered(graph, DEFAULT_DOT_OPTIONS);
    expect(layout.virtualNodes).toBeLessThanOrEqual(virtualBudget(layout.graph.titles.length, graphShape(graph.nodes).virtualNodes));
    const { main, cross } = layout.placement;
    const boxes = layout.graph.boxes.map((box, v) => ({
      x0: (main[v] as number) - box.width / 2,
      x1: (main[v] as number) + box.width / 2,
      y0: (cross[v] as number) - box.height / 2,
      y1: (cross[v] as number) + box.height / 2,
    }));
    let laneRuns = 0;
    const { pieceStart, pieces, straight, ends } = layout.routes;
    for (let e = 0; e + 1 < pieceStart.length; e++) {
      // Every straight run of a route (its controls are its ends) must miss every node box.
      for (let piece = pieceStart[e] as number; piece < (pieceStart[e + 1] as number); piece++) {
        // Where the piece begins: the edge's start, or the end of the piece before.
        const fromMain = (piece === pieceStart[e] ? ends[8 * e] : pieces[6 * piece - 2]) as number;
        const toMain = pieces[6 * piece + 4] as number;
        const toCross = pieces[6 * piece + 5] as number;
        if (straight[piece] !== 1 || toMain - fromMain < 500) continue;
        laneRuns++;
        for (const box of boxes) {
          const inside = toCross > box.y0 && toCross < box.y1 && fromMain < box.x1 - 1 && toMain > box.x0 + 1;
          expect(inside).toBe(false);
        }
      }
    }
    expect(laneRuns).toBeGreaterThanOrEqual(20);
    expect(svgProblems(renderLayeredSvg(graph, DEFAULT_DOT_OPTIONS))).toEqual([]);
  });

  test('take the side where their bends cross fewer edges', () => {
    const layout = layoutLayered(traceGraph(interleavedLanes()), DEFAULT_DOT_OPTIONS);
    expect(layout.virtualNodes).toBe(0);
    // On one side the three lanes would cross each other three times (each pair once); moving one
    // to the other side costs one crossing with the chain where it leaves its leaf, and saves two.
    expect(measureSvg(writeSvg(layout, DEFAULT_DOT_OPTIONS)).crossings).toBe(2);
  });

  test("sides are refined past the greedy pass's choice, here to the best split", () => {
    // Four lanes, shortest first (ranks from, to), with what their bends cross in the drawing on
    // either side. Greedily, shortest first, they cross 4 times; the best split crosses 3.
    const from = Int32Array.of(11, 13, 5, 6);
    const to = Int32Array.of(17, 22, 22, 25);
    const costAbove = Float64Array.of(1, 1, 1, 0);
    const costBelow = Float64Array.of(2, 1, 1, 2);
    const crossings = (above: Uint8Array): number => {
      let sum = 0;
      for (let i = 0; i < 4; i++) {
        sum += (above[i] ? costAbove[i] : costBelow[i]) as number;
        for (let j = i + 1; j < 4; j++) {
          const [s, t, sj, tj] = [from[i], to[i], from[j], to[j]] as number[];
          const interleave = (s! < sj! && sj! < t! && t! < tj!) || (sj! < s! && s! < tj! && tj! < t!);
          if (above[i] === above[j] && interleave) sum++;
        }
      }
      return sum;
    };
    let best = Infinity;
    for (let split = 0; split < 16; split++) best = Math.min(best, crossings(Uint8Array.from([0, 1, 2, 3], (k) => (split >> k) & 1)));
    expect(best).toBe(3);
    expect(crossings(chooseSides(from, to, costAbove, costBelow, new Uint8Array(4).fill(1), 30))).toBe(best);
  });
});
