import { expect, it } from 'vitest';
import { describeWithPlayground, runLectureMlpOnOnePoint, screenshot } from './harness.js';

// Stepping through backward on an MLP's graph: one data point's graph in the values view, every
// value explained by the chain rule, as the page does for expressions.

describeWithPlayground('stepping through an MLP', { timeout: 90_000 }, (playground) => {
  it("steps backward through one data point's graph of the lecture's MLP and reads each chain-rule step", async () => {
    const page = await playground.openPage();
    const response = await runLectureMlpOnOnePoint(page);
    expect(response.status()).toBe(200);
    const answer = (await response.json()) as { graphNodes: number; loss: number };
    await page.locator('#step-backward:not([disabled])').waitFor();

    await page.locator('#step-backward').click();
    const info = page.locator('#step-info');
    expect(await info.textContent()).toContain(`step 1 of ${answer.graphNodes}`);
    // The first step is the root, the loss, whose gradient is the seed 1.
    const root = `n${answer.graphNodes - 1}`;
    expect(await info.getAttribute('data-id')).toBe(root);
    expect(await page.locator(`#graph-canvas g.node.gv-current[data-id="${root}"]`).count()).toBe(1);

    // Onwards through the loss into the network: each step shows its terms of the chain rule.
    for (let step = 2; step <= 6; step++) {
      await page.keyboard.press('n');
      await page.locator(`#step-info[data-index="${step - 1}"]`).waitFor();
      const text = (await info.textContent()) ?? '';
      expect(text).toContain(`step ${step} of ${answer.graphNodes}`);
      expect(text).toMatch(/grad\(.+\) \+= /);
    }
    // Values the pass has not reached yet still show grad 0 in the picture.
    expect(await page.locator('#graph-canvas g.node.gv-pending').count()).toBeGreaterThan(10);
    const shots = await screenshot(page, 'mlp-backward-step');
    expect(shots.graph.foreground).toBeGreaterThan(3000);

    expect(await page.locator('#inspector').textContent()).not.toContain('View: values');
    // Pointing at a weight explains its gradient as the sum of its terms.
    await page.keyboard.press('Escape');
    await page.locator('#graph-canvas g.node', { hasText: 'w1' }).first().locator('text').first().dispatchEvent('pointerover');
    expect(await page.locator('#inspector').textContent()).toMatch(/grad\(.+\) \+= /);
    await playground.closePage(page);
  });

  it('says how to step through an MLP drawn neuron by neuron', async () => {
    const page = await playground.openPage();
    await page.locator('button[data-example="lecture-mlp"]').click();
    await page.locator('#mlp-status', { hasText: 'after 20 steps' }).waitFor();
    expect(await page.locator('#step-backward').isDisabled()).toBe(true);
    expect(await page.locator('#inspector').textContent()).toContain('View: values');
    await playground.closePage(page);
  });
});
