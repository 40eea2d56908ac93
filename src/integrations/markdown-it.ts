import type { MarkdownIt } from 'markdown-it';
import type { SyncRenderer } from '../lib/sync-renderer.js';
import { blockHtmlSync, type BlockSettings } from './draw-block.js';
import { languageOf } from './fence.js';

export interface MarkdownItGradvizOptions extends BlockSettings {
  /** From `await createRenderer()`: markdown-it renders synchronously, and Graphviz loads asynchronously. */
  renderer?: SyncRenderer;
}

/**
 * A markdown-it plugin: fenced `micrograd` and `micrograd-mlp` blocks become inline SVG (or images
 * of `serviceUrl`); a block with an error becomes the picture of the error. Other fences are left
 * to the rule that was there before.
 *
 *     const md = new MarkdownIt().use(markdownItGradviz, { renderer: await createRenderer() });
 */
export function markdownItGradviz(md: MarkdownIt, options: MarkdownItGradvizOptions = {}): void {
  if (options.renderer === undefined && options.serviceUrl === undefined) {
    throw new Error('markdownItGradviz needs a renderer (await createRenderer()) or a serviceUrl');
  }
  const previous = md.renderer.rules.fence;
  // Figures are numbered per document (per env), so ids stay unique on a page and stable across builds.
  const counts = new WeakMap<object, number>();
  md.renderer.rules.fence = (tokens, index, mdOptions, env, self) => {
    const token = tokens[index];
    if (token === undefined || languageOf(token.info) === undefined) {
      return previous !== undefined ? previous(tokens, index, mdOptions, env, self) : self.renderToken(tokens, index, mdOptions);
    }
    const key: object = env ?? counts;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    // markdown-it keeps the newline before the closing fence; remark does not, and the URLs agree.
    return blockHtmlSync(token.info, token.content.replace(/\n$/, ''), options, options.renderer, `gradviz-${count}-`);
  };
}

export default markdownItGradviz;
