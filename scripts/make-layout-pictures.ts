// Draws micrograd's demo network on one point (and the lecture MLP, a smaller example) with every
// layout engine of bench/layout.ts, each in a child process with a CPU cap, and writes into
// docs/layout/ a PNG of each picture, a detail of the demo network's first layer at full scale,
// what was measured (measurements.json and README.md there) and the gallery in README.md.
//
//   npx tsx scripts/make-layout-pictures.ts [--engines layered,dagre] [--pictures lecture-mlp] [--cap 300] [--jobs 2]
//
// With --engines or --pictures only those are drawn again; the others' pictures and figures are kept
// (`--engines ''` draws nothing and only writes the tables and the gallery again).

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGraph, describe, type GraphSpec } from '../bench/graphs/catalogue.js';
import { runJob, type Outcome } from '../bench/layout-run.js';
import { ENGINES, type Engine } from '../bench/layout-worker.js';
import { buildService } from '../bench/service-build.js';
import { renderPngAtWidth } from '../src/render/png.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const DOCS = join(ROOT, 'docs/layout');
const JSON_FILE = join(DOCS, 'measurements.json');

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const CAP_S = Number(option('--cap') ?? 300);
// The CPU times are those of the service's compiled code, as bench/layout.ts measures them.
buildService();
const PARALLEL = Number(option('--jobs') ?? 2);
const chosen = option('--engines')?.split(',').filter((x) => x !== '') ?? [...ENGINES];
for (const name of chosen) {
  if (!(ENGINES as readonly string[]).includes(name)) throw new Error(`unknown engine ${name}; known: ${ENGINES.join(', ')}`);
}

/** Wide enough to see the graph's shape; narrower, down to the least, while the file is larger than the budget. */
const THUMBNAIL = { width: 1600, least: 800, bytes: 250_000 };
/** The detail: a window this large at full scale (1 px per point) on the first input and the first layer. */
const DETAIL = { width: 1200, height: 700 };

const PICTURES: { name: string; spec: GraphSpec; detail: boolean }[] = [
  { name: 'demo-network', spec: { kind: 'demo-mlp', points: 1 }, detail: true },
  { name: 'lecture-mlp', spec: { kind: 'lecture-mlp' }, detail: false },
];
const chosenPictures = option('--pictures')?.split(',') ?? PICTURES.map((p) => p.name);
for (const name of chosenPictures) {
  if (!PICTURES.some((p) => p.name === name)) throw new Error(`unknown picture ${name}; known: ${PICTURES.map((p) => p.name).join(', ')}`);
}

const ENGINE_NAMES: Record<Engine, string> = {
  layered: 'layered (gradviz)',
  graphviz: 'Graphviz, defaults',
  'graphviz-tuned': 'Graphviz, tuned',
  'dot-native': 'native dot, tuned',
  dagre: 'dagre',
  elk: 'elk',
  'dagre-clusters': 'dagre, with the clusters',
  'elk-clusters': 'elk, with the clusters',
};

interface Entry {
  /** CPU seconds of layout and SVG writing; absent when the engine did not finish. */
  cpuSeconds?: number;
  /** Null when the counter gave up: too many edge segments to compare. */
  crossings?: number | null;
  edgeLength?: number;
  area?: number;
  nodeOverlaps?: number;
  textOverlaps?: number;
  /** Why there is no picture or no figures. */
  note?: string;
  png?: string;
  detail?: string;
}

interface Measurements {
  capSeconds: number;
  pictures: Record<string, { graph: string; values: number; engines: Partial<Record<Engine, Entry>> }>;
}

const previous: Measurements = existsSync(JSON_FILE) ? JSON.parse(readFileSync(JSON_FILE, 'utf8')) : { capSeconds: CAP_S, pictures: {} };
const measurements: Measurements = { capSeconds: CAP_S, pictures: previous.pictures };

