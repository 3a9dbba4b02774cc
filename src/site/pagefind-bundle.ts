/**
 * Pagefind's output as files per language. Pagefind writes one index per language (`<html lang>`,
 * lower case) into files named after it: `pagefind.<lang>_<hash>.pf_meta` and
 * `index|fragment|filter/<lang>_<hash>.*`; `pagefind-entry.json` lists the languages with their
 * hashes. A language's files depend only on that language's pages, so the index of a site can be
 * put together from the indexes of its languages, wherever each was built: `bitext merge` joins
 * the shards' languages (./merge-shards.ts) and an incremental build keeps the languages whose
 * pages did not change (./incremental.ts). A language is indexed from the site's pages of its
 * locale folder; its metadata, chunks and filters are then written by Bitext
 * (./pagefind-language-index.ts), so that a rebuild can put its changed pages into them
 * (./pagefind-patch.ts).
 */
import { existsSync } from 'node:fs';
import { access, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { PagefindIndex } from 'pagefind';
import { byCodeUnits } from './code-order.ts';
import { ENGLISH_CODE } from './locales.ts';
import type { SiteModel } from './model.ts';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { readAhead } from '../io/read-ahead.ts';
import { readIfThere } from '../io/read-if-there.ts';
import { filesOf } from './output.ts';
import { SpilledTexts } from './spilled-text.ts';
import { pageUrl } from './slugs.ts';
import { SEARCH_WARM_UP, writeSearchWarmUp } from './search-warm-up.ts';
import { startWorker } from './worker-thread.ts';
import { type IndexFile, metaFileOf } from './pagefind-files.ts';
import { readLanguageIndex, writeLanguageIndex } from './pagefind-language-index.ts';

/** Pagefind's entry file in its folder (a site's `pagefind/`, an English bundle's). */
export const PAGEFIND_ENTRY_NAME = 'pagefind-entry.json';

export const PAGEFIND_ENTRY = `pagefind/${PAGEFIND_ENTRY_NAME}`;
const LANGUAGE_FILE = /^pagefind\/(?:pagefind\.([^/]+)_[0-9a-f]+\.pf_meta|(?:index|fragment|filter)\/([^/]+)_[0-9a-f]+\.pf_\w+)$/;

export interface PagefindEntry {
  version?: string;
  languages?: Record<string, { hash: string; wasm: string; page_count: number }>;
  include_characters?: string[];
}

/** The language a file of the site (`pagefind/...`, `/`-separated) indexes, or undefined for a file of every language. */
export function pagefindLanguageOf(rel: string): string | undefined {
  const m = LANGUAGE_FILE.exec(rel);
  return m ? (m[1] ?? m[2]) : undefined;
}

export async function readPagefindEntry(siteDir: string): Promise<PagefindEntry> {
  return JSON.parse(await readFile(join(siteDir, PAGEFIND_ENTRY), 'utf8').catch(() => '{"languages":{}}')) as PagefindEntry;
}

/** The files that name the site's languages and their indexes: written together, by `writePagefindEntry`. */
export const PAGEFIND_ENTRY_FILES: ReadonlySet<string> = new Set([PAGEFIND_ENTRY, SEARCH_WARM_UP]);

/**
 * Writes the entry file listing `languages` (in Pagefind's order, by name) with the rest of `base`,
 * and the languages' search warm-up words (./search-warm-up.ts), once their indexes are in
 * `siteDir/pagefind`; atomically, as an incremental build changes them in the published site.
 */
export async function writePagefindEntry(siteDir: string, base: PagefindEntry, languages: NonNullable<PagefindEntry['languages']>): Promise<void> {
  const sorted = Object.fromEntries(Object.keys(languages).sort().map((k) => [k, languages[k]!]));
  await writeSearchWarmUp(siteDir, sorted);
  await writeFileAtomic(join(siteDir, PAGEFIND_ENTRY), JSON.stringify({ ...base, languages: sorted }));
}

/**
 * Runs Pagefind over the pages of `languages` (their locale folders of `siteDir`) and copies those
 * languages' files into `siteDir/pagefind` (or the folder `into`), with Pagefind's scripts and
 * styles when `sharedFiles` (else only its wasm files: the other shared files are there already);
 * returns Pagefind's entry for them. `pages`: the files (`<locale>/<path>/index.html`) that may
 * be indexed, when the caller knows them (`searchedPageFiles`); the others are not even read.
 */
export async function indexLanguages(
  siteDir: string,
  languages: string[],
  options: { sharedFiles?: boolean; into?: string; pages?: ReadonlySet<string> } = {},
): Promise<PagefindEntry> {
  return (await indexLanguageFiles(siteDir, languages, options)).entry;
}

/** `indexLanguages`, with the files of the index, written or `present` (`writeLanguageFiles`). */
async function indexLanguageFiles(
  siteDir: string,
  languages: string[],
  { sharedFiles = false, into = join(siteDir, 'pagefind'), pages, present }: { sharedFiles?: boolean; into?: string; pages?: ReadonlySet<string>; present?: string },
): Promise<LanguageFiles> {
  const pagefind = await import('pagefind');
  try {
    const { index, errors } = await pagefind.createIndex();
    if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
    const sent = await addIndexedPages(index, siteDir, languages, pages);
    if (sent === 0) {
      const glob = languages.length === 1 ? `${languages[0]}/**/*.html` : `{${languages.join(',')}}/**/*.html`;
      const added = await index.addDirectory({ path: siteDir, glob });
      if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
    }
    return await writeLanguageFiles(index, languages, into, sharedFiles, present);
  } finally {
    await pagefind.close();
  }
}

/** The index of some languages as written: Pagefind's entry for them, and all their files (relative to the folder written to, `/`-separated). */
export interface LanguageFiles {
  entry: PagefindEntry;
  files: string[];
  /** Languages an incremental build indexed afresh, each with why its previous index could not be changed in place (./pagefind-patch.ts). */
  afresh?: Record<string, string>;
}

/**
 * Writes what `index` holds of `languages` into the folder `into` (a site's `pagefind/`), with
 * Pagefind's scripts and styles when `sharedFiles` (else only its wasm files: the other shared
 * files are there already); returns Pagefind's entry for them and the files of the index. Only
 * the files the folder `present` lacks (`missingFrom`: the previous site's `pagefind/`, which an
 * incremental build changes): an English source sentence changes a few of the 6,100 files of the
 * large site's English index, and writing all of them, once by Pagefind and once more into place,
 * took 2.6–5.7 s of the 8–14 s. The metadata, chunks and filters are written by Bitext
 * (`withOwnLanguageIndex`).
 */
async function writeLanguageFiles(index: PagefindIndex, languages: string[], into: string, sharedFiles: boolean, present?: string): Promise<LanguageFiles> {
  const got = await takeIndexFiles(index);
  if (got.errors.length > 0) throw new Error(`Pagefind: ${got.errors.join('; ')}`);
  const entry = got.entry;
  if (!entry) throw new Error(`Pagefind gave no ${PAGEFIND_ENTRY_NAME}`);
  const files = withOwnLanguageIndex(
    got.files.filter(({ rel }) => {
      const lang = pagefindLanguageOf(`pagefind/${rel}`);
      return lang === undefined ? sharedFiles || /^wasm\./.test(rel) : languages.includes(lang);
    }),
    entry,
  );
  await writeIndexFiles(into, missingFrom(files, present));
  return { entry, files: files.map(({ rel }) => rel) };
}

/**
 * `files` (of Pagefind's index) with the metadata, chunks and filters of each language `entry`
 * lists as ./pagefind-language-index.ts writes them, and `entry` (changed) naming them: every index a build
 * writes is in that form, so that the next build can put changed pages into it and get the same
 * files as indexing the language afresh. The fragments are Pagefind's.
 */
export function withOwnLanguageIndex(files: readonly IndexFile[], entry: PagefindEntry): IndexFile[] {
  let result = [...files];
  for (const [lang, language] of Object.entries(entry.languages ?? {})) {
    const byRel = new Map(result.map((f) => [f.rel, f.content]));
    if (!byRel.has(metaFileOf(language.hash))) continue;
    const own = writeLanguageIndex(readLanguageIndex(lang, language.hash, (rel) => byRel.get(rel)));
    result = [...result.filter(({ rel }) => pagefindLanguageOf(`pagefind/${rel}`) !== lang || rel.startsWith('fragment/')), ...own.files];
    language.hash = own.hash;
  }
  // Pagefind's entry, where the files have it, names the metadata as written.
  return result.map((file) => (file.rel === PAGEFIND_ENTRY_NAME ? { rel: file.rel, content: Buffer.from(JSON.stringify(entry)) } : file));
}

/**
 * The files Pagefind made of `index` (`/`-separated paths), its entry (undefined if it gave
 * none) and its errors, once Pagefind's process has ended: it holds the memory of the index it
 * wrote until it ends, and the files are written again beside the build's other processes.
 */
export async function takeIndexFiles(index: PagefindIndex): Promise<{ files: IndexFile[]; entry: PagefindEntry | undefined; errors: string[] }> {
  const got = await index.getFiles();
  await (await import('pagefind')).close();
  const files = indexFiles(got.files);
  const entryFile = files.find(({ rel }) => rel === PAGEFIND_ENTRY_NAME);
  return { files, entry: entryFile && (JSON.parse(Buffer.from(entryFile.content).toString('utf8')) as PagefindEntry), errors: got.errors };
}

/** The files `getFiles` gave, by their `/`-separated paths. */
export function indexFiles(files: readonly { path: string; content: Uint8Array }[]): IndexFile[] {
  return files.map((f) => ({ rel: f.path.split('\\').join('/'), content: f.content }));
}

/**
 * The files of `files` that the folder `present` (a previous site's copy of the same index)
 * lacks, and those `always` names: Pagefind names its files after their content, so a file of the
 * same name there is the same file. No folder: every file.
 */
export function missingFrom<T extends { rel: string }>(files: readonly T[], present: string | undefined, always: (rel: string) => boolean = () => false): T[] {
  return present ? files.filter(({ rel }) => always(rel) || !existsSync(join(present, rel))) : [...files];
}

/**
 * Writes `files` into the folder `into`, all at once: a build writes a language's files while the
 * pages render, and writes awaited one after the other waited for the rendering thread's next turn
 * at every step (a language of 6,000 pages took 13 s to copy, Pagefind's next language waiting meanwhile).
 */
export async function writeIndexFiles(into: string, files: readonly IndexFile[]): Promise<void> {
  for (const folder of new Set(files.map(({ rel }) => dirname(join(into, rel))))) await mkdir(folder, { recursive: true });
  await Promise.all(files.map(({ rel, content }) => writeFile(join(into, rel), content)));
}

/** The attribute that marks the element whose text Pagefind indexes (Starlight's pages have it, in lower case). */
const BODY_MARK = 'data-pagefind-body';

/**
 * What Pagefind is sent of a page that marks its indexed element (`BODY_MARK`): the page up to
 * `<body>` (the `<html lang>`, the title) and that element, which on a Starlight page holds every
 * filter and meta; the rest, mostly the sidebar, would go through Pagefind's pipe for nothing.
 * Left out as well is what Pagefind reads nothing from (`unreadRanges`): scripts, and elements
 * marked `data-pagefind-ignore="all"`, such as the English sources a bilingual page closes with.
 * On the large site's Arabic pages that is 44% of what was sent, and the index is the same, file
 * for file (a test indexes both). `insert` is put right after the element's opening tag. An
 * element that nests its own tag, or a page without `<body>` before it, is kept whole (but for
 * the unread parts); a page without the element gives undefined.
 *
 * Found in the page's UTF-8 bytes, and only the parts sent are decoded: a page given as bytes (as
 * Astro renders it, as it is read from disk) is never decoded whole, and the view holds none of it.
 */
export function pagefindView(page: string | Uint8Array, insert = ''): string | undefined {
  const html = typeof page === 'string' ? Buffer.from(page) : Buffer.from(page.buffer, page.byteOffset, page.byteLength);
  const open = bodyElementTag(html);
  if (!open) return undefined;
  const close = html.indexOf(`</${open.name}>`, open.start);
  const bodyOpen = tagStart(html, 'body');
  const at = open.end;
  const inner = html.indexOf(`<${open.name}`, at);
  const nested = inner >= 0 && inner < close;
  const read = (from: number, to: number) => readParts(html, from, to);
  if (close < 0 || bodyOpen < 0 || bodyOpen > open.start || nested) return read(0, at) + insert + read(at, html.length);
  return `${read(0, html.indexOf('>', bodyOpen) + 1)}${html.toString('utf8', open.start, at)}${insert}${read(at, close + open.name.length + 3)}</body></html>`;
}

/** The text of `html` from `from` to `to`, without its `unreadRanges`. */
function readParts(html: Buffer, from: number, to: number): string {
  let text = '';
  let at = from;
  for (const [start, end] of unreadRanges(html, from, to)) {
    text += html.toString('utf8', at, start);
    at = end;
  }
  return text + html.toString('utf8', at, to);
}

const IGNORE_ALL_MARK = 'data-pagefind-ignore="all"';

/**
 * The parts of `html` between `from` and `to` that Pagefind reads nothing from, in order: script
 * elements, and elements marked `IGNORE_ALL_MARK`, whose text, filters and meta Pagefind leaves
 * out. An element is left in whenever its end is not plain to find: a void element, one not
 * closed before `to`, one holding a comment or an element whose text is not markup (`<style>`,
 * `<textarea>`, `<title>`), where a tag-like text would miscount its nesting.
 */
function unreadRanges(html: Buffer, from: number, to: number): [number, number][] {
  const scripts: [number, number][] = [];
  for (let at = tagStart(html, 'script', from); at >= 0 && at < to; at = tagStart(html, 'script', at + 1)) {
    const endTag = html.indexOf('</script', at);
    const end = endTag < 0 ? -1 : html.indexOf(GT, endTag) + 1;
    if (endTag < 0 || end <= 0 || end > to) break;
    scripts.push([at, end]);
    at = end - 1;
  }
  const inScript = (at: number) => scripts.find(([start, end]) => at >= start && at < end);
  const ignored: [number, number][] = [];
  for (let mark = html.indexOf(IGNORE_ALL_MARK, from); mark >= 0 && mark < to; mark = html.indexOf(IGNORE_ALL_MARK, mark + 1)) {
    if (inScript(mark)) continue;
    const tag = markedTag(html, mark, IGNORE_ALL_MARK);
    if (!tag || tag.start < from) continue;
    const end = elementEnd(html, tag, to, inScript);
    if (end === undefined) continue;
    ignored.push([tag.start, end]);
    mark = end - 1;
  }
  // Scripts inside an element left out go with it.
  const ranges = [...ignored, ...scripts.filter(([start]) => !ignored.some(([s, e]) => start >= s && start < e))];
  return ranges.sort((a, b) => a[0] - b[0]);
}

/** Elements whose text is not markup (a comment opens, too): an element holding one is not cut. */
const UNPLAIN = ['<!--', '<style', '<textarea', '<title', '<xmp', '<plaintext', '<noscript', '<iframe', '<noembed', '<noframes'];

/**
 * Where the element whose start tag is `tag` ends (after its end tag's `>`), counting the tags of
 * its name nested in it, before `to`; undefined when that is not plain (see `unreadRanges`).
 */
function elementEnd(html: Buffer, tag: { end: number; name: string }, to: number, inScript: (at: number) => [number, number] | undefined): number | undefined {
  const name = tag.name.toLowerCase();
  if (VOID_ELEMENTS.has(name) || html[tag.end - 2] === 0x2f) return undefined;
  let depth = 1;
  for (let at = html.indexOf(LT, tag.end); at >= 0 && at < to; at = html.indexOf(LT, at + 1)) {
    const script = inScript(at);
    if (script) {
      at = script[1] - 1;
      continue;
    }
    if (UNPLAIN.some((open) => startsWithAt(html, at, open))) return undefined;
    if (startsWithAt(html, at, `</${name}`) && !continuesName(html[at + name.length + 2])) {
      if (--depth === 0) {
        const end = html.indexOf(GT, at);
        return end < 0 || end >= to ? undefined : end + 1;
      }
    } else if (startsWithAt(html, at, `<${name}`) && !continuesName(html[at + name.length + 1])) depth++;
  }
  return undefined;
}

/** Whether `html` has `text` (ASCII, as HTML writers write tag names: in lower case) at `at`. */
function startsWithAt(html: Buffer, at: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (html[at + k] !== text.charCodeAt(k)) return false;
  return true;
}

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);

