/**
 * Moved pages and fallback pages that keep the reader's language.
 *
 * Fixtures written for this test (test/fixtures/site-i18n): a Russian corpus whose redirection
 * file moves `guide/old-name.md` to `guide/new-name.md` (plus a chain, a page gone to another
 * site, a target that is nowhere, and the trailing comma DocFX tolerates), and a German corpus
 * that still has the document at its old path, plus pages only German has. The real check: the
 * Russian and German partner-center corpora, where German keeps 19 reports at `pci-*` paths that
 * Russian moved to `insights-*`.
 *
 * One small build of the fixtures checks the HTML: redirect pages (meta refresh and canonical)
 * and the links of an English fallback page shown in /ru-ru/.
 */
import { readFile, rm } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackPageHtml } from '../src/site/fallback-links.ts';
import { resolveLink } from '../src/site/links.ts';
import { loadSite } from '../src/site/model.ts';
import { redirectPageFile, redirectPageHtml } from '../src/site/redirect-pages.ts';
// Astro's own redirect page, which the site's redirect pages must equal.
import { redirectTemplate } from '../node_modules/astro/dist/core/routing/3xx.js';
import { corpusDir, DE, RU } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/site-i18n/', import.meta.url));
const RU_ROOT = join(FIXTURES, 'moved.ru-ru');
const DE_ROOT = join(FIXTURES, 'moved.de-de');
const site = await loadSite({ content: [RU_ROOT, DE_ROOT] });