/** The root <svg>'s viewBox: x, y, width, height. */
function viewBox(svg: string): [number, number, number, number] {
  const [x = 0, y = 0, width = 0, height = 0] = /<svg\b[^>]*viewBox="([^"]*)"/.exec(svg)?.[1]?.trim().split(/[\s,]+/).map(Number) ?? [];
  return [x, y, width, height];
}

/** The root <svg>'s size and viewBox replaced, to show only a window (in viewBox units) at full scale. */
function crop(svg: string, x: number, y: number, width: number, height: number): string {
  return svg.replace(/<svg\b[^>]*>/, (tag) => {
    const attrs = tag.replace(/\s(width|height|viewBox)="[^"]*"/g, '').replace(/\/?>$/, '');
    return `${attrs} width="${width}" height="${height}" viewBox="${x} ${y} ${width} ${height}">`;
  });
}

/**
 * A window on the first input (`x1`) and the first layer's records around it, or where the drawing
 * starts when there is no `x1`. Node positions are the first point of each node's shape, moved by the
 * graph's translate (Graphviz's).
 */
function firstLayerWindow(svg: string, width: number, height: number): [number, number] {
  const translate = /<g id="graph0"[^>]*transform="[^"]*translate\(([-\d.]+)[ ,]+([-\d.]+)\)/.exec(svg);
  const [tx, ty] = [Number(translate?.[1] ?? 0), Number(translate?.[2] ?? 0)];
  const nodes: { x: number; y: number; input: boolean }[] = [];
  for (const [, body = ''] of svg.matchAll(/<g id="[^"]*" class="node">([\s\S]*?)<\/g>/g)) {
    const point = /points="([-\d.]+),([-\d.]+)/.exec(body) ?? /cx="([-\d.]+)" cy="([-\d.]+)"/.exec(body);
    if (point !== null) nodes.push({ x: Number(point[1]) + tx, y: Number(point[2]) + ty, input: /<text[^>]*>x1<\/text>/.test(body) });
  }
  const [vx, vy, vw, vh] = viewBox(svg);
  const within = (x: number, y: number): [number, number] => [
    Math.max(vx, Math.min(x, vx + vw - width)),
    Math.max(vy, Math.min(y, vy + vh - height)),
  ];
  const input = nodes.find((node) => node.input);
  if (input !== undefined) return within(input.x - 40, input.y - height / 2);
  if (nodes.length === 0) return within(vx, vy + (vh - height) / 2);
  const left = Math.min(...nodes.map(({ x }) => x)) - 20;
  const ys = nodes.filter(({ x }) => x < left + width).map(({ y }) => y).sort((a, b) => a - b);
  return within(left, (ys[Math.floor(ys.length / 2)] as number) - height / 2);
}

/** A white background: the SVGs of dagre and elk have none, and a transparent PNG is hard to read on a dark page. */
function onWhite(svg: string): string {
  return svg.replace(/(<svg\b[^>]*>)/, '$1<rect x="-100000" y="-100000" width="200000" height="200000" fill="white"/>');
}

function describeOutcome(outcome: string): string {
  if (outcome === 'n/a') return `did not finish within ${CAP_S} CPU s`;
  if (outcome === 'drawn; too slow to measure') return 'drawn; measuring took too long';
  return outcome;
}

/** The PNG at `width` pixels, or narrower (a tenth at a time) until it fits the budget. */
function thumbnail(svg: string, width: number): Buffer {
  let image = renderPngAtWidth(svg, width);
  while (image.length > THUMBNAIL.bytes && width * 0.9 >= THUMBNAIL.least) {
    width = Math.round(width * 0.9);
    image = renderPngAtWidth(svg, width);
  }
  return image;
}

