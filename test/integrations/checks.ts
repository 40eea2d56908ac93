import { expect } from 'vitest';
import { decodeSource } from '../../src/http/encoded-source.js';
import { LECTURE } from '../helpers/programs.js';
import { BROKEN, figures, TINY_MLP } from './document.js';

/** What a page built offline must show: four drawings, the error picture, the python block untouched. */
export function checkInlinePage(html: string): void {
  const found = figures(html);
  expect(found).toHaveLength(5);
  const [lecture = '', dark = '', neurons = '', loss = '', broken = ''] = found;
  expect(lecture).toMatch(/^<div class="gradviz"><svg /);
  expect(lecture).not.toContain('<?xml');
  expect(lecture).toContain('data &#45;8.0000');
  expect(lecture).toMatch(/>a<\/text>[\s\S]*?grad 6\.0000/);
  // Each figure's ids are its own.
  expect(lecture).toContain('id="gradviz-1-graph0"');
  expect(dark).toContain('id="gradviz-2-graph0"');
  expect(dark).toContain('data 9.0000');
  expect(dark).not.toContain('grad ');
  expect(dark).not.toContain('fill="#ffffff"');
  expect(neurons).toContain('<svg');
  expect(loss).toContain('Training loss (sse)');
  expect(broken).toMatch(/^<div class="gradviz gradviz-error"><svg /);
  expect(broken).toContain('422 The program cannot be evaluated');
  expect(broken).toContain('unknown function &#39;tahn&#39;');
  expect(broken).toContain('2 | b = a * tahn(a)');
  expect(html).toMatch(/<code class="language-python">print\((&quot;|")left alone(&quot;|")\)/);
}

/** What a page that links to a service must hold: image URLs in the service's own encoding. */
export function checkLinkedPage(html: string, serviceUrl: string): string[] {
  const sources = [...html.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => (m[1] ?? '').replace(/&amp;|&#x26;/g, '&'));
  expect(sources).toHaveLength(5);
  const [lecture = '', dark = '', neurons = '', loss = ''] = sources;
  const limits = { maxEncodedLength: 65_536, maxDecodedBytes: 1 << 20 };
  expect(lecture.startsWith(`${serviceUrl}/v1/expression/svg/`)).toBe(true);
  expect(decodeSource(lecture.slice(`${serviceUrl}/v1/expression/svg/`.length), limits)).toBe(LECTURE);
  expect(dark).toMatch(/\?rankdir=TB&theme=dark&grad=false$/);
  expect(neurons.startsWith(`${serviceUrl}/v1/mlp/svg/`)).toBe(true);
  expect(JSON.parse(decodeSource(neurons.split('/').at(-1) ?? '', limits))).toEqual({ ...TINY_MLP, options: { view: 'neurons' } });
  expect(loss.startsWith(`${serviceUrl}/v1/mlp/loss.svg/`)).toBe(true);
  expect(decodeSource((sources[4] ?? '').split('/').at(-1) ?? '', limits)).toBe(BROKEN);
  return sources;
}
