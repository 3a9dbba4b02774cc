// `bitext translate`: the workbench server and its browser app, on a temporary copy of the
// project's XLIFF files (xliff/, the Russian and German pages of content/), in Chromium.
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractCorpora } from '../src/pipeline/extract.ts';
import { startWorkbench, type Workbench } from '../src/workbench/server.ts';
import { runBitext } from './cli-helpers.ts';
import { corpusDir, RU } from './corpus.ts';
import { launchBrowser, runAxe } from './support/browser.ts';
import { requireXmllint, XLIFF_12_SCHEMA, xmllintErrors } from './xliff-tools.ts';

const ROOT = resolve(import.meta.dirname, '..');
const FILE = 'ru-ru/bitext/quick-start.xlf';
const CORPUS_DOC = 'Archive/China-add-a-new-customer.md';
const CORPUS_FILE = 'ru-ru/Archive/China-add-a-new-customer.xlf';
const RTL_FILE = 'ar-sa/bitext/quick-start.xlf';

let dir: string;
let xliff: string;
let workbench: Workbench;
let browser: Browser;
let page: Page;
const errors: string[] = [];
/** Waits of the polls: CI machines are slow and shared. */
const POLL = { timeout: 15_000 };

/** The text of a file with the element of unit `id` cut out: two versions differing only in that unit give the same. */
function withoutUnit(text: string, id: string): string {
  const start = text.indexOf(`<trans-unit id="${id}"`) >= 0 ? text.indexOf(`<trans-unit id="${id}"`) : text.search(new RegExp(`<trans-unit [^>]*id="${id}"`));
  expect(start).toBeGreaterThan(0);
  const end = text.indexOf('</trans-unit>', start) + '</trans-unit>'.length;
  return text.slice(0, start) + text.slice(end);
}

function unitXml(text: string, id: string): string {
  const start = text.search(new RegExp(`<trans-unit [^>]*id="${id}"`));
  return text.slice(start, text.indexOf('</trans-unit>', start));
}

const disk = () => readFile(join(xliff, FILE), 'utf8');
const row = (id: string) => page.locator(`[data-unit="${id}"]`);
const editor = (id: string) => row(id).locator('.target');

async function openQuickStart() {
  await page.goto(workbench.url);
  await page.locator(`button.file-link[data-path="${FILE}"]`).click();
  await page.waitForSelector(`[data-unit="m443ee2cc5a"]`);
}

/** The text the preview highlights. */
const highlighted = () =>
  page.evaluate(() => {
    const frame = document.getElementById('preview') as HTMLIFrameElement;
    const highlight = (frame.contentWindow as unknown as { CSS: { highlights: Map<string, Set<Range>> } }).CSS.highlights.get('wb-current');
    return highlight ? [...highlight].map((r) => r.toString()).join('') : '';
  });

async function clearAndType(id: string, text: string) {
  await editor(id).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.type(text);
}

