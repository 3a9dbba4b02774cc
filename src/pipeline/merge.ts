/**
 * Merge-back: translators' targets from XLIFF into the target document view (foundation §4).
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
 *   codes, or the sxs target's), looked up by id, never the data a file carries for it. A code
 *   the document does not know is accepted only when its data is harmless inline Markdown
 *   (`**`, `*`, `_`, a `\` escape, an entity, a code span): MT added such codes, and a kept
 *   target from an older version can carry them. Anything else is an unknown code.
 * - Checks: a code missing (present in the source and in the sxs target, absent here),
 *   duplicated, unbalanced (half a pair, or the close before the open) or unknown is a
 *   diagnostic naming the XLIFF file, unit and code; that unit keeps its previous (sxs) target
 *   and every other unit merges.
 * - Text is text: see ./markdown-text.ts.
 * Front matter: an edited `title` / `description` unit rewrites that key of the front matter as
 * a YAML string (so YAML quoting, not Markdown, applies; the site escapes it as page text).
 *
 * English MDX pages have no targets of their own: ./merge-mdx.ts merges them.
 */
import { stringify } from 'yaml';
import type { Diagnostic, Segment, SxsDocument } from '../model/types.ts';
import { targetView, type TargetOf } from '../model/views.ts';
import { tokenizeInline } from '../parse/inline.ts';
import { tmKey } from '../tm/normalize.ts';
import { codedPlainText, codedToMarkdown, codeSegment, type CodedText, type InlineCode } from '../xliff/inline-codes.ts';
import { assembleTarget, type TargetPiece } from '../xliff/markdown-text.ts';
import { mergeMdx } from './merge-mdx.ts';
import type { XliffFile, XliffUnit } from '../xliff/types.ts';
import { segmentUnitIds } from '../xliff/units.ts';

export interface MergeStats {
  /** Units whose target came from the XLIFF file. */
  merged: number;
  /** Of those, targets that differ from the sxs text (translators' edits). */
  edited: number;
  /** Units rejected for broken codes: their segment kept its sxs target. */
  rejected: number;
  /** Units whose English no longer matches the document (or whose segment is gone). */
  stale: number;
  /** MDX pages (./merge-mdx.ts): sentences, those shown in English, and those marked for review. */
  sentences?: number;
  untranslated?: number;
  changed?: number;
}

export interface MergedDocument {
  targetOf: TargetOf;
  /** The front matter with merged title/description (raw, as in the model). */
  frontMatterRaw: string | undefined;
  /** The title / description that came from XLIFF (what the site shows as the page's title). */
  metadata?: MergedMetadata;
  markdown: string;
  diagnostics: Diagnostic[];
  stats: MergeStats;
}

export type MergedMetadata = Partial<Record<'title' | 'description', string>>;

export function mergeXliff(doc: SxsDocument, file: XliffFile | undefined, xliffPath: string): MergedDocument {
  if (doc.format === 'mdx') return mergeMdx(doc, file, xliffPath);
  const stats: MergeStats = { merged: 0, edited: 0, rejected: 0, stale: 0 };
  const diagnostics: Diagnostic[] = [];
  const targets = new Map<number, string>();
  const units = new Map<string, XliffUnit>();
  for (const unit of file?.units ?? []) if (!unit.metadata) units.set(unit.id, unit);
  const report = (unit: XliffUnit, severity: Diagnostic['severity'], code: Diagnostic['code'], message: string) =>
    diagnostics.push({ file: xliffPath, line: unit.line ?? 1, column: 1, severity, code, message });

  const ids = segmentUnitIds(doc.segments);
  const seen = new Set<string>();
  doc.segments.forEach((segment, k) => {
    const unit = units.get(ids[k]!);
    if (!unit) return;
    seen.add(unit.id);
    if (unit.target === undefined) return;
    const coded = codeSegment(segment.sourceTokens, segment.targetTokens);
    if (tmKey(codedToMarkdown(unit.source)) !== tmKey(segment.source)) {
      stats.stale++;
      report(unit, 'warning', 'xliff-merge', `unit "${unit.id}": its English differs from the document's (${doc.path}); the document changed since extraction, so the sxs target is used. Run "bitext extract" again to update the file`);
      return;
    }
    if (sameCodedText(unit.target, coded.target)) {
      stats.merged++;
      return; // exactly as extracted: the sxs target, byte for byte
    }
    const resolved = resolveCodes(unit, coded);
    if ('problems' in resolved) {
      stats.rejected++;
      for (const problem of resolved.problems) report(unit, 'error', 'xliff-codes', `unit "${unit.id}": ${problem}; the unit keeps its previous target, fix the codes in the XLIFF target to merge it`);
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
  const targetOf: TargetOf = (s: Segment, k: number) => targets.get(k) ?? s.target;
  return { targetOf, frontMatterRaw, metadata, markdown: targetView(merged, targetOf), diagnostics, stats };
}

function sameCodedText(a: CodedText, b: CodedText): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === 'string' || typeof y === 'string') {
      if (x !== y) return false;
    } else if (x.id !== y.id || x.role !== y.role) {
      return false;
    }
  }
  return true;
}

type Resolution = { pieces: TargetPiece[] } | { problems: string[] };

