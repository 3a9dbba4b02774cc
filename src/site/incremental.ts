/**
 * Incremental builds: a build into an `--out` that holds a previous build of the same code and
 * options renders only the routes whose inputs changed, moves their files into the previous site,
 * which keeps every other file, and indexes again only the languages of the changed pages. The
 * result is the site a cold build writes, byte for byte.
 *
 * Each route gets a key, a hash of everything its page is made of:
 * - the site's structure, which every page shows or resolves against: the locales, every page's
 *   id, title and description (links, "Next steps" cards, the language picker, fallbacks), the
 *   navigation (sidebars), the redirects, the translated UI strings (`_ui.xlf`);
 * - the page itself: its model entry (Markdown, translation state, ...), the files it includes,
 *   the MDX file it is compiled from, the pages that link to it (backlinks);
 * - for a fallback route, the English page it shows.
 * A change of a title or of the navigation changes every key: the whole site is rendered again.
 * A changed sentence in a page's body changes that page's key only (and its fallbacks').
 *
 * The keys, with a hash of the site's code (src/, locales/, the lock file) and of the options,
 * are kept in `incremental.json` beside the build reports (`<out>-reports`), never in the
 * published site: they are build bookkeeping and name source files of the build machine. So is
 * what the pages recorded for the broken-link report (./link-report.ts `LinkRecord`): a build
 * judges the links of the pages it renders and of those it keeps against the ids of all. The
 * manifest also holds a hash of the site it describes (its Pagefind entry file, which lists a hash
 * of every index): a site replaced or changed since is not reused. A build whose code or options
 * differ from the previous one's, or whose routes are not the same set, is a cold build.
 *
 * Astro 7.3 has an experimental incremental build (`experimental.incrementalBuild`) that skips a
 * route whose `getStaticPaths` entry carries an unchanged `cacheKey`; it still needs every page's
 * Markdown rendered by the content loader, and copies previous output it keeps itself. Bitext
 * selects the routes Astro renders instead (the route filter of ./shard.ts), so neither the
 * loader nor Astro touches an unchanged page.
 */
import { createHash, type Hash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { findIncludes } from '../model/markdown/docfx-include.ts';
import { PROJECT_ROOT } from './config.ts';
import { MAX_INCLUDE_DEPTH } from './includes.ts';
import { linkGraph } from './link-graph.ts';
import { filesOf, moveFilesInto } from './output.ts';
import { ANCHOR_RECORD, joinLinkRecords, type LinkRecord } from './link-report.ts';
import type { SiteModel, SitePage } from './model.ts';
import { folderOfFile, indexedAlike, indexLanguagesAhead, inLanguages, type LanguagesIndexing, PAGEFIND_ENTRY, pageFileOfPath, pagefindLanguageOf, readPagefindEntry, searchedPageFiles, writePagefindEntry } from './pagefind-bundle.ts';
import { byCodeUnits } from './code-order.ts';
import type { SiteRoute } from './shard.ts';
import { ENGLISH_CODE } from './locales.ts';
import { pageUrl } from './slugs.ts';
import { ENGLISH_SEARCH_PAGES, englishBundleFolder, englishBundlesWith, writeEnglishSearchBundlesInWorker, writeEnglishSearchPages } from './search-english.ts';

/** The manifest's file name, in the folder of the build reports. */
export const INCREMENTAL_MANIFEST = 'incremental.json';
/**
 * A build's reports and bookkeeping as files of a site's `_bitext/`, where a shard keeps its
 * reports (and earlier versions kept the manifest): never pages. An incremental build writes them
 * anew rather than keep the previous site's; `bitext merge` leaves the shards' out of the site.
 */
export const REPORT_FILES_IN_SITE: ReadonlySet<string> = new Set(['build.json', 'broken-links.json', 'xliff.json', ANCHOR_RECORD, INCREMENTAL_MANIFEST].map((name) => `_bitext/${name}`));

export interface IncrementalManifest {
  version: 2;
  /** Hash of the site's code and dependencies. */
  code: string;
  /** Hash of the build options that change pages (site URL, shard). */
  options: string;
  /** Route id → key. */
  routes: Record<string, string>;
  /** Site URL → source file (relative to the working folder, as the reports name files) of the media the pages show. */
  media: Record<string, string>;
  /**
   * What the pages recorded for the broken-link report (their links, their ids): a build that
   * keeps a page takes its part from here (./link-report.ts `restoreLinkRecord`).
   */
  links: LinkRecord;
  /** `siteFingerprint` of the site the manifest describes. */
  site: string;
  /**
   * The files of the pages Pagefind may index (`searchedPageFiles`), in code-unit order: the
   * next build begins to index a language again from them before its own site model is made
   * (`beginIndexingAhead`). A shard's are the whole site's, as its site model is.
   */
  indexed?: string[];
}

const hash = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/** `codeHash` of each project folder, once a process: a build asks for it for its manifest and its site-model cache. */
const codeHashes = new Map<string, Promise<string>>();

/** Hash of the code that renders pages: src/ (without the generated pages), locales/, the lock file; read once a process. */
export function codeHash(root = PROJECT_ROOT): Promise<string> {
  let hashed = codeHashes.get(root);
  if (!hashed) codeHashes.set(root, (hashed = hashCode(root)));
  return hashed;
}

async function hashCode(root: string): Promise<string> {
  const h = createHash('sha256');
  for (const dir of ['src', 'locales']) {
    const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true }).catch(() => []);
    // src/content/docs/ holds generated pages (locale copies of MDX pages): content, keyed per page.
    const generated = join(root, 'src', 'content', 'docs');
    const files = entries.filter((e) => e.isFile() && !(e.parentPath + '/').startsWith(generated + '/')).map((e) => join(e.parentPath, e.name)).sort();
    for (const file of files) h.update(relative(root, file)).update('\0').update(await readFile(file)).update('\0');
  }
  h.update(await readFile(join(root, 'package-lock.json')).catch(() => Buffer.alloc(0)));
  return h.digest('hex');
}

