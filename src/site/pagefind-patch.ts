/**
 * An incremental build's search index of a language: the index the previous build wrote, read
 * while the site model is made and the pages render, with the pages rendered again indexed alone
 * and put in place of their previous versions (./pagefind-language-index.ts `replacePages`). The
 * files are those indexing the whole language afresh gives (the bench and the incremental tests
 * compare them), for the work of the changed pages: after one English sentence of the large
 * site, Pagefind indexed the 5,885 English pages again in 17 s of the rebuild's 29.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PagefindIndex } from 'pagefind';
import { byCodeUnits } from './code-order.ts';
import { readIfThere } from '../io/read-if-there.ts';
import { decodePagefindFile, fragmentFileOf, fragmentUrl, type IndexFile, PagefindFileError } from './pagefind-files.ts';
import { type LanguageIndex, readLanguageIndex, replacePages, writeLanguageIndex } from './pagefind-language-index.ts';
import { indexAfresh, indexFiles, inLanguages, type LanguageFiles, type LanguagesIndexing, missingFrom, PAGEFIND_ENTRY_NAME, pageFileOfPath, type PagefindEntry, type PagefindFile, pagefindView, readPagefindEntry, writeIndexFiles } from './pagefind-bundle.ts';

/** An index as a previous build wrote it: the data, and its pages' names by page number. */
export interface PreviousIndex {
  index: LanguageIndex;
  pages: string[];
}

/** A language's index in a previous site: its pages named by their site files (`<locale>/<path>/index.html`), and Pagefind's entry for it. */
export interface PreviousLanguage extends PreviousIndex {
  language: string;
  entry: NonNullable<PagefindEntry['languages']>[string];
}

/**
 * The index of `language` whose metadata hash is `hash` in the folder `dir` (a site's
 * `pagefind/`, an English bundle's), each page named by `name` from the URL its fragment begins
 * with; or why it cannot be changed in place: files that are not the index a build writes, or
 * cannot be read.
 */
export function readPreviousIndex(dir: string, language: string, hash: string, name: (url: string) => string): PreviousIndex | string {
  try {
    const index = readLanguageIndex(language, hash, (rel) => readIfThere(join(dir, rel)));
    const pages: string[] = [];
    for (const page of index.pages) {
      const file = join(dir, fragmentFileOf(String(page[0])));
      const url = fragmentUrl(file);
      if (url === undefined) return `${file}: no URL`;
      pages.push(name(url));
    }
    return { index, pages };
  } catch (error) {
    return error instanceof PagefindFileError ? error.message : failedBecause(error);
  }
}

/** The index of `language` in the site `siteDir`, as its entry names it (`readPreviousIndex`). */
export function readPreviousLanguage(siteDir: string, language: string, entry: PagefindEntry): PreviousLanguage | string {
  const of = entry.languages?.[language];
  if (!of) return 'the site has no index of it';
  const previous = readPreviousIndex(join(siteDir, 'pagefind'), language, of.hash, pageFileOfPath);
  return typeof previous === 'string' ? previous : { ...previous, language, entry: of };
}

/** The keys of a fragment's metadata: Pagefind's metadata fields of the page. */
function metaKeys(fragment: Record<string, unknown> | undefined): string | undefined {
  const meta = fragment?.['meta'];
  return meta && typeof meta === 'object' ? Object.keys(meta).sort().join() : undefined;
}

/** A page to put into an index: its name (as `PreviousIndex.pages` names pages) and what Pagefind is sent of it. */
export interface ChangedPage {
  name: string;
  file: PagefindFile;
}

/**
 * The index `previous` (its files as `previousFile` reads them, by path in its folder) with the
 * pages of `changed` indexed by `index` (a new, empty one of the same language) and put in place
 * of their previous versions, or added, with their fragment files as Pagefind wrote them; or why
 * they cannot be (`replacePages`; a changed page whose metadata fields are not those it had:
 * a language's fields are its pages' metadata keys, a field without words included).
 */
