/**
 * Which languages' pages the documents written since a time change, told from those documents
 * alone, before the site model is made: the guess by which a rebuild begins to index a language
 * again early (../incremental.ts `beginIndexingAhead`). A changed sxs document is parsed and its
 * English compared with the English the previous build made of it (./parts-cache.ts): when it
 * differs, English pages change. Its own locale's page is made again whatever changed (it closes
 * with the English sources), though its index is most often kept (Pagefind ignores those
 * sources). A guess only: the plan decides, and an index begun on a wrong guess is stopped.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { contentRoots, listFiles } from '../../io/corpus.ts';
import { parseSxs } from '../../parse/sxs/parse.ts';
import { ENGLISH_CODE, siteLocale } from '../locales.ts';
import { isIncludeFile } from '../includes.ts';
import { isTocFile } from '../toc.ts';
import type { SxsPartsCache } from './parts-cache.ts';
import { mayBePage } from './roots.ts';
import { sxsPageParts } from './sxs.ts';

/** The languages guessed: those whose indexed pages change, and those whose pages are only made again (their index most likely kept). */
export interface ChangedLanguages {
  changed: string[];
  remade: string[];
}

/**
 * More documents written since than this, and nothing is guessed: parsing them twice (here and
 * for the model) would cost more than an early index gains, and such a rebuild is long anyway.
 */
export const MAX_GUESSED_DOCUMENTS = 32;

const NOTHING: ChangedLanguages = { changed: [], remade: [] };

/**
 * The languages the page documents (Markdown, MDX) of `content` written after `time` (ms since
 * the epoch) change. A TOC or an include (whose pages only the site model knows) adds nothing to
 * the guess.
 */
export async function languagesChangedSince(content: readonly string[], time: number, cache: SxsPartsCache, followSymlinks: boolean): Promise<ChangedLanguages> {
  const written: { dir: string; index: number; relPath: string }[] = [];
  try {
    for (const [index, dir] of (await contentRoots(content)).entries()) {
      for (const relPath of await listFiles(dir, ['.md', '.mdx'], { followSymlinks })) {
        if (!mayBePage(relPath) || isTocFile(relPath) || isIncludeFile(relPath)) continue;
        const stats = statSync(join(dir, relPath), { throwIfNoEntry: false });
        if (stats && Math.max(stats.mtimeMs, stats.ctimeMs) > time) written.push({ dir, index, relPath });
      }
    }
  } catch {
    // A content folder that cannot be read: the site model says so; a guess is no place to fail.
    return NOTHING;
  }
  if (written.length > MAX_GUESSED_DOCUMENTS) return NOTHING;
  const changed = new Set<string>();
  const remade = new Set<string>();
  for (const { dir, index, relPath } of written) {
    try {
      const languages = documentLanguages(dir, index, relPath, cache);
      if (languages.english) changed.add(ENGLISH_CODE);
      if (languages.locale) remade.add(languages.locale);
    } catch {
      // Unreadable, or not what its name says: the site model reports it; it adds nothing here.
    }
  }
  return { changed: [...changed], remade: [...remade].filter((lang) => !changed.has(lang)).sort() };
}

/** Whether the document at `relPath` of a root changes English pages, and the locale whose page it makes again. */
function documentLanguages(dir: string, index: number, relPath: string, cache: SxsPartsCache): { english: boolean; locale?: string } {
  const text = readFileSync(join(dir, relPath), 'utf8');
  if (relPath.toLowerCase().endsWith('.mdx')) return { english: true };
  const doc = parseSxs(text, relPath);
  // Without a locale: English Markdown written by the site's authors (with sentence pairs, no page).
  if (!doc.locale) return { english: doc.segments.length === 0 };
  // Made without the translators' files: only its English is compared, which they do not change.
  // A document the previous build did not keep (new, or written just before it) may have changed anything.
  const before = cache.previousOf(dir, index, relPath);
  const english = before && sxsPageParts(doc, { index, dir }, {}).english;
  return { english: !before || english!.markdown !== before.parts.english.markdown || english!.title !== before.parts.english.title, locale: siteLocale(doc.locale).code };
}
