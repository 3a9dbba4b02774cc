/**
 * Navigation (issue 4 §3): related-page cards found through the English source of their heading,
 * backlinks, the broken-link report with file:line:column, and no internal link to a 404.
 *
 * The model-level checks read the fixtures written for this test (test/fixtures/site-nav: a
 * Russian and a German corpus of two pages with every kind of related section and link). The
 * build runs those fixtures plus a few real corpus documents (copied into a temporary folder)
 * in a child process, then crawls every HTML file of the output.
 */
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { crawlInternalLinks } from '../src/site/crawl.ts';
import { backlinksOf, linkDestinations } from '../src/site/link-graph.ts';
import type { BrokenLinkReport } from '../src/site/link-report.ts';
import { linkTarget, resolveLink } from '../src/site/links.ts';
import { loadSite } from '../src/site/model.ts';
import { normalizeLabel, relatedSectionLabels } from '../src/site/related.ts';
import { corpusDir, DE, RU } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/site-nav/', import.meta.url));
const RU_ROOT = join(FIXTURES, 'nav.ru-ru');
const DE_ROOT = join(FIXTURES, 'nav.de-de');
const site = await loadSite({ content: [RU_ROOT, DE_ROOT] });
const page = (id: string) => {
  const p = site.pages.get(id);
  if (!p) throw new Error(`no page ${id}`);
  return p;
};

