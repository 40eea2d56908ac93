import MarkdownIt from 'markdown-it';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownItGradviz } from '../../src/integrations/markdown-it.js';
import { createRenderer, type SyncRenderer } from '../../src/lib/index.js';
import { buildApp } from '../helpers/build-app.js';
import { checkInlinePage, checkLinkedPage } from './checks.js';
import { DOCUMENT } from './document.js';

// A Markdown page built with markdown-it: drawn offline at build time, or linked to a service.

let renderer: SyncRenderer;

beforeAll(async () => {
  renderer = await createRenderer({ timeLimitMs: 60_000 });
});

afterAll(async () => {
  await renderer?.close();
});

describe('markdownItGradviz', () => {
  it('draws our blocks as inline SVG, a broken program as its error picture, and leaves other fences alone', () => {
    const md = new MarkdownIt().use(markdownItGradviz, { renderer });
    checkInlinePage(md.render(DOCUMENT));
  });

  it('numbers figures per document, so building twice gives the same page', () => {
    const md = new MarkdownIt().use(markdownItGradviz, { renderer });
    expect(md.render(DOCUMENT)).toBe(md.render(DOCUMENT));
  });

  it('links to a service with URLs the service answers', async () => {
    const serviceUrl = 'https://gradviz.example';
    const md = new MarkdownIt().use(markdownItGradviz, { serviceUrl: `${serviceUrl}/` });
    const sources = checkLinkedPage(md.render(DOCUMENT), serviceUrl);

    const app = await buildApp();
    try {
      const statuses = [];
      for (const source of sources) {
        const response = await app.inject({ method: 'GET', url: source.slice(serviceUrl.length) });
        expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
        statuses.push(response.statusCode);
      }
      // The broken program is answered with its error picture and a real status.
      expect(statuses).toEqual([200, 200, 200, 200, 422]);
    } finally {
      await app.close();
    }
  });

  it('refuses to be used without a renderer or a service', () => {
    expect(() => new MarkdownIt().use(markdownItGradviz, {})).toThrow(/needs a renderer/);
  });
});
