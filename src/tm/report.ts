/**
 * The consistency report of a translation memory, per language pair:
 * - sources translated in more than one way (after whitespace normalisation of both sides), with
 *   every variant, how often it occurs and where it was first seen;
 * - translations whose inline codes differ from their source's: markup missing, added, unpaired,
 *   or a link that points elsewhere (machine translation moves and drops `**`, FORMAT.md §6).
 */
import type { InlineToken } from '../model/types.ts';
import { tokenizeInline } from '../model/markdown/inline.ts';
import { variantsByCount, type TranslationMemory, type TmUnit, type TmVariant } from './memory.ts';
import { originLabel } from './tmx.ts';

export interface VariantSummary {
  target: string;
  count: number;
  /** Where it was first seen. */
  origin: string | undefined;
}

export interface InconsistentSource {
  source: string;
  variants: VariantSummary[];
}

export interface CodeMismatch {
  source: string;
  target: string;
  /** Segment pairs with this source and target. */
  count: number;
  origin: string | undefined;
  /** Codes of the source that the target lacks, and codes only the target has. */
  missing: string[];
  extra: string[];
}

export interface PairReport {
  sourceLang: string;
  targetLang: string;
  /** Distinct normalised sources. */
  sources: number;
  /** Distinct (source, target) translations. */
  translations: number;
  /** Segment pairs behind them. */
  segments: number;
  inconsistent: InconsistentSource[];
  codeMismatches: CodeMismatch[];
  /** Segment pairs whose target has a different number of `**` than the source (FORMAT.md §6's measure). */
  strongCountMismatchSegments: number;
}

export function consistencyReport(memory: TranslationMemory): PairReport[] {
  return memory.languagePairs().map(([sourceLang, targetLang]) => pairReport(memory.units(targetLang, sourceLang), sourceLang, targetLang));
}

export function pairReport(units: readonly TmUnit[], sourceLang: string, targetLang: string): PairReport {
  const report: PairReport = {
    sourceLang,
    targetLang,
    sources: units.length,
    translations: 0,
    segments: 0,
    inconsistent: [],
    codeMismatches: [],
    strongCountMismatchSegments: 0,
  };
  for (const unit of units) {
    const variants = variantsByCount(unit);
    report.translations += variants.length;
    if (variants.length > 1) {
      report.inconsistent.push({ source: unit.source, variants: variants.map((v) => ({ target: v.target, count: v.count, origin: firstOrigin(v) })) });
    }
    const sourceCodes = codeLabels(tokenizeInline(unit.source));
    const sourceStrong = occurrences(unit.source, '**');
    for (const variant of variants) {
      report.segments += variant.count;
      if (occurrences(variant.target, '**') !== sourceStrong) report.strongCountMismatchSegments += variant.count;
      const diff = multisetDiff(sourceCodes, codeLabels(tokenizeInline(variant.target)));
      if (diff.missing.length || diff.extra.length) {
        report.codeMismatches.push({ source: unit.source, target: variant.target, count: variant.count, origin: firstOrigin(variant), ...diff });
      }
    }
  }
  return report;
}

function firstOrigin(variant: TmVariant): string | undefined {
  const origin = variant.origins[0];
  return origin ? originLabel(origin) : undefined;
}

function occurrences(text: string, needle: string): number {
  let n = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) n++;
  return n;
}

const MAX_LABEL = 60;

/**
 * One readable label per inline code: `**…**` for a pair, `[…](url)` for a link, `** (unpaired)`
 * for markup left open, the markup itself for standalone codes. Escapes and entities are text.
 */
export function codeLabels(tokens: readonly InlineToken[]): string[] {
  const closeRaw = new Map<number, string>();
  for (const t of tokens) if ('role' in t && t.role === 'close') closeRaw.set(t.pair, t.raw);
  const labels: string[] = [];
  for (const t of tokens) {
    if (t.type === 'text' || t.type === 'escape' || t.type === 'entity') continue;
    let label: string;
    if ('role' in t && t.role === 'open') label = `${t.raw}…${closeRaw.get(t.pair) ?? ''}`;
    else if ('role' in t && t.role === 'close') continue;
    else if ('role' in t && t.role === 'isolated') label = `${t.raw} (unpaired)`;
    // Alt text is translated; the image itself is the code.
    else if (t.type === 'image') label = `![…](${t.url})`;
    else label = t.raw;
    labels.push(label.length > MAX_LABEL ? label.slice(0, MAX_LABEL - 1) + '…' : label);
  }
  return labels;
}

function multisetDiff(source: string[], target: string[]): { missing: string[]; extra: string[] } {
  const left = new Map<string, number>();
  for (const s of source) left.set(s, (left.get(s) ?? 0) + 1);
  const extra: string[] = [];
  for (const t of target) {
    const n = left.get(t) ?? 0;
    if (n > 0) left.set(t, n - 1);
    else extra.push(t);
  }
  const missing: string[] = [];
  for (const [s, n] of left) for (let k = 0; k < n; k++) missing.push(s);
  return { missing, extra };
}
