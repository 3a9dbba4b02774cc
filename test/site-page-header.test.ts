/**
 * What a reader of a large docs site expects around each article, checked in Chromium on one
 * build of the default content (content/ and xliff/) with a sample of the Russian and German
 * corpus (and one Japanese hub page): breadcrumbs, "last updated" from ms.date in the reader's
 * date format, reading time, previous/next, and "Read in English", all reached and used with the
 * keyboard only; the Creative Commons attribution on corpus pages; header pickers that show their
 * labels whole in German; on a writer's MDX page translated through XLIFF, the sentence whose
 * English changed is marked and a suggestion reaches the right unit; axe with no serious
 * violation on every kind of page and in the search dialog; the favicon the pages name is
 * published; the build reports and bookkeeping kept out of the published folder; and `bitext
 * serve` over the built folder.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeGeneratedPages } from '../src/site/mdx-pages.ts';
import { listFiles } from '../src/io/corpus.ts';
import { runBitext } from './cli-helpers.ts';
import { corpusDir, DE, RU, SHARED } from './corpus.ts';
import { readXliff } from '../src/xliff/read.ts';
import { codedPlainText } from '../src/model/coded-text.ts';
import { validateXliff } from '../src/xliff/validate/index.ts';
import { openSearchDialog, openSite, runAxe, sendSuggestion, type SiteSession } from './support/browser.ts';
import { buildSiteInChild } from './support/site-build.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/bitext.js', import.meta.url));
const BOTH = ['account-structure.md', 'billing.md', 'overview.md', 'index.yml', 'benefits-faq.yml', 'TOC.yml'];
const RU_ONLY = 'insights-overview-report.md';
/** A DocFX hub page (YamlMime:Hub): the ru/de corpus has none. */
const JA = 'OfficeDocs-SkypeForBusiness-pr.ja-jp';
const HUB = 'Teams/business-voice/index.yml';

let work: string;
let out: string;
let scratch: string;
let site: SiteSession;
let tab: Page;
let content: string[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-header-'));
  out = join(work, 'out');
  for (const [name, files] of [[RU, [...BOTH, RU_ONLY]], [DE, BOTH]] as const) {
    await mkdir(join(work, name, 'partner-center'), { recursive: true });
    for (const f of files) await cp(join(corpusDir(name), 'partner-center', f), join(work, name, 'partner-center', f));
    await cp(join(corpusDir(name), 'LICENSE'), join(work, name, 'LICENSE'));
  }
  const ja = join(SHARED, 'corpus-large', JA);
  if (!existsSync(ja)) throw new Error(`the large corpus is missing: ${ja}`);
  await mkdir(join(work, JA, HUB, '..'), { recursive: true });
  await cp(join(ja, HUB), join(work, JA, HUB));
  // Suggestions are imported into a copy of the translators' files, never into the project's.
  await cp(join(ROOT, 'xliff'), join(work, 'xliff'), { recursive: true });
  content = [join(ROOT, 'content'), join(work, RU), join(work, DE), join(work, JA)];
  ({ scratch } = await buildSiteInChild({ content, xliff: join(ROOT, 'xliff'), out, cacheDir: join(work, 'cache') }, 'header'));
  site = await openSite(out);
  tab = site.tab;
}, 300_000);

afterAll(async () => {
  await site?.close();
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
  if (content) await removeGeneratedPages(ROOT, content, join(ROOT, 'xliff'));
});

