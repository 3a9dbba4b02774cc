/**
 * Cross-language search: a reader of /ru-ru/ who types an English word also finds the Russian
 * pages whose English source has it, after the pages that match in Russian.
 *
 * Starlight's Pagefind bundle (/pagefind/) keeps one index per `<html lang>`, and this leaves it
 * as it is: a query in the reader's language finds exactly what it found before, and no English
 * reaches the locale's titles or excerpts. Beside it, each locale gets a second, English-only
 * bundle, `/_bitext/search-en/<locale>/`: the English page of every translated page of the locale,
 * indexed with the English stemmer under the translated page's URL, its title and summary taken
 * from the translated page (`data-pagefind-meta`, not indexed). The search dialog
 * (components/Search.astro, public/_bitext/search-en.js) queries it after the reader's index and
 * lists the pages it adds below the reader's results, each marked "matched in English", in the
 * reader's language (the translated title and summary; the English excerpt is never shown).
 *
 * Why a second bundle and not filters or a merged index: English words put into the locale's
 * index would be stemmed as Russian (no "invoices" for "invoice") and would change what Russian
 * queries rank; Pagefind's `mergeIndex` ranks both indexes in one list (English matches could
 * come first, and a page matching both ways would show twice). One bundle per locale keeps each
 * download to that locale's English.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { getSiteContext } from './context.ts';
import { escapeText } from '../xml/escape.ts';
import type { SiteModel } from './model.ts';
import { ENGLISH_CODE } from './locales.ts';
import { pageUrl } from './slugs.ts';
import { byCodeUnits } from './code-order.ts';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { missingFrom, PAGEFIND_ENTRY_NAME, pageFileOfPath, type PagefindEntry, type PagefindFile, pagefindView, sendPages, takeIndexFiles, withOwnLanguageIndex, writeIndexFiles } from './pagefind-bundle.ts';
import { type ChangedPage, failedBecause, putPagesInto, readPreviousIndex } from './pagefind-patch.ts';
import { decodePagefindFile, encodeFragmentFile, fragmentUrl, readFragmentFile } from './pagefind-files.ts';
import { startWorker } from './worker-thread.ts';

/** Where the English bundle of a locale is published. */
export function englishSearchBundle(locale: string): string {
  return `/_bitext/search-en/${locale}/`;
}

/** The folder of a locale's English bundle in a built site (`englishSearchBundle`), as a path relative to the site; '' gives the folder of all bundles. */
export function englishBundleFolder(locale: string): string {
  return join(...englishSearchBundle(locale).split('/').filter(Boolean));
}

/**
 * The file of a locale's English bundle that pairs each page of the reader's index with the same
 * page in the English bundle: `{ "<reader's page id>": "<English page id>" }`, the ids Pagefind's
 * search results carry without their language (`ru-ru_0e246d1` → `0e246d1`, `en_e0c61c8` → `e0c61c8`). The dialog leaves out of the English list the pages the reader's index
 * found already by these ids alone, without downloading a fragment of the reader's index for each
 * of its results (a Latin word such as "Azure" finds hundreds of Russian pages).
 */
export const ENGLISH_SEARCH_PAGES = 'pages.json';

/**
 * Files of Pagefind's bundle the English bundle does without: the dialog searches it with the
 * Pagefind script (and web worker) of the reader's bundle, already loaded, and has no UI of its own.
 */
const UNUSED_BUNDLE_FILE = /^(?:pagefind(?:-worker|-highlight|-ui|-modular-ui|-component-ui)?\.(?:js|css)|wasm\.unknown\.pagefind)$/;

/** Where the reading-side script is served from. */
export const ENGLISH_SEARCH_SCRIPT = '/_bitext/search-en.js';

/**
 * The English page's HTML as Pagefind reads it (`pagefindView`), with the translated page's title
 * and summary as Pagefind metadata inside the indexed element and ignored for indexing (so the
 * English index holds no Russian).
 */
export function withTranslatedMeta(englishHtml: string | Uint8Array, title: string, summary: string | undefined): string | undefined {
  const meta =
    `<span hidden data-pagefind-ignore data-pagefind-meta="title">${escapeText(title)}</span>` +
    (summary ? `<span hidden data-pagefind-ignore data-pagefind-meta="bt_summary">${escapeText(summary)}</span>` : '');
  return pagefindView(englishHtml, meta);
}

