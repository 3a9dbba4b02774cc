/**
 * Page kind `landing` in English: a landing page that exists only translated gets an English
 * page rebuilt from its link list, each link labelled with the English title of its target.
 */
import { join } from 'node:path';
import { ENGLISH_CODE } from '../locales.ts';
import { docsetOf, entryId, splitHref } from '../slugs.ts';
import { englishLandingMarkdown } from '../yaml-pages.ts';
import type { PageSet } from './page-set.ts';
import { humanize } from './text.ts';
import type { TranslatedLanding } from './yaml.ts';

export function addEnglishLandingPages(set: PageSet, landings: Map<string, TranslatedLanding>): void {
  for (const [slug, { root, relPath, page }] of landings) {
    if (set.has(ENGLISH_CODE, slug)) continue;
    set.add({
      id: entryId(ENGLISH_CODE, slug),
      locale: ENGLISH_CODE,
      slug,
      kind: 'landing',
      root: root.index,
      relPath,
      file: join(root.root.dir, relPath),
      docset: docsetOf(relPath),
      title: `${humanize(docsetOf(relPath) || slug)} documentation`,
      markdown: englishLandingMarkdown(page, (url) => {
        const target = set.resolvePath(relPath, splitHref(url).path);
        return target === undefined ? undefined : set.englishTitle(target);
      }),
      englishFrom: root.root.locale,
    });
  }
}
