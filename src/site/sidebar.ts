/**
 * Navigation items → Starlight sidebar entries for one page: links in the reader's locale, the
 * current page marked, groups folded unless they hold it; and prev/next links in sidebar order.
 */
import type { NavItem } from './toc.ts';
import { pageUrl } from './slugs.ts';

export interface SidebarLinkEntry {
  type: 'link';
  label: string;
  href: string;
  isCurrent: boolean;
  badge: undefined;
  attrs: Record<string, string>;
}

export interface SidebarGroupEntry {
  type: 'group';
  label: string;
  entries: SidebarEntry[];
  collapsed: boolean;
  badge: undefined;
}

export type SidebarEntry = SidebarLinkEntry | SidebarGroupEntry;

function link(label: string, href: string, isCurrent: boolean, attrs: Record<string, string> = {}): SidebarLinkEntry {
  return { type: 'link', label, href, isCurrent, badge: undefined, attrs };
}

export function toSidebar(items: NavItem[], locale: string, currentSlug: string): SidebarEntry[] {
  return items.map((item): SidebarEntry => {
    const self = item.slug !== undefined ? link(item.label, pageUrl(locale, item.slug), item.slug === currentSlug) : item.href ? link(item.label, item.href, false, { rel: 'external' }) : undefined;
    if (item.children.length === 0) return self ?? link(item.label, '#', false);
    const entries = toSidebar(item.children, locale, currentSlug);
    // A TOC node with both a page and children: the page becomes the group's first link.
    if (self && !(item.children[0]?.slug === item.slug)) entries.unshift(self);
    return { type: 'group', label: item.label, entries, collapsed: !containsCurrent(entries), badge: undefined };
  });
}

function containsCurrent(entries: SidebarEntry[]): boolean {
  return entries.some((e) => (e.type === 'link' ? e.isCurrent : containsCurrent(e.entries)));
}

/**
 * The sidebar of one navigation (a docset's TOC in a locale) is the same on each of its pages but
 * for two marks: the current page's link (`aria-current="page"`) and the groups that hold it
 * (`open`). Starlight renders it as components on every page, two thirds of a page's HTML; Bitext
 * renders it once per navigation with nothing marked (./components/Sidebar.astro) and puts each
 * page's marks into that HTML, at the places cut here.
 */
/**
 * The holder shared by every page of a navigation (in a locale), where the first page to render
 * the sidebar keeps its template.
 */
export interface SharedSidebar {
  /** The navigation's entries and index, made once. */
  nav: NavSidebar;
  template?: SidebarTemplate;
  /** Site path of the navigation's file, when the build writes one (./nav-files.ts). */
  file?: string;
  /** The template or the persister could not be cut: every page renders its own sidebar. */
  unusable?: boolean;
  /**
   * Starlight's SidebarPersister around the sidebar, cut where the sidebar goes: the same on
   * every page of the navigation (its hash is made of the labels and links), rendered once. Made
   * per page, the hash walked the whole sidebar each time, a tenth of a large site's build.
   */
  persister?: [before: string, after: string];
}

/** Where the sidebar goes in the HTML of the persister rendered around nothing else. */
export const PERSISTED_SIDEBAR = '<!--bitext:sidebar-->';

export const SIDEBAR_LOCAL = 'bitextSidebar';

/** What a page's middleware leaves under SIDEBAR_LOCAL: its navigation's holder, and the page. */
export interface PageSidebar {
  shared: SharedSidebar;
  slug: string;
  /** The page's sidebar marked as Starlight marks it, for a navigation whose template cannot be used. */
  marked: () => SidebarEntry[];
}

export interface SidebarTemplate {
  html: string;
  /** Offsets just after each link's `href="…"`, in document order (the order of a depth-first walk). */
  links: number[];
  /** Offsets just after each `<details`, one per group, in the same order. */
  groups: number[];
  /** Each group's entries, from just after its list's `<ul …>` to that list's `</ul>`: what a pruned sidebar leaves out of a folded group. */
  lists: [start: number, end: number][];
}