export interface EnglishSearchResult {
  /** Pages indexed per locale. */
  pages: Record<string, number>;
  /** The files of each locale's bundle, relative to its folder (`/`-separated), written or `present`. */
  files: Record<string, string[]>;
  errors: string[];
  /** Bundles of a previous site (`present`) written whole, each with why the changed pages could not be put into it (`patchBundle`). */
  afresh?: Record<string, string>;
}

/** The pages of each locale's English bundle: its translated pages that have an English page, in the site's order. */
export type EnglishBundlePages = [locale: string, pages: { slug: string; title: string; description?: string }[]][];

/**
 * Each locale's English bundle, in the order they are written: largest first. A build writes them
 * one after the other beside the other locales' rendering, each in a Pagefind process of its own,
 * while those locales' indexes are written in processes of theirs. They start once the English
 * index and the index of the locale with the most pages are written (../config.ts), so no bundle
 * runs beside the two largest indexes; the largest bundle, whose process holds the most memory,
 * then runs beside the next locales rather than beside the last ones' writes, near the end.
 */
export function englishBundlePages(site: Pick<SiteModel, 'pages'>): EnglishBundlePages {
  const byLocale = new Map<string, EnglishBundlePages[number][1]>();
  for (const page of site.pages.values()) {
    if (page.locale === ENGLISH_CODE || !site.pages.has(`${ENGLISH_CODE}/${page.slug}`)) continue;
    const list = byLocale.get(page.locale) ?? [];
    list.push({ slug: page.slug, title: page.title, ...(page.description ? { description: page.description } : {}) });
    byLocale.set(page.locale, list);
  }
  return [...byLocale].sort(([, a], [, b]) => b.length - a.length);
}

/** The locales whose English bundle holds one of the English pages of `slugs` (an incremental build's changed English pages). */
export function englishBundlesWith(site: Pick<SiteModel, 'pages'>, slugs: ReadonlySet<string>): string[] {
  return englishBundlePages(site)
    .filter(([, pages]) => pages.some((page) => slugs.has(page.slug)))
    .map(([locale]) => locale)
    .sort();
}

/**
 * Writes the English bundle of every locale into the built site `dir` (after Astro wrote the
 * English pages). A translated page whose English page is not built is left out of it.
 */
export async function writeEnglishSearchBundles(site: Pick<SiteModel, 'pages'>, dir: string): Promise<EnglishSearchResult> {
  return writeBundles(englishBundlePages(site), dir, dir);
}

/**
 * `writeEnglishSearchBundles` in a worker thread (./search-english-worker.ts): a build starts it
 * once the English pages are written and renders the other locales meanwhile; an incremental
 * build, while it indexes the changed languages again. The thread also has a Pagefind process of
 * its own: Pagefind's module runs one process, which the search index of the pages being rendered
 * (./pagefind-bundle.ts) ends after each language. `into`: the folder the bundles are written
 * to (an incremental build's stage, moved into the site afterwards); `locales`: the bundles of
 * these locales only; `present`: a site whose bundles hold files already (`writeBundles`).
 */
export function writeEnglishSearchBundlesInWorker(
  site: Pick<SiteModel, 'pages'>,
  dir: string,
  { into = dir, locales, present, changed }: { into?: string; locales?: readonly string[]; present?: string; changed?: Iterable<string> } = {},
): Promise<EnglishSearchResult> {
  return new Promise((done, fail) => {
    const workerData: EnglishBundleJob = {
      bundles: englishBundlePages(site).filter(([locale]) => !locales || locales.includes(locale)),
      dir,
      into,
      ...(present ? { present } : {}),
      ...(present && changed ? { changed: [...changed] } : {}),
    };
    const worker = startWorker(new URL('./search-english-worker.ts', import.meta.url), workerData);
    let result: EnglishSearchResult | undefined;
    worker.once('message', (message: EnglishSearchResult) => (result = message));
    worker.once('error', fail);
    worker.once('exit', (code) => (result ? done(result) : fail(new Error(`the English search bundles' worker stopped (exit code ${code})`))));
  });
}

/** What the worker thread is given: the bundles to write from the built site `dir` into the folder `into`, but for the files of the site `present`, whose bundles lack only the pages of `changed` (`writeBundles`). */
export interface EnglishBundleJob {
  bundles: EnglishBundlePages;
  dir: string;
  into: string;
  present?: string;
  changed?: string[];
}

