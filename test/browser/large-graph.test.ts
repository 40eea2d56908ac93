import type { FastifyInstance } from 'fastify';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import { budgetWith, buildApp } from '../helpers/build-app.js';
import { largeProgram } from '../helpers/large-program.js';
import { launchChromium, newContext } from './chromium.js';
import { SCREENSHOTS } from './harness.js';
import { countForeground } from './pixels.js';

// Whole graphs in the playground: the two examples that draw every value of a network, and a
// graph of about 10,000 values (several MB of SVG) that still pans, zooms and answers clicks.
// The service runs with larger layout and output budgets than its defaults, as a deployment that
// serves graphs this large would: the defaults draw up to about 5,000 values.

let app: FastifyInstance;
let browser: Browser;
let baseURL: string;

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  await buildWeb();
  app = await buildApp({ config: { budget: budgetWith({ maxLayoutCost: 20_000, maxOutputBytes: 64 * 1024 * 1024 }) } });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

/** A loaded page, and the errors it throws or logs (but the browser's note on a 4xx answer). */
async function openPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(browser, baseURL);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  await page.goto('/');
  await page.locator('body[data-ready="true"]').waitFor();
  await page.waitForLoadState('networkidle');
  return { page, errors };
}

/** Value nodes drawn (op nodes are named after their value with `_op`). */
function valueNodes(page: Page): Promise<number> {
  return page.locator('#graph-canvas g.node:not([data-id$="_op"])').count();
}

async function graphShot(page: Page, name: string): Promise<number> {
  const shot = await page.locator('#graph-viewport').screenshot({ path: join(SCREENSHOTS, `${name}.png`) });
  return countForeground(shot).foreground;
}

/** The answer of the MLP run an example button starts. */
async function runExample(page: Page, id: string): Promise<{ graphNodes: number }> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/mlp', { timeout: 120_000 }),
    page.locator(`button[data-example="${id}"]`).click(),
  ]);
  expect(response.status()).toBe(200);
  return (await response.json()) as { graphNodes: number };
}

/** Puts a program into the editor at once, as a paste does (typing 80,000 characters would take minutes). */
async function pasteSource(page: Page, source: string): Promise<void> {
  await page.locator('#source').evaluate((element, text) => {
    const area = element as unknown as { value: string; dispatchEvent(event: Event): boolean };
    area.value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }, source);
}

function translateOf(transform: string): string {
  return /translate\(([^)]*)\)/.exec(transform)?.[1] ?? '';
}

/** Pastes a program and waits until its picture shows every value; returns how many values it has. */
async function drawProgram(page: Page, source: string): Promise<number> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/v1/expression' && (JSON.parse(r.request().postData() ?? '{}') as { source?: string }).source === source,
      { timeout: 300_000 },
    ),
    pasteSource(page, source),
  ]);
  expect(response.status()).toBe(200);
  await page.locator('#status', { hasText: 'values' }).waitFor({ timeout: 300_000 });
  const values = Number(/· (\d+) values/.exec((await page.locator('#status').textContent()) ?? '')?.[1]);
  await expect.poll(() => valueNodes(page), { timeout: 300_000 }).toBe(values);
  return values;
}

/**
 * A page showing a program of about 3,000 nodes: over the count above which the view, not the
 * browser, hit-tests the picture (from its nodes' boxes), and zooms it as a bitmap.
 */
async function openBoxTestedPicture() {
  const { page, errors } = await openPage();
  const values = await drawProgram(page, largeProgram(1_500, 3));
  expect(values).toBeGreaterThan(1_000);
  const viewport = page.locator('#graph-viewport');
  await expect.poll(() => viewport.getAttribute('data-boxes')).toBe('');
  const scale = async (): Promise<number> => Number(await viewport.getAttribute('data-scale'));
  return { page, errors, viewport, scale };
}

/** Waits until a pan or zoom has settled (the view marks the viewport while the picture moves). */
async function settled(page: Page): Promise<void> {
  await expect.poll(() => page.locator('#graph-viewport').getAttribute('data-moving'), { timeout: 30_000 }).toBeNull();
}

interface Spot {
  /** The node's own name: a value id, or a value id and `_op`. */
  name: string;
  x: number;
  y: number;
}

