/**
 * One real build: ~20 documents of the Russian and German corpus (copied into a temporary folder)
 * through `buildSite`, then the HTML is checked: URLs per locale, no sxs markup anywhere,
 * hreflang alternates, the language picker, each page's "On this page" contents, and English
 * fallback pages tagged lang="en" and kept out of the search index. The build runs in a child
 * process whose working folder is a scratch folder of its own inside the repository (Astro puts
 * its prerender chunks under the working folder, and they must resolve node_modules), so it never
 * collides with another build.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, DE, RU } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';

let work: string;
let out: string;
let scratch: string;
let astroLog: string;
const SAME = [
  'account-structure.md', 'chip-locate-agreement.md', 'customer-self-support.md', 'overview.md', 'mpn-overview.md',
  'reg-number-id.md', 'csp-overview.md', 'billing.md', 'find-ids-and-domain-names.md', 'partner-center-account-setup.md',
  'add-licenses-or-services-to-an-existing-subscription.md', 'index.yml', 'chip-faq.yml', 'TOC.yml',
];
const RU_ONLY = 'insights-overview-report.md';

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => join(e.parentPath, e.name));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-site-'));
  out = join(work, 'out');
  for (const [name, files] of [[RU, [...SAME, RU_ONLY]], [DE, SAME]] as const) {
    const target = join(work, name, 'partner-center');
    await mkdir(join(target, 'announcements'), { recursive: true });
    for (const f of files) await cp(join(corpusDir(name), 'partner-center', f), join(target, f));
    for (const f of ['TOC.md', 'index.md', '2021-may.md']) await cp(join(corpusDir(name), 'partner-center/announcements', f), join(target, 'announcements', f));
    await cp(join(corpusDir(name), 'README.md'), join(work, name, 'README.md'));
  }
  ({ scratch, astroLog } = await buildSiteInChild({ content: [join(work, RU), join(work, DE)], out, cacheDir: join(work, 'cache'), site: 'https://docs.example.org', stepsFile: join(work, 'steps.json') }, 'site'));
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('site build of a corpus sample', () => {
  it('reports its phases in order, and every page Astro renders as it is rendered (the progress bar of bitext build)', async () => {
    const steps = JSON.parse(await readFile(join(work, 'steps.json'), 'utf8')) as { phase: string; done?: number; total?: number }[];
    const phases = steps.map((s) => s.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['reading the content', 'finding what changed', 'preparing the pages', 'rendering the content', 'bundling the site', 'rendering pages', 'writing the search index', 'writing the reports', 'putting the new site in place']);
    // The loader's count of the content goes to every page of the model.
    const content = steps.filter((s) => s.phase === 'rendering the content');
    expect(content.map((s) => s.done)).toEqual(content.map((_, i) => i + 1));
    expect(content.every((s) => s.total === content.length)).toBe(true);
    const counts = steps.filter((s) => s.phase === 'rendering pages');
    const total = counts[0]!.total!;
    // Every route: the HTML pages, less the redirect pages Bitext writes itself.
    expect(total).toBeGreaterThan(30);
    expect(counts.every((s) => s.total === total)).toBe(true);
    expect(counts.map((s) => s.done)).toEqual([...Array(total + 1).keys()]);
  });

  it('prints no warning a user cannot act on', () => {
    expect(astroLog).not.toMatch(/\[WARN\]|does not exist or is empty|was not found/);
  });

  it('builds every document at one slug in every locale, English at /en/', () => {
    for (const locale of ['en', 'ru-ru', 'de-de']) {
      for (const slug of ['partner-center/account-structure', 'partner-center/customer-self-support', 'partner-center/announcements/2021-may', 'partner-center']) {
        expect(existsSync(join(out, locale, slug, 'index.html')), `${locale}/${slug}`).toBe(true);
      }
    }
    expect(existsSync(join(out, 'ru-ru/partner-center/chip-faq/index.html'))).toBe(true);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(existsSync(join(out, 'ru-ru/readme/index.html'))).toBe(false);
  });

  it('lets no sxs span, data-ttu-id or sxs-lookup text reach any page', async () => {
    const files = await htmlFiles(out);
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) expect(await readFile(file, 'utf8'), file).not.toMatch(/data-ttu-id|data-stu-id|sxs-lookup/);
  });

  it('renders pages in their language with hreflang alternates and a picker that keeps the page', async () => {
    const html = await readFile(join(out, 'ru-ru/partner-center/account-structure/index.html'), 'utf8');
    expect(html).toMatch(/<html lang="ru-RU"/);
    for (const lang of ['en', 'ru-RU', 'de-DE']) expect(html).toMatch(new RegExp(`<link rel="alternate" hreflang="${lang}" href="https://docs.example.org/${lang.toLowerCase()}/partner-center/account-structure/"`));
    expect(html).toContain('value="/de-de/partner-center/account-structure/"');
    expect(html).toContain('aria-current="page"');
    expect(html).toContain('data-pagefind-body');
    const english = await readFile(join(out, 'en/partner-center/account-structure/index.html'), 'utf8');
    expect(english).toMatch(/<html lang="en"/);
    expect(english).toMatch(/<h1 id="_top"[^>]*>Partner Center has two levels of accounts for MPN partners<\/h1>/);
    // No Russian in the English page: content, sidebar, titles (the language picker names Русский).
    expect(english.replace(/<select[\s\S]*?<\/select>/g, '')).not.toMatch(/[а-яё]{4}/i);
  });

  it('serves a missing page as English fallback tagged lang="en", kept out of search', async () => {
    const slug = RU_ONLY.replace(/\.md$/, '');
    const html = await readFile(join(out, 'de-de/partner-center', slug, 'index.html'), 'utf8');
    expect(html).toMatch(/<html lang="en"/);
    expect(html).not.toContain('data-pagefind-body');
    const entry = JSON.parse(await readFile(join(out, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, unknown> };
    expect(Object.keys(entry.languages).sort()).toEqual(['de-de', 'en', 'ru-ru']);
  });

  it('renders DocFX syntax: alerts as asides, missing images as alt text, heading anchors as ids', async () => {
    const html = await readFile(join(out, 'ru-ru/partner-center/chip-locate-agreement/index.html'), 'utf8');
    expect(html).toContain('starlight-aside--note');
    expect(html).not.toMatch(/\[!note\]|:::image|:::no-loc/i);
    expect(html).toContain('class="bt-missing-image"');
    expect(html).toContain('<h2 id="next-steps">');
  });

  it('lists the headings of every page under "On this page", H3 under H2, fallback pages included', async () => {
    const files = (await htmlFiles(out)).filter((file) => file.includes('partner-center'));
    let checked = 0;
    let nested = 0;
    for (const file of files) {
      const html = await readFile(file, 'utf8');
      const toc = /<starlight-toc[^>]*>([\s\S]*?)<\/starlight-toc>/.exec(html)?.[1];
      if (!toc) continue;
      const listed = [...toc.matchAll(/<a href="#([^"]+)" style="--depth: (\d+);/g)].map(([, id, depth]) => `${id}@${depth}`);
      // The page's own content: from the Markdown to the backlinks (whose heading the contents do not list) or the footer.
      const backlinks = html.indexOf('class="bt-backlinks"');
      const body = html.slice(html.indexOf('class="sl-markdown-content"'), backlinks >= 0 ? backlinks : html.indexOf('<footer'));
      const headings = [...body.matchAll(/<h([23]) id="([^"]+)"/g)].map(([, level, id]) => `${id}@${Number(level) - 2}`);
      expect(listed, file).toEqual(['_top@0', ...headings]);
      checked++;
      if (headings.some((h) => h.endsWith('@1'))) nested++;
    }
    expect(checked).toBeGreaterThan(40);
    expect(nested).toBeGreaterThan(3);
    // The English page shown in German (no German version) lists its English sections.
    const fallback = await readFile(join(out, 'de-de/partner-center', RU_ONLY.replace(/\.md$/, ''), 'index.html'), 'utf8');
    expect(/<starlight-toc[^>]*>([\s\S]*?)<\/starlight-toc>/.exec(fallback)?.[1]).toMatch(/href="#(?!_top)/);
  });
});
