/**
 * Frame times of the playground while a reader hovers, pans and zooms a graph of about 10,000
 * values, in Debian's chromium against the real service on a real port.
 *
 * The page records the time between animation frames (requestAnimationFrame) while the script
 * sweeps the pointer over the graph, drags it and turns the wheel; a frame the page spends laying out, painting or handling
 * events shows as a long gap. Printed: the graph's size, how long it took to appear, and per
 * gesture the median, p95 and max frame time and the number of frames over 200 ms.
 *
 * Run: npx tsx bench/playground-frames.ts [--graph mlp|program|both] [--points 14] [--values 10000]
 *        [--hovers 4] [--pans 8] [--zooms 40] [--full] [--trace]
 *   mlp:     micrograd's demo network on that many moons points, values view (~10,000 values at 14)
 *   program: a program of about that many values (test/helpers/large-program.ts), pasted into the editor
 *   --full:  the graph in the whole window (1280 x 900)
 *   --trace: also trace one drag (CDP Tracing) and print where the renderer's main thread spent it
 *   --layout-cost: the service's MAX_LAYOUT_COST (default here 20,000; the service's own is 1,000,
 *            about 5,000 values); MAX_OUTPUT_BYTES is 64 MB here
 */
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import type { Page } from 'playwright-core';
import { buildWeb } from '../scripts/build-web.js';
import { launchChromium, newContext } from '../test/browser/chromium.js';
import { budgetWith, buildApp } from '../test/helpers/build-app.js';
import { largeProgram } from '../test/helpers/large-program.js';

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
}
const GRAPH = option('graph', 'both');
const POINTS = Number(option('points', '14'));
const VALUES = Number(option('values', '10000'));
const PANS = Number(option('pans', '8'));
const ZOOMS = Number(option('zooms', '40'));
const HOVERS = Number(option('hovers', '4'));
const FULL = args.includes('--full');
const LAYOUT_COST = Number(option('layout-cost', '20000'));
const TRACE = args.includes('--trace');

interface Frames {
  count: number;
  median: number;
  p95: number;
  max: number;
  over200: number;
}

function summarise(deltas: number[]): Frames {
  const sorted = [...deltas].sort((a, b) => a - b);
  const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    count: sorted.length,
    median: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1] ?? 0,
    over200: sorted.filter((d) => d > 200).length,
  };
}

// The page's side, as source text: the bench's own TypeScript is not compiled for the browser.

/** Records the gap before each animation frame into window.benchFrames until benchRecording is false. */
const START_FRAMES = `(() => {
  window.benchFrames = [];
  window.benchRecording = true;
  let last = performance.now();
  const tick = (now) => {
    window.benchFrames.push(now - last);
    last = now;
    if (window.benchRecording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

const STOP_FRAMES = `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => {
  window.benchRecording = false;
  resolve(window.benchFrames.slice(1));
})))`;

/** Resolves window.benchShown with the time of the second frame after the graph's picture changes. */
const WATCH_PICTURE = `(() => {
  const canvas = document.querySelector('#graph-canvas');
  const old = canvas.firstElementChild;
  window.benchShown = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const svg = canvas.firstElementChild;
      if (svg === null || svg === old) return;
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now())));
    });
    observer.observe(canvas, { childList: true });
  });
})()`;

const DRAWN = `({
  nodes: document.querySelectorAll('#graph-canvas g.node').length,
  svgBytes: new TextEncoder().encode(document.querySelector('#graph-canvas svg')?.outerHTML ?? '').length,
})`;

/** The median time of the browser's hit test at the centre of the graph's viewport, and what it hit. */
const HIT_TEST = `(() => {
  const box = document.querySelector('#graph-viewport').getBoundingClientRect();
  const times = [];
  let hit;
  for (let i = 0; i < 9; i++) {
    const start = performance.now();
    hit = document.elementFromPoint(box.left + box.width / 2 + i, box.top + box.height / 2);
    times.push(performance.now() - start);
  }
  return { ms: times.sort((a, b) => a - b)[4], hit: hit ? hit.tagName.toLowerCase() + (hit.className && typeof hit.className === 'string' ? '.' + hit.className : '') : 'nothing' };
})()`;

async function hitTest(page: Page): Promise<{ ms: number; hit: string }> {
  return page.evaluate<{ ms: number; hit: string }>(HIT_TEST);
}

async function startFrames(page: Page): Promise<void> {
  await page.evaluate(START_FRAMES);
}

/**
 * Stops recording, once the last gesture has settled and the frames it caused have been drawn (a
 * zoom shown as a bitmap ends with a repaint of the live picture: that frame counts), and returns
 * the gaps.
 */
async function stopFrames(page: Page): Promise<number[]> {
  await page.locator('#graph-viewport:not([data-moving])').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(300);
  return page.evaluate<number[]>(STOP_FRAMES);
}

async function viewportCentre(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('#graph-viewport').boundingBox();
  if (box === null) throw new Error('no graph viewport');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2, width: box.width, height: box.height };
}

/**
 * Scrolls the graph's viewport into the window, and fails unless all of it is there. Clicking the
 * MLP form's run button scrolls the page down, and gestures at a viewport above the window would
 * drag a text selection over the page instead of moving the graph.
 */
async function showViewport(page: Page): Promise<void> {
  const viewport = page.locator('#graph-viewport');
  await viewport.evaluate((element) => element.scrollIntoView({ block: 'center', inline: 'center' }));
  const box = await viewport.boundingBox();
  const window = page.viewportSize();
  if (box === null || window === null || box.y < 0 || box.x < 0 || box.y + box.height > window.height || box.x + box.width > window.width) {
    throw new Error(`the graph's viewport is not wholly in the window: ${JSON.stringify(box)}`);
  }
}

