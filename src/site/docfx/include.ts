/**
 * DocFX includes on the site: `[!INCLUDE[title](path)]` in every form DocFX reads (the grammar is
 * src/model/markdown/docfx-include.ts, shared with the inline tokenizer) and in every position. Alone on
 * its line (its own paragraph, a list item, a quote, or a line of a longer paragraph) it is a block
 * include: the file's blocks replace it. Anywhere else (mid-sentence, a heading, a table cell, bold
 * text) it is an inline include: the file's text takes its place.
 *
 * The directive is found in the page's source text through the positions of the parsed tree, so
 * it is recognised however the Markdown parser split it (text, link, text). The included file is
 * given by the site model in the reader's locale (./../includes.ts); its own includes are expanded
 * with its text, and its relative links are rewritten to lead where they led from the included
 * file. A missing file, a cycle, a path out of the content folder or includes nested too deep or too
 * many is a visible mark on the page,
 * never the literal directive; the model reports each with file:line:column.
 */
import { posix } from 'node:path';
import type { Parents, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { Processor } from 'unified';
import type { VFile } from 'vfile';
// Brings the `hName` / `hProperties` fields of mdast `data` into the types.
import type {} from 'mdast-util-to-hast';
import { indexOfInclude, isEscapedAt, matchInclude, type IncludeMatch } from '../../model/markdown/docfx-include.ts';
import { pageOfFile, type SiteContext, type SitePluginOptions } from '../context.ts';
import { MAX_INCLUDE_DEPTH, MAX_INCLUDES_PER_PAGE, type IncludeProblem, type IncludeResult } from '../includes.ts';
import type { SitePage } from '../model.ts';
import { navStrings } from '../nav-strings.ts';
import { isExternalHref } from '../slugs.ts';

interface IncludeItem {
  type: 'bitextInclude';
  match: IncludeMatch;
}

type Item = RootContent | IncludeItem;

/** Parents whose children are phrasing content (where an include is inline). */
const PHRASING_PARENTS = new Set(['heading', 'tableCell', 'strong', 'emphasis', 'delete', 'link', 'linkReference']);

export function remarkDocfxInclude(this: Processor, options: SitePluginOptions = {}) {
  const parse = (text: string) => this.parse(text) as Root;
  return (tree: Root, file: VFile) => {
    const found = pageOfFile(file.path, options.context);
    if (!found) return;
    const source = typeof file.value === 'string' ? file.value : file.value ? new TextDecoder().decode(file.value) : '';
    if (!/\[!include/i.test(source)) return;
    new IncludeExpander(parse, found.ctx, found.page).expand(tree, source, found.page.relPath, [found.page.relPath.toLowerCase()]);
  };
}

class IncludeExpander {
  private readonly parse: (text: string) => Root;
  private readonly ctx: SiteContext;
  private readonly page: SitePage;
  private expanded = 0;

  constructor(parse: (text: string) => Root, ctx: SiteContext, page: SitePage) {
    this.parse = parse;
    this.ctx = ctx;
    this.page = page;
  }

  /** Expands every include of `tree`, whose source text is `source`, written in file `from`. */
  expand(tree: Parents, source: string, from: string, chain: string[]): void {
    const walk = (parent: Parents): void => {
      const children = parent.children as RootContent[];
      for (let k = children.length - 1; k >= 0; k--) {
        const child = children[k]!;
        if (!('children' in child)) continue;
        walk(child);
        if (child.type === 'paragraph') {
          const items = splitIncludes(child.children, source);
          if (!items) continue;
          const blocks = this.paragraphBlocks(items, from, chain);
          if (blocks) {
            children.splice(k, 1, ...blocks);
            // A list item that now holds several blocks shows them as paragraphs, not run together.
            if (parent.type === 'listItem' && children.length > 1) parent.spread = true;
          }
          else child.children = this.inline(items, from, chain);
        } else if (PHRASING_PARENTS.has(child.type)) {
          const items = splitIncludes(child.children as RootContent[], source);
          if (items) (child as { children: PhrasingContent[] }).children = this.inline(items, from, chain);
        }
      }
    };
    walk(tree);
  }

  /** A paragraph with a block include on a line of its own: the blocks that replace it. */
  private paragraphBlocks(items: Item[], from: string, chain: string[]): RootContent[] | undefined {
    const isBlock = (k: number) => {
      const before = items[k - 1];
      const after = items[k + 1];
      const startsLine = before === undefined || (before.type === 'text' && /\n[ \t]*$/.test(before.value)) || (k === 1 && before.type === 'text' && !before.value.trim());
      const endsLine = after === undefined || (after.type === 'text' && /^[ \t]*\r?\n/.test(after.value)) || (k === items.length - 2 && after.type === 'text' && !after.value.trim());
      return startsLine && endsLine;
    };
    if (!items.some((item, k) => item.type === 'bitextInclude' && isBlock(k))) return undefined;
    const out: RootContent[] = [];
    let run: Item[] = [];
    const flush = () => {
      const phrasing = this.inline(run, from, chain);
      run = [];
      const first = phrasing[0];
      if (first?.type === 'text') first.value = first.value.replace(/^\s+/, '');
      const last = phrasing.at(-1);
      if (last?.type === 'text') last.value = last.value.replace(/\s+$/, '');
      if (phrasing.some((n) => n.type !== 'text' || n.value !== '')) out.push({ type: 'paragraph', children: phrasing.filter((n) => n.type !== 'text' || n.value !== '') });
    };
    items.forEach((item, k) => {
      if (item.type === 'bitextInclude' && isBlock(k)) {
        flush();
        out.push(...this.blocks(item.match, from, chain));
      } else run.push(item);
    });
    flush();
    return out;
  }

  /** Phrasing content with each include replaced by its inline content. */
  private inline(items: Item[], from: string, chain: string[]): PhrasingContent[] {
    const out: PhrasingContent[] = [];
    for (const item of items) {
      if (item.type !== 'bitextInclude') {
        out.push(item as PhrasingContent);
        continue;
      }
      const blocks = this.blocks(item.match, from, chain);
      if (blocks.length === 1 && blocks[0]!.type === 'paragraph') {
        out.push(...blocks[0].children);
        continue;
      }
      // A file of several blocks in a heading, a cell or a sentence: its text, block after block.
      const parts = blocks.map(phrasingOf).filter((p) => p.length > 0);
      parts.forEach((part, k) => {
        if (k > 0) out.push({ type: 'text', value: ' ' });
        out.push(...part);
      });
    }
    return out;
  }

  /** The blocks of an include, expanded, or a paragraph with the mark of its problem. */
  private blocks(match: IncludeMatch, from: string, chain: string[]): RootContent[] {
    const result = this.resolve(match, from, chain);
    const counts = this.ctx.includeCounts;
    if (!result.ok) {
      counts[result.problem]++;
      return [{ type: 'paragraph', children: [problemMark(result.problem, match, this.page.locale)] }];
    }
    counts.resolved++;
    const tree = this.parse(result.markdown);
    this.expand(tree, result.markdown, result.relPath, [...chain, result.relPath.toLowerCase()]);
    rebaseLinks(tree, result.relPath, from);
    return tree.children;
  }

  private resolve(match: IncludeMatch, from: string, chain: string[]): IncludeResult {
    if (chain.length > MAX_INCLUDE_DEPTH) return { ok: false, problem: 'limit', reason: `includes nest deeper than ${MAX_INCLUDE_DEPTH}` };
    if (++this.expanded > MAX_INCLUDES_PER_PAGE) return { ok: false, problem: 'limit', reason: `the page expands more than ${MAX_INCLUDES_PER_PAGE} includes` };
    const result = this.ctx.site.include({ root: this.page.root, relPath: from, locale: this.page.locale }, match.path);
    if (result.ok && chain.includes(result.relPath.toLowerCase())) return { ok: false, problem: 'cycle', relPath: result.relPath, reason: 'the include leads back to a file that includes it' };
    return result;
  }
}

/**
 * The children of a parent with every include directive in its text made one item, the text
 * around it split off; undefined when there is none. Directives are read from the source text at
 * the text nodes' positions, so escapes and code spans (not text nodes) never hold one.
 */
function splitIncludes(children: RootContent[], source: string): Item[] | undefined {
  let found = false;
  const out: Item[] = [];
  for (let k = 0; k < children.length; k++) {
    const node = children[k]!;
    const start = node.position?.start.offset;
    let end = node.position?.end.offset;
    if (node.type !== 'text' || start === undefined || end === undefined || !/\[!include/i.test(source.slice(start, end))) {
      out.push(node);
      continue;
    }
    let value = node.value;
    let split = false;
    let scan = start;
    for (;;) {
      const at = indexOfInclude(source, scan);
      if (at < 0 || at >= end) break;
      scan = at + 1;
      if (isEscapedAt(source, at)) continue;
      const match = matchInclude(source, at);
      if (!match) continue;
      const stop = at + match.raw.length;
      // The directive ends in this text node, or in a later text node of the same parent.
      let last = k;
      while (last < children.length && (children[last]!.position?.end.offset ?? Infinity) < stop) last++;
      const lastNode = children[last];
      if (last > k && (lastNode?.type !== 'text' || lastNode.position?.start.offset === undefined)) continue;
      const head = source.slice(at, Math.min(stop, end));
      const cut = last === k ? value.indexOf(head) : value.endsWith(head) ? value.length - head.length : -1;
      if (cut < 0) continue;
      let rest: string;
      if (last === k) rest = value.slice(cut + head.length);
      else {
        const tailNode = lastNode as Text;
        const tail = source.slice(tailNode.position!.start.offset!, stop);
        const from = tailNode.value.indexOf(tail);
        if (from < 0) continue;
        rest = tailNode.value.slice(from + tail.length);
        end = tailNode.position!.end.offset!;
        k = last;
      }
      if (cut > 0) out.push({ type: 'text', value: value.slice(0, cut) });
      out.push({ type: 'bitextInclude', match });
      found = split = true;
      value = rest;
      scan = stop;
    }
    if (!split) out.push(node);
    else if (value) out.push({ type: 'text', value });
  }
  return found ? out : undefined;
}

/** The phrasing content of a block: its own, or its paragraphs' (lists, quotes), joined by spaces. */
function phrasingOf(block: RootContent): PhrasingContent[] {
  if (block.type === 'paragraph' || block.type === 'heading' || block.type === 'tableCell') return block.children;
  if (!('children' in block)) return block.type === 'code' ? [{ type: 'inlineCode', value: block.value }] : [];
  const out: PhrasingContent[] = [];
  for (const child of block.children as RootContent[]) {
    const part = phrasingOf(child);
    if (part.length === 0) continue;
    if (out.length) out.push({ type: 'text', value: ' ' });
    out.push(...part);
  }
  return out;
}

const REBASED = new Set(['link', 'image', 'definition']);

/** Relative links of an included file, rewritten to lead from `to` where they led from `from`. */
function rebaseLinks(tree: Root, from: string, to: string): void {
  const fromDir = posix.dirname(from);
  const toDir = posix.dirname(to);
  if (fromDir === toDir) return;
  const visit = (node: RootContent | Root) => {
    if (REBASED.has(node.type)) {
      const target = node as { url: string };
      const url = target.url;
      if (url && !isExternalHref(url) && !/^[/#~?]/.test(url) && !url.startsWith('\\')) {
        const cut = url.search(/[?#]/);
        const path = cut < 0 ? url : url.slice(0, cut);
        const joined = posix.normalize(posix.join(fromDir, path.replace(/\\/g, '/')));
        if (!joined.startsWith('../')) target.url = posix.relative(toDir, joined) + (cut < 0 ? '' : url.slice(cut));
      }
    }
    if ('children' in node) for (const child of node.children as RootContent[]) visit(child);
  };
  visit(tree);
}

const MARK_KEY: Record<IncludeProblem, 'includeMissing' | 'includeCycle' | 'includeOutside' | 'includeLimit'> = {
  missing: 'includeMissing',
  cycle: 'includeCycle',
  outside: 'includeOutside',
  limit: 'includeLimit',
};

/** The visible mark of an include that could not be shown: the title, a warning sign, and why. */
function problemMark(problem: IncludeProblem, match: IncludeMatch, locale: string): PhrasingContent {
  // A locale whose strings lack these marks shows them in English.
  const strings = { ...navStrings('en'), ...navStrings(locale) };
  const name = match.title || posix.basename(match.path);
  return {
    type: 'emphasis',
    children: [{ type: 'text', value: `⚠\u00a0${strings[MARK_KEY[problem]].replace('{title}', name)}` }],
    data: { hName: 'span', hProperties: { className: ['bt-include-problem', 'bt-broken-mark'], title: strings.includeTitle.replace('{path}', match.path), dataPagefindIgnore: '' } },
  };
}