const LT = 0x3c;
const GT = 0x3e;

/** Whether a byte is an ASCII letter or digit (a tag name's character after its first). */
function isAlphanumeric(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || isLetter(byte));
}

/** Whether a byte would go on with the name before it (a regular expression's word character). */
function continuesName(byte: number | undefined): boolean {
  return isAlphanumeric(byte) || byte === 0x5f;
}

function isLetter(byte: number | undefined): boolean {
  return byte !== undefined && ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a);
}

function isSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0c || byte === 0x0d;
}

/**
 * The first start tag that has the attribute `BODY_MARK`: where it starts and ends (after its
 * `>`) and its name. A mark in text (`&lt;div data-pagefind-body&gt;`) or in an end tag is not one.
 */
function bodyElementTag(html: Buffer): { start: number; end: number; name: string } | undefined {
  for (let mark = html.indexOf(BODY_MARK); mark >= 0; mark = html.indexOf(BODY_MARK, mark + 1)) {
    const tag = markedTag(html, mark, BODY_MARK);
    if (tag !== null) return tag;
  }
  return undefined;
}

/**
 * The start tag that the attribute text `mark` (an attribute, or one with its value) found at
 * `mark` belongs to: where it starts and ends (after its `>`) and its name; null when the text is
 * not an attribute of a start tag (it is in text, or in another attribute's value); undefined when
 * the tag never ends.
 */
