import type { Code, Html, Image, Parent, Root } from 'mdast';
import { blockHtml, tryReadBlock, type BlockSettings } from './draw-block.js';
import { languageOf } from './fence.js';
import { errorHtml, imageUrl } from './html.js';

export type RemarkGradvizOptions = BlockSettings;

/**
 * A remark (unified) plugin: fenced `micrograd` and `micrograd-mlp` blocks become inline SVG drawn
 * at build time, offline; or, with `serviceUrl`, images of that service. A block with an error
 * becomes the picture of the error. The SVG is raw HTML, so pass `allowDangerousHtml: true` to
 * remark-rehype and rehype-stringify (or use rehype-raw).
 *
 *     unified().use(remarkParse).use(remarkGradviz).use(remarkRehype, { allowDangerousHtml: true })
 *       .use(rehypeStringify, { allowDangerousHtml: true })
 */
export function remarkGradviz(options: RemarkGradvizOptions = {}): (tree: Root) => Promise<void> {
  return async (tree) => {
    let count = 0;
    for (const [parent, index, code] of ourBlocks(tree)) {
      const info = `${code.lang ?? ''} ${code.meta ?? ''}`;
      const read = tryReadBlock(info, code.value, options);
      let replacement: Html | Image;
      if ('error' in read) {
        replacement = { type: 'html', value: errorHtml(read.error, undefined) };
      } else if (options.serviceUrl !== undefined) {
        const alt = read.block.kind === 'expression' ? 'expression graph of a micrograd program' : 'graph of a micrograd MLP';
        replacement = { type: 'image', url: imageUrl(options.serviceUrl, read.block), alt };
      } else {
        count += 1;
        replacement = { type: 'html', value: await blockHtml(read.block, `gradviz-${count}-`) };
      }
      parent.children[index] = replacement as Parent['children'][number];
    }
  };
}

/** Our code blocks with their parents and places, in document order; found first, replaced after. */
function ourBlocks(parent: Parent, found: [Parent, number, Code][] = []): [Parent, number, Code][] {
  parent.children.forEach((node, index) => {
    if (node.type === 'code' && languageOf(node.lang) !== undefined) found.push([parent, index, node]);
    else if ('children' in node) ourBlocks(node, found);
  });
  return found;
}

export default remarkGradviz;
