/**
 * Readers' translation suggestions into translators' files: `bitext suggestions import`.
 *
 * The reader site (public/_bitext/bilingual.js, "Suggest a better translation") produces one
 * record per suggestion: the document, the locale, the XLIFF unit id, the translation the reader
 * saw, its English and the suggested text. Records arrive as downloaded JSON files, as JSON arrays,
 * or inside the body of an issue (a fenced json block: `--feedback-url` sends them so).
 *
 * Each record becomes a proposal on its unit in `<xliff>/<locale>/<document>.xlf`: 1.2 `alt-trans
 * alttranstype="proposal" origin="reader"`, 2.1 `mtc:match type="other" origin="reader"`, so a CAT
 * tool shows it beside the unit. The file is patched (src/xliff/patch.ts: every other byte stays),
 * validated, and written atomically. The suggestion is text: XML-escaped, never markup, and with
 * no inline codes of its own (the translator places them).
 *
 * A record is not applied, and says why, when its file or unit does not exist, when the unit's
 * English is no longer the English the reader saw (the suggestion is stale), or when it is not a
 * suggestion record. Nothing is lost: the input files are only read, and every record that was not
 * applied is listed (and written to `--unapplied FILE` when asked). A suggestion already on its
 * unit is not added twice.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from '../io/corpus.ts';
import { pathInside } from '../io/confine.ts';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { localeTagProblem } from '../model/locale-tag.ts';
import { codedPlainText } from '../model/coded-text.ts';
import { addAlternatives } from '../xliff/patch.ts';
import { readXliff } from '../xliff/read.ts';
import type { XliffAlternative } from '../xliff/types.ts';
import { validateXliff } from '../xliff/validate/index.ts';
import { READER_ORIGIN } from '../xliff/write-12.ts';

export interface SuggestionRecord {
  document: string;
  locale: string;
  unit: string;
  /** The translation the reader saw, its English, and the reader's text. */
  target: string;
  source: string;
  suggestion: string;
  page?: string;
  created?: string;
}

/** A record read from an input file, with where it came from. */
export interface ReadRecord {
  file: string;
  /** 1-based position of the record in its file. */
  index: number;
  record: SuggestionRecord;
}

export interface Unapplied {
  file: string;
  index: number;
  reason: string;
  record?: unknown;
}

export interface ImportResult {
  /** Records added as proposals, per XLIFF file. */
  applied: { xliff: string; unit: string; file: string; index: number }[];
  /** Records whose suggestion was on its unit already. */
  already: number;
  unapplied: Unapplied[];
}

const FIELDS = ['document', 'locale', 'unit', 'target', 'source', 'suggestion'] as const;

/** The records of one input file: a record, an array of them, or Markdown with fenced json blocks. */
export function parseSuggestionFile(text: string, file: string): { records: ReadRecord[]; unapplied: Unapplied[] } {
  const values: unknown[] = [];
  const unapplied: Unapplied[] = [];
  const take = (value: unknown) => (Array.isArray(value) ? values.push(...value) : values.push(value));
  try {
    take(JSON.parse(text));
  } catch {
    const blocks = [...text.matchAll(/```json[ \t]*\r?\n([\s\S]*?)\r?\n```/g)];
    if (blocks.length === 0) unapplied.push({ file, index: 0, reason: 'not a suggestion file: neither JSON nor Markdown with a ```json block' });
    for (const block of blocks) {
      try {
        take(JSON.parse(block[1]!));
      } catch (error) {
        unapplied.push({ file, index: 0, reason: `a json block is not valid JSON: ${(error as Error).message}` });
      }
    }
  }
  const records: ReadRecord[] = [];
  values.forEach((value, i) => {
    const index = i + 1;
    const missing = FIELDS.filter((f) => typeof (value as Record<string, unknown> | null)?.[f] !== 'string');
    if (missing.length) {
      unapplied.push({ file, index, reason: `not a suggestion record: ${missing.join(', ')} missing`, record: value });
      return;
    }
    records.push({ file, index, record: value as SuggestionRecord });
  });
  return { records, unapplied };
}

/** Words (letters and digits) of a text, lower case. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Whether the English the reader saw is still the unit's English. The page shows the text of
 * inline codes (inline code, an image's alt text) that the unit keeps as codes, so the unit's
 * words must appear, in order, among the reader's, and make up most of them.
 */
export function sameEnglish(unitText: string, seen: string): boolean {
  const unit = words(unitText);
  const page = words(seen);
  if (unit.length === 0) return page.length === 0;
  let at = 0;
  for (const word of page) if (word === unit[at]) at++;
  return at === unit.length && unit.join('').length >= 0.5 * page.join('').length;
}

