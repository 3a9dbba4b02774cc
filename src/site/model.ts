/**
 * The site model: every page of the reader site, per locale, built from content folders.
 *
 * A content folder is a corpus root (files at its top, or a TOC) or a folder of corpus roots.
 * In a root, `.md` files with `ms.contentlocale` are sxs documents of that locale; `.mdx` files and
 * `.md` files without it are English pages written by us; `### YamlMime:Landing|FAQ` files are
 * pages; `TOC.yml` / `TOC.md` give the navigation; `includes/` hold included Markdown. Each sxs
 * document gives a target page and an English candidate: the English page is rebuilt from the
 * newest English version when locales disagree, and that choice is reported.
 *
 * Each page kind has its module in ./pages/ (reading roots, sxs targets, YAML pages, English pages,
 * locale MDX pages, English from sxs, English landing pages, home pages; navigation and moved
 * pages beside them); `loadSite` runs them in the order that decides which page wins a slug.
 */
import { stat } from 'node:fs/promises';
import type { SxsDocument } from '../model/types.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import type { TargetOf } from '../model/views.ts';
import { ENGLISH_CODE, sortLocales, type SiteLocale } from './locales.ts';
import { resolveRelative } from './slugs.ts';
import type { NavItem } from './toc.ts';
import { pathKey } from './redirects.ts';
import type { PageTranslation, UnitStatus } from './bilingual.ts';
import type { LocaleMdxPage } from './mdx-pages.ts';
import type { EnglishHeading } from './headings.ts';
import type { IncludeResult } from './includes.ts';
import { PageSet } from './pages/page-set.ts';
import { contentRoots } from '../io/corpus.ts';
import { readRoot, repositoryOf, type RootFiles } from './pages/roots.ts';
import { addSxsPages, sxsPageParts } from './pages/sxs.ts';
import { addYamlPages } from './pages/yaml.ts';
import { addEnglishPages } from './pages/english.ts';
import { addLocaleMdxPages } from './pages/mdx-locale.ts';
import { addSxsEnglishPages } from './pages/sxs-english.ts';
import { addEnglishLandingPages } from './pages/english-landing.ts';
import { addHomePages } from './pages/home.ts';
import { buildSiteNav, localeNavFromEnglish } from './pages/nav.ts';
import { redirectPages, siteRedirects } from './pages/moved.ts';
import { stripFrontMatter } from './pages/text.ts';
import { setUiTranslations, type UiTranslations } from './ui-strings.ts';
import type { PartSources, SxsPartsCache } from './pages/parts-cache.ts';

export { contentRoots } from '../io/corpus.ts';
export { chooseEnglish } from './pages/sxs-english.ts';
export { dropLeadingH1, humanize, stripFrontMatter } from './pages/text.ts';

export type PageKind = 'sxs' | 'sxs-english' | 'mdx' | 'markdown' | 'landing' | 'hub' | 'faq' | 'tutorial' | 'home';

export interface SitePage {
  /** Content-collection id: `<locale>/<slug>`. */
  id: string;
  locale: string;
  slug: string;
  kind: PageKind;
  /** Index of the corpus root in `SiteModel.roots`; -1 for generated pages. */
  root: number;
  /** Path relative to its root, `/`-separated. */
  relPath: string;
  /** Absolute path of the source file ('' for generated pages). */
  file: string;
  docset: string;
  title: string;
  /** The heading the page shows (its body's H1), when it has one; `title` is then its <title> and metadata. */
  heading?: string;
  description?: string;
  /** Body Markdown without front matter (absent for MDX, which Astro compiles from `file`). */
  markdown?: string;
  translationType?: string;
  /** For English pages rebuilt from sxs: the locale whose English was used. */
  englishFrom?: string;
  /** Translated sxs pages: where the text comes from (badge, bilingual reading mode). */
  translation?: PageTranslation;
  /** Bilingual pages: HTML that closes the content (English sources, script; components/MarkdownContent.astro). */
  htmlTail?: string;
  /** Translated pages: the text of their "Next steps" / "See also" headings, found by English source (./related.ts). */
  relatedLabels?: string[];
  /** The headings of the page's English, in order: ids and section kinds for every locale (./headings.ts). */
  englishHeadings?: EnglishHeading[];
}

