/**
 * English sentences on a locale copy of an MDX page: merge-back writes a sentence that has no
 * translation between two MDX comments (src/pipeline/merge-mdx.ts `ENGLISH_OPEN` /
 * `ENGLISH_CLOSE`), inline wherever it stands; here the text between them becomes
 * `<span lang="en">`, in the same parent, so the block around it keeps its shape.
 */
import type { Nodes, PhrasingContent, Root } from 'mdast';
// Brings the `hName` / `hProperties` fields of mdast `data` into the types.
import type {} from 'mdast-util-to-hast';
import { ENGLISH_CLOSE, ENGLISH_OPEN } from '../pipeline/merge-mdx.ts';

/** The expression inside `{…}`, as the MDX parser gives it in `value`. */
const OPEN = ENGLISH_OPEN.slice(1, -1);
const CLOSE = ENGLISH_CLOSE.slice(1, -1);

const isMark = (node: Nodes, value: string) => node.type === ('mdxTextExpression' as string) && (node as { value?: string }).value?.trim() === value;

export function remarkEnglishSpans() {
  return (tree: Root) => {
    const visit = (node: Nodes) => {
      if (!('children' in node)) return;
      const children = node.children as Nodes[];
      for (let k = 0; k < children.length; k++) {
        if (!isMark(children[k]!, OPEN)) continue;
        const end = children.findIndex((c, j) => j > k && isMark(c, CLOSE));
        if (end < 0) continue;
        const inner = children.slice(k + 1, end) as PhrasingContent[];
        const span: PhrasingContent = { type: 'emphasis', children: inner, data: { hName: 'span', hProperties: { lang: 'en' } } };
        children.splice(k, end - k + 1, span as never);
      }
      for (const child of children) visit(child);
    };
    visit(tree);
  };
}
