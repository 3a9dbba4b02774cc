/**
 * The two monolingual views of an sxs document: plain Markdown with no spans.
 *
 * - English: each pair becomes its source. The front matter loses the translated-only fields
 *   (sxs has no English for them) and the localization keys, and gets the English title that the
 *   model derived from the English H1.
 * - Target: each pair becomes its target, minus the backslash escapes that only the sxs form adds
 *   (FORMAT.md §0 and §6: MT targets carry `\*`, `\_` that the published page does not).
 */
import { stringify } from 'yaml';
import { entryBlocks, splitLines } from './front-matter.ts';
import { renderBody } from './serialize.ts';
import type { FrontMatter, Segment, SxsDocument } from './types.ts';

/** Front-matter keys that describe the translation, not the English document. */
export const LOCALIZATION_KEYS = new Set([
  'ms.openlocfilehash',
  'ms.sourcegitcommit',
  'ms.translationtype',
  'ms.contentlocale',
  'ms.lasthandoff',
  'ms.locfileid',
]);
/** Front-matter keys whose values are translated only, with no English in the file. */
export const TRANSLATED_ONLY_KEYS = new Set(['title', 'description', 'keywords', 'titleSuffix']);

export type TargetOf = (segment: Segment, index: number) => string;

/**
 * `:::image` alt text sits in the skeleton translated only (FORMAT.md §2.3): sxs has no English
 * for it. The English view empties it rather than show another language's text as English.
 */
const TRANSLATED_ONLY_ALT = /(:::image\b[^\n]*?\balt-text=")([^"]*)(")/g;

export function englishView(doc: SxsDocument): string {
  const english = { ...doc, skeleton: doc.skeleton.map(dropTranslatedOnlyText) };
  return renderBody(english, (s) => (s.markup ? unescapeQuotes(s.source) : s.source), englishFrontMatter(doc));
}

function dropTranslatedOnlyText(skeleton: string): string {
  return skeleton.includes(':::image') ? skeleton.replace(TRANSLATED_ONLY_ALT, '$1$3') : skeleton;
}

/**
 * The target-language document. `targetOf` lets a caller supply targets from elsewhere (the
 * XLIFF merge-back); by default each segment's own target is used.
 */
export function targetView(doc: SxsDocument, targetOf: TargetOf = (s) => s.target): string {
  return renderBody(doc, (s, k) => publishedTarget(s, targetOf(s, k)), doc.frontMatter?.raw ?? '');
}

/**
 * A pair's target as the published page shows it: without the escapes only the sxs form adds,
 * and, for a pair recovered from span tags whose quotes were escaped (`markup`), with `&quot;`
 * back to `"` (the malformed export escaped the quotes of the text along with the tags').
 */
export function publishedTarget(segment: Segment, target: string = segment.target): string {
  return removeSxsOnlyEscapes(segment.markup ? unescapeQuotes(target) : target, segment.source);
}

function unescapeQuotes(text: string): string {
  return text.replaceAll('&quot;', '"');
}

/** A backslash escape, or an escaped backslash (`\\\\`), which protects the character after it. */
const ESCAPE = /\\([\\*_[\]<>#|`])/g;

/**
 * Drops the backslash escapes that the sxs export added to a target, giving the target as the
 * published page has it. The rule, measured on the ja-JP corpus against its published copy
 * (883 targets with escapes) and kept for ru-RU and de-DE:
 *
 * - `\*`: the export escapes stars that MT left as text, the published page has them bare
 *   (`\*\*パートナー側のメリット:**` is published `**パートナー側のメリット:**`; 860 of 860
 *   star escapes in a run of two or more, or with no star escape in the English, are dropped).
 *   Kept are the escapes of a target that is its source copied unchanged, and a lone `\*` (no
 *   star escape beside it) with a space on one side where the English has star escapes too: MT
 *   copied the author's escape as a token (`SAN= \* .contoso.com`). Measured on the 2,671 ja
 *   documents whose version is the published one's: 799 of their 861 star escapes come out as
 *   published, and 2,622 bodies are byte-identical. The other star escapes cannot be decided
 *   from the sxs: the export writes `\*` both for a star the English author escaped and for one
 *   the author left bare, and the published translation keeps the author's form (the upstream
 *   English `*Auto-favorited channels` is `\*Auto-favorited channels` in the sxs). The test of
 *   `bitext markdown` lists each such line with its proof.
 * - `\[` and `\]`: always kept (MT writes them in `[ユーザー構成]\[ポリシー]`, published too).
 * - `\\`: an escaped backslash is kept whole, and the character after it is not escaped.
 * - `\_`, `\<`, `\>`, `\#`, `\|`, `` \` ``: per character, the first N escapes are kept where
 *   the English has N of them (an escape the English author wrote, `Syndication\_Partner`); the
 *   rest were added by the export.
 */
export function removeSxsOnlyEscapes(target: string, source: string): string {
  if (!target.includes('\\') || target === source) return target;
  const allowed = new Map<string, number>();
  for (const m of source.matchAll(ESCAPE)) allowed.set(m[1]!, (allowed.get(m[1]!) ?? 0) + 1);
  return target.replace(ESCAPE, (whole, ch: string, at: number) => {
    if (ch === '\\' || ch === '[' || ch === ']') return whole;
    if (ch === '*') return (allowed.get('*') ?? 0) > 0 && isLoneStar(target, at) ? whole : ch;
    const left = allowed.get(ch) ?? 0;
    if (left > 0) {
      allowed.set(ch, left - 1);
      return whole;
    }
    return ch;
  });
}

/** A `\*` at `at` that is not part of a run of star escapes and has a space on one side. */
function isLoneStar(target: string, at: number): boolean {
  if (target.startsWith('\\*', at + 2) || target.slice(at - 2, at) === '\\*') return false;
  return isSpace(target[at - 1]) || isSpace(target[at + 2]);
}

/** Whitespace, or the start or end of the text. */
function isSpace(ch: string | undefined): boolean {
  return ch === undefined || /\s/.test(ch);
}

function englishFrontMatter(doc: SxsDocument): string {
  const fm = doc.frontMatter;
  if (!fm) return '';
  const lines = splitLines(fm.raw);
  // lines[0] is the opening `---`; the YAML is lines 1 .. length-2; the last is the closing `---`.
  const blocks = entryBlocks(fm, lines.length - 1);
  const out: string[] = [lines[0]!];
  let wroteTitle = false;
  for (const block of blocks) {
    if (LOCALIZATION_KEYS.has(block.key)) continue;
    if (TRANSLATED_ONLY_KEYS.has(block.key)) {
      if (block.key === 'title' && doc.title.source !== undefined) {
        out.push(`title: ${yamlScalar(doc.title.source)}${doc.eol}`);
        wroteTitle = true;
      }
      continue;
    }
    out.push(...lines.slice(block.from, block.to));
  }
  if (!wroteTitle && doc.title.source !== undefined) out.splice(1, 0, `title: ${yamlScalar(doc.title.source)}${doc.eol}`);
  out.push(...lines.slice(blocks.length ? blocks[blocks.length - 1]!.to : 1));
  return out.join('');
}

/** One YAML scalar on one line (never folded), quoted only when YAML needs it. */
function yamlScalar(value: string): string {
  return stringify(value, { lineWidth: 0 }).trimEnd();
}

