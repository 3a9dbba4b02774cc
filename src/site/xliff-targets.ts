/**
 * XLIFF targets for the site build: `bitext build --xliff DIR` shows translators' work from
 * `DIR/<locale>/<path>.xlf` (the layout `bitext extract` writes) instead of the corpus targets.
 *
 * The files are read up front (concurrently); each is parsed, merged and checked as validate and
 * preview check it (src/pipeline/target-checks.ts) when
 * the site model asks for its document, through the `targetsFor` / `unitStatusFor` hooks. A unit
 * with broken codes or a stale source keeps the sxs target; merge-back reports it, and the build
 * writes every diagnostic to the build reports' `xliff.json`.
 */
import { readFileSync, statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from '../io/corpus.ts';
import type { SxsDocument } from '../model/types.ts';
import { type Diagnostic, diagnostic, errorsOf } from '../model/diagnostics.ts';
import type { TargetOf } from '../model/views.ts';
import { checkTocNames, mergeChecked } from '../pipeline/target-checks.ts';
import type { MergedDocument, MergedMetadata } from '../pipeline/merge-rules.ts';
import { isLocaleTag } from '../model/locale-tag.ts';
import { ownString } from '../model/own-string.ts';
import { readXliff, type ReadResult } from '../xliff/read.ts';
import type { XliffUnit } from '../xliff/types.ts';
import { isMachineQualifier, segmentUnitIds } from '../xliff/units.ts';
import type { SentenceMark, UnitStatus } from './bilingual.ts';
import { isSourceChanged } from '../pipeline/reextract.ts';
import { checkUiStrings, isUiXliff, isUiXliffPath } from '../pipeline/ui-strings.ts';
import type { UiTranslations } from './ui-strings.ts';

export interface XliffMergeSummary {
  /** XLIFF files found under the folder. */
  files: number;
  /** Documents whose file was merged. */
  documents: number;
  /** Units whose target came from XLIFF; of those, targets a translator changed. */
  merged: number;
  edited: number;
  /** Units that kept the sxs target: broken codes, or English changed since extraction. */
  rejected: number;
  stale: number;
  /** Units whose state is reviewed (`signed-off`) or `final`. */
  reviewed: number;
  /** Diagnostics of severity error (units refused, files unreadable): any makes the build exit 1. */
  errors: number;
  /** Files that match no document of the content. */
  unmatched: string[];
}

export interface XliffTargets {
  targetsFor(doc: SxsDocument, locale: string): TargetOf | undefined;
  unitStatusFor(doc: SxsDocument, locale: string): UnitStatus | undefined;
  /** The title and description from XLIFF, where a translator's file has them. */
  metadataFor(doc: SxsDocument, locale: string): MergedMetadata | undefined;
  /** The merge result but its Markdown (English MDX pages need its targets, front matter and counts). */
  mergedFor(doc: SxsDocument, locale: string): KeptMerge | undefined;
  /** An English TOC's entry names in a locale (src/parse/toc.ts): English name → translation, where a unit has a target. */
  tocNamesFor(doc: SxsDocument, locale: string): Map<string, string> | undefined;
  /** The translated UI strings of the folder's `<locale>/_ui.xlf` files (src/pipeline/ui-strings.ts). */
  uiStrings: UiTranslations;
  /** The locales (lower case) the files translate into: the locale folders that hold XLIFF files. */
  locales: string[];
  diagnostics: Diagnostic[];
  summary(): XliffMergeSummary;
  /** Keys (`documentKey`) of the documents a file was merged into so far. */
  mergedDocuments(): ReadonlySet<string>;
  /** The file of the folder that is the document's at `path` in `locale` (the hooks above may then answer for it), with what `stat` said of it when the folder was listed (not for files given by name: previews). */
  fileOf(locale: string, path: string): { path: string; stats?: Stats } | undefined;
  /** The locales (lower case) of the documents' files written after `time` (ms since the epoch), as `stat` said when the folder was listed. */
  localesChangedSince(time: number): string[];
  /** What merging that file added to the report, once it was merged (or given back). */
  recordOf(locale: string, path: string): XliffMergeRecord | undefined;
  /** Counts a merge of that file a previous build recorded, whose page it made (the page is taken as it made it). */
  replay(locale: string, path: string, record: XliffMergeRecord): void;
}

/** XLIFF states that say a person checked the target (2.x `reviewed` reads as `signed-off`). */
const REVIEWED = new Set(['signed-off', 'final', 'reviewed']);

/**
 * What the site keeps of a document's merge, for the whole build: not the merged Markdown (pages
 * are made from `targetOf`), and strings that own their characters. The title, description and
 * front matter are cut from the XLIFF file's text and the document's: as views they kept every
 * file of a build with XLIFF alive, 450 MB of the 12,000-page site's model.
 */
export type KeptMerge = Omit<MergedDocument, 'markdown'>;

interface Merged {
  targetOf: TargetOf;
  status: UnitStatus;
  merged: KeptMerge;
}

function keptMerge({ markdown: _, metadata, frontMatterRaw, ...rest }: MergedDocument): KeptMerge {
  return {
    ...rest,
    frontMatterRaw: frontMatterRaw === undefined ? undefined : ownString(frontMatterRaw),
    ...(metadata ? { metadata: Object.fromEntries(Object.entries(metadata).map(([field, value]) => [field, ownString(value)])) } : {}),
  };
}

/** The key of a document: `<locale>/<path without extension>`, lower case. */
export function documentKey(locale: string, path: string): string {
  return `${locale}/${path.replace(/\.(md|mdx|xlf|xliff)$/i, '')}`.toLowerCase();
}

/** The locale a document's key (`documentKey`, or a file's key in the folder: its locale folder first) names. */
function localeOfKey(key: string): string {
  return key.slice(0, key.indexOf('/'));
}

export async function loadXliffTargets(dir: string): Promise<XliffTargets> {
  const paths = await listFiles(dir, ['.xlf', '.xliff']);
  const files = new Map<string, XliffEntry>();
  const ui = new Map<string, { path: string; text: Uint8Array }>();
  const diagnostics: Diagnostic[] = [];
  await Promise.all(
    paths.map(async (rel) => {
      const path = join(dir, rel);
      try {
        // A locale's UI strings are read now (every page shows them); a document's file when its
        // page is made, and not at all when the page comes from a previous build (./pages/parts-cache.ts).
        // Its attributes are taken synchronously: a promise each cost more than the call (the 6,300
        // files of the large site in 0.05 s instead of 0.15).
        if (isUiXliffPath(rel)) ui.set(rel.slice(0, rel.search(/[/\\]/)).toLowerCase(), { path, text: await readFile(path) });
        else files.set(rel.replace(/\.(xlf|xliff)$/i, '').toLowerCase(), { path, stats: statSync(path) });
      } catch (error) {
        diagnostics.push(diagnostic('unreadable-file', { file: path }, `cannot read the XLIFF file: ${(error as Error).message}`));
      }
    }),
  );
  return xliffTargets(files, diagnostics, readUiStrings(ui, diagnostics));
}

/**
 * The translations of the `_ui.xlf` files, per locale folder: each file read and checked as
 * validate checks it (src/pipeline/ui-strings.ts), its problems added to `diagnostics`. A folder
 * that is no locale, or a file of another target language, gives nothing.
 */
export function readUiStrings(files: ReadonlyMap<string, { path: string; text: Uint8Array }>, diagnostics: Diagnostic[]): UiTranslations {
  const out: UiTranslations = {};
  for (const [folder, { path, text }] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    const read = readXliff(text, path);
    diagnostics.push(...read.diagnostics);
    if (!read.file) continue;
    if (!isLocaleTag(folder) || read.file.targetLanguage.toLowerCase() !== folder) {
      diagnostics.push(diagnostic('xliff-merge', { file: path }, `the file's target language "${read.file.targetLanguage}" is not its folder's locale "${folder}"; the site does not use it. Keep each locale's _ui.xlf in its own folder`));
      continue;
    }
    const checked = checkUiStrings(read.file, path);
    diagnostics.push(...checked.diagnostics);
    if (checked.strings.size > 0) out[folder] = Object.fromEntries(checked.strings);
  }
  return out;
}

/**
 * The targets of some XLIFF files wherever they are (`bitext preview`): each file belongs to the
 * document its `original` names, in its target language, as extract wrote it. A file that
 * cannot be read is left to the caller, which reports it.
 */
export async function loadXliffFiles(files: readonly string[]): Promise<XliffTargets> {
  const texts = new Map<string, XliffEntry>();
  const ui = new Map<string, { path: string; text: Uint8Array }>();
  for (const path of files) {
    const text = await readFile(path);
    const file = readXliff(text, path).file;
    if (!file || !isLocaleTag(file.targetLanguage)) continue;
    // A locale's UI strings show on the pages previewed with it.
    if (isUiXliff(path, file.original)) ui.set(file.targetLanguage.toLowerCase(), { path, text });
    else texts.set(documentKey(file.targetLanguage, file.original), { path, text });
  }
  const diagnostics: Diagnostic[] = [];
  return xliffTargets(texts, diagnostics, readUiStrings(ui, diagnostics));
}

/** A document's XLIFF file: where it is, its bytes until they are merged (read then when not given), and what `stat` said of it when the folder was listed. */
interface XliffEntry {
  path: string;
  text?: Uint8Array;
  stats?: Stats;
}

type MergeTotals = Omit<XliffMergeSummary, 'files' | 'errors' | 'unmatched'>;

/**
 * What merging a document's file added to the build's XLIFF report: kept with the page a
 * previous build made from it (./pages/parts-cache.ts) and given back (`replay`) when the page is
 * taken from there, so that the report is the one a build that merges every file writes.
 */
export interface XliffMergeRecord {
  diagnostics: Diagnostic[];
  /** What the merge added to the totals; none when the file could not be read as XLIFF. */
  totals?: MergeTotals;
}

function xliffTargets(texts: Map<string, XliffEntry>, diagnostics: Diagnostic[], uiStrings: UiTranslations): XliffTargets {
  const used = new Set<string>();
  const cache = new Map<string, Merged | undefined>();
  /** The documents whose merge counted in the totals: merged here, or given back (`replay`). */
  const records = new Map<string, XliffMergeRecord>();
  const totals: MergeTotals = { documents: 0, merged: 0, edited: 0, rejected: 0, stale: 0, reviewed: 0 };

  const count = (key: string, record: XliffMergeRecord) => {
    if (records.has(key)) return;
    records.set(key, record);
    diagnostics.push(...record.diagnostics);
    if (record.totals) for (const field of Object.keys(totals) as (keyof MergeTotals)[]) totals[field] += record.totals[field];
  };

  /** The file's XLIFF, read once: its bytes are let go (a build keeps what it merged, not the files). */
  const readEntry = (entry: XliffEntry): ReadResult => {
    let text: Uint8Array;
    try {
      text = entry.text ?? readFileSync(entry.path);
    } catch (error) {
      return { file: undefined, diagnostics: [diagnostic('unreadable-file', { file: entry.path }, `cannot read the XLIFF file: ${(error as Error).message}`)] };
    }
    delete entry.text;
    return readXliff(text, entry.path);
  };

  const merge = (doc: SxsDocument, locale: string): Merged | undefined => {
    const key = documentKey(locale, doc.path);
    if (cache.has(key)) return cache.get(key);
    const entry = texts.get(key);
    let result: Merged | undefined;
    if (entry) {
      used.add(key);
      const read = readEntry(entry);
      if (read.file) {
        const merged = mergeChecked(doc, read.file, entry.path);
        const status = unitStatus(doc, read.file.units, merged.diagnostics);
        const { merged: mergedUnits, edited, rejected, stale } = merged.stats;
        count(key, { diagnostics: [...read.diagnostics, ...merged.diagnostics], totals: { documents: 1, merged: mergedUnits, edited, rejected, stale, reviewed: status.reviewed } });
        result = { targetOf: merged.targetOf, status, merged: keptMerge(merged) };
      } else count(key, { diagnostics: read.diagnostics });
    }
    cache.set(key, result);
    return result;
  };

  const tocNames = new Map<string, Map<string, string> | undefined>();
  const namesOf = (doc: SxsDocument, locale: string): Map<string, string> | undefined => {
    const key = documentKey(locale, doc.path);
    if (tocNames.has(key)) return tocNames.get(key);
    const entry = texts.get(key);
    let names: Map<string, string> | undefined;
    if (entry) {
      used.add(key);
      const read = readEntry(entry);
      names = new Map();
      if (read.file) {
        // The checks validate and preview run on the same file (src/pipeline/target-checks.ts).
        const checked = checkTocNames(doc, read.file, entry.path);
        count(key, { diagnostics: [...read.diagnostics, ...checked.diagnostics], totals: { documents: 1, merged: 0, edited: 0, rejected: 0, stale: 0, reviewed: 0 } });
        names = checked.names;
      } else count(key, { diagnostics: read.diagnostics });
    }
    tocNames.set(key, names);
    return names;
  };

  return {
    tocNamesFor: namesOf,
    targetsFor: (doc, locale) => merge(doc, locale)?.targetOf,
    unitStatusFor: (doc, locale) => merge(doc, locale)?.status,
    metadataFor: (doc, locale) => merge(doc, locale)?.merged.metadata,
    mergedFor: (doc, locale) => merge(doc, locale)?.merged,
    uiStrings,
    locales: [...new Set([...texts.keys()].map(localeOfKey).filter((l) => isLocaleTag(l)))].sort(),
    diagnostics,
    summary: () => ({ files: texts.size, ...totals, errors: errorsOf(diagnostics).length, unmatched: [...texts].filter(([key]) => !used.has(key)).map(([, e]) => e.path).sort() }),
    mergedDocuments: () => new Set([...used].filter((key) => records.get(key)?.totals !== undefined)),
    fileOf: (locale, path) => {
      const entry = texts.get(documentKey(locale, path));
      return entry && { path: entry.path, ...(entry.stats ? { stats: entry.stats } : {}) };
    },
    localesChangedSince: (time) => {
      const changed = [...texts].filter(([, e]) => e.stats && Math.max(e.stats.mtimeMs, e.stats.ctimeMs) > time);
      return [...new Set(changed.map(([key]) => localeOfKey(key)))].sort();
    },
    recordOf: (locale, path) => records.get(documentKey(locale, path)),
    replay: (locale, path, record) => {
      const key = documentKey(locale, path);
      if (!texts.has(key)) return;
      used.add(key);
      count(key, record);
    },
  };
}

/**
 * Reviewed and machine-translated units among those that merged: a unit that merge-back named
 * in a diagnostic (broken codes, stale English) did not reach the page and counts for nothing.
 */
export function unitStatus(doc: SxsDocument, units: readonly XliffUnit[], mergeDiagnostics: readonly Diagnostic[]): UnitStatus {
  const refused = new Set<string>();
  for (const d of mergeDiagnostics) {
    const id = /^unit "([^"]+)"/.exec(d.message)?.[1];
    if (id !== undefined) refused.add(id);
  }
  const byId = new Map<string, XliffUnit>();
  for (const u of units) if (!u.metadata) byId.set(u.id, u);
  let reviewed = 0;
  let machine = 0;
  let human = 0;
  const marks = new Map<number, SentenceMark>();
  segmentUnitIds(doc.segments).forEach((id, k) => {
    const unit = byId.get(id);
    if (!unit || unit.target === undefined || refused.has(id)) return;
    // Its English changed since it was translated: the page shows the earlier translation, marked.
    if (isSourceChanged(unit.state)) marks.set(k, 'stale');
    if (unit.state !== undefined && REVIEWED.has(unit.state)) reviewed++;
    else if (isMachineQualifier(unit.qualifier)) {
      machine++;
      if (!marks.has(k)) marks.set(k, 'machine');
    } else human++;
  });
  return { units: doc.segments.length, reviewed, machine, human, marks };
}
