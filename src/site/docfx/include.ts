/**
 * DocFX includes: `[!INCLUDE[title](path)]`, as a block of its own or inside a sentence. The
 * included file is read from the same corpus root as the page, so it is in the page's locale.
 * Includes may nest (up to a small depth, which also stops cycles).
 */
import type { Link, Paragraph, Root, RootContent, Text } from 'mdast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
import { pageOfFile } from '../context.ts';

const MAX_DEPTH = 5;

interface IncludeAt {
  index: number;
  link: Link;
}

/** Finds `[!INCLUDE` text + link + `]` text triples in a run of inline nodes. */
function findIncludes(children: readonly RootContent[]): IncludeAt[] {
  const out: IncludeAt[] = [];
  for (let k = 1; k + 1 < children.length; k++) {
    const before = children[k - 1];
    const link = children[k];
    const after = children[k + 1];
    if (link?.type !== 'link' || before?.type !== 'text' || after?.type !== 'text') continue;
    if (/\[!include$/i.test(before.value) && after.value.startsWith(']')) out.push({ index: k, link });
  }
  return out;
}

export function remarkDocfxInclude(this: Processor) {
  const parseMarkdown = (text: string) => this.parse(text) as Root;
  const expand = (tree: Root, readInclude: (href: string) => string | undefined, depth: number): void => {
    walk(tree);
    function walk(parent: { children: RootContent[] }): void {
      for (let k = 0; k < parent.children.length; k++) {
        const child = parent.children[k]!;
        if (child.type === 'paragraph') {
          const block = blockInclude(child);
          if (block) {
            const text = depth < MAX_DEPTH ? readInclude(block.url) : undefined;
            if (text === undefined) continue;
            const sub = parseMarkdown(text);
            expand(sub, readInclude, depth + 1);
            parent.children.splice(k, 1, ...sub.children);
            k += sub.children.length - 1;
            continue;
          }
          inlineIncludes(child, readInclude, depth);
        } else if ('children' in child && Array.isArray(child.children)) walk(child as { children: RootContent[] });
      }
    }
  };
  const inlineIncludes = (paragraph: Paragraph, readInclude: (href: string) => string | undefined, depth: number) => {
    const found = findIncludes(paragraph.children as RootContent[]);
    for (const { index, link } of found.reverse()) {
      const text = depth < MAX_DEPTH ? readInclude(link.url) : undefined;
      if (text === undefined) continue;
      const sub = parseMarkdown(text);
      expand(sub, readInclude, depth + 1);
      const only = sub.children.length === 1 && sub.children[0]!.type === 'paragraph' ? (sub.children[0] as Paragraph).children : [{ type: 'text', value: text.trim() } as Text];
      const before = paragraph.children[index - 1] as Text;
      const after = paragraph.children[index + 1] as Text;
      before.value = before.value.replace(/\[!include$/i, '');
      after.value = after.value.slice(1);
      paragraph.children.splice(index, 1, ...only);
    }
  };
  return (tree: Root, file: VFile) => {
    const found = pageOfFile(file.path);
    if (!found) return;
    expand(tree, (href) => found.ctx.site.include(found.page, href), 0);
  };
}

/** `[!INCLUDE[t](p)]` as the whole paragraph. */
function blockInclude(paragraph: Paragraph): Link | undefined {
  const c = paragraph.children;
  if (c.length !== 3) return undefined;
  const [before, link, after] = c;
  if (before?.type !== 'text' || link?.type !== 'link' || after?.type !== 'text') return undefined;
  return /^\s*\[!include$/i.test(before.value) && /^\]\s*$/.test(after.value) ? link : undefined;
}