function markedTag(html: Buffer, at: number, mark: string): { start: number; end: number; name: string } | null | undefined {
  if (!isSpace(html[at - 1]) || continuesName(html[at + mark.length])) return null;
  // The tag's `<`: the first one, after the last `>` before the mark, that opens a tag name.
  let start = html.indexOf(LT, html.lastIndexOf(GT, at) + 1);
  while (start >= 0 && start < at && !isLetter(html[start + 1])) start = html.indexOf(LT, start + 1);
  if (start < 0 || start > at) return null;
  const end = html.indexOf(GT, at);
  if (end < 0) return undefined;
  let nameEnd = start + 1;
  while (isAlphanumeric(html[nameEnd])) nameEnd++;
  return { start, end: end + 1, name: html.toString('latin1', start + 1, nameEnd) };
}

/** Where the first `<name` start tag (in lower case, as HTML writers write it) from `from` is, or -1. */
function tagStart(html: Buffer, name: string, from = 0): number {
  const open = `<${name}`;
  for (let at = html.indexOf(open, from); at >= 0; at = html.indexOf(open, at + 1)) {
    if (!continuesName(html[at + open.length])) return at;
  }
  return -1;
}

/** Pages read, and sent to Pagefind, ahead of its answers. */
const PAGES_AHEAD = 8;

