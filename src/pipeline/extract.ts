/**
 * Extraction of sxs corpora to XLIFF, the library behind `bitext extract`.
 *
 * Each document becomes one file per target locale at `OUT/<locale, lower-case>/<path>.xlf`
 * (`.md` replaced by `.xlf`; `original` is the document path). The locale is the document's
 * `ms.contentlocale`, or the most common one of its folder when it has none.
 *
 * When the file exists, it is re-extracted (./reextract.ts): translators' targets and states
 * survive, and the file is patched (src/xliff/patch.ts), so what Bitext does not own stays byte
 * for byte; edits that are no longer a target are listed in the report (`movedEdits`). A file that already says exactly what would be written is not touched. Every write
 * is atomic (temp file + rename), so a run killed mid-way leaves each file old or new.
 *
 * English MDX pages (`.mdx`) in the folders are extracted too, one file per target locale
 * (`--locales`, or the locales of the run's sxs documents and of the XLIFF folder), at
 * `OUT/<locale>/<path without .mdx>.xlf`. Their new units are pre-filled from the translation
 * memory (src/pipeline/leverage.ts): the run's sxs documents, `--tm` corpora and the finished units
 * already in OUT.
 *
 * The site's UI strings go to translators too: `OUT/<locale>/_ui.xlf` for every target locale of
 * the run (those of its documents, `--locales` and the locale folders of OUT; English aside), also
 * for a locale that `locales/` has no strings for (its targets empty), re-extracted the same way
 * (./ui-strings.ts).
 *
 * Not written: documents with parse errors (reported; their old file, if any, stays as it is),
 * documents without segments or front-matter text, and a second document mapping to an output
 * path already written in this run (two folders of the same locale with the same paths). An
 * existing file that cannot be read as XLIFF is reported and left alone, never overwritten.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { corpusInputs, corpusRootOf, listFiles, namedRoots } from '../io/corpus.ts';
import { reasonOf } from '../io/file-error.ts';
import { removeStaleTempFiles, writeFileAtomic } from '../io/write-atomic.ts';
import type { SxsDocument } from '../model/types.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { hasErrors } from '../model/diagnostics.ts';
import { parseMdx } from '../parse/mdx/parse.ts';
import { parseSxs } from '../parse/sxs/parse.ts';
import { isTocYaml, parseTocDocument } from '../parse/toc.ts';
import { addXliffFolder, leverageUnits, type LeverageStats } from './leverage.ts';
import { memoryFromCorpora } from './tm-load.ts';
import { canonicalLang, TranslationMemory } from '../tm/memory.ts';
import { readXliff } from '../xliff/read.ts';
import { reextract, type MovedEdit, type ReextractOptions, type ReextractStats } from './reextract.ts';
import { withTerms } from './glossary-terms.ts';
import { type Glossary, type TermEntry, termEntries } from '../model/glossary.ts';
import type { XliffFile, XliffUnit, XliffVersion } from '../xliff/types.ts';
import { patchXliff } from '../xliff/patch.ts';
import { decodeXmlBytes } from '../xml/decode.ts';
import { documentToXliff } from '../xliff/units.ts';
import { writeXliff12 } from '../xliff/write-12.ts';
import { writeXliff21 } from '../xliff/write-21.ts';
import { isLocaleTag, localeTagProblem } from '../model/locale-tag.ts';
import { isUiXliffPath, UI_XLIFF_NAME, uiXliff } from './ui-strings.ts';
import { majorityLocale } from '../model/majority-locale.ts';

export interface ExtractOptions {
  /**
   * sxs corpus folders, one locale each (e.g. ../shared/corpus/partner-center-pr.ru-ru), or
   * document files (each extracted with its path in the corpus it sits in, io/corpus.ts `corpusRootOf`).
   */
  dirs: string[];
  /** The XLIFF folder. */
  out: string;
  format: XliffVersion;
  /**
   * Target locales of English MDX pages (`.mdx` files in the folders). Default: the locales of
   * the sxs documents of the run and the locale folders already in `out`.
   */
  locales?: string[];
  /** More sxs corpus folders for the translation memory that pre-fills MDX units (--tm). */
  tm?: string[];
  /** Pre-fill MDX units from the translation memory (default true). */
  leverage?: boolean;
  /** Read files that symlinks lead to outside the folders (default: skipped with a diagnostic). */
  followSymlinks?: boolean;
  /** Glossaries whose terms in a unit's English go into its XLIFF (2.1 `gls:glossary`, 1.2 notes). */
  glossaries?: Glossary[];
  onProgress?: (done: number, total: number, label: string) => void;
}

