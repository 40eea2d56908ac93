import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { formatFixed } from '../../src/graph/format.js';
import { describeWithPlayground, screenshot } from './harness.js';
import { countForeground } from './pixels.js';

// MLPs in the playground: a training run, its loss curve and the network in the neuron view.

const lectureMlp = (
  JSON.parse(readFileSync(new URL('../fixtures/mlp/reference.json', import.meta.url), 'utf8')) as {
    cases: { name: string; expected: { loss: number; history: number[] } }[];
  }
).cases.find((c) => c.name === 'lecture-train');

describeWithPlayground('the playground with MLPs', { timeout: 90_000 }, (playground) => {
  it("trains the lecture's MLP and draws a loss curve that goes down", async () => {
    const page = await playground.openPage();
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/mlp'),
      page.locator('button[data-example="lecture-mlp"]').click(),
    ]);
    expect(response.status(), 'POST /v1/mlp').toBe(200);
    const result = (await response.json()) as { history: number[]; loss: number; parameters: unknown[] };
    expect(result.history).toHaveLength(20);

    // The curve grows as the steps run, then shows all 20 steps and the final loss.
    const chart = page.locator('#loss-chart');
    const shown: number[] = [];
    for (let i = 0; i < 100 && (await chart.getAttribute('data-complete')) !== 'true'; i++) {
      shown.push(Number(await chart.getAttribute('data-shown')));
      await page.waitForTimeout(30);
    }
    expect(await chart.getAttribute('data-complete')).toBe('true');
    expect(shown.length).toBeGreaterThan(1);
    expect(shown[0]).toBeLessThan(21);

    const points = ((await chart.locator('polyline').getAttribute('points')) ?? '')
      .trim()
      .split(/\s+/)
      .map((p) => p.split(',').map(Number));
    expect(points).toHaveLength(21);
    // SVG y grows downwards: a falling loss is a rising y. The lecture's run falls at every step.
    const ys = points.map(([, y]) => y ?? NaN);
    for (let i = 1; i < ys.length; i++) expect(ys[i]).toBeGreaterThan(ys[i - 1] ?? Infinity);
    // The numbers are Python's (fixture made by running the lecture's code).
    expect(result.history[0]).toBeCloseTo(lectureMlp?.expected.history[0] ?? NaN, 12);
    expect(await page.locator('#mlp-status').textContent()).toContain(
      `loss ${formatFixed(lectureMlp?.expected.loss ?? NaN, 4)} after 20 steps`,
    );
    expect(await page.locator('#values-table tbody tr').count()).toBe(41);
    expect((await page.locator('#graph-canvas svg text').allTextContents()).join(' ')).toMatch(/neuron/);
    const shots = await screenshot(page, '5-mlp-trained');
    expect(shots.graph.foreground).toBeGreaterThan(3000);
    expect(countForeground(await chart.screenshot()).foreground).toBeGreaterThan(800);
    await playground.closePage(page);
  });
});
