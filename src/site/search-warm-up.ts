/**
 * The search's warm-up: a word per language that the search dialog looks for as it opens, while
 * the reader types, so that the reader's first query is not the first search the engine runs.
 * Pagefind's first search in a page loads and decodes an index chunk and fragments and runs its
 * search code for the first time: the browser compiles that code while it runs, and optimizes
 * what runs hot (its WebAssembly too) on the same cores, on the reader's wait. A warm-up search
 * takes that cost before the reader's query comes, if it does the work a reader's query does:
 * ranking hundreds of pages, and loading a result's data. A word on a handful of pages left most
 * of it to the reader's query; the data of five results instead of one gave the reader's query
 * nothing more, and made the warm-up longer.
 *
 * The word is chosen at build time from the language's index so that the warm-up downloads
 * little: of the smallest index chunks, a word on about as many pages as a reader's query ranks
 * (`WARM_UP_PAGES`) that the page's Pagefind looks up in its chunk alone. Pagefind lower-cases a
 * query, drops punctuation and accents, splits Chinese, Japanese and Thai into words, and stems
 * it before choosing the chunk; a word that none of those changes, inside the chunk's range,
 * stays there.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { byCodeUnits } from './code-order.ts';
import { byPagefindWordOrder, indexChunkFile, type IndexedWord, pagefindMetaFile, readIndexChunkRanges, readIndexChunkWords } from './pagefind-files.ts';

/** The warm-up words of the site's languages, `{ "<language>": "<word>" }`, beside Pagefind's entry file. */
export const SEARCH_WARM_UP = 'pagefind/bitext-warm-up.json';

/** The performance mark the page sets when its warm-up search is over (for tests and benches). */
export const SEARCH_WARM_UP_MARK = 'bitext:search-warm-up';

/** The languages whose queries Pagefind splits into words before looking them up. */
const SEGMENTED = new Set(['zh', 'ja', 'th']);

/** How many of a language's chunks, smallest first, are looked into for a word. */
const CHUNKS_TRIED = 8;

/**
 * The number of pages a warm-up word is best on: about as many as a reader's query word ranks on
 * a large site. Fewer leave the code that ranks them to be optimized during the reader's query
 * (a word on 100 pages of the large site: the first query 76–86 ms, against 53–58 ms with one
 * on 400); many more make the warm-up itself long (3,000 pages: ranked in 170 ms of code not
 * optimized yet, the warm-up then still running when a reader's first query comes).
 */
const WARM_UP_PAGES = 400;

/** A language of Pagefind's entry: its index files are named after `hash`. */
export interface IndexedLanguage {
  hash: string;
}

/**
 * The warm-up word of a language whose index is in `pagefindDir`: a word of letters only that
 * Pagefind's query normalization leaves as it is, inside (not at the edge of) its chunk's range,
 * on the number of pages nearest `WARM_UP_PAGES` of the words of the smallest chunks; undefined
 * when none of them has one.
 */
export async function warmUpWord(pagefindDir: string, language: string, indexed: IndexedLanguage): Promise<string | undefined> {
  const chunks = await readIndexChunkRanges(pagefindMetaFile(pagefindDir, indexed.hash));
  const sized = await Promise.all(chunks.map(async (chunk) => ({ chunk, bytes: (await stat(indexChunkFile(pagefindDir, chunk))).size })));
  sized.sort((a, b) => a.bytes - b.bytes || byCodeUnits(a.chunk.hash, b.chunk.hash));
  const fits = wordFits(language);
  let best: IndexedWord | undefined;
  for (const { chunk } of sized.slice(0, CHUNKS_TRIED)) {
    // Strictly inside the range (Pagefind's lookup takes its ends too): a margin for what the
    // query side does to a word that this cannot see.
    const inside = (word: string) => byPagefindWordOrder(word, chunk.from) > 0 && byPagefindWordOrder(word, chunk.to) < 0;
    for (const word of await readIndexChunkWords(indexChunkFile(pagefindDir, chunk))) {
      if (word.pages > 0 && inside(word.word) && fits(word.word) && (!best || byWarmUpPreference(word, best) < 0)) best = word;
    }
  }
  return best?.word;
}

/** On the number of pages nearest `WARM_UP_PAGES` first, fewer winning a tie, then shortest (stemmers keep short words whole), then in code-unit order. */
function byWarmUpPreference(a: IndexedWord, b: IndexedWord): number {
  const off = (w: IndexedWord) => Math.abs(w.pages - WARM_UP_PAGES);
  return off(a) - off(b) || a.pages - b.pages || [...a.word].length - [...b.word].length || byCodeUnits(a.word, b.word);
}

/** Whether Pagefind's query normalization in `language` leaves a word as one word, unchanged. */
function wordFits(language: string): (word: string) => boolean {
  const primary = language.split('-')[0]!.toLowerCase();
  const segmenter = SEGMENTED.has(primary) ? new Intl.Segmenter(language, { granularity: 'word' }) : undefined;
  return (word) =>
    [...word].length >= 3 &&
    /^\p{L}+$/u.test(word) &&
    word === word.toLowerCase() &&
    withoutDiacritics(word) === word &&
    (!segmenter || [...segmenter.segment(word)].length === 1);
}

/**
 * A query word as Pagefind's search script strips its accents: decomposed, combining marks
 * dropped but for the Japanese voicing marks, which are composed again.
 */
function withoutDiacritics(word: string): string {
  const stripped = word.normalize('NFD').replace(/(?![\u3099\u309A])\p{M}/gu, '');
  return /[\u3099\u309A]/.test(stripped) ? stripped.normalize('NFC') : stripped;
}

/**
 * Writes the warm-up words of `languages` (Pagefind's entry: language → its index) for the site
 * in `siteDir`, whose `pagefind/` folder holds their indexes. A language whose index cannot be
 * read gets no word: the warm-up only saves time, and its search works as it would without one.
 */
export async function writeSearchWarmUp(siteDir: string, languages: Record<string, IndexedLanguage>): Promise<void> {
  const words: Record<string, string> = {};
  const pagefindDir = join(siteDir, 'pagefind');
  for (const language of Object.keys(languages).sort(byCodeUnits)) {
    const word = await warmUpWord(pagefindDir, language, languages[language]!).catch(() => undefined);
    if (word !== undefined) words[language] = word;
  }
  await writeFileAtomic(join(siteDir, SEARCH_WARM_UP), JSON.stringify(words));
}
