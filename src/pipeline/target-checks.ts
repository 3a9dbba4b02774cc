/**
 * The checks on a translator's file, in one place: `validate`, `preview` and `build` all call
 * these, so the three commands report the same diagnostics (code, file:line:column, message)
 * for the same file and refuse the same units.
 *
 * - Codes against the source: missing, duplicated, unbalanced, unknown or changed codes
 *   (`resolveCodes`, ./merge-rules.ts), `xliff-codes`.
 * - Markup typed as text: an element in a target that is none of its codes (a raw
 *   `<script>`), `xliff-markup` (./merge-rules.ts `markupProblems`).
 * - Untranslated units: `xliff-untranslated` (a warning; the page shows the earlier text).
 * - Units whose English changed since extraction: `xliff-merge` (a warning).
 * - MDX that would not compile (English MDX pages): the merged page goes through the MDX
 *   compiler; an error is placed on the unit whose target sits at the failing line, that unit
 *   is refused (shown in English) and the page is checked again, so what reaches the site always
 *   compiles. `mdx-syntax`.
 * Each refused unit keeps its previous text (the corpus target, or the English on MDX pages).
 * The entry names of an English TOC get the checks that apply to a name (`checkTocNames`).
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { compileSync } from '@mdx-js/mdx';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import { pathInside, realPathInside } from '../io/confine.ts';
import { listFiles } from '../io/corpus.ts';
import { frontMatterData } from '../model/front-matter.ts';
import { type Diagnostic, diagnostic, hasErrors } from '../model/diagnostics.ts';
import type { SxsDocument } from '../model/types.ts';
import { parseMdx } from '../parse/mdx/parse.ts';
import { parseSxs } from '../parse/sxs/parse.ts';
import { isTocYaml, parseTocDocument } from '../parse/toc.ts';
import { codedPlainText, codedToMarkdown } from '../model/coded-text.ts';
import { readXliff } from '../xliff/read.ts';
import type { XliffFile } from '../xliff/types.ts';
import { segmentUnitIds } from '../xliff/units.ts';
import { mergeXliff } from './merge.ts';
import { checkUiStrings, isUiXliff } from './ui-strings.ts';
import { hasTarget, markupProblems, reportCode, reportUntranslated, type MergedDocument } from './merge-rules.ts';

/**
 * The entry names of an English TOC (src/parse/toc.ts) from a translator's file: English name →
 * translation. A name is text: markup typed into its target refuses it (`xliff-markup`), a
 * unit without a target is untranslated, one whose English is no longer a name of the TOC is
 * stale; those entries keep their English name. Codes a tool added are dropped, as for a title.
 */
export function checkTocNames(doc: SxsDocument, file: XliffFile, xliffPath: string): { names: Map<string, string>; diagnostics: Diagnostic[] } {
  const names = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const english = new Set(doc.segments.map((s) => s.source.trim()));
  for (const unit of file.units) {
    const source = codedToMarkdown(unit.source).trim();
    if (!hasTarget(unit)) {
      reportUntranslated(diagnostics, xliffPath, unit, 'the English name');
      continue;
    }
    if (!english.has(source)) {
      diagnostics.push(diagnostic('xliff-merge', { file: xliffPath, line: unit.line ?? 1 }, `unit "${unit.id}": "${source}" is no longer an entry name of ${doc.path}; the TOC changed since extraction. Run "bitext extract" again to update the file`));
      continue;
    }
    const markup = markupProblems(unit);
    if (markup.length > 0) {
      for (const problem of markup) reportCode(diagnostics, xliffPath, unit, problem, 'the entry keeps its English name, fix the XLIFF target to merge it');
      continue;
    }
    names.set(source, codedPlainText(unit.target).trim());
  }
  return { names, diagnostics };
}

/** At most this many units are refused for MDX compile errors before the page is given up on (shown in English). */
const MAX_COMPILE_ROUNDS = 20;

/**
 * Merges one XLIFF file into its document with every check: the one merge that `build`,
 * `preview` and `validate` use. Its diagnostics include the compile check of MDX pages.
 */
export function mergeChecked(doc: SxsDocument, file: XliffFile, xliffPath: string): MergedDocument {
  if (isTocYaml(doc.path)) throw new Error(`${doc.path} is a TOC: check it with checkTocNames`);
  let merged = mergeXliff(doc, file, xliffPath);
  if (doc.format !== 'mdx') return merged;
  const refuse = new Set<string>();
  const compileErrors: Diagnostic[] = [];
  for (let round = 0; round <= MAX_COMPILE_ROUNDS; round++) {
    const failure = compileFailure(doc, merged);
    if (!failure) break;
    const unitId = unitAtLine(doc, merged, failure.line);
    const unit = file.units.find((u) => u.id === unitId);
    compileErrors.push(
      diagnostic(
        'mdx-syntax',
        { file: xliffPath, line: unit?.line ?? 1 },
        `${unitId ? `unit "${unitId}": ` : ''}the merged page would not compile as MDX (line ${failure.line} of ${doc.path}: ${failure.message}); ${unitId && round < MAX_COMPILE_ROUNDS ? 'the sentence is shown in English, fix that target to merge it' : 'the page is shown in English'}`,
      ),
    );
    if (!unitId || refuse.has(unitId) || round === MAX_COMPILE_ROUNDS) {
      // Nothing left to refuse: the page keeps its English.
      merged = mergeXliff(doc, { ...file, units: [] }, xliffPath);
      break;
    }
    refuse.add(unitId);
    merged = mergeXliff(doc, file, xliffPath, { refuse });
  }
  merged.diagnostics.push(...compileErrors);
  return merged;
}

