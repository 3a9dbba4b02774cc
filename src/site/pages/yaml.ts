/**
 * Page kinds `landing`, `hub`, `faq` and `tutorial`: DocFX YAML pages
 * (`### YamlMime:Landing|Hub|FAQ|Tutorial`), in the locale of their root. A landing or hub page is
 * also remembered, per slug, for the English landing page rebuilt from its link lists
 * (./english-landing.ts).
 */
import { join } from 'node:path';
import { docsetOf, entryId } from '../slugs.ts';
import { redirectedSlug, type RedirectTarget } from '../redirects.ts';
import type { YamlPage } from '../yaml-pages.ts';
import type { PageSet } from './page-set.ts';
import type { RootFiles } from './roots.ts';

export interface TranslatedLanding {
  root: RootFiles;
  relPath: string;
  page: YamlPage;
}

/** Adds the YAML pages; returns the first landing page found per slug. */
export function addYamlPages(set: PageSet, roots: RootFiles[], redirects: Map<string, RedirectTarget>): Map<string, TranslatedLanding> {
  const landings = new Map<string, TranslatedLanding>();
  for (const r of roots) {
    const locale = r.root.locale;
    for (const { relPath, page } of r.yaml) {
      const slug = redirectedSlug(redirects, relPath);
      set.add({
        id: entryId(locale, slug),
        locale,
        slug,
        kind: page.kind,
        root: r.index,
        relPath,
        file: join(r.root.dir, relPath),
        docset: docsetOf(relPath),
        title: page.title ?? slug,
        ...(page.description ? { description: page.description } : {}),
        markdown: page.markdown,
        ...(typeof page.metadata['ms.translationtype'] === 'string' ? { translationType: page.metadata['ms.translationtype'] } : {}),
      });
      if ((page.kind === 'landing' || page.kind === 'hub') && !landings.has(slug)) landings.set(slug, { root: r, relPath, page });
    }
  }
  return landings;
}
