/**
 * Translation-memory leverage for new English (issue 5 §4): units with no target are looked up
 * in the memory, built from every sxs corpus and every finished XLIFF unit.
 *
 * - An exact match (same normalised English) becomes the target: `state="translated"` with
 *   `state-qualifier="exact-match"` (2.1: `subState="bitext:exact-match"`), so translators see
 *   it came from the memory and can review it. With several translations, the most frequent.
 * - Fuzzy matches of at least FUZZY_MIN % become candidates: 1.2 `alt-trans
 *   alttranstype="proposal"` with `match-quality`, 2.1 `mtc:match` with `similarity`, origin
 *   `bitext-tm`.
 *
 * TM targets are published Markdown (sxs) or XLIFF targets; they are coded against the unit's
 * source, so codes with the same Markdown keep the source's ids and merge-back can check them.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from '../io/corpus.ts';
import type { InlineToken } from '../model/types.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import { tokenizeInline } from '../model/markdown/inline.ts';
import { codedToMarkdown, codeSegment, codeText, type CodedText } from '../model/coded-text.ts';
import { readXliff } from '../xliff/read.ts';
import { EXACT_MATCH, isSourceChanged, TM_ORIGIN } from './reextract.ts';
import type { XliffAlternative, XliffUnit } from '../xliff/types.ts';
import { memoryFromCorpora } from './tm-load.ts';
import { DEFAULT_SOURCE_LANG, TranslationMemory, type TmMatch } from '../tm/memory.ts';

export const FUZZY_MIN = 75;
/** Fuzzy candidates kept per unit. */
const CANDIDATES = 3;
/** XLIFF states of a finished unit, whose translation the memory may reuse. */
const FINISHED = new Set(['translated', 'signed-off', 'final', 'reviewed']);

export interface LeverageStats {
  exact: number;
  fuzzy: number;
  none: number;
}

/** Units with no target get an exact TM target or fuzzy candidates; the others are returned as they are. */
export function leverageUnits(units: readonly XliffUnit[], memory: TranslationMemory, targetLang: string, stats?: LeverageStats): XliffUnit[] {
  return units.map((unit) => {
    if (unit.target !== undefined || !unit.translate) return unit;
    const matches = memory.lookup(codedToMarkdown(unit.source), { targetLang, min: FUZZY_MIN, limit: CANDIDATES });
    const exact = matches.find((m) => m.exact);
    if (exact) {
      if (stats) stats.exact++;
      return { ...unit, target: codeTarget(unit, exact.variant.target), state: 'translated', qualifier: EXACT_MATCH };
    }
    if (matches.length === 0) {
      if (stats) stats.none++;
      return unit;
    }
    if (stats) stats.fuzzy++;
    return { ...unit, alternatives: [...matches.map((m) => candidate(unit, m)), ...unit.alternatives] };
  });
}

/** How a unit's English fares against the memory: 100 exact, FUZZY_MIN–99 fuzzy, else new. */
export function bestSimilarity(memory: TranslationMemory, english: string, targetLang: string): number {
  return memory.lookup(english, { targetLang, min: FUZZY_MIN, limit: 1 })[0]?.similarity ?? 0;
}

function tokensOf(unit: XliffUnit, markdown: string): InlineToken[] {
  // Front-matter values are plain text, never Markdown.
  return unit.metadata ? [{ type: 'text', raw: markdown }] : tokenizeInline(markdown);
}

function codeTarget(unit: XliffUnit, target: string): CodedText {
  const source = tokensOf(unit, codedToMarkdown(unit.source));
  return codeSegment(source, tokensOf(unit, target)).target;
}

function candidate(unit: XliffUnit, match: TmMatch): XliffAlternative {
  const source = tokensOf(unit, match.unit.source);
  return { source: codeText(source), target: codeSegment(source, tokensOf(unit, match.variant.target)).target, similarity: match.similarity, origin: TM_ORIGIN };
}

/** Adds every finished unit (a target, not new or marked for review) of the XLIFF files under `dir`. */
export async function addXliffFolder(memory: TranslationMemory, dir: string): Promise<{ files: number; units: number; diagnostics: Diagnostic[] }> {
  const result = { files: 0, units: 0, diagnostics: [] as Diagnostic[] };
  let paths: string[];
  try {
    paths = await listFiles(dir, ['.xlf', '.xliff']);
  } catch {
    return result; // no XLIFF folder yet: nothing finished to reuse
  }
  for (const rel of paths) {
    const path = join(dir, rel);
    const read = readXliff(await readFile(path), path);
    result.diagnostics.push(...read.diagnostics);
    if (!read.file) continue;
    result.files++;
    for (const unit of read.file.units) {
      if (unit.target === undefined || unit.state === undefined || isSourceChanged(unit.state) || !FINISHED.has(unit.state)) continue;
      const added = memory.add({
        source: codedToMarkdown(unit.source),
        target: codedToMarkdown(unit.target),
        sourceLang: read.file.sourceLanguage || DEFAULT_SOURCE_LANG,
        targetLang: read.file.targetLanguage,
        origin: { path: rel, segmentId: unit.id },
      });
      if (added) result.units++;
    }
  }
  return result;
}

/** The memory for leverage: sxs corpora plus the finished units of XLIFF folders. */
export async function leverageMemory(corpora: readonly string[], xliffDirs: readonly string[], memory = new TranslationMemory()) {
  const loaded = await memoryFromCorpora(corpora, { memory });
  const diagnostics = [...loaded.diagnostics];
  let xliffUnits = 0;
  for (const dir of xliffDirs) {
    const added = await addXliffFolder(memory, dir);
    xliffUnits += added.units;
    diagnostics.push(...added.diagnostics);
  }
  return { memory, corpusSegments: loaded.segments, xliffUnits, diagnostics };
}

const words = new Intl.Segmenter('en', { granularity: 'word' });

/** Words of an English text (markup and code data excluded by the caller). */
export function wordCount(text: string): number {
  let n = 0;
  for (const w of words.segment(text)) if (w.isWordLike) n++;
  return n;
}
