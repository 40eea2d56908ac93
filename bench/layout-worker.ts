/** Runs one engine on one graph in a child process, so that the bench can stop it at its time cap. */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import dagre from '@dagrejs/dagre';
import elkjs, { type ElkExtendedEdge, type ElkNode } from 'elkjs/lib/elk.bundled.js';
import { DEFAULT_DOT_OPTIONS } from '../src/graph/dot.js';
import { buildLayoutGraph, type LayoutGraph } from '../src/layout/layout-graph.js';
import { buildGraph, type GraphSpec } from './graphs/catalogue.js';
import { measureSvg, type Quality } from './layout-metrics.js';
import { writePlacedSvg, type PlacedGraph, type Point } from './layout-svg.js';
import { serviceModules } from './service-build.js';

export const ENGINES = ['layered', 'graphviz', 'graphviz-tuned', 'dot-native', 'dagre', 'elk', 'dagre-clusters', 'elk-clusters'] as const;
export type Engine = (typeof ENGINES)[number];

export interface Job {
  spec: GraphSpec;
  engine: Engine;
  /** Whether to measure the picture's quality too (slow for the largest graphs). */
  quality: boolean;
  /** CPU-time cap of the layout (the bench stops the worker; the worker stops a `dot` it started). */
  capMs: number;
  /** Where to write the drawn SVG, to look at it. */
  saveTo?: string;
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

/**
 * Messages to the bench: `started` when the timed work begins (the cap counts from there), `laid-out`
 * once the drawing is done (the cap stops there), then `done` or `failed`.
 */
export type WorkerMessage =
  | { stage: 'started' }
  | { stage: 'laid-out' }
  | { stage: 'done'; result: JobResult }
  | { stage: 'failed'; error: string };

function send(message: WorkerMessage): void {
  process.send?.(message);
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

/**
 * CPU milliseconds a process has used, from /proc (Linux), with those of its finished children if
 * asked; undefined where /proc is missing or the process is gone.
 */
export function procCpuMs(pid: number | 'self', children = false): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): utime, stime, cutime, cstime are the
    // 12th to 15th, in clock ticks (100 a second on Linux).
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const own = (fields[11] as number) + (fields[12] as number);
    return 10 * (children ? own + (fields[13] as number) + (fields[14] as number) : own);
  } catch {
    return undefined;
  }
}

/** Raised when a job ran past its CPU cap. */
export const CAPPED = 'past the cap';

/**
 * Native `dot -Tsvg`, stopped once it has used `capMs` of CPU (or ten times that of wall time where
 * /proc is missing): its CPU time, from /proc, or its wall time.
 */
function runNativeDot(dot: string, capMs: number): Promise<{ svg: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('dot', ['-Tsvg'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let capped = false;
    let lastCpu = 0;
    const watch = setInterval(() => {
      const cpu = child.pid === undefined ? undefined : procCpuMs(child.pid);
      if (cpu !== undefined) lastCpu = cpu;
      if ((cpu ?? (performance.now() - started) / 10) > capMs) {
        capped = true;
        child.kill('SIGKILL');
      }
    }, 100);
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', (error) => {
      clearInterval(watch);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearInterval(watch);
      if (capped) return reject(new Error(CAPPED));
      if (code !== 0) return reject(new Error(`dot exited with ${code ?? signal}: ${Buffer.concat(err).toString().slice(0, 500)}`));
      // Reaped now, so its whole CPU time is among this process's finished children's.
      const reaped = procCpuMs('self', true);
      const own = procCpuMs('self');
      const ms = reaped === undefined || own === undefined ? performance.now() - started : Math.max(lastCpu, reaped - own);
      resolve({ svg: Buffer.concat(out).toString(), ms });
    });
    child.stdin.end(dot);
  });
}

/** Graphviz's default separations (nodesep 0.25in, ranksep 0.5in) for the other libraries too. */
const NODE_SEP = 18;
const RANK_SEP = 36;

/**
 * dagre on the layered engine's nodes; with `clusters`, each node inside its innermost cluster (a
 * compound graph), the groups the layered engine and Graphviz must keep visible.
 */
function layoutDagre(graph: LayoutGraph, clusters: boolean): PlacedGraph {
  const g = new dagre.graphlib.Graph({ multigraph: true, compound: clusters });
  g.setGraph({ rankdir: 'LR', nodesep: NODE_SEP, ranksep: RANK_SEP });
  g.setDefaultEdgeLabel(() => ({}));
  graph.boxes.forEach((box, v) => g.setNode(String(v), { width: box.width, height: box.height }));
  if (clusters) {
    graph.groups.forEach((group, k) => {
      g.setNode(`cluster${k}`, {});
      if (group.parent >= 0) g.setParent(`cluster${k}`, `cluster${group.parent}`);
    });
    graph.paths.forEach((path, v) => {
      if (path.length > 0) g.setParent(String(v), `cluster${path[path.length - 1] as number}`);
    });
  }
  // Named edges: `a*a` draws two edges between the same nodes.
  graph.from.forEach((from, e) => g.setEdge(String(from), String(graph.to[e]), {}, String(e)));
  dagre.layout(g);
  const centres = graph.boxes.map((_, v): Point => {
    const node = g.node(String(v));
    return [node.x as number, node.y as number];
  });
  const edges = Array.from(graph.from, (from, e): Point[] =>
    (g.edge({ v: String(from), w: String(graph.to[e]), name: String(e) }).points ?? []).map((p: { x: number; y: number }): Point => [p.x, p.y]),
  );
  return { graph, centres, edges };
}