export interface SiteRoot {
  dir: string;
  /**
   * The folder that holds the corpus's Open Publishing files (redirections, publish config): the
   * root itself, or the content folder it was found in when the pages sit one level down
   * (`Dynamics-365-Operations.ar-sa` for its `articles` root).
   */
  repository: string;
  /** Locale code of the root (`en` for English-authored content). */
  locale: string;
}

export interface EnglishChoice {
  slug: string;
  chosen: string;
  over: string[];
  reason: string;
}

export interface SiteModel {
  roots: SiteRoot[];
  /** English first. */
  locales: SiteLocale[];
  pages: Map<string, SitePage>;
  /** Slugs present per locale code. */
  slugs: Map<string, Set<string>>;
  /** Lower-cased root-relative path without extension → slug. */
  pathIndex: Map<string, string>;
  /** `<locale>/<docset>` → navigation. */
  nav: Map<string, NavItem[]>;
  /** Backlinks: link target `<locale>/<slug>` → ids of the pages linking to it, once computed (./link-graph.ts). */
  linkGraph?: Map<string, Set<string>>;
  /** Moved pages (./redirects.ts): old page URL → URL of the new page in the same locale, or elsewhere. */
  redirects: Map<string, string>;
  englishChoices: EnglishChoice[];
  diagnostics: Diagnostic[];
  /** The translated UI strings the pages show (the build registers them, ./ui-strings.ts). */
  uiStrings: UiTranslations;
  /** Whether symlinks out of the content folders are followed (`--follow-symlinks`). */
  followSymlinks: boolean;
  /**
   * An include written in `from` (a page, or an include file of the page's root), in the reader's
   * locale (./includes.ts): its Markdown without front matter, or why there is none.
   */
  include(from: Pick<SitePage, 'root' | 'relPath' | 'locale'>, href: string): IncludeResult;
  /** Resolves a link written in a page (or a TOC of `root`) to a slug, or undefined. */
  resolvePath(fromPath: string, path: string): string | undefined;
  /** For a link to a path redirected off the site (./redirects.ts): the URL it moved to. */
  movedOutside(fromPath: string, path: string): string | undefined;
}

export interface LoadSiteOptions {
  /** Content folders (corpus roots or folders of roots). */
  content: string[];
  /** Read files and media that symlinks lead to outside the content folders (default: refused with a diagnostic). */
  followSymlinks?: boolean;
  /** Targets from elsewhere (the XLIFF merge-back): per document, a TargetOf or undefined. */
  targetsFor?: (doc: SxsDocument, locale: string) => TargetOf | undefined;
  /** Title and description from elsewhere (XLIFF), per document: they replace the corpus ones. */
  metadataFor?: (doc: SxsDocument, locale: string) => Partial<Record<'title' | 'description', string>> | undefined;
  /** Unit states from elsewhere (XLIFF), per document: the translation badge counts reviewed units. */
  unitStatusFor?: (doc: SxsDocument, locale: string) => UnitStatus | undefined;
  /** The translated entry names of an English TOC (src/parse/toc.ts) in a locale, from XLIFF: English name → translation. */
  tocNamesFor?: (doc: SxsDocument, locale: string) => ReadonlyMap<string, string> | undefined;
  /** An English MDX page in another locale (./mdx-pages.ts): its generated page, or undefined (English fallback). */
  localeMdxFor?: (relPath: string, text: string, locale: string) => Promise<LocaleMdxPage | undefined>;
  /**
   * Locales the XLIFF folder translates into (its locale folders): English MDX pages get their
   * pages there too, so a language can start in XLIFF alone, with no corpus of its own.
   */
  xliffLocales?: readonly string[];
  /** Translated UI strings from the XLIFF folder's `_ui.xlf` files (./ui-strings.ts); none: locales/ alone. */
  uiStrings?: UiTranslations;
  /**
   * The sxs pages of a previous build (./pages/parts-cache.ts), made under the same code, UI
   * strings and settings (the caller's to make sure: see the cache's key); `sources`: what else a
   * document's page is made from (an XLIFF file of its locale: `xliffPartSources`).
   */
  partsCache?: { cache: SxsPartsCache; sources: PartSources };
}