/**
 * Cuts the HTML of an unmarked sidebar (Starlight's SidebarSublist): a link is `<a href="…"`, a
 * group `<details`. Labels and hrefs are escaped, so neither can appear inside them.
 */
export function sidebarTemplate(html: string): SidebarTemplate {
  const links: number[] = [];
  const groups: number[] = [];
  const lists: [number, number][] = [];
  /** Per open `<ul>`: the group it is the list of, if any. */
  const open: (number | undefined)[] = [];
  let listOf: number | undefined;
  for (const m of html.matchAll(/<a href="[^"]*"|<details|<ul\b[^>]*>|<\/ul>/g)) {
    const after = m.index + m[0].length;
    if (m[0] === '<details') {
      listOf = groups.length;
      groups.push(after);
      lists.push([after, after]);
    } else if (m[0].startsWith('<a')) links.push(after);
    else if (m[0] === '</ul>') {
      const group = open.pop();
      if (group !== undefined) lists[group]![1] = m.index;
    } else {
      // A group's list is the first `<ul>` after its `<details`.
      open.push(listOf);
      if (listOf !== undefined) lists[listOf]![0] = after;
      listOf = undefined;
    }
  }
  return { html, links, groups, lists };
}

/** Text put in at an offset, or the template from an offset up to `to` left out. */
interface SidebarEdit {
  at: number;
  text?: string;
  to?: number;
}

const CURRENT = ' aria-current="page"';
const OPEN = ' open';

function withEdits(html: string, edits: SidebarEdit[]): string {
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let from = 0;
  for (const edit of edits) {
    // Within a part left out (a group inside a folded one that is open of itself).
    if (edit.at < from) continue;
    out += html.slice(from, edit.at) + (edit.text ?? '');
    from = edit.to ?? edit.at;
  }
  return out + html.slice(from);
}

/**
 * A navigation's sidebar in one locale, made once for all its pages: Starlight's entries with
 * nothing marked (the route's sidebar of each page), and where a page's marks go. A page's marks
 * are then found from its slug in the time of its depth, not by building and walking the whole
 * sidebar again for each page, which made a docset's build grow with the square of its size.
 */
export interface NavSidebar {
  entries: SidebarEntry[];
  /** Link index (document order) → index of the innermost group holding it (-1 at the top level). */
  linkGroup: number[];
  /** Group index (document order of `<details>`) → its parent group (-1 at the top level), and the group. */
  groupParent: number[];
  groups: SidebarGroupEntry[];
  /** The top level's groups, and each group's own groups. */
  topGroups: number[];
  groupChildren: number[][];
  /** Slug → the indices of its links (a page may be listed more than once). */
  linksOf: Map<string, number[]>;
  /** The links previous/next go through (inside the site), and where a slug's first one is. */
  internal: SidebarLinkEntry[];
  internalIndex: Map<string, number>;
}

export function navSidebar(items: NavItem[], locale: string): NavSidebar {
  // No page has this slug: nothing is current, so every group is folded.
  const entries = toSidebar(items, locale, '\0');
  const nav: NavSidebar = { entries, linkGroup: [], groupParent: [], groups: [], topGroups: [], groupChildren: [], linksOf: new Map(), internal: [], internalIndex: new Map() };
  const slugOfHref = new Map<string, string>();
  const collectSlugs = (list: NavItem[]) => {
    for (const item of list) {
      if (item.slug !== undefined) slugOfHref.set(pageUrl(locale, item.slug), item.slug);
      collectSlugs(item.children);
    }
  };
  collectSlugs(items);
  const walk = (list: SidebarEntry[], parent: number) => {
    for (const e of list) {
      if (e.type === 'link') {
        const index = nav.linkGroup.length;
        nav.linkGroup.push(parent);
        // An outside link (rel) or a label ('#') is no page of the navigation.
        if (e.attrs.rel || !e.href.startsWith('/')) continue;
        const slug = slugOfHref.get(e.href);
        if (slug !== undefined) {
          const links = nav.linksOf.get(slug);
          if (links) links.push(index);
          else nav.linksOf.set(slug, [index]);
          if (!nav.internalIndex.has(slug)) nav.internalIndex.set(slug, nav.internal.length);
        }
        nav.internal.push(e);
        continue;
      }
      const group = nav.groupParent.length;
      nav.groupParent.push(parent);
      nav.groups.push(e);
      nav.groupChildren.push([]);
      if (parent < 0) nav.topGroups.push(group);
      else nav.groupChildren[parent]!.push(group);
      walk(e.entries, group);
    }
  };
  walk(entries, -1);
  return nav;
}