/**
 * `writeEnglishSearchBundles` with the pages of each bundle given: the worker thread runs it.
 * `present`: a built site (an incremental build's previous one) whose bundles are there already:
 * a file of the same name in the same locale's bundle there is the same file (Pagefind names its
 * files after their content, but for its entry), and is not written. An English sentence of the
 * large site changes a few of the 2,800 fragments of the Japanese bundle. `changed`: the files of
 * the site rendered since `present`'s bundles were written (its English and translated pages):
 * the other pages of a bundle are as they were, and only those are put into its previous index
 * (`patchBundle`).
 */
export async function writeBundles(bundles: EnglishBundlePages, dir: string, into: string, present?: string, changed?: ReadonlySet<string>): Promise<EnglishSearchResult> {
  // Loaded here, not at the top: the search component imports this module's paths into page code.
  const pagefind = await import('pagefind');
  const result: EnglishSearchResult = { pages: {}, files: {}, errors: [] };
  for (const [locale, pages] of bundles) {
    // A Pagefind process keeps the memory of the indexes it has written until it ends: each
    // bundle gets a process of its own, ended however the bundle went.
    try {
      const patched = present && changed ? await patchBundle(locale, pages, dir, into, present, changed).catch(failedBecause) : undefined;
      if (typeof patched === 'string') (result.afresh ??= {})[locale] = patched;
      const written = typeof patched === 'object' ? patched : await writeBundle(pagefind, locale, pages, dir, into, present, result.errors);
      if (written) {
        result.pages[locale] = written.count;
        if (written.files) result.files[locale] = written.files;
      }
    } finally {
      await pagefind.close();
    }
  }
  return result;
}

/**
 * One locale's bundle: how many pages it has and its files (none without a page), or undefined
 * when Pagefind gave no index (`errors` says why).
 */
async function writeBundle(
  pagefind: typeof import('pagefind'),
  locale: string,
  pages: EnglishBundlePages[number][1],
  dir: string,
  into: string,
  present: string | undefined,
  errors: string[],
): Promise<{ count: number; files?: string[] } | undefined> {
  const created = await pagefind.createIndex(BUNDLE_INDEX);
  const index = created.index;
  if (!index) {
    errors.push(...created.errors);
    return undefined;
  }
  // Few pages ahead (`sendPages`): this runs at the lowest priority, and the pages Pagefind had
  // not yet taken would wait in this thread's memory while the rendering takes the cores.
  const answers = await sendPages(index, pages, async (page) => await bundlePageFile(dir, locale, page), (_page, file) => file);
  for (const answer of answers) errors.push(...answer.errors);
  const count = answers.filter((a) => a.errors.length === 0).length;
  if (count === 0) return { count };
  const folder = englishBundleFolder(locale);
  // Its process ends here (`writeBundles` starts the next).
  const got = await takeIndexFiles(index);
  errors.push(...got.errors);
  if (!got.entry) {
    errors.push(`Pagefind gave no ${PAGEFIND_ENTRY_NAME}`);
    return undefined;
  }
  const files = withOwnLanguageIndex(
    got.files.filter(({ rel }) => !UNUSED_BUNDLE_FILE.test(rel)),
    got.entry,
  );
  // Only the fragments written are stripped: one the previous bundle has was stripped then. The
  // entry, the one file named neither after its content nor for Pagefind's version (its wasm
  // file: another version is another lock file, which makes the next build cold), always.
  const fresh = missingFrom(files, present && join(present, folder), (rel) => rel === PAGEFIND_ENTRY_NAME);
  await writeIndexFiles(
    join(into, folder),
    fresh.map(({ rel, content }) => ({ rel, content: rel.startsWith(`${FRAGMENTS}/`) ? metaOnly(rel, content) : content })),
  );
  return { count, files: files.map(({ rel }) => rel).sort(byCodeUnits) };
}

/** How a bundle is indexed: its pages are English, under the translated pages' URLs. */
const BUNDLE_INDEX = { forceLanguage: 'en', keepIndexUrl: false } as const;

/**
 * What Pagefind is sent of a bundle's page, from the built site `dir`, or undefined for a page
 * whose English page is not built or is not indexed.
 */
async function bundlePageFile(dir: string, locale: string, page: EnglishBundlePages[number][1][number]): Promise<PagefindFile | undefined> {
  const english = await readFile(join(dir, pageFileOfPath(pageUrl(ENGLISH_CODE, page.slug)))).catch(() => undefined);
  const html = english && withTranslatedMeta(english, page.title, page.description);
  return html === undefined ? undefined : { url: pageUrl(locale, page.slug), content: html };
}

