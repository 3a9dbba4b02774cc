/**
 * `npm run bench:search-speed -- DIST [--rounds N]`: the first search on a built site, in
 * Chromium (playwright-core, /usr/bin/chromium), per locale (bench/search.ts: what a query
 * finds, in one locale):
 *   - payload: the bytes the browser downloads from opening the search dialog to the first
 *     results shown (Starlight's search UI, pagefind.js, its worker and WebAssembly, the
 *     language's entry and metadata, index chunks and fragments); goal < 300 kB. As served here
 *     (no compression) and as a static host serves it (text files gzipped; Pagefind's index
 *     files are gzipped already). The files of the first locale's last round are listed;
 *   - answer time: Pagefind's own API, from `search(word)` to the data of the first five results
 *     (index chunks and fragments fetched from the local server included). Pagefind's UI starts
 *     its engine when its field takes the focus, which Starlight gives it as the dialog opens: in
 *     a fresh page the dialog is opened first, as a reader does, and "start" is from the click to
 *     the engine ready (its worker, WebAssembly and the language's metadata), "1st" a first
 *     query sent as soon as it is ready, "1st typed" one sent 500 ms after the dialog opened, the
 *     soonest a reader's first query comes through Pagefind UI (goal < 100 ms), "2nd" a second
 *     query, "warm-up" the time from opening the dialog to the end of the site's own warm-up
 *     search (src/site/search-warm-up.ts), which runs meanwhile. "cold" is a first query in a fresh page
 *     with nothing started, what a script calling Pagefind's API at once gets. In the dialog,
 *     "UI results" is from typing to the first result shown (Pagefind UI waits 300 ms for the
 *     typing to stop, and loads the word's index chunk meanwhile), "UI answer" from the end of
 *     that wait to the first result's title, what a reader waits for once done typing; both as
 *     the page's own clock and observer see them (see `watchAnswer`). Medians over `--rounds`
 *     (default 5).
 * The query word of a locale is the longest word of the title of one of its pages.
 * `bench:site -- --sizes large --keep DIR` leaves the large site in DIR for this.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../test/support/browser.ts';
import { serveStatic } from '../test/support/static-server.ts';
import { SEARCH_WARM_UP_MARK } from '../src/site/search-warm-up.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string' } } });
const dist = positionals[0];
if (!dist) {
  console.error('usage: node bench/search-speed.ts DIST [--rounds N]');
  process.exit(2);
}
const rounds = Math.max(1, Number(values.rounds ?? 5));

/** Locales of the site: top folders with an index.html and a `lang` other than a redirect's. */
async function locales(): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dist!, { withFileTypes: true })) {
    if (!e.isDirectory() || e.name.startsWith('_') || e.name === 'pagefind') continue;
    const html = await readFile(join(dist!, e.name, 'index.html'), 'utf8').catch(() => '');
    if (/data-pagefind-body|<html[^>]+lang=/.test(html) && !/http-equiv="refresh"/.test(html)) out.push(e.name);
  }
  return out;
}

/** A content page of the locale and its query word (longest word of its title). */
async function samplePage(locale: string): Promise<{ path: string; word: string }> {
  const entries = await readdir(join(dist!, locale), { recursive: true, withFileTypes: true });
  const pages = entries.filter((e) => e.isFile() && e.name === 'index.html').map((e) => join(e.parentPath, e.name));
  for (const file of pages.slice(Math.floor(pages.length / 3))) {
    const html = await readFile(file, 'utf8');
    if (!html.includes('data-pagefind-body')) continue;
    const title = /<h1[^>]*>([^<]+)</.exec(html)?.[1] ?? '';
    const words = title.split(/[\s\p{P}]+/u).filter((w) => !/^\d+$/.test(w)).sort((a, b) => b.length - a.length);
    // Japanese titles are not cut by spaces: a run of up to four characters is a word to Pagefind's segmenter.
    const word = words[0] && /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(words[0]) ? words[0].slice(0, 2) : words[0];
    if (word && word.length >= 2) return { path: '/' + file.slice(dist!.length).replace(/^\/+/, '').replace(/index\.html$/, ''), word };
  }
  throw new Error(`no content page with a title in ${locale}`);
}

/** What `watchAnswer` gives: in the page's clock, from the typing to the first result shown, and the dialog's answer. */
interface DialogTimes {
  resultsMs: number;
  answerMs: number;
}

/**
 * In the page: times of the dialog's search, watched by the page itself (a Playwright locator
 * waiting for the results polls the page's DOM on its main thread, in the time being measured:
 * 10–30 ms of it in a trace). The returned promise ends with the first result's title: "results"
 * from now (the typing comes next) to the first result shown, "answer" once Pagefind UI's debounce
 * is over, from its "Searching for…" message (shown as its search begins) to the first result's
 * title.
 */
