import type { DrawingOptions } from '../lib/options.js';
import { render, renderMlp } from '../lib/render.js';
import type { SyncRenderer } from '../lib/sync-renderer.js';
import { readBlock, type Block } from './fence.js';
import { errorHtml, figureHtml, imageHtml, imageUrl } from './html.js';

/** The settings both Markdown plugins share. */
export interface BlockSettings {
  /** Drawing options for every block; a block's own (after its language) win. */
  defaults?: DrawingOptions;
  /**
   * A gradviz service to link to instead of drawing at build time: each block becomes
   * `<img src="{serviceUrl}/v1/expression/svg/{encoded}">` (or the MLP route), drawn when the page is read.
   */
  serviceUrl?: string;
}

/** A block, or the error that kept it from being read. */
export function tryReadBlock(info: string, text: string, settings: BlockSettings): { block: Block } | { error: unknown } {
  try {
    return { block: readBlock(info, text, settings.defaults ?? {}) };
  } catch (error) {
    return { error };
  }
}

/** The HTML of one block, drawn by a renderer loaded beforehand (or linked to the service). */
export function blockHtmlSync(info: string, text: string, settings: BlockSettings, renderer: SyncRenderer | undefined, idPrefix: string): string {
  const read = tryReadBlock(info, text, settings);
  if ('error' in read) return errorHtml(read.error, undefined);
  const { block } = read;
  if (settings.serviceUrl !== undefined) return imageHtml(imageUrl(settings.serviceUrl, block), block);
  if (renderer === undefined) throw new Error('gradviz: give the plugin a renderer (await createRenderer()) or a serviceUrl');
  try {
    const svg = block.kind === 'expression' ? renderer.render(block.source, { ...block.options, format: 'svg' }) : renderer.renderMlp(block.spec, mlpSvg(block));
    return figureHtml(svg, idPrefix);
  } catch (error) {
    return errorHtml(error, block);
  }
}

/** The same, drawn in-process without blocking: for pipelines that can wait, such as unified's. */
export async function blockHtml(block: Block, idPrefix: string): Promise<string> {
  try {
    const svg = block.kind === 'expression' ? await render(block.source, { ...block.options, format: 'svg' }) : await renderMlp(block.spec, mlpSvg(block));
    return figureHtml(svg, idPrefix);
  } catch (error) {
    return errorHtml(error, block);
  }
}

/** An MLP block draws SVG: its final pass, or its loss chart. */
function mlpSvg(block: Extract<Block, { kind: 'mlp' }>) {
  return { ...block.options, format: block.options.format === 'loss.svg' ? ('loss.svg' as const) : ('svg' as const) };
}
