import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { expect, it } from 'vitest';
import type { ExpressionJson, JsonEdge } from '../helpers/expression-json.js';
import { SCREENSHOTS, describeWithPlayground, nextExpression, runLectureMlpOnOnePoint } from './harness.js';
import { countForeground } from './pixels.js';

// The chain-rule view writes out the answer's edges: the numbers it shows are the service's. The
// answers are changed on their way to the page, so numbers the page computed itself would show.

interface WithEdges {
  edges?: JsonEdge[];
  warnings?: { type?: string; detail: string }[];
}

/** Answers `path`'s requests with the service's answer as `change` leaves it. */
async function changeAnswers(page: Page, path: string, change: (answer: WithEdges) => void): Promise<void> {
  await page.route(
    (url) => url.pathname === path,
    async (route: Route) => {
      const response = await route.fetch();
      const answer = (await response.json()) as WithEdges;
      change(answer);
      await route.fulfill({ response, json: answer });
    },
  );
}

describeWithPlayground('the chain-rule view', { timeout: 90_000 }, (playground) => {
  it("shows the local derivative and contribution the answer lists, not numbers of the page's own", async () => {
    const page = await playground.openPage();
    await changeAnswers(page, '/v1/expression', (answer) => {
      // The edge from b into e = a * b: local a.data = 2, contribution 2 * grad(e) = -4.
      const b = (answer as ExpressionJson).nodes.find((n) => n.label === 'b');
      const edge = answer.edges?.find((e) => e.from === b?.id);
      if (edge === undefined) throw new Error('the answer has no edge from b');
      edge.local = 0.125;
      edge.contribution = 1234.5;
    });
    const result = await nextExpression(page, () => page.locator('button[data-example="lecture"]').click());
    const b = result.nodes.find((n) => n.label === 'b');
    expect(b?.grad).toBe(-4);

    await page.locator(`#graph-canvas g.node[data-id="${b?.id}"]`).hover();
    const inspector = page.locator('#inspector');
    await expect.poll(() => inspector.textContent()).toContain('grad(b) += a.data * grad(e) = 0.1250 * -2.0000 = 1234.5000');
    // The picture still reads the service's grad of b: only the edge was changed.
    expect(await page.locator('#values-table tr[data-name="b"] td.grad').textContent()).toBe('-4.0000');
    const shot = await inspector.screenshot({ path: join(SCREENSHOTS, 'chain-rule-view-edge.png') });
    expect(countForeground(shot).foreground, 'drawn pixels of the inspector').toBeGreaterThan(500);

    // Stepping backward reads the same edge.
    await page.locator('h1').click();
    await page.keyboard.press('b');
    for (let step = 0; step < result.nodes.length && (await page.locator('#step-info').getAttribute('data-id')) !== b?.id; step++) {
      await page.keyboard.press('n');
    }
    expect(await page.locator('#step-info').textContent()).toContain('= 0.1250 * -2.0000 = 1234.5000');
    await playground.closePage(page);
  });

  it('says so when the answer has no edges, and still steps through the values', async () => {
    const page = await playground.openPage();
    const why = 'the list of chain-rule edges would be 9,000 bytes, more than the 8,000 left; the answer has no edges';
    await changeAnswers(page, '/v1/expression', (answer) => {
      delete answer.edges;
      answer.warnings = [{ type: 'https://gradviz.dev/problems/limit-exceeded', detail: why }];
    });
    const result: ExpressionJson = await nextExpression(page, () => page.locator('button[data-example="lecture"]').click());
    const a = result.nodes.find((n) => n.label === 'a');
    const inspector = page.locator('#inspector');
    await expect.poll(() => inspector.textContent()).toContain(`left out the chain rule, edge by edge: ${why}`);

    await page.locator(`#graph-canvas g.node[data-id="${a?.id}"]`).hover();
    await expect.poll(() => inspector.textContent()).toContain(`grad(a) = 6.0000  (no chain-rule terms: ${why})`);
    expect(await inspector.textContent()).toContain('a = 2.0000 (a leaf: given, not computed)');

    await page.locator('h1').click();
    await page.keyboard.press('b');
    expect(await page.locator('#step-info').textContent()).toContain('grad(L) = 1.0');
    await page.keyboard.press('n');
    expect(await page.locator('#step-info').textContent()).toContain(`(no chain-rule terms: ${why})`);
    await playground.closePage(page);
  });

  it("reads an MLP's edges from its answer too", async () => {
    const page = await playground.openPage();
    await changeAnswers(page, '/v1/mlp', (answer) => {
      const { graphNodes } = answer as { graphNodes: number };
      // Every edge into the value the second backward step completes.
      for (const edge of answer.edges ?? []) {
        if (edge.from !== `n${graphNodes - 2}`) continue;
        edge.local = 0.125;
        edge.contribution = 1234.5;
      }
    });
    const response = await runLectureMlpOnOnePoint(page);
    const { graphNodes } = (await response.json()) as { graphNodes: number };
    await page.locator('#step-backward:not([disabled])').waitFor();
    await page.locator('#step-backward').click();
    await page.keyboard.press('n');
    await page.locator('#step-info[data-index="1"]').waitFor();
    expect(await page.locator('#step-info').getAttribute('data-id')).toBe(`n${graphNodes - 2}`);
    expect(await page.locator('#step-info').textContent()).toMatch(/grad\(.+\) \+= .* = 0\.1250 \* 1\.0000 = 1234\.5000/);
    await playground.closePage(page);
  });
});
