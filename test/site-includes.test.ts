/**
 * DocFX includes, on fixtures written for it (test/fixtures/includes): every form and position of
 * the directive, nesting, a cycle, a missing file, paths out of the content folder, the reader's
 * locale (the corpus translation, its English, an XLIFF target), include files in XLIFF and not
 * published as pages, and the one grammar shared by the tokenizer and the site.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { findIncludes, matchInclude, resolveIncludePath } from '../src/model/markdown/docfx-include.ts';
import { tokenizeInline } from '../src/model/markdown/inline.ts';
import { extractCorpora } from '../src/pipeline/extract.ts';
import { getSiteContext, setSiteContext } from '../src/site/context.ts';
import { linkDestinations } from '../src/site/link-graph.ts';
import { brokenLinkReport } from '../src/site/link-report.ts';
import { docsFilePath } from '../src/site/loader.ts';
import { createSiteMarkdownRenderer } from '../src/site/markdown.ts';
import { loadSite, type SiteModel } from '../src/site/model.ts';
import { loadXliffTargets } from '../src/site/xliff-targets.ts';
import { navStrings } from '../src/site/nav-strings.ts';

/** The mark an include problem leaves on an Arabic page, in the page's language. */
const mark = (key: 'includeMissing' | 'includeCycle' | 'includeOutside' | 'includeLimit', title: string) => `⚠\u00a0${navStrings('ar-sa')[key].replace('{title}', title)}`;

const FIXTURES = fileURLToPath(new URL('./fixtures/includes/', import.meta.url));
const CONTENT = join(FIXTURES, 'corpus.ar-sa');
const renderer = await createSiteMarkdownRenderer();

async function render(site: SiteModel, id: string): Promise<string> {
  const ctx = setSiteContext(site);
  const page = site.pages.get(id);
  if (!page) throw new Error(`no page ${id}`);
  const path = docsFilePath('/site', id);
  ctx.pageByFile.set(path, page);
  const html = (await renderer.render(page.markdown ?? '', { fileURL: pathToFileURL(path) })).code;
  // The reading-mode wrapper of each translated sentence is left out: these tests are about includes.
  return html.replace(/<span class="bt" data-bt="\d+">((?:(?!<\/?span)[^])*)<\/span>/g, '$1');
}

const site = await loadSite({ content: [CONTENT] });
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe('the include grammar (one module for the tokenizer and the site)', () => {
  it('reads every case and spacing DocFX reads', () => {
    for (const [raw, title, path] of [
      ['[!INCLUDE[banner](../includes/banner.md)]', 'banner', '../includes/banner.md'],
      ['[!include [banner](../includes/banner.md)]', 'banner', '../includes/banner.md'],
      ['[!Include\t [ spaced title ]( includes/a.md )]', 'spaced title', 'includes/a.md'],
      ['[!include[t](<includes/with space.md>)]', 't', 'includes/with space.md'],
      ['[!include[t](~/includes/a.md "link title")]', 't', '~/includes/a.md'],
      ['[!include-[t](a.md)]', 't', 'a.md'],
      ['[!include[a \\] b](a.md)]', 'a ] b', 'a.md'],
    ] as const) {
      expect(matchInclude(`x ${raw} y`, 2)).toEqual({ raw, title, path });
      // The tokenizer reads the same directive, losslessly.
      const tokens = tokenizeInline(`x ${raw} y`);
      expect(tokens.find((t) => t.type === 'include')).toEqual({ type: 'include', raw, title, path });
    }
  });

  it('is not an include when broken, escaped or split over lines', () => {
    for (const raw of ['[!include[t](a.md)', '[!include[t]()]', '[!include(a.md)]', '[!include[t\n](a.md)]', '[!includ[t](a.md)]']) expect(matchInclude(raw)).toBeUndefined();
    expect(findIncludes('\\[!include[t](a.md)] and [!include[u](b.md)]').map((m) => m.title)).toEqual(['u']);
  });

  it('resolves ~/ from the docset root, refuses paths out of the content folder and URLs', () => {
    expect(resolveIncludePath('docset/sub/page.md', '../includes/a.md', 'docset')).toEqual({ kind: 'file', path: 'docset/includes/a.md' });
    expect(resolveIncludePath('docset/sub/page.md', '~/includes/a.md', 'docset')).toEqual({ kind: 'file', path: 'docset/includes/a.md' });
    expect(resolveIncludePath('docset/sub/page.md', '..\\includes\\a%20b.md?x=1#y', 'docset')).toEqual({ kind: 'file', path: 'docset/includes/a b.md' });
    expect(resolveIncludePath('docset/page.md', '../../secret.md', 'docset').kind).toBe('outside');
    expect(resolveIncludePath('docset/page.md', 'https://example.invalid/a.md', 'docset').kind).toBe('outside');
    expect(resolveIncludePath('docset/page.md', 'file:///etc/passwd', 'docset').kind).toBe('outside');
  });
});

