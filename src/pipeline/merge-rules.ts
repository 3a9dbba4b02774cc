/**
 * What merge-back of sxs documents (./merge.ts) and of English MDX pages (./merge-mdx.ts)
 * share: the merged document's shape, the rule by which a translator's inline codes become page
 * markup (`resolveCodes`, the trust boundary for codes), markup typed into targets and untranslated
 * units. Front-matter keys are rewritten by src/model/front-matter.ts.
 */
import type { Segment, SxsDocument } from '../model/types.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { TargetOf } from '../model/views.ts';
import type { CodedText, InlineCode } from '../model/coded-text.ts';
import type { TargetPiece } from './markdown-text.ts';
import type { XliffUnit } from '../xliff/types.ts';

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
  /** English MDX pages: the sentences (by index) that show a translation, not their English. */
  translated?: ReadonlySet<number>;
}

/**
 * A merge's target of each segment (by index): its merged target, else `otherwise(segment)` (a
 * function of the module, not of the merge). Made here, not inside a merge function: a closure
 * there shares one scope with the function's other closures, which hold the whole document and
 * XLIFF file, and kept both for as long as the site kept the target function (every document of
 * a build with XLIFF files: 1.1 GB of heap in the 12,000-page site's model).
 */
export function mergedTargets(targets: ReadonlyMap<number, string>, otherwise: (segment: Segment) => string): TargetOf {
  return (segment, k) => targets.get(k) ?? otherwise(segment);
}

/** What a caller refuses beyond the merge's own checks: unit ids whose target stays out (./target-checks.ts). */
export interface MergeOptions {
  refuse?: ReadonlySet<string>;
}

export type MergedMetadata = Partial<Record<'title' | 'description', string>>;

/** A broken code as a diagnostic at the code's element (or the unit's, when the code has no place). */
export function reportCode(diagnostics: Diagnostic[], xliffPath: string, unit: XliffUnit, problem: CodeProblem, consequence: string) {
  diagnostics.push(diagnostic(problem.code ?? 'xliff-codes', { file: xliffPath, line: problem.line ?? unit.line ?? 1, column: problem.column ?? 1 }, `unit "${unit.id}": ${problem.message}; ${consequence}`));
}

/**
 * Markup typed into a target (a raw `<script>`, `<b>`): XML reads it as elements that are none of
 * the segment's codes, so the target is refused like one with an unknown code, never stripped
 * to its text in silence. Checked before anything else of a target, by both merges.
 */
export function markupProblems(unit: XliffUnit): CodeProblem[] {
  return (unit.markup ?? []).map((m) => ({
    code: 'xliff-markup',
    line: m.line,
    column: m.column,
    message: `<${m.name}> is markup typed into the target, not one of the segment's codes (a target holds text and the source's codes only; to show it as text, write &lt;${m.name}&gt;)`,
  }));
}

/** Whether a unit has a target with something in it; one without is untranslated. */
export function hasTarget(unit: XliffUnit | undefined): unit is XliffUnit & { target: CodedText } {
  return unit?.target !== undefined && unit.target.some((part) => typeof part !== 'string' || part.trim() !== '');
}

/** An untranslated unit, as a warning at the unit: `shown` says what the page shows instead. */
export function reportUntranslated(diagnostics: Diagnostic[], xliffPath: string, unit: XliffUnit, shown: string) {
  if (!unit.translate) return;
  diagnostics.push(diagnostic('xliff-untranslated', { file: xliffPath, line: unit.line ?? 1 }, `unit "${unit.id}" has no target; the page shows ${shown} there until it is translated`));
}

export function sameCodedText(a: CodedText, b: CodedText): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (typeof x === 'string' || typeof y === 'string') {
      if (x !== y) return false;
    } else if (x.id !== y.id || x.role !== y.role || !sameData(x, y)) {
      return false;
    }
  }
  return true;
}

/** A broken code in a target: what is wrong, and where the code stands in the XLIFF file when known. */
export interface CodeProblem {
  /** `xliff-codes` unless said otherwise. */
  code?: 'xliff-codes' | 'xliff-markup';
  message: string;
  line?: number;
  column?: number;
}

type Resolution = { pieces: TargetPiece[] } | { problems: CodeProblem[] };

