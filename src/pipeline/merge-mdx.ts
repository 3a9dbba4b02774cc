/**
 * Merge-back for English MDX pages: the XLIFF targets of one locale put back into the page, which
 * is then a valid MDX page in that locale (issue 5 §2).
 *
 * - A sentence whose unit has a target gets that target, its codes checked as for sxs
 *   (./merge.ts `resolveCodes`), except that every code of the English is required: the page has
 *   no earlier translation whose missing codes could excuse a missing one. Translator text is
 *   escaped for MDX (./markdown-text.ts with `mdx`: `{`, `}`, `<`, `import`/`export` lines,
 *   Markdown syntax), so the page compiles whatever was typed.
 * - A sentence with no target, with broken codes, or whose English changed since extraction
 *   shows its English between two MDX comments (`ENGLISH_OPEN`, `ENGLISH_CLOSE`), which the site's
 *   renderer turns into `<span lang="en">` so screen readers and search read it as English (a JSX
 *   prop can hold no element: it stays English as it is). Not a JSX `<span>` in the page: MDX
 *   reads a paragraph made only of JSX elements as block JSX (the paragraph loses its `<p>`, and
 *   a component after it can end up inside the span); the comments are inline whatever the
 *   sentence's place, and compile to nothing where the renderer does not know them.
 * - Image alt text and link titles come from their own units (embedded segments), written into
 *   the code that holds them.
 * - A unit marked `needs-translation` (re-extraction: its English changed) still shows
 *   its previous translation, and counts as changed for the page notice.
 * - Front matter: translated `title` / `description` replace the English values.
 */
import type { EmbeddedSegment, Segment, SxsDocument } from '../model/types.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { replaceFrontMatterKeys } from '../model/front-matter.ts';
import { renderBody } from '../model/serialize.ts';
import { joinLines, mdxSourceTokens } from '../model/markdown/inline.ts';
import { tmKey } from '../tm/normalize.ts';
import { codedPlainText, codedToMarkdown, codeSegment, type CodedText } from '../model/coded-text.ts';
import { assembleTarget, escapeAttributeValue, type TargetPiece } from './markdown-text.ts';
import { hasTarget, markupProblems, mergedTargets, reportCode, reportUntranslated, resolveCodes, startsLine, type MergedDocument, type MergeOptions, type MergeStats } from './merge-rules.ts';
import { isSourceChanged } from './reextract.ts';
import type { XliffFile, XliffUnit } from '../xliff/types.ts';
import { segmentUnitIds } from '../xliff/units.ts';

/** The marks around English text on a translated page (src/site/english-spans.ts reads them). */
export const ENGLISH_OPEN = '{/*lang:en*/}';
export const ENGLISH_CLOSE = '{/*/lang*/}';

