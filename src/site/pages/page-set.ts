/**
 * The pages of the site as the page kinds add them: the first page of an id wins (a later one is
 * a `duplicate-page` warning), and each page's source path is indexed for link resolution.
 */
import type { Diagnostic } from '../../model/diagnostics.ts';
import { ENGLISH_CODE } from '../locales.ts';
import { entryId, resolveRelative, slugOf, stripExtension } from '../slugs.ts';
import type { SitePage } from '../model.ts';
import { diag } from './text.ts';

export class PageSet {
  readonly pages = new Map<string, SitePage>();
  /** Lower-cased root-relative path without extension → slug. */
  readonly pathIndex = new Map<string, string>();
  readonly diagnostics: Diagnostic[];

  constructor(diagnostics: Diagnostic[]) {
    this.diagnostics = diagnostics;
  }

  add(page: SitePage): void {
    const kept = this.pages.get(page.id);
    if (kept) {
      const moved = page.relPath && page.slug !== slugOf(page.relPath);
      this.diagnostics.push(
        diag(page.file, 'duplicate-page', moved ? `${page.relPath} is redirected to ${page.slug}, which ${page.locale} already has in ${kept.file}; the copy at the old path is not built` : `two files give the page ${page.id}; kept ${kept.file}`, 'warning'),
      );
      return;
    }
    this.pages.set(page.id, page);
    if (page.relPath) this.pathIndex.set(stripExtension(page.relPath).toLowerCase(), page.slug);
  }

  has(locale: string, slug: string): boolean {
    return this.pages.has(entryId(locale, slug));
  }

  englishTitle(slug: string): string | undefined {
    return this.pages.get(entryId(ENGLISH_CODE, slug))?.title;
  }

  /** Resolves a link written in a page (or a TOC) at `fromPath` to a slug, or undefined. */
  resolvePath(fromPath: string, path: string): string | undefined {
    if (path.startsWith('/')) return this.pathIndex.get(stripExtension(path.slice(1)).replace(/\/$/, '').toLowerCase());
    const rel = resolveRelative(fromPath, path);
    if (rel === undefined) return undefined;
    const key = stripExtension(rel).toLowerCase();
    return this.pathIndex.get(key) ?? this.pathIndex.get(key ? `${key}/index` : 'index');
  }

  /** Slugs present per locale code. */
  slugsByLocale(): Map<string, Set<string>> {
    const slugs = new Map<string, Set<string>>();
    for (const page of this.pages.values()) {
      const set = slugs.get(page.locale) ?? new Set<string>();
      set.add(page.slug);
      slugs.set(page.locale, set);
    }
    return slugs;
  }
}