describe('includes on the site', () => {
  it('renders every form and position in the page locale, with no literal directive left', async () => {
    const html = await render(site, 'ar-sa/docset/page');
    const shown = text(html);
    // Own paragraph, with and without the space, any case, ~/ path with a link title: three banners.
    expect(shown.match(/لافتة مضمنة/g)).toHaveLength(3);
    expect(html).toMatch(/<h2[^>]*>عنوان نص مضمن<\/h2>/);
    expect(html).toContain('<td>نص مضمن</td>');
    expect(html).toContain('<strong>نص مضمن</strong>');
    expect(shown).toContain('قبل نص مضمن بعد.');
    // A list item and a line of a longer paragraph: the file's paragraphs, as paragraphs.
    expect(html).toMatch(/<li>\s*<p>الفقرة الأولى.<\/p>\s*<p>الفقرة الثانية.<\/p>\s*<\/li>/);
    expect(html).toMatch(/<p>سطر أول.<\/p>\s*<p>الفقرة الأولى.<\/p>\s*<p>الفقرة الثانية.<\/p>\s*<p>سطر أخير.<\/p>/);
    // Nested: the include's own include.
    expect(shown).toContain('خارجي نص مضمن');
    // The included file's link leads where it led from includes/: ../target.md is the docset's target page.
    expect(html).toContain('<a href="/ar-sa/docset/target/">الهدف</a>');
    // An escaped directive and one in code stay as written (DocFX does the same).
    expect(html).toContain('<code>[!include[code](includes/inline.md)]</code>');
    expect(html.match(/\[!include/gi)).toHaveLength(2);
    // The included NOTE is an aside like the page's own.
    expect(html).toContain('directive-note');
  });

  it('keeps include paths out of the broken-link report: only the escaped directive, a plain link, is reported', async () => {
    await render(site, 'ar-sa/docset/page');
    const report = brokenLinkReport(getSiteContext()!, CONTENT);
    expect(report.locales['ar-sa']!.links.map((l) => `${l.file}:${l.line}:${l.column} ${l.href}`)).toEqual(['docset/page.md:34:21 includes/inline.md']);
  });

  it('reports a link to no page written in an included file (nested too) at its line and column in that file, as written there', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bitext-include-links-'));
    try {
      await mkdir(join(dir, 'docset'), { recursive: true });
      await mkdir(join(dir, 'includes'), { recursive: true });
      await writeFile(join(dir, 'docset/TOC.yml'), '- name: Page\n  href: page.md\n');
      await writeFile(join(dir, 'docset/page.md'), '---\ntitle: Page\n---\n# Page\n\nText.\n\n[!include[part](../includes/part.md)]\n');
      await writeFile(join(dir, 'includes/part.md'), 'Intro.\n\nSee [gone](../docset/gone.md).\n\n[!include[inner](inner.md)]\n');
      await writeFile(join(dir, 'includes/inner.md'), 'Inner.\n\nAnd [away](https://example.com/x) [lost](lost.md).\n');
      const small = await loadSite({ content: [dir] });
      await render(small, 'en/docset/page');
      const report = brokenLinkReport(getSiteContext()!, dir);
      expect(report.locales.en!.links.map((l) => `${l.file}:${l.line}:${l.column} ${l.href}`).sort()).toEqual(['includes/inner.md:3:42 lost.md', 'includes/part.md:3:12 ../docset/gone.md']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('does not count an include as a link to the included file (backlinks)', () => {
    expect(linkDestinations('[!include [banner](../target.md)] see [the target](../target.md)')).toEqual(['../target.md']);
  });

  it('renders the English view of the include on the English page', async () => {
    const html = await render(site, 'en/docset/page');
    expect(text(html).match(/Included banner/g)).toHaveLength(3);
    expect(html).toMatch(/<h2[^>]*>Heading inline words<\/h2>/);
    expect(text(html)).toContain('Before inline words after.');
    expect(html).not.toMatch(/[\u0600-\u06ff]/);
  });

  it('rewrites the included file links from a page in another folder', async () => {
    const html = await render(site, 'ar-sa/docset/sub/deep');
    expect(html).toContain('<a href="/ar-sa/docset/target/">الهدف</a>');
  });

  it('marks a missing file, a cycle and a path out of the content, never reading it', async () => {
    const html = await render(site, 'ar-sa/docset/problems');
    expect(html).not.toMatch(/\[!include/i);
    expect(html).toContain(mark('includeMissing', 'banner'));
    expect(html).toContain(mark('includeMissing', 'gone'));
    expect(html).toContain(mark('includeCycle', 'a'));
    expect(html).toContain(mark('includeOutside', 'secret'));
    expect(html).toContain(mark('includeOutside', 'web'));
    expect(html).not.toContain('SECRET');
    // The cycle is shown once around: A, then B, then the mark where B includes A again.
    expect(text(html)).toMatch(/أ ب ⚠/);
  });

  it('stops includes nested too deep or too many, with a mark', async () => {
    const html = await render(site, 'ar-sa/docset/limits');
    // deep-01 … deep-12 include each other in a chain: ten levels are shown, then the mark.
    expect(text(html)).toContain(`d1 d2 d3 d4 d5 d6 d7 d8 d9 d10 ${mark('includeLimit', 'deep').replace('\u00a0', ' ')}`);
    expect(html).not.toContain('d11');
    // fan-1 includes fan-2 ten times, which include fan-3 ten times, which include a leaf ten
    // times: 1,111 includes, more than one page may expand.
    const leaves = html.match(/نص مضمن/g)?.length ?? 0;
    expect(leaves).toBeGreaterThan(800);
    expect(leaves).toBeLessThan(1000);
    expect(html).toContain(mark('includeLimit', 'leaf'));
  });

  it('reports each problem once, where it is written (file:line:column)', () => {
    const problems = site.diagnostics.filter((d) => d.code.startsWith('include-')).map((d) => `${d.file.slice(CONTENT.length + 1)}:${d.line}:${d.column} ${d.severity} ${d.code}`);
    expect(problems).toEqual([
      'docset/includes/cycle-a.md:8:1 warning include-cycle',
      'docset/includes/cycle-b.md:8:1 warning include-cycle',
      'docset/problems.md:9:1 warning include-missing',
      'docset/problems.md:11:117 warning include-missing',
      'docset/problems.md:15:1 error include-outside-root',
      'docset/problems.md:17:1 error include-outside-root',
    ]);
  });

  it('does not publish include files as pages', () => {
    expect([...site.pages.values()].filter((p) => p.relPath.includes('includes/'))).toEqual([]);
    expect(site.pages.has('ar-sa/docset/page')).toBe(true);
  });
});

describe('include files in the XLIFF loop', () => {
  let work = '';
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('extracts their pairs like any document, and shows a translator target on the page', async () => {
    work = await mkdtemp(join(tmpdir(), 'bitext-includes-'));
    const out = join(work, 'xliff');
    const report = await extractCorpora({ dirs: [CONTENT], out, format: '1.2' });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const file = join(out, 'ar-sa', 'docset', 'includes', 'inline.xlf');
    const xlf = await readFile(file, 'utf8');
    expect(xlf).toContain('inline words');
    expect(xlf).toContain('نص مضمن');
    await writeFile(file, xlf.replace(/(<target[^>]*>)نص مضمن(<\/target>)/, '$1نص من المترجم$2'));
    const xliff = await loadXliffTargets(out);
    const merged = await loadSite({ content: [CONTENT], targetsFor: xliff.targetsFor, unitStatusFor: xliff.unitStatusFor, metadataFor: xliff.metadataFor });
    const html = await render(merged, 'ar-sa/docset/page');
    expect(html).toContain('<td>نص من المترجم</td>');
    expect(html).not.toContain('<td>نص مضمن</td>');
    // The English page keeps the English.
    expect(await render(merged, 'en/docset/page')).toContain('<td>inline words</td>');
  });
});
