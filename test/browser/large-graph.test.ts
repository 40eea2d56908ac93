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
    const source = largeProgram(10_000, 7);
    const [response] = await Promise.all([
      page.waitForResponse(
        (r) => new URL(r.url()).pathname === '/v1/expression' && (JSON.parse(r.request().postData() ?? '{}') as { source?: string }).source === source,
        { timeout: 300_000 },
      ),
      pasteSource(page, source),
    ]);
    // (The answer itself is too large for the browser's inspector to hand over; the page reads it.)
    expect(response.status()).toBe(200);
    await page.locator('#status', { hasText: 'values' }).waitFor({ timeout: 300_000 });
    const values = Number(/· (\d+) values/.exec((await page.locator('#status').textContent()) ?? '')?.[1]);
    expect(values).toBeGreaterThan(9_000);
    await expect.poll(() => valueNodes(page), { timeout: 300_000 }).toBe(values);
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
});
