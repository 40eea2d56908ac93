import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { SCREENSHOTS, describeWithPlayground } from './harness.js';
import { countForeground } from './pixels.js';

// The graph taking the whole window, and its text readable at the zoom it first shows.

/** The on-screen height (px) of the graph's value texts inside the viewport, smallest first. */
async function visibleTextHeights(page: Page): Promise<number[]> {
  const viewport = await page.locator('#graph-viewport').boundingBox();
  if (viewport === null) throw new Error('no graph viewport');
  const boxes = await page.locator('#graph-canvas svg g.node text').evaluateAll((texts) =>
    texts.map((text) => {
      const box = text.getBoundingClientRect();
      return { x: box.x, y: box.y, height: box.height };
    }),
  );
  return boxes
    .filter((b) => b.x >= viewport.x && b.x <= viewport.x + viewport.width && b.y >= viewport.y && b.y <= viewport.y + viewport.height)
    .map((b) => b.height)
    .sort((a, b) => a - b);
}

describeWithPlayground('the graph in the whole window', { timeout: 120_000 }, (playground) => {
  it("shows micrograd's demo network legibly, in its panel and in the whole window", async () => {
    const page = await playground.openPage();
    await page.locator('button[data-example="demo-mlp"]').click();
    await page.locator('#mlp-status', { hasText: 'after 100 steps' }).waitFor({ timeout: 90_000 });

    // At the first zoom the text in view is readable: about 10 px, not a sliver.
    const inPanel = await visibleTextHeights(page);
    expect(inPanel.length).toBeGreaterThan(5);
    expect(inPanel[0]).toBeGreaterThanOrEqual(9);
    const panelBox = await page.locator('#graph-viewport').boundingBox();

    await page.locator('#graph-full').click();
    expect(await page.locator('#graph-full').getAttribute('aria-pressed')).toBe('true');
    const fullBox = await page.locator('#graph-viewport').boundingBox();
    expect(fullBox?.width).toBeGreaterThan(1200);
    expect(fullBox?.height).toBeGreaterThan(600);
    expect((fullBox?.height ?? 0) * (fullBox?.width ?? 0)).toBeGreaterThan(2 * (panelBox?.height ?? 0) * (panelBox?.width ?? 0));
    const inWindow = await visibleTextHeights(page);
    expect(inWindow[0]).toBeGreaterThanOrEqual(9);
    expect(inWindow.length).toBeGreaterThan(inPanel.length);
    const shot = await page.screenshot({ path: join(SCREENSHOTS, 'graph-whole-window.png') });
    expect(countForeground(shot).ratio, 'drawn share of the whole-window graph').toBeGreaterThan(0.03);
    // Nothing else of the page shows: the graph covers the form and the classifier.
    expect(await page.locator('#mlp-run').isVisible()).toBe(true);
    expect(await page.evaluate('document.elementFromPoint(60, 300).closest(".graph-panel") !== null')).toBe(true);

    // Escape (or the button, or w) gives the page back.
    await page.locator('#graph-viewport').focus();
    await page.keyboard.press('Escape');
    expect(await page.locator('#graph-full').getAttribute('aria-pressed')).toBe('false');
    expect((await page.locator('#graph-viewport').boundingBox())?.width).toBeCloseTo(panelBox?.width ?? 0, 0);
    await page.keyboard.press('w');
    expect(await page.locator('#graph-full').getAttribute('aria-pressed')).toBe('true');
    await page.locator('#graph-full').click();
    expect(await page.locator('#graph-full').getAttribute('aria-pressed')).toBe('false');
    await playground.closePage(page);
  });

  it("starts the lecture's expression legible, and fits it whole on 0", async () => {
    const page = await playground.openPage();
    await page.locator('#graph-canvas svg').waitFor();
    const first = await visibleTextHeights(page);
    expect(first[0]).toBeGreaterThanOrEqual(9);
    await page.locator('#graph-viewport').focus();
    await page.keyboard.press('0');
    const all = await page.locator('#graph-canvas svg g.node text').count();
    expect(await visibleTextHeights(page)).toHaveLength(all);
    // In the whole window the whole lecture graph is legible at once.
    await page.keyboard.press('w');
    const whole = await visibleTextHeights(page);
    expect(whole).toHaveLength(all);
    expect(whole[0]).toBeGreaterThanOrEqual(9);
    await playground.closePage(page);
  });
});
