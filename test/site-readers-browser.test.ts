/**
 * What readers of a translated page get (issue 13, items 1–3), in Chromium, on one build of a
 * subset of the real corpus: the Russian documents of the partner-center docset whose English
 * source says "invoice", with their translations in XLIFF the way a team has them after a year:
 * extracted from the 2019 export, then re-extracted from the newer one (units whose English
 * changed are marked as changed, `needs-translation`).
 *
 * Checked: an English query on /ru-ru/ finds the Russian pages through their English source,
 * after the Russian matches, in Russian, marked "matched in English"; a Russian query is
 * unchanged; a sentence whose English changed since translation is marked and shows its current
 * English on keyboard focus; a suggestion made with the keyboard on a page is downloaded and
 * imported (`bitext suggestions import`) into the right unit of the right .xlf, which stays
 * valid; axe finds nothing serious in the search dialog, on the marked page and in the dialog;
 * Pagefind's engine (worker, WebAssembly, metadata) is fetched as the dialog opens, before a word
 * is typed; a first English search downloads under 300 kB from opening the dialog to the reader's
 * results, the English bundle only after them, and each file once (bench/search.ts gives the
 * figures file by file, on a whole site).
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { openSearchDialog, openSite, runAxe, searchDownloads, sendSuggestion, showAllResults, typeAndTime, type SiteSession } from './support/browser.ts';
import { corpusDir, RU, RU_2019 } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';
import { runBitext } from './cli-helpers.ts';
import { readXliff } from '../src/xliff/read.ts';
import { isSourceChanged } from '../src/pipeline/reextract.ts';
import { codedPlainText } from '../src/model/coded-text.ts';
import { validateXliff } from '../src/xliff/validate/index.ts';

const DOCSET = 'partner-center';

let work: string;
let out: string;
let scratch: string;
let xliff: string;
/** Documents of the subset whose Russian (target) says "invoice" itself. */
let russianInvoice: number;
let documents: string[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-readers-'));
  out = join(work, 'out');
  xliff = join(work, 'xliff');
  const ru = corpusDir(RU);
  documents = [];
  russianInvoice = 0;
  for (const rel of await listFiles(join(ru, DOCSET), ['.md'])) {
    const path = `${DOCSET}/${rel}`;
    const doc = parseSxs(await readFile(join(ru, path), 'utf8'), path);
    if (!doc.segments.some((s) => /invoice/i.test(s.source))) continue;
    documents.push(path);
    if (doc.segments.some((s) => /invoice/i.test(s.target))) russianInvoice++;
  }
  // The 2019 export of the same documents, extracted first; then the newer export over it.
  const old = join(work, 'ru-2019');
  const now = join(work, 'ru');
  for (const path of documents) {
    await mkdir(join(now, path, '..'), { recursive: true });
    await cp(join(ru, path), join(now, path));
    const before = join(corpusDir(RU_2019), path);
    await cp(before, join(old, path)).catch(() => undefined);
  }
  // A TOC at the top makes the folder one corpus root, so document paths (and URLs) keep their docset.
  await writeFile(join(now, 'TOC.yml'), `- name: Partner Center\n  href: ${DOCSET}/billing.md\n`);
  for (const dir of [old, now]) {
    const run = await runBitext(['extract', dir, '--out', xliff]);
    if (run.code !== 0) throw new Error(`extract ${dir} failed (${run.code}): ${run.stderr}`);
  }
  ({ scratch } = await buildSiteInChild({ content: [now], xliff, out, cacheDir: join(work, 'cache') }, 'readers'));
}, 600_000);

