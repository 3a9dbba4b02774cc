/**
 * Debian's Chromium driven by playwright-core, with the flags this workplace needs (no network
 * beyond loopback, no downloads). Tests fail, not skip, when Chromium is missing: `.ci/run`
 * installs it (`apt-get install chromium`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { serveStatic } from './static-server.ts';

export const CHROMIUM = '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium); .ci/run does this.`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page and returns its violations. */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

export interface SiteSession {
  /** Base URL of the served folder, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** One desktop-sized tab, reused by a test file's tests. */
  tab: Page;
  close(): Promise<void>;
}

/** Serves a built site on loopback and opens one Chromium tab on it. */
export async function openSite(dir: string): Promise<SiteSession> {
  const server = await serveStatic(dir);
  const browser = await launchBrowser();
  const tab = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  return {
    url: server.url,
    tab,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Opens Starlight's search dialog and returns Pagefind's search field. The button does nothing
 * until Starlight's script has defined `site-search`, and Pagefind's UI is made when the browser
 * is next idle after the page loaded: the dialog is opened once the field is there. On a loaded
 * machine Chromium once never made it in 60 s (no idle time, or the UI's module not loaded): the
 * page is then loaded again, once, and said so in the log.
 */
export async function openSearchDialog(tab: Page): Promise<Locator> {
  const input = tab.locator('#starlight__search input.pagefind-ui__search-input');
  for (let attempt = 1; ; attempt++) {
    await tab.waitForFunction(() => customElements.get('site-search') !== undefined, undefined, { timeout: 60_000 });
    const made = await input.waitFor({ state: 'attached', timeout: 30_000 }).then(
      () => true,
      () => false,
    );
    if (made) break;
    if (attempt === 2) throw new Error(`Pagefind's search UI was not made on ${tab.url()} within 30 s of loading it, twice`);
    console.warn(`openSearchDialog: Pagefind's search UI was not made on ${tab.url()} within 30 s; loading the page again`);
    await tab.reload();
  }
  await tab.click('button[data-open-modal]');
  await input.waitFor({ timeout: 60_000 });
  return input;
}

/**
 * Waits until Pagefind has shown every result of the current search: it presses "Load more
 * results" while it is there, then waits until no result is a placeholder. Pagefind lists a
 * result at once as dots (`.pagefind-ui__loading`) and fills its title, link and excerpt when the
 * page's fragment arrives, so reading results any earlier reads dots.
 */
export async function showAllResults(tab: Page): Promise<void> {
  await tab.locator('.pagefind-ui__result').first().waitFor({ timeout: 60_000 });
  const more = tab.locator('.pagefind-ui__button');
  for (;;) {
    await tab.waitForFunction(() => !document.querySelector('.pagefind-ui__results .pagefind-ui__loading'), undefined, { timeout: 60_000, polling: 100 });
    if (!(await more.isVisible())) return;
    await more.evaluate((b) => (b as HTMLButtonElement).click());
  }
}

/** A file the browser downloaded: its path on the site, its size as received (uncompressed), when it ended (epoch ms). */
export interface Download {
  url: string;
  bytes: number;
  end: number;
}

/**
 * Records what a tab downloads for search: Pagefind's files, the English bundle, the search
 * dialog's scripts and styles (`/_astro/` files of Starlight's search component and of Pagefind
 * UI, `/_bitext/search-en.js`). `take()` returns the files received since the last call (wait for
 * the network to be idle first: a body still arriving is counted by a later call).
 */
export function searchDownloads(tab: Page, siteUrl: string): { take(): Download[] } {
  let received: Download[] = [];
  tab.on('response', (response) => {
    const url = response.url().replace(siteUrl, '');
    if (!/^\/(?:pagefind\/|_bitext\/search-en|_astro\/(?:ui-core|Search\.astro|pagefind))/.test(url)) return;
    void response.body().then(
      (bytes) => {
        const timing = response.request().timing();
        received.push({ url, bytes: bytes.length, end: timing.startTime + Math.max(timing.responseEnd, 0) });
      },
      () => undefined,
    );
  });
  return {
    take() {
      const files = received;
      received = [];
      return files;
    },
  };
}

/**
 * Types `query` into the open dialog's field and measures, in the page, the milliseconds from the
 * input to the reader's results shown (none a placeholder) and, when the English section appears
 * within 20 s of them, to its first results. `debounce` is what Pagefind UI waits after the last
 * key before it searches (so the search itself took `reader - debounce`); `typedAt` is when the
 * query was typed (epoch ms, as `Download.end`).
 */
export async function typeAndTime(tab: Page, input: Locator, query: string): Promise<{ typedAt: number; reader: number; english?: number; debounce: number }> {
  await input.focus();
  const timing = await input.evaluate(
    (field, text) =>
      new Promise<{ typedAt: number; reader: number; english?: number }>((resolve) => {
        const search = document.querySelector('#starlight__search')!;
        const started = performance.now();
        const times: { typedAt: number; reader?: number; english?: number } = { typedAt: performance.timeOrigin + started };
        const check = () => {
          const now = Math.round(performance.now() - started);
          if (times.reader === undefined && search.querySelector('.pagefind-ui__result') && !search.querySelector('.pagefind-ui__results .pagefind-ui__loading')) times.reader = now;
          const english = document.querySelector('.bt-en-results');
          if (times.english === undefined && english && !(english as HTMLElement).hidden && english.querySelector('.bt-en-result')) times.english = now;
          if (times.reader !== undefined && (times.english !== undefined || now - times.reader > 20_000)) {
            observer.disconnect();
            clearInterval(timer);
            resolve(times as { typedAt: number; reader: number; english?: number });
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { childList: true, subtree: true, attributes: true, characterData: true });
        // Also on a clock: the English section may never come (a query in the reader's language).
        const timer = setInterval(check, 100);
        (field as HTMLInputElement).value = text;
        field.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    query,
  );
  // Pagefind UI's default, which Starlight keeps.
  return { ...timing, debounce: 300 };
}

/**
 * Types `text` as the suggestion in the open "Suggest a better translation" dialog, sends it by
 * keyboard and returns the record the page hands over as a download (saved to `saveTo`).
 */
export async function sendSuggestion(tab: Page, dialog: Locator, text: string, saveTo: string): Promise<Record<string, string>> {
  await tab.keyboard.press('Control+a');
  await tab.keyboard.type(text);
  const download = tab.waitForEvent('download');
  await dialog.locator('.bt-suggest-send').focus();
  await tab.keyboard.press('Enter');
  await (await download).saveAs(saveTo);
  return JSON.parse(await readFile(saveTo, 'utf8')) as Record<string, string>;
}