export function mergeMdx(doc: SxsDocument, file: XliffFile | undefined, xliffPath: string, options: MergeOptions = {}): MergedDocument {
  const stats: MergeStats = { merged: 0, edited: 0, rejected: 0, stale: 0, sentences: doc.segments.length, untranslated: 0, changed: 0 };
  const diagnostics: Diagnostic[] = [];
  const units = new Map<string, XliffUnit>();
  for (const unit of file?.units ?? []) if (!unit.metadata) units.set(unit.id, unit);
  const report = (unit: XliffUnit, severity: Diagnostic['severity'], code: Diagnostic['code'], message: string) =>
    diagnostics.push(diagnostic(code, { file: xliffPath, line: unit.line ?? 1 }, message, severity));

  const embeddedText = new Map<string, string>();
  for (const e of doc.embedded ?? []) {
    const unit = units.get(e.id);
    if (!hasTarget(unit)) continue;
    if (tmKey(codedToMarkdown(unit.source)) !== tmKey(e.source)) continue;
    embeddedText.set(e.id, codedPlainText(unit.target));
  }

  const ids = segmentUnitIds(doc.segments);
  const targets = new Map<number, string>();
  const translated = new Set<number>();
  doc.segments.forEach((segment, k) => {
    const english = () => {
      stats.untranslated!++;
      targets.set(k, englishInline(segment));
    };
    const unit = units.get(ids[k]!);
    if (!hasTarget(unit)) {
      if (unit) reportUntranslated(diagnostics, xliffPath, unit, 'the English sentence');
      return english();
    }
    if (tmKey(codedToMarkdown(unit.source)) !== tmKey(joinLines(segment.source))) {
      stats.stale++;
      report(unit, 'warning', 'xliff-merge', `unit "${unit.id}": its English differs from the page's (${doc.path}); the page changed since extraction, so the English is shown. Run "bitext extract" again to update the file`);
      return english();
    }
    const markup = markupProblems(unit);
    if (markup.length > 0) {
      stats.rejected++;
      for (const problem of markup) reportCode(diagnostics, xliffPath, unit, problem, SHOWN_IN_ENGLISH);
      return english();
    }
    // Refused by a check on the merged page (./target-checks.ts: MDX that would not compile).
    if (options.refuse?.has(unit.id)) {
      stats.rejected++;
      return english();
    }
    const tokens = mdxSourceTokens(segment);
    // Every code of the English is required: the "previous target" is the English itself.
    const coded = codeSegment(tokens, tokens);
    const resolved = resolveCodes(unit, coded);
    if ('problems' in resolved) {
      stats.rejected++;
      for (const problem of resolved.problems) reportCode(diagnostics, xliffPath, unit, problem, SHOWN_IN_ENGLISH);
      return english();
    }
    const pieces = withEmbedded(resolved.pieces, embeddedOf(doc, segment), embeddedText);
    targets.set(k, assembleTarget(pieces, { context: segment.context, atLineStart: startsLine(doc, k), mdx: true }));
    translated.add(k);
    stats.merged++;
    stats.edited++;
    if (isSourceChanged(unit.state)) stats.changed!++;
  });
  const known = new Set([...ids, ...(doc.embedded ?? []).map((e) => e.id)]);
  for (const unit of units.values()) {
    if (known.has(unit.id) || !hasTarget(unit)) continue;
    stats.stale++;
    report(unit, 'warning', 'xliff-merge', `unit "${unit.id}" has no sentence in ${doc.path}; the page changed since extraction. Run "bitext extract" again to update the file`);
  }

  let frontMatterRaw = doc.frontMatter?.raw;
  if (doc.frontMatter && file) {
    const replaced = new Map<string, string>();
    for (const unit of file.units) {
      if (!unit.metadata || !hasTarget(unit)) continue;
      const markup = markupProblems(unit);
      if (markup.length > 0) {
        stats.rejected++;
        for (const problem of markup) reportCode(diagnostics, xliffPath, unit, problem, SHOWN_IN_ENGLISH);
        continue;
      }
      const english = doc[unit.metadata].source;
      if (english === undefined || tmKey(codedToMarkdown(unit.source)) !== tmKey(english)) {
        stats.stale++;
        report(unit, 'warning', 'xliff-merge', `unit "${unit.id}": the page's ${unit.metadata} changed since extraction, so the English is used. Run "bitext extract" again to update the file`);
        continue;
      }
      replaced.set(unit.metadata, codedPlainText(unit.target));
      stats.merged++;
    }
    frontMatterRaw = replaceFrontMatterKeys(doc.frontMatter, replaced);
  }
  const targetOf = mergedTargets(targets, englishInline);
  return { targetOf, frontMatterRaw, markdown: renderBody(doc, targetOf, frontMatterRaw ?? ''), diagnostics, stats, translated };
}

const SHOWN_IN_ENGLISH = 'the sentence is shown in English, fix the XLIFF target to merge it';

/** An untranslated sentence as it stands on the locale page. */
function englishInline(segment: Segment): string {
  if (segment.context.kind === 'attribute') return segment.source;
  return `${ENGLISH_OPEN}${segment.source}${ENGLISH_CLOSE}`;
}

function embeddedOf(doc: SxsDocument, segment: Segment): EmbeddedSegment[] {
  return (doc.embedded ?? []).filter((e) => e.host === segment.id);
}

/** The code Markdown of images and links with their alt text / title replaced by the translation. */
function withEmbedded(pieces: TargetPiece[], embedded: readonly EmbeddedSegment[], translations: ReadonlyMap<string, string>): TargetPiece[] {
  if (embedded.length === 0) return pieces;
  return pieces.map((piece) => {
    if (!('markdown' in piece)) return piece;
    let markdown = piece.markdown;
    for (const e of embedded) {
      const text = translations.get(e.id);
      if (text === undefined) continue;
      if (e.role === 'alt' && markdown.startsWith(`![${e.source}]`)) {
        markdown = `![${escapeAlt(text)}]` + markdown.slice(e.source.length + 3);
      } else if (e.role === 'prop' && markdown.startsWith('<') && e.context.attribute) {
        // The prop's value inside the JSX tag, escaped as the value of a prop written on its own.
        const value = new RegExp(`(\\s${e.context.attribute.name}\\s*=\\s*)(["'])${escapeRegExp(e.source)}\\2`);
        markdown = markdown.replace(value, (_m, before: string) => `${before}"${assembleTarget([{ text }], { context: e.context, atLineStart: false, mdx: true })}"`);
      } else if (e.role === 'title' && markdown.startsWith('](')) {
        const at = markdown.lastIndexOf(e.source);
        if (at > 0) markdown = markdown.slice(0, at) + escapeAttributeValue(text).replace(/\)/g, '&#41;') + markdown.slice(at + e.source.length);
      }
    }
    return { markdown };
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Alt text is inline Markdown (and MDX) inside `[…]`: everything with a meaning becomes a reference. */
function escapeAlt(text: string): string {
  return text.replace(/[\\`*_[\]{}<>&!|~]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/\s*\n\s*/g, ' ');
}