/**
 * Characters of pages given to a `SearchIndexStream` and not yet sent to Pagefind that it holds
 * in memory; the pages given beyond wait in a scratch file, up to `SPILLED_CHARS`, beyond which
 * `add` makes the renderer wait. While one language's files are written (10 to 17 s a language on
 * a 12,000-page site), the next language's pages wait there and the renderer goes on: a limit of a
 * few pages stopped page generation for that long at every change of language, and 32 M characters
 * (64 MB of the build process, in the time Pagefind's process is largest) did not hold them all.
 */
const BACKLOG_CHARS = 8 * 2 ** 20;
const SPILLED_CHARS = 512 * 2 ** 20;

/** A page as Pagefind's `addHTMLFile` takes it. */
export type PagefindFile = Parameters<PagefindIndex['addHTMLFile']>[0];

/**
 * Sends `pages` to a Pagefind index in the order given (its files depend on the order), each read
 * `PAGES_AHEAD` pages ahead and sent as many ahead of Pagefind's answers: Pagefind indexes while
 * the next pages are read and cut, and no more pages than that wait in memory for it. `file` gives
 * what is sent of a page that was read (undefined: nothing). Returns Pagefind's answers, in order.
 */
export async function sendPages<T, R = Uint8Array>(index: PagefindIndex, pages: readonly T[], read: (page: T) => Promise<R | undefined>, file: (page: T, read: R) => PagefindFile | undefined): Promise<{ errors: string[] }[]> {
  const waiting: Promise<{ errors: string[] }>[] = [];
  const answers: { errors: string[] }[] = [];
  for await (const [page, html] of readAhead(pages, PAGES_AHEAD, read)) {
    const sent = html && file(page, html);
    if (sent) waiting.push(index.addHTMLFile(sent));
    if (waiting.length >= PAGES_AHEAD) answers.push(await waiting.shift()!);
  }
  answers.push(...(await Promise.all(waiting)));
  return answers;
}

