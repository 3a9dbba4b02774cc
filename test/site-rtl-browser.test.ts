/**
 * Right to left in a real browser: an Arabic page of the Dynamics 365 corpus (five documents of
 * the finance docset with its TOC, copied into a temporary folder; the page under test, the
 * Saudi Arabia localization page with its "See also" cards, marked machine translated there, so
 * it has the bilingual reading modes) in all three
 * reading modes. Checked in Chromium: the page, its sidebar, "On this page", the cards of its
 * related section and the search results compute `direction: rtl`; the English of side-by-side
 * and hover modes, and English left inside the Arabic, compute `ltr`; side by side puts the
 * Arabic column on the right; axe-core finds no serious or critical violation. A screenshot of
 * each mode is written to the test's temporary folder (and to BITEXT_SCREENSHOT_DIR when set,
 * to look at).
 */
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSearchDialog, openSite, runAxe, showAllResults, type SiteSession } from './support/browser.ts';
import { SHARED } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';
import { dialogWarmUp, warmUpOf } from './support/search-warm-up.ts';

const AR = join(SHARED, 'corpus-large/Dynamics-365-Operations.ar-sa/articles');
const PAGE = 'localizations/saudi-arabia.md';
const FILES = [PAGE, 'localizations/apac-sau-sales-tax.md', 'asset-leasing/asset-leasing-homepage.md', 'asset-leasing/set-up-lease-books.md', 'asset-leasing/add-lease.md'];
const URL_PATH = '/ar-sa/finance/localizations/saudi-arabia/';

let work: string;
let out: string;
let scratch: string | undefined;

