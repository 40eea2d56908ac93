import type { FastifyInstance } from 'fastify';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildComponent } from '../../scripts/build-component.js';
import { PALETTES } from '../../src/graph/palette.js';
import { buildApp } from '../helpers/build-app.js';
import { LECTURE } from '../helpers/programs.js';
import { launchChromium, newContext } from './chromium.js';

// <gradviz-graph> in Debian's chromium, on a page of another origin that loads the element from
// the service, as a blog would: the default service is the script's origin, not the page's.

let app: FastifyInstance;
let pages: Server;
let browser: Browser;
let service: string;
let site: string;

const BROKEN = "a = Value(2.0, label='a')\nb = a * tahn(a)";

/** The lecture after 300 comment lines of noise that deflate cannot shrink: too long for a GET URL. */
function longProgram(): string {
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed.toString(36);
  };
  const comments = Array.from({ length: 300 }, () => `# ${noise()} ${noise()} ${noise()}`);
  return [...comments, LECTURE].join('\n');
}

/** Indented as an author indents markup; the element removes the shared indentation. */
function indented(program: string): string {
  return program.split('\n').map((line) => `      ${line.replace(/&/g, '&amp;').replace(/</g, '&lt;')}`).join('\n');
}

function page(): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><script type="module" src="${service}/gradviz-graph.js"></script></head>
<body>
  <h1>Backpropagation</h1>
  <gradviz-graph id="lecture">
${indented(LECTURE)}
  </gradviz-graph>
  <gradviz-graph id="light" theme="light" rankdir="TB">
${indented("x = Value(3.0, label='x')\ny = x * x; y.label = 'y'")}
  </gradviz-graph>
  <gradviz-graph id="broken">
${indented(BROKEN)}
  </gradviz-graph>
  <gradviz-graph id="long">
${indented(longProgram())}
  </gradviz-graph>
</body></html>`;
}

beforeAll(async () => {
  await buildComponent();
  app = await buildApp();
  await app.listen({ port: 0, host: '127.0.0.1' });
  service = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // The page's own origin: localhost, another host than the service's 127.0.0.1.
  pages = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page()));
  await new Promise<void>((resolve) => pages.listen(0, '127.0.0.1', resolve));
  site = `http://localhost:${(pages.address() as AddressInfo).port}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => pages?.close(resolve));
  await app?.close();
});

async function open(colorScheme: 'light' | 'dark'): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(browser, site, { colorScheme });
  const opened = await context.newPage();
  const errors: string[] = [];
  opened.on('pageerror', (error) => errors.push(error.message));
  await opened.goto('/');
  for (const id of ['lecture', 'light', 'broken', 'long']) {
    // Each element fetches its picture from the service: on a busy machine that takes seconds.
    await expect.poll(() => opened.locator(`#${id}`).getAttribute('data-state'), { timeout: 60_000 }).toMatch(/^(ready|error)$/);
  }
  return { page: opened, errors };
}

/** The texts of the element's SVG, and the fill of its background (Graphviz's first polygon). */
async function drawn(page: Page, id: string): Promise<{ texts: string[]; background: string | null }> {
  const svg = page.locator(`#${id} svg`);
  const texts = (await svg.locator('text').allTextContents()).map((text) => text.trim());
  const background = await svg.locator('g.graph > polygon').first().getAttribute('fill').catch(() => null);
  return { texts, background };
}

describe('<gradviz-graph>', { timeout: 90_000 }, () => {
  it('draws the program in its text with the service that served the script, following a light page', async () => {
    const { page: light, errors } = await open('light');
    expect(await light.locator('#lecture').getAttribute('data-state')).toBe('ready');
    const lecture = await drawn(light, 'lecture');
    expect(lecture.texts).toEqual(expect.arrayContaining(['L', 'data -8.0000', 'grad 1.0000', 'a', 'data 2.0000', 'grad 6.0000']));
    expect(lecture.background).toBe(PALETTES.light.background);
    const { texts } = await drawn(light, 'light');
    expect(texts).toEqual(expect.arrayContaining(['y', 'data 9.0000', 'grad 1.0000']));
    expect(errors).toEqual([]);
    await light.context().close();
  });

  it('posts a program too long for a URL, and draws it the same', async () => {
    const { page: light } = await open('light');
    const posted: string[] = [];
    light.on('request', (request) => posted.push(`${request.method()} ${new URL(request.url()).pathname}`));
    await light.reload();
    await expect.poll(() => light.locator('#long').getAttribute('data-state'), { timeout: 60_000 }).toBe('ready');
    expect(posted).toContain('POST /v1/expression.svg');
    const { texts } = await drawn(light, 'long');
    expect(texts).toEqual(expect.arrayContaining(['L', 'data -8.0000', 'a', 'grad 6.0000']));
    await light.context().close();
  });

  it('follows a dark page unless its theme attribute says otherwise, and changes with the page', async () => {
    const { page: dark, errors } = await open('dark');
    expect((await drawn(dark, 'lecture')).background).toBe(PALETTES.dark.background);
    expect((await drawn(dark, 'light')).background).toBe(PALETTES.light.background);

    await dark.emulateMedia({ colorScheme: 'light' });
    await expect.poll(async () => (await drawn(dark, 'lecture')).background, { timeout: 60_000 }).toBe(PALETTES.light.background);
    expect(errors).toEqual([]);
    await dark.context().close();
  });

  it('shows the error picture of a bad program, with the status and the line', async () => {
    const { page: light } = await open('light');
    const broken = light.locator('#broken');
    expect(await broken.getAttribute('data-state')).toBe('error');
    expect(await broken.getAttribute('data-status')).toBe('422');
    const texts = (await broken.locator('svg text').allTextContents()).join('\n');
    expect(texts).toContain('422 The program cannot be evaluated');
    expect(texts).toContain("unknown function 'tahn'");
    expect(texts).toContain('2 | b = a * tahn(a)');
    await light.context().close();
  });
});
