import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { formatFixed } from '../../src/graph/format.js';
import {
  LECTURE,
  SCREENSHOTS,
  describeWithPlayground,
  isExpressionPost,
  nextExpression,
  nodeTexts,
  replaceSource,
  requestedSource,
  screenshot,
} from './harness.js';
import { countForeground } from './pixels.js';

// Expressions in the playground: what a reader types, sees, steps through and links to.

/** The value the current step is about and the values it has not reached, as the picture marks them. */
async function stepState(page: Page): Promise<{ current: string | null; pending: string[] }> {
  // An op node is marked with the value it makes; the value node carries the id.
  const marked = page.locator('#graph-canvas g.node.gv-current:not([data-id$="_op"])');
  const current = (await marked.count()) === 0 ? null : await marked.getAttribute('data-id');
  const pending = await page
    .locator('#graph-canvas g.node.gv-pending')
    .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-id') ?? ''));
  return { current, pending: [...new Set(pending.filter((id) => !id.endsWith('_op')))] };
}

describeWithPlayground('the playground with expressions', { timeout: 90_000 }, (playground) => {
  it('draws the lecture program as it is typed, debounced, with L = -8 and grad(a) = 6', async () => {
    const page = await playground.openPage();
    await replaceSource(page, '');
    await expect.poll(() => page.locator('#graph-empty').isVisible()).toBe(true);

    const sources: string[] = [];
    page.on('request', (request) => {
      if (isExpressionPost(request)) sources.push(requestedSource(request));
    });
    const result = await nextExpression(page, () => page.keyboard.type(LECTURE), (text) => text === LECTURE);
    // One request per pause in typing, not one per key.
    expect(sources.length).toBeLessThan(5);
    expect(sources.at(-1)).toBe(LECTURE);

    const root = result.output;
    expect(root.label).toBe('L');
    await expect.poll(() => nodeTexts(page, root.id)).toEqual(['L', 'data -8.0000', 'grad 1.0000']);
    const a = result.nodes.find((n) => n.label === 'a');
    expect(await nodeTexts(page, a?.id ?? '?')).toEqual(['a', 'data 2.0000', 'grad 6.0000']);
    await expect.poll(() => page.locator('#values-table tr[data-name="a"] td.grad').textContent()).toBe('6.0000');
    expect(await page.locator('#values-table tr[data-name="a"] td.data').textContent()).toBe('2.0000');
    expect(await page.locator('#values-table tr[data-name="L"] td.data').textContent()).toBe('-8.0000');
    expect(await page.locator('#status').textContent()).toContain('L = -8.0000');
    await screenshot(page, '1-lecture-typed');
    await playground.closePage(page);
  });

  it('shows a syntax error at its line and column, and brings the graph back once fixed', async () => {
    const page = await playground.openPage();
    const broken = `a = Value(2.0, label='a')\nb = Value(-3.0, label='b')\nc = tahn(a * b)`;
    await replaceSource(page, broken);
    const box = page.locator('#source-error');
    await expect.poll(() => box.locator('.source-error-message').textContent()).toMatch(/tahn/);
    expect(await box.isVisible()).toBe(true);
    expect(await box.getAttribute('data-line')).toBe('3');
    const message = (await box.locator('.source-error-message').textContent()) ?? '';
    expect(message).toMatch(/^line 3, column \d+: .*tahn/);
    // The caret in the excerpt, the marked column of the editor and the message agree, on `tahn`.
    const column = Number(/column (\d+)/.exec(message)?.[1]);
    expect("c = tahn(a * b)".slice(column - 1)).toMatch(/^tahn/);
    const [quoted = '', caret = ''] = ((await box.locator('.source-error-excerpt').textContent()) ?? '').split('\n');
    expect(quoted).toBe('3 | c = tahn(a * b)');
    expect(caret.indexOf('^') - '3 | '.length).toBe(column - 1);
    expect(await page.locator('.gutter-lines > div.error-line').textContent()).toBe('3');
    expect(await page.locator('.backdrop-line.error-line .error-column').textContent()).toBe('t');
    expect(await page.locator('#source').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#graph-viewport').getAttribute('data-stale')).toBe('true');
    // The picture itself is dimmed, not only marked.
    const canvasOpacity = (): Promise<string> => page.evaluate(`getComputedStyle(document.querySelector('#graph-viewport .graph-canvas')).opacity`);
    expect(await canvasOpacity()).toBe('0.3');
    expect(await page.locator('#values-table').getAttribute('data-stale')).toBe('true');
    const rowsOpacity = (): Promise<string> => page.evaluate(`getComputedStyle(document.querySelector('#values-table tbody')).opacity`);
    expect(await rowsOpacity()).toBe('0.45');
    await page.screenshot({ path: join(SCREENSHOTS, '2-syntax-error.png'), fullPage: true });
    expect(countForeground(await page.locator('#source-error').screenshot()).foreground).toBeGreaterThan(200);

    // Fix the typo where it is: line 3, column 5.
    const result = await nextExpression(page, async () => {
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.press('Home');
      for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
      for (let i = 0; i < 4; i++) await page.keyboard.press('Delete');
      await page.keyboard.type('tanh');
    }, (text) => text.includes('tanh('));
    await expect.poll(() => box.isVisible()).toBe(false);
    expect(await page.locator('#graph-viewport').getAttribute('data-stale')).toBe('false');
    expect(await canvasOpacity()).toBe('1');
    expect(await page.locator('#values-table').getAttribute('data-stale')).toBe('false');
    expect(await rowsOpacity()).toBe('1');
    expect(await page.locator('#source').getAttribute('aria-invalid')).toBe('false');
    expect(result.output.op).toBe('tanh');
    expect(await nodeTexts(page, result.output.id)).toEqual(['c', `data ${formatFixed(Math.tanh(-6), 4)}`, 'grad 1.0000']);
    await screenshot(page, '3-syntax-error-fixed');
    await playground.closePage(page);
  });

  it('steps through the backward pass in reverse topological order, from the root to the leaves', async () => {
    const page = await playground.openPage();
    const result = await nextExpression(page, () => page.locator('button[data-example="lecture"]').click());
    const { nodes } = result;
    await page.locator('h1').click();
    await page.keyboard.press('b');

    const visited: string[] = [];
    for (let step = 0; step < nodes.length; step++) {
      if (step > 0) await page.keyboard.press('n');
      const { current, pending } = await stepState(page);
      expect(current).not.toBeNull();
      visited.push(current ?? '');
      const node = nodes.find((n) => n.id === current);
      // Every value that uses this one has already sent its gradient back.
      for (const consumer of nodes.filter((n) => n.inputs.includes(current ?? ''))) expect(visited).toContain(consumer.id);
      // Gradients not filled in yet read 0; the current one reads its final value.
      expect(pending.sort()).toEqual(nodes.filter((n) => !visited.includes(n.id)).map((n) => n.id).sort());
      for (const id of pending) expect((await nodeTexts(page, id)).at(-1)).toBe('grad 0.0000');
      expect((await nodeTexts(page, current ?? '')).at(-1)).toBe(`grad ${formatFixed(node?.grad ?? NaN, 4)}`);
      expect(await page.locator('#step-info').getAttribute('data-id')).toBe(current);
      if (step === 0) {
        expect(node?.label).toBe('L');
        expect(await page.locator('#step-info').textContent()).toContain('grad(L) = 1.0');
      }
      if (node?.label === 'a') {
        expect(await page.locator('#step-info').textContent()).toContain(
          'grad(a) += b.data * grad(e) = -3.0000 * -2.0000 = 6.0000',
        );
      }
      if (step === 3) await screenshot(page, '4-backward-step');
    }
    expect(visited).toEqual(nodes.map((n) => n.id).reverse());
    expect(nodes.find((n) => n.id === visited.at(-1))?.op).toBe('');
    expect(await page.locator('#step-next').isDisabled()).toBe(true);

    // The forward pass goes the other way, and has not computed later values yet.
    await page.keyboard.press('f');
    const first = await stepState(page);
    expect(first.current).toBe(nodes[0]?.id);
    expect((await nodeTexts(page, result.output.id))[1]).toBe('data ?');
    await page.keyboard.press('Escape');
    expect((await stepState(page)).current).toBeNull();
    expect(await nodeTexts(page, result.output.id)).toEqual(['L', 'data -8.0000', 'grad 1.0000']);
    await playground.closePage(page);
  });

  it('explains a value on hover, sorts the table and pans and zooms the graph', async () => {
    const page = await playground.openPage();
    const result = await nextExpression(page, () => page.locator('button[data-example="lecture"]').click());
    const a = result.nodes.find((n) => n.label === 'a');
    await page.locator(`#graph-canvas g.node[data-id="${a?.id}"]`).hover();
    await expect
      .poll(() => page.locator('#inspector').textContent())
      .toContain('grad(a) += b.data * grad(e) = -3.0000 * -2.0000 = 6.0000');

    await page.locator('#values-table th[data-key="grad"] button').click();
    expect(await page.locator('#values-table th[data-key="grad"]').getAttribute('aria-sort')).toBe('ascending');
    const grads = (await page.locator('#values-table td.grad').allTextContents()).map(Number);
    expect(grads).toEqual([...grads].sort((x, y) => x - y));
    expect(grads[0]).toBe(-4);

    const viewport = page.locator('#graph-viewport');
    const scale = async (): Promise<number> => Number(await viewport.getAttribute('data-scale'));
    // The first view keeps the text legible (here, with the graph wider than its panel, at 0.75);
    // 0 fits the whole graph.
    const first = await scale();
    expect(first).toBeGreaterThanOrEqual(0.75);
    await viewport.focus();
    await page.keyboard.press('0');
    const fitted = await scale();
    expect(fitted).toBeLessThanOrEqual(first);
    await page.keyboard.press('+');
    expect(await scale()).toBeGreaterThan(fitted);
    await page.keyboard.press('0');
    expect(await scale()).toBeCloseTo(fitted, 3);
    await page.keyboard.press('-');
    expect(await scale()).toBeLessThan(fitted);
    const box = await viewport.boundingBox();
    if (box === null) throw new Error('no graph viewport');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await expect.poll(scale).toBeGreaterThan(fitted);
    const before = await page.locator('#graph-canvas').getAttribute('style');
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2 + 30, { steps: 4 });
    await page.mouse.up();
    expect(await page.locator('#graph-canvas').getAttribute('style')).not.toBe(before);
    await playground.closePage(page);
  });

  it('keeps the whole state in the link, so the link reproduces the page', async () => {
    const page = await playground.openPage();
    await nextExpression(page, () => page.locator('button[data-example="lecture"]').click());
    const edited = LECTURE.replace('Value(10.0', 'Value(12.0');
    await nextExpression(page, () => replaceSource(page, edited), (text) => text === edited);
    await page.locator('#copy-link').click();
    await expect.poll(() => page.locator('#share-output').inputValue()).toContain('#s=');
    const link = await page.locator('#share-output').inputValue();
    await playground.closePage(page);

    const reopened = await playground.openPage(new URL(link).pathname + new URL(link).hash);
    await expect.poll(() => reopened.locator('#source').inputValue()).toBe(edited);
    // (-6 + 12) * -2
    await expect.poll(() => reopened.locator('#values-table tr[data-name="L"] td.data').textContent()).toBe('-12.0000');
    await playground.closePage(reopened);
  });

  it('reads well in dark mode and asks the API for dark pictures', async () => {
    const page = await playground.openPage('/', { colorScheme: 'dark' });
    // The first example's answer must be in before the click: else it can be taken for the neuron's.
    await expect.poll(() => page.locator('#status').textContent()).toContain('L = -8.0000');
    const [request, result] = await Promise.all([
      page.waitForRequest((r) => isExpressionPost(r)),
      nextExpression(page, () => page.locator('button[data-example="neuron"]').click()),
    ]);
    expect((JSON.parse(request.postData() ?? '{}') as { options?: { theme?: string } }).options?.theme).toBe('dark');
    await expect.poll(() => page.locator('#status').textContent()).toContain('o = 0.7071');
    const shots = await screenshot(page, '6-dark-neuron');
    const [r, g, b] = shots.page.background;
    expect(r + g + b).toBeLessThan(3 * 60);
    expect(shots.graph.background[0] + shots.graph.background[1] + shots.graph.background[2]).toBeLessThan(3 * 60);

    // The image URL carries the theme, so an embedded picture matches what the page shows.
    await page.locator('#copy-image-url').click();
    await expect.poll(() => page.locator('#share-output').inputValue()).toMatch(/^http.*\?theme=dark$/);
    const fetched = await fetch(await page.locator('#share-output').inputValue());
    expect(await fetched.text()).toBe(result.svg);
    await playground.closePage(page);
  });

  it('fits a phone-sized screen and can be used from the keyboard alone', async () => {
    const page = await playground.openPage('/', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await expect.poll(() => page.locator('#status').textContent()).toContain('L = -8.0000');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await screenshot(page, '7-phone');

    // Tab reaches the editor, the step buttons, the graph and the share buttons, in reading order.
    await page.locator('h1').click();
    const reached: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      reached.push(String(await page.evaluate('document.activeElement.id || document.activeElement.textContent')));
    }
    for (const id of ['source', 'copy-image-url', 'step-backward', 'graph-viewport']) expect(reached).toContain(id);
    expect(reached.indexOf('source')).toBeLessThan(reached.indexOf('graph-viewport'));
    await playground.closePage(page);
  });
});