/**
 * Where the page shows some value nodes, some op nodes, and a point of the picture on no node, all
 * well inside the viewport: read from the browser's own geometry of the SVG, not the view's boxes.
 */
function spotsInView(page: Page): Promise<{ values: Spot[]; ops: Spot[]; empty: { x: number; y: number } | undefined }> {
  return page.evaluate(`(() => {
    const view = document.querySelector('#graph-viewport').getBoundingClientRect();
    const margin = 30;
    const inside = (x, y) => x > view.left + margin && x < view.right - margin && y > view.top + margin && y < view.bottom - margin;
    const rects = [];
    const values = [];
    const ops = [];
    for (const g of document.querySelectorAll('#graph-canvas g.node')) {
      const r = g.getBoundingClientRect();
      rects.push(r);
      const x = r.left + r.width / 2, y = r.top + r.height / 2;
      if (!inside(x, y)) continue;
      (g.dataset.id.endsWith('_op') ? ops : values).push({ name: g.dataset.id, x, y });
    }
    let empty;
    for (let y = view.top + margin; y < view.bottom - margin && empty === undefined; y += 7) {
      for (let x = view.left + margin; x < view.right - margin; x += 7) {
        if (rects.every((r) => x < r.left - 4 || x > r.right + 4 || y < r.top - 4 || y > r.bottom + 4)) {
          empty = { x, y };
          break;
        }
      }
    }
    return { values: values.slice(0, 3), ops: ops.slice(0, 2), empty };
  })()`);
}

/** The value the inspector describes (an op node stands for its value), or undefined for the hint. */
function inspected(page: Page): Promise<string | undefined> {
  return page.evaluate(`document.querySelector('#inspector .node-description')?.dataset.id`);
}

/** Moves the pointer to (x, y), in a few steps as a hand would. */
async function pointAt(page: Page, spot: { x: number; y: number }): Promise<void> {
  await page.mouse.move(spot.x, spot.y, { steps: 3 });
}