/**
 * A locale's bundle as `writeBundle` writes it, made from the bundle of the site `present`: the
 * pages whose English or translated page is in `changed` (site files rendered since), or that
 * the bundle lacked, are indexed alone and put in place of their previous versions
 * (./pagefind-patch.ts). Gives why it cannot instead (then the bundle is written whole): no
 * previous bundle, a page it had is gone or no longer indexed, the pages in another order.
 */
async function patchBundle(
  locale: string,
  pages: EnglishBundlePages[number][1],
  dir: string,
  into: string,
  present: string,
  changed: ReadonlySet<string>,
): Promise<{ count: number; files: string[] } | string> {
  const folder = englishBundleFolder(locale);
  const previousDir = join(present, folder);
  const entryText = await readFile(join(previousDir, PAGEFIND_ENTRY_NAME), 'utf8').catch(() => undefined);
  if (entryText === undefined) return 'no previous bundle';
  const entry = JSON.parse(entryText) as PagefindEntry;
  const language = entry.languages?.[ENGLISH_CODE];
  if (!language) return 'no English index in the previous bundle';
  const previous = readPreviousIndex(previousDir, ENGLISH_CODE, language.hash, (url) => url);
  if (typeof previous === 'string') return previous;
  const order = new Map(pages.map((page, i) => [pageUrl(locale, page.slug), i]));
  if (previous.pages.some((url) => !order.has(url))) return 'a page left the bundle';
  const had = new Set(previous.pages);
  const again: ChangedPage[] = [];
  for (const page of pages) {
    const url = pageUrl(locale, page.slug);
    if (had.has(url) && !changed.has(pageFileOfPath(pageUrl(ENGLISH_CODE, page.slug))) && !changed.has(pageFileOfPath(url))) continue;
    const file = await bundlePageFile(dir, locale, page);
    if (file) again.push({ name: url, file });
    else if (had.has(url)) return `${url} is no longer indexed`;
  }
  const put = await putPagesInto(previous, previousDir, again, {
    into: join(into, folder),
    byName: (a, b) => order.get(a)! - order.get(b)!,
    indexOptions: BUNDLE_INDEX,
    fragment: ({ rel, content }) => metaOnly(rel, content),
  });
  if (typeof put === 'string') return put;
  entry.languages = { ...entry.languages, [ENGLISH_CODE]: { ...language, hash: put.hash, page_count: put.pageCount } };
  await writeIndexFiles(join(into, folder), [{ rel: PAGEFIND_ENTRY_NAME, content: Buffer.from(JSON.stringify(entry)) }]);
  // The bundle's other files (Pagefind's wasm), as they are.
  const wasm = (await readdir(previousDir).catch(() => [] as string[])).filter((name) => name.startsWith('wasm.'));
  return { count: put.pageCount, files: [PAGEFIND_ENTRY_NAME, ...put.files, ...wasm].sort(byCodeUnits) };
}

const FRAGMENTS = 'fragment';

/**
 * A fragment of the English bundle (`rel`, its bytes) without its text, keeping its URL, word
 * count, filters and meta: the dialog shows the translated title and summary (meta) and never the
 * English excerpt, which is all the text is for. A fragment is downloaded per result shown;
 * without its text it is a tenth of its size. The index (what a query finds) is not in the fragments.
 */
function metaOnly(rel: string, bytes: Uint8Array): Buffer {
  const json: unknown = JSON.parse(decodePagefindFile(bytes, rel).toString('utf8'));
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`Pagefind gave a fragment that is not a JSON object: ${rel}`);
  for (const page of fragmentPages(rel.slice(rel.lastIndexOf('/') + 1), json as Record<string, unknown>).values()) Object.assign(page, { content: '', anchors: [] });
  return encodeFragmentFile(json);
}

/**
 * The page URL of every fragment in a bundle's `fragment/` folder (of the files named with one of
 * `prefixes`, when given), by the page id search results carry.
 */
async function fragmentUrls(fragments: string, prefixes?: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const name of await fragmentNames(fragments, prefixes)) {
    // A page's fragment gives its URL in its first bytes; a group of pages is read whole.
    const url = fragmentUrl(join(fragments, name));
    if (url !== undefined) ids.set(name.slice(0, -FRAGMENT_EXTENSION.length), url);
    else for (const [id, page] of fragmentPages(name, readFragmentFile(join(fragments, name)))) if (typeof page.url === 'string') ids.set(id, page.url);
  }
  return ids;
}

const FRAGMENT_EXTENSION = '.pf_fragment';