export async function withPagesReplaced(
  previous: PreviousIndex,
  previousFile: (rel: string) => Uint8Array | undefined,
  changed: readonly ChangedPage[],
  index: PagefindIndex,
  byName: (a: string, b: string) => number,
): Promise<{ index: LanguageIndex; fragments: IndexFile[] } | string> {
  const answers = await Promise.all(changed.map(({ file }) => index.addHTMLFile(file)));
  const got = await index.getFiles();
  const failed = [...answers.flatMap((a) => a.errors), ...got.errors];
  if (failed.length > 0) throw new Error(`Pagefind: ${failed.join('; ')}`);
  const files = indexFiles(got.files);
  const byRel = new Map(files.map((f) => [f.rel, f.content]));
  const entry = JSON.parse(Buffer.from(byRel.get(PAGEFIND_ENTRY_NAME) ?? '{}').toString('utf8')) as PagefindEntry;
  const language = previous.index.language;
  const hash = entry.languages?.[language]?.hash;
  if (!hash) return `Pagefind indexed the changed pages as ${Object.keys(entry.languages ?? {}).join(', ') || 'no language'}, not ${language}`;
  const fresh = readLanguageIndex(language, hash, (rel) => byRel.get(rel));
  if (fresh.pages.length !== changed.length) return `Pagefind indexed ${fresh.pages.length} of the ${changed.length} changed pages`;
  // The metadata fields of the language are those of its pages: a changed page that has others could change them.
  const fragment = (page: readonly unknown[], read: (rel: string) => Uint8Array | undefined): Record<string, unknown> | undefined => {
    const rel = fragmentFileOf(String(page[0]));
    const bytes = read(rel);
    return bytes ? (JSON.parse(decodePagefindFile(bytes, rel).toString('utf8')) as Record<string, unknown>) : undefined;
  };
  const numberBefore = new Map(previous.pages.map((name, i) => [name, i]));
  for (const [i, { name }] of changed.entries()) {
    const before = numberBefore.get(name);
    if (before === undefined) continue;
    const was = metaKeys(fragment(previous.index.pages[before]!, previousFile));
    if (was === undefined || was !== metaKeys(fragment(fresh.pages[i]!, (rel) => byRel.get(rel)))) return `the metadata fields of ${name} changed`;
  }
  const replaced = replacePages(previous.index, previous.pages, fresh, changed.map(({ name }) => name), byName);
  return typeof replaced === 'string' ? replaced : { index: replaced, fragments: files.filter(({ rel }) => rel.startsWith('fragment/')) };
}

/** What `putPagesInto` wrote: the index's metadata hash and pages, and every file of it (relative to its folder). */
export interface PagesPut {
  hash: string;
  pageCount: number;
  files: string[];
}

/**
 * Puts the pages of `changed` into the index `previous`, whose files are in the folder `dir`
 * (`withPagesReplaced`, with a Pagefind index made with `indexOptions`), and writes into the
 * folder `into` the files `dir` lacks, each new fragment as `fragment` gives it; or gives why it
 * cannot. No page changed: the index is written as it is (the same files).
 */
export async function putPagesInto(
  previous: PreviousIndex,
  dir: string,
  changed: readonly ChangedPage[],
  {
    into,
    byName,
    indexOptions,
    fragment = (file) => file.content,
  }: { into: string; byName: (a: string, b: string) => number; indexOptions?: Parameters<(typeof import('pagefind'))['createIndex']>[0]; fragment?: (file: IndexFile) => Uint8Array },
): Promise<PagesPut | string> {
  let replaced: Awaited<ReturnType<typeof withPagesReplaced>> = { index: previous.index, fragments: [] };
  if (changed.length > 0) {
    const { index, errors } = await (await import('pagefind')).createIndex(indexOptions);
    if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
    try {
      replaced = await withPagesReplaced(previous, (rel) => readIfThere(join(dir, rel)), changed, index, byName);
    } finally {
      await index.deleteIndex();
    }
  }
  if (typeof replaced === 'string') return replaced;
  const own = writeLanguageIndex(replaced.index, (rel) => existsSync(join(dir, rel)));
  const fragments = missingFrom(replaced.fragments, dir).map((file) => ({ rel: file.rel, content: fragment(file) }));
  await writeIndexFiles(into, [...own.files, ...fragments]);
  return {
    hash: own.hash,
    pageCount: replaced.index.pages.length,
    files: [...own.files.map(({ rel }) => rel), ...own.present, ...replaced.index.pages.map((page) => fragmentFileOf(String(page[0])))],
  };
}

