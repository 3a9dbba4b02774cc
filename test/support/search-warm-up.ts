/**
 * The search warm-up of a built site (src/site/search-warm-up.ts), as a test checks it: the word
 * written for a language, the index chunk whose range holds it, and what a page's search dialog
 * downloads for the warm-up in Chromium.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { readPagefindEntry } from '../../src/site/pagefind-bundle.ts';
import { chunkHolding, type IndexChunkRange, indexChunkFile, pagefindMetaFile, readIndexChunkRanges, readIndexChunkWords } from '../../src/site/pagefind-files.ts';
import { SEARCH_WARM_UP, SEARCH_WARM_UP_MARK } from '../../src/site/search-warm-up.ts';
import { openSearchDialog } from './browser.ts';

/**
 * The fewest pages the warm-up word of a language is on in a test site of a few dozen documents
 * per language: the warm-up takes a word on as many pages as it can (up to hundreds), for its
 * search to rank many as a reader's does.
 */
export const WARM_UP_RANKED = 10;

export interface WarmUpOfLanguage {
  word: string;
  /** The chunk whose range holds the word: the one chunk Pagefind should load for it. */
  chunk: IndexChunkRange;
  /** The pages the word is on, as its chunk holds it. */
  pages: number;
}

/** The warm-up word of `language` in the site `dir`, and its chunk; throws when the site has none. */
export async function warmUpOf(dir: string, language: string): Promise<WarmUpOfLanguage> {
  const words = JSON.parse(await readFile(join(dir, SEARCH_WARM_UP), 'utf8')) as Record<string, string>;
  const word = words[language];
  if (typeof word !== 'string') throw new Error(`${SEARCH_WARM_UP} has no word for ${language}: ${JSON.stringify(words)}`);
  const indexed = (await readPagefindEntry(dir)).languages?.[language];
  if (!indexed) throw new Error(`the site's Pagefind entry has no ${language}`);
  const chunk = chunkHolding(await readIndexChunkRanges(pagefindMetaFile(join(dir, 'pagefind'), indexed.hash)), word);
  if (!chunk) throw new Error(`no index chunk of ${language} holds "${word}"`);
  const chunkWords = await readIndexChunkWords(indexChunkFile(join(dir, 'pagefind'), chunk));
  return { word, chunk, pages: chunkWords.find((w) => w.word === word)?.pages ?? 0 };
}

/**
 * Opens `path` in a fresh tab of `tab`'s browser context, opens the search dialog and waits for
 * the page's warm-up search to end; returns the index chunks (hashes) and fragments the page
 * downloaded meanwhile, and whether it fetched the warm-up words.
 */
export async function dialogWarmUp(tab: Page, url: string): Promise<{ chunks: string[]; fragments: string[]; wordsFetched: boolean; mark: boolean }> {
  const page = await tab.context().newPage();
  try {
    const chunks: string[] = [];
    const fragments: string[] = [];
    let wordsFetched = false;
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      const index = /\/pagefind\/index\/([^/]+)\.pf_index$/.exec(path);
      if (index) chunks.push(index[1]!);
      if (/\/pagefind\/fragment\//.test(path)) fragments.push(path);
      if (path.endsWith(`/${SEARCH_WARM_UP}`)) wordsFetched = true;
    });
    await page.goto(url);
    await openSearchDialog(page);
    const mark = await page
      .waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, SEARCH_WARM_UP_MARK, { timeout: 30_000 })
      .then(
        () => true,
        () => false,
      );
    await page.waitForLoadState('networkidle');
    return { chunks, fragments, wordsFetched, mark };
  } finally {
    await page.close();
  }
}
