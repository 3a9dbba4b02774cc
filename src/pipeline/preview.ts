/**
 * The translator's preview (issue 5 §5): the pages of one XLIFF file rendered with its targets,
 * before anything is merged into the site, and what would go wrong when it is:
 *
 * - inline codes that merge-back refuses (missing, duplicated, unbalanced, unknown), and units
 *   whose English no longer matches the document: the diagnostics of ./merge.ts, naming the
 *   XLIFF file, the unit's line and its id;
 * - for an English MDX page, MDX that would not compile: the merged page goes through the real
 *   MDX compiler (`@mdx-js/mdx`), and an error is traced back to the unit whose target sits at
 *   the failing line.
 *
 * The document is found by the file's `original` path in the content folders (sxs documents of
 * the file's target locale, or English MDX pages). This module merges and checks; the page is
 * rendered by the site's Markdown renderer (src/site/preview-render.ts), so a preview shows what
 * the site would, and escapes what the site escapes.
 */
import { readFile } from 'node:fs/promises';
import { compile } from '@mdx-js/mdx';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import { pathInside, realPathInside } from '../io/confine.ts';
import type { SxsDocument } from '../model/types.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { hasErrors } from '../model/diagnostics.ts';
import { parseMdx } from '../parse/mdx/parse.ts';
import { parseSxs } from '../parse/sxs/parse.ts';
import { mergeXliff } from './merge.ts';
import { readXliff } from '../xliff/read.ts';
import { segmentUnitIds } from '../xliff/units.ts';

export interface PreviewPage {
  /** The document the file belongs to (absolute path). */
  document: string;
  /** The merged page (Markdown or MDX, front matter included). */
  source: string;
  /** The merged page without its front matter, and whether it is MDX. */
  body: string;
  mdx: boolean;
  /** The file's target language and the page's (merged) title. */
  lang: string;
  title: string;
}

export interface PreviewResult {
  page: PreviewPage | undefined;
  diagnostics: Diagnostic[];
  units: number;
  translated: number;
}

const FRONT_MATTER = /^\ufeff?---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/;

export async function previewXliff(xliffFile: string, contentRoots: readonly string[]): Promise<PreviewResult> {
  const read = readXliff(await readFile(xliffFile), xliffFile);
  const result: PreviewResult = { page: undefined, diagnostics: [...read.diagnostics], units: 0, translated: 0 };
  const file = read.file;
  if (!file) return result;
  result.units = file.units.length;
  result.translated = file.units.filter((u) => u.target !== undefined && u.target.length > 0).length;
  const found = await findDocument(file.original, file.targetLanguage, contentRoots);
  if (found === 'outside') {
    result.diagnostics.push(diagnostic('path-outside-root', { file: xliffFile }, `the file's original "${file.original}" leads outside the content folders (${contentRoots.join(', ')}), so it is not read; set original to the document's path inside its content folder, as extract wrote it`));
    return result;
  }
  if (!found) {
    result.diagnostics.push(diagnostic('xliff-merge', { file: xliffFile }, `the file's document "${file.original}" is in none of the content folders (${contentRoots.join(', ')}); name the folder that holds it with --content`, 'error'));
    return result;
  }
  const { doc, path } = found;
  if (hasErrors(doc)) {
    result.diagnostics.push(...doc.diagnostics.map((d) => ({ ...d, file: path })));
    return result;
  }
  const merged = mergeXliff(doc, file, xliffFile);
  result.diagnostics.push(...merged.diagnostics);
  const body = merged.markdown.replace(FRONT_MATTER, '');
  const mdx = doc.format === 'mdx';
  if (mdx) {
    try {
      await compile(body, { remarkPlugins: [remarkGfm, remarkDirective] });
    } catch (error) {
      result.diagnostics.push(compileDiagnostic(error, doc, merged.targetOf, merged.markdown.length - body.length, file.units, xliffFile));
    }
  }
  const title = FRONT_MATTER.exec(merged.markdown)?.[0].match(/^title:\s*(.*)$/m)?.[1] ?? file.original;
  result.page = { document: path, source: merged.markdown, body, mdx, lang: file.targetLanguage, title: title.replace(/^["']|["']$/g, '') };
  return result;
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
    const doc = parseSxs(bytes, original);
    if (!doc.locale || doc.locale.toLowerCase() === locale.toLowerCase()) return { doc, path };
  }
  return undefined;
}

/** A compile error, placed on the unit whose target holds the failing line of the merged page. */
function compileDiagnostic(error: unknown, doc: SxsDocument, targetOf: (s: SxsDocument['segments'][number], k: number) => string, frontLength: number, units: readonly { id: string; line?: number }[], xliffFile: string): Diagnostic {
  const place = (error as { place?: { line?: number; start?: { line: number } } }).place;
  const line = place?.line ?? place?.start?.line ?? 1;
  const message = (error as Error).message.split('\n')[0];
  // Offsets of each segment's text in the merged page, to find the one on the failing line.
  const ids = segmentUnitIds(doc.segments);
  let offset = (doc.bom ? 1 : 0) + (doc.frontMatter?.raw.length ?? 0) - frontLength;
  let lineAt = 1;
  let unitId: string | undefined;
  doc.segments.forEach((segment, k) => {
    const before = doc.skeleton[k]!;
    lineAt += countLines(before);
    offset += before.length;
    const text = targetOf(segment, k);
    const lines = countLines(text);
    if (unitId === undefined && line >= lineAt && line <= lineAt + lines) unitId = ids[k];
    lineAt += lines;
    offset += text.length;
  });
  const unit = units.find((u) => u.id === unitId);
  return diagnostic('mdx-syntax', { file: xliffFile, line: unit?.line ?? 1 }, `${unitId ? `unit "${unitId}": ` : ''}the merged page would not compile as MDX (line ${line} of ${doc.path}: ${message}); fix that target`);
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