/** Presses Tab until the focused element matches `selector`; fails after `max` presses. */
async function tabTo(selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await tab.keyboard.press('Tab');
    if (await tab.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  throw new Error(`${selector} not reached with ${max} presses of Tab`);
}

async function open(path: string): Promise<void> {
  await tab.goto(site.url + path);
  await tab.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

describe('page header', () => {
  it('shows breadcrumbs home > docset > page, followed with the keyboard', async () => {
    await open('/ru-ru/partner-center/account-structure/');
    const crumbs = tab.locator('nav.bt-crumbs');
    expect(await crumbs.getAttribute('aria-label')).toBe('Навигационная цепочка');
    const items = await crumbs.locator('li').allTextContents();
    expect(items[0]).toBe('Главная');
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(items.at(-1)).toBe((await tab.locator('h1#_top').textContent())?.trim());
    expect(await crumbs.locator('li:last-child [aria-current="page"]').count()).toBe(1);
    // The docset crumb leads to the docset's front page.
    expect(await crumbs.locator('li:nth-child(2) a').getAttribute('href')).toBe('/ru-ru/partner-center/');
    await tabTo('nav.bt-crumbs li:nth-child(2) a');
    await tab.keyboard.press('Enter');
    await tab.waitForURL(`${site.url}/ru-ru/partner-center/`);
    // A page in a TOC group: home > docset > section > page.
    await open('/en/bitext/examples/reading-sxs/');
    expect(await tab.locator('nav.bt-crumbs li').allTextContents()).toEqual(['Home', 'Bitext documentation', 'Examples', 'Reading a side-by-side document']);
  });

  it('dates the page from ms.date in the reader\'s date format, with a reading time', async () => {
    for (const [path, lang] of [['/ru-ru/partner-center/account-structure/', 'ru-RU'], ['/de-de/partner-center/account-structure/', 'de-DE'], ['/en/partner-center/account-structure/', 'en']] as const) {
      await open(path);
      const time = tab.locator('.bt-meta time');
      expect(await time.getAttribute('datetime')).toBe('2020-06-17');
      const expected = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2020, 5, 17)));
      expect(await time.textContent()).toBe(expected);
      expect(await tab.locator('.bt-meta-time').textContent()).toMatch(/\d/);
    }
    expect(await tab.locator('.bt-meta-date').textContent()).toContain('Last updated June 17, 2020');
  });

  it('links the previous and next pages of the TOC', async () => {
    await open('/de-de/bitext/quick-start/');
    expect(await tab.locator('a[rel="prev"]').getAttribute('href')).toBe('/de-de/bitext/');
    expect(await tab.locator('a[rel="next"]').getAttribute('href')).toBe('/de-de/bitext/sxs-format/');
  });

  it('reads the article in English with one key press, keeps the menus, and remembers it', async () => {
    await open('/ru-ru/partner-center/account-structure/');
    await tab.evaluate(() => localStorage.clear());
    await open('/ru-ru/partner-center/account-structure/');
    const russianTitle = await tab.locator('h1#_top').textContent();
    await tabTo('.bt-read-en');
    expect(await tab.locator('.bt-read-en').textContent()).toContain('Читать на английском');
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => document.querySelector('.bt-read-en')?.getAttribute('aria-pressed') === 'true');
    const englishTitle = await tab.locator('h1#_top').textContent();
    expect(englishTitle).not.toBe(russianTitle);
    expect(englishTitle).toMatch(/[A-Za-z]{4}/);
    expect(await tab.locator('main .sl-markdown-content').getAttribute('lang')).toBe('en');
    expect(await tab.locator('main .sl-markdown-content').textContent()).not.toMatch(/[а-яё]{6}/i);
    // The menus stay Russian, and the change is announced.
    expect(await tab.locator('html').getAttribute('lang')).toBe('ru-RU');
    expect(await tab.locator('nav.bt-crumbs li').first().textContent()).toBe('Главная');
    expect(await tab.locator('bt-read-english [role="status"]').textContent()).toBe('Статья показана на английском.');
    // Remembered on the next translated page (an MDX page from XLIFF).
    await open('/ru-ru/bitext/quick-start/');
    await tab.waitForFunction(() => document.querySelector('.bt-read-en')?.getAttribute('aria-pressed') === 'true');
    expect(await tab.locator('h1#_top').textContent()).toBe('Quick start');
    // Space switches back, and that is remembered too.
    await tabTo('.bt-read-en');
    await tab.keyboard.press('Space');
    await tab.waitForFunction(() => document.querySelector('.bt-read-en')?.getAttribute('aria-pressed') === 'false');
    expect(await tab.locator('h1#_top').textContent()).toBe('Быстрый старт');
    await open('/ru-ru/partner-center/account-structure/');
    expect(await tab.locator('h1#_top').textContent()).toBe(russianTitle);
    // English pages and English fallback pages have no such button.
    await open('/en/partner-center/account-structure/');
    expect(await tab.locator('.bt-read-en').count()).toBe(0);
    await open(`/de-de/partner-center/${RU_ONLY.replace('.md', '')}/`);
    expect(await tab.locator('.bt-read-en').count()).toBe(0);
  });

  it('credits the corpus under its Creative Commons license on pages built from it, and only there', async () => {
    await open('/de-de/partner-center/account-structure/');
    const note = tab.locator('.bt-attribution');
    expect(await note.textContent()).toContain(DE);
    expect(await note.locator('a[rel="license"]').getAttribute('href')).toBe('https://creativecommons.org/licenses/by/4.0/');
    expect(await note.locator('a[rel="license"]').textContent()).toBe('CC BY 4.0');
    await open('/en/partner-center/account-structure/');
    expect(await tab.locator('.bt-attribution').count()).toBe(1);
    await open('/en/bitext/quick-start/');
    expect(await tab.locator('.bt-attribution').count()).toBe(0);
  });

  it('shows every option of the theme and language pickers whole, in German', async () => {
    await open('/de-de/bitext/quick-start/');
    const cut = await tab.evaluate(() => {
      const canvas = document.createElement('canvas').getContext('2d')!;
      const out: string[] = [];
      for (const select of document.querySelectorAll<HTMLSelectElement>('starlight-theme-select select, starlight-lang-select select')) {
        if (!select.checkVisibility()) continue;
        const style = getComputedStyle(select);
        canvas.font = style.font;
        const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        for (const option of select.options) if (canvas.measureText(option.text).width > room + 0.5) out.push(option.text);
      }
      return out;
    });
    expect(cut).toEqual([]);
    expect(await tab.locator('starlight-theme-select').first().locator('option').allTextContents()).toEqual(['Dunkel', 'Hell', 'System']);
  });
});

