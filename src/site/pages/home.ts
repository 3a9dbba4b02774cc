/** Page kind `home`: a home page per locale listing the docsets, unless the content has one. */
import { ENGLISH_CODE, type SiteLocale } from '../locales.ts';
import { entryId } from '../slugs.ts';
import type { NavItem } from '../toc.ts';
import type { PageSet } from './page-set.ts';
import { humanize } from './text.ts';

export function addHomePages(set: PageSet, locales: SiteLocale[], nav: Map<string, NavItem[]>): void {
  const docsets = [...new Set([...set.pages.values()].map((p) => p.docset).filter(Boolean))].sort();
  for (const locale of locales) {
    if (set.has(locale.code, '')) continue;
    const lines = docsets.map((d) => {
      const landing = set.pages.get(entryId(locale.code, d)) ?? set.pages.get(entryId(ENGLISH_CODE, d));
      const first = landing ? d : firstSlug(nav.get(`${locale.code}/${d}`) ?? nav.get(`${ENGLISH_CODE}/${d}`));
      const label = landing?.title ?? nav.get(`${locale.code}/${d}`)?.[0]?.label ?? humanize(d);
      return first === undefined ? undefined : `- [${label.replace(/([[\]])/g, '\\$1')}](/${locale.code}/${first ? `${first}/` : ''})`;
    });
    set.add({
      id: entryId(locale.code, ''),
      locale: locale.code,
      slug: '',
      kind: 'home',
      root: -1,
      relPath: '',
      file: '',
      docset: '',
      title: locale.strings.home,
      markdown: lines.filter(Boolean).join('\n') + '\n',
    });
  }
}

function firstSlug(items: NavItem[] | undefined): string | undefined {
  for (const item of items ?? []) {
    if (item.slug !== undefined) return item.slug;
    const inner = firstSlug(item.children);
    if (inner !== undefined) return inner;
  }
  return undefined;
}