/**
 * Puts the pages of `changed` (files of the site in `siteDir`, as they are now) into the index
 * `previous` and writes into `into` the files the site's `pagefind/` lacks (`putPagesInto`);
 * returns the language's entry and every file of its index, or why it cannot (then the language
 * is indexed afresh): a page no longer indexed, or `putPagesInto`'s reasons.
 */
export async function patchLanguage(siteDir: string, previous: PreviousLanguage, changed: readonly string[], into: string): Promise<{ entry: PreviousLanguage['entry']; files: string[] } | string> {
  const indexedBefore = new Set(previous.pages);
  const pages: ChangedPage[] = [];
  for (const rel of [...new Set(changed)].sort(byCodeUnits)) {
    const html = readIfThere(join(siteDir, rel));
    const view = html && pagefindView(html);
    if (view !== undefined) pages.push({ name: rel, file: { sourcePath: rel, content: view } });
    else if (indexedBefore.has(rel)) return `${rel} is no longer indexed`;
  }
  const dir = join(siteDir, 'pagefind');
  const put = await putPagesInto(previous, dir, pages, { into, byName: byCodeUnits });
  if (typeof put === 'string') return put;
  const wasm = `wasm.${previous.language}.pagefind`;
  return {
    entry: { ...previous.entry, hash: put.hash, page_count: put.pageCount },
    files: [...put.files, ...(existsSync(join(dir, wasm)) ? [wasm] : [])],
  };
}

/**
 * Why a change in place failed, as a reason to index afresh: a previous index that is not what a
 * build writes (damaged since), or Pagefind failing on the changed pages, never fails the build
 * that indexing afresh can still make.
 */
export const failedBecause = (error: unknown): string => `it failed: ${(error as Error).message}`;

/**
 * `indexLanguagesAhead` (./pagefind-bundle.ts) in this thread: its worker thread runs it. Ahead,
 * each language's previous index is read (in the order given, the likeliest first); `finish`
 * puts the changed pages into it, and indexes afresh the languages that cannot be changed so.
 */
export function indexLanguagesAheadHere(siteDir: string, languages: string[], pages: ReadonlySet<string>): LanguagesIndexing {
  const leftOut = new Set<string>();
  const kept = () => languages.filter((lang) => !leftOut.has(lang));
  const previous = new Map<string, PreviousLanguage | string>();
  const entryRead = readPagefindEntry(siteDir);
  const begun = (async () => {
    const entry = await entryRead;
    for (const lang of languages) {
      if (leftOut.has(lang)) continue;
      previous.set(lang, readPreviousLanguage(siteDir, lang, entry));
      // A turn for the requests of the build meanwhile (`leaveOut`).
      await new Promise<void>((done) => setImmediate(done));
    }
    return [...previous.values()].reduce((sum, p) => sum + (typeof p === 'string' ? 0 : p.pages.length), 0);
  })();
  const close = async (): Promise<void> => {
    await (await import('pagefind')).close();
  };
  return {
    pagesReadAhead: begun.catch(() => undefined),
    async finish(changed: Iterable<string>, into: string): Promise<LanguageFiles> {
      await begun.catch(() => undefined);
      const written = kept();
      const changedFiles = [...new Set(changed)].filter((rel) => pages.has(rel));
      const entry = await entryRead;
      const patched: NonNullable<PagefindEntry['languages']> = {};
      const files: string[] = [];
      const afresh: Record<string, string> = {};
      try {
        for (const lang of written) {
          const ahead = previous.get(lang) ?? readPreviousLanguage(siteDir, lang, entry);
          const result = typeof ahead === 'string' ? ahead : await patchLanguage(siteDir, ahead, changedFiles.filter((rel) => inLanguages(rel, [lang])), into).catch(failedBecause);
          if (typeof result === 'string') {
            afresh[lang] = result;
            continue;
          }
          patched[lang] = result.entry;
          files.push(...result.files);
        }
      } finally {
        await close();
      }
      const again = Object.keys(afresh);
      if (again.length === 0) return { entry: { ...entry, languages: patched }, files };
      const fresh = await indexAfresh(siteDir, again, into, pages);
      return { entry: { ...fresh.entry, languages: { ...patched, ...fresh.entry.languages } }, files: [...files, ...fresh.files], afresh };
    },
    abandon: close,
    leaveOut(unchanged: readonly string[]) {
      for (const lang of unchanged) leftOut.add(lang);
    },
  };
}
