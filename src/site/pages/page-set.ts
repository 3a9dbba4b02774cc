/**
 * The pages of the site as the page kinds add them: the first page of an id wins (a later one is
 * a `duplicate-page` warning), and each page's source path is indexed for link resolution.
 */
import type { Diagnostic } from '../../model/diagnostics.ts';
import { ENGLISH_CODE } from '../locales.ts';
import { entryId, resolveRelative, sitePathKeys, slugOf, stripExtension } from '../slugs.ts';
import type { SitePage } from '../model.ts';
import { diag } from './text.ts';
import { flatten, ownString } from '../../model/own-string.ts';

/**
 * Makes the strings a page keeps for the whole build its own (../../model/own-string.ts): its
 * title and description are cut from its source file, and would keep the file in memory. Its
 * Markdown and English tail, built piece by piece, are flattened: 200 MB of the large site's
 * model was the pieces.
 */
export function ownPageStrings(page: Partial<SitePage>): void {
  if (page.title !== undefined) page.title = ownString(page.title);
  if (page.heading !== undefined) page.heading = ownString(page.heading);
  if (page.description !== undefined) page.description = ownString(page.description);
  if (page.relatedLabels) page.relatedLabels = page.relatedLabels.map(ownString);
  if (page.translation?.englishTitle !== undefined) page.translation = { ...page.translation, englishTitle: ownString(page.translation.englishTitle) };
  if (page.englishHeadings) page.englishHeadings = page.englishHeadings.map((h) => ({ ...h, id: ownString(h.id) }));
  if (page.markdown !== undefined) flatten(page.markdown);
  if (page.htmlTail !== undefined) flatten(page.htmlTail);
}

export class PageSet {
  readonly pages = new Map<string, SitePage>();
  /** Lower-cased root-relative path without extension → slug. */
  readonly pathIndex = new Map<string, string>();
  /**
   * The first segment of a site path on the publishing host → the docset folder it is published
   * from, beyond the folder names themselves (`microsoftteams` → `teams`, from `docfx.json`).
   */
  readonly urlBases = new Map<string, string>();
  readonly diagnostics: Diagnostic[];
  /** First folders (lower case) of the pages' paths: the docsets. */
  private readonly docsets = new Set<string>();

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
    ownPageStrings(page);
    this.pages.set(page.id, page);
    if (!page.relPath) return;
    const key = stripExtension(page.relPath).toLowerCase();
    this.pathIndex.set(key, page.slug);
    if (key.includes('/')) this.docsets.add(key.slice(0, key.indexOf('/')));
  }

  has(locale: string, slug: string): boolean {
    return this.pages.has(entryId(locale, slug));
  }

  englishTitle(slug: string): string | undefined {
    return this.pages.get(entryId(ENGLISH_CODE, slug))?.title;
  }

  /** Resolves a link written in a page (or a TOC) at `fromPath` to a slug, or undefined. */
  resolvePath(fromPath: string, path: string): string | undefined {
    if (path.startsWith('/')) return this.resolveSitePath(path);
    const rel = resolveRelative(fromPath, path);
    if (rel === undefined) return undefined;
    const key = stripExtension(rel).toLowerCase();
    return this.pathIndex.get(key) ?? this.pathIndex.get(key ? `${key}/index` : 'index');
  }

  /**
   * A site-absolute path (`/x/y`) as Microsoft's publisher reads it: a path of the site, where a
   * docset is published under a URL base. The base is the docset's folder name
   * (`/partner-center/x` for `partner-center/x.md`), the base its `docfx.json` names
   * (`/microsoftteams/x` for `Teams/x.md`), or a product segment and the folder name
   * (`/dynamics365/commerce/x` for `commerce/x.md` of the Dynamics 365 corpus). The path is tried
   * as written first; a base is only taken when it leads to a page.
   */
  resolveSitePath(path: string): string | undefined {
    const key = stripExtension(path.slice(1)).replace(/\/+$/, '').toLowerCase();
    const lookup = (k: string) => this.pathIndex.get(k) ?? this.pathIndex.get(k ? `${k}/index` : 'index');
    if (!key) return lookup(key);
    for (const k of sitePathKeys(key, this.urlBases, (folder) => this.isDocset(folder))) {
      const slug = lookup(k);
      if (slug !== undefined) return slug;
    }
    return undefined;
  }

  /** Whether a folder name (lower case) is the first folder of some page's path. */
  private isDocset(name: string): boolean {
    return this.docsets.has(name);
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
