/**
 * Search in a built site, as a reader sees it in Chromium: for each query, in a fresh tab, the
 * pages the search dialog of a locale lists (the reader's index, and the pages added through the
 * English original), what the first search downloads, file by file (uncompressed bytes: the body
 * the browser receives, as Pagefind's files are compressed by Pagefind itself), and how long it
 * takes from typing to the shown results.
 *
 *   node bench/search.ts DIST [--locale ru-ru] [--page PATH] [--files] QUERY...
 *
 * Three figures per query: the bytes the page fetched for search before the dialog opened (the
 * search UI's script, loaded when the browser is idle, and ours), the bytes from opening the
 * dialog to the reader's results shown, and to the English results shown (an English query on a
 * locale's page). `--files` lists each file with its size. Run it on a site built before and after
 * a change to compare (README, "Benchmarks").
 */
import type { Page } from 'playwright-core';
import { openSearchDialog, openSite, searchDownloads, showAllResults, typeAndTime } from '../test/support/browser.ts';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = args[at + 1]!;
  args.splice(at, 2);
  return value;
};
const flag = (name: string) => {
  const at = args.indexOf(name);
  if (at >= 0) args.splice(at, 1);
  return at >= 0;
};
const locale = option('--locale', 'ru-ru');
const path = option('--page', `/${locale}/`);
const listFiles = flag('--files');
const [dist, ...queries] = args;
if (!dist || queries.length === 0) {
  process.stderr.write('usage: node bench/search.ts DIST [--locale ru-ru] [--page PATH] [--files] QUERY...\n');
  process.exit(2);
}

/** Loads every result the dialog offers and returns the pages listed. */
async function allResults(tab: Page): Promise<{ reader: string[]; english: string[] }> {
  // Pagefind UI shows five results and a "load more" button: all of them, loaded.
  await showAllResults(tab);
  // With many results in the reader's language, the English ones are searched once all those are shown.
  await tab.locator('.bt-en-result').first().waitFor({ timeout: 15_000 }).catch(() => undefined);
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

const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

const site = await openSite(dist);
try {
  for (const query of queries) {
    const tab = await site.tab.context().newPage();
    const downloads = searchDownloads(tab, site.url);
    // Every search file of the query, from the page's load to the last result.
    const everything = searchDownloads(tab, site.url);
    await tab.goto(site.url + path);
    // The search UI's script is loaded when the browser is idle after the page.
    await tab.waitForLoadState('networkidle');
    const beforeDialog = downloads.take();
    const input = await openSearchDialog(tab);
    const timing = await typeAndTime(tab, input, query);
    await tab.waitForLoadState('networkidle');
    const first = downloads.take();
    const toReader = first.filter((f) => f.end <= timing.typedAt + timing.reader);
    const toEnglish = first.filter((f) => f.end > timing.typedAt + timing.reader);
    const found = await allResults(tab);
    await tab.waitForLoadState('networkidle');
    const pages = new Set([...found.reader, ...found.english]);
    const bundles = everything.take().filter((f) => /^\/(?:pagefind\/|_bitext\/search-en)/.test(f.url));
    const sum = (files: { bytes: number }[]) => files.reduce((n, f) => n + f.bytes, 0);
    console.log(
      `${locale} "${query}": ${found.reader.length} in the reader's language + ${found.english.length} through English = ${pages.size} pages\n` +
        `  before the dialog opens, search files of the page: ${kB(sum(beforeDialog))} in ${beforeDialog.length} files\n` +
        `  first search, from opening the dialog: ${kB(sum(toReader))} in ${toReader.length} files to the reader's results shown (${timing.reader} ms after typing)` +
        (timing.english === undefined ? '' : `, ${kB(sum(first))} in ${first.length} files to the English results shown (${timing.english} ms)`) +
        `\n  (Pagefind UI waits ${timing.debounce} ms after the last key before it searches; the search itself took ${timing.reader - timing.debounce} ms)\n` +
        `  with every result shown: ${kB(sum(bundles))} of Pagefind and English bundle files in ${bundles.length} files`,
    );
    if (listFiles) {
      for (const [label, files] of [['before the dialog', beforeDialog], ["to the reader's results", toReader], ['to the English results', toEnglish]] as const) {
        for (const f of files) console.log(`  ${label.padEnd(24)} ${String(f.bytes).padStart(7)}  ${f.url}`);
      }
    }
    await tab.close();
  }
} finally {
  await site.close();
}
