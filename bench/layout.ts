/**
 * The layered engine beside wasm Graphviz (its defaults, and tuned with nslimit=nslimit1=mclimit=0.01
 * splines=line), native `dot` tuned alike, dagre and elkjs on the same graphs, each job in a child
 * process with a cap of CPU seconds on the layout ("n/a" past it; bench/README.md says more):
 *  - quality, measured on each engine's SVG by one counter (bench/layout-metrics.ts);
 *  - speed of the layered engine from 1,000 to 100,000 values for random expressions and MLP
 *    graphs, and the growth exponent fitted over those sizes;
 *  - the lecture picture laid out and written, layered against wasm Graphviz in this process;
 *  - the sixty-step fan-out.
 * Run: npx tsx bench/layout.ts [--cap 20] [--quick] [--engines layered,dagre] [--graphs mlp,random-50]
 *      [--only quality] [--save-svg DIR]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cpus, loadavg } from 'node:os';
import { DEFAULT_DOT_OPTIONS } from '../src/graph/dot.js';
import { graphShape } from '../src/layout/cost.js';
import { layeredCost } from '../src/layout/index.js';
import { buildGraph, describe, graphId, QUALITY_GRAPHS, type GraphSpec } from './graphs/catalogue.js';
import { runJob, type Outcome } from './layout-run.js';
import { ENGINES, type Engine, type JobResult } from './layout-worker.js';
import { buildService, serviceModules } from './service-build.js';
import { median } from './stats.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const list = (name: string): string[] | undefined => option(name)?.split(',').filter((x) => x !== '');
const CAP_MS = 1000 * Number(option('--cap') ?? 20);
const QUICK = args.includes('--quick');
const SECTIONS = list('--only') ?? ['in-process', 'speed', 'quality'];
const ENGINE_FILTER = list('--engines');
const GRAPH_FILTER = list('--graphs');
const SAVE_DIR = option('--save-svg');
if (SAVE_DIR !== undefined) mkdirSync(SAVE_DIR, { recursive: true });
for (const name of ENGINE_FILTER ?? []) {
  if (!(ENGINES as readonly string[]).includes(name)) throw new Error(`unknown engine ${name}; known: ${ENGINES.join(', ')}`);
}
const engines: Engine[] = ENGINES.filter((e) => ENGINE_FILTER === undefined || ENGINE_FILTER.includes(e));

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

const dotInstalled = (): boolean => spawnSync('dot', ['-V']).error === undefined;

async function quality(): Promise<void> {
  const graphs = QUALITY_GRAPHS.filter((spec) => {
    if (QUICK && ((spec.kind === 'demo-mlp' && spec.points > 10) || (spec.kind === 'random' && spec.size > 1000))) return false;
    // A whole name picks that graph (`random-1000`, not `random-10000`); any other part, every name it is in (`mlp`).
    const ids = new Set(QUALITY_GRAPHS.map(graphId));
    return GRAPH_FILTER === undefined || GRAPH_FILTER.some((part) => (ids.has(part) ? graphId(spec) === part : graphId(spec).includes(part)));
  });
  const native = dotInstalled();
  const outcomes = new Map<string, Outcome>();
  const values = new Map<GraphSpec, number>();
  const gaveUp = new Set<string>();
  for (const spec of graphs) {
    for (const engine of engines) {
      const family = `${spec.kind}/${engine}`;
      let outcome: Outcome;
      if (engine === 'dot-native' && !native) outcome = 'not installed';
      // Larger graphs of a family that ran past the cap would take longer still.
      else if (gaveUp.has(family)) outcome = 'n/a';
      else {
        const saveTo = SAVE_DIR === undefined ? undefined : resolve(join(SAVE_DIR, `${graphId(spec)}-${engine}.svg`));
        outcome = await runJob({ spec, engine, quality: true, ...(saveTo === undefined ? {} : { saveTo }) }, CAP_MS);
      }
      if (outcome === 'n/a') gaveUp.add(family);
      if (typeof outcome !== 'string') values.set(spec, outcome.values);
      outcomes.set(`${graphId(spec)}/${engine}`, outcome);
      console.error(`  ${graphId(spec)} ${engine}: ${typeof outcome === 'string' ? outcome : `${sec(outcome.ms)} s ${JSON.stringify(outcome.quality)}`}`);
    }
  }
  const pivot = (title: string, cell: (result: JobResult) => string): void => {
    console.log(`### ${title}\n`);
    table(
      ['graph', 'values', ...engines],
      graphs.map((spec) => [
        describe(spec),
        // Counted here when every engine ran past the cap.
        fmt(values.get(spec) ?? buildGraph(spec).graph.nodes.length),
        ...engines.map((engine) => {
          const outcome = outcomes.get(`${graphId(spec)}/${engine}`) as Outcome;
          return typeof outcome === 'string' ? outcome : cell(outcome);
        }),
      ]),
    );
  };
  const measured = (get: (q: NonNullable<JobResult['quality']>) => string) => (result: JobResult): string =>
    result.quality === undefined ? '' : get(result.quality);
  console.log(`## Quality (one SVG counter for every engine; cap ${CAP_MS / 1000} CPU seconds per layout)\n`);
  pivot('Edge pairs whose drawn curves cross', measured((q) => (q.crossings === undefined ? 'too many to count' : fmt(q.crossings))));
  pivot('Overlapping node boxes / node texts (pairs)', measured((q) => `${fmt(q.nodeOverlaps)} / ${fmt(q.textOverlaps)}`));
  pivot('Total edge length (pt)', measured((q) => fmt(q.edgeLength)));
  pivot('Drawing area (thousand pt²)', measured((q) => fmt(q.area / 1000)));
  pivot('CPU seconds of layout and SVG', (result) => sec(result.ms));
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
      if (typeof result === 'string') {
        rows.push([family.name, describe(spec), result, result, result, '', '']);
        continue;
      }
      points.push({ values: result.values, ms: result.ms });
      const cost = layeredCost(graphShape(buildGraph(spec).graph.nodes));
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

/** Warm-up of both before the lecture picture is timed, and rounds timed after it. */
const WARM_MS = 3_000;
const ROUNDS = 9;

