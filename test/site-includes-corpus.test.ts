/**
 * DocFX includes over the real corpora of ../shared/corpus-large: the Arabic corpus (about 5,100
 * directives, most as `[!include [title](path)]` with a space) and the Japanese one (three docsets
 * with docfx.json, includes inside sentences and quotes). Every page whose Markdown has an include
 * is rendered by the site's Markdown pipeline (the site model + Sätteri with the Bitext plugins,
 * what `bitext build` runs for each page, without Starlight's asides and Pagefind, which do not
 * touch includes), in its locale and in English.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { setSiteContext } from '../src/site/context.ts';
import { docsFilePath } from '../src/site/loader.ts';
import { createSiteMarkdownRenderer } from '../src/site/markdown.ts';
import { loadSite } from '../src/site/model.ts';
import { SHARED } from './corpus.ts';

const renderer = await createSiteMarkdownRenderer();

async function renderIncludes(name: string) {
  const dir = join(SHARED, 'corpus-large', name);
  if (!existsSync(dir)) throw new Error(`The large corpus is missing: ${dir} does not exist (../shared/corpus-large).`);
  const site = await loadSite({ content: [dir] });
  const ctx = setSiteContext(site);
  const literal: string[] = [];
  const locales = new Map<string, number>();
  for (const page of site.pages.values()) {
    if (!page.markdown || !/\[!include/i.test(page.markdown)) continue;
    const path = docsFilePath('/site', page.id);
    ctx.pageByFile.set(path, page);
    const html = (await renderer.render(page.markdown, { fileURL: pathToFileURL(path) })).code;
    if (/\[!include/i.test(html)) literal.push(page.id);
    locales.set(page.locale, (locales.get(page.locale) ?? 0) + 1);
  }
  const diagnostics: Record<string, number> = {};
  for (const d of site.diagnostics.filter((d) => d.code.startsWith('include-'))) diagnostics[d.code] = (diagnostics[d.code] ?? 0) + 1;
  const brokenToIncludes = ctx.brokenLinks.filter((b) => /(^|\/)includes\//i.test(b.href));
  const pages = [...site.pages.values()];
  return { literal, locales: Object.fromEntries(locales), counts: { ...ctx.includeCounts }, diagnostics, brokenToIncludes, includePages: pages.filter((p) => /(^|\/)includes\//i.test(p.relPath)).length };
}

describe('includes over the large corpora', () => {
  it('Arabic: every include of every page is shown or marked, in both locales; none stays literal', async () => {
    const r = await renderIncludes('Dynamics-365-Operations.ar-sa');
    expect(r.literal).toEqual([]);
    // 2,588 documents write an include; each is an Arabic page and an English page.
    expect(r.locales).toEqual({ 'ar-sa': 2588, en: 2588 });
    // 2,821 directives name a file of the corpus (both locales render them); 2,296 name a
    // banner.md the corpus does not have (a mark on the page and one warning each).
    expect(r.counts).toEqual({ resolved: 5642, missing: 4592, cycle: 0, outside: 0, limit: 0 });
    expect(r.diagnostics).toEqual({ 'include-missing': 2296 });
    expect(r.brokenToIncludes).toEqual([]);
    expect(r.includePages).toBe(0);
  }, 900_000);

  it('Japanese: the three docsets include in quotes and mid-sentence; none stays literal', async () => {
    const r = await renderIncludes('OfficeDocs-SkypeForBusiness-pr.ja-jp');
    expect(r.literal).toEqual([]);
    // 211 sxs documents (each a Japanese and an English page) and 5 YAML tutorials, whose
    // Markdown steps include a disclaimer; a YAML page has no English copy.
    expect(r.locales).toEqual({ 'ja-jp': 216, en: 211 });
    // 7 directives name ../../common/office/linkedin-learning-info.md, which is not in the corpus;
    // the 5 YAML tutorials write 9 includes.
    expect(r.counts).toEqual({ resolved: 483, missing: 14, cycle: 0, outside: 0, limit: 0 });
    expect(r.diagnostics).toEqual({ 'include-missing': 7 });
    expect(r.brokenToIncludes).toEqual([]);
    expect(r.includePages).toBe(0);
  }, 900_000);
});
