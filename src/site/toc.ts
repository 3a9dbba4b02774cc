/**
 * Navigation from DocFX TOC files. `TOC.yml` is a tree of `{name, href, items}`; `TOC.md` is a
 * list of heading links whose level gives the nesting. A TOC href may name another TOC
 * (`announcements/TOC.md`): its entries become the children of that node.
 */
import { parse } from 'yaml';
import { readSimpleYamlTree } from '../model/simple-yaml.ts';
import { ownString } from '../model/own-string.ts';

export interface TocNode {
  name: string;
  href?: string;
  items: TocNode[];
}

interface RawTocNode {
  name?: unknown;
  href?: unknown;
  items?: unknown;
}

export function parseTocYaml(text: string): TocNode[] {
  // Most TOCs are plain nested lists, read without the full YAML parser (a tenth of the site model's time).
  const data = readSimpleYamlTree(text)?.value ?? (parse(text) as unknown);
  const list = Array.isArray(data) ? data : (data as { items?: unknown } | null)?.items;
  return toNodes(list);
}

function toNodes(list: unknown): TocNode[] {
  if (!Array.isArray(list)) return [];
  const out: TocNode[] = [];
  for (const raw of list as RawTocNode[]) {
    if (!raw || typeof raw !== 'object') continue;
    const name = typeof raw.name === 'string' ? raw.name.trim() : String(raw.name ?? '').trim();
    const href = typeof raw.href === 'string' && raw.href.trim() ? raw.href.trim() : undefined;
    out.push({ name, ...(href ? { href } : {}), items: toNodes(raw.items) });
  }
  return out;
}

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t#]*$/;
const LINK = /^\[(.*)\]\(([^)\s]*)(?:\s+"[^"]*")?\)$/;

export function parseTocMarkdown(text: string): TocNode[] {
  const root: TocNode = { name: '', items: [] };
  const stack: { level: number; node: TocNode }[] = [{ level: 0, node: root }];
  for (const line of text.split(/\r?\n/)) {
    const m = HEADING.exec(line);
    if (!m) continue;
    const level = m[1]!.length;
    const content = m[2]!.trim();
    const link = LINK.exec(content);
    const node: TocNode = link ? { name: link[1]!.trim(), href: link[2]!, items: [] } : { name: content, items: [] };
    while (stack.length > 1 && stack.at(-1)!.level >= level) stack.pop();
    stack.at(-1)!.node.items.push(node);
    stack.push({ level, node });
  }
  return root.items;
}

export function isTocFile(relPath: string): boolean {
  return /(^|\/)toc\.(yml|md)$/i.test(relPath);
}

/** One node of the site navigation, ready to be labelled per locale and linked. */
export interface NavItem {
  label: string;
  /** A page of the site. */
  slug?: string;
  /** A link that leaves the site (or a site path we do not build). */
  href?: string;
  children: NavItem[];
}

export interface TocLinkTarget {
  slug?: string;
  href?: string;
}

export interface NavContext {
  /** Resolves a TOC href, relative to the TOC file, to a page or an outside link. */
  resolve(tocPath: string, href: string): TocLinkTarget | undefined;
  /** Reads a nested TOC (path relative to the root), or undefined when there is none. */
  readToc(path: string): TocNode[] | undefined;
}

/** Turns the nodes of the TOC at `tocPath` into navigation items, expanding nested TOCs. */
export function buildNav(tocPath: string, nodes: TocNode[], ctx: NavContext, seen = new Set<string>([tocPath.toLowerCase()])): NavItem[] {
  const out: NavItem[] = [];
  for (const node of nodes) {
    const item: NavItem = { label: ownString(node.name), children: buildNav(tocPath, node.items, ctx, seen) };
    if (node.href) {
      const nested = nestedTocPath(tocPath, node.href);
      if (nested) {
        const key = nested.toLowerCase();
        const sub = seen.has(key) ? undefined : ctx.readToc(nested);
        if (sub) {
          seen.add(key);
          const subItems = buildNav(nested, sub, ctx, seen);
          // A nested TOC usually starts with its own front page: that becomes the group's link.
          item.children.push(...subItems);
        }
      } else {
        const target = ctx.resolve(tocPath, node.href);
        if (target?.slug !== undefined) item.slug = target.slug;
        else if (target?.href) item.href = ownString(target.href);
      }
    }
    out.push(item);
  }
  return out;
}

function nestedTocPath(tocPath: string, href: string): string | undefined {
  if (!/(^|[/\\])toc\.(yml|md)$/i.test(href.split(/[?#]/)[0]!)) return undefined;
  const dir = tocPath.includes('/') ? tocPath.slice(0, tocPath.lastIndexOf('/') + 1) : '';
  const parts: string[] = [];
  for (const part of (dir + href.replace(/\\/g, '/')).split('/')) {
    if (part === '..') parts.pop();
    else if (part && part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/** Every slug the navigation links to, in order. */
export function navSlugs(items: NavItem[], out: string[] = []): string[] {
  for (const item of items) {
    if (item.slug !== undefined) out.push(item.slug);
    navSlugs(item.children, out);
  }
  return out;
}

/**
 * English labels for a navigation built from a translated TOC (the TOC files have no English):
 * a link is labelled with the English title of its page; a group keeps its name when every
 * locale writes it the same way (a product name left untranslated), else takes the English title
 * of its first page (or the label of its first child, for a group of outside links).
 */
export function relabelNav(items: NavItem[], englishTitle: (slug: string) => string | undefined, sameInAllLocales: (name: string) => boolean): NavItem[] {
  return items.map((item) => {
    const children = relabelNav(item.children, englishTitle, sameInAllLocales);
    let label: string | undefined;
    if (item.slug !== undefined) label = englishTitle(item.slug);
    if (!label && sameInAllLocales(item.label)) label = item.label;
    if (!label) {
      const first = navSlugs(item.children)[0];
      if (first !== undefined) label = englishTitle(first);
    }
    if (!label && item.href) label = labelFromHref(item.href);
    if (!label && children[0]) label = children[0].label;
    return { ...item, label: label ?? item.label, children };
  });
}

/** `/azure/partner-solutions/overview` → `Partner solutions overview`: a label with no translation in it. */
export function labelFromHref(href: string): string {
  const parts = href.split(/[?#]/)[0]!.split('/').filter(Boolean).slice(-2);
  const words = parts.join(' ').replace(/\.[a-z]+$/i, '').replace(/[-_]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : href;
}