/**
 * Sends Pagefind the pages of the locale folders of `languages` that mark the part it indexes
 * (`BODY_MARK`), each language's in path order (its files depend on the order of a language's
 * pages, not on how the languages interleave), and returns how many: on a
 * site where pages mark it, Pagefind leaves the others out, and a Starlight site has thousands of
 * those (the fallback pages of untranslated documents, redirect pages) that Pagefind would read
 * and parse for nothing. None sent: no page marks it, and Pagefind is to index every page.
 */
async function addIndexedPages(index: PagefindIndex, siteDir: string, languages: string[], pages?: ReadonlySet<string>): Promise<number> {
  const files: string[] = [];
  if (pages) {
    for (const rel of pages) if (inLanguages(rel, languages)) files.push(rel);
  } else {
    for (const lang of languages) {
      const entries = await readdir(join(siteDir, lang), { recursive: true, withFileTypes: true }).catch(() => []);
      for (const e of entries) if (e.isFile() && e.name.endsWith('.html')) files.push(relative(siteDir, join(e.parentPath, e.name)).split(sep).join('/'));
    }
  }
  // Each language's pages in path order, the languages in the order given.
  const rank = (rel: string) => languages.findIndex((lang) => rel.startsWith(`${lang}/`));
  return sendSitePages(index, siteDir, files.sort((a, b) => rank(a) - rank(b) || byCodeUnits(a, b)));
}

/** Whether a file of the site (`/`-separated) is in the locale folder of one of `languages`. */
export const inLanguages = (rel: string, languages: readonly string[]): boolean => languages.some((lang) => rel.startsWith(`${lang}/`));

/** Sends Pagefind the `files` of `siteDir` (in this order) that mark the part it indexes; see `addIndexedPages`. */
async function sendSitePages(index: PagefindIndex, siteDir: string, files: string[]): Promise<number> {
  // A page of the model that this site lacks (a shard's, a preview's) is not there to index.
  const read = async (rel: string) => readIfThere(join(siteDir, rel));
  const answers = await sendPages(index, files, read, (rel, html) => {
    const view = pagefindView(html);
    return view === undefined ? undefined : { sourcePath: rel, content: view };
  });
  const errors = answers.flatMap((a) => a.errors);
  if (errors.length > 0) throw new Error(`Pagefind: ${errors.join('; ')}`);
  return answers.length;
}

/** The index of some languages made again by an incremental build: see `indexLanguagesAhead`. */
export interface LanguagesIndexing {
  /**
   * Puts the pages of `changed` (files of the site), as they are now, into the languages' index
   * and writes into `into` the files the site's `pagefind/` lacks; returns Pagefind's entry for
   * the languages and every file of their index.
   */
  finish(changed: Iterable<string>, into: string): Promise<LanguageFiles>;
  /** Stops: the build did not get to `finish`. */
  abandon(): Promise<void>;
  /**
   * Languages whose index is not to be made again after all (their changed pages index as
   * before, `indexedAlike`): not read, if not read yet, and not written.
   */
  leaveOut(languages: readonly string[]): void;
  /** Settles when the previous indexes are read: how many pages they hold (undefined: reading failed). */
  readonly pagesReadAhead: Promise<number | undefined>;
}

/**
 * Begins to make the index of `languages` again from the one a previous build wrote into
 * `siteDir`, while an incremental build makes its site model and renders the changed pages: that
 * index is read now, and `finish` puts the changed pages into it (./pagefind-patch.ts); a
 * language that cannot be changed so is indexed afresh from `siteDir` as it is at `finish`.
 *
 * In a worker thread (./index-ahead-worker.ts), with a Pagefind process of its own for the
 * changed pages: in this thread, the reading waited for Astro's build, which holds it. A worker
 * that stopped is replaced by indexing afresh here.
 */
