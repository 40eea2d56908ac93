import rehypeStringify from 'rehype-stringify';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { remarkGradviz, type RemarkGradvizOptions } from '../../src/integrations/remark.js';
import { checkInlinePage, checkLinkedPage } from './checks.js';
import { DOCUMENT } from './document.js';

// A Markdown page built with unified (remark-parse, remark-rehype, rehype-stringify).

async function build(options: RemarkGradvizOptions): Promise<string> {
  const file = await unified()
    .use(remarkParse)
    .use(remarkGradviz, options)
    .use(remarkRehype, { allowDangerousHtml: true })
    .use(rehypeStringify, { allowDangerousHtml: true })
    .process(DOCUMENT);
  return String(file);
}

describe('remarkGradviz', () => {
  it('draws our blocks as inline SVG offline, a broken program as its error picture, and leaves other fences alone', async () => {
    checkInlinePage(await build({}));
  });

  it('applies the plugin defaults, which a block can override', async () => {
    const html = await build({ defaults: { theme: 'dark', precision: 1 } });
    expect(html).toContain('data &#45;8.0');
    expect(html).not.toContain('data &#45;8.0000');
  });

  it('shows a block option it cannot read as an error picture, and draws the rest of the page', async () => {
    const file = await unified()
      .use(remarkParse)
      .use(remarkGradviz)
      .use(remarkRehype, { allowDangerousHtml: true })
      .use(rehypeStringify, { allowDangerousHtml: true })
      .process('```micrograd grad=maybe\na = Value(1.0)\n```\n\n```micrograd-mlp\n{"layers": [2, 1],\n```\n');
    const html = String(file);
    expect(html).toContain("grad must be true or false, got &#39;maybe&#39;");
    expect(html).toContain('the micrograd-mlp block is not JSON');
    expect(html.match(/class="gradviz gradviz-error"/g)).toHaveLength(2);
  });

  it('links to a service as Markdown images, without raw HTML', async () => {
    const serviceUrl = 'http://localhost:8080';
    const html = await build({ serviceUrl });
    checkLinkedPage(html, serviceUrl);
    expect(html).not.toContain('<svg');
  });
});