/** Previous and next pages around `slug` in a navigation (outside links skipped). */
export function navPagination(nav: NavSidebar, slug: string): { prev: SidebarLinkEntry | undefined; next: SidebarLinkEntry | undefined } {
  const at = nav.internalIndex.get(slug);
  if (at === undefined) return { prev: undefined, next: undefined };
  return { prev: nav.internal[at - 1], next: nav.internal[at + 1] };
}

/** The groups that lead to the page's first link, outermost first; undefined when the navigation does not list the page. */
export function navPathTo(nav: NavSidebar, slug: string): SidebarGroupEntry[] | undefined {
  const link = nav.linksOf.get(slug)?.[0];
  if (link === undefined) return undefined;
  const path: SidebarGroupEntry[] = [];
  for (let g = nav.linkGroup[link]!; g >= 0; g = nav.groupParent[g]!) path.unshift(nav.groups[g]!);
  return path;
}

/** Whether a template was rendered from the navigation's entries: its links and groups are where the index says. */
export function templateFits(template: SidebarTemplate, nav: NavSidebar): boolean {
  return template.links.length === nav.linkGroup.length && template.groups.length === nav.groupParent.length;
}

/**
 * The template (which fits the navigation) with the marks of page `slug`, as Starlight marks
 * them: its links current, the groups that hold them open.
 *
 * `pruned`: a folded group without its entries, which a reader sees only once the group is
 * opened: the page keeps the top level and the groups around the current page. What stays keeps
 * Starlight's marks of the whole sidebar (each group's `<sl-sidebar-restore data-index>`, by
 * which Starlight remembers the open groups), and the page's script puts the folded groups'
 * entries back from the navigation's file (./nav-files.ts). A docset's whole sidebar on every
 * page grows a site with the square of the docset's size; pruned, it grows with its depth.
 */
export function navSidebarHtml(template: SidebarTemplate, nav: NavSidebar, slug: string, options: { pruned?: boolean } = {}): string {
  const edits: SidebarEdit[] = [];
  const open = new Set<number>();
  for (const link of nav.linksOf.get(slug) ?? []) {
    edits.push({ at: template.links[link]!, text: CURRENT });
    for (let g = nav.linkGroup[link]!; g >= 0 && !open.has(g); g = nav.groupParent[g]!) open.add(g);
  }
  for (const g of open) edits.push({ at: template.groups[g]!, text: OPEN });
  if (options.pruned) {
    // A folded group's entries are left out, and those of the groups inside it with them.
    const shown = [...nav.topGroups, ...[...open].flatMap((g) => nav.groupChildren[g]!)];
    for (const g of shown) if (!open.has(g)) edits.push({ at: template.lists[g]![0], to: template.lists[g]![1] });
  }
  return withEdits(template.html, edits);
}

/**
 * A page's sidebar from its navigation's holder, once the first page kept the template and the
 * persister there: marked for the page and, when the navigation has a file (./nav-files.ts),
 * pruned and wrapped in the element whose script puts the whole sidebar back from that file;
 * undefined while the holder has no template.
 */
export function pageSidebarHtml(shared: SharedSidebar, slug: string): string | undefined {
  if (!shared.template || !shared.persister) return undefined;
  const { file } = shared;
  const html = navSidebarHtml(shared.template, shared.nav, slug, { pruned: file !== undefined });
  return shared.persister[0] + (file === undefined ? html : `<bt-nav data-src="${file}">${html}</bt-nav>`) + shared.persister[1];
}