beforeAll(async () => {
  requireXmllint();
  dir = await mkdtemp(join(tmpdir(), 'bitext-translate-'));
  xliff = join(dir, 'xliff');
  await cp(join(ROOT, 'xliff'), xliff, { recursive: true });
  await writeFile(join(dir, 'secret.xlf'), '<secret/>');
  await symlink(join(dir, 'secret.xlf'), join(xliff, 'ru-ru', 'leak.xlf'));
  // A document of the ru-RU corpus (sxs, bold codes), and a right-to-left copy of a page.
  // One docset of it is the content (the memory reads all of its documents: the whole corpus takes long).
  const corpus = join(dir, RU);
  await cp(join(corpusDir(RU), 'Archive'), join(corpus, 'Archive'), { recursive: true });
  await cp(join(corpusDir(RU), 'README.md'), join(corpus, 'README.md'));
  await extractCorpora({ dirs: [join(corpus, CORPUS_DOC)], out: xliff, format: '1.2' });
  await mkdir(join(xliff, 'ar-sa/bitext'), { recursive: true });
  await writeFile(join(xliff, RTL_FILE), (await readFile(join(xliff, FILE), 'utf8')).replace('target-language="ru-RU"', 'target-language="ar-SA"'));
  await writeFile(join(dir, 'terms.csv'), 'source,target,note\nPartner Center,Центр партнеров,the product\n');
  workbench = await startWorkbench({ xliffDir: xliff, content: [join(ROOT, 'content'), corpus], port: 0, glossary: [join(dir, 'terms.csv')] });
  browser = await launchBrowser();
  // axe is injected as an inline script, which the app's content security policy forbids.
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })).newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  page.on('pageerror', (error) => errors.push(error.message));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await workbench?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the server', () => {
  it('refuses other host names, other origins, paths outside XLIFF_DIR and non-JSON posts', async () => {
    const url = workbench.url;
    const host = new URL(url).host;
    // node:http, not fetch: fetch does not let a caller set Host.
    const get = (path: string, headers: Record<string, string> = {}) =>
      new Promise<{ status: number }>((done, fail) => {
        const request = httpRequest(new URL(path, url), { headers }, (response) => {
          response.resume();
          done({ status: response.statusCode ?? 0 });
        });
        request.on('error', fail);
        request.end();
      });
    expect((await get('/api/files')).status).toBe(200);
    // DNS rebinding: a page of evil.example resolved to 127.0.0.1 still sends its own Host.
    expect((await get('/api/files', { host: 'evil.example' })).status).toBe(421);
    expect((await get('/', { host: `evil.example:${new URL(url).port}` })).status).toBe(421);
    expect((await get('/api/files', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get('/api/files', { origin: `http://${host}`, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    for (const path of ['../secret.xlf', '/etc/passwd', 'ru-ru/leak.xlf', 'ru-ru/bitext/../../../secret.xlf', 'ru-ru/../../secret.xlf']) {
      const response = await get(`/api/file?path=${encodeURIComponent(path)}`);
      expect(response.status, path).toBe(403);
    }
    const post = (path: string, body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) => fetch(new URL(path, url), { method: 'POST', headers, body: JSON.stringify(body) });
    expect((await post('/api/save', { path: '../secret.xlf', version: 'x', unit: 'a', target: ['x'], state: 'final' })).status).toBe(403);
    expect((await post('/api/save', { path: FILE }, { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post('/api/save', { path: FILE }, { 'content-type': 'application/json', origin: 'http://evil.example' })).status).toBe(403);
    expect(await readFile(join(dir, 'secret.xlf'), 'utf8')).toBe('<secret/>');
  });

  it('a 2.x unit of several segments is shown read-only and not written', async () => {
    const file = 'de-de/segments.xlf';
    const text = '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de"><file id="f" original="segments.md"><unit id="v"><segment><source>A.</source><target>A.</target></segment><segment><source>B.</source><target>B.</target></segment></unit></file></xliff>\n';
    await writeFile(join(xliff, file), text);
    const loaded = (await (await fetch(new URL(`/api/file?path=${encodeURIComponent(file)}`, workbench.url))).json()) as { version: string; units: { id: string; readOnly?: string }[] };
    expect(loaded.units[0]!.readOnly).toMatch(/several segments/);
    const saved = await fetch(new URL('/api/save', workbench.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ path: file, version: loaded.version, unit: 'v', target: ['X.'], state: 'final' }) });
    expect(saved.status).toBe(422);
    expect(await readFile(join(xliff, file), 'utf8')).toBe(text);
    await rm(join(xliff, file));
  });

  it('lists every file per locale with its progress in sentences and words', async () => {
    type Listed = { pending: number; files: { path: string; locale: string; units: number; words: number; sentences: Record<string, number> }[] };
    const list = async () => (await (await fetch(new URL('/api/files', workbench.url))).json()) as Listed;
    await expect.poll(async () => (await list()).pending, { timeout: 20_000 }).toBe(0);
    const { files } = await list();
    const quickStart = files.find((f) => f.path === FILE)!;
    expect(quickStart.locale).toBe('ru-RU');
    expect(quickStart.units).toBe(12);
    expect(Object.values(quickStart.sentences).reduce((a, b) => a + b, 0)).toBe(12);
    expect(quickStart.words).toBeGreaterThan(50);
    expect(new Set(files.map((f) => f.locale))).toEqual(new Set(['ru-RU', 'de-DE', 'ar-SA']));
  });
});

describe('the command', () => {
  it('prints its address, serves the folder, stops on Ctrl+C with exit 0; a missing folder is exit 2', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/bitext.js'), 'translate', xliff, '--content', join(ROOT, 'content'), '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: '1' } });
    const url = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) done(m[0]);
      });
      child.once('exit', (code) => fail(new Error(`exited with ${code}`)));
    });
    expect((await fetch(new URL('/api/files', url))).status).toBe(200);
    const exit = new Promise<number | null>((done) => child.once('exit', done));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    const missing = await runBitext(['translate', join(dir, 'no-such-folder')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no such XLIFF folder');
  }, 60_000);
});

