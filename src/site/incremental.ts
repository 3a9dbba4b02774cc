/**
 * Incremental builds: a build into an `--out` that holds a previous build of the same code and
 * options renders only the routes whose inputs changed, takes every other file from the previous
 * site, and indexes again only the languages of the changed pages. The result is the site a cold
 * build writes, byte for byte.
 *
 * Each route gets a key, a hash of everything its page is made of:
 * - the site's structure, which every page shows or resolves against: the locales, every page's
 *   id, title and description (links, "Next steps" cards, the language picker, fallbacks), the
 *   navigation (sidebars), the redirects;
 * - the page itself: its model entry (Markdown, translation state, ...), the files it includes,
 *   the MDX file it is compiled from, the pages that link to it (backlinks);
 * - for a fallback route, the English page it shows.
 * A change of a title or of the navigation changes every key: the whole site is rendered again.
 * A changed sentence in a page's body changes that page's key only (and its fallbacks').
 *
 * The keys, with a hash of the site's code (src/, locales/, the lock file) and of the options,
 * are kept in `_bitext/incremental.json` of every build. A build whose code or options differ from
 * the previous one's, or whose routes are not the same set, is a cold build.
 *
 * Astro 7.3 has an experimental incremental build (`experimental.incrementalBuild`) that skips a
 * route whose `getStaticPaths` entry carries an unchanged `cacheKey`; it still needs every page's
 * Markdown rendered by the content loader, and copies previous output it keeps itself. Bitext
 * selects the routes Astro renders instead (the route filter of ./shard.ts), so neither the
 * loader nor Astro touches an unchanged page.
 */
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { findIncludes } from '../parse/docfx-include.ts';
import { PROJECT_ROOT } from './config.ts';
import { MAX_INCLUDE_DEPTH } from './includes.ts';
import { linkGraph } from './link-graph.ts';
import type { SiteModel, SitePage } from './model.ts';
import { indexLanguages, PAGEFIND_ENTRY, pagefindLanguageOf, readPagefindEntry, writePagefindEntry } from './pagefind-bundle.ts';
import type { SiteRoute } from './shard.ts';

export const INCREMENTAL_MANIFEST = '_bitext/incremental.json';

export interface IncrementalManifest {
  version: 1;
  /** Hash of the site's code and dependencies. */
  code: string;
  /** Hash of the build options that change pages (site URL, shard). */
  options: string;
  /** Route id → key. */
  routes: Record<string, string>;
  /** Site URL → source file of the media the pages show. */
  media: Record<string, string>;
}

const hash = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** Hash of the code that renders pages: src/, locales/, the lock file. */
export async function codeHash(root = PROJECT_ROOT): Promise<string> {
  const h = createHash('sha256');
  for (const dir of ['src', 'locales']) {
    const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true }).catch(() => []);
    const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort();
    for (const file of files) h.update(relative(root, file)).update('\0').update(await readFile(file)).update('\0');
  }
  h.update(await readFile(join(root, 'package-lock.json')).catch(() => Buffer.alloc(0)));
  return h.digest('hex');
}

/** The key of every route (./shard.ts `siteRoutes`). */
export async function routeKeys(site: SiteModel, routes: SiteRoute[]): Promise<Map<string, string>> {
  const structure = hash(
    JSON.stringify({
      locales: site.locales,
      pages: [...site.pages.values()].map((p) => [p.id, p.title, p.description ?? null, p.docset]),
      nav: [...site.nav],
      redirects: [...site.redirects],
    }),
  );
  const graph = linkGraph(site);
  const own = new Map<string, string>();
  const pageKey = async (page: SitePage) => {
    let key = own.get(page.id);
    if (key === undefined) {
      const parts: unknown[] = [page, [...(graph.get(page.id) ?? [])].sort(), includedFiles(site, page)];
      if (page.kind === 'mdx' && page.file) parts.push(hash(await readFile(page.file).catch(() => Buffer.alloc(0))));
      key = hash(JSON.stringify(parts));
      own.set(page.id, key);
    }
    return key;
  };
  const keys = new Map<string, string>();
  for (const route of routes) {
    const page = site.pages.get(route.english ?? route.id);
    keys.set(route.id, hash(`${structure}\0${route.id}\0${route.english ?? ''}\0${page ? await pageKey(page) : ''}`));
  }
  return keys;
}

/** The includes a page shows, nested ones too, as the site model resolves them: their Markdown or why there is none. */
function includedFiles(site: SiteModel, page: SitePage): unknown[] {
  const out: unknown[] = [];
  const visit = (from: Pick<SitePage, 'root' | 'relPath' | 'locale'>, markdown: string, depth: number) => {
    if (depth > MAX_INCLUDE_DEPTH || !/\[!include/i.test(markdown)) return;
    for (const m of findIncludes(markdown)) {
      const result = site.include(from, m.path);
      out.push(result);
      if (result.ok) visit({ root: from.root, relPath: result.relPath, locale: from.locale }, result.markdown, depth + 1);
    }
  };
  if (page.markdown) visit(page, page.markdown, 0);
  return out;
}

export async function readManifest(out: string): Promise<IncrementalManifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(out, INCREMENTAL_MANIFEST), 'utf8')) as IncrementalManifest;
    return manifest.version === 1 ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** Files of a previous site that the build writes itself in any case. */
const REWRITTEN = new Set(['_bitext/build.json', '_bitext/broken-links.json', '_bitext/xliff.json', INCREMENTAL_MANIFEST]);

/**
 * Completes an incremental build's stage from the previous site: every file the stage lacks
 * (hard links, the previous site is removed after the swap), the sitemaps (the routes are the same
 * set), and the search index: the previous languages, those of `changedLanguages` indexed again.
 */
export async function reusePreviousSite(previous: string, stage: string, changedLanguages: string[]): Promise<void> {
  // Pagefind indexed the pages rendered now; the site's index is put together below.
  await rm(join(stage, 'pagefind'), { recursive: true, force: true });
  const staged = new Set(await filesOf(stage));
  for (const rel of await filesOf(previous)) {
    if (REWRITTEN.has(rel) || rel === PAGEFIND_ENTRY) continue;
    const lang = pagefindLanguageOf(rel);
    if (lang !== undefined && changedLanguages.includes(lang)) continue;
    // A page rendered again stays as rendered; the sitemaps are the previous ones (this build's list only the pages it rendered).
    if (staged.has(rel) && !/^sitemap-[^/]*\.xml$/.test(rel)) continue;
    const target = join(stage, rel);
    await mkdir(dirname(target), { recursive: true });
    await rm(target, { force: true });
    await link(join(previous, rel), target).catch(() => copyFile(join(previous, rel), target));
  }
  const before = await readPagefindEntry(previous);
  const languages = { ...(before.languages ?? {}) };
  if (changedLanguages.length > 0) {
    const fresh = await indexLanguages(stage, changedLanguages);
    for (const lang of changedLanguages) {
      if (fresh.languages?.[lang]) languages[lang] = fresh.languages[lang]!;
      else delete languages[lang];
    }
  }
  await writePagefindEntry(stage, before, languages);
}

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/'));
}
