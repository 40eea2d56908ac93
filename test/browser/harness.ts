import type { FastifyInstance } from 'fastify';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContextOptions, Page, Request, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { buildWeb } from '../../scripts/build-web.js';
import playground from '../../src/http/plugins/playground.js';
import { buildApp } from '../helpers/build-app.js';
import type { ExpressionJson } from '../helpers/expression-json.js';
import { launchChromium, newContext, requireChromium } from './chromium.js';
import { countForeground, type PixelCount } from './pixels.js';

// The playground in Debian's chromium against the real service on a real port. Screenshots of
// each state land in SCREENSHOTS, to be looked at.

export const SCREENSHOTS = process.env['GRADVIZ_SCREENSHOTS'] ?? join(tmpdir(), 'gradviz-playground-screenshots');

export { LECTURE } from '../helpers/programs.js';

export interface Playground {
  baseURL: string;
  /** A page in a fresh browser context, loaded and ready. */
  openPage(path?: string, options?: BrowserContextOptions): Promise<Page>;
  /** Closes the page's context, failing the test if the page threw or logged an error. */
  closePage(page: Page): Promise<void>;
  close(): Promise<void>;
}

/** Builds the page, starts the service on a free port and launches chromium. */
export async function startPlayground(): Promise<Playground> {
  requireChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
  await buildWeb();
  const app: FastifyInstance = await buildApp({
    // The page is part of the app; until the app registers it, the tests do.
    extend: async (instance) => {
      if (!instance.hasRoute({ method: 'GET', url: '/' })) await instance.register(playground);
    },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await app.close();
    throw error;
  }
  const pageErrors = new WeakMap<Page, string[]>();
  return {
    baseURL,
    async openPage(path = '/', options = {}) {
      const context = await newContext(browser, baseURL, options);
      const page = await context.newPage();
      const errors: string[] = [];
      pageErrors.set(page, errors);
      page.on('pageerror', (error) => errors.push(error.message));
      // Console errors too (a Content-Security-Policy refusal shows there), except the browser's
      // note on each 4xx answer, which the page handles (a program with an error is a 400).
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
      });
      await page.goto(path);
      await page.locator('body[data-ready="true"]').waitFor();
      // The first example's answer in: a test's own request cannot be confused with it.
      await page.waitForLoadState('networkidle');
      return page;
    },
    async closePage(page) {
      await page.context().close();
      expect(pageErrors.get(page), 'errors thrown by the page').toEqual([]);
    },
    async close() {
      await browser.close();
      await app.close();
    },
  };
}

/** The part of a playground a test uses: its pages (the hooks of describeWithPlayground close it). */
export type SharedPlayground = Omit<Playground, 'close'>;

/**
 * A describe block whose tests share one playground: the page built, the service listening and
 * chromium launched before its first test, all closed after its last. The tests reach it through
 * `playground`, which stands for the one that beforeAll starts.
 */
export function describeWithPlayground(
  name: string,
  options: { timeout?: number },
  tests: (playground: SharedPlayground) => void,
): void {
  describe(name, options, () => {
    let started: Playground | undefined;
    beforeAll(async () => {
      started = await startPlayground();
    }, 120_000);
    afterAll(async () => {
      await started?.close();
    });
    const current = (): Playground => {
      if (started === undefined) throw new Error('the playground starts in beforeAll: use it from a test');
      return started;
    };
    tests({
      get baseURL() {
        return current().baseURL;
      },
      openPage: (path, contextOptions) => current().openPage(path, contextOptions),
      closePage: (page) => current().closePage(page),
    });
  });
}

export function isExpressionPost(request: Request): boolean {
  return request.method() === 'POST' && new URL(request.url()).pathname === '/v1/expression';
}

export function requestedSource(request: Request): string {
  return (JSON.parse(request.postData() ?? '{}') as { source?: string }).source ?? '';
}

/** The answer to the drawing `action` causes; with `source`, to the request for that source (typing sends several). */
export async function nextExpression(
  page: Page,
  action: () => Promise<void>,
  source?: (text: string) => boolean,
): Promise<ExpressionJson> {
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => isExpressionPost(r.request()) && r.ok() && (source === undefined || source(requestedSource(r.request()))),
    ),
    action(),
  ]);
  return (await response.json()) as ExpressionJson;
}

/** The texts of a drawn value node: label, `data ...`, `grad ...`. */
export async function nodeTexts(page: Page, id: string): Promise<string[]> {
  const texts = await page.locator(`#graph-canvas g.node[data-id="${id}"] text`).allTextContents();
  return texts.map((t) => t.trim());
}

export async function replaceSource(page: Page, source: string): Promise<void> {
  const editor = page.locator('#source');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(source);
}

/** Takes a screenshot of the page and of the graph, and fails on a blank one. */
export async function screenshot(page: Page, name: string): Promise<{ page: PixelCount; graph: PixelCount }> {
  const whole = countForeground(await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true }));
  const graph = countForeground(await page.locator('#graph-viewport').screenshot());
  expect(whole.ratio, `${name}: share of the page that is not background`).toBeGreaterThan(0.03);
  expect(graph.foreground, `${name}: drawn pixels in the graph`).toBeGreaterThan(1500);
  return { page: whole, graph };
}

/** The text of each `<tag>` element of some SVG markup, with character references decoded. */
export function elementTexts(markup: string, tag: string): string[] {
  const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
  return [...markup.matchAll(new RegExp(`<${tag}[^>]*>([^<]*)</${tag}>`, 'g'))].map((m) =>
    (m[1] ?? '').replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (entity, body: string) => {
      if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(parseInt(body.slice(2), 16));
      if (body.startsWith('#')) return String.fromCodePoint(Number(body.slice(1)));
      return named[body] ?? entity;
    }),
  );
}

/**
 * Runs the lecture's MLP on the one point x = [2, 3, -1] (target 1) in the values view, and returns
 * the page's answer to that run: the one-point run, not the example's own, which answers first.
 */
export async function runLectureMlpOnOnePoint(page: Page): Promise<Response> {
  await page.locator('button[data-example="lecture-mlp"]').click();
  const form = page.locator('#mlp-form');
  await form.locator('textarea[name="inputs"]').fill('2, 3, -1');
  await form.locator('textarea[name="targets"]').fill('1');
  await form.locator('select[name="view"]').selectOption('values');
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/v1/mlp' && (JSON.parse(r.request().postData() ?? '{}') as { inputs?: unknown[] }).inputs?.length === 1,
    ),
    page.locator('#mlp-run').click(),
  ]);
  return response;
}
