/**
 * The layered engine beside wasm Graphviz (its defaults, and tuned with
 * nslimit=nslimit1=mclimit=0.01 splines=line) on the same graphs, with a time cap ("n/a" past it), each job in a child process:
 *  - quality, measured on each engine's SVG by one counter (bench/layout-metrics.ts);
 *  - speed of the layered engine from 1,000 to 100,000 values for random expressions and MLP
 *    graphs, and the growth exponent fitted over those sizes;
 *  - the lecture picture laid out and written, layered against wasm Graphviz in this process;
 *  - the sixty-step fan-out.
 * Run: npx tsx bench/layout.ts [--cap 20] [--quick]
 */
import { fork } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { DEFAULT_DOT_OPTIONS, toDot } from '../src/graph/dot.js';
import { layeredCost, layeredShape, renderLayeredSvg } from '../src/layout/index.js';
import { loadGraphviz, renderSvg } from '../src/render/graphviz.js';
import { buildGraph, describe, type GraphSpec } from './graphs/catalogue.js';
import type { Engine, Job, JobResult } from './layout-worker.js';

const args = process.argv.slice(2);
const capIndex = args.indexOf('--cap');
const CAP_MS = 1000 * (capIndex >= 0 ? Number(args[capIndex + 1]) : 20);
const QUICK = args.includes('--quick');
const ENGINES: Engine[] = ['layered', 'graphviz', 'graphviz-tuned'];

