/**
 * The English search bundles' pages (src/site/search-english.ts `englishBundlePages`) over a site
 * of real corpora: the ru + de corpus and the Japanese one of ../shared/corpus-large, which has
 * several times their pages.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGLISH_CODE } from '../src/site/locales.ts';
import { loadSite } from '../src/site/model.ts';
import { englishBundlePages } from '../src/site/search-english.ts';
import { corpusDir, DE, RU, SHARED } from './corpus.ts';

const JA = join(SHARED, 'corpus-large', 'OfficeDocs-SkypeForBusiness-pr.ja-jp');

describe('English search bundles', () => {
  it('hold each locale’s translated pages that have an English page, in the site’s order, the largest bundle first', async () => {
    if (!existsSync(JA)) throw new Error(`The large corpus is missing: ${JA} does not exist (../shared/corpus-large).`);
    const site = await loadSite({ content: [corpusDir(RU), corpusDir(DE), JA] });
    const bundles = englishBundlePages(site);
    const locales = [...new Set([...site.pages.values()].map((p) => p.locale))].filter((l) => l !== ENGLISH_CODE);
    expect(bundles.map(([locale]) => locale).sort()).toEqual(locales.sort());
    for (const [locale, pages] of bundles) {
      const expected = [...site.pages.values()].filter((p) => p.locale === locale && site.pages.has(`${ENGLISH_CODE}/${p.slug}`)).map((p) => p.slug);
      expect(pages.map((p) => p.slug), locale).toEqual(expected);
    }
    const sizes = bundles.map(([, pages]) => pages.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    // The Japanese docsets are the largest bundle here, though they were given last.
    expect(bundles[0]![0]).toBe('ja-jp');
  });
});
