/** Runs one engine on one graph in a child process, so that the bench can stop it at its time cap. */
import { DEFAULT_DOT_OPTIONS, toDot } from '../src/graph/dot.js';
import { layoutLayered } from '../src/layout/index.js';
import { writeSvg } from '../src/layout/svg-writer.js';
import { loadGraphviz, renderSvg } from '../src/render/graphviz.js';
import { buildGraph, type GraphSpec } from './graphs/catalogue.js';
import { measureSvg, type Quality } from './layout-metrics.js';

export type Engine = 'layered' | 'graphviz' | 'graphviz-tuned';

export interface Job {
  spec: GraphSpec;
  engine: Engine;
  /** Whether to measure the picture's quality too (slow for the largest graphs). */
  quality: boolean;
}

export interface JobResult {
  values: number;
  /** CPU milliseconds (the machine is shared: wall time says more about the neighbours) of layout
   *  and SVG writing; for the layered engine also each alone. */
  ms: number;
  layoutMs?: number;
  writeMs?: number;
  quality?: Quality;
}

/** CPU milliseconds this process has used so far. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

const TUNED = 'nslimit="0.01" nslimit1="0.01" mclimit="0.01" splines="line"';

/** Graphviz with its own defaults: toDot's limits for large graphs taken out, or the tuned limits put in. */
function dotFor(dot: string, engine: Engine): string {
  const plain = dot.replace(/ nslimit="[^"]*" nslimit1="[^"]*" mclimit="[^"]*"/, '');
  return engine === 'graphviz' ? plain : plain.replace(/graph \[rankdir="(LR|TB)"/, (m) => `${m} ${TUNED}`);
}

async function run(job: Job): Promise<JobResult> {
  const { graph, decorate } = buildGraph(job.spec);
  const values = graph.nodes.length;
  let svg: string;
  if (job.engine === 'layered') {
    // A service runs warm: compile the engine's code on another graph first (Graphviz's load is
    // likewise left out of its time).
    const warm = buildGraph({ kind: 'random', size: 2_000, seed: 99 });
    for (let i = 0; i < 3; i++) writeSvg(layoutLayered(warm.graph, DEFAULT_DOT_OPTIONS), DEFAULT_DOT_OPTIONS);
    const t0 = cpuMs();
    const layout = layoutLayered(graph, DEFAULT_DOT_OPTIONS, decorate);
    const t1 = cpuMs();
    svg = writeSvg(layout, DEFAULT_DOT_OPTIONS);
    const t2 = cpuMs();
    const result: JobResult = { values, ms: t2 - t0, layoutMs: t1 - t0, writeMs: t2 - t1 };
    if (job.quality) result.quality = measureSvg(svg);
    return result;
  }
  await loadGraphviz();
  const dot = dotFor(toDot(graph, DEFAULT_DOT_OPTIONS, decorate), job.engine);
  const t0 = cpuMs();
  svg = await renderSvg(dot);
  const ms = cpuMs() - t0;
  return job.quality ? { values, ms, quality: measureSvg(svg) } : { values, ms };
}

process.once('message', (job: Job) => {
  run(job).then(
    (result) => process.send?.({ ok: true, result }),
    (error: unknown) => process.send?.({ ok: false, error: String(error) }),
  );
});