/**
 * Checks the target's codes against the segment and gives each its Markdown from the document.
 *
 * This is where a translator's inline codes become page markup, so nothing of a code's Markdown
 * comes from the file: a target code must be one of the segment's own codes (same id and half,
 * and the same data when the file carries data for it), and its Markdown is the document's. The
 * segment's own codes are the source's; for an sxs pair, also the codes of the sxs target (MT
 * added or kept them; they are the corpus's own Markdown, already on the page). A code the
 * segment lacks, or one whose data differs from the segment's, is refused whatever its data.
 */
export function resolveCodes(unit: XliffUnit, coded: { source: CodedText; target: CodedText }): Resolution {
  const known = new Map<string, InlineCode>();
  const sxsTarget = new Map<string, InlineCode>();
  for (const part of coded.source) if (typeof part !== 'string') known.set(halfKey(part), part);
  for (const part of coded.target) if (typeof part !== 'string') sxsTarget.set(halfKey(part), part);
  const problems: CodeProblem[] = [];
  const problem = (code: InlineCode, message: string) => {
    const p: CodeProblem = { message };
    if (code.line !== undefined) p.line = code.line;
    if (code.column !== undefined) p.column = code.column;
    problems.push(p);
  };
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
    if (count.get(key) === 2) problem(part, `code ${part.id} (${part.role}) is duplicated`);
    const own = known.get(key) ?? sxsTarget.get(key);
    if (own === undefined) {
      problem(part, `code ${show(part)} is unknown: the segment has no code ${part.id}${part.role === 'standalone' ? '' : ` (${part.role})`}; a translation can only move the segment's own codes, not add one`);
      continue;
    }
    if (part.role === 'open') opened.add(part.id);
    if (!sameData(part, own)) {
      problem(part, `code ${part.id} has data ${JSON.stringify(part.data)}, but the segment's code ${part.id} is ${JSON.stringify(own.data)}; a translation cannot change a code's data`);
      continue;
    }
    if (part.role === 'close' && !part.isolated && partnerKnown(part, known, sxsTarget) && !opened.has(part.id)) {
      problem(part, `code ${part.id} closes before it opens (unbalanced)`);
    }
    pieces.push({ markdown: own.data });
  }
  // Required: the source's codes that the sxs target has too (MT already dropped the others).
  for (const [key, code] of known) {
    if (!sxsTarget.has(key) || count.has(key)) continue;
    const half = code.role === 'standalone' ? '' : ` (${code.role})`;
    problems.push({ message: `code ${show(code)}${half} is missing from the target` });
  }
  // A pair in the target needs both halves.
  for (const part of unit.target!) {
    if (typeof part === 'string' || part.role === 'standalone' || part.isolated) continue;
    const other = { ...part, role: part.role === 'open' ? 'close' : 'open' } as InlineCode;
    if (!count.has(halfKey(other)) && partnerKnown(part, known, sxsTarget)) problem(part, `code ${part.id} has its ${part.role} half without the ${other.role} half (unbalanced)`);
  }
  if (problems.length === 0) return { pieces };
  const seen = new Set<string>();
  return { problems: problems.filter((p) => !seen.has(p.message) && seen.add(p.message)) };
}

/**
 * Whether a code from a file has the data of the segment's code. A file that carries no data for
 * a code (1.2 `g`/`x`, 2.x without `dataRef`) names it by id alone; XML reads every line end as
 * LF, so a CRLF document's code data comes back with LF.
 */
function sameData(fromFile: InlineCode, own: InlineCode): boolean {
  return fromFile.data === '' || lineEnds(fromFile.data) === lineEnds(own.data);
}

function lineEnds(data: string): string {
  return data.replace(/\r\n?/g, '\n');
}

function halfKey(code: InlineCode): string {
  return `${code.id}\u0000${code.role}`;
}

function partnerKnown(part: InlineCode, known: Map<string, InlineCode>, sxsTarget: Map<string, InlineCode>): boolean {
  const role = part.role === 'open' ? 'close' : 'open';
  const key = `${part.id}\u0000${role}`;
  return known.has(key) || sxsTarget.has(key);
}

/** Whether segment k starts its line's content: only indentation, `>` or list markers before it. */
export function startsLine(doc: SxsDocument, k: number): boolean {
  const before = doc.skeleton[k]!;
  const lineStart = before.lastIndexOf('\n') + 1;
  if (lineStart === 0 && k > 0) return false; // previous segment on the same line
  return /^[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)*$/.test(before.slice(lineStart));
}