describe('UI strings in the reader\'s language', () => {
  it('names the docset filter of the search in the reader\'s language', async () => {
    await open('/de-de/bitext/guides/readers/');
    await (await openSearchDialog(tab)).fill('Übersetzung');
    const name = tab.locator('#starlight__search .pagefind-ui__filter-name').first();
    await name.waitFor();
    await tab.waitForFunction(() => document.querySelector('#starlight__search .pagefind-ui__filter-name')?.textContent === 'Dokumentsatz');
    expect(await tab.locator('#starlight__search').textContent()).not.toMatch(/docset/i);
  });

  it('says "page not found" in the language of the address, with a link to its home page', async () => {
    await open('/ru-ru/no-such-page/');
    expect(await tab.locator('html').getAttribute('lang')).toBe('ru-RU');
    expect(await tab.locator('.hero h1').textContent()).toBe('Страница не найдена');
    expect(await tab.title()).toBe('Страница не найдена | Bitext');
    const home = tab.locator('.hero a.bt-home-link');
    expect(await home.getAttribute('href')).toBe('/ru-ru/');
    expect((await home.textContent())?.trim()).toBe('Главная');
    await open('/no-such-page/');
    expect(await tab.locator('.hero h1').textContent()).toBe('Page not found');
  });
});

describe('a writer\'s MDX page translated through XLIFF', () => {
  const PAGE = '/de-de/bitext/examples/changed-sentence/';
  /** The sentence of content/ whose English changed after it was translated (xliff/de-de: needs-translation). */
  const CHANGED = 'Bitext builds a site of a few hundred pages in a minute.';

  it('marks the sentence whose English changed and shows its current English on keyboard focus', async () => {
    await open(PAGE);
    const marked = tab.locator('.sl-markdown-content .bt[data-bt-mark="stale"]');
    expect(await marked.count()).toBe(1);
    expect(await marked.evaluate((s) => !!s.closest('.bt-block-stale'))).toBe(true);
    await tabTo('.bt[data-bt-mark="stale"]');
    const tip = tab.locator('#bt-tip');
    await tip.waitFor({ state: 'visible', timeout: 5000 });
    expect(await tip.textContent()).toContain('Der englische Text hat sich');
    expect(await tip.textContent()).toContain(CHANGED);
    // The page still has its cards and heading ids: the marks change no block.
    expect(await tab.locator('nav.bt-related a.bt-card').count()).toBe(2);
    expect(await tab.locator('h2#next-steps').count()).toBe(1);
    // Only translated sentences carry a mark: the English page has none.
    await open('/en/bitext/examples/changed-sentence/');
    expect(await tab.locator('.bt[data-bt], .bt-suggest-toggle').count()).toBe(0);
  });

  it('takes a suggestion by keyboard, and bitext suggestions import puts it on the right unit of the right .xlf', async () => {
    await open(PAGE);
    await tabTo('.bt-suggest-toggle');
    await tab.keyboard.press('Enter');
    // The first sentence has the focus; the arrow keys move on to the changed one.
    let key = '';
    for (let i = 0; i < 10 && !key; i++) {
      await tab.keyboard.press('ArrowDown');
      key = await tab.evaluate(() => (document.activeElement?.matches('.bt[data-bt-mark="stale"]') ? document.activeElement.getAttribute('data-bt') ?? '' : ''));
    }
    expect(key).not.toBe('');
    await tab.keyboard.press('Enter');
    const dialog = tab.locator('dialog.bt-suggest');
    await dialog.waitFor({ state: 'visible' });
    expect(await dialog.locator('.bt-suggest-english').textContent()).toBe(CHANGED);
    const serious = (await runAxe(tab)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious).toEqual([]);
    const file = join(work, 'suggestion.json');
    const record = await sendSuggestion(tab, dialog, 'Bitext baut eine Site aus einigen hundert Seiten in einer Minute.', file);
    expect(record).toMatchObject({ document: 'bitext/examples/changed-sentence.mdx', locale: 'de-DE', source: CHANGED });

    const xliff = join(work, 'xliff');
    const run = await runBitext(['suggestions', 'import', file, '--xliff', xliff]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const xlf = join(xliff, 'de-de/bitext/examples/changed-sentence.xlf');
    const text = await readFile(xlf, 'utf8');
    const unit = readXliff(text, xlf).file!.units.find((u) => u.id === record.unit)!;
    expect(codedPlainText(unit.source)).toBe(CHANGED);
    expect(unit.alternatives.map((a) => [a.origin, codedPlainText(a.target)])).toContainEqual(['reader', record.suggestion]);
    expect(validateXliff(text, xlf).valid).toBe(true);
  });
});

describe('locale copies of the writers\' MDX pages', () => {
  it('have the English page\'s "Next steps" cards, leading to the same pages in their locale', async () => {
    const cards = (html: string) => [...html.matchAll(/<a class="bt-card" href="([^"]*)"/g)].map((m) => m[1]!);
    let sections = 0;
    for (const rel of await listFiles(join(ROOT, 'content/en'), ['.mdx'])) {
      const slug = rel.replace(/\.mdx$/, '').replace(/(^|\/)index$/, '');
      const english = cards(await readFile(join(out, 'en', slug, 'index.html'), 'utf8'));
      if (english.length === 0) continue;
      sections++;
      for (const locale of ['de-de', 'ru-ru']) {
        const copy = cards(await readFile(join(out, locale, slug, 'index.html'), 'utf8'));
        expect(copy, `${locale}/${slug}`).toEqual(english.map((href) => href.replace(/^\/en\//, `/${locale}/`)));
      }
    }
    expect(sections).toBeGreaterThanOrEqual(8);
  });
});

describe('accessibility of every kind of page', () => {
  const pages = {
    home: '/en/',
    'locale home': '/ru-ru/',
    'MDX page': '/en/bitext/quick-start/',
    'MDX page from XLIFF': '/de-de/bitext/writer-loop/',
    'MDX page from XLIFF with a changed sentence': '/de-de/bitext/examples/changed-sentence/',
    'sxs article (corpus)': '/ru-ru/partner-center/account-structure/',
    'sxs article, machine translation side by side': '/de-de/bitext/examples/reading-sxs/?bilingual=sbs',
    'English page of an sxs corpus': '/en/partner-center/account-structure/',
    'YAML landing': '/ru-ru/partner-center/',
    'YAML FAQ': '/de-de/partner-center/benefits-faq/',
    'YAML hub': '/ja-jp/teams/business-voice/',
    'fallback page': `/de-de/partner-center/${RU_ONLY.replace('.md', '')}/`,
    '404': '/de-de/no-such-page/',
  };
  it('axe finds no serious or critical violation', async () => {
    const found: string[] = [];
    for (const [kind, path] of Object.entries(pages)) {
      await open(path);
      expect(await tab.locator('main h1').count(), `${kind} ${path}`).toBeGreaterThan(0);
      for (const v of await runAxe(tab)) if (v.impact === 'serious' || v.impact === 'critical') found.push(`${kind} ${path}: ${v.id} ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
    }
    expect(found).toEqual([]);
  });

  it('axe finds none in the search dialog, with results in the reader\'s language and through English', async () => {
    await open('/de-de/bitext/');
    const input = await openSearchDialog(tab);
    // The field is named for assistive technology, with the word it shows (in the reader's language).
    expect(await input.getAttribute('aria-label')).toBe(await input.getAttribute('placeholder'));
    expect(await input.getAttribute('aria-label')).toMatch(/^Such/);
    await input.fill('translation');
    await tab.locator('.pagefind-ui__message').filter({ hasText: /\d/ }).waitFor({ timeout: 60_000 });
    await tab.locator('.bt-en-result').first().waitFor({ timeout: 60_000 });
    const serious = (await runAxe(tab)).filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});

describe('published folder', () => {
  it('keeps the build reports and bookkeeping, which name files of this machine, outside the site', async () => {
    // What readers load, and nothing else: the reading script, the English search and the docsets' whole sidebars.
    expect((await readdir(join(out, '_bitext'))).sort()).toEqual(['bilingual.js', 'nav', 'search-en', 'search-en.js']);
    expect((await readdir(join(out, '_bitext', 'nav'))).every((f) => /^[0-9a-f]{16}\.json$/.test(f))).toBe(true);
    expect((await readdir(`${out}-reports`)).sort()).toEqual(['broken-links.json', 'build.json', 'incremental.json', 'site-model-cache', 'xliff.json']);
    const report = JSON.parse(await readFile(join(`${out}-reports`, 'build.json'), 'utf8')) as { pages: number; reports: string };
    expect(report.pages).toBeGreaterThan(20);
    expect(report.reports).toBe(`${out}-reports`);
    // Without --site no page names a guessed host.
    expect(await readFile(join(out, 'en/bitext/index.html'), 'utf8')).not.toMatch(/localhost|rel="canonical"/);
  });

  it('publishes the favicon its pages name', async () => {
    const icon = /<link rel="shortcut icon" href="([^"]+)"/.exec(await readFile(join(out, 'de-de/bitext/index.html'), 'utf8'))?.[1];
    expect(icon).toBe('/favicon.svg');
    expect(await readFile(join(out, icon!), 'utf8')).toBe(await readFile(join(ROOT, 'public/favicon.svg'), 'utf8'));
  });

  it('bitext serve serves the built folder on localhost until stopped', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', out, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((done, fail) => {
        let text = '';
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          const m = /at (http:\/\/127\.0\.0\.1:\d+)\//.exec(text);
          if (m) done(m[1]!);
        });
        child.once('exit', (code) => fail(new Error(`serve exited with ${code}`)));
      });
      const home = await fetch(`${url}/en/bitext/`);
      expect(home.status).toBe(200);
      expect(home.headers.get('content-type')).toContain('text/html');
      const missing = await fetch(`${url}/en/no-such-page/`);
      expect(missing.status).toBe(404);
      expect(await missing.text()).toContain('Page not found');
      expect((await fetch(`${url}/..%2f..%2fetc/passwd`)).status).not.toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    const help = await runBitext(['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--port');
    const none = await runBitext(['serve', join(work, 'no-such-folder')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^bitext: no such folder: .*no-such-folder: /);
  });
});