/** A translator's edit that re-extraction moved off its unit's target, and where it is now. */
export interface MovedEditReport extends MovedEdit {
  /** The XLIFF file it was in. */
  file: string;
  /** The kept-work file it went to, when no unit of the document is left to hold it. */
  keptFile?: string;
}

export interface ExtractReport extends ReextractStats {
  /** Every edit kept as an alternative or in a kept-work file, one entry each. */
  movedEdits: MovedEditReport[];
  documents: number;
  /** Files that did not exist before. */
  filesCreated: number;
  /** Existing files rewritten (re-extracted). */
  filesUpdated: number;
  /** Existing files that already matched. */
  filesUnchanged: number;
  /** Documents with nothing to extract. */
  documentsWithoutUnits: number;
  /** sxs documents (.md) read, and those among them with no sxs pair (plain Markdown). */
  sxsDocuments: number;
  documentsWithoutPairs: number;
  units: number;
  inputBytes: number;
  outputBytes: number;
  /** English MDX pages extracted, and what the translation memory gave their new units. */
  mdxPages: number;
  leverage: LeverageStats;
  /** The UI strings' files (`<locale>/_ui.xlf`), counted apart from the documents' files. */
  uiStrings: { locales: string[]; filesCreated: number; filesUpdated: number; filesUnchanged: number; units: number; markedForReview: number };
  diagnostics: Diagnostic[];
}

export function xliffPath(out: string, locale: string, documentPath: string): string {
  // Callers pass checked tags; a tag that is not one must never become a path.
  if (!isLocaleTag(locale)) throw new Error(localeTagProblem(locale));
  return join(out, locale.toLowerCase(), documentPath.replace(/\.mdx?$/i, '') + '.xlf');
}

/**
 * XLIFF files of another content in `out`: when `out` already holds XLIFF files and not one of
 * them belongs to a document under the corpora of `paths` (folders or files, as extract takes
 * them), how many there are and one of them; undefined otherwise. Writing there would mix two
 * contents in one folder, and a build with `--xliff out` would report every file of the other
 * one as matching no document. A re-extraction into the same folder always finds some of its
 * documents again (files of documents that were removed are fine).
 */
export async function otherContentXliff(out: string, paths: readonly string[]): Promise<{ files: number; example: string } | undefined> {
  const existing = (await listFiles(out, ['.xlf', '.xliff']).catch(() => [] as string[])).filter((p) => !/\.kept\.xlf$/i.test(p) && p.includes('/') && !isUiXliffPath(p));
  if (existing.length === 0) return undefined;
  const roots = (await Promise.all(paths.map(async (p) => ((await stat(p)).isDirectory() ? namedRoots(p) : [await corpusRootOf(p)])))).flat();
  for (const file of existing) {
    const document = file.slice(file.indexOf('/') + 1).replace(/\.(xlf|xliff)$/i, '');
    // A TOC's file keeps the TOC's extension (`TOC.yml.xlf`).
    for (const root of roots) for (const ext of ['.md', '.mdx', '']) if (existsSync(join(root, document + ext))) return undefined;
  }
  return { files: existing.length, example: join(out, existing[0]!) };
}

export function writeXliff(file: XliffFile, format: XliffVersion = file.version): string {
  return format === '2.1' ? writeXliff21(file) : writeXliff12(file);
}

