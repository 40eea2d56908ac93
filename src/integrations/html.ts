import { encodeSource } from '../http/encoded-source.js';
import { errorPicture } from '../lib/error-picture.js';
import type { Block } from './fence.js';

/** The HTML a block becomes: an inline SVG, the picture of its error, or an image of a service. */

/**
 * Graphviz's SVG as an element of a page: without the XML prolog, doctype and comments, and with
 * its ids (graph0, node1, ...) prefixed, since every graph on a page has the same ones.
 */
export function inlineSvg(svg: string, idPrefix: string): string {
  const start = svg.indexOf('<svg');
  const body = (start === -1 ? svg : svg.slice(start)).replace(/<!--[\s\S]*?-->\n?/g, '');
  // Our labels reach the SVG escaped, so ` id="` only ever occurs inside a tag.
  return body.replace(/ id="/g, ` id="${idPrefix}`).trimEnd();
}

export function figureHtml(svg: string, idPrefix: string): string {
  return `<div class="gradviz">${inlineSvg(svg, idPrefix)}</div>\n`;
}

/** The error as the service would draw it, with the program's line for an error in a program. */
export function errorHtml(error: unknown, block: Pick<Block, 'kind' | 'source'> | undefined): string {
  const source = block?.kind === 'expression' ? block.source : undefined;
  return `<div class="gradviz gradviz-error">${errorPicture(error, source).trimEnd()}</div>\n`;
}

/** The URL of the block's picture on a gradviz service, encoded as its image routes read it. */
export function imageUrl(serviceUrl: string, block: Block): string {
  const base = serviceUrl.replace(/\/+$/, '');
  if (block.kind === 'mlp') {
    const { format, ...options } = block.options;
    const body = JSON.stringify({ ...block.spec, options: { ...block.spec.options, ...options } });
    return `${base}/v1/mlp/${format === 'loss.svg' ? 'loss.svg' : 'svg'}/${encodeSource(body)}`;
  }
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(block.options)) {
    if (value !== undefined) query.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const search = query.size === 0 ? '' : `?${query.toString()}`;
  return `${base}/v1/expression/svg/${encodeSource(block.source)}${search}`;
}

export function imageHtml(url: string, block: Block): string {
  const alt = block.kind === 'expression' ? 'expression graph of a micrograd program' : 'graph of a micrograd MLP';
  return `<img class="gradviz" src="${escapeAttribute(url)}" alt="${alt}">\n`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