async function draw(picture: (typeof PICTURES)[number], engine: Engine, scratch: string): Promise<Entry> {
  if (engine === 'dot-native' && spawnSync('dot', ['-V']).error !== undefined) return { note: '`dot` not installed' };
  const saveTo = join(scratch, `${picture.name}-${engine}.svg`);
  // A picture from an earlier run must not stay beside figures that say it was not drawn.
  for (const stale of [`${picture.name}-${engine}.png`, `${picture.name}-${engine}-detail.png`]) rmSync(join(DOCS, stale), { force: true });
  const outcome: Outcome = await runJob({ spec: picture.spec, engine, quality: true, saveTo }, CAP_S * 1000);
  const entry: Entry =
    typeof outcome === 'string'
      ? { note: describeOutcome(outcome) }
      : {
          cpuSeconds: Math.round(outcome.ms) / 1000,
          ...(outcome.quality === undefined
            ? {}
            : {
                crossings: outcome.quality.crossings ?? null,
                edgeLength: Math.round(outcome.quality.edgeLength),
                area: Math.round(outcome.quality.area),
                nodeOverlaps: outcome.quality.nodeOverlaps,
                textOverlaps: outcome.quality.textOverlaps,
              }),
        };
  if (outcome === 'n/a' || !existsSync(saveTo)) return entry;
  const svg = onWhite(readFileSync(saveTo, 'utf8'));
  const [, , fullWidth, fullHeight] = viewBox(svg);
  const png = `${picture.name}-${engine}.png`;
  writeFileSync(join(DOCS, png), thumbnail(svg, Math.min(THUMBNAIL.width, Math.ceil(fullWidth))));
  entry.png = png;
  if (picture.detail) {
    const detail = `${picture.name}-${engine}-detail.png`;
    const [width, height] = [Math.min(DETAIL.width, fullWidth), Math.min(DETAIL.height, fullHeight)];
    const [x, y] = firstLayerWindow(svg, width, height);
    writeFileSync(join(DOCS, detail), renderPngAtWidth(crop(svg, x, y, width, height), Math.ceil(width)));
    entry.detail = detail;
  }
  return entry;
}

const fmt = (x: number): string => x.toLocaleString('en-US', { maximumFractionDigits: 0 });
const seconds = (entry: Entry): string => (entry.cpuSeconds === undefined ? '' : `${entry.cpuSeconds.toFixed(entry.cpuSeconds < 0.1 ? 3 : 2)}`);
const crossings = (entry: Entry): string =>
  entry.crossings === undefined ? '' : entry.crossings === null ? 'too many to count' : fmt(entry.crossings);

/** docs/layout/README.md: every figure, one table per picture. */
function markdown(): string {
  const out = [
    '# Layout engines on two MLP graphs',
    '',
    'Written by `npx tsx scripts/make-layout-pictures.ts`: each engine of `bench/layout.ts` (see',
    '[bench/README.md](../../bench/README.md#layoutts)) in a child process, with a cap of',
    `${CAP_S} CPU seconds on the layout; the figures are measured on each engine's SVG by one counter`,
    '(`bench/layout-metrics.ts`). CPU seconds are of layout and SVG writing, on a shared 2-CPU machine.',
    '"Too many to count": the counter gives up past a million edge segments (each curve cut into six) or',
    '200 million pairs of them. The demo network\'s detail is a window at full scale on its first input and',
    'the first layer around it.',
    '',
  ];
  for (const picture of PICTURES) {
    const data = measurements.pictures[picture.name];
    if (data === undefined) continue;
    out.push(`## ${data.graph}, ${fmt(data.values)} values`, '');
    out.push('| engine | CPU s | crossings | edge length (pt) | area (thousand pt²) | overlapping boxes / texts | picture |');
    out.push('| --- | --- | --- | --- | --- | --- | --- |');
    for (const engine of ENGINES) {
      const entry = data.engines[engine];
      if (entry === undefined) continue;
      const links = [entry.png, entry.detail].filter((f) => f !== undefined).map((f, i) => `[${i === 0 ? 'PNG' : 'detail'}](${f})`);
      out.push(
        `| ${ENGINE_NAMES[engine]} | ${seconds(entry) || (entry.note ?? '')} | ${crossings(entry)} | ${entry.edgeLength === undefined ? '' : fmt(entry.edgeLength)} | ` +
          `${entry.area === undefined ? '' : fmt(entry.area / 1000)} | ` +
          `${entry.nodeOverlaps === undefined ? '' : `${fmt(entry.nodeOverlaps)} / ${fmt(entry.textOverlaps ?? 0)}`} | ${links.join(', ')} |`,
      );
      if (entry.note !== undefined && entry.cpuSeconds !== undefined) out[out.length - 1] += ` ${entry.note}`;
    }
    out.push('');
  }
  return out.join('\n');
}

