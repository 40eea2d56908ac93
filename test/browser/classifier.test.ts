import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { SCREENSHOTS, describeWithPlayground } from './harness.js';
import { countForeground } from './pixels.js';

// The classifier view: a data set, its decision boundary redrawn while the page trains the network
// live (in a worker, on the service's own engine), play / pause / step / reset, and the curves.

// What the notebook printed. Its micrograd keeps operands in a set, so its sums run in another
// order than micrograd's with operands in order (which gradviz matches bit for bit): the losses
// agree to its own run-to-run wobble, the accuracies, the first and the last loss exactly.
const notebook = JSON.parse(readFileSync(new URL('../fixtures/mlp/demo-notebook-log.json', import.meta.url), 'utf8')) as {
  printed: string[];
  loss: number[];
};

/** micrograd's demo run with its operands kept in order, computed offline. */
const reference = JSON.parse(readFileSync(new URL('../fixtures/mlp/demo.json', import.meta.url), 'utf8')) as {
  demo: { history: number[] };
};

function lossOf(line: string): number {
  return Number(/ loss (\S+),/.exec(line)?.[1]);
}

function accuracyOf(line: string): string {
  return /accuracy (\S+)%$/.exec(line)?.[1] ?? '';
}

function isMlpPost(url: string): boolean {
  return new URL(url).pathname === '/v1/mlp';
}

async function phase(page: Page, wanted: string): Promise<void> {
  await page.locator(`#classifier[data-phase="${wanted}"]`).waitFor();
}

/** Every value `data-steps` takes on the classifier, from now on. */
async function recordSteps(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(`{
    const root = document.getElementById('classifier');
    const seen = (window.seenSteps = []);
    new MutationObserver(() => seen.push(root.dataset.steps)).observe(root, { attributeFilter: ['data-steps'] });
  }`);
  return async () => (await page.evaluate('window.seenSteps')) as string[];
}

async function boundaryPixels(page: Page): Promise<string> {
  return page.locator('#boundary-plot canvas').evaluate((canvas) => (canvas as unknown as { toDataURL(): string }).toDataURL());
}