afterAll(async () => {
  if (process.env.BITEXT_KEEP) return void console.log(`kept ${work} ${scratch}`);
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('readers of a translated site in Chromium', () => {
  let site: SiteSession;
  let tab: Page;

  beforeAll(async () => {
    site = await openSite(out);
    tab = site.tab;
  }, 60_000);
  afterAll(async () => {
    await site?.close();
  });

  async function search(query: string, english: boolean): Promise<{ reader: string[]; english: { href: string; title: string; mark: string }[] }> {
    await tab.goto(`${site.url}/ru-ru/${DOCSET}/billing/`);
    const input = await openSearchDialog(tab);
    await input.fill(query);
    await tab.locator('.pagefind-ui__message').filter({ hasText: /\d/ }).waitFor({ timeout: 60_000 });
    await showAllResults(tab);
    if (english) {
      // The English section follows the reader's results; each "More results" adds a batch.
      const items = tab.locator('.bt-en-result');
      await items.first().waitFor({ timeout: 60_000 });
      const more = tab.locator('.bt-en-more');
      for (;;) {
        await tab.waitForTimeout(1000);
        if (!(await more.isVisible())) break;
        const before = await items.count();
        await more.evaluate((b) => (b as HTMLButtonElement).click());
        await expect.poll(() => items.count(), { timeout: 30_000 }).toBeGreaterThan(before);
      }
    } else await tab.waitForTimeout(3000);
    if (process.env.BITEXT_KEEP) await tab.screenshot({ path: `/tmp/readers-${query}.png`, fullPage: false });
    const reader = [...new Set(await tab.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname)))];
    const found = await tab.locator('.bt-en-result').evaluateAll((items) =>
      items.map((li) => ({ href: li.querySelector('a')!.pathname, title: li.querySelector('a')!.textContent ?? '', mark: li.querySelector('.bt-en-mark')?.textContent ?? '' })),
    );
    return { reader, english: found };
  }

  it('finds Russian pages for an English query through their English source, after the Russian matches', async () => {
    expect(documents.length).toBeGreaterThanOrEqual(40);
    const found = await search('invoice', true);
    // The Russian index alone finds the pages whose Russian says "invoice".
    expect(found.reader.length).toBeGreaterThan(0);
    const all = new Set([...found.reader, ...found.english.map((e) => e.href)]);
    expect(all.size).toBe(found.reader.length + found.english.length);
    expect(all.size).toBeGreaterThanOrEqual(20);
    for (const e of found.english) {
      expect(e.href).toMatch(/^\/ru-ru\/partner-center\//);
      // In Russian: the translated title, marked as found through the English.
      expect(e.title).toMatch(/[а-яё]{3}/i);
      expect(e.mark).toBe('найдено в английском');
    }
    // The English section comes after the reader's results, and shows no English text of its own.
    const order = await tab.evaluate(() => document.querySelector('#starlight__search')?.nextElementSibling?.className);
    expect(order).toBe('bt-en-results');
    const shown = await tab.locator('.bt-en-results').innerText();
    expect(shown).not.toMatch(/\binvoice/i);
    // Axe on the open dialog, Pagefind UI's search field included.
    const serious = (await runAxe(tab)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);
  }, 120_000);

  it('downloads under 300 kB for a first English search up to the Russian results, the English bundle after them, each file once', async () => {
    // A new browser context: nothing of the earlier searches in its cache.
    const context = await tab.context().browser()!.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const first = await context.newPage();
      const downloads = searchDownloads(first, site.url);
      await first.goto(`${site.url}/ru-ru/${DOCSET}/billing/`);
      await first.waitForLoadState('networkidle');
      // The search UI's script and ours, loaded with the page (the UI's when the browser is idle).
      const withPage = downloads.take();
      expect(withPage.some((f) => f.url.startsWith('/_bitext/search-en.js'))).toBe(true);
      const input = await openSearchDialog(first);
      // Pagefind's engine starts as the dialog opens (its UI starts it when its field takes the
      // focus), before a word is typed.
      const started: typeof withPage = [];
      await expect
        .poll(() => {
          started.push(...downloads.take());
          return started.map((f) => f.url.replace(/\?.*$/, '').replace(/_[0-9a-f]{8,}(?=\.)/, ''));
        }, { timeout: 30_000 })
        .toEqual(expect.arrayContaining(['/pagefind/pagefind-entry.json', '/pagefind/pagefind-worker.js', '/pagefind/pagefind.js', '/pagefind/pagefind.ru-ru.pf_meta', '/pagefind/wasm.ru-ru.pagefind']));
      const timing = await typeAndTime(first, input, 'invoice');
      await first.waitForLoadState('networkidle');
      const files = [...started, ...downloads.take()];
      const kB = (list: typeof files) => list.reduce((n, f) => n + f.bytes, 0) / 1024;
      const toReader = files.filter((f) => f.end <= timing.typedAt + timing.reader);
      console.log(
        `first search "invoice": ${kB(toReader).toFixed(1)} kB to the reader's results (${timing.reader} ms after typing), ` +
          `${kB(files).toFixed(1)} kB in ${files.length} files to the English results (${timing.english} ms); ${kB(withPage).toFixed(1)} kB of search scripts with the page`,
      );
      // The reader's results, then the English ones, were shown and timed.
      expect(timing.reader).toBeGreaterThan(0);
      expect(timing.english).toBeGreaterThanOrEqual(timing.reader);
      expect(kB(toReader)).toBeLessThan(300);
      // Not one file of the English bundle before the reader's results are shown.
      expect(toReader.filter((f) => f.url.startsWith('/_bitext/search-en/'))).toEqual([]);
      expect(files.some((f) => f.url.startsWith('/_bitext/search-en/ru-ru/index/'))).toBe(true);
      // The English section included; it was 400 kB and more when the bundle came with a Pagefind of its own
      // (340 kB before the search warm-up took a word on many pages, whose index chunk is larger).
      expect(kB(files)).toBeLessThan(360);
      // Each file once; the English bundle is searched by the reader's Pagefind script, with no copy of its own.
      const paths = files.map((f) => f.url.replace(/\?.*$/, ''));
      expect(paths.length).toBe(new Set(paths).size);
      expect(paths.filter((p) => /\/pagefind(?:-worker)?\.js$/.test(p)).sort()).toEqual(['/pagefind/pagefind-worker.js', '/pagefind/pagefind.js']);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('leaves a Russian query as it was: Russian results only', async () => {
    const found = await search('счета', false);
    expect(found.reader.length).toBeGreaterThan(5);
    expect(found.english).toEqual([]);
    expect(await tab.locator('.bt-en-results').isHidden()).toBe(true);
  }, 120_000);

  /** A page with a sentence whose English changed since translation, from the translators' files. */
  async function stalePage(): Promise<{ url: string; english: string; xlf: string }> {
    for (const rel of await listFiles(join(xliff, 'ru-ru'), ['.xlf'])) {
      const path = join(xliff, 'ru-ru', rel);
      const file = readXliff(await readFile(path), path).file!;
      const unit = file.units.find((u) => !u.metadata && isSourceChanged(u.state) && u.target && !codedPlainText(u.source).includes('|'));
      const url = `/ru-ru/${rel.replace(/\.xlf$/, '')}/`;
      // Its page marks it (a unit refused for its codes shows the corpus text, unmarked).
      const html = await readFile(join(out, url, 'index.html'), 'utf8').catch(() => '');
      if (unit && html.includes('&quot;stale&quot;')) return { url, english: codedPlainText(unit.source).trim(), xlf: path };
    }
    throw new Error('no unit needs review after re-extraction');
  }
  const serious = async () => (await runAxe(tab)).filter((v) => v.impact === 'serious' || v.impact === 'critical');

  it('marks a sentence whose English changed since translation and shows its current English on focus', async () => {
    const stale = await stalePage();
    await tab.goto(site.url + stale.url);
    const marked = tab.locator('.sl-markdown-content .bt[data-bt-mark="stale"]');
    expect(await marked.count()).toBeGreaterThan(0);
    // A bar in the margin of its block.
    expect(await marked.first().evaluate((s) => !!s.closest('.bt-block-stale'))).toBe(true);
    // Keyboard: the marked sentences are tab stops; Tab reaches one, and the tooltip shows the current English.
    expect(await marked.first().getAttribute('tabindex')).toBe('0');
    let reached = '';
    for (let i = 0; i < 400 && !reached; i++) {
      await tab.keyboard.press('Tab');
      reached = await tab.evaluate(() => (document.activeElement?.matches('.bt[data-bt-mark="stale"]') ? document.activeElement.getAttribute('data-bt') ?? '' : ''));
    }
    expect(reached).not.toBe('');
    const tip = tab.locator('#bt-tip');
    await tip.waitFor({ state: 'visible', timeout: 5000 });
    expect(await tip.textContent()).toContain('Английский текст изменился');
    const focused = await tab.evaluate(() => document.activeElement?.getAttribute('aria-describedby'));
    expect(focused).toBe('bt-tip');
    // The English of the page's source block for that sentence, which the XLIFF unit has now.
    const english = await tab.locator(`.bt-sources [data-bt-src="${reached}"]`).textContent();
    expect((await tip.textContent())?.replace(/\s+/g, ' ')).toContain((english ?? '').replace(/\s+/g, ' ').trim());
    expect(await serious()).toEqual([]);
  }, 120_000);

  it('takes a suggestion for a sentence by keyboard and imports it into the right unit of the right .xlf', async () => {
    const stale = await stalePage();
    await tab.goto(site.url + stale.url);
    const toggle = tab.locator('.bt-suggest-toggle');
    await toggle.focus();
    await tab.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    // The first sentence has the focus; the arrow keys move to the next.
    await tab.keyboard.press('ArrowDown');
    const key = await tab.evaluate(() => document.activeElement?.getAttribute('data-bt') ?? '');
    expect(key).not.toBe('');
    await tab.keyboard.press('Enter');
    const dialog = tab.locator('dialog.bt-suggest');
    await dialog.waitFor({ state: 'visible' });
    expect(await serious()).toEqual([]);
    const english = (await dialog.locator('.bt-suggest-english').textContent()) ?? '';
    const file = join(work, 'suggestion.json');
    const record = await sendSuggestion(tab, dialog, 'Лучший перевод <b>этого</b> предложения & всё.', file);
    expect(record).toMatchObject({ locale: 'ru-RU', source: english, suggestion: 'Лучший перевод <b>этого</b> предложения & всё.' });
    expect(stale.xlf.endsWith(join('ru-ru', record.document!.replace(/\.md$/, '.xlf')))).toBe(true);

    const run = await runBitext(['suggestions', 'import', file, '--xliff', xliff]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const text = await readFile(stale.xlf, 'utf8');
    const unit = readXliff(text, stale.xlf).file!.units.find((u) => u.id === record.unit)!;
    expect(unit).toBeDefined();
    expect(unit.alternatives.map((a) => [a.origin, codedPlainText(a.target)])).toContainEqual(['reader', record.suggestion]);
    // Text, never markup, and the file is still valid XLIFF.
    expect(text).toContain('<target>Лучший перевод &lt;b&gt;этого&lt;/b&gt; предложения &amp; всё.</target>');
    expect(validateXliff(text, stale.xlf).valid).toBe(true);
    // Imported once: a second import finds it there.
    const again = await runBitext(['suggestions', 'import', file, '--xliff', xliff]);
    expect(again.stdout).toContain('1 already there');
  }, 120_000);
});
