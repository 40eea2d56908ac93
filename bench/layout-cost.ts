/**
 * Checks the Graphviz cost model of src/layout/cost.ts: lays out graphs of three families (a leaf
 * fanned out into a long sum, random lecture-style programs, the lecture MLP on more and more
 * points) with wasm Graphviz, one at a time on this thread, and prints each graph's shape, its
 * measured time and the model's units beside it. The model should stay above the measurement
 * (a ratio of 1 or more) where times matter, above a few hundred milliseconds.
 *
 *   npx tsx bench/layout-cost.ts [--cap-ms 6000]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DOT_OPTIONS, toDot } from '../src/graph/dot.js';
import { traceGraph, type TracedGraph } from '../src/graph/trace.js';
import { runProgram } from '../src/lang/index.js';
import { graphShape, graphvizCost, type GraphShape } from '../src/layout/cost.js';
import { runMlp } from '../src/nn/index.js';
import { loadGraphviz, renderSvg } from '../src/render/graphviz.js';
import { fanOutProgram } from './graphs/random-expression.js';
import { randomProgram } from './graphs/random-program.js';

const { values: args } = parseArgs({ options: { 'cap-ms': { type: 'string', default: '6000' } } });
const capMs = Number(args['cap-ms']);

interface Sample {
  name: string;
  shape: GraphShape;
  ms: number;
}

function program(source: string): TracedGraph {
  const { root } = runProgram({ source, limits: { maxSourceLength: 1e7, maxStatements: 1e6, maxDepth: 100, maxNodes: 1e7 } });
  return traceGraph(root);
}

function mlp(points: number): { graph: TracedGraph; dot: string } {
  const inputs = Array.from({ length: points }, (_, i) => [i / points, 1 - i / points, 0.5]);
  const result = runMlp({ layers: [3, 4, 4, 1], inputs, targets: inputs.map((_, i) => (i % 2 ? 1 : -1)) });
  const graph = traceGraph(result.root);
  return { graph, dot: toDot(graph, DEFAULT_DOT_OPTIONS, result.decorate) };
}

await loadGraphviz();
const samples: Sample[] = [];
async function measure(name: string, graph: TracedGraph, dot = toDot(graph, DEFAULT_DOT_OPTIONS)): Promise<boolean> {
  await renderSvg(dot); // the first layout of a size grows the wasm heap; time the second
  const started = performance.now();
  await renderSvg(dot);
  const ms = performance.now() - started;
  samples.push({ name, shape: graphShape(graph.nodes), ms });
  return ms < capMs;
}

for (const steps of [5, 10, 20, 30, 40, 50, 60, 70]) if (!(await measure(`fan-out ${steps}`, program(fanOutProgram(steps))))) break;
for (const values of [50, 100, 200, 400, 700, 1000, 1500]) if (!(await measure(`random ${values}`, program(randomProgram(values, 7))))) break;
for (const points of [1, 2, 4, 8, 16]) {
  const { graph, dot } = mlp(points);
  if (!(await measure(`lecture MLP x${points}`, graph, dot))) break;
}

console.log('graph                 values  ops  virtual  measured ms  model units  model / measured');
for (const sample of samples) {
  const model = graphvizCost(sample.shape);
  console.log(
    `${sample.name.padEnd(20)} ${String(sample.shape.values).padStart(7)} ${String(sample.shape.opNodes).padStart(4)} ` +
      `${String(sample.shape.virtualNodes).padStart(8)} ${sample.ms.toFixed(1).padStart(12)} ${String(model).padStart(12)} ` +
      `${(model / sample.ms).toFixed(2).padStart(16)}`,
  );
}