async function pans(page: Page): Promise<number[]> {
  const { x, y, width, height } = await viewportCentre(page);
  await startFrames(page);
  for (let i = 0; i < PANS; i++) {
    const angle = (i / PANS) * 2 * Math.PI;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + Math.cos(angle) * width * 0.3, y + Math.sin(angle) * height * 0.3, { steps: 30 });
    await page.mouse.up();
  }
  return stopFrames(page);
}

/** Sweeps of the pointer across the picture with no button down, as a reader looking for a value. */
async function hovers(page: Page): Promise<number[]> {
  const { x, y, width, height } = await viewportCentre(page);
  await startFrames(page);
  for (let i = 0; i < HOVERS; i++) {
    const row = y + ((i + 0.5) / HOVERS - 0.5) * height * 0.8;
    await page.mouse.move(x - width * 0.45, row);
    await page.mouse.move(x + width * 0.45, row, { steps: 60 });
  }
  return stopFrames(page);
}

async function zooms(page: Page): Promise<number[]> {
  const { x, y } = await viewportCentre(page);
  await page.mouse.move(x, y);
  await startFrames(page);
  // Out to the overview and back in, one notch (100 px) at a time.
  for (let i = 0; i < ZOOMS; i++) await page.mouse.wheel(0, i < ZOOMS / 2 ? 100 : -100);
  return stopFrames(page);
}

/** Traces one drag and prints the renderer main thread's top events by total time. */
async function traceDrag(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const events: { name: string; ph: string; dur?: number; tid: number; pid: number }[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as typeof events)));
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink,cc,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
  const { x, y, width } = await viewportCentre(page);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x - width * 0.3, y, { steps: 20 });
  await page.mouse.up();
  await page.waitForTimeout(300);
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  const totals = new Map<string, number>();
  for (const event of events) {
    if (event.ph !== 'X' || event.dur === undefined) continue;
    totals.set(event.name, (totals.get(event.name) ?? 0) + event.dur / 1000);
  }
  const top = [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log('trace of one drag, total ms by event (nested events counted in their parents too):');
  for (const [name, ms] of top) console.log(`  ${ms.toFixed(0).padStart(7)}  ${name}`);
}

async function drawn(page: Page): Promise<{ nodes: number; svgBytes: number }> {
  return page.evaluate<{ nodes: number; svgBytes: number }>(DRAWN);
}

/** Loads the graph the way a reader would. */
async function loadMlp(page: Page): Promise<{ answer: number; shown: number }> {
  // The one-point example is the demo network, untrained, in the values view: give it more points.
  await timeToPicture(page, () => page.locator('button[data-example="demo-point"]').click());
  await page.locator('select[name="dataset"]').selectOption('moons');
  await page.locator('input[name="samples"]').fill(String(POINTS));
  return timeToPicture(page, () => page.locator('#mlp-run').click());
}

async function loadProgram(page: Page): Promise<{ answer: number; shown: number }> {
  // As a paste does: the whole program at once.
  const paste = (): Promise<void> =>
    page.locator('#source').evaluate((element, text) => {
      const area = element as unknown as { value: string; dispatchEvent(event: Event): boolean };
      area.value = text;
      area.dispatchEvent(new Event('input', { bubbles: true }));
    }, largeProgram(VALUES, 7));
  return timeToPicture(page, paste);
}

