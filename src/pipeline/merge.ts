/**
 * Merge-back: translators' targets from XLIFF into the target document view (foundation §4).
 *
 * Trust boundary: this module (and ./merge-mdx.ts) is where a translator's file becomes page
 * content, and a translator authors words only. Codes: `resolveCodes` (./merge-rules.ts) gives every code the
 * document's own Markdown, never the file's. Text: src/pipeline/markdown-text.ts escapes it for
 * Markdown, MDX and JSX props (HTML-escaped where the component writes the prop as HTML). Front
 * matter: a YAML string. Downstream, the site escapes titles for `<title>`
 * (src/site/route-middleware.ts) and lets only http, https, mailto and relative URLs become
 * links or images (src/site/links.ts `isAllowedUrl`), whoever wrote them.
 *
 *   const merged = mergeXliff(doc, xliffFile, 'xliff/ru-ru/a.xlf');
 *   merged.markdown              // targetView(doc, merged.targetOf) with the front matter merged too
 *   merged.diagnostics           // broken codes, stale units, …
 *
 * Units are found by id (the extraction's rule, ./units.ts `segmentUnitIds`) and must still have
 * the segment's English (normalised); a unit whose English differs is stale (the sources moved
 * on since extraction): it is reported and the segment keeps its sxs target.
 *
 * A target that is exactly what extraction wrote merges as the original sxs target, byte for
 * byte. Any other target is rebuilt from its text and codes:
 * - Codes: the Markdown of a code is its original data from the document itself (the source's
 *   codes, or the sxs target's), looked up by id, never the data a file carries for it
 *   (`resolveCodes`). A code the segment does not have, whatever its data, is an unknown code;
 *   a code whose data in the file differs from the segment's is refused too.
 * - Checks: a code missing (present in the source and in the sxs target, absent here),
 *   duplicated, unbalanced (half a pair, or the close before the open), unknown or with other
 *   data is a diagnostic naming the XLIFF file, line and column of the code, unit and code;
 *   that unit keeps its previous (sxs) target and every other unit merges.
 * - Text is text: see ./markdown-text.ts.
 * Front matter: an edited `title` / `description` unit rewrites that key of the front matter as
 * a YAML string (so YAML quoting, not Markdown, applies; the site escapes it as page text).
 *
 * English MDX pages have no targets of their own: ./merge-mdx.ts merges them. What both share
 * (the code rule above, the result's shape) is in ./merge-rules.ts.
 */
import type { Segment, SxsDocument } from '../model/types.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { replaceFrontMatterKeys } from '../model/front-matter.ts';
import { targetView } from '../model/views.ts';
import { tmKey } from '../tm/normalize.ts';
import { codedPlainText, codedToMarkdown, codeSegment } from '../model/coded-text.ts';
import { assembleTarget } from './markdown-text.ts';
import { mergeMdx } from './merge-mdx.ts';
import { hasTarget, markupProblems, mergedTargets, reportCode, reportUntranslated, resolveCodes, sameCodedText, startsLine, type MergedDocument, type MergedMetadata, type MergeOptions, type MergeStats } from './merge-rules.ts';
import type { XliffFile, XliffUnit } from '../xliff/types.ts';
import { segmentUnitIds } from '../xliff/units.ts';

