import type { Value } from '../../src/engine/index.js';
import type { NodeDecoration } from '../../src/graph/dot.js';
import { traceGraph, type TracedGraph } from '../../src/graph/trace.js';
import { runProgram } from '../../src/lang/index.js';
import { runMlp } from '../../src/nn/run-mlp.js';
import { LECTURE, MICROGRAD_README } from '../../test/helpers/programs.js';
import { moons } from '../../test/nn/moons.js';
import { fanOutProgram, randomExpression } from './random-expression.js';

/** A graph the layout bench draws, named so that a worker thread can build the same one. */
export type GraphSpec =
  | { kind: 'lecture' | 'readme' | 'fan-out' }
  | { kind: 'lecture-mlp' }
  | { kind: 'lecture-mlp-inputs'; inputs: number }
  | { kind: 'demo-mlp'; points: number }
  | { kind: 'random'; size: number; seed: number };

export interface BuiltGraph {
  graph: TracedGraph;
  decorate?: (value: Value) => NodeDecoration | undefined;
}

/** A short name for `--graphs` filters: `lecture`, `lecture-mlp`, `demo-mlp-10`, `random-1000`. */
export function graphId(spec: GraphSpec): string {
  switch (spec.kind) {
    case 'lecture-mlp-inputs':
      return `lecture-mlp-${spec.inputs}`;
    case 'demo-mlp':
      return `demo-mlp-${spec.points}`;
    case 'random':
      return spec.seed === 1 ? `random-${spec.size}` : `random-${spec.size}-seed-${spec.seed}`;
    default:
      return spec.kind;
  }
}

/** The graphs every engine draws for the quality tables, smallest of each family first. */
export const QUALITY_GRAPHS: readonly GraphSpec[] = [
  { kind: 'lecture' },
  { kind: 'readme' },
  { kind: 'fan-out' },
  { kind: 'lecture-mlp' },
  ...[1, 4, 10, 30, 100].map((points): GraphSpec => ({ kind: 'demo-mlp', points })),
  ...[50, 100, 300, 1000, 3000, 10_000].map((size): GraphSpec => ({ kind: 'random', size, seed: 1 })),
];

export function describe(spec: GraphSpec): string {
  switch (spec.kind) {
    case 'lecture':
      return 'lecture expression';
    case 'readme':
      return "micrograd's README expression";
    case 'fan-out':
      return 'fan-out, 60 steps';
    case 'lecture-mlp':
      return 'lecture MLP [3,4,4,1], 4 inputs';
    case 'lecture-mlp-inputs':
      return `lecture MLP [3,4,4,1], ${spec.inputs} inputs`;
    case 'demo-mlp':
      return `demo MLP(2,[16,16,1]), ${spec.points} point${spec.points === 1 ? '' : 's'}`;
    case 'random':
      return `random expression ~${spec.size} (seed ${spec.seed})`;
  }
}

export function buildGraph(spec: GraphSpec): BuiltGraph {
  switch (spec.kind) {
    case 'lecture':
      return { graph: traceGraph(runProgram({ source: LECTURE }).root) };
    case 'readme':
      return { graph: traceGraph(runProgram({ source: MICROGRAD_README }).root) };
    case 'fan-out':
      return { graph: traceGraph(runProgram({ source: fanOutProgram(60) }).root) };
    case 'lecture-mlp': {
      const result = runMlp({
        layers: [3, 4, 4, 1],
        inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
        targets: [1, -1, -1, 1],
      });
      return { graph: traceGraph(result.root), decorate: result.decorate };
    }
    case 'lecture-mlp-inputs': {
      // The lecture's network and loss on more inputs, numbers fixed by their index.
      const inputs = Array.from({ length: spec.inputs }, (_, i) => [Math.sin(i + 1), Math.cos(2 * i + 1), Math.sin(3 * i + 2)]);
      const targets = inputs.map((_, i) => (i % 2 === 0 ? 1 : -1));
      const result = runMlp({ layers: [3, 4, 4, 1], inputs, targets });
      return { graph: traceGraph(result.root), decorate: result.decorate };
    }
    case 'demo-mlp': {
      const { inputs, targets } = moons(spec.points);
      const result = runMlp(
        { layers: [2, 16, 16, 1], inputs, targets, loss: 'hinge', l2: 1e-4, init: 'micrograd' },
        { maxInputs: 100_000 },
      );
      return { graph: traceGraph(result.root), decorate: result.decorate };
    }
    case 'random':
      return { graph: traceGraph(randomExpression(spec.size, spec.seed)) };
  }
}
