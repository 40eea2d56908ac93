import { expect, it } from 'vitest';
import { describeWithPlayground } from './harness.js';

// How fast the page trains micrograd's demo network (MLP(2, [16, 16, 1]) on the notebook's 100
// moons) live, boundary redrawn as it goes, and how long the main thread's longest frame is meanwhile.
// A measurement printed for people to read, not a timed assertion: the machine may be busy.

describeWithPlayground('live training speed', { timeout: 180_000 }, (playground) => {
  it("measures steps per second of micrograd's demo network in the page", async () => {
    const page = await playground.openPage();
    await page.locator('button[data-example="demo-mlp"]').click();
    await page.locator('#classifier[data-phase="paused"]').waitFor();
    const form = page.locator('#mlp-form');
    await form.locator('input[name="steps"]').fill('500');
    await form.locator('select[name="schedule"]').selectOption('constant');
    await form.locator('input[name="learningRate"]').fill('0.05');
    // The service's own 500-step run and its picture land first, so they do not share the measurement.
    await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/mlp'),
      page.locator('#mlp-run').click(),
    ]);
    await page.locator('#mlp-status', { hasText: 'after 500 steps' }).waitFor({ timeout: 120_000 });
    await page.locator('#classifier[data-phase="paused"][data-steps="0"]').waitFor();
    await page.locator('#train-readout', { hasText: 'of 500' }).waitFor();

    // The longest gap between animation frames while training runs: what a reader would feel.
    await page.evaluate(() => {
      const scope = globalThis as unknown as { frameGaps: number[]; requestAnimationFrame(tick: (now: number) => void): number };
      const gaps: number[] = [];
      scope.frameGaps = gaps;
      let last = performance.now();
      const tick = (now: number): void => {
        gaps.push(now - last);
        last = now;
        scope.requestAnimationFrame(tick);
      };
      scope.requestAnimationFrame(tick);
    });
    await page.locator('#train-play').click();
    await page.locator('#classifier[data-phase="finished"]').waitFor({ timeout: 150_000 });
    const perSecond = Number(await page.locator('#classifier').getAttribute('data-steps-per-second'));
    const gaps = await page.evaluate(() => (globalThis as unknown as { frameGaps: number[] }).frameGaps);
    const longest = Math.max(...gaps.slice(1));
    console.log(`live training of the demo network in chromium: ${perSecond.toFixed(1)} steps/s over 500 steps; longest frame ${longest.toFixed(0)} ms`);
    expect(await page.locator('#classifier').getAttribute('data-steps')).toBe('500');
    expect(perSecond).toBeGreaterThan(0);
    await playground.closePage(page);
  });
});
