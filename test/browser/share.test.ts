import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { expect, it } from 'vitest';
import { describeWithPlayground, elementTexts, nextExpression } from './harness.js';
import { countForeground } from './pixels.js';

// Embedding from the playground: image URLs served by the GET endpoints, snippets and downloads.

describeWithPlayground('sharing from the playground', { timeout: 90_000 }, (playground) => {
  it('copies an image URL that serves the same SVG the page shows, with Markdown and HTML snippets', async () => {
    const page = await playground.openPage();
    const result = await nextExpression(page, () => page.locator('button[data-example="lecture"]').click());
    await page.locator('#copy-image-url').click();
    await expect.poll(() => page.locator('#share-output').inputValue()).toMatch(/^http/);
    const url = await page.locator('#share-output').inputValue();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);
    const match = /\/v1\/expression\/svg\/([A-Za-z0-9_-]+)$/.exec(new URL(url).pathname);
    expect(match).not.toBeNull();
    // Kroki's encoding: zlib deflate then base64url, decoded here with Node's own zlib.
    expect(inflateSync(Buffer.from(match?.[1] ?? '', 'base64url')).toString('utf8')).toBe(
      await page.locator('#source').inputValue(),
    );

    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    const svg = await fetched.text();
    expect(svg).toBe(result.svg);
    // And the inlined picture carries the same node names and texts.
    const inline = await page.locator('#graph-canvas').innerHTML();
    expect(elementTexts(inline, 'text')).toEqual(elementTexts(svg, 'text'));
    expect(elementTexts(inline, 'title')).toEqual(elementTexts(svg, 'title'));

    await page.locator('#copy-markdown').click();
    await expect.poll(() => page.locator('#share-output').inputValue()).toBe(`![Expression graph drawn by gradviz](${url})`);
    await page.locator('#copy-html').click();
    await expect.poll(() => page.locator('#share-output').inputValue()).toMatch(new RegExp(`^<img src="${url.replace(/[?.]/g, '\\$&')}" alt="[^"]+">$`));

    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#download-svg').click()]);
    expect(readFileSync((await download.path()) ?? '', 'utf8')).toBe(result.svg);
    await playground.closePage(page);
  });

  it('downloads the PNG of the graph', async () => {
    const page = await playground.openPage();
    await nextExpression(page, () => page.locator('button[data-example="lecture"]').click());
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }).catch(async (error: unknown) => {
        // The page says why it did not download (e.g. the PNG endpoint answered 404).
        throw new Error(`no PNG was downloaded: ${await page.locator('#share-output').inputValue()}`, { cause: error });
      }),
      page.locator('#download-png').click(),
    ]);
    const png = readFileSync((await download.path()) ?? '');
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(countForeground(png).foreground).toBeGreaterThan(1000);
    await playground.closePage(page);
  });
  it("copies an image URL of the lecture's MLP that serves the picture the page shows", async () => {
    const page = await playground.openPage();
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/mlp'),
      page.locator('button[data-example="lecture-mlp"]').click(),
    ]);
    const result = (await response.json()) as { svg: string };
    await page.locator('#copy-image-url').click();
    await expect.poll(() => page.locator('#share-output').inputValue()).toMatch(/\/v1\/mlp\/svg\/[A-Za-z0-9_-]+$/);
    const url = await page.locator('#share-output').inputValue();
    // The path holds the request body, deflated: the lecture's network, data and training.
    const body = JSON.parse(inflateSync(Buffer.from(url.split('/').at(-1) ?? '', 'base64url')).toString('utf8')) as unknown;
    expect(body).toMatchObject({
      layers: [3, 4, 4, 1],
      seed: 1337,
      inputs: [[2, 3, -1], [3, -1, 0.5], [0.5, 1, 1], [1, 1, -1]],
      targets: [1, -1, -1, 1],
      loss: 'sse',
      train: { steps: 20, learningRate: 0.05 },
    });
    const fetched = await fetch(url);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toBe(result.svg);
    await playground.closePage(page);
  });
});