describe('whole graphs in the playground', { timeout: 600_000 }, () => {
  it("draws micrograd's demo network for one point, every value, ready to step through", async () => {
    const { page, errors } = await openPage();
    const answer = await runExample(page, 'demo-point');
    expect(answer.graphNodes).toBe(988);
    await expect.poll(() => valueNodes(page), { timeout: 60_000 }).toBe(988);
    // Each value but the inputs and parameters has its op node.
    expect(await page.locator('#graph-canvas g.node[data-id$="_op"]').count()).toBeGreaterThan(500);
    expect(await page.locator('select[name="view"]').inputValue()).toBe('values');
    await page.locator('#step-backward:not([disabled])').waitFor();
    expect(await graphShot(page, 'example-demo-point')).toBeGreaterThan(1500);
    await page.context().close();
    expect(errors).toEqual([]);
  });

  it("draws the lecture MLP's full loss graph: 398 values", async () => {
    const { page, errors } = await openPage();
    const answer = await runExample(page, 'lecture-loss');
    expect(answer.graphNodes).toBe(398);
    await expect.poll(() => valueNodes(page), { timeout: 60_000 }).toBe(398);
    expect(await page.locator('#mlp-status').textContent()).toContain('after 0 steps');
    await page.locator('#step-backward:not([disabled])').waitFor();
    expect(await graphShot(page, 'example-lecture-loss')).toBeGreaterThan(1500);
    await page.context().close();
    expect(errors).toEqual([]);
  });

  it('pans and zooms a graph of about 10,000 values, whose nodes still answer clicks', async () => {
    const { page, errors } = await openPage();
    // (The answer itself is too large for the browser's inspector to hand over; the page reads it.)
    const values = await drawProgram(page, largeProgram(10_000, 7));
    expect(values).toBeGreaterThan(9_000);
    const svgBytes = await page.locator('#graph-canvas svg').evaluate((svg) => svg.outerHTML.length);
    expect(svgBytes).toBeGreaterThan(4_000_000);
    expect(await graphShot(page, 'large-graph')).toBeGreaterThan(1500);

    const viewport = page.locator('#graph-viewport');
    const canvas = page.locator('#graph-canvas');
    const box = await viewport.boundingBox();
    if (box === null) throw new Error('no graph viewport');
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const transform = async (): Promise<string> => (await canvas.getAttribute('style')) ?? '';
    const scale = async (): Promise<number> => Number(await viewport.getAttribute('data-scale'));

    // A drag moves the picture and leaves its scale alone.
    const beforePan = await transform();
    const scaleBeforePan = await scale();
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x - 200, centre.y - 60, { steps: 10 });
    await page.mouse.up();
    await expect.poll(async () => translateOf(await transform())).not.toBe(translateOf(beforePan));
    expect(await scale()).toBe(scaleBeforePan);

    // The wheel zooms out to the overview and back in.
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, 200);
    await expect.poll(scale).toBeLessThan(scaleBeforePan);
    const zoomedOut = await scale();
    for (let i = 0; i < 8; i++) await page.mouse.wheel(0, -200);
    await expect.poll(scale).toBeGreaterThan(zoomedOut);
    await expect.poll(() => viewport.getAttribute('data-moving')).toBeNull();

    // A value node in view, clicked where it is drawn now, is selected and explained.
    const target = await page.evaluate<{ id: string; x: number; y: number } | undefined>(`(() => {
      const view = document.querySelector('#graph-viewport').getBoundingClientRect();
      for (const g of document.querySelectorAll('#graph-canvas g.node')) {
        if (g.dataset.id.endsWith('_op')) continue;
        const r = g.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        if (x > view.left + 20 && x < view.right - 20 && y > view.top + 20 && y < view.bottom - 20) {
          return { id: g.dataset.id, x, y };
        }
      }
      return undefined;
    })()`);
    if (target === undefined) throw new Error('no value node in view');
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.locator(`#graph-canvas g.node.gv-selected[data-id="${target.id}"]`).count()).toBe(1);
    await expect.poll(() => page.locator('#inspector').textContent()).toMatch(/grad/);
    expect(await graphShot(page, 'large-graph-zoomed')).toBeGreaterThan(1500);
    await page.context().close();
    expect(errors).toEqual([]);
  });

  it('picks the node under the pointer of a picture it hit-tests from its boxes, after a pan, a zoom and a key', async () => {
    const { page, errors, viewport, scale } = await openBoxTestedPicture();
    const box = await viewport.boundingBox();
    if (box === null) throw new Error('no graph viewport');
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

    // A drag, two wheel notches out about a point off the centre (the scale moves well away from
    // 1, so a box read at the wrong scale misses), and an arrow key.
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.down();
    await page.mouse.move(centre.x - 240, centre.y + 50, { steps: 8 });
    await page.mouse.up();
    await settled(page);
    const before = await scale();
    await page.mouse.move(centre.x + 130, centre.y - 40);
    await page.mouse.wheel(0, 100);
    await page.mouse.wheel(0, 100);
    await expect.poll(scale).toBeLessThan(before * 0.8);
    await settled(page);
    await viewport.focus();
    await page.keyboard.press('ArrowLeft');

    const spots = await spotsInView(page);
    expect(spots.values.length).toBeGreaterThan(0);
    expect(spots.ops.length).toBeGreaterThan(0);
    for (const spot of [...spots.values, ...spots.ops]) {
      await pointAt(page, spot);
      await expect.poll(() => inspected(page), { timeout: 30_000 }).toBe(spot.name.replace(/_op$/, ''));
      // The hovered node is outlined where it is drawn.
      const ring = await page.locator('.graph-hover-ring').boundingBox();
      expect(ring).not.toBeNull();
      if (ring !== null) {
        expect(spot.x).toBeGreaterThan(ring.x);
        expect(spot.x).toBeLessThan(ring.x + ring.width);
        expect(spot.y).toBeGreaterThan(ring.y);
        expect(spot.y).toBeLessThan(ring.y + ring.height);
      }
    }
    // Off every node, the inspector goes back to its hint and nothing is outlined.
    if (spots.empty !== undefined) {
      await pointAt(page, spots.empty);
      await expect.poll(() => inspected(page), { timeout: 30_000 }).toBeUndefined();
      expect(await page.locator('.graph-hover-ring').isHidden()).toBe(true);
    }

    // A click selects the node under the pointer, and the selection is marked on the picture.
    const [target] = spots.values;
    if (target === undefined) throw new Error('no value node in view');
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.locator(`#graph-canvas g.node.gv-selected[data-id="${target.name}"]`).count()).toBe(1);
    await expect.poll(() => inspected(page)).toBe(target.name);
    await graphShot(page, 'large-graph-hover');
    await page.context().close();
    expect(errors).toEqual([]);
  });

  it('zooms a large picture as a bitmap over a cover and then shows the live picture again, whose nodes answer the pointer', async () => {
    const { page, errors, viewport, scale } = await openBoxTestedPicture();
    // The bitmap is made when the browser is idle after the picture is shown; it joins the viewport once drawn.
    await expect.poll(() => page.locator('#graph-viewport .graph-raster').count(), { timeout: 120_000 }).toBe(1);
    // Record each swap as it happens, so the test sees the image shown however short the gesture.
    await page.evaluate(`(() => {
      window.rasterSwaps = [];
      const image = document.querySelector('#graph-viewport .graph-raster');
      const cover = document.querySelector('#graph-viewport .graph-raster-cover');
      const picture = document.querySelector('#graph-canvas');
      new MutationObserver(() => {
        window.rasterSwaps.push({ image: image.hasAttribute('data-shown'), cover: cover.hasAttribute('data-shown'), picture: picture.style.transform, imageAt: image.style.transform });
      }).observe(image, { attributes: true, attributeFilter: ['data-shown'] });
    })()`);
    const box = await viewport.boundingBox();
    if (box === null) throw new Error('no graph viewport');
    const before = await scale();
    const transformBefore = await page.evaluate<string>(`document.querySelector('#graph-canvas').style.transform`);
    await page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2 - 30);
    for (let i = 0; i < 3; i++) await page.mouse.wheel(0, 100);
    await expect.poll(scale).toBeLessThan(before * 0.8);
    await settled(page);

    // Shown while it zoomed, over a cover that hides the live picture, which did not move (so the
    // browser keeps what it painted of it); then the picture takes the bitmap's place, uncovered.
    type Swap = { image: boolean; cover: boolean; picture: string; imageAt: string };
    const swaps = await page.evaluate<Swap[]>('window.rasterSwaps');
    expect(swaps[0]).toMatchObject({ image: true, cover: true, picture: transformBefore });
    const last = swaps.at(-1) as Swap;
    expect(last).toMatchObject({ image: false, cover: false });
    expect(last.picture).toBe(last.imageAt);
    expect(last.picture).not.toBe(transformBefore);
    const style = (selector: string, property: 'opacity' | 'visibility'): Promise<string> =>
      page.evaluate(`getComputedStyle(document.querySelector('${selector}')).${property}`);
    expect(await style('#graph-canvas', 'opacity')).toBe('1');
    expect(await style('#graph-viewport .graph-raster', 'visibility')).toBe('hidden');
    expect(await style('#graph-viewport .graph-raster-cover', 'visibility')).toBe('hidden');
    expect(await graphShot(page, 'large-graph-after-zoom')).toBeGreaterThan(1500);

    // The live picture's nodes answer hover and click where they are drawn now.
    const spots = await spotsInView(page);
    expect(spots.values.length).toBeGreaterThan(0);
    for (const spot of [...spots.values, ...spots.ops]) {
      await pointAt(page, spot);
      await expect.poll(() => inspected(page), { timeout: 30_000 }).toBe(spot.name.replace(/_op$/, ''));
    }
    const [target] = spots.values;
    if (target === undefined) throw new Error('no value node in view');
    await page.mouse.click(target.x, target.y);
    await expect.poll(() => page.locator(`#graph-canvas g.node.gv-selected[data-id="${target.name}"]`).count()).toBe(1);

    // A new picture drops the bitmap; a small one has none.
    await drawProgram(page, 'a = Value(2.0)\nb = a * 3\nc = b + a');
    expect(await page.locator('.graph-raster, .graph-raster-cover').count()).toBe(0);
    await page.context().close();
    expect(errors).toEqual([]);
  });
});
