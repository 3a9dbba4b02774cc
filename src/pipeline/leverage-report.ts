/**
 * `bitext tm leverage`: per target locale, how many words of English MDX pages still need a
 * translation, and what the translation memory offers for them: exact matches (100 %), fuzzy
 * matches (FUZZY_MIN–99 %) or nothing (new words). The usual analysis a translation vendor
 * quotes from.
 *
 * A sentence counts when its XLIFF file (the `--xliff` folder, the layout `bitext extract`
 * writes) has no target for it, or only one pre-filled from an exact TM match, or one marked for
 * review; a page without a file counts whole.
 */
import { isLocaleTag } from '../model/locale-tag.ts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from '../io/corpus.ts';
import type { Diagnostic } from '../model/diagnostics.ts';
import { parseMdx } from '../parse/mdx/parse.ts';
import { xliffPath } from './extract.ts';
import { codedPlainText, codedToMarkdown } from '../model/coded-text.ts';
import { readXliff } from '../xliff/read.ts';
import { EXACT_MATCH, isSourceChanged } from './reextract.ts';
import type { XliffUnit } from '../xliff/types.ts';
import { mdxUnits } from '../xliff/units.ts';
import { bestSimilarity, FUZZY_MIN, leverageMemory, wordCount } from './leverage.ts';
import { canonicalLang } from '../tm/memory.ts';

export interface LeverageCounts {
  segments: number;
  words: number;
}

export interface LocaleLeverage {
  locale: string;
  exact: LeverageCounts;
  fuzzy: LeverageCounts;
  new: LeverageCounts;
}

export interface LeverageReport {
  pages: number;
  /** What the memory holds: sxs segment pairs and finished XLIFF units. */
  memory: { corpusSegments: number; xliffUnits: number };
  locales: LocaleLeverage[];
  diagnostics: Diagnostic[];
}

export interface LeverageReportOptions {
  /** Folders with English MDX pages (sxs documents in them feed the memory too). */
  dirs: string[];
  /** The XLIFF folder: finished units feed the memory, existing targets are not new. */
  xliff?: string;
  /** More sxs corpus folders for the memory. */
  tm?: string[];
  /** Target locales (default: those of the memory and of the XLIFF folder). */
  locales?: string[];
}

export async function leverageReport(options: LeverageReportOptions): Promise<LeverageReport> {
  const { memory, corpusSegments, xliffUnits, diagnostics } = await leverageMemory([...options.dirs, ...(options.tm ?? [])], options.xliff ? [options.xliff] : []);
  const pages: { dir: string; path: string; units: XliffUnit[] }[] = [];
  for (const dir of options.dirs) {
    for (const path of await listFiles(dir, ['.mdx'])) {
      const doc = parseMdx(await readFile(join(dir, path)), path);
      diagnostics.push(...doc.diagnostics.map((d) => ({ ...d, file: join(dir, d.file) })));
      pages.push({ dir, path, units: mdxUnits(doc) });
    }
  }
  const locales = options.locales?.length
    ? options.locales.filter((l) => isLocaleTag(l)).map(canonicalLang)
    : [...new Set(memory.languagePairs().map(([, target]) => target))].sort();
  const report: LeverageReport = { pages: pages.length, memory: { corpusSegments, xliffUnits }, locales: [], diagnostics };
  for (const locale of locales) {
    const counts: LocaleLeverage = { locale, exact: zero(), fuzzy: zero(), new: zero() };
    for (const page of pages) {
      const existing = options.xliff ? await existingUnits(xliffPath(options.xliff, locale, page.path)) : new Map<string, XliffUnit>();
      for (const unit of page.units) {
        const old = existing.get(unit.id);
        if (old?.target !== undefined && !isSourceChanged(old.state) && old.qualifier !== EXACT_MATCH && codedToMarkdown(old.target).trim() !== '') continue;
        const similarity = old?.qualifier === EXACT_MATCH ? 100 : bestSimilarity(memory, codedToMarkdown(unit.source), locale);
        const bucket = similarity >= 100 ? counts.exact : similarity >= FUZZY_MIN ? counts.fuzzy : counts.new;
        bucket.segments++;
        bucket.words += wordCount(codedPlainText(unit.source));
      }
    }
    report.locales.push(counts);
  }
  return report;
}

function zero(): LeverageCounts {
  return { segments: 0, words: 0 };
}

async function existingUnits(path: string): Promise<Map<string, XliffUnit>> {
  const text = await readFile(path).catch(() => undefined);
  const units = new Map<string, XliffUnit>();
  if (text === undefined) return units;
  for (const unit of readXliff(text, path).file?.units ?? []) units.set(unit.id, unit);
  return units;
}