describeWithPlayground('the classifier view', { timeout: 120_000 }, (playground) => {
  it("trains micrograd's demo network live and prints the notebook's log, step by step", async () => {
    const page = await playground.openPage();
    const [response] = await Promise.all([
      page.waitForResponse((r) => isMlpPost(r.url())),
      page.locator('button[data-example="demo-mlp"]').click(),
    ]);
    // The service trains the same network on the same data for the picture.
    expect(response.status()).toBe(200);
    const served = (await response.json()) as { history: number[]; accuracy: number[]; inputs: number[][] };
    expect(served.inputs[0]).toEqual([1.1221146075409685, 0.08147717341718697]);
    await phase(page, 'paused');
    expect(await page.locator('#boundary-plot canvas').getAttribute('aria-label')).toMatch(/^100 points/);
    const untrained = await boundaryPixels(page);

    // One step at a time: the first line the notebook printed, and a boundary that moved.
    await page.locator('#train-step').click();
    await page.locator('#classifier[data-steps="1"][data-phase="paused"]').waitFor();
    expect(await page.locator('#train-log').textContent()).toBe(notebook.printed[0]);
    expect(await boundaryPixels(page)).not.toBe(untrained);

    // Play runs the rest, redrawing as it goes, and stops after the schedule's 100 steps.
    const seen = await recordSteps(page);
    await page.locator('#train-play').click();
    await phase(page, 'finished');
    const counts = (await seen()).map(Number);
    expect(counts.at(-1)).toBe(100);
    expect(counts.filter((n) => n > 1 && n < 100).length, 'progress reports before the end').toBeGreaterThan(0);
    const log = ((await page.locator('#train-log').textContent()) ?? '').split('\n');
    expect(log).toHaveLength(100);
    expect(log.map((line) => line.split(' loss ')[0])).toEqual(notebook.printed.map((line) => line.split(' loss ')[0]));
    expect(log.map(accuracyOf)).toEqual(notebook.printed.map(accuracyOf));
    expect(log[0]).toBe(notebook.printed[0]);
    expect(log.at(-1)).toBe('step 99 loss 0.010978370135492717, accuracy 100.0%');
    const relative = log.map((line, k) => Math.abs(lossOf(line) - (notebook.loss[k] as number)) / (notebook.loss[k] as number));
    expect(Math.max(...relative)).toBeLessThan(1e-14);
    const identical = log.filter((line, k) => line === notebook.printed[k]).length;
    console.log(`demo run in the page: ${identical} of 100 log lines identical to the notebook's; largest relative loss difference ${Math.max(...relative)}`);
    // micrograd with its operands kept in order (the reference run in the fixture): bit for bit in
    // Node (test/nn); a browser's V8 may round sin, cos and exp otherwise in the last bit, which
    // a hundred steps carry into the last digits of some losses, never further.
    const fromReference = log.map((line, k) => Math.abs(lossOf(line) - (reference.demo.history[k] as number)) / (reference.demo.history[k] as number));
    expect(Math.max(...fromReference)).toBeLessThan(1e-14);
    const exact = log.filter((line, k) => lossOf(line) === reference.demo.history[k]).length;
    console.log(`demo run in the page against micrograd with operands in order: ${exact} of 100 losses bit for bit, largest relative difference ${Math.max(...fromReference)}`);
    // The service runs the same code; its runtime's sin and cos may round the moons' last bits
    // otherwise than this browser's, so the two runs agree far below what a log shows.
    const fromService = log.map((line, k) => Math.abs(lossOf(line) - (served.history[k] as number)) / (served.history[k] as number));
    expect(Math.max(...fromService)).toBeLessThan(1e-12);
    expect(await page.locator('#live-loss').getAttribute('data-points')).toBe('100');
    expect(await page.locator('#live-accuracy').getAttribute('data-points')).toBe('100');
    expect(await page.locator('#train-play').isDisabled()).toBe(true);
    expect(await page.locator('#train-readout').textContent()).toContain('step 100 of 100');

    // The trained boundary splits the plane between the two classes.
    const positive = Number(await page.locator('#classifier').getAttribute('data-positive-share'));
    expect(positive).toBeGreaterThan(0.2);
    expect(positive).toBeLessThan(0.8);
    const shot = await page.locator('#classifier').screenshot({ path: join(SCREENSHOTS, 'classifier-demo-trained.png') });
    expect(countForeground(shot).ratio, 'drawn share of the classifier view').toBeGreaterThan(0.25);
    const plot = countForeground(await page.locator('#boundary-plot canvas').screenshot());
    expect(plot.ratio, 'tinted share of the boundary plot').toBeGreaterThan(0.3);

    // Reset: a fresh network at step 0, the log and curves empty, ready to play again.
    await page.locator('#train-reset').click();
    await page.locator('#classifier[data-phase="paused"][data-steps="0"]').waitFor();
    expect(await page.locator('#train-log').textContent()).toBe('');
    expect(await page.locator('#live-loss').getAttribute('data-points')).toBe('0');
    expect(await boundaryPixels(page)).toBe(untrained);
    await playground.closePage(page);
  });

  it('trains a data set picked in the form with its own settings, as the service does', async () => {
    const page = await playground.openPage();
    await page.locator('button[data-example="demo-mlp"]').click();
    await phase(page, 'paused');
    const form = page.locator('#mlp-form');
    await form.locator('select[name="dataset"]').selectOption('circles');
    await form.locator('input[name="samples"]').fill('120');
    await form.locator('input[name="noise"]').fill('0.05');
    await form.locator('input[name="datasetSeed"]').fill('7');
    await form.locator('input[name="layers"]').fill('2, 8, 8, 1');
    await form.locator('select[name="activation"]').selectOption('tanh');
    await form.locator('select[name="loss"]').selectOption('mse');
    await form.locator('input[name="l2"]').fill('0.001');
    await form.locator('select[name="schedule"]').selectOption('constant');
    await form.locator('input[name="learningRate"]').fill('0.1');
    await form.locator('input[name="batchSize"]').fill('30');
    // Enough steps to pause, step and play mid-run; few enough that a busy machine's service answers
    // well within the wait.
    await form.locator('input[name="steps"]').fill('500');
    const [response] = await Promise.all([
      page.waitForResponse((r) => isMlpPost(r.url()), { timeout: 90_000 }),
      page.locator('#mlp-run').click(),
    ]);
    const request = JSON.parse(response.request().postData() ?? '{}') as Record<string, unknown>;
    expect(request['dataset']).toEqual({ name: 'circles', samples: 120, noise: 0.05, seed: 7 });
    expect(request['train']).toEqual({ steps: 500, learningRate: 0.1, batchSize: 30 });
    expect(request['activation']).toBe('tanh');
    expect(response.status()).toBe(200);
    const served = (await response.json()) as { history: number[] };
    await page.locator('#classifier[data-phase="paused"][data-steps="0"]').waitFor();
    expect(await page.locator('#boundary-plot canvas').getAttribute('aria-label')).toMatch(/^120 points/);

    await page.locator('#train-play').click();
    // Paused mid-run, it stays where it stopped until played again.
    await page.locator('#classifier[data-phase="playing"]:not([data-steps="0"])').waitFor();
    await page.locator('#train-pause').click();
    await phase(page, 'paused');
    const stopped = await page.locator('#classifier').getAttribute('data-steps');
    await page.locator('#train-step').click();
    await page.locator(`#classifier[data-steps="${Number(stopped) + 1}"]`).waitFor();
    await page.locator('#train-play').click();
    await phase(page, 'finished');
    const losses = ((await page.locator('#train-log').textContent()) ?? '').split('\n').map(lossOf);
    expect(losses).toHaveLength(500);
    // The same code, but this browser's Math.tanh and Math.exp may round the last bit otherwise
    // than the service's runtime: the runs agree far below anything a chart or a log shows.
    const relative = losses.map((loss, k) => Math.abs(loss - (served.history[k] as number)) / (served.history[k] as number));
    console.log(`tanh network, page against service: largest relative loss difference ${Math.max(...relative)}`);
    expect(Math.max(...relative)).toBeLessThan(1e-9);
    await page.locator('#classifier').screenshot({ path: join(SCREENSHOTS, 'classifier-circles.png') });
    await playground.closePage(page);
  });

  it('keeps the data set in the link, and reads well in the dark theme', async () => {
    const page = await playground.openPage();
    await page.locator('button[data-example="demo-mlp"]').click();
    await phase(page, 'paused');
    const form = page.locator('#mlp-form');
    await form.locator('select[name="dataset"]').selectOption('spiral');
    await form.locator('input[name="noise"]').fill('0.2');
    await form.locator('input[name="samples"]').fill('150');
    await form.locator('input[name="steps"]').fill('30');
    await page.locator('#mlp-run').click();
    await page.locator('#train-readout', { hasText: 'of 30' }).waitFor();
    await page.waitForFunction('location.hash.length > 3');
    const link = String(await page.evaluate('location.href'));
    await playground.closePage(page);

    const shared = await playground.openPage(new URL(link).pathname + new URL(link).hash, { colorScheme: 'dark' });
    await phase(shared, 'paused');
    expect(await shared.locator('select[name="dataset"]').inputValue()).toBe('spiral');
    expect(await shared.locator('input[name="noise"]').inputValue()).toBe('0.2');
    expect(await shared.locator('#boundary-plot canvas').getAttribute('aria-label')).toMatch(/^150 points/);
    await shared.locator('#train-play').click();
    await phase(shared, 'finished');
    const shot = await shared.locator('#classifier').screenshot({ path: join(SCREENSHOTS, 'classifier-spiral-dark.png') });
    expect(countForeground(shot).ratio, 'drawn share of the dark classifier view').toBeGreaterThan(0.25);
    await playground.closePage(shared);
  });

  it('fits a phone-sized screen, the classifier above the graph', async () => {
    const page = await playground.openPage('/', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await page.locator('button[data-example="demo-mlp"]').click();
    await phase(page, 'paused');
    await page.locator('#train-step').click();
    await page.locator('#classifier[data-steps="1"][data-phase="paused"]').waitFor();
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const plot = await page.locator('#boundary-plot canvas').boundingBox();
    const graph = await page.locator('#graph-viewport').boundingBox();
    expect(plot?.width).toBeGreaterThan(300);
    expect((plot?.y ?? Infinity) < (graph?.y ?? 0)).toBe(true);
    await page.locator('#classifier').screenshot({ path: join(SCREENSHOTS, 'classifier-phone.png') });
    await playground.closePage(page);
  });

  it('says why a network that is not a 2-input classifier has no classifier view', async () => {
    const page = await playground.openPage();
    await page.locator('button[data-example="lecture-mlp"]').click();
    await phase(page, 'empty');
    expect(await page.locator('#train-message').textContent()).toMatch(/2 inputs and 1 output/);
    expect(await page.locator('#train-play').isDisabled()).toBe(true);
    await playground.closePage(page);
  });
});