describe('the browser app', () => {
  it('opens a file; typing and Ctrl+Enter write that target with state final, valid, and nothing else of the file', async () => {
    await openQuickStart();
    const before = await disk();
    await clearAndType('m443ee2cc5a', 'Bitext требует Node 20 или новее и npm.');
    await page.keyboard.press('Control+Enter');
    await expect.poll(disk, POLL).not.toBe(before);
    const after = await disk();
    expect(unitXml(after, 'm443ee2cc5a')).toContain('<target state="final">Bitext требует Node 20 или новее и npm.</target>');
    expect(unitXml(after, 'm443ee2cc5a')).toContain('approved="yes"');
    expect(withoutUnit(after, 'm443ee2cc5a')).toBe(withoutUnit(before, 'm443ee2cc5a'));
    expect(await xmllintErrors([join(xliff, FILE)], XLIFF_12_SCHEMA)).toEqual([]);
    // The next sentence that needs work has the focus.
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest('[data-unit]')?.getAttribute('data-unit')), POLL).toBe('m8c4c80a8d2');
    await expect.poll(() => row('m443ee2cc5a').locator('.badge').textContent(), POLL).toBe('reviewed');
  });

  it('inserts inline codes from the keyboard as chips, and writes them as the source codes', async () => {
    await clearAndType('m8c4c80a8d2', 'Запускайте через ');
    await page.keyboard.press('Control+Shift+Digit1');
    await page.keyboard.type(' или ');
    await page.keyboard.press('Control+Shift+Digit2');
    await page.keyboard.type('.');
    await expect.poll(() => editor('m8c4c80a8d2').locator('.chip').count(), POLL).toBe(2);
    await expect.poll(() => row('m8c4c80a8d2').locator('.error').textContent(), POLL).toBe('');
    const before = await disk();
    await page.keyboard.press('Control+Enter');
    await expect.poll(disk, POLL).not.toBe(before);
    const unit = unitXml(await disk(), 'm8c4c80a8d2');
    expect(unit).toContain('<target state="final">Запускайте через <ph id="ph1" ctype="x-code">`npm run`</ph> или <ph id="ph2" ctype="x-code">`npx`</ph>.</target>');
  });

  it('a deleted code shows an error and Ctrl+Enter does not confirm', async () => {
    await editor('m8c4c80a8d2').click();
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await expect.poll(() => editor('m8c4c80a8d2').locator('.chip').count(), POLL).toBe(1);
    await expect.poll(() => row('m8c4c80a8d2').locator('.error').textContent(), POLL).toContain('Code 2');
    await expect.poll(() => editor('m8c4c80a8d2').getAttribute('aria-invalid'), POLL).toBe('true');
    const before = await disk();
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.locator('#status').textContent(), POLL).toContain('Not confirmed');
    expect(await disk()).toBe(before);
    // Undo brings the code back.
    await page.keyboard.press('Control+Z');
    await expect.poll(() => editor('m8c4c80a8d2').locator('.chip').count(), POLL).toBe(2);
    await expect.poll(() => row('m8c4c80a8d2').locator('.error').textContent(), POLL).toBe('');
  });

  it('inserts a translation-memory match with one key', async () => {
    await editor('title').click();
    await page.locator('#matches li button').first().waitFor({ state: 'visible' });
    const match = await page.locator('#matches li').first().locator('span[lang]').textContent();
    expect(match).toBeTruthy();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await expect.poll(() => editor('title').textContent(), POLL).toBe('');
    await page.keyboard.press('Control+M');
    await expect.poll(() => editor('title').textContent(), POLL).toBe(match!);
  });

  it('the preview shows the page with the unsaved text, highlights the current sentence, and a click selects a sentence', async () => {
    await clearAndType('m443ee2cc5a', 'Несохранённый текст предложения.');
    await expect.poll(highlighted, { timeout: 10_000 }).toBe('Несохранённый текст предложения.');
    // Another sentence, clicked in the page, becomes the current unit.
    await page.frameLocator('#preview').getByText('Сборка сайта корпуса').click();
    await expect.poll(() => page.locator('.row.current').getAttribute('data-unit'), POLL).not.toBe('m443ee2cc5a');
    const current = await page.locator('.row.current .target').textContent();
    expect(current).toBe('Сборка сайта корпуса');
    await expect.poll(highlighted, POLL).toBe('Сборка сайта корпуса');
  });

  it('an sxs corpus page: its codes are chips, the preview is the merged page and highlights the sentence', async () => {
    await openFileFresh(CORPUS_FILE, '4751a-110');
    await expect.poll(() => editor('4751a-110').locator('.chip').count(), POLL).toBe(6);
    await editor('4751a-110').click();
    await expect.poll(highlighted, { timeout: 15_000 }).toBe('Из панели мониторинга меню, выберите клиентов , а затем выберите добавить клиента.');
    await expect.poll(() => page.frameLocator('#preview').locator('strong', { hasText: 'панели мониторинга' }).count(), POLL).toBe(1);
  });

  it('shows the glossary terms of a sentence and checks them while typing', async () => {
    await clearAndType('4751a-105', 'Центр для партнёров от 21Vianet');
    await page.locator('#glossary-box').waitFor({ state: 'visible' });
    expect(await page.locator('#glossary li').first().textContent()).toBe('Partner Center → Центр партнеров');
    await expect.poll(() => page.locator('#checks').textContent(), POLL).toContain('qa-glossary');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Центр партнеров от 21Vianet');
    await expect.poll(() => page.locator('#checks').textContent(), POLL).not.toContain('qa-glossary');
  });

  it('a right-to-left locale is edited and previewed right to left', async () => {
    await openFileFresh(RTL_FILE, 'm443ee2cc5a');
    expect(await editor('m443ee2cc5a').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => page.frameLocator('#preview').locator('html').getAttribute('dir'), { timeout: 15_000 }).toBe('rtl');
    await openFileFresh(FILE, 'm443ee2cc5a');
  });

  it('a TOC file: the preview lists its entry names and highlights the current one', async () => {
    await openFileFresh('ru-ru/bitext/TOC.yml.xlf', 'm300d2fb616');
    const first = page.locator('.row').nth(1);
    await first.locator('.target').click();
    const text = await first.locator('.target').textContent();
    await expect.poll(highlighted, { timeout: 15_000 }).toBe(text);
    await openFileFresh(FILE, 'm443ee2cc5a');
  });

  it('Alt+arrows move between sentences', async () => {
    const at = await page.locator('.row.current').getAttribute('data-unit');
    await page.keyboard.press('Alt+ArrowDown');
    await expect.poll(() => page.locator('.row.current').getAttribute('data-unit'), POLL).not.toBe(at);
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => page.locator('.row.current').getAttribute('data-unit'), POLL).toBe(at);
  });

  it('find and replace changes the targets of the file, not yet confirmed', async () => {
    await page.keyboard.press('Control+h');
    await page.locator('#find-text').fill('корпуса');
    await page.locator('#replace-text').fill('КОРПУСА');
    await page.locator('#replace-all').click();
    await expect.poll(() => page.locator('#find-status').textContent(), POLL).toContain('replaced');
    await page.locator('.row .target', { hasText: 'КОРПУСА' }).first().waitFor({ state: 'visible' });
    expect(await disk()).not.toContain('КОРПУСА');
    await page.locator('#find-close').click();
  });

  it('has no serious accessibility problem (axe)', async () => {
    const violations = await runAxe(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  it('a change on disk since the file was opened is detected: nothing written, the translator reloads or keeps theirs as an alternative', async () => {
    await openFileFresh();
    const theirs = (await disk()).replace('Сборка сайта корпуса', 'Сборка сайта из корпуса');
    await writeFile(join(xliff, FILE), theirs);
    await clearAndType('m443ee2cc5a', 'Моя версия предложения.');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('alertdialog').waitFor({ state: 'visible' });
    expect(await disk()).toBe(theirs);
    await page.getByRole('button', { name: /keep my text as an alternative/ }).click();
    await page.getByRole('alertdialog').waitFor({ state: 'hidden' });
    await expect.poll(disk, POLL).not.toBe(theirs);
    const after = await disk();
    expect(after).toContain('Сборка сайта из корпуса');
    expect(unitXml(after, 'm443ee2cc5a')).toMatch(/<alt-trans [^>]*origin="bitext-translate"[^>]*>[\s\S]*<target>Моя версия предложения\.<\/target>/);
    expect(withoutUnit(after, 'm443ee2cc5a')).toBe(withoutUnit(theirs, 'm443ee2cc5a'));
    expect(await xmllintErrors([join(xliff, FILE)], XLIFF_12_SCHEMA)).toEqual([]);
    // The reloaded file shows their text in the editor and the translator's beside it, insertable.
    expect(await page.locator('.row.current').getAttribute('data-unit')).toBe('m443ee2cc5a');
    await expect.poll(() => page.locator('#matches .alternative').first().textContent(), POLL).toContain('Моя версия предложения.');
  });
});

async function openFileFresh(file = FILE, unit = 'm443ee2cc5a') {
  await page.goto('about:blank');
  await page.goto(`${workbench.url}#file=${encodeURIComponent(file)}`);
  await page.waitForSelector(`[data-unit="${unit}"]`);
}