export async function extractCorpora(options: ExtractOptions): Promise<ExtractReport> {
  const report: ExtractReport = {
    documents: 0,
    filesCreated: 0,
    filesUpdated: 0,
    filesUnchanged: 0,
    documentsWithoutUnits: 0,
    sxsDocuments: 0,
    documentsWithoutPairs: 0,
    units: 0,
    inputBytes: 0,
    outputBytes: 0,
    kept: 0,
    keptEdits: 0,
    markedForReview: 0,
    orphanedEdits: 0,
    added: 0,
    movedEdits: [],
    mdxPages: 0,
    leverage: { exact: 0, fuzzy: 0, none: 0 },
    uiStrings: { locales: [], filesCreated: 0, filesUpdated: 0, filesUnchanged: 0, units: 0, markedForReview: 0 },
    diagnostics: [],
  };
  // A run killed mid-write leaves its temporary files; the finished files are whole either way.
  await removeStaleTempFiles(options.out);
  const termsByLocale = new Map<string, TermEntry[]>();
  const termsFor = (locale: string) => {
    let entries = termsByLocale.get(locale);
    if (!entries) termsByLocale.set(locale, (entries = termEntries(options.glossaries ?? [], locale)));
    return entries;
  };
  // Documents, and English TOCs (their entry names are translated too): no other YAML.
  const listed = (await corpusInputs(options.dirs, ['.md', '.mdx', '.yml'], { followSymlinks: options.followSymlinks ?? false, diagnostics: report.diagnostics })).map((l) => ({
    ...l,
    paths: l.paths.filter((p) => !/\.yml$/i.test(p) || isTocYaml(p)),
  }));
  const isMdx = (path: string) => /\.mdx$/i.test(path);
  const hasMdx = listed.some((l) => l.paths.some(isMdx));
  // English MDX pages are extracted last, with a translation memory of every sxs document of
  // the run, the --tm corpora and the finished units already in the XLIFF folder.
  const mdxDocs: { dir: string; doc: SxsDocument }[] = [];
  const runLocales = new Set<string>();
  const memory = hasMdx && options.leverage !== false ? new TranslationMemory() : undefined;
  let total = listed.reduce((n, l) => n + l.paths.length, 0);
  const written = new Map<string, string>();
  const writes = taskPool(WRITES_IN_FLIGHT);
  let done = 0;
  for (const { dir, paths } of listed) {
    // Read the folder's files concurrently (the disk waits overlap), then parse in order.
    // A file that cannot be read is a diagnostic of its own; the others go on.
    const contents = await Promise.all(
      paths.map((path) =>
        readFile(join(dir, path)).catch((error: unknown) => {
          report.diagnostics.push(diagnostic('unreadable-file', { file: join(dir, path) }, `cannot read the file: ${reasonOf(error)}; check that it exists and is readable`));
          return undefined;
        }),
      ),
    );
    const documents: SxsDocument[] = [];
    const tocs: SxsDocument[] = [];
    paths.forEach((path, k) => {
      if (contents[k] === undefined) return;
      report.inputBytes += contents[k]!.length;
      if (isMdx(path)) mdxDocs.push({ dir, doc: parseMdx(contents[k]!, path) });
      else if (isTocYaml(path)) tocs.push(parseTocDocument(contents[k]!, path));
      else documents.push(parseSxs(contents[k]!, path));
    });
    const folderLocale = majorityLocale(documents);
    // The TOC of English pages: its entry names are translated like their sentences. A corpus's
    // TOC is in its own language already.
    if (!folderLocale) for (const doc of tocs.filter((t) => t.segments.length > 0)) mdxDocs.push({ dir, doc });
    else total -= tocs.length;
    for (const doc of documents) {
      report.documents++;
      report.sxsDocuments++;
      if (doc.segments.length === 0) report.documentsWithoutPairs++;
      options.onProgress?.(++done, total, doc.path);
      const where = (d: Diagnostic): Diagnostic => ({ ...d, file: join(dir, d.file) });
      if (hasErrors(doc)) {
        report.diagnostics.push(...doc.diagnostics.map(where));
        continue;
      }
      const locale = doc.locale ?? folderLocale;
      if (!locale) {
        if (doc.segments.length) report.diagnostics.push(where(problem(doc.path, 'the document has no ms.contentlocale and its folder names no locale; add ms.contentlocale to its front matter')));
        else report.documentsWithoutUnits++;
        continue;
      }
      runLocales.add(canonicalLang(locale));
      memory?.addDocument(doc, { targetLang: locale });
      const fresh = documentToXliff(doc, options.format, locale);
      if (fresh.units.length === 0) {
        report.documentsWithoutUnits++;
        continue;
      }
      const target = xliffPath(options.out, locale, doc.path);
      const earlier = written.get(target);
      if (earlier) {
        report.diagnostics.push(where(problem(doc.path, `maps to ${target}, already written from ${earlier}; extract folders of the same locale into different XLIFF folders`)));
        continue;
      }
      written.set(target, join(dir, doc.path));
      await queueWrite(target, fresh);
    }
  }
  if (mdxDocs.length) {
    if (memory) {
      const extra = await memoryFromCorpora(options.tm ?? [], { memory });
      report.diagnostics.push(...extra.diagnostics.filter((d) => d.severity === 'error'));
      const finished = await addXliffFolder(memory, options.out);
      report.diagnostics.push(...finished.diagnostics);
    }
    const locales = options.locales?.length ? options.locales.filter((l) => isLocaleTag(l)).map(canonicalLang) : [...new Set([...runLocales, ...(await localeFolders(options.out))])].sort();
    for (const { dir, doc } of mdxDocs) {
      report.documents++;
      options.onProgress?.(++done, total, doc.path);
      const where = (d: Diagnostic): Diagnostic => ({ ...d, file: join(dir, d.file) });
      if (hasErrors(doc)) {
        report.diagnostics.push(...doc.diagnostics.map(where));
        continue;
      }
      if (locales.length === 0) {
        report.diagnostics.push(where(problem(doc.path, 'an English MDX page needs target locales: name them with --locales ru-RU,de-DE, or extract it with sxs folders of those locales')));
        continue;
      }
      report.mdxPages++;
      for (const locale of locales) {
        const fresh = documentToXliff(doc, options.format, locale);
        if (fresh.units.length === 0) {
          report.documentsWithoutUnits++;
          break;
        }
        if (memory) fresh.units = leverageUnits(fresh.units, memory, locale, report.leverage);
        const target = xliffPath(options.out, locale, doc.path);
        const earlier = written.get(target);
        if (earlier) {
          report.diagnostics.push(where(problem(doc.path, `maps to ${target}, already written from ${earlier}; rename one of the two pages`)));
          continue;
        }
        written.set(target, join(dir, doc.path));
        await queueWrite(target, fresh);
      }
    }
  }
  await writes.drain();
  await writeUiStrings();
  return report;

  /** One `_ui.xlf` per target locale of the run; a locale of English gets none (its strings are the source). */
  async function writeUiStrings() {
    const tags = options.locales?.length ? options.locales : [...runLocales, ...(await localeFolders(options.out))];
    const locales = [...new Set(tags.filter((l) => isLocaleTag(l)).map(canonicalLang))].filter((l) => !/^en(?:-|$)/i.test(l)).sort();
    for (const locale of locales) {
      const target = join(options.out, locale.toLowerCase(), `${UI_XLIFF_NAME}.xlf`);
      const fresh = uiXliff(locale, options.format);
      // A string's id is its table and key, the same in every version; a target nobody edited follows locales/.
      const outcome = await writeOne(target, fresh, options.format, { stableIds: true, refreshUnedited: true });
      if ('diagnostic' in outcome) {
        report.diagnostics.push(outcome.diagnostic);
        continue;
      }
      report.uiStrings.locales.push(locale);
      report.uiStrings.units += fresh.units.length;
      report.outputBytes += outcome.bytes;
      if (outcome.kind === 'created') report.uiStrings.filesCreated++;
      else if (outcome.kind === 'updated') report.uiStrings.filesUpdated++;
      else report.uiStrings.filesUnchanged++;
      report.uiStrings.markedForReview += outcome.stats?.markedForReview ?? 0;
      if (outcome.moved) report.movedEdits.push(...outcome.moved);
    }
  }

  async function queueWrite(target: string, file: XliffFile) {
    const fresh = options.glossaries?.length ? { ...file, units: withTerms(file.units, termsFor(file.targetLanguage)) } : file;
    // Writes wait on the disk; keep several in flight while the CPU goes on.
    await writes.add(async () => {
      const outcome = await writeOne(target, fresh, options.format);
      if ('diagnostic' in outcome) {
        report.diagnostics.push(outcome.diagnostic);
        return;
      }
      report.units += fresh.units.length;
      report.outputBytes += outcome.bytes;
      if (outcome.kind === 'created') report.filesCreated++;
      else if (outcome.kind === 'updated') report.filesUpdated++;
      else report.filesUnchanged++;
      if (outcome.moved) report.movedEdits.push(...outcome.moved);
      if (outcome.stats) {
        for (const key of ['kept', 'keptEdits', 'markedForReview', 'orphanedEdits', 'added'] as const) report[key] += outcome.stats[key];
      } else {
        report.added += fresh.units.length;
      }
    });
  }
}