export function indexLanguagesAhead(siteDir: string, languages: string[], pages: ReadonlySet<string>): LanguagesIndexing {
  const worker = startWorker(new URL('./index-ahead-worker.ts', import.meta.url), { siteDir, languages, pages: [...pages] } satisfies IndexAheadJob);
  // Until it is waited for, the thread does not keep the process alive: a build that fails
  // before it gets to `finish` or `abandon` (an index begun on a guess, before the site model
  // is made) ends, and the thread with it.
  worker.unref();
  const leftOut = new Set<string>();
  const pagesReadAhead = Promise.withResolvers<number | undefined>();
  let finished: PromiseWithResolvers<LanguageFiles> | undefined;
  let stopped: Error | undefined;
  const exited = new Promise<void>((done) => worker.once('exit', () => done()));
  const stop = (error: Error) => {
    stopped ??= error;
    pagesReadAhead.resolve(undefined);
    finished?.reject(stopped);
  };
  worker.on('message', (reply: IndexAheadReply) => {
    if (reply.type === 'pagesReadAhead') pagesReadAhead.resolve(reply.count);
    else if (reply.type === 'finished') finished?.resolve(reply.files);
    else finished?.reject(new Error(reply.message));
  });
  worker.once('error', stop);
  worker.once('exit', (code) => stop(new Error(`the search index's worker stopped (exit code ${code})`)));
  const post = (request: IndexAheadRequest) => {
    if (!stopped) worker.postMessage(request);
  };
  const indexing: LanguagesIndexing = {
    pagesReadAhead: pagesReadAhead.promise,
    async finish(changed: Iterable<string>, into: string): Promise<LanguageFiles> {
      const written = languages.filter((lang) => !leftOut.has(lang));
      if (stopped) return { ...(await indexAfresh(siteDir, written, into, pages)), afresh: Object.fromEntries(written.map((lang) => [lang, stopped!.message])) };
      finished = Promise.withResolvers();
      worker.ref();
      post({ type: 'finish', changed: [...changed], into });
      try {
        return await finished.promise;
      } finally {
        await worker.terminate();
      }
    },
    async abandon() {
      worker.ref();
      post({ type: 'abandon' });
      // The thread ends once it has ended its Pagefind process; a thread that does not is stopped.
      const grace = setTimeout(() => void worker.terminate(), ABANDON_GRACE_MS);
      await exited;
      clearTimeout(grace);
    },
    leaveOut(unchanged: readonly string[]) {
      for (const lang of unchanged) leftOut.add(lang);
      post({ type: 'leaveOut', languages: [...unchanged] });
    },
  };
  return indexing;
}

const ABANDON_GRACE_MS = 10_000;

/** The languages indexed afresh from the site in `siteDir` as it is now, into `into`, as `finish` writes them (only the files the site lacks). */
export function indexAfresh(siteDir: string, languages: string[], into: string, pages: ReadonlySet<string>): Promise<LanguageFiles> {
  return indexLanguageFiles(siteDir, languages, { into, pages, present: join(siteDir, 'pagefind') });
}

/** What the worker thread of `indexLanguagesAhead` is given. */
export interface IndexAheadJob {
  siteDir: string;
  languages: string[];
  pages: string[];
}

/** What `indexLanguagesAhead` asks its worker thread. */
export type IndexAheadRequest = { type: 'leaveOut'; languages: string[] } | { type: 'finish'; changed: string[]; into: string } | { type: 'abandon' };

/** What the worker thread answers: when the pages are sent, and how `finish` went. */
export type IndexAheadReply = { type: 'pagesReadAhead'; count: number | undefined } | { type: 'finished'; files: LanguageFiles } | { type: 'failed'; message: string };

/** A page of the site (`rel`, its file) before and after a change: its HTML, undefined where there is no such file. */
export interface PageVersions {
  rel: string;
  before: Uint8Array | undefined;
  after: Uint8Array | undefined;
}

/**
 * Whether Pagefind indexes each of `pages` after the change as before: the same words, text,
 * anchors, metadata and filters, so that an index of pages that has them is the same, file for
 * file, with either version. What Pagefind ignores may differ: the English sources a bilingual
 * page closes with, which change with every English sentence of the page. Pagefind decides: the
 * pages whose part it reads differs are indexed together as they were, and as they are, and the
 * two indexes' files compared (two indexes, however many pages: a shared include changes many).
 */
export async function indexedAlike(pages: readonly PageVersions[]): Promise<boolean> {
  const differing: { rel: string; before: string; after: string }[] = [];
  for (const { rel, before, after } of pages) {
    const [a, b] = [before && pagefindView(before), after && pagefindView(after)];
    if (a === undefined || b === undefined) {
      if (a !== b) return false;
    } else if (a !== b) differing.push({ rel, before: a, after: b });
  }
  if (differing.length === 0) return true;
  differing.sort((x, y) => byCodeUnits(x.rel, y.rel));
  const pagefind = await import('pagefind');
  const indexFiles = async (version: 'before' | 'after'): Promise<Map<string, Uint8Array>> => {
    const { index, errors } = await pagefind.createIndex();
    if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
    try {
      // In memory already: sent at once, in this order.
      const answers = await Promise.all(differing.map((page) => index.addHTMLFile({ sourcePath: page.rel, content: page[version] })));
      const got = await index.getFiles();
      const failed = [...answers.flatMap((a) => a.errors), ...got.errors];
      if (failed.length > 0) throw new Error(`Pagefind: ${failed.join('; ')}`);
      return new Map(got.files.map((f) => [f.path, f.content]));
    } finally {
      await index.deleteIndex();
    }
  };
  const [x, y] = [await indexFiles('before'), await indexFiles('after')];
  return x.size === y.size && [...x].every(([path, content]) => y.has(path) && Buffer.compare(content, y.get(path)!) === 0);
}

/**
 * The files of a site's pages that Pagefind may index: those of the site model's pages. A fallback
 * page (an English page shown in a locale that lacks it) is not one: Starlight does not mark it
 * for Pagefind, and a locale that translated few documents has thousands of them.
 */
