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

export function flattenLinks(entries: SidebarEntry[], out: SidebarLinkEntry[] = []): SidebarLinkEntry[] {
  for (const e of entries) {
    if (e.type === 'link') out.push(e);
    else flattenLinks(e.entries, out);
  }
  return out;
}

/** Previous and next pages of the site (outside links skipped) around the current one. */
export function pagination(entries: SidebarEntry[]): { prev: SidebarLinkEntry | undefined; next: SidebarLinkEntry | undefined } {
  const links = flattenLinks(entries).filter((l) => l.href.startsWith('/') && !l.attrs.rel);
  const at = links.findIndex((l) => l.isCurrent);
  if (at < 0) return { prev: undefined, next: undefined };
  return { prev: links[at - 1], next: links[at + 1] };
}