export async function loadSite(options: LoadSiteOptions): Promise<SiteModel> {
  const diagnostics: Diagnostic[] = [];
  // Before any page takes a string (home page titles, link marks): the translators' UI strings.
  setUiTranslations(options.uiStrings);
  const rootDirs = await contentRoots(options.content);
  const roots: RootFiles[] = [];
  for (const [k, dir] of rootDirs.entries()) {
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw new Error(`content folder not found: ${dir}`);
    const { partsCache } = options;
    const cache = partsCache && { parts: partsCache.cache.root(dir, k), sources: partsCache.sources };
    roots.push(await readRoot(dir, await repositoryOf(dir, options.content), k, diagnostics, options.followSymlinks ?? false, (doc, root) => sxsPageParts(doc, root, options), cache));
    if (cache) partsCache.cache.save(cache.parts);
  }
  for (const r of roots) {
    r.includes.release();
    diagnostics.push(...r.includes.diagnostics());
  }
  const redirects = await siteRedirects(roots, diagnostics);

  // The order decides which page keeps a slug: targets, YAML pages, English written by us, locale
  // MDX pages, English rebuilt from sxs, English landing pages, then home pages.
  const set = new PageSet(diagnostics);
  for (const r of roots) for (const [base, folder] of r.urlBases) if (!set.urlBases.has(base)) set.urlBases.set(base, folder);
  const englishBySlug = addSxsPages(set, roots, redirects);
  const landings = addYamlPages(set, roots, redirects);
  addEnglishPages(set, roots, redirects);
  await addLocaleMdxPages(set, roots, redirects, options.localeMdxFor, options.xliffLocales);
  const englishChoices = addSxsEnglishPages(set, roots, englishBySlug);
  addEnglishLandingPages(set, landings);
  const nav = buildSiteNav(set, roots);
  const locales = sortLocales([...set.slugsByLocale().keys()]);
  localeNavFromEnglish(roots, nav, locales, options.tocNamesFor);
  addHomePages(set, locales, nav);
  const slugs = set.slugsByLocale();
  const redirectsByUrl = redirectPages(set, redirects, locales, slugs);

  // The model keeps no parsed document: the pages hold what they render, the includes what is included.
  const includes = roots.map((r) => r.includes);
  return {
    roots: roots.map((r) => r.root),
    locales,
    pages: set.pages,
    slugs,
    pathIndex: set.pathIndex,
    nav,
    redirects: redirectsByUrl,
    englishChoices,
    diagnostics,
    uiStrings: options.uiStrings ?? {},
    followSymlinks: options.followSymlinks ?? false,
    resolvePath: (fromPath, path) => set.resolvePath(fromPath, path),
    movedOutside(fromPath, path) {
      const rel = path.startsWith('/') ? path.slice(1) : resolveRelative(fromPath, path);
      const target = rel === undefined ? undefined : redirects.get(pathKey(rel));
      return target?.kind === 'outside' ? target.url : undefined;
    },
    include(from, href) {
      const rootIncludes = includes[from.root];
      if (!rootIncludes) return { ok: false, problem: 'missing', reason: 'a generated page has no content folder' };
      const found = rootIncludes.include(from.relPath, href, from.locale === ENGLISH_CODE, (doc) => options.targetsFor?.(doc, from.locale));
      return found.ok ? { ...found, markdown: stripFrontMatter(found.markdown) } : found;
    },
  };
}
