import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { networkSimplex, simplexWorkBound, type RankingProblem } from '../../src/layout/simplex.js';

/** Edges i -> j with i < j (so a DAG), each with a least length and a weight. */
const problems = fc
  .integer({ min: 2, max: 7 })
  .chain((nodes) =>
    fc.record({
      nodes: fc.constant(nodes),
      edges: fc.array(
        fc
          .record({ a: fc.integer({ min: 0, max: nodes - 1 }), b: fc.integer({ min: 0, max: nodes - 1 }), minLength: fc.integer({ min: 1, max: 2 }), weight: fc.integer({ min: 1, max: 3 }) })
          .filter(({ a, b }) => a !== b)
          .map(({ a, b, minLength, weight }) => ({ from: Math.min(a, b), to: Math.max(a, b), minLength, weight })),
        { minLength: 1, maxLength: 10 },
      ),
    }),
  )
  .map(({ nodes, edges }): RankingProblem => ({
    nodes,
    from: Int32Array.from(edges, (e) => e.from),
    to: Int32Array.from(edges, (e) => e.to),
    minLength: Int32Array.from(edges, (e) => e.minLength),
    weight: Float64Array.from(edges, (e) => e.weight),
  }));

function totalLength(problem: RankingProblem, rank: ArrayLike<number>): number {
  let sum = 0;
  for (let e = 0; e < problem.from.length; e++) sum += (problem.weight[e] as number) * ((rank[problem.to[e] as number] as number) - (rank[problem.from[e] as number] as number));
  return sum;
}

function feasible(problem: RankingProblem, rank: ArrayLike<number>): boolean {
  for (let e = 0; e < problem.from.length; e++) {
    if ((rank[problem.to[e] as number] as number) - (rank[problem.from[e] as number] as number) < (problem.minLength[e] as number)) return false;
  }
  return true;
}

/** Every edge at its least length after its tail: a feasible start (nodes are in topological order). */
function longestPath(problem: RankingProblem): Int32Array {
  const rank = new Int32Array(problem.nodes);
  for (let v = 0; v < problem.nodes; v++) {
    for (let e = 0; e < problem.from.length; e++) {
      if (problem.to[e] === v) rank[v] = Math.max(rank[v] as number, (rank[problem.from[e] as number] as number) + (problem.minLength[e] as number));
    }
  }
  return rank;
}

/**
 * The least total length over every ranking with ranks in 0..(sum of least lengths), by search:
 * nodes in index order (a topological order), each no lower than its inputs allow.
 */
function bruteForce(problem: RankingProblem): number {
  let top = 0;
  for (const m of problem.minLength) top += m;
  const rank = new Int32Array(problem.nodes);
  let best = Infinity;
  const visit = (v: number): void => {
    if (v === problem.nodes) {
      best = Math.min(best, totalLength(problem, rank));
      return;
    }
    let least = 0;
    for (let e = 0; e < problem.from.length; e++) {
      if (problem.to[e] === v) least = Math.max(least, (rank[problem.from[e] as number] as number) + (problem.minLength[e] as number));
    }
    for (let r = least; r <= top; r++) {
      rank[v] = r;
      visit(v + 1);
    }
  };
  visit(0);
  return best;
}

describe('network simplex ranking', () => {
  test('finds the least total weighted length, as brute force does, and keeps every edge feasible', () => {
    fc.assert(
      fc.property(problems, (problem) => {
        const rank = longestPath(problem);
        const result = networkSimplex(problem, rank, Infinity);
        expect(result.optimal).toBe(true);
        expect(feasible(problem, rank)).toBe(true);
        expect(totalLength(problem, rank)).toBe(bruteForce(problem));
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  test('reaches the optimum that a linear program solver (SciPy, HiGHS) finds, on DAGs of 20 to 300 nodes', () => {
    // scripts/reference/ranking_lp.py wrote the problems and their optima.
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/layout/ranking-lp.json', import.meta.url), 'utf8')) as {
      cases: { nodes: number; from: number[]; to: number[]; minLength: number[]; weight: number[]; optimum: number }[];
    };
    expect(fixture.cases).toHaveLength(5);
    for (const c of fixture.cases) {
      const problem: RankingProblem = {
        nodes: c.nodes,
        from: Int32Array.from(c.from),
        to: Int32Array.from(c.to),
        minLength: Int32Array.from(c.minLength),
        weight: Float64Array.from(c.weight),
      };
      const rank = longestPath(problem);
      expect(networkSimplex(problem, rank, Infinity).optimal).toBe(true);
      expect(feasible(problem, rank)).toBe(true);
      expect(totalLength(problem, rank)).toBe(c.optimum);
    }
  });

  test('stops within its allowance (the last pivot whole) and still leaves a feasible ranking', () => {
    // A random DAG of 3,000 nodes whose start, every edge at its least length after its tail
    // (leaves in rank 0), is far from the optimum.
    let seed = 11;
    const next = (n: number): number => {
      seed = (seed * 48_271) % 2_147_483_647;
      return seed % n;
    };
    const nodes = 3_000;
    const from: number[] = [];
    const to: number[] = [];
    for (let v = 1; v < nodes; v++) {
      for (let k = 0; k < 2; k++) {
        from.push(next(v));
        to.push(v);
      }
    }
    const problem: RankingProblem = {
      nodes,
      from: Int32Array.from(from),
      to: Int32Array.from(to),
      minLength: Int32Array.from(from, () => 1 + next(2)),
      weight: Float64Array.from(from, () => 1 + next(3)),
    };
    const start = longestPath(problem);
    const full = start.slice();
    const finished = networkSimplex(problem, full, Infinity);
    expect(finished.optimal).toBe(true);
    expect(finished.pivots).toBeGreaterThan(100);
    for (const allowance of [0, 10_000, finished.work / 2]) {
      const rank = start.slice();
      const result = networkSimplex(problem, rank, allowance);
      expect(result.optimal).toBe(false);
      expect(result.work).toBeLessThanOrEqual(simplexWorkBound(nodes, from.length, allowance));
      expect(feasible(problem, rank)).toBe(true);
      expect(totalLength(problem, rank)).toBeGreaterThanOrEqual(totalLength(problem, full));
    }
    expect(finished.work).toBeLessThanOrEqual(simplexWorkBound(nodes, from.length, finished.work));
  });
});