export function searchedPageFiles(site: Pick<SiteModel, 'pages'>): Set<string> {
  const files = new Set<string>();
  for (const page of site.pages.values()) files.add(pageFileOfPath(pageUrl(page.locale, page.slug)));
  return files;
}

/**
 * The file of the site (relative, `/`-separated) that a page path is written to: `/ru-ru/a/b/` →
 * `ru-ru/a/b/index.html`. A path as a request URL carries it is percent-encoded; Astro writes the
 * decoded name.
 */
export function pageFileOfPath(pathname: string): string {
  const path = decodeURIComponent(pathname).replace(/^\/+|\/+$/g, '');
  return path ? `${path}/index.html` : 'index.html';
}

/**
 * The search index of a site built while its pages are rendered, which `indexLanguages`, one
 * language at a time, would build from the written pages afterwards: the same files (a test compares them), with
 * Pagefind's process indexing on the other core while the build renders the next pages, and no
 * page read back from disk. Pagefind's files depend on the order of the pages, so they are to
 * be given in the order of their files, each locale's together, as `renderOrder` sorts them. A
 * language whose pages come in another order, or whose index fails, is indexed from its written
 * pages by `finish`, as before, and so is one whose pages were not all given (whatever files of
 * it the stream wrote are removed first). One language at a time, each in a Pagefind process of
 * its own: on the large site (12,000 indexed pages) one process over every language grew to 3 GB
 * beside the build's own.
 */
export class SearchIndexStream {
  #siteDir: string;
  #languages: string[];
  #pages: ReadonlySet<string>;
  /** The language being given and its last page; the languages given so far. */
  #giving: { lang: string; last: string } | undefined;
  #started = new Set<string>();
  #given = new Set<string>();
  /** Languages to index afterwards, from the written pages. */
  #afterwards = new Set<string>();
  /** Pagefind's work, one step after the other, and the characters of the pages its steps wait to send, held and spilled. */
  #queue: Promise<void> = Promise.resolve();
  #backlog = 0;
  #spilled = 0;
  /** Characters of waiting pages held in memory (`BACKLOG_CHARS`), and the scratch file of those beyond. */
  #heldChars: number;
  #spill: SpilledTexts | undefined;
  #open: { lang: string; index: PagefindIndex; answers: Promise<{ errors: string[] }>[]; sent: number } | undefined;
  /** Languages indexed while given, once their files are written. */
  #entries = new Map<string, PagefindEntry>();
  /** Per language: settled when its Pagefind process has ended (files written, or left to `finish`). */
  #ended = new Map<string, PromiseWithResolvers<void>>();

  constructor(siteDir: string, languages: string[], pages: ReadonlySet<string>, { heldChars = BACKLOG_CHARS }: { heldChars?: number } = {}) {
    this.#siteDir = siteDir;
    this.#languages = languages;
    this.#pages = pages;
    this.#heldChars = heldChars;
  }

  /** The language whose index takes the page at `pathname`, if any (fallback pages, redirects, the 404 page: none). */
  languageOf(pathname: string): string | undefined {
    return this.#languageOfFile(pageFileOfPath(pathname));
  }