/** The fragment files of a bundle's `fragment/` folder (none when there is no folder), of the names that begin with one of `prefixes` when given, in order. */
async function fragmentNames(fragments: string, prefixes?: string[]): Promise<string[]> {
  return (await readdir(fragments).catch(() => [] as string[])).filter((n) => n.endsWith(FRAGMENT_EXTENSION) && (!prefixes || prefixes.some((p) => n.startsWith(p)))).sort();
}

/** A fragment file's pages by id: a file holds one page (named by its id) or a group of pages keyed by id. */
function fragmentPages(name: string, json: Record<string, unknown>): Map<string, Record<string, unknown>> {
  return new Map(typeof json.url === 'string' ? [[name.slice(0, -FRAGMENT_EXTENSION.length), json]] : (Object.entries(json) as [string, Record<string, unknown>][]));
}

/** A page id without the language Pagefind puts before it (`ru-ru_0e246d1` → `0e246d1`). */
function withoutLanguage(id: string): string {
  return id.slice(id.lastIndexOf('_') + 1);
}

/**
 * Writes the page pairs (`ENGLISH_SEARCH_PAGES`) of every English bundle of the built site `dir`,
 * from the reader's index and the English bundles as they are now: run it whenever either was
 * written (a build, an incremental build, the merge of shards). `only`: the bundles of these
 * locales (an incremental build's, whose index changed), whose reader fragments Pagefind named
 * after them (`<locale>_<id>`); the others are left as they are.
 */
export async function writeEnglishSearchPages(dir: string, only?: readonly string[]): Promise<void> {
  const root = join(dir, englishBundleFolder(''));
  const bundles = (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory()).map((e) => e.name);
  const locales = bundles.filter((name) => !only || only.includes(name)).sort();
  if (locales.length === 0) return;
  const readerIds = new Map<string, string>();
  // Only the reader fragments of the bundles written: an English change makes `only` name English
  // too, whose 5,900 fragments on the large site are no bundle's.
  for (const [id, url] of await fragmentUrls(join(dir, 'pagefind', 'fragment'), only && locales.map((locale) => `${locale}_`))) readerIds.set(url, id);
  for (const locale of locales) {
    const pairs: [string, string][] = [];
    for (const [id, url] of await fragmentUrls(join(root, locale, 'fragment'))) {
      const reader = readerIds.get(url);
      if (reader) pairs.push([withoutLanguage(reader), withoutLanguage(id)]);
    }
    pairs.sort(([a], [b]) => byCodeUnits(a, b));
    // Atomic: an incremental build writes it into the published site (./incremental.ts).
    await writeFileAtomic(join(root, locale, ENGLISH_SEARCH_PAGES), JSON.stringify(Object.fromEntries(pairs)));
  }
}

/**
 * The Astro integration that writes the English bundles: from the moment the renderer reports the
 * English pages written (`englishPagesWritten`, ../config.ts), in a worker thread while the other
 * locales are rendered; else once the pages are built.
 */
export function englishSearchIntegration(): { integration: AstroIntegration; englishPagesWritten: () => void } {
  let dir = '';
  let job: { started: number; result: Promise<EnglishSearchResult> } | undefined;
  const start = (inWorker: boolean) => {
    const ctx = getSiteContext();
    if (job || !ctx || ctx.completedFromPrevious) return;
    job = { started: performance.now(), result: inWorker ? writeEnglishSearchBundlesInWorker(ctx.site, dir) : writeEnglishSearchBundles(ctx.site, dir) };
    // Awaited once the pages are built; until then a failure must not count as unhandled.
    job.result.catch(() => {});
  };
  const integration: AstroIntegration = {
    name: 'bitext-english-search',
    hooks: {
      'astro:config:done': ({ config }) => {
        dir = fileURLToPath(config.outDir);
      },
      // The folder the pages were written to is `outDir` (a static build's `dir` here).
      'astro:build:done': async ({ logger }) => {
        const pagesDone = performance.now();
        start(false);
        if (!job) return;
        const result = await job.result;
        for (const error of result.errors) logger.error(`Pagefind error: ${error}`);
        if (result.errors.length) throw new Error('the English search bundles could not be written');
        await writeEnglishSearchPages(dir);
        const counts = Object.entries(result.pages).map(([locale, n]) => `${locale} ${n}`).join(', ');
        const now = performance.now();
        logger.info(`English search bundles (${counts}) in ${Math.round(now - job.started)} ms, ${Math.round(now - pagesDone)} ms of them after the pages`);
        job = undefined;
      },
    },
  };
  return { integration, englishPagesWritten: () => start(true) };
}