/** Milliseconds from the action to the service's whole answer, and to the first frame showing the picture. */
async function timeToPicture(page: Page, action: () => Promise<void>): Promise<{ answer: number; shown: number }> {
  await page.evaluate(WATCH_PICTURE);
  const start = await page.evaluate<number>('performance.now()');
  const begun = Date.now();
  const answered = page
    .waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/v1/'), { timeout: 600_000 })
    .then((r) => r.finished())
    .then(() => Date.now() - begun);
  await action();
  const shown = await page.evaluate<number>('window.benchShown');
  return { answer: await answered, shown: shown - start };
}

function row(name: string, frames: Frames): string {
  const ms = (x: number): string => `${x.toFixed(1).padStart(7)} ms`;
  return `${name.padEnd(6)} frames ${String(frames.count).padStart(4)}   median ${ms(frames.median)}   p95 ${ms(frames.p95)}   max ${ms(frames.max)}   over 200 ms: ${frames.over200}`;
}

/** The renderer's main-thread time (CDP Performance metrics, in ms) spent during `gesture`, by kind. */
async function mainThread<T>(page: Page, gesture: () => Promise<T>): Promise<{ result: T; busy: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const read = async (): Promise<Record<string, number>> => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  };
  const before = await read();
  const result = await gesture();
  const after = await read();
  await cdp.detach();
  const ms = (name: string): number => ((after[name] ?? 0) - (before[name] ?? 0)) * 1000;
  const task = ms('TaskDuration');
  const script = ms('ScriptDuration');
  const style = ms('RecalcStyleDuration');
  const layout = ms('LayoutDuration');
  const busy =
    `main thread busy ${task.toFixed(0)} ms: script ${script.toFixed(0)}, style ${style.toFixed(0)}, ` +
    `layout ${layout.toFixed(0)}, the rest (paint, hit tests, commits) ${(task - script - style - layout).toFixed(0)}`;
  return { result, busy };
}

async function main(): Promise<void> {
  console.log(`playground frames, Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  await buildWeb();
  // The default MAX_LAYOUT_COST (1,000 units) draws up to about 5,000 values, and the default
  // MAX_OUTPUT_BYTES (32 MB) leaves a program's 10,000 values no room for their SVG beside their
  // JSON: this is a deployment that draws larger graphs.
  const app = await buildApp({ config: { budget: budgetWith({ maxLayoutCost: LAYOUT_COST, maxOutputBytes: 64 * 1024 * 1024 }) } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await launchChromium();
  try {
    console.log(`chromium ${browser.version()}, page 1280 x 900${FULL ? ', graph in the whole window' : ''}`);
    const graphs = GRAPH === 'both' ? ['mlp', 'program'] : [GRAPH];
    for (const graph of graphs) {
      const context = await newContext(browser, baseURL);
      const page = await context.newPage();
      await page.goto('/');
      await page.locator('body[data-ready="true"]').waitFor();
      await page.waitForLoadState('networkidle');
      console.log(`loading the ${graph} graph…`);
      const load = graph === 'mlp' ? await loadMlp(page) : await loadProgram(page);
      if (FULL) await page.locator('#graph-full').click();
      await showViewport(page);
      const { nodes, svgBytes } = await drawn(page);
      const title =
        graph === 'mlp' ? `demo MLP(2,[16,16,1]) on ${POINTS} moons points, values view` : `program of ~${VALUES} values`;
      const status = await page.locator(graph === 'mlp' ? '#mlp-status' : '#status').textContent();
      console.log(`\n${title}: ${status}`);
      console.log(`SVG ${(svgBytes / 1e6).toFixed(2)} MB, ${nodes} g.node elements; answer in ${load.answer} ms, first frame of the picture ${load.shown.toFixed(0)} ms after the click`);
      const size = await page.evaluate<string>(
        `(() => { const svg = document.querySelector('#graph-canvas svg'); return svg.getAttribute('width') + ' x ' + svg.getAttribute('height'); })()`,
      );
      console.log(`picture ${size}, first shown at scale ${await page.locator('#graph-viewport').getAttribute('data-scale')}`);
      const hit = await hitTest(page);
      console.log(`the browser's hit test at the viewport's centre (document.elementFromPoint): ${hit.ms.toFixed(1)} ms, hits ${hit.hit}`);
      if (TRACE) await traceDrag(page);
      for (const [name, gesture] of [
        ['hover', hovers],
        ['pan', pans],
        ['zoom', zooms],
      ] as const) {
        const { result, busy } = await mainThread(page, () => gesture(page));
        console.log(row(name, summarise(result)));
        console.log(`       ${busy}`);
      }
      await context.close();
    }
  } finally {
    await browser.close();
    await app.close();
  }
  console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

await main();