/** 1-based line and column of the first occurrence of `needle` at or after `from` in a fixture file. */
function positionIn(file: string, needle: string, from = 0): { line: number; column: number } {
  const text = readFileSync(file, 'utf8');
  const at = text.indexOf(needle, from);
  if (at < 0) throw new Error(`${needle} not in ${file}`);
  const before = text.slice(0, at).split('\n');
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

describe('related sections in the site model', () => {
  it('finds the headings and the bold "See also" through their English source, in every language', () => {
    const ru = parseSxs(readFileSync(join(RU_ROOT, 'guide/start.md'), 'utf8'), 'guide/start.md');
    expect(relatedSectionLabels(ru)).toEqual(['дальнейшие действия', 'дополнительные ресурсы', 'см. также']);
    expect(page('de-de/guide/start').relatedLabels).toEqual(['nächste schritte', 'weitere ressourcen', 'siehe auch']);
    // A heading machine translation left in English is found by its text.
    expect(page('ru-ru/guide/details').relatedLabels).toEqual(['next steps']);
    expect(normalizeLabel(' *\\*See also**: ')).toBe('see also');
  });
});

describe('links in the site model', () => {
  it('sends a site path that is none of our pages to the publishing host of an Open Publishing corpus, else reports it', () => {
    expect(resolveLink(site, page('ru-ru/guide/start'), '/azure/overview')).toEqual({ kind: 'outside', url: 'https://learn.microsoft.com/azure/overview' });
    expect(resolveLink(site, page('de-de/guide/start'), '/azure/overview')).toMatchObject({ kind: 'broken', reason: expect.stringContaining('publishing host') });
    // A URL of the site itself, written out, is a page.
    expect(linkTarget(site, page('ru-ru/guide/start'), '/ru-ru/guide/details/')).toEqual({ kind: 'slug', slug: 'guide/details', anchor: '' });
  });

  it('lists each page\'s backlinks from the pages of the same locale, titles in that locale', () => {
    expect(backlinksOf(site, 'ru-ru', 'guide/details')).toEqual([{ url: '/ru-ru/guide/start/', title: 'Начало' }]);
    expect(backlinksOf(site, 'ru-ru', 'guide/start')).toEqual([{ url: '/ru-ru/guide/details/', title: 'Подробности' }]);
    // de-de has no details page: the German start page links to its English fallback.
    expect(backlinksOf(site, 'de-de', 'guide/details')).toEqual([{ url: '/de-de/guide/start/', title: 'Anfang' }]);
    expect(backlinksOf(site, 'en', 'guide/start')).toEqual([{ url: '/en/guide/details/', title: 'Details' }]);
  });

  it('reads link destinations outside code only', () => {
    expect(linkDestinations('[a](x.md) `[b](y.md)`\n\n```\n[c](z.md)\n```\n![i](m.png)')).toEqual(['x.md', 'm.png']);
  });
});

let work: string;
let out: string;
let scratch: string;
let report: BrokenLinkReport;
const SAMPLE = ['account-structure.md', 'billing.md', 'manage-locations.md', 'customer-self-support.md', 'overview.md', 'partner-center-account-setup.md', 'TOC.yml'];
const html = (path: string) => readFile(join(out, path, 'index.html'), 'utf8');
/** The marks of links to no page in one HTML file. */
const marks = (text: string) => (text.match(/class="bt-broken-link"|class="bt-card bt-card-broken"/g) ?? []).length;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-nav-'));
  out = join(work, 'out');
  const roots: string[] = [RU_ROOT, DE_ROOT];
  for (const name of [RU, DE]) {
    const target = join(work, name, 'partner-center');
    await mkdir(join(target, 'announcements'), { recursive: true });
    for (const f of SAMPLE) await cp(join(corpusDir(name), 'partner-center', f), join(target, f));
    await cp(join(corpusDir(name), 'partner-center/announcements/2020-april.md'), join(target, 'announcements/2020-april.md'));
    await cp(join(corpusDir(name), '.openpublishing.publish.config.json'), join(work, name, '.openpublishing.publish.config.json'));
    roots.push(join(work, name));
  }
  ({ scratch } = await buildSiteInChild({ content: roots, out, cacheDir: join(work, 'cache') }, 'nav'));
  report = JSON.parse(await readFile(join(`${out}-reports`, 'broken-links.json'), 'utf8')) as BrokenLinkReport;
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('built site navigation', () => {
  it('has no internal <a href> to a path that is not in the output', async () => {
    const crawl = await crawlInternalLinks(out);
    expect(crawl.files).toBeGreaterThan(30);
    expect(crawl.links).toBeGreaterThan(200);
    expect(crawl.dead).toEqual([]);
  });

  it('reports each link to no page with its source file, line and column, per locale', () => {
    const start = join(RU_ROOT, 'guide/start.md');
    const ru = report.locales['ru-ru']!.links.filter((l) => l.file.endsWith(join('nav.ru-ru', 'guide', 'start.md')));
    // The translation's link, not the English one later on the same line.
    expect(ru).toContainEqual(expect.objectContaining({ href: 'old-page.md', ...positionIn(start, 'old-page.md'), page: 'ru-ru/guide/start' }));
    expect(ru).toContainEqual(expect.objectContaining({ href: 'removed.md', ...positionIn(start, 'removed.md'), page: 'ru-ru/guide/start' }));
    expect(ru.map((l) => l.href).sort()).toEqual(['old-page.md', 'removed.md']);
    // The English page was rebuilt from the Russian file: its links are found on the source side.
    const en = report.locales.en!.links.find((l) => l.page === 'en/guide/start' && l.href === 'old-page.md')!;
    const firstRu = readFileSync(start, 'utf8').indexOf('old-page.md');
    expect(en).toMatchObject(positionIn(start, 'old-page.md', firstRu + 1));
    const de = report.locales['de-de']!.links.filter((l) => l.page === 'de-de/guide/start');
    expect(de.map((l) => l.href).sort()).toEqual(['/azure/overview', 'old-page.md', 'removed.md']);
    expect(de.find((l) => l.href === '/azure/overview')!.reason).toContain('publishing host');
    // The real corpus sample links to many documents it does not contain.
    expect(report.locales['ru-ru']!.links.some((l) => l.file.includes(join(RU, 'partner-center')) && l.line > 0)).toBe(true);
    for (const section of Object.values(report.locales)) for (const l of section.links) expect(l.line, `${l.page} ${l.href}`).toBeGreaterThan(0);
  });

  it('marks every reported link on its page, and reports every mark', async () => {
    const byPage = new Map<string, number>();
    // A link to an anchor its page lacks still leads to the page: it is reported, not marked.
    for (const section of Object.values(report.locales)) for (const l of section.links) if (l.anchor === undefined) byPage.set(l.page, (byPage.get(l.page) ?? 0) + 1);
    for (const [id, count] of byPage) expect(marks(await html(id)), id).toBe(count);
    const text = await html('ru-ru/guide/start');
    expect(text).toMatch(/<span class="bt-broken-link" title="[^"]*old-page\.md">старую страницу <small class="bt-broken-mark">⚠\u00a0\(страница отсутствует\)<\/small><\/span>/);
    expect(text).not.toMatch(/href="[^"]*(old-page|removed)/);
  });

  it('renders related sections as labelled card navigation in the reader\'s locale', async () => {
    const ru = await html('ru-ru/guide/start');
    const next = /<nav class="bt-related not-content" aria-label="Дальнейшие действия"[^>]*>([\s\S]*?)<\/nav>/.exec(ru)?.[1] ?? '';
    expect(next).toContain('<a class="bt-card" href="/ru-ru/guide/details/"><span class="bt-card-title">Подробности</span><span class="bt-card-desc">Все подробности о руководстве.</span></a>');
    expect(next).toMatch(/<a class="bt-card" href="https:\/\/example\.com\/product"><span class="bt-card-title">Посетите сайт продукта\.<\/span><span class="bt-card-desc bt-card-host">example\.com<\/span><\/a>/);
    expect(next).toContain('bt-card-broken');
    expect(ru).toMatch(/aria-label="Дополнительные ресурсы"[\s\S]*?href="https:\/\/learn\.microsoft\.com\/azure\/overview"/);
    expect(ru).toMatch(/aria-label="См\. также"[\s\S]*?href="\/ru-ru\/guide\/details\/"/);
    // German: the details page exists only in English; the card says so.
    const de = await html('de-de/guide/start');
    expect(de).toMatch(/aria-label="Nächste Schritte"[\s\S]*?<a class="bt-card" href="\/de-de\/guide\/details\/" hreflang="en" lang="en"><span class="bt-card-title">Details <span class="bt-lang-mark">\(English\)<\/span>/);
    // An untranslated "Next Steps" heading, and a real corpus page.
    expect(await html('ru-ru/guide/details')).toMatch(/aria-label="Next Steps"[\s\S]*?href="\/ru-ru\/guide\/start\/"/);
    const corpus = await html('de-de/partner-center/billing');
    expect(corpus).toMatch(/<nav class="bt-related not-content" aria-label="Nächste Schritte"/);
    expect(corpus).not.toMatch(/data-ttu-id|sxs-lookup/);
  });

  it('wraps each sidebar in Starlight\'s state persister, with one hash per navigation', async () => {
    const persister = (text: string) => [...text.matchAll(/<sl-sidebar-state-persist data-hash="([^"]+)"/g)].map((m) => m[1]);
    const [billing, overview, german] = await Promise.all(['ru-ru/partner-center/billing', 'ru-ru/partner-center/overview', 'de-de/partner-center/billing'].map(html));
    for (const text of [billing, overview, german]) {
      expect(persister(text!)).toHaveLength(1);
      // The sidebar is inside it, the persister's two scripts around it.
      const inside = text!.slice(text!.indexOf('<sl-sidebar-state-persist'), text!.indexOf('</sl-sidebar-state-persist>'));
      expect(inside).toContain('aria-current="page"');
      expect(inside.match(/<script/g)).toHaveLength(2);
    }
    expect(persister(billing!)).toEqual(persister(overview!));
    expect(persister(german!)).not.toEqual(persister(billing!));
  });

  it('lists the pages that link here, in the locale', async () => {
    const ru = await html('ru-ru/guide/details');
    expect(ru).toMatch(/<nav class="bt-backlinks" aria-labelledby="bt-backlinks-title"[^>]*><h2 id="bt-backlinks-title">Страницы со ссылками на эту<\/h2><ul><li><a href="\/ru-ru\/guide\/start\/">Начало<\/a><\/li><\/ul><\/nav>/);
    expect(await html('en/partner-center/manage-locations')).toMatch(/<nav class="bt-backlinks"[\s\S]*?href="\/en\/partner-center\/account-structure\/"/);
  });
});