export function mergeXliff(doc: SxsDocument, file: XliffFile | undefined, xliffPath: string, options: MergeOptions = {}): MergedDocument {
  if (doc.format === 'mdx') return mergeMdx(doc, file, xliffPath, options);
  const stats: MergeStats = { merged: 0, edited: 0, rejected: 0, stale: 0 };
  const diagnostics: Diagnostic[] = [];
  const targets = new Map<number, string>();
  const units = new Map<string, XliffUnit>();
  for (const unit of file?.units ?? []) if (!unit.metadata) units.set(unit.id, unit);
  const report = (unit: XliffUnit, severity: Diagnostic['severity'], code: Diagnostic['code'], message: string) =>
    diagnostics.push(diagnostic(code, { file: xliffPath, line: unit.line ?? 1 }, message, severity));

  const ids = segmentUnitIds(doc.segments);
  const seen = new Set<string>();
  doc.segments.forEach((segment, k) => {
    const unit = units.get(ids[k]!);
    if (!unit) return;
    seen.add(unit.id);
    if (!hasTarget(unit)) return reportUntranslated(diagnostics, xliffPath, unit, 'the corpus translation');
    const coded = codeSegment(segment.sourceTokens, segment.targetTokens);
    if (tmKey(codedToMarkdown(unit.source)) !== tmKey(segment.source)) {
      stats.stale++;
      report(unit, 'warning', 'xliff-merge', `unit "${unit.id}": its English differs from the document's (${doc.path}); the document changed since extraction, so the sxs target is used. Run "bitext extract" again to update the file`);
      return;
    }
    const markup = markupProblems(unit);
    if (markup.length > 0) {
      stats.rejected++;
      for (const problem of markup) reportCode(diagnostics, xliffPath, unit, problem, KEEPS_PREVIOUS);
      return;
    }
    if (sameCodedText(unit.target, coded.target)) {
      stats.merged++;
      return; // exactly as extracted: the sxs target, byte for byte
    }
    const resolved = resolveCodes(unit, coded);
    if ('problems' in resolved) {
      stats.rejected++;
      for (const problem of resolved.problems) reportCode(diagnostics, xliffPath, unit, problem, KEEPS_PREVIOUS);
      return;
    }
    targets.set(k, assembleTarget(resolved.pieces, { context: segment.context, atLineStart: startsLine(doc, k) }));
    stats.merged++;
    stats.edited++;
  });
  for (const unit of units.values()) {
    if (seen.has(unit.id) || unit.target === undefined) continue;
    stats.stale++;
    report(unit, 'warning', 'xliff-merge', `unit "${unit.id}" has no segment in ${doc.path}; the document changed since extraction. Run "bitext extract" again to update the file`);
  }

  const metadata: MergedMetadata = {};
  const frontMatterRaw = mergeFrontMatter(doc, file, xliffPath, diagnostics, stats, metadata);
  const merged: SxsDocument = frontMatterRaw === doc.frontMatter?.raw || !doc.frontMatter ? doc : { ...doc, frontMatter: { ...doc.frontMatter, raw: frontMatterRaw! } };
  const targetOf = mergedTargets(targets, sxsTarget);
  return { targetOf, frontMatterRaw, metadata, markdown: targetView(merged, targetOf), diagnostics, stats };
}

const sxsTarget = (segment: Segment): string => segment.target;

const KEEPS_PREVIOUS = 'the unit keeps its previous target, fix the XLIFF target to merge it';

function mergeFrontMatter(doc: SxsDocument, file: XliffFile | undefined, xliffPath: string, diagnostics: Diagnostic[], stats: MergeStats, metadata: MergedMetadata): string | undefined {
  const fm = doc.frontMatter;
  if (!fm || !file) return fm?.raw;
  const replaced = new Map<string, string>();
  for (const unit of file.units) {
    if (!unit.metadata || unit.target === undefined) continue;
    const field = doc[unit.metadata];
    if (field.target === undefined) continue;
    const markup = markupProblems(unit);
    if (markup.length > 0) {
      stats.rejected++;
      for (const problem of markup) reportCode(diagnostics, xliffPath, unit, problem, KEEPS_PREVIOUS);
      continue;
    }
    const expectedSource = field.sourceOrigin === 'h1' && field.source !== undefined ? field.source : field.target;
    if (tmKey(codedToMarkdown(unit.source)) !== tmKey(expectedSource)) {
      stats.stale++;
      diagnostics.push(diagnostic('xliff-merge', { file: xliffPath, line: unit.line ?? 1 }, `unit "${unit.id}": the document's ${unit.metadata} changed since extraction, so its own is used. Run "bitext extract" again to update the file`));
      continue;
    }
    // Codes in a YAML value mean nothing: the value is the unit's text.
    const value = codedPlainText(unit.target);
    stats.merged++;
    metadata[unit.metadata] = value;
    if (value === field.target) continue;
    stats.edited++;
    replaced.set(unit.metadata, value);
  }
  return replaceFrontMatterKeys(fm, replaced);
}
