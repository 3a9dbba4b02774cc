/**
 * Search recall for Japanese and Chinese pages.
 *
 * Pagefind splits a page's text into words with one segmenter and a reader's query with another:
 * the index (Rust, charabia with a Japanese/Chinese dictionary) keeps サブスクリプション as one
 * word, while the query goes through the browser's `Intl.Segmenter` (ICU), which cuts that same
 * word into サブ|スク|リ|プ|ション. Pagefind then wants, on one page, a word starting with each
 * piece: pages that have サブスクリプション but no other word starting with スク, リ, プ and
 * ション are not found (on the Japanese Teams docset, 8 of 60 such pages), and unrelated pages
 * that happen to have all five prefixes are.
 *
 * So each ja/zh page also carries, for search only, the distinct words of its text as the
 * query side cuts them: the page's text through `Intl.Segmenter` of the page's language, one
 * hidden element at zero weight (it finds the page, it never ranks it nor gives the excerpt).
 * Every piece of a query that the page's text contains is then the start of some indexed word.
 */
import { escapeText } from '../xml/escape.ts';
import type { SitePage } from './model.ts';
import type { PageMeasures } from './text-measures.ts';

/** Languages whose queries Pagefind cuts with `Intl.Segmenter` word granularity (Thai too, not a site locale). */
const QUERY_SEGMENTED = new Set(['ja', 'zh']);
const CJK = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\u30fc]/u;

export function needsQuerySegments(lang: string): boolean {
  return QUERY_SEGMENTED.has(lang.split('-')[0]!.toLowerCase());
}

/** The distinct CJK words of a text, cut as Pagefind's query side cuts a query in `lang`. */
export function querySegments(text: string, lang: string): string[] {
  const segmenter = new Intl.Segmenter(lang, { granularity: 'word' });
  const words = new Set<string>();
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (isWordLike && CJK.test(segment)) words.add(segment.toLocaleLowerCase());
  }
  return [...words];
}

/** Text of rendered HTML: tags, scripts and styles dropped. */
function htmlText(html: string): string {
  return html
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:nbsp|#160);/g, ' ');
}

/** The hidden search-only element of a ja/zh page (empty for other languages). */
export function querySegmentsHtml(html: string, title: string, lang: string): string {
  if (!needsQuerySegments(lang)) return '';
  const words = querySegments(`${title}\n${htmlText(html)}`, lang);
  if (words.length === 0) return '';
  return `<div class="bt-search-words" hidden aria-hidden="true" data-pagefind-weight="0">${escapeText(words.join(' '))}</div>`;
}

/** `querySegmentsHtml` of a page's HTML in its own language, or as made ahead (`measured`, ./text-measures.ts). */
export function pageQuerySegmentsHtml(page: SitePage, html: string, title: string, lang: string, measured?: ReadonlyMap<string, PageMeasures>): string {
  const ahead = measured?.get(page.id);
  return ahead?.lang === lang ? ahead.searchWords : querySegmentsHtml(html, title, lang);
}