describe('redirects in the site model', () => {
  it('builds a document found at a redirected path at its new path, once per locale', () => {
    const ids = [...site.pages.keys()];
    expect(ids.filter((id) => id.includes('old-name'))).toEqual([]);
    const moved = site.pages.get('de-de/guide/new-name')!;
    expect(moved.file).toBe(join(DE_ROOT, 'guide/old-name.md'));
    expect(moved.title).toBe('Neuer Name');
    expect(site.pages.get('ru-ru/guide/new-name')!.kind).toBe('sxs');
    expect(ids.filter((id) => id.startsWith('en/guide/'))).toHaveLength(4);
  });

  it('serves each old path in every locale as a redirect to the new page of that locale', () => {
    expect(site.redirects.get('/ru-ru/guide/old-name')).toBe('/ru-ru/guide/new-name/');
    expect(site.redirects.get('/de-de/guide/old-name')).toBe('/de-de/guide/new-name/');
    expect(site.redirects.get('/en/guide/old-name')).toBe('/en/guide/new-name/');
    // A chain is followed to its end, keeping the first anchor; a relative target is read from the source's folder.
    expect(site.redirects.get('/ru-ru/guide/chain-a')).toBe('/ru-ru/guide/new-name/#part');
    expect(site.redirects.get('/de-de/guide/chain-b')).toBe('/de-de/guide/new-name/');
    expect(site.redirects.get('/ru-ru/guide/gone')).toBe('https://example.com/gone');
    // A redirect stub (`redirect_url` in its front matter) is no page, only a redirect.
    expect(site.redirects.get('/ru-ru/guide/stub')).toBe('/ru-ru/guide/links/');
    expect(site.pages.has('en/guide/stub')).toBe(false);
    expect(site.pages.get('en/guide/links')?.title).toBe('Links');
    // A target that is no page and no URL gives no redirect.
    expect([...site.redirects.keys()].some((k) => k.includes('nowhere'))).toBe(false);
  });

  it('sends links to an old path to the new page, anchor kept, in TOCs too', () => {
    const links = site.pages.get('ru-ru/guide/links')!;
    expect(resolveLink(site, links, 'old-name.md')).toMatchObject({ kind: 'page', url: '/ru-ru/guide/new-name/' });
    expect(resolveLink(site, links, 'old-name.md#part')).toMatchObject({ kind: 'page', url: '/ru-ru/guide/new-name/#part' });
    expect(resolveLink(site, links, 'chain-a.md')).toMatchObject({ kind: 'page', url: '/ru-ru/guide/new-name/' });
    // A page redirected off the site: the link goes where it moved.
    expect(resolveLink(site, links, 'gone.md')).toMatchObject({ kind: 'outside', url: 'https://example.com/gone' });
    const onlyDe = site.pages.get('de-de/guide/only-de')!;
    expect(resolveLink(site, onlyDe, 'old-name.md')).toMatchObject({ kind: 'page', url: '/de-de/guide/new-name/' });
    const deNav = JSON.stringify(site.nav.get('de-de/guide'));
    expect(deNav).toContain('"slug":"guide/new-name"');
    expect(deNav).not.toContain('old-name');
  });

  it('reports a redirection file that is not JSON and builds the rest', async () => {
    const { mkdir, writeFile, cp } = await import('node:fs/promises');
    const dir = await mkdtemp(join(tmpdir(), 'bitext-redirect-'));
    try {
      await mkdir(join(dir, 'bad.ru-ru'));
      await cp(join(RU_ROOT, 'guide'), join(dir, 'bad.ru-ru', 'guide'), { recursive: true });
      await writeFile(join(dir, 'bad.ru-ru', '.openpublishing.redirection.json'), '{ "redirections": [ { "source_path": ');
      const bad = await loadSite({ content: [join(dir, 'bad.ru-ru')] });
      const d = bad.diagnostics.find((x) => x.code === 'redirection-invalid');
      expect(d?.severity).toBe('error');
      expect(d?.message).toMatch(/not valid JSON/);
      expect(bad.pages.has('ru-ru/guide/new-name')).toBe(true);
      // The stub's own redirect still works; the file's do not.
      expect([...bad.redirects.keys()].filter((k) => !k.endsWith('/guide/stub'))).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('redirect pages', () => {
  const cases: [string, string, string | undefined][] = [
    ['/ru-ru/guide/old-name', '/ru-ru/guide/new-name/', 'https://docs.example.com'],
    ['/ru-ru/guide/chain-a', '/ru-ru/guide/new-name/#part', 'https://docs.example.com/base/'],
    ['/de-de/guide/gone', 'https://example.com/gone?a=1&b="2"', undefined],
    ['/ja-jp/ガイド/古い', '/ja-jp/ガイド/新しい/', 'https://docs.example.com'],
    ['/', '/en/', undefined],
  ];
  it.each(cases)('are Astro\'s redirect page, byte for byte: %s → %s', (from, to, siteUrl) => {
    const requested = from === '/' ? '/' : `${from}/`;
    const astro = redirectTemplate({ status: 301, absoluteLocation: siteUrl ? new URL(to, siteUrl) : to, relativeLocation: to, from: new URL(requested, 'http://localhost').pathname }).replaceAll('\n', '');
    expect(redirectPageHtml(from, to, siteUrl)).toBe(astro);
  });

  it('are written inside the site folder only', () => {
    expect(redirectPageFile('/site', '/ru-ru/guide/old-name')).toBe('/site/ru-ru/guide/old-name/index.html');
    expect(redirectPageFile('/site', '/')).toBe('/site/index.html');
    expect(redirectPageFile('/site', '/../../etc/x')).toBeUndefined();
  });
});

describe('links of an English fallback page shown in another locale', () => {
  const html =
    '<p>Read the <a href="/en/guide/links/">links</a>, the <a href="/en/guide/new-name/#part">new name</a>, ' +
    'the <a href="/en/guide/extra/">extra</a> and <a href="https://example.com/">elsewhere</a>.</p>' +
    '<nav class="bt-related"><ul><li><a class="bt-card" href="/en/guide/extra/"><span class="bt-card-title">Extra</span></a></li></ul></nav>';

  it('go to the reader-locale page where it exists, else to the English page marked "(English)"', () => {
    const ru = fallbackPageHtml(site, html, 'ru-ru');
    expect(ru).toContain('<a href="/ru-ru/guide/links/">links</a>,');
    expect(ru).toContain('<a href="/ru-ru/guide/new-name/#part">new name</a>,');
    expect(ru).toContain('<a href="/ru-ru/guide/extra/" hreflang="en">extra</a> <span class="bt-lang-mark" lang="en">(English)</span>');
    expect(ru).toContain('<a class="bt-card" href="/ru-ru/guide/extra/" hreflang="en"><span class="bt-card-title">Extra <span class="bt-lang-mark" lang="en">(English)</span></span></a>');
    expect(ru).toContain('<a href="https://example.com/">elsewhere</a>');
    expect(ru).not.toContain('href="/en/');
    expect(fallbackPageHtml(site, html, 'en')).toBe(html);
  });
});

describe('the Russian and German partner-center corpora', () => {
  it('serve the 19 reports German keeps at pci-* from insights-*, never as a fallback', { timeout: 180_000 }, async () => {
    const corpora = await loadSite({ content: [corpusDir(RU), corpusDir(DE)] });
    const moved = [...corpora.redirects].filter(([from, to]) => from.startsWith('/ru-ru/partner-center/pci-') && to.startsWith('/ru-ru/partner-center/insights-'));
    expect(moved.length).toBeGreaterThanOrEqual(19);
    let germanMoved = 0;
    for (const [from, to] of moved) {
      const slug = to.slice('/ru-ru/'.length).replace(/\/(#.*)?$/, '');
      const oldSlug = from.slice('/ru-ru/'.length);
      // Russian has the page at the new path: a real page there, and the old path redirects to it.
      expect(corpora.pages.get(`ru-ru/${slug}`)?.kind, slug).toBe('sxs');
      for (const locale of ['en', 'ru-ru', 'de-de']) expect(corpora.pages.has(`${locale}/${oldSlug}`), `${locale}/${oldSlug}`).toBe(false);
      if (corpora.pages.get(`de-de/${slug}`)?.file.includes('/pci-')) germanMoved++;
    }
    expect(germanMoved).toBe(19);
    // One English page per document.
    const english = [...corpora.pages.keys()].filter((id) => id.startsWith('en/partner-center/'));
    expect(english.filter((id) => id.includes('/pci-'))).toEqual([]);
  });
});

describe('a build of the fixtures', () => {
  let work: string;
  let out: string;
  let scratch: string | undefined;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'bitext-redirects-'));
    out = join(work, 'out');
    ({ scratch } = await buildSiteInChild({ content: [RU_ROOT, DE_ROOT], out, cacheDir: join(work, 'cache') }, 'redirects'));
  }, 300_000);
  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('writes a redirect page with meta refresh and canonical link at each old path', async () => {
    const html = await readFile(join(out, 'ru-ru/guide/old-name/index.html'), 'utf8');
    expect(html).toMatch(/<meta http-equiv="refresh" content="0;url=\/ru-ru\/guide\/new-name\/">/);
    expect(html).toMatch(/<link rel="canonical" href="[^"]*\/ru-ru\/guide\/new-name\/">/);
    expect(existsSync(join(out, 'de-de/guide/new-name/index.html'))).toBe(true);
    const german = await readFile(join(out, 'de-de/guide/new-name/index.html'), 'utf8');
    expect(german).toContain('Text der Seite.');
  });

  it('keeps the links of an English fallback page in the reader\'s locale', async () => {
    const html = await readFile(join(out, 'ru-ru/guide/only-de/index.html'), 'utf8');
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    expect(main).toContain('href="/ru-ru/guide/links/"');
    expect(main).toContain('href="/ru-ru/guide/new-name/#part"');
    expect(main).toMatch(/href="\/ru-ru\/guide\/extra\/" hreflang="en">extra<\/a> <span class="bt-lang-mark" lang="en">\(English\)<\/span>/);
    expect(main).not.toMatch(/href="\/en\//);
  });
});