/** The folder of the sxs pages kept for the next build (./pages/parts-cache.ts), beside the manifest. */
export const PARTS_CACHE_DIR = 'site-model-cache';

/**
 * What a cached sxs page depends on beyond its document's text and place: the code, the UI
 * strings its reading-mode data holds (the translators' `_ui.xlf` among them) and the feedback
 * URL of its suggestions (`feedbackUrl`, from the environment the page reads it from).
 */
export async function partsCacheKey(uiStrings: unknown, feedbackUrl: string | undefined): Promise<string> {
  return hash(JSON.stringify([await codeHash(), uiStrings ?? {}, feedbackUrl ?? '']));
}

/** The key of every route (./shard.ts `siteRoutes`). */
export async function routeKeys(site: SiteModel, routes: SiteRoute[]): Promise<Map<string, string>> {
  const structure = hash(
    JSON.stringify({
      locales: site.locales,
      pages: [...site.pages.values()].map((p) => [p.id, p.title, p.description ?? null, p.docset]),
      nav: [...site.nav],
      redirects: [...site.redirects],
      ui: site.uiStrings,
    }),
  );
  const graph = linkGraph(site);
  const own = new Map<string, string>();
  const pageKey = async (page: SitePage) => {
    let key = own.get(page.id);
    if (key === undefined) {
      const h = createHash('sha256');
      feedFields(h, page);
      h.update(JSON.stringify([[...(graph.get(page.id) ?? [])].sort(), includedFiles(site, page)]));
      if (page.kind === 'mdx' && page.file) h.update(hash(await readFile(page.file).catch(() => Buffer.alloc(0))));
      key = h.digest('hex');
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

/**
 * Feeds the fields of `record` to `h`, each with its name and length, so that different records
 * feed different bytes: a string as it is, anything else as JSON. A page's Markdown and English
 * tails are most of a site model; hashing the JSON of whole pages took five times as long.
 */
function feedFields(h: Hash, record: object): void {
  for (const [name, value] of Object.entries(record)) {
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    h.update(`${name}\0${typeof value === 'string' ? 's' : 'j'}${text.length}\0`).update(text);
  }
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

/** The manifest in `dir` when it describes the site in `out` as it is now. */
export async function readManifest(dir: string, out: string): Promise<IncrementalManifest | undefined> {
  try {
    const manifest = JSON.parse(await readFile(join(dir, INCREMENTAL_MANIFEST), 'utf8')) as IncrementalManifest;
    return manifest.version === 2 && manifest.site === (await siteFingerprint(out)) ? manifest : undefined;
  } catch {
    return undefined;
  }
}

/** A hash of a built site: its Pagefind entry file, which changes with every index of it. */
export async function siteFingerprint(dir: string): Promise<string> {
  return hash(await readFile(join(dir, PAGEFIND_ENTRY)).catch(() => Buffer.alloc(0)));
}

/**
 * Readies an incremental build's stage to be moved into the previous site: the sitemaps Astro
 * wrote list only the pages it rendered, and the previous ones stand (the routes are the same set).
 */
export async function pruneStage(stage: string): Promise<void> {
  for (const name of await readdir(stage)) if (SITEMAP.test(name)) await rm(join(stage, name));
}

const SITEMAP = /^sitemap-[^/]*\.xml$/;

/**
 * Completes an incremental build in the previous site's folder `out`: the files of its stage (the
 * pages rendered again, Astro's assets, media, reports published with the site) replace their
 * namesakes; report files it no longer publishes go; the search index of each language with a
 * changed page is made again from the site's pages and put beside the other languages', and so is
 * the English bundle of each locale in `englishBundles` (those with a changed English page). The work is in proportion to the change, not to
 * the site: linking a 49,000-file site into a new folder and removing the old one took 25 s.
 * Every file is replaced whole, the site not at once: the caller removes the manifest first, so
 * that a build killed meanwhile is followed by a cold one, which replaces the whole site.
 * `indexing`: the changed languages' index, begun from the previous site while the pages were
 * rendered (./pagefind-bundle.ts `indexLanguagesAhead`); without it, it is begun here.
 */
export async function updatePreviousSite(
  site: SiteModel,
  out: string,
  stage: string,
  { languages: changedLanguages, englishBundles }: { languages: string[]; englishBundles: string[] },
  mark: (phase: string) => void = () => undefined,
  indexing?: LanguagesIndexing,
  meanwhile: () => void = () => undefined,
): Promise<SearchUpdate> {
  const moved = new Set(await moveFilesInto(stage, out));
  for (const rel of REPORT_FILES_IN_SITE) if (!moved.has(rel)) await rm(join(out, rel), { force: true });
  mark(`${moved.size} files moved into the site`);
  // The English bundles are written from the site's English pages, now all in place, in a worker
  // with a Pagefind process of its own, while the changed languages are indexed again: after the
  // English index, the Japanese bundle of the large site added 9.7 s to a rebuild. Both are
  // awaited whatever becomes of the other: the worker is never left writing into the stage.
  const bundling = englishBundles.length > 0 ? writeEnglishSearchBundlesInWorker(site, out, { into: stage, locales: englishBundles, present: out, changed: moved }) : undefined;
  const indexingAgain = indexLanguagesAgain(site, out, stage, changedLanguages, moved, mark, indexing);
  // This thread's own work, done at once while Pagefind writes (each language's index is asked for
  // by now); a failure of it is thrown once the others are done.
  const made = new Promise<void>((done) => done(meanwhile()));
  const [bundled, indexed, madeMeanwhile] = await Promise.allSettled([bundling, indexingAgain, made]);
  if (madeMeanwhile.status === 'rejected') throw madeMeanwhile.reason;
  if (indexed.status === 'rejected') throw indexed.reason;
  if (bundled.status === 'rejected') throw bundled.reason;
  if (bundled.value) {
    if (bundled.value.errors.length) throw new Error(`the English search bundles could not be written: ${bundled.value.errors.join('; ')}`);
    // Into each bundle's folder, the files it lacked (the others were not written); then the files
    // the bundle no longer has go, but for the page pairs, written again below.
    for (const locale of englishBundles) {
      const bundle = join(out, englishBundleFolder(locale));
      const files = bundled.value.files[locale];
      // A locale none of whose pages Pagefind indexed has no bundle, as in a cold build.
      if (!files) {
        await rm(bundle, { recursive: true, force: true });
        continue;
      }
      // Its entry at least was written.
      await moveFilesInto(join(stage, englishBundleFolder(locale)), bundle);
      const now = new Set([...files, ENGLISH_SEARCH_PAGES]);
      for (const rel of await filesOf(bundle)) if (!now.has(rel)) await rm(join(bundle, rel), { force: true });
    }
    mark(`English search bundles of ${englishBundles.join(', ')}`);
  }
  // The ids of a locale's pages change with their text (the reader's index) and with its English
  // pages' (the bundle): the page pairs of those locales are written again.
  const paired = [...new Set([...changedLanguages, ...englishBundles])].sort();
  if (paired.length > 0) await writeEnglishSearchPages(out, paired);
  return { languages: indexed.value, bundles: { made: englishBundles, afresh: bundled.value?.afresh ?? {} } };
}

/** Search indexes an incremental build made again (`made`): changed in place (./pagefind-patch.ts), but those made afresh, each with why. */
export interface IndexesMadeAgain {
  made: readonly string[];
  afresh: Record<string, string>;
}

/** How an incremental build made the search index of the changed languages and the English bundles again. */
export interface SearchUpdate {
  languages: IndexesMadeAgain;
  bundles: IndexesMadeAgain;
}

/** The log line of a `SearchUpdate`, if anything was made again. */
export function searchUpdateLine({ languages, bundles }: SearchUpdate): string | undefined {
  const told = ({ made, afresh }: IndexesMadeAgain, inPlace: string, oneAfresh: string) => {
    const changed = made.filter((name) => !(name in afresh));
    return [changed.length > 0 && `${inPlace} ${changed.join(', ')} changed in place`, ...Object.entries(afresh).map(([name, why]) => `${oneAfresh} ${name} made afresh (${why})`)];
  };
  const parts = [...told(languages, 'search index of', 'search index of'), ...told(bundles, 'English search bundles of', 'English search bundle of')].filter(Boolean);
  return parts.length > 0 ? `bitext build: incremental: ${parts.join('; ')}` : undefined;
}

/**
 * Indexes `languages` of the site in `out` again, `moved` (files of the site) being the pages
 * rendered again (see `updatePreviousSite`), and puts their files and entry in place of the
 * previous ones.
 */
async function indexLanguagesAgain(site: SiteModel, out: string, stage: string, languages: string[], moved: ReadonlySet<string>, mark: (phase: string) => void, indexing?: LanguagesIndexing): Promise<SearchUpdate['languages']> {
  if (languages.length === 0) return { made: [], afresh: {} };
  const into = join(stage, 'pagefind');
  // Asked for before anything is awaited (`updatePreviousSite` works meanwhile). Only the files
  // the site lacks are written: Pagefind names its files after their content.
  const finishing = (indexing ?? indexLanguagesAhead(out, languages, searchedPageFiles(site))).finish(moved, into);
  const [before, fresh] = await Promise.all([readPagefindEntry(out), finishing]);
  const entry = { ...(before.languages ?? {}) };
  await moveFilesInto(into, join(out, 'pagefind'));
  const written = new Set(fresh.files.map((rel) => `pagefind/${rel}`));
  for (const lang of languages) {
    if (fresh.entry.languages?.[lang]) entry[lang] = fresh.entry.languages[lang]!;
    else delete entry[lang];
  }
  await writePagefindEntry(out, before, entry);
  // The previous files of those languages, which the entry no longer leads to.
  for (const rel of await filesOf(join(out, 'pagefind'))) {
    const path = `pagefind/${rel}`;
    const lang = pagefindLanguageOf(path);
    if (lang !== undefined && languages.includes(lang) && !written.has(path)) await rm(join(out, path), { force: true });
  }
  mark(`Pagefind: ${languages.join(', ')} made again`);
  return { made: languages, afresh: fresh.afresh ?? {} };
}

/**
 * The languages of `languages` (an incremental plan's) whose changed pages Pagefind indexes as
 * before (`indexedAlike`), the previous site in `out` and the pages rendered again in `stage`:
 * their index is kept. A translated page whose English source sentence changed differs only in
 * the English sources it closes with, which Pagefind ignores; on the 12,000-page site, such an
 * edit in a Japanese document had the 2,800 Japanese pages indexed again for nothing.
 */
export async function languagesIndexedAsBefore(site: SiteModel, reuse: Pick<NonNullable<IncrementalPlan['reuse']>, 'routes' | 'languages'>, out: string, stage: string): Promise<string[]> {
  const changedFiles = new Map<string, string[]>();
  for (const id of reuse.routes) {
    // A fallback route has no page of its locale, and Pagefind never indexes it.
    const page = site.pages.get(id);
    if (!page) continue;
    const files = changedFiles.get(page.locale) ?? [];
    files.push(pageFileOfPath(pageUrl(page.locale, page.slug)));
    changedFiles.set(page.locale, files);
  }
  const read = (file: string) => readFile(file).catch(() => undefined);
  const alike: string[] = [];
  for (const lang of reuse.languages) {
    const pages = await Promise.all((changedFiles.get(lang) ?? []).map(async (rel) => ({ rel, before: await read(join(out, rel)), after: await read(join(stage, rel)) })));
    if (await indexedAlike(pages).catch(() => false)) alike.push(lang);
  }
  return alike;
}

/** What an incremental build renders, and what it keeps of the previous site. */
export interface IncrementalPlan {
  /** Keys of this build's routes, for the manifest. */
  keys: Map<string, string>;
  code: string;
  options: string;
  /** Absent: a cold build (no usable previous site, or every route changed). */
  reuse?: {
    previous: IncrementalManifest;
    /** Route ids to render. */
    routes: Set<string>;
    /** Page ids whose Markdown the loader renders. */
    renders: Set<string>;
    /** Pagefind languages with a changed page. */
    languages: string[];
    /**
     * Locales whose English search bundle has a changed English page (./search-english.ts): the
     * bundles written again. The others are kept: a bundle holds the English pages of its
     * locale's translated pages, with their titles and summaries, which change every key.
     */
    englishBundles: string[];
    /** Why the routes are rendered again, for the log. */
    unchanged: number;
  };
}

/** Hash of the build options that change pages. */
export function incrementalOptions(options: { site?: string; shard?: unknown; followSymlinks?: boolean }): string {
  return hash(JSON.stringify({ site: options.site ?? null, shard: options.shard ?? null, followSymlinks: options.followSymlinks ?? false }));
}

/**
 * The manifest of the previous build in `out` when a build of this code and these options could
 * keep pages of it (the routes are compared once the site is read, `planIncremental`).
 */
export async function usableManifest(out: string, manifestDir: string, options: { site?: string; shard?: unknown; followSymlinks?: boolean }): Promise<IncrementalManifest | undefined> {
  const previous = await readManifest(manifestDir, out);
  return previous !== undefined && previous.options === incrementalOptions(options) && previous.code === (await codeHash()) ? previous : undefined;
}

/**
 * The manifest of a site joined from parts (./parallel-build.ts): the routes and media of every
 * part, with the options of a whole build, and the indexed pages every part lists alike (each reads the whole site). Routes are listed in order, as each build lists them.
 */
export function joinManifests(parts: IncrementalManifest[], options: { site?: string; followSymlinks?: boolean }): Omit<IncrementalManifest, 'site'> {
  const routes: Record<string, string> = {};
  const media: Record<string, string> = {};
  for (const part of parts) {
    Object.assign(routes, part.routes);
    Object.assign(media, part.media);
  }
  const indexed = parts[0]!.indexed;
  return { version: 2, code: parts[0]!.code, options: incrementalOptions(options), routes: sortedRecord(routes), media: sortedRecord(media), links: joinLinkRecords(parts.map((p) => p.links)), ...(indexed ? { indexed } : {}) };
}

function sortedRecord(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.keys(record).sort().map((k) => [k, record[k]!]));
}

/**
 * Compares this build's route keys with the previous site's manifest (`usableManifest`; none: a
 * cold build). `routes` are the routes this build makes (a shard's own).
 */
export async function planIncremental(
  site: SiteModel,
  routes: SiteRoute[],
  previous: IncrementalManifest | undefined,
  options: { site?: string; shard?: unknown; followSymlinks?: boolean },
): Promise<IncrementalPlan> {
  const keys = await routeKeys(site, routes);
  const plan: IncrementalPlan = { keys, code: await codeHash(), options: incrementalOptions(options) };
  if (!previous) return plan;
  // The same set of routes: otherwise the sitemaps and the search index change everywhere.
  const before = Object.keys(previous.routes);
  if (before.length !== routes.length || routes.some((r) => previous.routes[r.id] === undefined)) return plan;
  // Pagefind names a language's files after `<html lang>` in lower case, and its pages are indexed again from their locale folder.
  if (site.locales.some((l) => l.lang.toLowerCase() !== l.code)) return plan;
  const changed = routes.filter((r) => previous.routes[r.id] !== keys.get(r.id));
  if (changed.length === routes.length) return plan;
  const languages = new Set<string>();
  const englishSlugs = new Set<string>();
  for (const r of changed) {
    if (r.english) continue;
    const locale = r.id.split('/')[0]!;
    languages.add(locale);
    const page = site.pages.get(r.id);
    if (page?.locale === ENGLISH_CODE) englishSlugs.add(page.slug);
  }
  plan.reuse = {
    previous,
    routes: new Set(changed.map((r) => r.id)),
    renders: new Set(changed.map((r) => r.english ?? r.id)),
    languages: [...languages].sort(),
    englishBundles: englishSlugs.size > 0 ? englishBundlesWith(site, englishSlugs) : [],
    unchanged: routes.length - changed.length,
  };
  return plan;
}

/** The media of the previous site's pages that this build did not render, as absolute source paths. */
export function keptMedia(plan: IncrementalPlan, rendered: Map<string, string>, cwd = process.cwd()): Map<string, string> {
  const kept = new Map<string, string>();
  for (const [url, file] of Object.entries(plan.reuse?.previous.media ?? {})) if (!rendered.has(url)) kept.set(url, resolve(cwd, file));
  return kept;
}

/** The manifest this build leaves for the next one, but for the `siteFingerprint` of its site (`manifestText` puts it in). */
export function incrementalManifest(plan: IncrementalPlan, media: Map<string, string>, links: LinkRecord, indexed?: Iterable<string>, cwd = process.cwd()): Omit<IncrementalManifest, 'site'> {
  const all = { ...(plan.reuse?.previous.media ?? {}), ...Object.fromEntries([...media].map(([url, file]) => [url, relative(cwd, file)])) };
  return {
    version: 2,
    code: plan.code,
    options: plan.options,
    routes: sortedRecord(Object.fromEntries(plan.keys)),
    media: sortedRecord(all),
    links,
    ...(indexed ? { indexed: [...indexed].sort(byCodeUnits) } : {}),
  };
}

/**
 * The text of a manifest but for its `site` (`siteFingerprint`), known only once the search index
 * is written; the rest, 9 MB of JSON on the 12,000-page site (a quarter of a second), is made
 * while Pagefind writes it.
 */
export function manifestText(manifest: Omit<IncrementalManifest, 'site'>): (site: string) => string {
  const rest = JSON.stringify(manifest);
  return (site) => `${rest.slice(0, -1)},"site":${JSON.stringify(site)}}\n`;
}

/**
 * The search index of the languages a build into a previous site will most likely make again,
 * begun before the site model is made: their previous index is read meanwhile (a worker thread;
 * ./pagefind-bundle.ts `indexLanguagesAhead`), the English one of the large site in 0.3 s. The
 * languages are those `changedSince` names for the time the previous build ended (its
 * manifest's): the locales of the translators' files written since, and the languages of the
 * documents written since (./pages/changed-since.ts), the likeliest first: they are read in that
 * order. The pages are the ones the previous build indexed. Only a guess, until the plan:
 * `indexingForPlan` keeps it, or stops it.
 */
export interface IndexingBegunEarly {
  languages: string[];
  /** What was written since that the guess comes from (`documents`, `XLIFF files`), for the log. */
  written: string;
  pages: ReadonlySet<string>;
  indexing: LanguagesIndexing;
}

export async function beginIndexingAhead(
  previous: IncrementalManifest | undefined,
  out: string,
  manifestDir: string,
  changedSince: (time: number) => Promise<{ languages: Iterable<string>; written: string }>,
): Promise<IndexingBegunEarly | undefined> {
  if (!previous?.indexed) return undefined;
  const ended = (await stat(join(manifestDir, INCREMENTAL_MANIFEST))).mtimeMs;
  const pages = new Set(previous.indexed);
  const folders = new Set(previous.indexed.map(folderOfFile));
  const guess = await changedSince(ended);
  const languages = [...new Set(guess.languages)].filter((lang) => folders.has(lang));
  return languages.length === 0 ? undefined : { languages, written: guess.written, pages, indexing: indexLanguagesAhead(out, languages, pages) };
}

/**
 * The index of the plan's `languages` (`IncrementalPlan.reuse`) to begin while the pages render:
 * the one begun early when it holds them all and was begun for the same pages of them as this site
 * model has (`pages`, `searchedPageFiles`): then it is the index begun now, with the other
 * languages it guessed left out. Otherwise that one is stopped and another begun.
 */
export async function indexingForPlan(early: Omit<IndexingBegunEarly, 'written'> | undefined, languages: readonly string[], pages: ReadonlySet<string>, out: string): Promise<LanguagesIndexing | undefined> {
  if (early) {
    const ofLanguages = (files: ReadonlySet<string>) => [...files].filter((rel) => inLanguages(rel, languages));
    const samePages = () => {
      const [before, now] = [ofLanguages(early.pages), ofLanguages(pages)];
      return before.length === now.length && now.every((rel) => early.pages.has(rel));
    };
    if (languages.length > 0 && languages.every((lang) => early.languages.includes(lang)) && samePages()) {
      const others = early.languages.filter((lang) => !languages.includes(lang));
      if (others.length > 0) early.indexing.leaveOut(others);
      return early.indexing;
    }
    await early.indexing.abandon();
  }
  return languages.length > 0 ? indexLanguagesAhead(out, [...languages], pages) : undefined;
}
