/**
 * The navigation per `<locale>/<docset>`, from each root's docset TOCs. A docset with no English
 * TOC gets an English one relabelled from a translated TOC (English titles of the pages); a
 * docset with an English TOC has it in every locale, its names translated (`localeNavFromEnglish`).
 */
import { ENGLISH_CODE } from '../locales.ts';
import { docsetOf, isExternalHref, splitHref } from '../slugs.ts';
import { buildNav, relabelNav, type NavItem, type TocLinkTarget, type TocNode } from '../toc.ts';
import { publishedUrl } from '../publishing-host.ts';
import type { PageSet } from './page-set.ts';
import type { RootFiles } from './roots.ts';
import type { SiteLocale } from '../locales.ts';
import type { LoadSiteOptions } from '../model.ts';
import { isTocYaml, parseTocDocument } from '../../parse/toc.ts';
import { ownString } from '../../model/own-string.ts';

export function buildSiteNav(set: PageSet, roots: RootFiles[]): Map<string, NavItem[]> {
  const nav = new Map<string, NavItem[]>();
  const tocNamesByLocale = new Map<string, Set<string>>();
  for (const r of roots) {
    const tocByPath = new Map(r.tocs.map((t) => [t.relPath.toLowerCase(), t.nodes]));
    const names = tocNamesByLocale.get(r.root.locale) ?? new Set<string>();
    const collect = (nodes: TocNode[]) => nodes.forEach((n) => (names.add(n.name), collect(n.items)));
    for (const toc of r.tocs) {
      collect(toc.nodes);
      if (toc.relPath.split('/').length !== 2) continue; // docset TOCs sit at <docset>/TOC.*
      const docset = docsetOf(toc.relPath);
      const key = `${r.root.locale}/${docset}`;
      if (nav.has(key)) continue;
      nav.set(
        key,
        pruneNav(
          buildNav(toc.relPath, toc.nodes, {
            resolve: (tocPath, href): TocLinkTarget | undefined => {
              if (isExternalHref(href)) return { href };
              const slug = set.resolvePath(tocPath, splitHref(href).path);
              if (slug !== undefined) return { slug };
              // A site path that is none of our pages goes to the corpus's publishing host, or nowhere.
              const published = publishedUrl(r.root.repository, href);
              return published ? { href: published } : undefined;
            },
            readToc: (path) => tocByPath.get(path.toLowerCase()),
          }),
        ),
      );
    }
    tocNamesByLocale.set(r.root.locale, names);
  }
  const targetLocales = [...tocNamesByLocale.keys()].filter((l) => l !== ENGLISH_CODE);
  const sameInAllLocales = (name: string) => targetLocales.length > 1 && targetLocales.every((l) => tocNamesByLocale.get(l)!.has(name));
  for (const [key, items] of [...nav]) {
    const [locale, docset] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    if (locale === ENGLISH_CODE || nav.has(`${ENGLISH_CODE}/${docset}`)) continue;
    // Translated-only pages (FAQ YAML) have no English page: the English sidebar leaves them out.
    const english = relabelNav(withoutSlugs(items, (slug) => !set.has(ENGLISH_CODE, slug)), (slug) => set.englishTitle(slug), sameInAllLocales);
    nav.set(`${ENGLISH_CODE}/${docset}`, pruneNav(english));
  }
  return nav;
}

function withoutSlugs(items: NavItem[], drop: (slug: string) => boolean): NavItem[] {
  return items.map((item) => {
    const children = withoutSlugs(item.children, drop);
    if (item.slug !== undefined && drop(item.slug)) {
      const { slug: _dropped, ...rest } = item;
      return { ...rest, children };
    }
    return { ...item, children };
  });
}

/** Drops TOC entries that lead nowhere: no page, no outside link, no children. */
function pruneNav(items: NavItem[]): NavItem[] {
  return items
    .map((item) => ({ ...item, children: pruneNav(item.children) }))
    .filter((item) => item.slug !== undefined || item.href !== undefined || item.children.length > 0);
}

/**
 * A docset with an English TOC has that sidebar in every locale: a page added to the English TOC
 * appears in every language at once. Each name is the translation from the TOC's XLIFF file
 * (../../parse/toc.ts sends the names to translators), else the name the locale's own TOC gives
 * the same page (a corpus's translated TOC), else the English name.
 */
export function localeNavFromEnglish(roots: RootFiles[], nav: Map<string, NavItem[]>, locales: SiteLocale[], tocNamesFor: LoadSiteOptions['tocNamesFor']): void {
  for (const r of roots.filter((r) => r.root.locale === ENGLISH_CODE)) {
    const docsetTocs = r.tocs.filter((t) => t.relPath.split('/').length === 2);
    if (docsetTocs.length === 0) continue;
    const tocDocs = tocNamesFor ? r.tocs.filter((t) => isTocYaml(t.relPath)).map((t) => parseTocDocument(t.text, t.relPath)) : [];
    for (const locale of locales.filter((l) => l.code !== ENGLISH_CODE)) {
      const translated = new Map<string, string>();
      // The translators' names are cut from their XLIFF files: copied, as the navigation keeps them
      // (the English and the locale's own labels are copies already, ../toc.ts `buildNav`).
      for (const doc of tocDocs) for (const [english, name] of tocNamesFor!(doc, locale.code) ?? []) translated.set(english, ownString(name));
      for (const toc of docsetTocs) {
        const docset = docsetOf(toc.relPath);
        const english = nav.get(`${ENGLISH_CODE}/${docset}`);
        if (!english) continue;
        const own = new Map<string, string>();
        const collectOwn = (items: NavItem[]) => items.forEach((i) => (i.slug !== undefined && !own.has(i.slug) && own.set(i.slug, i.label), collectOwn(i.children)));
        collectOwn(nav.get(`${locale.code}/${docset}`) ?? []);
        const relabel = (items: NavItem[]): NavItem[] =>
          items.map((item) => ({ ...item, label: translated.get(item.label.trim()) ?? (item.slug !== undefined ? own.get(item.slug) : undefined) ?? item.label, children: relabel(item.children) }));
        nav.set(`${locale.code}/${docset}`, relabel(english));
      }
    }
  }
}
