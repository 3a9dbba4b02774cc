/**
 * The reader site in a real browser (issue 4 §8): Debian's Chromium through playwright-core,
 * against one build of a subset of the real corpus (31 Russian and 29 German documents of the
 * partner-center docset, copied into a temporary folder, with its TOC.yml, landing page and FAQ).
 * The subset holds a chain of "Next steps" links inside itself (chip-intro → chip-users →
 * chip-payment-status), MT and HT pages, two pages missing in German (English fallback there) and
 * a Russian page that says "подписка" but never "подписки" (stemmed search).
 *
 * Checked: a Russian page opens in Russian; the language picker switches to German on the same
 * document; Russian search (Pagefind UI) gives Russian results and finds a page through its stem;
 * the bilingual mode shows the English of a sentence; a "Next steps" card leads to its page;
 * axe-core finds no serious or critical violation on a doc page, the landing page, the FAQ page
 * and a fallback page; opening the search dialog runs the search warm-up in each language (one
 * search for the build's word, which loads the one index chunk holding it), and a language whose
 * index cannot be read gets no word.
 *
 * The build runs once, in a child process whose working folder is a scratch folder inside the
 * repository (as in site-build.test.ts), with the environment Vitest adds removed (with it Astro
 * builds the search box as in dev, without Pagefind).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainText } from '../src/model/markdown/inline.ts';
import { targetView } from '../src/model/views.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { openSearchDialog, openSite, runAxe, showAllResults, type SiteSession } from './support/browser.ts';
import { corpusDir, DE, RU } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';
import { dialogWarmUp, WARM_UP_RANKED, warmUpOf } from './support/search-warm-up.ts';
import { readPagefindEntry } from '../src/site/pagefind-bundle.ts';
import { byPagefindWordOrder, pagefindMetaFile } from '../src/site/pagefind-files.ts';
import { SEARCH_WARM_UP, warmUpWord, writeSearchWarmUp } from '../src/site/search-warm-up.ts';

const DOCSET = 'partner-center';
/** Documents of the docset in both locales. */
const BOTH = [
  // "Next steps" chain, all MT: chip-intro → chip-users → chip-payment-status.
  'chip-intro.md', 'chip-users.md', 'chip-payment-status.md',
  // MT → HT: reset-a-user-password's next step is create-user-accounts-and-set-permissions.
  'reset-a-user-password.md', 'create-user-accounts-and-set-permissions.md',
  'service-principal.md', 'csp-commercial-marketplace-overview.md', 'account-structure.md', 'manage-locations.md',
  // MT; its Russian says "подписка", never "подписки".
  'sell-marketplace-products.md',
  'customer-communication-from-microsoft.md', 'billing.md', 'overview.md', 'csp-overview.md', 'mpn-overview.md',
  'find-ids-and-domain-names.md', 'partner-center-account-setup.md', 'add-a-new-customer.md', 'update-customer-account-info.md',
  'organization-tax-info.md', 'unallocated-payment.md', 'support-from-microsoft.md', 'azure-expert-msp.md', 'mfa-for-users.md',
  'become-global-admin.md', 'renew-mpn-offers.md',
  // Landing page, FAQ page, navigation.
  'index.yml', 'chip-faq.yml', 'TOC.yml',
];
/** Russian only: German readers get the English page. */
const RU_ONLY = ['insights-roles.md', 'insights-programmatic-get-started.md'];

let work: string;
let out: string;
let scratch: string;


beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-browser-'));
  out = join(work, 'out');
  for (const [name, files] of [[RU, [...BOTH, ...RU_ONLY]], [DE, BOTH]] as const) {
    await mkdir(join(work, name, DOCSET), { recursive: true });
    for (const f of files) await cp(join(corpusDir(name), DOCSET, f), join(work, name, DOCSET, f));
  }
  ({ scratch } = await buildSiteInChild({ content: [join(work, RU), join(work, DE)], out, cacheDir: join(work, 'cache') }, 'browser'));
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** The translated title of a corpus document (its H1 on the page). */
/** The `title` field: the page's <title>, and its name on cards that link to it. */
async function titleOf(corpus: string, file: string): Promise<string> {
  const doc = parseSxs(await readFile(join(corpusDir(corpus), DOCSET, file), 'utf8'), `${DOCSET}/${file}`);
  if (!doc.title.target) throw new Error(`${corpus}/${DOCSET}/${file} has no title`);
  return doc.title.target;
}

