/**
 * Debian's Chromium driven by playwright-core, with the flags this workplace needs (no network
 * beyond loopback, no downloads). Tests fail, not skip, when Chromium is missing: `.ci/run`
 * installs it (`apt-get install chromium`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { expect } from 'vitest';
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
 * is next idle: on a loaded machine a click right after the page loads can come before either.
 */
export async function openSearchDialog(tab: Page): Promise<Locator> {
  await tab.waitForFunction(() => customElements.get('site-search') !== undefined, undefined, { timeout: 60_000 });
  const input = tab.locator('#starlight__search input.pagefind-ui__search-input');
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
  const placeholders = tab.locator('.pagefind-ui__results .pagefind-ui__loading');
  for (;;) {
    await expect.poll(() => placeholders.count(), { timeout: 60_000 }).toBe(0);
    if (!(await more.isVisible())) return;
    await more.evaluate((b) => (b as HTMLButtonElement).click());
  }
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
