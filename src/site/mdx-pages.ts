/**
 * English MDX pages in the other locales of the site (issue 5 §2, §5): each page whose XLIFF file
 * exists for a locale is merged (src/pipeline/merge-mdx.ts) and written as an MDX file into a
 * git-ignored folder, `src/content/docs/<locale>/.bitext-<content hash>/<path>.mdx`, which Astro
 * then compiles like the English page (deferred render, Starlight's Markdown plugins included).
 * The folder sits in Starlight's docs folder under the locale because Starlight picks the
 * language of its UI strings in Markdown (aside labels, "Section titled …", code frame labels)
 * from a page's file path: anywhere else the page would get them in English.
 * A page with no XLIFF file for a locale stays out: Starlight shows the English with its
 * fallback notice.
 *
 * Generated files are rewritten only when their text changes, so `astro dev` reloads only the
 * pages whose English or translation changed.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { frontMatterData } from '../model/front-matter.ts';
import { writeFileAtomic } from '../io/write-atomic.ts';
import type { SxsDocument } from '../model/types.ts';
import { parseMdx } from '../parse/mdx/parse.ts';
import type { KeptMerge } from './xliff-targets.ts';
import { renderBody } from '../model/serialize.ts';
import { segmentUnitIds } from '../xliff/units.ts';
import { sentencesTail, type PageTranslation, type UnitStatus } from './bilingual.ts';
import { SENTENCE_CLOSE, sentenceOpen } from './english-spans.ts';
import { siteLocale } from './locales.ts';
import { relatedSectionLabels } from './related.ts';

/** Where generated locale pages go, under the project root (git-ignored): Starlight's docs folder. */
export const GENERATED_DIR = 'src/content/docs';

export interface LocaleMdxPage {
  /** Absolute path of the generated MDX file. */
  file: string;
  title: string;
  description?: string;
  translation: PageTranslation;
  /** The target texts of its bold "See also" labels (./related.ts). */
  relatedLabels?: string[];
  /** The English of its translated sentences and the reader script (stale marks, suggestions: ./bilingual.ts). */
  htmlTail?: string;
}

export interface LocaleMdxOptions {
  /** The project root (Astro's root). */
  root: string;
  /** The content folders and XLIFF folder of the site: they name the generated folder, so two builds never share one. */
  content: readonly string[];
  xliff?: string;
  /** The merge of a page's XLIFF file for a locale, undefined when it has none. */
  mergedFor: (doc: SxsDocument, locale: string) => KeptMerge | undefined;
  /** Which of its units are stale or machine translation (src/site/xliff-targets.ts). */
  unitStatusFor?: (doc: SxsDocument, locale: string) => UnitStatus | undefined;
}

/** The folder of this site's generated pages in one locale. */
export function generatedFolder(root: string, content: readonly string[], xliff: string | undefined, locale: string): string {
  const hash = createHash('sha1').update(JSON.stringify([...[...content].sort(), xliff ?? ''])).digest('hex').slice(0, 8);
  return join(root, GENERATED_DIR, locale, `.bitext-${hash}`);
}

/** Removes this site's generated pages, in every locale. */
export async function removeGeneratedPages(root: string, content: readonly string[], xliff?: string): Promise<void> {
  const locales = await readdir(join(root, GENERATED_DIR)).catch(() => [] as string[]);
  await Promise.all(locales.map((locale) => rm(generatedFolder(root, content, xliff, locale), { recursive: true, force: true })));
}

/** The hook the site model calls for an English MDX page (`text`, at `relPath`) in a locale. */
export function localeMdxPages(options: LocaleMdxOptions) {
  return async (relPath: string, text: string, locale: string): Promise<LocaleMdxPage | undefined> => {
    const doc = parseMdx(text, relPath);
    const merged = options.mergedFor(doc, locale);
    if (!merged) return undefined;
    const file = join(generatedFolder(options.root, options.content, options.xliff, locale), relPath);
    // Each translated sentence is marked, as on every translated page: the reader script finds it
    // (./english-spans.ts turns the marks into its span; a JSX prop holds no element).
    const keys = [...(merged.translated ?? [])].filter((k) => doc.segments[k]!.context.kind !== 'attribute').sort((a, b) => a - b);
    const marked = new Set(keys);
    const markdown = renderBody(doc, (s, k) => (marked.has(k) ? `${sentenceOpen(k)}${merged.targetOf(s, k)}${SENTENCE_CLOSE}` : merged.targetOf(s, k)), merged.frontMatterRaw ?? '');
    const existing = await readFile(file, 'utf8').catch(() => undefined);
    if (existing !== markdown) await writeFileAtomic(file, markdown);
    const marks = options.unitStatusFor?.(doc, locale)?.marks;
    const tag = siteLocale(locale).lang;
    const front = frontMatterData(merged.frontMatterRaw);
    const { sentences = 0, untranslated = 0, changed = 0 } = merged.stats;
    return {
      file,
      title: typeof front.title === 'string' ? front.title : (doc.title.source ?? relPath),
      ...(typeof front.description === 'string' ? { description: front.description } : {}),
      translation: { bilingual: false, units: sentences, untranslated, changed },
      relatedLabels: relatedSectionLabels(doc, merged.targetOf),
      htmlTail: sentencesTail(doc, keys, { document: relPath, locale: tag, unitIds: segmentUnitIds(doc.segments), ...(marks ? { marks } : {}) }),
    };
  };
}