/** Locales of the folders already in an XLIFF folder (`ru-ru/` → `ru-RU`). */
async function localeFolders(out: string): Promise<string[]> {
  const entries = await readdir(out, { withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isDirectory() && isLocaleTag(e.name)).map((e) => canonicalLang(e.name));
}

const WRITES_IN_FLIGHT = 16;

/** A bounded pool of running tasks: `add` waits only when the pool is full. */
function taskPool(size: number) {
  const running = new Set<Promise<void>>();
  let failure: unknown;
  return {
    async add(task: () => Promise<void>) {
      if (failure) throw failure;
      const p: Promise<void> = task()
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => running.delete(p));
      running.add(p);
      if (running.size >= size) await Promise.race(running);
    },
    async drain() {
      await Promise.all(running);
      if (failure) throw failure;
    },
  };
}

type Outcome = { kind: 'created' | 'updated' | 'unchanged'; bytes: number; stats?: ReextractStats; moved?: MovedEditReport[] } | { diagnostic: Diagnostic };

/** Where the edits of a file go when no unit of its document is left to hold them: beside it. */
export function keptWorkPath(xliffFile: string): string {
  return xliffFile.replace(/\.xlf$/i, '') + '.kept.xlf';
}

/** Writes one document's file, re-extracting over an existing one. */
export async function writeOne(target: string, fresh: XliffFile, format: XliffVersion, options: ReextractOptions = {}): Promise<Outcome> {
  const text = writeXliff(fresh, format);
  let existing: Buffer | undefined;
  try {
    existing = await readFile(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (existing === undefined) {
    await writeFileAtomic(target, text);
    return { kind: 'created', bytes: Buffer.byteLength(text) };
  }
  // Same sources, no edits since: the file already says what re-extraction would write.
  if (existing.equals(Buffer.from(text))) return { kind: 'unchanged', bytes: Buffer.byteLength(text), stats: unchangedStats(fresh) };
  const previous = readXliff(existing, target);
  if (!previous.file || previous.diagnostics.length) {
    const first = previous.diagnostics[0];
    return {
      diagnostic: diagnostic('xliff-invalid', { file: target, line: first?.line ?? 1, column: first?.column ?? 1 }, `the existing XLIFF file cannot be read (${first?.message ?? 'unknown error'}), so it was not re-extracted or overwritten; repair it, or move it away to extract afresh`),
    };
  }
  const merged = reextract(fresh.units, previous.file.units, options);
  const moved: MovedEditReport[] = merged.moved.map((m) => ({ ...m, file: target }));
  if (merged.keptWork.length) {
    const keptFile = await writeKeptWork(target, { ...previous.file, units: merged.keptWork }, format);
    for (const m of moved) if (m.toUnit === undefined) m.keptFile = keptFile;
  }
  // The translator's file is patched (everything Bitext does not own stays byte for byte); a file
  // of the other XLIFF version, not in UTF-8, or one that cannot be patched safely, is written afresh.
  const existingText = previous.file.version === format ? utf8Text(existing) : undefined;
  const patched =
    existingText !== undefined
      ? patchXliff({ text: existingText, version: format, oldUnits: previous.file.units, units: merged.units, origins: merged.origins, addedAlternatives: merged.addedAlternatives })
      : undefined;
  const mergedText = patched !== undefined && sameUnitIds(patched, target, merged.units) ? patched : writeXliff({ ...fresh, units: merged.units }, format);
  if (existing.equals(Buffer.from(mergedText))) return { kind: 'unchanged', bytes: Buffer.byteLength(mergedText), stats: merged.stats, moved };
  await writeFileAtomic(target, mergedText);
  return { kind: 'updated', bytes: Buffer.byteLength(mergedText), stats: merged.stats, moved };
}

/** The file's text when its bytes are UTF-8 (what Bitext writes), else undefined. */
function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    const decoded = decodeXmlBytes(bytes);
    if (decoded.encoding !== 'utf-8') return undefined;
    // The byte order mark, if any, stays: the patch keeps every byte it does not own.
    return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? '\ufeff' + decoded.text : decoded.text;
  } catch {
    return undefined;
  }
}

