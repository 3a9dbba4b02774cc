/**
 * The site model with what the build collects while rendering it. The Markdown plugins get it as
 * an option (`SitePluginOptions`, given by the site config). The content loader, the route
 * middleware and the page components are loaded by Astro through Vite, as a module graph of their
 * own that options cannot reach: they find the context registered under a symbol on `globalThis`
 * by `setSiteContext`, the one place it is shared that way. Plugins find the page they render by
 * file path: the loader renders each page with a file URL of `src/content/docs/<id>.md` (the place
 * Starlight's own Markdown plugins expect) and registers it here.
 */
import type { Diagnostic } from '../model/diagnostics.ts';
import type { SiteModel, SitePage } from './model.ts';
import type { TextStore } from './spilled-text.ts';
import type { PageMeasures } from './text-measures.ts';

export interface SiteContext {
  site: SiteModel;
  /** Absolute file path (as the plugins see it) → page. */
  pageByFile: Map<string, SitePage>;
  /** Links that lead to no page, per locale, for the broken-link report. */
  brokenLinks: { locale: string; page: string; href: string; reason: string }[];
  /** Links with a `#fragment` to a page: the report checks the anchor against `anchors` of `target`. */
  anchorLinks: { locale: string; page: string; href: string; target: string; anchor: string }[];
  /** Page id → the ids its HTML has (headings, anchors), recorded as each page renders (./headings.ts). */
  anchors: Map<string, Set<string>>;
  /** Site URL → absolute source path of media files that exist and must be copied. */
  media: Map<string, string>;
  /** Media refused because a symlink leads out of the content folder (without --follow-symlinks), by file. */
  refusedMedia: Map<string, Diagnostic>;
  /**
   * Page id → the HTML the loader rendered for it, and its headings (`pageHeadings` of
   * ./loader.ts). They reach the page from here (components/MarkdownContent.astro, the route
   * middleware's contents), not through the content store: Astro serializes the store and
   * compiles it as one JavaScript module, and with the pages' HTML in it that module cost more
   * than the whole content render; with their headings and Bitext's data it was twice as large,
   * and the build process peaked 150 MB higher while Vite bundled it.
   */
  renderedHtml: TextStore;
  /**
   * Page id → the English sources that close a bilingual page, moved out of the site model by
   * a build when the page is rendered (`SitePage.htmlTail` until then): see ./spilled-text.ts.
   */
  htmlTails?: TextStore;
  /** Page id → its reading time, search words and date, measured ahead by a build (./text-measures.ts). */
  measured?: Map<string, PageMeasures>;
  /** Includes rendered (per page and locale): shown, and not shown for each problem (./docfx/include.ts). */
  includeCounts: { resolved: number; missing: number; cycle: number; outside: number; limit: number };
  /**
   * The page ids whose Markdown the loader renders, when not all: a shard's pages (./shard.ts),
   * the pages an incremental build renders again (./incremental.ts), the pages of a preview. The
   * others get no content entry (./loader.ts): sidebars, links and fallbacks come from the site
   * model, which holds them all.
   */
  renders?: Set<string>;
  /**
   * Set while a build runs: site path → unmarked sidebar HTML of each navigation whose pages
   * this build rendered, written as files when the build is done (./nav-files.ts).
   */
  navFiles?: Map<string, string>;
  /**
   * An incremental build (./incremental.ts): the site is completed from the previous one after
   * Astro's build. Starlight's Pagefind run and the English search bundles, which would index only
   * the pages Astro rendered, are skipped (the indexes are put together from the whole site), and
   * so are the redirect pages, which the previous site has as they would be written (the
   * redirects are part of every route's key).
   */
  completedFromPrevious?: boolean;
  /** Told what the build is doing as the loader renders the content and Astro the pages (`BuildOptions.progress`). */
  progress?: (step: BuildStep) => void;
}

/** What a build is doing (`bitext build` draws it on a terminal): its phase, and where it counts, how many of how many are done. */
export interface BuildStep {
  phase: string;
  done?: number;
  total?: number;
}

const KEY = Symbol.for('bitext.site-context');

type WithContext = { [KEY]?: SiteContext };

export function setSiteContext(site: SiteModel): SiteContext {
  const ctx: SiteContext = { site, pageByFile: new Map(), brokenLinks: [], anchorLinks: [], anchors: new Map(), media: new Map(), refusedMedia: new Map(), renderedHtml: new Map(), includeCounts: { resolved: 0, missing: 0, cycle: 0, outside: 0, limit: 0 } };
  (globalThis as WithContext)[KEY] = ctx;
  return ctx;
}

export function getSiteContext(): SiteContext | undefined {
  return (globalThis as WithContext)[KEY];
}

/** Options of the Bitext Markdown plugins: the site they render (default: the registered context, for renderers outside a build). */
export interface SitePluginOptions {
  context?: SiteContext;
}

/** The page a plugin is rendering, from the VFile's path. */
export function pageOfFile(path: string | undefined, context?: SiteContext): { ctx: SiteContext; page: SitePage } | undefined {
  const ctx = context ?? getSiteContext();
  if (!ctx || !path) return undefined;
  const page = ctx.pageByFile.get(path.replace(/\\/g, '/'));
  return page ? { ctx, page } : undefined;
}
