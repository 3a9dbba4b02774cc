/**
 * The translation memory's keys. Two source sentences are "the same" when they differ only in
 * whitespace: the corpus writes one English sentence with a trailing space in one file and
 * without in another, and with U+202F or NBSP where another file has a plain space
 * (FORMAT.md §2.2, §6). Inline markup is kept in the key: `[Deck](https://…)` and `Deck` carry
 * different codes and need different targets. The fuzzy match text (below) is where markup
 * stops mattering, so such sources still match each other at 99 %.
 */
import type { InlineToken } from '../model/types.ts';

/** Every kind of space, NBSP and U+202F included (`\s` covers them), collapses to one space. */
const SPACES = /\s+/g;
/** Invisible characters that carry no meaning for matching: zero-width space, BOM, soft hyphen. */
const INVISIBLE = /[\u200b\ufeff\u00ad]/g;

/** Whitespace-normalised, NFC, trimmed: what de-duplicates TM entries. */
export function tmKey(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, '').replace(SPACES, ' ').trim();
}

/** Placeholders for inline codes in the match text: private-use characters that text never holds. */
export const CODE_OPEN = '\ue001';
export const CODE_CLOSE = '\ue002';
export const CODE_STANDALONE = '\ue003';

/**
 * The text fuzzy matching compares: the words as a reader sees them, and one placeholder
 * character per inline code, so a moved or missing `**` costs one edit instead of two
 * and a link URL costs nothing. Escapes and entities count as the character they stand for;
 * code spans, `:::no-loc:::`, image alt text and include titles count as the words they show.
 */
export function matchText(tokens: readonly InlineToken[]): string {
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        out += token.raw;
        break;
      case 'escape':
      case 'entity':
      case 'code':
      case 'noLoc':
        out += token.value;
        break;
      case 'image':
        out += CODE_STANDALONE + token.alt;
        break;
      case 'include':
        out += CODE_STANDALONE + token.title;
        break;
      case 'strong':
      case 'emphasis':
      case 'link':
      case 'html':
        out += token.role === 'open' ? CODE_OPEN : token.role === 'close' ? CODE_CLOSE : CODE_STANDALONE;
        break;
      default:
        out += CODE_STANDALONE;
        break;
    }
  }
  return tmKey(out);
}