/** The page's heading: its body H1 as translated. */
async function headingOf(corpus: string, file: string): Promise<string> {
  const doc = parseSxs(await readFile(join(corpusDir(corpus), DOCSET, file), 'utf8'), `${DOCSET}/${file}`);
  const h1 = targetView(doc).split('\n').find((line) => line.startsWith('# '));
  if (!h1) throw new Error(`${corpus}/${DOCSET}/${file} has no H1`);
  // An anchor the author put before the heading's words (<a name="…"></a>) is no text.
  return h1.slice(2).replace(/<a name="[^"]*"><\/a>/g, '').trim();
}

describe('the corpus site in Chromium', () => {
  let site: SiteSession;
  let tab: Page;

  beforeAll(async () => {
    site = await openSite(out);
    tab = site.tab;
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  const url = (path: string) => `${site.url}${path}`;
  const h1 = () => tab.locator('main h1').first().textContent().then((t) => t?.trim());
  const lang = () => tab.evaluate(() => document.documentElement.lang);

  it('opens a Russian page in Russian', async () => {
    const response = await tab.goto(url(`/ru-ru/${DOCSET}/chip-intro/`));
    expect(response?.status()).toBe(200);
    expect(await lang()).toBe('ru-RU');
    expect(await h1()).toBe(await headingOf(RU, 'chip-intro.md'));
    expect(await tab.title()).toMatch(/[а-яё]/i);
    // The sidebar is the docset's TOC in Russian, with the current page marked.
    expect(await tab.locator('nav.sidebar a[aria-current="page"]').getAttribute('href')).toBe(`/ru-ru/${DOCSET}/chip-intro/`);
  });

  it("shows the docset's whole sidebar, which the page carries pruned, its marks and the open groups kept", async () => {
    const path = `/ru-ru/${DOCSET}/chip-intro/`;
    const html = await readFile(join(out, path, 'index.html'), 'utf8');
    const src = /<bt-nav data-src="([^"]+)">/.exec(html)?.[1];
    expect(src).toMatch(/^\/_bitext\/nav\/[0-9a-f]{16}\.json$/);
    const whole = (JSON.parse(await readFile(join(out, src!), 'utf8')) as { html: string }).html;
    const carried = html.slice(html.indexOf('<bt-nav'), html.indexOf('</bt-nav>'));
    const links = (text: string) => text.match(/<a href=/g)?.length ?? 0;
    expect(links(carried)).toBeLessThan(links(whole));
    await tab.goto(url(path));
    const sidebarLinks = tab.locator('nav.sidebar bt-nav a');
    await expect.poll(() => sidebarLinks.count(), { timeout: 30_000 }).toBe(links(whole));
    expect(await tab.locator('nav.sidebar a[aria-current="page"]').getAttribute('href')).toBe(path);
    // The group of the current page is open; a folded group opens onto its entries.
    expect(await tab.locator('nav.sidebar details:has(a[aria-current="page"])').evaluateAll((d) => d.every((e) => (e as HTMLDetailsElement).open))).toBe(true);
    const index = await tab.locator('nav.sidebar details:not([open]) > sl-sidebar-restore').first().getAttribute('data-index');
    const folded = tab.locator(`nav.sidebar details:has(> sl-sidebar-restore[data-index="${index}"])`);
    await folded.locator(':scope > summary').click();
    expect(await folded.getAttribute('open')).toBe('');
    expect(await folded.locator(':scope > ul > li').first().isVisible()).toBe(true);
  });

  it('switches to German with the language picker and lands on the same document', async () => {
    await tab.goto(url(`/ru-ru/${DOCSET}/chip-intro/`));
    const picker = tab.locator('starlight-lang-select select').first();
    await Promise.all([tab.waitForURL(`**/de-de/${DOCSET}/chip-intro/`), picker.selectOption({ label: 'Deutsch' })]);
    expect(await lang()).toBe('de-DE');
    expect(await h1()).toBe(await headingOf(DE, 'chip-intro.md'));
    expect(await tab.locator('starlight-lang-select select').first().inputValue()).toBe(`/de-de/${DOCSET}/chip-intro/`);
  });

  it('lands on the English fallback, marked as English, when the document has no German version', async () => {
    await tab.goto(url(`/ru-ru/${DOCSET}/insights-roles/`));
    await Promise.all([tab.waitForURL(`**/de-de/${DOCSET}/insights-roles/`), tab.locator('starlight-lang-select select').first().selectOption({ label: 'Deutsch' })]);
    expect(await lang()).toBe('en');
    expect(await h1()).toMatch(/[a-z]{3}/i);
    expect(await h1()).not.toMatch(/[а-яё]/i);
  });

  it('searches in Russian and gets Russian results, a stemmed form included', async () => {
    await tab.goto(url(`/ru-ru/${DOCSET}/chip-intro/`));
    const input = await openSearchDialog(tab);
    await input.fill('подписки');
    // Pagefind shows five results, then a "load more" button: take them all, loaded.
    await showAllResults(tab);
    // Every result, sub-results (headings of a page) included, is a Russian page.
    const hrefs = await tab.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs.length).toBeGreaterThan(1);
    for (const href of hrefs) expect(href).toMatch(/^\/ru-ru\//);
    // Page titles and excerpts are Russian text (a sub-result's heading may be a product name, e.g. "Action Pack").
    const titles = await tab.locator('.pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-title').allTextContents();
    const excerpts = await tab.locator('.pagefind-ui__result > .pagefind-ui__result-inner > .pagefind-ui__result-excerpt').allTextContents();
    expect(titles.length).toBeGreaterThan(1);
    for (const text of [...titles, ...excerpts]) expect(text).toMatch(/[а-яё]{3}/i);
    // This page says "подписка" only: Pagefind found it through the Russian stem.
    const stemmed = `/ru-ru/${DOCSET}/sell-marketplace-products/`;
    expect(hrefs).toContain(stemmed);
    const html = await readFile(join(out, stemmed, 'index.html'), 'utf8');
    const indexed = html.slice(html.indexOf('<main'), html.indexOf('</main>')).replace(/<div class="bt-sources"[\s\S]*?<\/div>/, '').replace(/<nav[^>]*data-pagefind-ignore[\s\S]*?<\/nav>/g, '');
    expect(indexed).toContain('подписка');
    expect(indexed).not.toContain('подписки');
  });

  it.each([
    ['ru-ru', `/ru-ru/${DOCSET}/chip-intro/`],
    ['de-de', `/de-de/${DOCSET}/chip-intro/`],
    ['en', `/en/${DOCSET}/chip-intro/`],
  ])('warms the %s search up as the dialog opens: one search, for a word of one index chunk', async (language, path) => {
    const expected = await warmUpOf(out, language);
    // The word is on many pages (the warm-up ranks them as a reader's query does), inside its
    // chunk's range (Pagefind looks a word up in one chunk).
    expect(expected.pages).toBeGreaterThanOrEqual(WARM_UP_RANKED);
    expect(byPagefindWordOrder(expected.chunk.from, expected.word) < 0 && byPagefindWordOrder(expected.word, expected.chunk.to) < 0).toBe(true);
    const warmUp = await dialogWarmUp(tab, url(path));
    expect(warmUp.wordsFetched).toBe(true);
    expect(warmUp.mark).toBe(true);
    // That chunk alone, and the data of one result.
    expect(warmUp.chunks).toEqual([expected.chunk.hash]);
    expect(warmUp.fragments).toHaveLength(1);
  });

  it("draws the search dialog's backdrop in Starlight's overlay colour, without a blur to redraw", async () => {
    await tab.goto(url(`/ru-ru/${DOCSET}/chip-intro/`));
    await openSearchDialog(tab);
    const backdrop = await tab.evaluate(() => {
      const style = getComputedStyle(document.querySelector('site-search dialog')!, '::backdrop');
      return { filter: style.backdropFilter, color: style.backgroundColor };
    });
    expect(backdrop.filter).toBe('none');
    expect(backdrop.color).not.toMatch(/^(transparent|rgba\(0, 0, 0, 0\))$/);
  });

  it('gives no warm-up word to a language whose index cannot be read, and the others theirs', async () => {
    const copy = join(work, 'warm-up-copy');
    await cp(join(out, 'pagefind'), join(copy, 'pagefind'), { recursive: true });
    const { languages } = await readPagefindEntry(copy);
    const written = JSON.parse(await readFile(join(out, SEARCH_WARM_UP), 'utf8')) as Record<string, string>;
    expect(Object.keys(written).sort()).toEqual(['de-de', 'en', 'ru-ru']);
    // Pagefind's metadata of ru-ru cut short, as a disk full or a killed copy leaves it.
    const meta = pagefindMetaFile(join(copy, 'pagefind'), languages!['ru-ru']!.hash);
    await writeFile(meta, (await readFile(meta)).subarray(0, 100));
    await writeSearchWarmUp(copy, languages!);
    expect(JSON.parse(await readFile(join(copy, SEARCH_WARM_UP), 'utf8'))).toEqual({ 'de-de': written['de-de'], en: written.en });
    await expect(warmUpWord(join(copy, 'pagefind'), 'ru-ru', languages!['ru-ru']!)).rejects.toThrow(/pf_meta: not gzip; index the site again/);
  });

  it('shows the English of a sentence in the bilingual mode', async () => {
    await tab.goto(url(`/ru-ru/${DOCSET}/chip-intro/`));
    const doc = parseSxs(await readFile(join(corpusDir(RU), DOCSET, 'chip-intro.md'), 'utf8'), `${DOCSET}/chip-intro.md`);
    const first = tab.locator('.sl-markdown-content p .bt').first();
    const k = Number(await first.getAttribute('data-bt'));
    const english = plainText(doc.segments[k]!.sourceTokens).replace(/\s+/g, ' ').trim();
    expect(english).toMatch(/[a-z]{3}/i);
    // Off: no English in sight.
    expect(await tab.getByText(english, { exact: true }).first().isVisible()).toBe(false);
    await tab.click('label:has(input[name="bt-mode"][value="sbs"])');
    const shown = tab.locator('.bt-row .bt-en', { hasText: english }).first();
    expect(await shown.isVisible()).toBe(true);
    expect(await shown.getAttribute('lang')).toBe('en');
    // Back to off, for the tests after this one (the mode is remembered across pages).
    await tab.click('label:has(input[name="bt-mode"][value="off"])');
    expect(await shown.isVisible()).toBe(false);
  });

  it('follows a "Next steps" card to its page', async () => {
    await tab.goto(url(`/ru-ru/${DOCSET}/chip-intro/`));
    const card = tab.locator('nav.bt-related a.bt-card').first();
    expect(await card.locator('.bt-card-title').textContent()).toContain(await titleOf(RU, 'chip-users.md'));
    await Promise.all([tab.waitForURL(`**/ru-ru/${DOCSET}/chip-users/`), card.click()]);
    expect(await h1()).toBe(await headingOf(RU, 'chip-users.md'));
    // And on from there, one more step down the chain.
    await Promise.all([tab.waitForURL(`**/ru-ru/${DOCSET}/chip-payment-status/`), tab.locator('nav.bt-related a.bt-card').first().click()]);
    expect(await h1()).toBe(await headingOf(RU, 'chip-payment-status.md'));
  });

  it.each([
    ['a doc page', `/ru-ru/${DOCSET}/chip-users/`],
    ['the landing page', `/ru-ru/${DOCSET}/`],
    ['the FAQ page', `/ru-ru/${DOCSET}/chip-faq/`],
    ['an English fallback page', `/de-de/${DOCSET}/insights-roles/`],
  ])('finds no serious or critical axe violation on %s', async (_kind, path) => {
    const response = await tab.goto(url(path));
    expect(response?.status()).toBe(200);
    const violations = (await runAxe(tab)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`)).toEqual([]);
  });
});
