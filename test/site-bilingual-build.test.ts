/**
 * One small build (test/fixtures/site-bilingual: ru-RU MT and HT pages in two docsets, one de-DE
 * MT page) with an XLIFF file in which a translator reviewed some units, edited one and broke the
 * codes of another. Checked in the HTML: the badge, the English of each MT sentence (hidden,
 * lang="en", ignored by Pagefind), the docset filter, the merge-back and its report. Checked in
 * Chromium: the reading-mode toggle (three positions, keyboard, remembered across pages, axe),
 * the tooltip and the side-by-side view, and search in Russian (stemming, docset filter, English
 * kept out, UI strings in Russian).
 *
 * The build runs in a child process with a scratch working folder inside the repository, as in
 * site-build.test.ts.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { pagefindView } from '../src/site/pagefind-bundle.ts';
import { writeXliff, xliffPath } from '../src/pipeline/extract.ts';
import { documentToXliff } from '../src/xliff/units.ts';
import { openSearchDialog, openSite, runAxe, type SiteSession } from './support/browser.ts';
import { buildSiteInChild } from './support/site-build.ts';

const CONTENT = fileURLToPath(new URL('./fixtures/site-bilingual/', import.meta.url));
const MT_PAGE = 'ru-ru/guide/subscriptions/';

let work: string;
let out: string;
let scratch: string;
let buildLog = '';

/** The translator's work: three units reviewed, one edited, one reviewed but with a code dropped, the title edited. */
async function writeTranslatorXliff(dir: string): Promise<void> {
  const path = 'guide/subscriptions.md';
  const doc = parseSxs(await readFile(join(CONTENT, 'sxs.ru-ru', path), 'utf8'), path);
  const file = documentToXliff(doc, '1.2', 'ru-RU');
  const unit = (id: string) => file.units.find((u) => u.id === id)!;
  for (const id of ['a1b2c-104', 'a1b2c-105', 'a1b2c-106']) unit(id).state = 'signed-off';
  Object.assign(unit('a1b2c-107'), { target: ['Выберите нужного клиента в списке.'], state: 'translated', qualifier: undefined });
  Object.assign(unit('a1b2c-108'), { target: ['Нажмите Renew и подтвердите.'], state: 'signed-off', qualifier: undefined });
  // The page title, as a translator edits it: the title unit.
  Object.assign(file.units.find((u) => u.metadata === 'title')!, { target: ['Подписки: управление и продление'], state: 'translated', qualifier: undefined });
  const target = xliffPath(dir, 'ru-RU', path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, writeXliff(file, '1.2'));
}


beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-bilingual-'));
  out = join(work, 'out');
  await writeTranslatorXliff(join(work, 'xliff'));
  let log: string;
  ({ scratch, log } = await buildSiteInChild({ content: [CONTENT], xliff: join(work, 'xliff'), out, cacheDir: join(work, 'cache') }, 'bilingual'));
  buildLog = log;
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const page = (path: string) => readFile(join(out, path, 'index.html'), 'utf8');
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

