/**
 * Headings by structure: a page in any locale has the headings of its English page, in the same
 * order (translators change words, never blocks), so each heading takes what its English
 * heading decides:
 *
 * - its id, the slug of the English text (or the English DocFX anchor), so `#anchors` work in
 *   every language: a link written `sxs-format.md#the-pair` finds the pair on the Russian page;
 * - whether it starts a related-content section ("Next steps", "See also"…), whatever the
 *   translation says (./related.ts).
 *
 * The English headings are read once per page when the site model loads (./english-headings.ts);
 * a page whose headings do not line up with them (a malformed translation) keeps ids from its
 * own text. Every page then records the ids and anchors it has (`remarkPageAnchors`), so the
 * broken-link report can check the `#anchor` of each link (./link-report.ts).
 */
import Slugger from 'github-slugger';
import type { Heading, Nodes, Root } from 'mdast';
import type { VFile } from 'vfile';
// Brings the `hName` / `hProperties` fields of mdast `data` into the types.
import type {} from 'mdast-util-to-hast';
import { pageOfFile, type SitePluginOptions } from './context.ts';
import { ownString } from '../model/own-string.ts';

export interface EnglishHeading {
  id: string;
  related: boolean;
}

/** The headings of a tree, in document order, at any depth. */
export function headingsOf(tree: Nodes, out: Heading[] = []): Heading[] {
  if (tree.type === 'heading') out.push(tree);
  else if ('children' in tree) for (const child of tree.children as Nodes[]) headingsOf(child, out);
  return out;
}

/** The text of a heading as a reader sees it (code included, markup and raw HTML not). */
export function headingText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(headingText).join('');
  return '';
}

/** Headings whose English is a related-content section, by structure (./related.ts reads it). */
export const relatedByStructure = new WeakMap<Heading, boolean>();

function setId(heading: Heading, id: string): void {
  heading.data = { ...heading.data, hProperties: { ...(heading.data?.hProperties ?? {}), id } };
}

/** Gives the page's own headings the ids (and section kinds) of its English headings. */
export function remarkEnglishHeadings(options: SitePluginOptions = {}) {
  return (tree: Root, file: VFile) => {
    const english = pageOfFile(file.path, options.context)?.page.englishHeadings;
    if (!english) return;
    const headings = headingsOf(tree);
    if (headings.length !== english.length) return;
    headings.forEach((heading, k) => {
      setId(heading, english[k]!.id);
      relatedByStructure.set(heading, english[k]!.related);
    });
  };
}

const ID_ATTRIBUTE = /\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;

/**
 * Runs last: every heading without an id gets the one the renderer would give it, and the page's
 * ids (headings, `<a name>` / `id` in raw HTML and JSX) are recorded for the link report.
 */
export function remarkPageAnchors(options: SitePluginOptions = {}) {
  return (tree: Root, file: VFile) => {
    const found = pageOfFile(file.path, options.context);
    if (!found) return;
    const ids = found.ctx.anchors.get(found.page.id) ?? new Set<string>();
    found.ctx.anchors.set(found.page.id, ids);
    // The ids are kept until the link report: copies, not views into the page's text.
    const record = (id: string) => ids.add(ownString(id));
    const slugger = new Slugger();
    const visit = (node: Nodes) => {
      if (node.type === 'heading') {
        const props = node.data?.hProperties as { id?: unknown } | undefined;
        if (typeof props?.id === 'string') record(props.id);
        else {
          const id = slugger.slug(headingText(node));
          setId(node, id);
          record(id);
        }
      } else if (node.type === 'html') {
        for (const m of node.value.matchAll(ID_ATTRIBUTE)) record(m[1] ?? m[2]!);
      } else if ((node.type as string) === 'mdxJsxFlowElement' || (node.type as string) === 'mdxJsxTextElement') {
        for (const a of (node as unknown as { attributes: { type: string; name?: string; value?: unknown }[] }).attributes) {
          if (a.type === 'mdxJsxAttribute' && (a.name === 'id' || a.name === 'name') && typeof a.value === 'string') record(a.value);
        }
      } else {
        const props = (node as { data?: { hProperties?: { id?: unknown } } }).data?.hProperties;
        if (typeof props?.id === 'string') record(props.id);
      }
      if ('children' in node) for (const child of node.children as Nodes[]) visit(child);
    };
    visit(tree);
  };
}