function watchAnswer(): void {
  const w = window as unknown as { btDialogTimes?: Promise<DialogTimes> };
  const typed = performance.now();
  w.btDialogTimes = new Promise((done) => {
    let searching: number | undefined;
    let shown: number | undefined;
    const observer = new MutationObserver(() => {
      const now = performance.now();
      if (searching === undefined && document.querySelector('#starlight__search .pagefind-ui__message')?.textContent) searching = now;
      if (shown === undefined && document.querySelector('#starlight__search .pagefind-ui__result')) shown = now;
      if (searching !== undefined && shown !== undefined && document.querySelector('#starlight__search .pagefind-ui__result-link')?.textContent) {
        observer.disconnect();
        done({ resultsMs: shown - typed, answerMs: now - searching });
      }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  });
}

/** Pagefind UI's search field in Starlight's dialog (once its filters are drawn, the dialog has other inputs). */
const SEARCH_FIELD = '#starlight__search input.pagefind-ui__search-input';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/**
 * The earliest a reader's first query reaches Pagefind after the dialog opens: Pagefind UI
 * searches 300 ms after the last key, and a first key comes 200 ms after the dialog opens at the
 * soonest.
 */
const READER_QUERY_AFTER_MS = 500;

/**
 * In the page: a first and a second query through Pagefind's API, each to the data of its first
 * five results. With the time the dialog was opened, the engine's start is waited for first and
 * timed from then, and the first query is sent `after` ms after the opening (at once when 0);
 * without it, nothing is started before the first query. `warmUp`: when the site's search
 * warm-up (the page's own search as the dialog opens) was over, from the opening.
 */
async function timeQueries([q, openedAt, after, warmUpMark]: readonly [string, number | null, number, string]): Promise<{ start: number | undefined; first: number; second: number; n: number; warmUp: number | undefined; sentAt: number }> {
  const module = '/pagefind/pagefind.js';
  const pagefind = await import(module);
  let start: number | undefined;
  if (openedAt === null) await pagefind.init();
  else {
    // An empty query returns as soon as the engine is ready, and fetches nothing.
    await pagefind.preload('');
    start = performance.now() - openedAt;
    const wait = openedAt + after - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const run = async (term: string) => {
    const t0 = performance.now();
    const found = await pagefind.search(term);
    await Promise.all(found.results.slice(0, 5).map((r: { data(): Promise<unknown> }) => r.data()));
    return { ms: performance.now() - t0, n: found.results.length as number };
  };
  const sentAt = performance.timeOrigin + performance.now();
  const a = await run(q);
  const b = await run(q.slice(0, Math.max(2, q.length - 1)));
  const mark = performance.getEntriesByName(warmUpMark)[0];
  return { start, first: a.ms, second: b.ms, n: a.n, warmUp: mark && openedAt !== null ? mark.startTime - openedAt : undefined, sentAt };
}

const server = await serveStatic(dist);
const browser = await launchBrowser();
let failed = false;
try {
  console.log(`bench:search-speed over ${dist}, ${rounds} rounds per locale (medians)`);
  console.log('locale   word              payload kB (gzip)  requests  UI results ms  UI answer ms  start ms  warm-up ms (chunks)  1st ms  1st typed ms  2nd ms  cold ms  results');
  const files: { url: string; bytes: number; served: number }[] = [];
  let listed = false;
  for (const locale of await locales()) {
    const { path, word } = await samplePage(locale);
    const payloads: number[] = [];
    const gzipPayloads: number[] = [];
    const requests: number[] = [];
    const uiTimes: number[] = [];
    const uiAnswers: number[] = [];
    const starts: number[] = [];
    const first: number[] = [];
    const typedFirst: number[] = [];
    const warmUps: number[] = [];
    const warmUpChunks: number[] = [];
    const second: number[] = [];
    const cold: number[] = [];
    let results = 0;
    for (let round = 0; round < rounds; round++) {
      // A new context per round: nothing cached from the round before.
      const context = await browser.newContext();
      const tab = await context.newPage();
      await tab.goto(server.url + path, { waitUntil: 'load' });
      let bytes = 0;
      let gzipped = 0;
      let count = 0;
      const pending: Promise<void>[] = [];
      files.length = 0;
      tab.on('response', (response) => {
        pending.push(
          response.body().then(
            (body) => {
              const text = /(javascript|json|css|html|text)/.test(response.headers()['content-type'] ?? '');
              const served = text ? gzipSync(body).length : body.length;
              bytes += body.length;
              gzipped += served;
              count++;
              files.push({ url: response.url().replace(server.url, ''), bytes: body.length, served });
            },
            () => undefined,
          ),
        );
      });
      await tab.click('button[data-open-modal]');
      const input = tab.locator(SEARCH_FIELD);
      await input.waitFor({ timeout: 30_000 });
      await tab.evaluate(watchAnswer);
      await input.fill(word);
      const dialog = await tab.evaluate(() => (window as unknown as { btDialogTimes: Promise<DialogTimes> }).btDialogTimes);
      uiTimes.push(dialog.resultsMs);
      uiAnswers.push(dialog.answerMs);
      await tab.waitForLoadState('networkidle');
      await Promise.all(pending);
      payloads.push(bytes);
      gzipPayloads.push(gzipped);
      requests.push(count);
      await tab.close();
      // Pagefind's API alone, in a fresh page of the same site, once the reader opened the dialog:
      // a query as soon as the engine is ready, and (in another fresh page) one when a reader's
      // first query comes at the soonest.
      for (const after of [0, READER_QUERY_AFTER_MS]) {
        const api = await context.newPage();
        const chunkRequests: number[] = [];
        api.on('request', (request) => {
          if (request.url().includes('/pagefind/index/')) chunkRequests.push(Date.now());
        });
        await api.goto(server.url + path, { waitUntil: 'load' });
        await api.locator(SEARCH_FIELD).waitFor({ state: 'attached', timeout: 30_000 });
        const clicked = await api.evaluate(() => performance.now());
        await api.click('button[data-open-modal]');
        const timing = await api.evaluate(timeQueries, [word, clicked, after, SEARCH_WARM_UP_MARK] as const);
        if (after === 0) {
          if (timing.start !== undefined) starts.push(timing.start);
          first.push(timing.first);
          second.push(timing.second);
          results = timing.n;
        } else {
          typedFirst.push(timing.first);
          if (timing.warmUp !== undefined) warmUps.push(timing.warmUp);
          // Index chunks fetched before the query was sent: the warm-up's.
          warmUpChunks.push(chunkRequests.filter((at) => at < timing.sentAt).length);
        }
        await api.close();
      }
      // A first query with nothing started.
      const coldTab = await context.newPage();
      await coldTab.goto(server.url + path, { waitUntil: 'load' });
      cold.push((await coldTab.evaluate(timeQueries, [word, null, 0, SEARCH_WARM_UP_MARK] as const)).first);
      await context.close();
    }
    const kb = median(payloads) / 1000;
    const gzipKb = median(gzipPayloads) / 1000;
    if (gzipKb >= 300 || median(typedFirst) >= 100 || results === 0) failed = true;
    console.log(
      `${locale.padEnd(8)} ${word.slice(0, 16).padEnd(17)} ${kb.toFixed(0).padStart(10)} (${gzipKb.toFixed(0).padStart(4)})  ${String(median(requests)).padStart(8)}  ${median(uiTimes).toFixed(0).padStart(13)}  ${(uiAnswers.length ? median(uiAnswers).toFixed(0) : '-').padStart(12)}  ${median(starts).toFixed(0).padStart(8)}  ${(warmUps.length ? median(warmUps).toFixed(0) : '-').padStart(10)} (${String(Math.max(0, ...warmUpChunks)).padStart(2)})   ${median(first).toFixed(1).padStart(6)}  ${median(typedFirst).toFixed(1).padStart(12)}  ${median(second).toFixed(1).padStart(6)}  ${median(cold).toFixed(0).padStart(7)}  ${String(results).padStart(7)}`,
    );
    if (!listed) {
      listed = true;
      for (const f of [...files].sort((a, b) => b.bytes - a.bytes)) console.log(`    ${(f.bytes / 1000).toFixed(1).padStart(7)} kB (${(f.served / 1000).toFixed(1).padStart(6)} gzip)  ${f.url}`);
    }
  }
  console.log(`goals: payload < 300 kB as a host serves it, a reader's first query answered < 100 ms (1st typed), results in every locale: ${failed ? 'not met' : 'met'}`);
  console.log(`(UI results ms: from typing to the first result shown, the 300 ms debounce of Pagefind UI included, as the page sees it; UI answer ms: from the end of the debounce (its "Searching" message) to the first result's title; start ms: from opening the dialog to the engine ready; warm-up ms: from opening the dialog to the end of the site's warm-up search, with the most index chunks it fetched in a round; 1st ms: a query sent as soon as the engine is ready; 1st typed ms: sent ${READER_QUERY_AFTER_MS} ms after opening the dialog, when a reader's first query comes at the soonest)`);
} finally {
  await browser.close();
  await server.close();
}
