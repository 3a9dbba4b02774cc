/**
 * Search in a built site, as a reader sees it in Chromium: for each query, the pages the search
 * dialog of a locale lists (the reader's index, and the pages added through the English original)
 * and the bytes the browser downloaded for search (Pagefind files, the search UI bundle, the
 * cross-language script and bundle), uncompressed, from opening the dialog to the last result.
 *
 *   node bench/search.ts DIST [--locale ru-ru] [--page PATH] QUERY...
 *
 * Run it on a site built before and after a change to compare (README, "Benchmarks").
 */
import type { Page, Response } from 'playwright-core';
import { openSite } from '../test/support/browser.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1]!;
  args.splice(at, 2);
  return value;
};
const locale = option('--locale', 'ru-ru');
const path = option('--page', `/${locale}/`);
const [dist, ...queries] = args;
if (!dist || queries.length === 0) {
  process.stderr.write('usage: node bench/search.ts DIST [--locale ru-ru] [--page PATH] QUERY...\n');
  process.exit(2);
}

/** Opens the dialog, types the query, and loads every result the dialog offers. */
export async function searchDialog(tab: Page, query: string, firstScreen: () => void = () => undefined): Promise<{ reader: string[]; english: string[] }> {
  await tab.click('button[data-open-modal]');
  const input = tab.locator('#starlight__search input');
  await input.waitFor({ timeout: 10_000 });
  await input.fill(query);
  // Pagefind UI says how many pages it found once the search is done.
  await tab.locator('.pagefind-ui__message').filter({ hasText: /\d/ }).waitFor({ timeout: 20_000 }).catch(() => undefined);
  await tab.waitForTimeout(1500);
  firstScreen();
  // Pagefind UI shows five results and a "load more" button: press it until all are shown.
  for (;;) {
    const more = tab.locator('.pagefind-ui__button');
    if (!(await more.isVisible())) break;
    await more.evaluate((b) => (b as HTMLButtonElement).click());
    await tab.waitForTimeout(300);
  }
  for (;;) {
    const more = tab.locator('.bt-en-more');
    if (!(await more.isVisible())) break;
    await more.evaluate((b) => (b as HTMLButtonElement).click());
    await tab.waitForTimeout(500);
  }
  // Sub-results (headings of a page) are links to the same page.
  const reader = [...new Set(await tab.locator('.pagefind-ui__result-link').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname)))];
  const english = await tab.locator('.bt-en-result a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  return { reader, english };
}

const site = await openSite(dist);
try {
  for (const query of queries) {
    const tab = await site.tab.context().newPage();
    let bytes = 0;
    const files: string[] = [];
    tab.on('response', (response: Response) => {
      const url = response.url();
      if (!/pagefind|search-en|Search\.astro|_astro\/.*(?:ui|search)/i.test(url)) return;
      void response.body().then(
        (body) => {
          bytes += body.length;
          files.push(url.replace(site.url, ''));
        },
        () => undefined,
      );
    });
    await tab.goto(site.url + path);
    let first = 0;
    const found = await searchDialog(tab, query, () => (first = bytes));
    await tab.waitForTimeout(300);
    const pages = new Set([...found.reader, ...found.english]);
    console.log(
      `${locale} "${query}": ${found.reader.length} in the reader's language + ${found.english.length} through English = ${pages.size} pages; ` +
        `search downloads ${(first / 1024).toFixed(1)} kB to the first results, ${(bytes / 1024).toFixed(1)} kB in ${files.length} files with every result shown`,
    );
    await tab.close();
  }
} finally {
  await site.close();
}
