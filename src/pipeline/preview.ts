/**
 * The translator's preview: the page of one XLIFF file with its targets, before anything is
 * merged into the site, and what merging would refuse. The checks are the build's and
 * validate's own (./target-checks.ts): codes against the source, markup typed as text,
 * untranslated units, English changed since extraction, MDX that would not compile; each names
 * the XLIFF file, the line and the unit.
 *
 * The document is found by the file's `original` path in the content folders (sxs documents of
 * the file's target locale, or English MDX pages). This module merges and checks; `bitext
 * preview` then has the site build the page (src/site/build.ts, `previewFiles`), so a preview
 * is the site's page.
 */
import type { Diagnostic } from '../model/diagnostics.ts';
import { frontMatterData, stripFrontMatter } from '../model/front-matter.ts';
import { hasTarget } from './merge-rules.ts';
import { checkXliffFile } from './target-checks.ts';

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


export async function previewXliff(xliffFile: string, contentRoots: readonly string[]): Promise<PreviewResult> {
  const checked = await checkXliffFile(xliffFile, contentRoots);
  const result: PreviewResult = { page: undefined, diagnostics: checked.diagnostics, units: 0, translated: 0 };
  const { file, doc, path, merged } = checked;
  if (!file) return result;
  result.units = file.units.length;
  result.translated = file.units.filter((u) => hasTarget(u)).length;
  if (!doc || !path || !merged) return result;
  const body = stripFrontMatter(merged.markdown);
  const title = frontMatterData(merged.markdown).title;
  result.page = { document: path, source: merged.markdown, body, mdx: doc.format === 'mdx', lang: file.targetLanguage, title: typeof title === 'string' ? title : file.original };
  return result;
}