function runJob(job: Job, capMs: number): Promise<JobResult | 'n/a'> {
  return new Promise((resolve, reject) => {
    // Large Graphviz layouts need a deep stack (see the notes on wasm Graphviz).
    const child = fork(fileURLToPath(new URL('./layout-worker.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx', '--stack-size=8000', '--max-old-space-size=4096'],
    });
    child.send(job);
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('n/a');
    }, capMs);
    child.once('message', (message: { ok: boolean; result?: JobResult; error?: string }) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      if (message.ok) resolve(message.result as JobResult);
      else reject(new Error(message.error));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
  console.log();
}

const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const sec = (ms: number): string => (ms / 1000).toFixed(ms < 100 ? 3 : 2);

async function quality(): Promise<void> {
  const graphs: GraphSpec[] = [
    { kind: 'lecture' },
    { kind: 'readme' },
    { kind: 'fan-out' },
    { kind: 'lecture-mlp' },
    { kind: 'lecture-mlp-inputs', inputs: 10 },
    { kind: 'demo-mlp', points: 1 },
    ...(QUICK ? [] : [{ kind: 'demo-mlp', points: 10 } as const, { kind: 'demo-mlp', points: 100 } as const]),
    ...[50, 200, 1000, ...(QUICK ? [] : [3000, 10_000])].map((size) => ({ kind: 'random', size, seed: 1 }) as const),
  ];
  console.log(`## Quality (one SVG counter for every engine; CPU seconds; wall-time cap ${CAP_MS / 1000} s)\n`);
  const rows: string[][] = [];
  const gaveUp = new Set<string>();
  for (const spec of graphs) {
    for (const engine of ENGINES) {
      const family = `${spec.kind}/${engine}`;
      const result = gaveUp.has(family) ? 'n/a' : await runJob({ spec, engine, quality: true }, engine === 'layered' ? 10 * CAP_MS : CAP_MS);
      if (result === 'n/a') {
        // Larger graphs of the same family would take longer still.
        gaveUp.add(family);
        rows.push([describe(spec), '', engine, 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a']);
        continue;
      }
      const q = result.quality;
      rows.push([
        describe(spec),
        fmt(result.values),
        engine,
        sec(result.ms),
        q?.crossings === undefined ? 'too many to count' : fmt(q.crossings),
        fmt(q?.edgeLength ?? 0),
        fmt((q?.area ?? 0) / 1000),
        fmt(q?.nodeOverlaps ?? 0),
        fmt(q?.textOverlaps ?? 0),
      ]);
      console.error(`  ${rows[rows.length - 1]?.join('  ')}`);
    }
  }
  table(['graph', 'values', 'engine', 'seconds', 'crossings', 'edge length', 'area (k pt²)', 'node overlaps', 'text overlaps'], rows);
}

/** Least-squares slope of log(time) against log(size). */
function exponent(points: { values: number; ms: number }[]): number {
  const xs = points.map((p) => Math.log(p.values));
  const ys = points.map((p) => Math.log(p.ms));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * ((ys[i] as number) - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

async function speed(): Promise<void> {
  console.log('## Speed of the layered engine (CPU seconds of layout + SVG writing, one run each in a fresh process, warmed up on another graph)\n');
  const families: { name: string; specs: GraphSpec[] }[] = [
    { name: 'random expressions', specs: [1000, 3000, 10_000, 30_000, 100_000].map((size) => ({ kind: 'random', size, seed: 2 })) },
    { name: 'MLP graphs (demo network)', specs: [2, 5, 15, 46, 152].map((points) => ({ kind: 'demo-mlp', points })) },
  ];
  const rows: string[][] = [];
  for (const family of families) {
    const points: { values: number; ms: number }[] = [];
    for (const spec of QUICK ? family.specs.slice(0, 3) : family.specs) {
      const result = await runJob({ spec, engine: 'layered', quality: false }, 10 * CAP_MS);
      if (result === 'n/a') {
        rows.push([family.name, describe(spec), 'n/a', 'n/a', 'n/a', '', '']);
        continue;
      }
      points.push({ values: result.values, ms: result.ms });
      const cost = layeredCost(layeredShape(buildGraph(spec).graph));
      rows.push([
        family.name,
        fmt(result.values),
        sec(result.layoutMs ?? 0),
        sec(result.writeMs ?? 0),
        sec(result.ms),
        fmt(cost.work),
        sec(cost.estimatedMs),
      ]);
      console.error(`  ${rows[rows.length - 1]?.join('  ')}`);
    }
    rows.push([family.name, 'growth exponent', '', '', exponent(points).toFixed(2), '', '']);
  }
  table(['family', 'values', 'layout s', 'write s', 'total s', 'predicted work', 'predicted s'], rows);
}

async function inProcess(): Promise<void> {
  console.log('## In one process, warm (CPU time per run, averaged over many runs)\n');
  await loadGraphviz();
  const lecture = buildGraph({ kind: 'lecture' });
  const fan = buildGraph({ kind: 'fan-out' });
  // CPU time per run over many runs: on a shared machine wall time mostly measures the neighbours.
  const cpuPerRun = async (runs: number, work: () => unknown): Promise<number> => {
    const before = process.cpuUsage();
    for (let i = 0; i < runs; i++) await work();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000 / runs;
  };
  await cpuPerRun(300, () => renderSvg(toDot(lecture.graph, DEFAULT_DOT_OPTIONS)));
  const graphviz = await cpuPerRun(1000, () => renderSvg(toDot(lecture.graph, DEFAULT_DOT_OPTIONS)));
  await cpuPerRun(1000, () => renderLayeredSvg(lecture.graph, DEFAULT_DOT_OPTIONS));
  const layered = await cpuPerRun(5000, () => renderLayeredSvg(lecture.graph, DEFAULT_DOT_OPTIONS));
  const fanMs = await cpuPerRun(30, () => renderLayeredSvg(fan.graph, DEFAULT_DOT_OPTIONS));
  const fanGraphvizMs = (await runJob({ spec: { kind: 'fan-out' }, engine: 'graphviz', quality: false }, CAP_MS));
  table(
    ['measure', 'layered', 'wasm Graphviz', 'ratio', 'target'],
    [
      ['lecture picture, DOT/layout + SVG (CPU ms)', layered.toFixed(3), graphviz.toFixed(3), `${(graphviz / layered).toFixed(1)}x`, '>= 20x'],
      ['fan-out, 60 steps (CPU ms)', fanMs.toFixed(2), fanGraphvizMs === 'n/a' ? `n/a (> ${CAP_MS / 1000} s)` : fanGraphvizMs.ms.toFixed(0), '', '< 50 ms'],
    ],
  );
}

console.log(`# Layout engines, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs\n`);
await inProcess();
await speed();
await quality();