/** Whether a patched file reads back cleanly with the units re-extraction produced. */
function sameUnitIds(text: string, path: string, units: readonly XliffUnit[]): boolean {
  const read = readXliff(text, path);
  if (!read.file || read.diagnostics.length || read.file.units.length !== units.length) return false;
  const ids = new Set(read.file.units.map((u) => u.id));
  return units.every((u) => ids.has(u.id));
}

/**
 * Adds units holding translator work to the kept-work file beside an XLIFF file (created when
 * missing; an unreadable one is kept and a numbered one is used). It is a valid XLIFF file of
 * the same document, which `build` does not merge: a translator copies from it.
 */
async function writeKeptWork(target: string, kept: XliffFile, format: XliffVersion): Promise<string> {
  let path = keptWorkPath(target);
  for (let n = 2; ; n++) {
    let existing: string | undefined;
    try {
      existing = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    const earlier = existing === undefined ? undefined : readXliff(existing, path).file;
    if (existing === undefined || earlier) {
      await writeFileAtomic(path, writeXliff({ ...kept, units: [...(earlier?.units ?? []), ...kept.units] }, format));
      return path;
    }
    path = keptWorkPath(target).replace(/\.kept\.xlf$/, `.kept-${n}.xlf`);
  }
}

function unchangedStats(fresh: XliffFile): ReextractStats {
  return { kept: fresh.units.length, keptEdits: 0, markedForReview: 0, orphanedEdits: 0, added: 0 };
}


function problem(file: string, message: string): Diagnostic {
  return diagnostic('xliff-merge', { file }, message, 'error');
}