/** Checks the target's codes against the segment and gives each its Markdown from the document. */
export function resolveCodes(unit: XliffUnit, coded: { source: CodedText; target: CodedText }): Resolution {
  const known = new Map<string, InlineCode>();
  const sxsTarget = new Map<string, InlineCode>();
  for (const part of coded.source) if (typeof part !== 'string') known.set(halfKey(part), part);
  for (const part of coded.target) if (typeof part !== 'string') sxsTarget.set(halfKey(part), part);
  const problems: string[] = [];
  const pieces: TargetPiece[] = [];
  const count = new Map<string, number>();
  const opened = new Set<string>();
  const show = (code: InlineCode) => `${code.id} (${JSON.stringify(code.data)})`;
  for (const part of unit.target!) {
    if (typeof part === 'string') {
      pieces.push({ text: part });
      continue;
    }
    const key = halfKey(part);
    count.set(key, (count.get(key) ?? 0) + 1);
    if (count.get(key) === 2) problems.push(`code ${part.id} (${part.role}) is duplicated`);
    // The source's codes are the document's own; a target-only code (MT added it, or a kept
    // target from an older version has it) is taken from the file only when harmless, or when
    // the sxs target has the very same code.
    let data = known.get(key)?.data;
    if (data === undefined && harmless(part.data)) data = part.data;
    if (data === undefined && sxsTarget.get(key)?.data === part.data) data = part.data;
    if (data === undefined) {
      problems.push(`code ${show(part)} is unknown: it is in neither the source nor the document's target`);
      continue;
    }
    if (part.role === 'open') opened.add(part.id);
    if (part.role === 'close' && !part.isolated && partnerKnown(part, known, sxsTarget) && !opened.has(part.id)) {
      problems.push(`code ${part.id} closes before it opens (unbalanced)`);
    }
    pieces.push({ markdown: data });
  }
  // Required: the source's codes that the sxs target has too (MT already dropped the others).
  for (const [key, code] of known) {
    if (!sxsTarget.has(key) || count.has(key)) continue;
    const half = code.role === 'standalone' ? '' : ` (${code.role})`;
    problems.push(`code ${show(code)}${half} is missing from the target`);
  }
  // A pair in the target needs both halves.
  for (const part of unit.target!) {
    if (typeof part === 'string' || part.role === 'standalone' || part.isolated) continue;
    const other = { ...part, role: part.role === 'open' ? 'close' : 'open' } as InlineCode;
    if (!count.has(halfKey(other)) && partnerKnown(part, known, sxsTarget)) problems.push(`code ${part.id} has its ${part.role} half without the ${other.role} half (unbalanced)`);
  }
  return problems.length ? { problems: [...new Set(problems)] } : { pieces };
}

function halfKey(code: InlineCode): string {
  return `${code.id}\u0000${code.role}`;
}

function partnerKnown(part: InlineCode, known: Map<string, InlineCode>, sxsTarget: Map<string, InlineCode>): boolean {
  const role = part.role === 'open' ? 'close' : 'open';
  const key = `${part.id}\u0000${role}`;
  return known.has(key) || sxsTarget.has(key);
}

/** Inline Markdown that can only format or stand for a character: safe from any source. */
function harmless(data: string): boolean {
  if (data === '') return true;
  const tokens = tokenizeInline(data);
  if (tokens.length !== 1) return false;
  const t = tokens[0]!;
  return t.type === 'strong' || t.type === 'emphasis' || t.type === 'escape' || t.type === 'entity' || t.type === 'code';
}

/** Whether segment k starts its line's content: only indentation, `>` or list markers before it. */
export function startsLine(doc: SxsDocument, k: number): boolean {
  const before = doc.skeleton[k]!;
  const lineStart = before.lastIndexOf('\n') + 1;
  if (lineStart === 0 && k > 0) return false; // previous segment on the same line
  return /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*$/.test(before.slice(lineStart));
}

function mergeFrontMatter(doc: SxsDocument, file: XliffFile | undefined, xliffPath: string, diagnostics: Diagnostic[], stats: MergeStats, metadata: MergedMetadata): string | undefined {
  const fm = doc.frontMatter;
  if (!fm || !file) return fm?.raw;
  let raw = fm.raw;
  for (const unit of file.units) {
    if (!unit.metadata || unit.target === undefined) continue;
    const field = doc[unit.metadata];
    if (field.target === undefined) continue;
    const expectedSource = field.sourceOrigin === 'h1' && field.source !== undefined ? field.source : field.target;
    if (tmKey(codedToMarkdown(unit.source)) !== tmKey(expectedSource)) {
      stats.stale++;
      diagnostics.push({ file: xliffPath, line: unit.line ?? 1, column: 1, severity: 'warning', code: 'xliff-merge', message: `unit "${unit.id}": the document's ${unit.metadata} changed since extraction, so its own is used. Run "bitext extract" again to update the file` });
      continue;
    }
    // Codes in a YAML value mean nothing: the value is the unit's text.
    const value = codedPlainText(unit.target);
    stats.merged++;
    metadata[unit.metadata] = value;
    if (value === field.target) continue;
    stats.edited++;
    raw = replaceKey(raw, fm.entries, unit.metadata, value);
  }
  return raw;
}

/** Replaces the (possibly multi-line) value of a top-level key with a YAML-safe scalar. */
export function replaceKey(raw: string, entries: NonNullable<SxsDocument['frontMatter']>['entries'], key: string, value: string): string {
  const lines = raw.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const index = entries.findIndex((e) => e.key === key);
  if (index < 0) return raw;
  const from = entries[index]!.line - 1;
  const to = index + 1 < entries.length ? entries[index + 1]!.line - 1 : lines.length - 1;
  const eol = lines[from]?.endsWith('\r\n') ? '\r\n' : '\n';
  // Stringified as a one-key map, so a multi-line value gets a correctly indented block scalar.
  const entry = stringify({ [key]: value }, { lineWidth: 0 }).trimEnd().split('\n').join(eol);
  return [...lines.slice(0, from), `${entry}${eol}`, ...lines.slice(to)].join('');
}