/** The XLIFF file of a record, inside `xliffDir`, or why there is none. */
async function xliffFileOf(xliffDir: string, record: SuggestionRecord): Promise<string | { reason: string }> {
  const problem = localeTagProblem(record.locale);
  if (problem) return { reason: problem };
  const base = record.document.replace(/\\/g, '/').replace(/\.(md|mdx|ya?ml)$/i, '');
  for (const ext of ['.xlf', '.xliff']) {
    const path = pathInside(xliffDir, join(record.locale.toLowerCase(), base + ext));
    if (path === undefined) return { reason: `document "${record.document}" leads outside the XLIFF folder` };
    if (await stat(path).then((s) => s.isFile(), () => false)) return path;
  }
  return { reason: `no XLIFF file for document "${record.document}" in locale ${record.locale} (${join(record.locale.toLowerCase(), base + '.xlf')})` };
}

/** Every suggestion record of `inputs` (files or folders of .json / .md files) into the files of `xliffDir`. */
export async function importSuggestions(inputs: readonly string[], xliffDir: string): Promise<ImportResult> {
  const result: ImportResult = { applied: [], already: 0, unapplied: [] };
  const records: ReadRecord[] = [];
  for (const input of inputs) {
    const files = (await stat(input)).isDirectory() ? (await listFiles(input, ['.json', '.md', '.txt'])).map((f) => join(input, f)) : [input];
    for (const file of files.sort()) {
      const parsed = parseSuggestionFile(await readFile(file, 'utf8'), file);
      records.push(...parsed.records);
      result.unapplied.push(...parsed.unapplied);
    }
  }
  // By XLIFF file: one patch, one validation and one write per file.
  const byFile = new Map<string, ReadRecord[]>();
  for (const r of records) {
    const path = await xliffFileOf(xliffDir, r.record);
    if (typeof path !== 'string') {
      result.unapplied.push({ file: r.file, index: r.index, reason: path.reason, record: r.record });
      continue;
    }
    byFile.set(path, [...(byFile.get(path) ?? []), r]);
  }
  for (const [path, list] of byFile) {
    const bytes = await readFile(path);
    const read = readXliff(bytes, path);
    if (!read.file) {
      for (const r of list) result.unapplied.push({ file: r.file, index: r.index, reason: `${path} cannot be read: ${read.diagnostics[0]?.message ?? 'not XLIFF'}`, record: r.record });
      continue;
    }
    const units = new Map(read.file.units.map((u) => [u.id, u]));
    const additions = new Map<string, XliffAlternative[]>();
    const added: ReadRecord[] = [];
    for (const r of list) {
      const unit = units.get(r.record.unit);
      if (!unit) {
        result.unapplied.push({ file: r.file, index: r.index, reason: `unit "${r.record.unit}" is not in ${path}: the document was re-extracted since (sxs ids change with each export); find the sentence by its English`, record: r.record });
        continue;
      }
      if (!sameEnglish(codedPlainText(unit.source), r.record.source)) {
        result.unapplied.push({ file: r.file, index: r.index, reason: `unit "${unit.id}" of ${path} has other English now: the suggestion is stale ("${r.record.source}")`, record: r.record });
        continue;
      }
      const suggestion = r.record.suggestion.trim();
      const present = [...(unit.alternatives ?? []), ...(additions.get(unit.id) ?? [])].some((a) => a.origin === READER_ORIGIN && codedPlainText(a.target).trim() === suggestion);
      if (present) {
        result.already++;
        continue;
      }
      additions.set(unit.id, [...(additions.get(unit.id) ?? []), { source: unit.source, target: [suggestion], origin: READER_ORIGIN }]);
      added.push(r);
    }
    if (additions.size === 0) continue;
    const text = new TextDecoder().decode(bytes);
    const patched = addAlternatives(text, read.file.version, additions);
    const valid = patched === undefined ? undefined : validateXliff(patched, path);
    if (patched === undefined || !valid?.valid) {
      const why = patched === undefined ? 'the file cannot be patched' : `the patched file would not be valid XLIFF (${valid!.diagnostics[0]?.message ?? ''})`;
      for (const r of added) result.unapplied.push({ file: r.file, index: r.index, reason: `${path}: ${why}; it was left as it was`, record: r.record });
      continue;
    }
    await writeFileAtomic(path, patched);
    for (const r of added) result.applied.push({ xliff: path, unit: r.record.unit, file: r.file, index: r.index });
  }
  return result;
}