beforeAll(async () => {
  if (!existsSync(AR)) throw new Error(`The large corpus is missing: ${AR} does not exist (../shared/corpus-large).`);
  work = await mkdtemp(join(tmpdir(), 'bitext-rtl-'));
  out = join(work, 'out');
  const root = join(work, 'dynamics.ar-sa', 'finance');
  for (const f of FILES) {
    await mkdir(join(root, f, '..'), { recursive: true });
    await cp(join(AR, 'finance', f), join(root, f));
  }
  await cp(join(AR, 'finance', 'TOC.yml'), join(root, 'TOC.yml'));
  // The corpus is human translated; machine translation is what gives a page its bilingual modes.
  const page = join(root, PAGE);
  await writeFile(page, (await readFile(page, 'utf8')).replace(/^ms\.translationtype: HT$/m, 'ms.translationtype: MT'));
  ({ scratch } = await buildSiteInChild({ content: [join(work, 'dynamics.ar-sa')], out, cacheDir: join(work, 'cache') }, 'rtl'));
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

/** Computed `direction` of the first element matching each selector (undefined when there is none). */
async function directions(tab: Page, selectors: Record<string, string>): Promise<Record<string, string | undefined>> {
  return tab.evaluate((sels) => {
    const out: Record<string, string | undefined> = {};
    for (const [name, sel] of Object.entries(sels)) {
      const el = document.querySelector(sel);
      out[name] = el ? getComputedStyle(el).direction : undefined;
    }
    return out;
  }, selectors);
}

async function screenshot(tab: Page, name: string): Promise<void> {
  const file = join(work, `${name}.png`);
  await tab.screenshot({ path: file, fullPage: false });
  expect(existsSync(file)).toBe(true);
  const keep = process.env.BITEXT_SCREENSHOT_DIR;
  if (keep) {
    await mkdir(keep, { recursive: true });
    await copyFile(file, join(keep, `${name}.png`));
  }
}

describe('an Arabic page in Chromium', () => {
  let site: SiteSession;
  let tab: Page;
  beforeAll(async () => {
    site = await openSite(out);
    tab = site.tab;
    await tab.goto(site.url + URL_PATH);
  }, 60_000);
  afterAll(async () => site && (await site.close()));

  const CHROME = {
    html: 'html',
    content: '.sl-markdown-content p',
    sidebar: '#starlight__sidebar',
    toc: 'starlight-toc',
    cards: 'nav.bt-related',
    title: 'h1#_top',
  };

  it('reads right to left with the original only (mode off), English left in the text marked ltr', { timeout: 120_000 }, async () => {
    await tab.click('label:has(input[name="bt-mode"][value="off"])');
    expect(await tab.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar-SA', 'rtl']);
    const dirs = await directions(tab, CHROME);
    for (const [part, dir] of Object.entries(dirs)) expect(dir, part).toBe('rtl');
    // Sentences machine translation left in English (product names, UI labels) read left to right.
    const english = await tab.evaluate(() => [...document.querySelectorAll('.sl-markdown-content [lang="en"]:not(.bt-sources *):not(.bt-sources)')].map((el) => [el.getAttribute('dir'), getComputedStyle(el).direction]));
    for (const [attr, computed] of english) expect([attr, computed]).toEqual(['ltr', 'ltr']);
    await screenshot(tab, 'ar-off');
    const serious = (await runAxe(tab)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('puts the Arabic on the right and its English, left to right, beside it (side by side)', { timeout: 120_000 }, async () => {
    await tab.click('label:has(input[name="bt-mode"][value="sbs"])');
    await tab.locator('.bt-row .bt-en').first().waitFor({ timeout: 10_000 });
    const dirs = await directions(tab, { ...CHROME, row: '.bt-row', translation: '.bt-row .bt-tr', english: '.bt-row .bt-en', englishTitle: '.bt-en-title' });
    expect(dirs).toMatchObject({ html: 'rtl', content: 'rtl', sidebar: 'rtl', toc: 'rtl', cards: 'rtl', row: 'rtl', translation: 'rtl', english: 'ltr', englishTitle: 'ltr' });
    const [tr, en] = await Promise.all([tab.locator('.bt-row .bt-tr').first().boundingBox(), tab.locator('.bt-row .bt-en').first().boundingBox()]);
    expect(tr && en && tr.x > en.x, 'the Arabic column is right of the English').toBe(true);
    expect(await tab.locator('.bt-row .bt-en').first().getAttribute('dir')).toBe('ltr');
    await screenshot(tab, 'ar-sbs');
    const serious = (await runAxe(tab)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('shows the English of a sentence left to right in hover mode', { timeout: 120_000 }, async () => {
    await tab.click('label:has(input[name="bt-mode"][value="hover"])');
    const sentence = tab.locator('.sl-markdown-content .bt').first();
    await sentence.scrollIntoViewIfNeeded();
    await sentence.hover();
    const tip = tab.locator('#bt-tip');
    await tip.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await tip.evaluate((el) => [el.getAttribute('dir'), getComputedStyle(el).direction])).toEqual(['ltr', 'ltr']);
    expect(await directions(tab, { html: 'html', content: '.sl-markdown-content p', sidebar: '#starlight__sidebar', toc: 'starlight-toc' })).toEqual({ html: 'rtl', content: 'rtl', sidebar: 'rtl', toc: 'rtl' });
    await screenshot(tab, 'ar-hover');
    const serious = (await runAxe(tab)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });

  it('marks English left in an Arabic page left to right', { timeout: 60_000 }, async () => {
    // set-up-lease-books keeps "ASC 840" in English in a table cell.
    await tab.goto(site.url + '/ar-sa/finance/asset-leasing/set-up-lease-books/');
    const english = await tab.evaluate(() =>
      [...document.querySelectorAll('.sl-markdown-content [lang="en"]')].map((el) => [el.textContent, el.getAttribute('dir'), getComputedStyle(el).direction, getComputedStyle(el.parentElement!).direction]),
    );
    expect(english).toContainEqual(['ASC 840', 'ltr', 'ltr', 'rtl']);
    await screenshot(tab, 'ar-english-inside');
  });

  it('lists search results right to left', { timeout: 120_000 }, async () => {
    await tab.goto(site.url + URL_PATH);
    const input = await openSearchDialog(tab);
    await input.fill('الأصول');
    await showAllResults(tab);
    const dirs = await directions(tab, { results: '.pagefind-ui__results', result: '.pagefind-ui__result', excerpt: '.pagefind-ui__result-excerpt', input: '#starlight__search input' });
    expect(dirs).toEqual({ results: 'rtl', result: 'rtl', excerpt: 'rtl', input: 'rtl' });
    await screenshot(tab, 'ar-search');
  });

  it('warms the Arabic search up as the dialog opens: one search, for a word of one index chunk', { timeout: 120_000 }, async () => {
    const expected = await warmUpOf(out, 'ar-sa');
    expect(expected.pages).toBeGreaterThan(0);
    const warmUp = await dialogWarmUp(tab, site.url + URL_PATH);
    expect(warmUp.mark).toBe(true);
    expect(warmUp.chunks).toEqual([expected.chunk.hash]);
    expect(warmUp.fragments).toHaveLength(1);
  });
});