/**
 * elkjs's layered algorithm on the layered engine's nodes; with `clusters`, each node a child of its
 * innermost cluster's node and the hierarchy laid out as one (`INCLUDE_CHILDREN`), all coordinates
 * relative to the root.
 */
async function layoutElk(graph: LayoutGraph, clusters: boolean): Promise<PlacedGraph> {
  // The module is CommonJS; its constructor is also its `default`, which is what the types describe.
  const elk = new elkjs.default();
  const options = {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.spacing.nodeNode': String(NODE_SEP),
    'elk.layered.spacing.nodeNodeBetweenLayers': String(RANK_SEP),
  };
  const root: ElkNode & { children: ElkNode[]; edges: ElkExtendedEdge[] } = {
    id: 'root',
    layoutOptions: clusters ? { ...options, 'elk.hierarchyHandling': 'INCLUDE_CHILDREN', 'elk.json.edgeCoords': 'ROOT', 'elk.json.shapeCoords': 'ROOT' } : options,
    children: [],
    edges: Array.from(graph.from, (from, e) => ({ id: `e${e}`, sources: [`n${from}`], targets: [`n${graph.to[e]}`] })),
  };
  const groups = graph.groups.map((_, k): ElkNode & { children: ElkNode[] } => ({ id: `c${k}`, layoutOptions: options, children: [] }));
  const parentOf = (path: readonly number[]): ElkNode[] => (clusters && path.length > 0 ? (groups[path[path.length - 1] as number] as { children: ElkNode[] }).children : root.children);
  if (clusters) graph.groups.forEach((group, k) => (group.parent >= 0 ? (groups[group.parent] as { children: ElkNode[] }).children : root.children).push(groups[k] as ElkNode));
  const nodes = graph.boxes.map((box, v): ElkNode => ({ id: `n${v}`, width: box.width, height: box.height }));
  nodes.forEach((node, v) => parentOf(graph.paths[v] as readonly number[]).push(node));
  const laid = await elk.layout(root);
  // The input nodes carry their positions (relative to the root, see shapeCoords) once laid out.
  const placed = new Map<string, ElkNode>();
  const walk = (node: ElkNode): void => {
    for (const child of node.children ?? []) {
      placed.set(child.id, child);
      walk(child);
    }
  };
  walk(laid);
  const centres = nodes.map(({ id }): Point => {
    const node = placed.get(id) as ElkNode;
    return [(node.x ?? 0) + (node.width ?? 0) / 2, (node.y ?? 0) + (node.height ?? 0) / 2];
  });
  const edges = (laid.edges ?? []).map((edge): Point[] => {
    const points: Point[] = [];
    for (const section of edge.sections ?? []) {
      for (const p of [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]) points.push([p.x, p.y]);
    }
    return points;
  });
  return { graph, centres, edges };
}

/** Lays the graph out and writes its SVG, timed; the quality is measured afterwards, outside the time. */
async function draw(job: Job): Promise<{ result: JobResult; svg: string }> {
  // The service's code as it serves requests (compiled, see service-build.ts) is what is timed.
  const { dot: { toDot }, layout: { layoutLayered }, writer: { writeSvg }, graphviz: { loadGraphviz, renderSvg } } = await serviceModules();
  const { graph, decorate } = buildGraph(job.spec);
  const values = graph.nodes.length;
  if (job.engine === 'layered') {
    // A service runs warm: compile the engine's code on another graph first (Graphviz's load is
    // likewise left out of its time).
    const warm = buildGraph({ kind: 'random', size: 2_000, seed: 99 });
    for (let i = 0; i < 3; i++) writeSvg(layoutLayered(warm.graph, DEFAULT_DOT_OPTIONS), DEFAULT_DOT_OPTIONS);
    send({ stage: 'started' });
    const t0 = cpuMs();
    const layout = layoutLayered(graph, DEFAULT_DOT_OPTIONS, decorate);
    const t1 = cpuMs();
    const svg = writeSvg(layout, DEFAULT_DOT_OPTIONS);
    const t2 = cpuMs();
    return { result: { values, ms: t2 - t0, layoutMs: t1 - t0, writeMs: t2 - t1 }, svg };
  }
  if (job.engine.startsWith('dagre') || job.engine.startsWith('elk')) {
    // The same nodes with the same boxes as the layered engine's, with its clusters or without.
    const layoutGraph = buildLayoutGraph(graph, DEFAULT_DOT_OPTIONS, decorate);
    const clusters = job.engine.endsWith('-clusters');
    send({ stage: 'started' });
    const t0 = cpuMs();
    const svg = writePlacedSvg(job.engine.startsWith('dagre') ? layoutDagre(layoutGraph, clusters) : await layoutElk(layoutGraph, clusters));
    return { result: { values, ms: cpuMs() - t0 }, svg };
  }
  const dot = dotFor(toDot(graph, DEFAULT_DOT_OPTIONS, decorate), job.engine);
  if (job.engine === 'dot-native') {
    send({ stage: 'started' });
    const { svg, ms } = await runNativeDot(dot, job.capMs);
    return { result: { values, ms }, svg };
  }
  await loadGraphviz();
  send({ stage: 'started' });
  const t0 = cpuMs();
  const svg = await renderSvg(dot);
  return { result: { values, ms: cpuMs() - t0 }, svg };
}


process.once('message', (job: Job) => {
  draw(job).then(
    ({ result, svg }) => {
      send({ stage: 'laid-out' });
      if (job.saveTo !== undefined) writeFileSync(job.saveTo, svg);
      if (job.quality) result.quality = measureSvg(svg);
      send({ stage: 'done', result });
    },
    (error: unknown) => send({ stage: 'failed', error: error instanceof Error ? error.message : String(error) }),
  );
});