/** The gallery in README.md, between its two markers: three engines a row, the figures under each picture. */
function gallery(): string {
  const data = measurements.pictures['demo-network'];
  if (data === undefined) return '';
  const rows: string[] = [];
  for (let i = 0; i < ENGINES.length; i += 3) {
    const engines = ENGINES.slice(i, i + 3);
    const cell = (engine: Engine): string => {
      const entry = data.engines[engine];
      if (entry?.png === undefined) return '(no picture)';
      const file = `docs/layout/${entry.png}`;
      return `[![The demo network drawn by ${ENGINE_NAMES[engine]}](${file})](${file})`;
    };
    const figures = (engine: Engine): string => {
      const entry = data.engines[engine];
      if (entry === undefined || entry.cpuSeconds === undefined) return entry?.note ?? '';
      const detail = entry.detail === undefined ? '' : ` ([detail](docs/layout/${entry.detail}))`;
      const counted = entry.crossings === null ? 'too many crossings to count' : `${crossings(entry)} crossings`;
      return `${seconds(entry)} CPU s, ${counted}${detail}`;
    };
    if (i === 0) rows.push(`| ${engines.map((e) => ENGINE_NAMES[e]).join(' | ')} |`, `|${' --- |'.repeat(engines.length)}`);
    else rows.push(`| ${engines.map((e) => `**${ENGINE_NAMES[e]}**`).join(' | ')} |`);
    rows.push(`| ${engines.map(cell).join(' | ')} |`, `| ${engines.map(figures).join(' | ')} |`);
  }
  return rows.join('\n');
}

const START = '<!-- layout gallery: written by scripts/make-layout-pictures.ts -->';
const END = '<!-- end of layout gallery -->';

function updateReadme(): void {
  const file = join(ROOT, 'README.md');
  const readme = readFileSync(file, 'utf8');
  const from = readme.indexOf(START);
  const to = readme.indexOf(END);
  if (from < 0 || to < from) {
    console.log(`README.md has no gallery markers; the gallery is:\n${START}\n${gallery()}\n${END}`);
    return;
  }
  writeFileSync(file, `${readme.slice(0, from + START.length)}\n${gallery()}\n${readme.slice(to)}`);
}

mkdirSync(DOCS, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'layout-pictures-'));
try {
  const jobs = PICTURES.filter((p) => chosenPictures.includes(p.name)).flatMap((picture) => chosen.map((engine) => ({ picture, engine: engine as Engine })));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const { picture, engine } = jobs[next++] as (typeof jobs)[number];
      const entry = await draw(picture, engine, scratch);
      const data = (measurements.pictures[picture.name] ??= {
        graph: describe(picture.spec),
        values: buildGraph(picture.spec).graph.nodes.length,
        engines: {},
      });
      data.engines[engine] = entry;
      console.log(`${picture.name} ${engine}: ${JSON.stringify(entry)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, PARALLEL) }, worker));
  // Engines in their fixed order, so that a partial run rewrites the file the same way.
  for (const data of Object.values(measurements.pictures)) {
    data.engines = Object.fromEntries(ENGINES.filter((e) => data.engines[e] !== undefined).map((e) => [e, data.engines[e]]));
  }
  writeFileSync(JSON_FILE, `${JSON.stringify(measurements, null, 2)}\n`);
  writeFileSync(join(DOCS, 'README.md'), markdown());
  updateReadme();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
