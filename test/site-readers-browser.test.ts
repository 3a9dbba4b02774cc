/**
 * What readers of a translated page get (issue 13, items 1–3), in Chromium, on one build of a
 * subset of the real corpus: the Russian documents of the partner-center docset whose English
 * source says "invoice", with their translations in XLIFF the way a team has them after a year:
 * extracted from the 2019 export, then re-extracted from the newer one (units whose English
 * changed are `needs-review-translation`, their target the 2019 translation).
 *
 * Checked: an English query on /ru-ru/ finds the Russian pages through their English source,
 * after the Russian matches, in Russian, marked "matched in English"; a Russian query is
 * unchanged; axe finds nothing serious in the dialog.
 */
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { openSite, runAxe, type SiteSession } from './support/browser.ts';
import { corpusDir, RU, RU_2019 } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';
import { runBitext } from './cli-helpers.ts';

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

  async function search(query: string): Promise<{ reader: string[]; english: { href: string; title: string; mark: string }[] }> {
    await tab.goto(`${site.url}/ru-ru/billing/`);
    await tab.click('button[data-open-modal]');
    const input = tab.locator('#starlight__search input.pagefind-ui__search-input');
    await input.waitFor({ timeout: 10_000 });
    await input.fill(query);
    await tab.locator('.pagefind-ui__message').filter({ hasText: /\d/ }).waitFor({ timeout: 60_000 });
    for (const more of [tab.locator('.pagefind-ui__button'), tab.locator('.bt-en-more')]) {
      // Wait for the English section to settle (it follows the reader's results), then load it all.
      await tab.waitForTimeout(1500);
      while (await more.isVisible()) {
        await more.evaluate((b) => (b as HTMLButtonElement).click());
        await tab.waitForTimeout(400);
      }
    }
    if (process.env.BITEXT_KEEP) await tab.screenshot({ path: `/tmp/readers-${query}.png`, fullPage: false });
    const reader = [...new Set(await tab.locator('.pagefind-ui__result-link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname)))];
    const english = await tab.locator('.bt-en-result').evaluateAll((items) =>
      items.map((li) => ({ href: li.querySelector('a')!.pathname, title: li.querySelector('a')!.textContent ?? '', mark: li.querySelector('.bt-en-mark')?.textContent ?? '' })),
    );
    return { reader, english };
  }

  it('finds Russian pages for an English query through their English source, after the Russian matches', async () => {
    expect(documents.length).toBeGreaterThanOrEqual(40);
    const found = await search('invoice');
    // The Russian index alone finds the pages whose Russian says "invoice".
    expect(found.reader.length).toBeGreaterThan(0);
    const all = new Set([...found.reader, ...found.english.map((e) => e.href)]);
    expect(all.size).toBe(found.reader.length + found.english.length);
    expect(all.size).toBeGreaterThanOrEqual(20);
    for (const e of found.english) {
      expect(e.href).toMatch(/^\/ru-ru\//);
      // In Russian: the translated title, marked as found through the English.
      expect(e.title).toMatch(/[а-яё]{3}/i);
      expect(e.mark).toBe('найдено в английском');
    }
    // The English section comes after the reader's results, and shows no English text of its own.
    const order = await tab.evaluate(() => document.querySelector('#starlight__search')?.nextElementSibling?.className);
    expect(order).toBe('bt-en-results');
    const shown = await tab.locator('.bt-en-results').innerText();
    expect(shown).not.toMatch(/\binvoice/i);
    // Axe on the open dialog; Pagefind UI's own search field (a title, no label) is Starlight's, not ours.
    const serious = (await runAxe(tab)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.filter((v) => !v.nodes.every((n) => n.target.join(' ').includes('pagefind-ui')))).toEqual([]);
  }, 120_000);

  it('leaves a Russian query as it was: Russian results only', async () => {
    const found = await search('счета');
    expect(found.reader.length).toBeGreaterThan(5);
    expect(found.english).toEqual([]);
    expect(await tab.locator('.bt-en-results').isHidden()).toBe(true);
  }, 120_000);
});