async function inProcess(): Promise<void> {
  console.log(`## In one process, warm (CPU time per run: median of ${ROUNDS} rounds that alternate the engines)\n`);
  const { dot: { toDot }, layout: { renderLayeredSvg }, graphviz: { loadGraphviz, renderSvg } } = await serviceModules();
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
  const drawGraphviz = (): Promise<string> => renderSvg(toDot(lecture.graph, DEFAULT_DOT_OPTIONS));
  const drawLayered = (): string => renderLayeredSvg(lecture.graph, DEFAULT_DOT_OPTIONS);
  // Warm, as a service runs: V8 compiles hot code in the background for the first tens of
  // thousands of runs, and that compiling is CPU time of this process too.
  for (const started = performance.now(); performance.now() - started < WARM_MS; ) {
    await cpuPerRun(100, drawGraphviz);
    await cpuPerRun(1000, drawLayered);
  }
  // Rounds that alternate the two, so that both meet the same neighbours; the median of each.
  const graphvizRounds: number[] = [];
  const layeredRounds: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const g = await cpuPerRun(300, drawGraphviz);
    const l = await cpuPerRun(3000, drawLayered);
    graphvizRounds.push(g);
    layeredRounds.push(l);
    ratios.push(g / l);
  }
  const graphviz = median(graphvizRounds);
  const layered = median(layeredRounds);
  const fanMs = await cpuPerRun(30, () => renderLayeredSvg(fan.graph, DEFAULT_DOT_OPTIONS));
  const fanGraphvizMs = await runJob({ spec: { kind: 'fan-out' }, engine: 'graphviz', quality: false }, CAP_MS);
  table(
    ['measure', 'layered', 'wasm Graphviz', 'ratio', 'target'],
    [
      ['lecture picture, DOT/layout + SVG (CPU ms)', layered.toFixed(3), graphviz.toFixed(3), `${median(ratios).toFixed(1)}x (rounds ${Math.min(...ratios).toFixed(1)}-${Math.max(...ratios).toFixed(1)})`, '>= 20x'],
      ['fan-out, 60 steps (CPU ms)', fanMs.toFixed(2), typeof fanGraphvizMs === 'string' ? `${fanGraphvizMs} (cap ${CAP_MS / 1000} s)` : fanGraphvizMs.ms.toFixed(0), '', '< 50 ms'],
    ],
  );
}

console.log(`# Layout engines, ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, load average ${loadavg()[0]?.toFixed(1)} on ${cpus().length} CPUs\n`);
// Every engine's time is that of the service's compiled code, as `npm start` runs it.
buildService();
if (SECTIONS.includes('in-process')) await inProcess();
if (SECTIONS.includes('speed')) await speed();
if (SECTIONS.includes('quality')) await quality();