describe('bilingual build', () => {
  it('merges the XLIFF targets, keeps the corpus target of a unit with broken codes, and reports it', async () => {
    const html = await page(MT_PAGE);
    expect(html).toContain('Выберите нужного клиента в списке.');
    expect(html).not.toContain('>Выберите клиента в списке.');
    expect(html).toMatch(/Нажмите <code[^>]*>Renew<\/code> и подтвердите\./);
    // The edited title unit is the page's <title>; the page heading is the body's H1 unit.
    expect(html).toMatch(/<title>Подписки: управление и продление \|/);
    expect(html).toMatch(/<h1[^>]*>Управление подписками<\/h1>/);
    expect(buildLog).toMatch(/XLIFF from .*: 1 of 1 files merged, \d+ units \(2 edited, 3 reviewed\); 1 kept the corpus target for broken codes/);
    const report = JSON.parse(await readFile(join(`${out}-reports`, 'xliff.json'), 'utf8')) as { summary: { rejected: number }; diagnostics: { code: string; message: string }[] };
    expect(report.summary.rejected).toBe(1);
    expect(report.diagnostics.some((d) => d.code === 'xliff-codes' && d.message.includes('a1b2c-108'))).toBe(true);
  });

  it('states where the text comes from: shares of machine translated and reviewed sentences from XLIFF, else the translation type', async () => {
    // 3 reviewed; 1 sentence edited by the translator (and the title); 12 machine translated (the refused unit keeps the MT corpus text).
    expect(await page(MT_PAGE)).toContain('<span class="bt-badge" data-kind="machine" title="Перевод">Машинный перевод: 12 из 16 предложений · проверено: 3</span>');
    expect(await page('ru-ru/billing/invoices/')).toContain('data-kind="machine" title="Перевод">Машинный перевод</span>');
    expect(await page('ru-ru/guide/people/')).toContain('data-kind="human" title="Перевод">Перевод выполнен человеком</span>');
    expect(await page('de-de/guide/subscriptions/')).toContain('>Maschinell übersetzt</span>');
    expect(await page('en/guide/subscriptions/')).not.toContain('bt-badge');
  });

  it('gives every MT sentence its English, hidden, lang="en" and out of search; no reading mode on HT pages', async () => {
    const html = await page(MT_PAGE);
    const sentences = [...html.matchAll(/<span class="bt" data-bt="(\d+)">/g)].map((m) => m[1]);
    const block = /<div class="bt-sources" hidden lang="en" data-pagefind-ignore="all">([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '';
    // 15 sentences; the two of "Next steps" are navigation cards (the linked pages' titles).
    expect(sentences.length).toBe(13);
    // Every wrapped sentence has its English (the block also holds the sources of the card
    // sentences, which are hidden and out of search like the rest).
    const sources = new Set([...block.matchAll(/data-bt-src="(\d+)"/g)].map((m) => m[1]));
    expect(sentences.filter((k) => !sources.has(k))).toEqual([]);
    expect(block).toContain('Every subscription belongs to one customer.');
    // The script carries the sentences' unit ids and marks, and the document a suggestion names.
    expect(html).toMatch(/<script src="\/_bitext\/bilingual.js" data-bt-doc="[^"]+" data-bt-locale="ru-RU" data-bt-units="\{[^"]+\}" data-bt-marks="[^"]*" data-bt-strings="[^"]+"><\/script>/);
    expect(html).toMatch(/<fieldset class="bt-mode"><legend>Английский оригинал<\/legend>/);
    // An HT page has its sentences and their English too (stale marks, suggestions), but no reading mode.
    const people = await page('ru-ru/guide/people/');
    expect(people).toMatch(/class="bt"/);
    expect(people).not.toMatch(/bt-mode/);
  });

  it('keeps English out of the title, sidebar and page TOC of an MT page', async () => {
    const html = await page(MT_PAGE);
    expect(html).toMatch(/<title>Подписки: управление и продление/); // the translator's title (see writeTranslatorXliff)
    expect(html).toContain('<h1 id="_top"');
    const outside = html.replace(/<div class="bt-sources"[\s\S]*?<\/div>/, '').replace(/<p class="bt-en bt-en-title"[^>]*>[^<]*<\/p>/, '');
    for (const english of ['Manage subscriptions', 'Renew a subscription', 'Next steps', 'belongs to one customer']) expect(outside).not.toContain(english);
    expect(html).toContain('<p class="bt-en bt-en-title" lang="en" data-pagefind-ignore="all">Manage subscriptions</p>');
    expect(html).not.toMatch(/data-ttu-id|data-stu-id|sxs-lookup/);
  });

  it('puts the docset in a Pagefind filter inside the indexed content, and builds one index per language', async () => {
    expect(main(await page(MT_PAGE))).toContain('<span hidden data-pagefind-filter="docset:guide"></span>');
    expect(main(await page('ru-ru/billing/invoices/'))).toContain('data-pagefind-filter="docset:billing"');
    const entry = JSON.parse(await readFile(join(out, 'pagefind/pagefind-entry.json'), 'utf8')) as { languages: Record<string, unknown> };
    expect(Object.keys(entry.languages).sort()).toEqual(['de-de', 'en', 'ru-ru']);
  });

  it('sends Pagefind less than the page, and Pagefind indexes it as the whole page, file for file', async () => {
    const files = (await readdir(out, { recursive: true })).filter((f) => /^(en|ru-ru|de-de)\/.*index\.html$/.test(f)).sort();
    const pages = await Promise.all(files.map(async (rel) => ({ rel, html: await readFile(join(out, rel)) })));
    const views = pages.map(({ rel, html }) => ({ rel, view: pagefindView(html) })).filter((v): v is { rel: string; view: string } => v.view !== undefined);
    expect(views.length).toBeGreaterThan(5);
    // The MT page's English sources and scripts are not sent.
    const mt = views.find((v) => v.rel === `${MT_PAGE}index.html`)!.view;
    expect(mt).not.toContain('bt-sources');
    expect(mt).not.toContain('<script');
    expect(mt).toContain('data-pagefind-filter="docset:guide"');
    const pagefind = await import('pagefind');
    const indexOf = async (sent: { rel: string; content: string }[]) => {
      const { index } = await pagefind.createIndex();
      if (!index) throw new Error('Pagefind did not start');
      const added = await Promise.all(sent.map(({ rel, content }) => index.addHTMLFile({ sourcePath: rel, content })));
      const got = await index.getFiles();
      await index.deleteIndex();
      expect([...added.flatMap((a) => a.errors), ...got.errors]).toEqual([]);
      return new Map(got.files.map((f) => [f.path, Buffer.from(f.content).toString('base64')]));
    };
    try {
      const whole = await indexOf(pages.filter((p) => views.some((v) => v.rel === p.rel)).map(({ rel, html }) => ({ rel, content: html.toString('utf8') })));
      const sent = await indexOf(views.map(({ rel, view }) => ({ rel, content: view })));
      expect(whole.size).toBeGreaterThan(10);
      expect(sent).toEqual(whole);
    } finally {
      await pagefind.close();
    }
  }, 60_000);
});

describe('bilingual reading mode and search in the browser', () => {
  let site: SiteSession;
  let tab: Page;

  beforeAll(async () => {
    site = await openSite(out);
    tab = site.tab;
  }, 60_000);

  afterAll(async () => {
    await site?.close();
  });

  /** axe violations beyond those Starlight's own pages have (measured on the HT page, which has no reading mode). */
  let baseline: string[] = [];
  const newViolations = async () => (await runAxe(tab)).filter((v) => !baseline.includes(v.id));
  const mode = () => tab.evaluate(() => document.documentElement.getAttribute('data-bt-mode'));
  const tipText = () => tab.evaluate(() => {
    const tip = document.getElementById('bt-tip');
    return tip && !tip.hidden ? tip.textContent : null;
  });

  it('starts off; the radio group moves by keyboard to hover, where sentences take focus and show their English', async () => {
    await tab.goto(`${site.url}/ru-ru/guide/people/`);
    baseline = (await runAxe(tab)).map((v) => v.id);
    await tab.goto(`${site.url}/${MT_PAGE}`);
    expect(await newViolations()).toEqual([]);
    expect(await mode()).toBe('off');
    expect(await tab.locator('.bt[tabindex]').count()).toBe(0);
    await tab.focus('input[name="bt-mode"][value="off"]');
    await tab.keyboard.press('ArrowRight');
    expect(await mode()).toBe('hover');
    expect(await tab.isChecked('input[value="hover"]')).toBe(true);
    // The next tab stop after the control is the first sentence.
    await tab.keyboard.press('Tab');
    const focused = await tab.evaluate(() => ({ bt: document.activeElement?.getAttribute('data-bt'), described: document.activeElement?.getAttribute('aria-describedby') }));
    expect(focused).toEqual({ bt: '1', described: 'bt-tip' });
    expect(await tipText()).toBe('Every subscription belongs to one customer.');
    expect(await tab.getAttribute('#bt-tip', 'lang')).toBe('en');
    expect(await tab.getAttribute('#bt-tip', 'role')).toBe('tooltip');
    // The sentences are one tab stop; the arrow keys move between them.
    expect(await tab.locator('.bt[tabindex="0"]').count()).toBe(1);
    await tab.keyboard.press('ArrowDown');
    expect(await tab.evaluate(() => document.activeElement?.getAttribute('data-bt'))).toBe('2');
    expect(await tab.locator('.bt[tabindex="0"]').getAttribute('data-bt')).toBe('2');
    await tab.keyboard.press('ArrowUp');
    expect(await tab.evaluate(() => document.activeElement?.getAttribute('data-bt'))).toBe('1');
    await tab.keyboard.press('End');
    const last = await tab.evaluate(() => document.activeElement?.getAttribute('data-bt'));
    expect(Number(last)).toBeGreaterThan(5);
    await tab.keyboard.press('Home');
    await tab.keyboard.press('Tab');
    expect(await tab.evaluate(() => document.activeElement?.classList.contains('bt') ?? false)).toBe(false);
    await tab.keyboard.press('Shift+Tab');
    expect(await tab.evaluate(() => document.activeElement?.getAttribute('data-bt'))).toBe('1');
    await tab.keyboard.press('Escape');
    expect(await tipText()).toBeNull();
    // A link whose text is a sentence: the link is the tab stop and gets the description.
    const sentenceLink = 'a:has(> .bt)[href="/ru-ru/billing/invoices/"]';
    await tab.focus(sentenceLink);
    expect(await tipText()).toBe('Check the invoices');
    expect(await tab.getAttribute(sentenceLink, 'aria-describedby')).toBe('bt-tip');
    expect(await newViolations()).toEqual([]);
    await tab.keyboard.press('Escape');
    await tab.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  });

  it('shows the English on hover only after a pause, and hides it when the pointer leaves', async () => {
    const sentence = tab.locator('.bt[data-bt="4"]');
    await sentence.hover();
    expect(await tipText()).toBeNull();
    await tab.waitForFunction(() => !document.getElementById('bt-tip')!.hidden, undefined, { timeout: 2000 });
    expect(await tipText()).toBe('Select the customer in the list.');
    await tab.mouse.move(5, 5);
    await tab.waitForFunction(() => document.getElementById('bt-tip')!.hidden, undefined, { timeout: 2000 });
  });

  it('side by side puts the English beside each block, stacked on a narrow screen, and is remembered across pages', async () => {
    await tab.focus('input[name="bt-mode"][value="hover"]');
    await tab.keyboard.press('ArrowRight');
    expect(await mode()).toBe('sbs');
    expect(await tab.locator('.bt[tabindex]').count()).toBe(0);
    const english = tab.locator('.sl-markdown-content .bt-en');
    expect(await english.count()).toBeGreaterThan(8);
    expect(await english.first().getAttribute('lang')).toBe('en');
    expect(await tab.locator('.bt-row .bt-en', { hasText: 'Every subscription belongs to one customer.' }).isVisible()).toBe(true);
    expect(await tab.locator('.bt-en-heading', { hasText: 'Renew a subscription' }).isVisible()).toBe(true);
    expect(await tab.locator('.bt-en-title').isVisible()).toBe(true);
    const columns = () => tab.evaluate(() => getComputedStyle(document.querySelector('p > .bt-row')!).gridTemplateColumns.split(' ').length);
    expect(await columns()).toBe(2);
    expect(await tab.evaluate(() => document.querySelectorAll('.sl-markdown-content [id]').length)).toBe(await tab.evaluate(() => new Set([...document.querySelectorAll('.sl-markdown-content [id]')].map((e) => e.id)).size));
    expect(await newViolations()).toEqual([]);
    // Table cells stack the English under the translation: nothing sticks out of its cell.
    const overflowingCells = () => tab.evaluate(() => [...document.querySelectorAll('.sl-markdown-content :is(td, th)')].filter((cell) => {
      const box = cell.getBoundingClientRect();
      return [...cell.querySelectorAll('.bt-tr, .bt-en')].some((part) => { const r = part.getBoundingClientRect(); return r.right > box.right + 1 || r.left < box.left - 1; });
    }).length);
    expect(await tab.locator('td .bt-en').count()).toBeGreaterThan(0);
    expect(await overflowingCells()).toBe(0);
    try {
      await tab.setViewportSize({ width: 390, height: 800 });
      expect(await columns()).toBe(1);
      expect(await overflowingCells()).toBe(0);
    } finally {
      await tab.setViewportSize({ width: 1280, height: 900 });
    }

    await tab.goto(`${site.url}/ru-ru/billing/invoices/`);
    expect(await mode()).toBe('sbs');
    expect(await tab.isChecked('input[value="sbs"]')).toBe(true);
    expect(await tab.locator('.bt-en', { hasText: 'Each subscription gets its own invoice' }).isVisible()).toBe(true);
    await tab.click('label:has(input[value="off"])');
    expect(await mode()).toBe('off');
    expect(await tab.locator('.sl-markdown-content .bt-en').first().isVisible()).toBe(false);
    await tab.goto(`${site.url}/${MT_PAGE}`);
    expect(await mode()).toBe('off');
  });

  it('searches the Russian index with stemming and a docset filter, without the English', async () => {
    await tab.goto(`${site.url}/${MT_PAGE}`);
    // A string, so that the test runner does not rewrite the browser's dynamic import.
    const found = (await tab.evaluate(`(async () => {
      const pagefind = await import('/pagefind/pagefind.js');
      await pagefind.init();
      const urls = async (query, filters) => {
        const search = await pagefind.search(query, filters ? { filters } : {});
        return Promise.all(search.results.map(async (r) => (await r.data()).url));
      };
      return {
        stemmed: await urls('подписки'),
        filtered: await urls('подписки', { docset: 'billing' }),
        english: await urls('belongs'),
        filters: await pagefind.filters(),
      };
    })()`)) as { stemmed: string[]; filtered: string[]; english: string[]; filters: Record<string, Record<string, number>> };
    expect(found.stemmed).toContain('/ru-ru/billing/invoices/');
    expect(found.stemmed).toContain('/ru-ru/guide/subscriptions/');
    expect(found.filtered).toEqual(['/ru-ru/billing/invoices/']);
    expect(found.english).toEqual([]);
    expect(found.filters).toEqual({ docset: { billing: 1, guide: 2 } });
    // The invoices page has no "подписки": it was found through the stem.
    expect(await page('ru-ru/billing/invoices/').then((h) => main(h).replace(/<div class="bt-sources"[\s\S]*?<\/div>/, ''))).not.toContain('подписки');
  });

  it('shows the search UI in Russian', async () => {
    await tab.goto(`${site.url}/ru-ru/guide/people/`);
    const input = await openSearchDialog(tab);
    expect(await input.getAttribute('placeholder')).toBe('Поиск');
    await input.fill('подписка');
    const message = tab.locator('.pagefind-ui__message');
    await tab.locator('.pagefind-ui__result').first().waitFor({ timeout: 10_000 });
    expect(await message.textContent()).toMatch(/^\d+ результат\S* по запросу: подписка$/);
    expect(await tab.locator('.pagefind-ui__search-clear').textContent()).toBe('Очистить поле');
    expect(await tab.locator('.pagefind-ui__form').getAttribute('aria-label')).toBe('Поиск по сайту');
  });
});