/** The first compile error of a merged MDX page (its body: the site reads the front matter apart), at its line in the page. */
function compileFailure(doc: SxsDocument, merged: MergedDocument): { line: number; message: string } | undefined {
  const frontMatterLength = (doc.bom ? 1 : 0) + (merged.frontMatterRaw?.length ?? 0);
  try {
    compileSync(merged.markdown.slice(frontMatterLength), { remarkPlugins: [remarkGfm, remarkDirective] });
    return undefined;
  } catch (error) {
    const place = (error as { place?: { line?: number; start?: { line: number } } }).place;
    const line = (place?.line ?? place?.start?.line ?? 1) + countLines(merged.frontMatterRaw ?? '');
    return { line, message: (error as Error).message.split('\n')[0]! };
  }
}

/** The unit whose merged text holds `line` of the merged page. */
function unitAtLine(doc: SxsDocument, merged: MergedDocument, line: number): string | undefined {
  const ids = segmentUnitIds(doc.segments);
  let lineAt = 1 + countLines(merged.frontMatterRaw ?? '');
  let unitId: string | undefined;
  doc.segments.forEach((segment, k) => {
    lineAt += countLines(doc.skeleton[k]!);
    const lines = countLines(merged.targetOf(segment, k));
    if (unitId === undefined && line >= lineAt && line <= lineAt + lines) unitId = ids[k];
    lineAt += lines;
  });
  return unitId;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export interface CheckedFile {
  /** The file as read, when it could be read. */
  file: XliffFile | undefined;
  /** The document the file belongs to, and its path, when it was found. */
  doc?: SxsDocument;
  path?: string;
  merged?: MergedDocument;
  /** What reading the file reports (its XML, its form), then `checks`. */
  diagnostics: Diagnostic[];
  /** What finding the document and the checked merge report. */
  checks: Diagnostic[];
}

/**
 * Reads one translator's XLIFF file, finds its document in the content folders and merges it
 * with every check (`mergeChecked`). `missing` says whether a document that cannot be found is
 * an error (preview, and validate with --content) or left unsaid (validate of any XLIFF file).
 */
export async function checkXliffFile(xliffFile: string, contentRoots: readonly string[], options: { bytes?: Uint8Array; missing?: 'error' | 'silent' } = {}): Promise<CheckedFile> {
  const read = readXliff(options.bytes ?? (await readFile(xliffFile)), xliffFile);
  const checks: Diagnostic[] = [];
  const result: CheckedFile = { file: read.file, checks, get diagnostics() { return [...read.diagnostics, ...checks]; } };
  const file = read.file;
  if (!file) return result;
  // The site's UI strings: checked against the catalog of locales/, no document to find.
  if (isUiXliff(xliffFile, file.original)) {
    checks.push(...checkUiStrings(file, xliffFile).diagnostics);
    return result;
  }
  const found = await findDocument(file.original, file.targetLanguage, contentRoots);
  if (found === 'outside') {
    checks.push(diagnostic('path-outside-root', { file: xliffFile }, `the file's original "${file.original}" leads outside the content folders (${contentRoots.join(', ')}), so it is not read; set original to the document's path inside its content folder, as extract wrote it`));
    return result;
  }
  if (!found) {
    if (options.missing !== 'silent') checks.push(diagnostic('xliff-merge', { file: xliffFile }, `the file's document "${file.original}" is in none of the content folders (${contentRoots.join(', ')}); name the folder that holds it with --content`, 'error'));
    return result;
  }
  result.doc = found.doc;
  result.path = found.path;
  if (hasErrors(found.doc)) {
    checks.push(...found.doc.diagnostics.map((d) => ({ ...d, file: found.path })));
    return result;
  }
  if (isTocYaml(file.original)) {
    checks.push(...checkTocNames(found.doc, file, xliffFile).diagnostics);
    return result;
  }
  result.merged = mergeChecked(found.doc, file, xliffFile);
  checks.push(...result.merged.diagnostics);
  return result;
}

/**
 * Whether a TOC's folder holds a locale's sxs documents (`ms.contentlocale`): that TOC is in the
 * locale's language already, and extract writes no XLIFF file for it (English TOCs only).
 */
async function isLocaleDocset(dir: string): Promise<boolean> {
  for (const rel of await listFiles(dir, ['.md']).catch(() => [] as string[])) {
    const text = await readFile(join(dir, rel), 'utf8').catch(() => '');
    if (typeof frontMatterData(text)['ms.contentlocale'] === 'string') return true;
  }
  return false;
}

/**
 * The document named by `original`: an English MDX page, or an sxs document of `locale`.
 * `original` comes from the translator's file: a path that leaves a content folder (by `..`, an
 * absolute path or a symlink) is never read, and 'outside' says so.
 */
async function findDocument(original: string, locale: string, roots: readonly string[]): Promise<{ doc: SxsDocument; path: string } | 'outside' | undefined> {
  for (const root of roots) {
    const path = pathInside(root, original);
    if (!path || !(await realPathInside(root, path))) return 'outside';
    const bytes = await readFile(path).catch(() => undefined);
    if (!bytes) continue;
    if (/\.mdx$/i.test(original)) return { doc: parseMdx(bytes, original), path };
    if (isTocYaml(original)) {
      // A TOC's file is extracted from the English TOC: a locale's own TOC at the same path is not its document.
      if (await isLocaleDocset(dirname(path))) continue;
      return { doc: parseTocDocument(bytes, original), path };
    }
    const doc = parseSxs(bytes, original);
    if (!doc.locale || doc.locale.toLowerCase() === locale.toLowerCase()) return { doc, path };
  }
  return undefined;
}