  #languageOfFile(rel: string): string | undefined {
    return this.#pages.has(rel) ? this.#languages.find((l) => rel.startsWith(`${l}/`)) : undefined;
  }

  /**
   * A rendered page: its path on the site and its HTML. Resolves at once, or when Pagefind has
   * caught up, if it lags by more than `SPILLED_CHARS`: a renderer that awaits it holds no more
   * pages than `BACKLOG_CHARS` in memory.
   */
  add(pathname: string, html: string | Uint8Array): Promise<void> {
    const lang = this.languageOf(pathname);
    if (lang === undefined) return Promise.resolve();
    const rel = pageFileOfPath(pathname);
    this.#given.add(rel);
    const giving = this.#giving;
    const inOrder = giving?.lang === lang ? byCodeUnits(giving.last, rel) < 0 : !this.#started.has(lang);
    this.#giving = { lang, last: rel };
    this.#started.add(lang);
    if (!inOrder) this.#afterwards.add(lang);
    if (this.#afterwards.has(lang)) return Promise.resolve();
    const view = pagefindView(html);
    const chars = view?.length ?? 0;
    const spilled = view !== undefined && this.#backlog + chars > this.#heldChars;
    if (spilled) (this.#spill ??= new SpilledTexts()).set(rel, view);
    const held = spilled ? undefined : view;
    if (spilled) this.#spilled += chars;
    else this.#backlog += chars;
    this.#step(async () => {
      if (spilled) this.#spilled -= chars;
      else this.#backlog -= chars;
      if (this.#open?.lang !== lang) {
        await this.#close();
        const pagefind = await import('pagefind');
        const { index } = await pagefind.createIndex();
        if (!index) throw new Error('Pagefind did not start');
        this.#open = { lang, index, answers: [], sent: 0 };
      }
      const open = this.#open!;
      if (chars === 0 || this.#afterwards.has(lang)) return;
      open.answers.push(open.index.addHTMLFile({ sourcePath: rel, content: held ?? this.#spill!.get(rel)! }));
      open.sent++;
      if (open.answers.length >= PAGES_AHEAD && (await open.answers.shift()!).errors.length > 0) this.#afterwards.add(lang);
    }, lang);
    return this.#spilled > SPILLED_CHARS ? this.#queue : Promise.resolve();
  }

  #step(work: () => Promise<void>, lang?: string): void {
    this.#queue = this.#queue.then(work).catch(() => {
      if (lang !== undefined) this.#afterwards.add(lang);
    });
  }

  /** Writes the files of the open language and ends Pagefind's process (the next language starts another). */
  async #close(): Promise<void> {
    const open = this.#open;
    if (!open) return;
    this.#open = undefined;
    const pagefind = await import('pagefind');
    try {
      const answers = await Promise.all(open.answers);
      if (answers.some((a) => a.errors.length > 0) || open.sent === 0) this.#afterwards.add(open.lang);
      if (this.#afterwards.has(open.lang)) return;
      this.#entries.set(open.lang, (await writeLanguageFiles(open.index, [open.lang], join(this.#siteDir, 'pagefind'), this.#entries.size === 0)).entry);
    } catch {
      this.#afterwards.add(open.lang);
    } finally {
      await pagefind.close();
      this.#endedOf(open.lang).resolve();
    }
  }

  #endedOf(lang: string): PromiseWithResolvers<void> {
    let ended = this.#ended.get(lang);
    if (!ended) this.#ended.set(lang, (ended = Promise.withResolvers()));
    return ended;
  }

  /**
   * Resolves once the language's Pagefind process has ended: when its files are written, which is
   * when that process holds the most memory, or at once for a language the stream is not
   * indexing. Other work that starts a Pagefind process of its own can wait for it.
   */
  languageDone(lang: string): Promise<void> {
    return this.#afterwards.has(lang) || !this.#started.has(lang) ? Promise.resolve() : this.#endedOf(lang).promise;
  }

  /** The languages whose index was built from the pages as they were given (after `finish`). */
  get indexedWhileGiven(): string[] {
    return [...this.#entries.keys()];
  }

  /**
   * Once every page is written: the languages indexed while rendering are complete, the others
   * are indexed from the written pages; writes Pagefind's entry file for all of them.
   */
  async finish(): Promise<void> {
    this.#step(() => this.#close());
    await this.#queue;
    this.#spill?.close();
    this.#spill = undefined;
    // A page on disk that was never given (written under another name than `pageFileOfPath`
    // gives) would be missing from its language's index.
    for (const rel of this.#pages) {
      const lang = this.#languageOfFile(rel);
      if (lang === undefined || !this.#entries.has(lang) || this.#given.has(rel)) continue;
      if (await access(join(this.#siteDir, rel)).then(() => true, () => false)) this.#entries.delete(lang);
    }
    // What a language to index again has in the folder already (a stream it left, files a failed
    // write copied) goes first.
    const again = new Set(this.#languages.filter((l) => !this.#entries.has(l)));
    if (again.size > 0) for (const rel of await filesOf(join(this.#siteDir, 'pagefind')).catch(() => [])) if (again.has(pagefindLanguageOf(`pagefind/${rel}`) ?? '')) await rm(join(this.#siteDir, 'pagefind', rel));
    const found: NonNullable<PagefindEntry['languages']> = {};
    let base: PagefindEntry | undefined = this.#entries.values().next().value;
    for (const lang of this.#languages) {
      const entry = this.#entries.get(lang) ?? (await indexLanguages(this.#siteDir, [lang], { sharedFiles: base === undefined, pages: this.#pages }));
      base ??= entry;
      Object.assign(found, entry.languages ?? {});
    }
    await writePagefindEntry(this.#siteDir, base ?? {}, found);
  }
}

/** Whether a page path is an English page's (`/en/...`). */
export function isEnglishPage(pathname: string): boolean {
  return isEnglishFile(pageFileOfPath(pathname));
}

function isEnglishFile(file: string): boolean {
  return file.startsWith(`${ENGLISH_CODE}/`);
}

/**
 * Pages in the order `SearchIndexStream` takes them: the English pages first (the English search
 * bundles are made from them while the others render, ./search-english.ts), then the folder with
 * the most pages to index (`indexedPages`, by the first folder of their files) before the others,
 * and by the file each is written to, in code-unit order (so each locale's pages come together, in
 * the order Pagefind is given them).
 */
export function renderOrder<T extends { pathname: string }>(paths: T[], indexedPages: ReadonlyMap<string, number> = new Map()): T[] {
  return paths
    .map((path) => {
      const file = pageFileOfPath(path.pathname);
      return { path, file, english: isEnglishFile(file), indexed: indexedPages.get(folderOfFile(file)) ?? 0 };
    })
    .sort((a, b) => Number(b.english) - Number(a.english) || b.indexed - a.indexed || byCodeUnits(a.file, b.file))
    .map(({ path }) => path);
}

/** The first folder of a site file (`ja-jp` of `ja-jp/a/index.html`): a locale's pages are under their locale's. */
export function folderOfFile(file: string): string {
  return file.split('/')[0]!;
}

/** How many of `files` (site files, as `searchedPageFiles` gives them) each first folder holds. */
export function filesPerFolder(files: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of files) {
    const folder = folderOfFile(file);
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  return counts;
}
