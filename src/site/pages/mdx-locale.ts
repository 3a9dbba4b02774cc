/**
 * Page kind `mdx` in a target locale: an English MDX page translated through XLIFF gets one
 * generated page per locale that has a file for it (../mdx-pages.ts); others fall back to English.
 */
import { ENGLISH_CODE } from '../locales.ts';
import { docsetOf, entryId } from '../slugs.ts';
import { redirectedSlug, type RedirectTarget } from '../redirects.ts';
import type { LoadSiteOptions } from '../model.ts';
import type { PageSet } from './page-set.ts';
import type { RootFiles } from './roots.ts';
import { englishHeadings } from '../english-headings.ts';
import { stripFrontMatter } from './text.ts';

export async function addLocaleMdxPages(set: PageSet, roots: RootFiles[], redirects: Map<string, RedirectTarget>, localeMdxFor: LoadSiteOptions['localeMdxFor'], xliffLocales: readonly string[] = []): Promise<void> {
  if (!localeMdxFor) return;
  const locales = [...new Set([...roots.map((r) => r.root.locale), ...xliffLocales.map((l) => l.toLowerCase())])].filter((l) => l !== ENGLISH_CODE);
  for (const r of roots) {
    for (const e of r.english.filter((e) => e.kind === 'mdx')) {
      // The English page's headings: ids and section kinds of every locale copy (../headings.ts).
      const headings = englishHeadings(stripFrontMatter(e.text), true);
      for (const locale of locales) {
        const generated = await localeMdxFor(e.relPath, e.text, locale);
        if (!generated) continue;
        const slug = redirectedSlug(redirects, e.relPath);
        set.add({
          id: entryId(locale, slug),
          locale,
          slug,
          kind: 'mdx',
          root: r.index,
          relPath: e.relPath,
          file: generated.file,
          docset: docsetOf(e.relPath),
          title: generated.title,
          ...(generated.description ? { description: generated.description } : {}),
          translation: generated.translation,
          ...(generated.relatedLabels ? { relatedLabels: generated.relatedLabels } : {}),
          ...(generated.htmlTail ? { htmlTail: generated.htmlTail } : {}),
          englishHeadings: headings,
        });
      }
    }
  }
}
