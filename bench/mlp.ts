/**
 * Training and drawing MLPs.
 *  - ms per training step (forward, zero grads, backward, update) of micrograd's demo network,
 *    MLP(2, [16, 16, 1]) on 100 points with hinge loss and l2: replaying the fixed graph, beside
 *    the lecture's loop that builds the graph again every step, measured in the same run.
 *  - ms to draw the lecture's network, MLP(3, [4, 4, 1]) on its 4 inputs with sse, in both views
 *    (DOT writing plus Graphviz layout to SVG).
 * Run: npx tsx bench/mlp.ts
 */
import { topologicalOrder } from '../src/engine/index.js';
import { traceGraph } from '../src/graph/trace.js';
import { DEFAULT_DOT_OPTIONS, toDot } from '../src/graph/dot.js';
import { neuronViewDot } from '../src/graph/neuron-view.js';
import { buildMlpGraph, createMlp, PythonRandom, runMlp, stepLearningRate, train } from '../src/nn/index.js';
import { loadGraphviz, renderSvg } from '../src/render/graphviz.js';
import { median } from './stats.js';

const ROUNDS = 7;

function time(run: () => void): number {
  const t0 = performance.now();
  run();
  return performance.now() - t0;
}

/** Two interleaved half circles labelled +1 / -1, like the demo's make_moons(100, noise=0.1). */
function moons(count: number): { inputs: number[][]; targets: number[][] } {
  const rng = new PythonRandom(7n);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let i = 0; i < count; i++) {
    const upper = i % 2 === 0;
    const angle = Math.PI * rng.random();
    inputs.push([
      Math.cos(angle) + (upper ? 0 : 1) + rng.uniform(-0.1, 0.1),
      Math.sin(angle) * (upper ? 1 : -1) + (upper ? 0 : 0.5) + rng.uniform(-0.1, 0.1),
    ]);
    targets.push([upper ? 1 : -1]);
  }
  return { inputs, targets };
}

const { inputs, targets } = moons(100);
const loss = { kind: 'hinge' as const, targets, l2: 1e-4 };

function replayMsPerStep(steps: number): { ms: number; nodes: number } {
  const network = createMlp([2, 16, 16, 1], { init: 'micrograd', seed: 1337n });
  const graph = buildMlpGraph(network, inputs, loss);
  const order = topologicalOrder(graph.root);
  const ms = time(() => train(order, graph.parameters, { steps, learningRate: 1, decay: true }));
  return { ms: ms / steps, nodes: order.length };
}

function rebuildMsPerStep(steps: number): number {
  const network = createMlp([2, 16, 16, 1], { init: 'micrograd', seed: 1337n });
  const options = { steps, learningRate: 1, decay: true };
  const ms = time(() => {
    for (let k = 0; k < steps; k++) {
      const graph = buildMlpGraph(network, inputs, loss);
      graph.root.backward();
      const rate = stepLearningRate(options, k);
      for (const p of graph.parameters) p.data -= rate * p.grad;
    }
  });
  return ms / steps;
}

replayMsPerStep(20); // warm-up
rebuildMsPerStep(5);
const replays = Array.from({ length: ROUNDS }, () => replayMsPerStep(100));
const replay = median(replays.map((r) => r.ms));
const rebuild = median(Array.from({ length: ROUNDS }, () => rebuildMsPerStep(20)));
console.log(`MLP(2, [16, 16, 1]), 100 points, hinge + l2: ${replays[0]?.nodes.toLocaleString('en-US')} values in the graph`);
console.log(`  replay the fixed graph:     ${replay.toFixed(2)} ms per step (target: at most 5 ms)`);
console.log(`  rebuild it every step:      ${rebuild.toFixed(2)} ms per step`);
console.log(`  replay is ${(rebuild / replay).toFixed(1)}x faster`);

await loadGraphviz();
const lecture = runMlp({
  layers: [3, 4, 4, 1],
  seed: 1337,
  inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
  targets: [1, -1, -1, 1],
  loss: 'sse',
});

async function renderMs(dot: () => string): Promise<{ ms: number; bytes: number }> {
  let bytes = 0;
  const runs: number[] = [];
  for (let i = 0; i <= ROUNDS; i++) {
    const t0 = performance.now();
    bytes = (await renderSvg(dot())).length;
    if (i > 0) runs.push(performance.now() - t0); // the first round warms up
  }
  return { ms: median(runs), bytes };
}

const values = await renderMs(() => toDot(traceGraph(lecture.root), DEFAULT_DOT_OPTIONS, lecture.decorate));
const neurons = await renderMs(() => neuronViewDot(lecture, DEFAULT_DOT_OPTIONS));
console.log(`Lecture network MLP(3, [4, 4, 1]) on 4 inputs with sse (${lecture.graphNodes} values):`);
console.log(`  values view:  ${values.ms.toFixed(1)} ms to DOT + SVG (${Math.round(values.bytes / 1024)} KB)`);
console.log(`  neurons view: ${neurons.ms.toFixed(1)} ms to DOT + SVG (${Math.round(neurons.bytes / 1024)} KB)`);
