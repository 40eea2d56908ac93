/**
 * Engine throughput on a chain of 1,000,000 op nodes: forward (building the graph) and backward
 * (topological sort + reverse pass), beside a flat Float64Array tape doing the same arithmetic,
 * measured in the same run as the floor any object graph is compared against.
 * Run: npx tsx bench/engine.ts
 */
import { Value } from '../src/engine/index.js';

const NODES = 1_000_000;
const ROUNDS = 5;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function engineRound(): { forward: number; backward: number } {
  const t0 = performance.now();
  const x = new Value(0.5, 'x');
  const w = new Value(1.0000001, 'w');
  let v = x;
  for (let i = 0; i < NODES; i++) v = i % 2 === 0 ? v.mul(w) : v.add(w);
  const t1 = performance.now();
  v.backward();
  const t2 = performance.now();
  if (!Number.isFinite(x.grad)) throw new Error('bad gradient');
  return { forward: t1 - t0, backward: t2 - t1 };
}

function tapeRound(): { forward: number; backward: number } {
  const t0 = performance.now();
  const data = new Float64Array(NODES + 1);
  const grad = new Float64Array(NODES + 1);
  const w = 1.0000001;
  let wGrad = 0;
  data[0] = 0.5;
  for (let i = 0; i < NODES; i++) data[i + 1] = i % 2 === 0 ? (data[i] as number) * w : (data[i] as number) + w;
  const t1 = performance.now();
  grad[NODES] = 1;
  for (let i = NODES - 1; i >= 0; i--) {
    const g = grad[i + 1] as number;
    if (i % 2 === 0) {
      grad[i] = g * w;
      wGrad += g * (data[i] as number);
    } else {
      grad[i] = g;
      wGrad += g;
    }
  }
  const t2 = performance.now();
  if (!Number.isFinite(wGrad)) throw new Error('bad gradient');
  return { forward: t1 - t0, backward: t2 - t1 };
}

function measure(round: () => { forward: number; backward: number }) {
  round(); // warm-up
  const runs = Array.from({ length: ROUNDS }, round);
  return { forward: median(runs.map((r) => r.forward)), backward: median(runs.map((r) => r.backward)) };
}

const engine = measure(engineRound);
const tape = measure(tapeRound);
const fmt = (ms: number) => `${ms.toFixed(1).padStart(8)} ms ${((NODES / ms) * 1000 / 1e6).toFixed(2).padStart(6)} M nodes/s`;
console.log(`chain of ${NODES.toLocaleString('en')} op nodes, median of ${ROUNDS} rounds (Node ${process.version})`);
console.log(`engine   forward ${fmt(engine.forward)}   backward ${fmt(engine.backward)}   total ${(engine.forward + engine.backward).toFixed(1)} ms (target < 500 ms)`);
console.log(`tape     forward ${fmt(tape.forward)}   backward ${fmt(tape.backward)}   total ${(tape.forward + tape.backward).toFixed(1)} ms (flat Float64Array floor)`);
console.log(`engine / tape: ${((engine.forward + engine.backward) / (tape.forward + tape.backward)).toFixed(1)}x`);
