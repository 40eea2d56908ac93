/**
 * Engine throughput on a chain of 1,000,000 op nodes: forward (building the graph) and backward
 * (the walk in topological order + the reverse pass), beside a flat Float64Array tape doing the
 * same arithmetic, measured in the same run as the floor any object graph is compared against.
 *
 * A million Values are ~120 MB of fresh heap, so the figure depends on what the machine charges
 * for new memory and on V8's young generation: the script also prints the page faults of a round
 * with their measured cost, and the same rounds in a process whose young generation holds more.
 * Run: npx tsx bench/engine.ts
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Value } from '../src/engine/index.js';
import { median } from './stats.js';

const NODES = 1_000_000;
const ROUNDS = 5;
/** Forward and backward together, from the engine's issue. */
const TARGET_MS = 500;
/** The larger semi-space tried in a second run (V8's default maximum on 64-bit is 16 MB). */
const LARGE_SEMI_SPACE_MB = 64;
const CHILD_FLAG = '--engine-rounds-only';

interface Timing {
  forward: number;
  backward: number;
  pageFaults: number;
}

function minorPageFaults(): number {
  return process.resourceUsage().minorPageFault;
}

function engineRound(): Timing {
  const faults = minorPageFaults();
  const t0 = performance.now();
  const x = new Value(0.5, 'x');
  const w = new Value(1.0000001, 'w');
  let v = x;
  for (let i = 0; i < NODES; i++) v = i % 2 === 0 ? v.mul(w) : v.add(w);
  const t1 = performance.now();
  v.backward();
  const t2 = performance.now();
  if (!Number.isFinite(x.grad) || v.grad !== 1) throw new Error('bad gradient');
  return { forward: t1 - t0, backward: t2 - t1, pageFaults: minorPageFaults() - faults };
}

function tapeRound(): Timing {
  const faults = minorPageFaults();
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
  return { forward: t1 - t0, backward: t2 - t1, pageFaults: minorPageFaults() - faults };
}

function measure(round: () => Timing): Timing {
  round(); // warm-up
  const runs = Array.from({ length: ROUNDS }, round);
  return {
    forward: median(runs.map((r) => r.forward)),
    backward: median(runs.map((r) => r.backward)),
    pageFaults: median(runs.map((r) => r.pageFaults)),
  };
}

/** What one minor page fault costs here: touch one byte in every page of fresh buffers. */
function pageFaultCostUs(): number {
  const costs = Array.from({ length: 3 }, () => {
    const faults = minorPageFaults();
    const t0 = performance.now();
    const bytes = new Uint8Array(64 << 20);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = 1;
    const elapsed = performance.now() - t0;
    return (elapsed * 1000) / Math.max(1, minorPageFaults() - faults);
  });
  return median(costs);
}

/** The engine rounds in a child process whose V8 semi-spaces (two make the young generation) are `semiSpaceMb`. */
function measureWithSemiSpace(semiSpaceMb: number): Timing {
  const child = spawnSync(
    process.execPath,
    [`--max-semi-space-size=${semiSpaceMb}`, '--import', 'tsx', fileURLToPath(import.meta.url), CHILD_FLAG],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) throw new Error(`the child run failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as Timing;
}

function main(): void {
  const engine = measure(engineRound);
  const tape = measure(tapeRound);
  const faultUs = pageFaultCostUs();
  const larger = measureWithSemiSpace(LARGE_SEMI_SPACE_MB);

  const total = (t: Timing) => t.forward + t.backward;
  const rate = (ms: number) => `${((NODES / ms) * 1000 / 1e6).toFixed(2).padStart(6)} M nodes/s`;
  const line = (name: string, t: Timing, note: string) =>
    `${name.padEnd(34)} forward ${t.forward.toFixed(1).padStart(7)} ms ${rate(t.forward)}   ` +
    `backward ${t.backward.toFixed(1).padStart(6)} ms ${rate(t.backward)}   total ${total(t).toFixed(1).padStart(7)} ms   ` +
    `${t.pageFaults.toLocaleString('en').padStart(7)} page faults  ${note}`.trimEnd();

  console.log(`chain of ${NODES.toLocaleString('en')} op nodes, median of ${ROUNDS} rounds (Node ${process.version})`);
  console.log(line('engine, Node defaults', engine, ''));
  console.log(line(`engine, ${LARGE_SEMI_SPACE_MB} MB semi-space`, larger, `(node --max-semi-space-size=${LARGE_SEMI_SPACE_MB})`));
  console.log(line('tape (flat Float64Array)', tape, '(floor)'));
  console.log(`engine / tape: ${(total(engine) / total(tape)).toFixed(1)}x`);
  const verdict = (t: Timing) => `${total(t) < TARGET_MS ? 'met' : 'not met'} (${total(t).toFixed(0)} ms)`;
  console.log(`target < ${TARGET_MS} ms together: with Node defaults ${verdict(engine)}, with the larger semi-space ${verdict(larger)}`);
  const faultMs = (t: Timing) => (t.pageFaults * faultUs) / 1000;
  console.log(
    `a page fault costs ${faultUs.toFixed(2)} us here (fresh buffers touched in this run): ` +
      `~${faultMs(engine).toFixed(0)} ms of the engine's ${total(engine).toFixed(0)} ms with Node defaults, ` +
      `~${faultMs(larger).toFixed(0)} ms of ${total(larger).toFixed(0)} ms with the larger semi-space`,
  );
}

if (process.argv.includes(CHILD_FLAG)) {
  process.stdout.write(JSON.stringify(measure(engineRound)));
} else {
  main();
}
