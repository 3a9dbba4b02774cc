/**
 * Marked text on a locale copy of an MDX page, as two MDX comments around it, inline wherever it
 * stands; here the text between them becomes a `<span>` in the same parent, so the block around
 * it keeps its shape:
 *
 * - a sentence that has no translation: merge-back writes it between `ENGLISH_OPEN` and
 *   `ENGLISH_CLOSE` (src/pipeline/merge-mdx.ts); it becomes `<span lang="en">`;
 * - a translated sentence: the site writes it between `sentenceOpen(k)` and `SENTENCE_CLOSE`
 *   (./mdx-pages.ts); it becomes `<span class="bt" data-bt="k">`, the span the reader script
 *   finds on every translated page (stale marks, suggestions: ./bilingual.ts). In a directive
 *   label (an aside's title) the marks are dropped: the label stays plain text.
 */
import type { Nodes, PhrasingContent, Root } from 'mdast';
// Brings the `hName` / `hProperties` fields of mdast `data` into the types.
import type {} from 'mdast-util-to-hast';
import { ENGLISH_CLOSE, ENGLISH_OPEN } from '../pipeline/merge-mdx.ts';

/** The marks around translated sentence `k` of an MDX locale copy. */
export const sentenceOpen = (k: number) => `{/*bt:${k}*/}`;
export const SENTENCE_CLOSE = '{/*/bt*/}';

/** The expression inside `{…}`, as the MDX parser gives it in `value`. */
const OPEN = ENGLISH_OPEN.slice(1, -1);
const CLOSE = ENGLISH_CLOSE.slice(1, -1);
const SENTENCE = /^\/\*bt:(\d+)\*\/$/;
const SENTENCE_END = SENTENCE_CLOSE.slice(1, -1);

const expressionOf = (node: Nodes): string | undefined => (node.type === ('mdxTextExpression' as string) ? (node as { value?: string }).value?.trim() : undefined);

export function remarkEnglishSpans() {
  return (tree: Root) => {
    const visit = (node: Nodes) => {
      if (!('children' in node)) return;
      const children = node.children as Nodes[];
      const label = Boolean((node.data as { directiveLabel?: boolean } | undefined)?.directiveLabel);
      for (let k = 0; k < children.length; k++) {
        const value = expressionOf(children[k]!);
        if (value === undefined) continue;
        const sentence = SENTENCE.exec(value)?.[1];
        if (value !== OPEN && sentence === undefined) continue;
        const closing = value === OPEN ? CLOSE : SENTENCE_END;
        const end = children.findIndex((c, j) => j > k && expressionOf(c) === closing);
        if (end < 0) continue;
        const inner = children.slice(k + 1, end) as PhrasingContent[];
        if (sentence !== undefined && label) {
          children.splice(k, end - k + 1, ...(inner as never[]));
          k--;
          continue;
        }
        const properties = sentence === undefined ? { lang: 'en' } : { className: ['bt'], dataBt: sentence };
        const span: PhrasingContent = { type: 'emphasis', children: inner, data: { hName: 'span', hProperties: properties } };
        children.splice(k, end - k + 1, span as never);
      }
      for (const child of children) visit(child);
    };
    visit(tree);
  };
}
