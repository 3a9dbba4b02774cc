/**
 * Bitext's own docs as the live example of the MDX loop (issue 5 §6): every English MDX page in
 * content/ has a translated XLIFF file per locale in xliff/, every unit has a target, each merged
 * page compiles as MDX; `bitext preview` renders a file and reports broken codes; and one real
 * build shows the ru and de pages translated, with the untranslated-sentence notice and lang="en"
 * where a target is missing (a copy of xliff/ with one target removed).
 */
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '@mdx-js/mdx';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { removeGeneratedPages } from '../src/site/mdx-pages.ts';
import { parseMdx } from '../src/parse/mdx/parse.ts';
import { writeXliff, xliffPath } from '../src/pipeline/extract.ts';
import { mergeXliff } from '../src/pipeline/merge.ts';
import { readXliff } from '../src/xliff/read.ts';
import { runBitext } from './cli-helpers.ts';
import { buildEnv, buildSiteInChild, scratchFolder } from './support/site-build.ts';
import { ENGLISH_OPEN } from '../src/pipeline/merge-mdx.ts';
import { SOURCES_CLASS } from '../src/site/bilingual.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ENGLISH = join(ROOT, 'content/en');
const XLIFF = join(ROOT, 'xliff');
const LOCALES = ['ru-RU', 'de-DE'];
const pages = await listFiles(ENGLISH, ['.mdx']);
/** The example of a translation that is out of date: one sentence changed in English after translation. */
const CHANGED_EXAMPLE = 'bitext/examples/changed-sentence.mdx';

function readUnits(path: string) {
  const read = readXliff(readFileSync(path, 'utf8'), path);
  expect(read.diagnostics).toEqual([]);
  return read.file!;
}

describe('the default content in ru-RU and de-DE', () => {
  it('has an XLIFF file per MDX page and locale, with a target in every unit', () => {
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const locale of LOCALES) {
      for (const page of pages) {
        const file = readUnits(xliffPath(XLIFF, locale, page));
        expect(file.original).toBe(page);
        expect(file.targetLanguage).toBe(locale);
        const missing = file.units.filter((u) => u.target === undefined || u.target.length === 0).map((u) => u.id);
        expect(missing, `${locale} ${page}`).toEqual([]);
      }
    }
  });

  it('merges every page with no diagnostics, nothing left in English, into MDX that compiles', async () => {
    for (const locale of LOCALES) {
      for (const page of pages) {
        const doc = parseMdx(readFileSync(join(ENGLISH, page)), page);
        const path = xliffPath(XLIFF, locale, page);
        const merged = mergeXliff(doc, readUnits(path), path);
        expect(merged.diagnostics, `${locale} ${page}`).toEqual([]);
        expect(merged.stats).toMatchObject({ untranslated: 0, rejected: 0, stale: 0, changed: page === CHANGED_EXAMPLE ? 1 : 0 });
        expect(merged.markdown).not.toContain(ENGLISH_OPEN);
        expect(merged.markdown).toMatch(locale === 'ru-RU' ? /[а-я]{4}/ : /\b(?:der|die|und|Sätze)\b/);
        await compile(merged.markdown.replace(/^---\n[\s\S]*?\n---\n/, ''), { remarkPlugins: [remarkGfm, remarkDirective] });
      }
    }
  });

  it('re-extracting the unchanged pages leaves every file as it is', async () => {
    const copy = await mkdtemp(join(tmpdir(), 'bitext-xliff-'));
    try {
      await cp(XLIFF, copy, { recursive: true });
      const run = await runBitext(['extract', ENGLISH, '--out', copy, '--json']);
      expect(run.code).toBe(0);
      const report = JSON.parse(run.stdout) as { filesUnchanged: number; filesUpdated: number; filesCreated: number };
      // One file per page and locale, and one per English TOC (its entry names) and locale.
      const tocs = (await listFiles(ENGLISH, ['.yml'])).filter((p) => /(^|\/)toc\.yml$/i.test(p));
      expect(report).toMatchObject({ filesUnchanged: (pages.length + tocs.length) * LOCALES.length, filesUpdated: 0, filesCreated: 0 });
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});

describe('bitext preview', () => {
  // The preview builds the site's page: like a test build, from a folder in the repository and without Vitest's variables.
  const preview = async (args: string[]) => {
    const scratch = await scratchFolder('mdx-preview');
    try {
      return await runBitext(['preview', ...args], { cwd: scratch, env: buildEnv() });
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  };

  it("shows a translator file as the site's page, with its components, and reports nothing for a good file", async () => {
    const out = await mkdtemp(join(tmpdir(), 'bitext-preview-'));
    try {
      const run = await preview([join(XLIFF, 'ru-ru/bitext/writer-loop.xlf'), '--content', join(ROOT, 'content'), '--out', out]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const html = await readFile(join(out, 'ru-ru/bitext/writer-loop.html'), 'utf8');
      expect(html).toMatch(/<html lang="ru-RU" dir="ltr"/);
      expect(html).toContain('Извлеките страницы в XLIFF');
      expect(html).toMatch(/<article class="card /);
      expect(await readFile(join(out, 'site/ru-ru/bitext/writer-loop/index.html'), 'utf8')).toContain('Извлеките страницы в XLIFF');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('reports broken inline codes with file:line and unit id, and exits 1', async () => {
    const work = await mkdtemp(join(tmpdir(), 'bitext-preview-'));
    try {
      const source = xliffPath(XLIFF, 'de-DE', 'bitext/index.mdx');
      const file = readUnits(source);
      const bold = file.units.find((u) => u.target?.some((p) => typeof p !== 'string' && p.type === 'bold'))!;
      bold.target = bold.target!.filter((p) => typeof p === 'string');
      const broken = join(work, 'de-de/bitext/index.xlf');
      await cp(source, broken);
      await writeFile(broken, writeXliff(file));
      const run = await preview([broken, '--content', join(ROOT, 'content'), '--out', join(work, 'out')]);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:1: error xliff-codes: unit "${bold.id}": code p1 `));
      // The page is still written, with that sentence in English.
      expect(await readFile(join(work, 'out/de-de/bitext/index.html'), 'utf8')).toContain('<span lang="en">');
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});

describe('site build of the default content', () => {
  let work: string;
  let scratch: string;
  let astroLog: string;
  const out = () => join(work, 'out');
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'bitext-mdx-site-'));
    // xliff/ as it is, except one German sentence of the writer loop without its target.
    await cp(XLIFF, join(work, 'xliff'), { recursive: true });
    const dePath = xliffPath(join(work, 'xliff'), 'de-DE', 'bitext/writer-loop.mdx');
    const de = readUnits(dePath);
    const unit = de.units.find((u) => u.id !== 'title' && u.id !== 'description')!;
    unit.target = undefined;
    unit.state = undefined;
    await writeFile(dePath, writeXliff(de));
    ({ scratch, astroLog } = await buildSiteInChild({ content: [join(ROOT, 'content')], xliff: join(work, 'xliff'), out: out(), cacheDir: join(work, 'cache') }, 'mdx'));
  }, 300_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
    if (scratch) await rm(scratch, { recursive: true, force: true });
    // The locale pages this build generated (git-ignored, but one folder per XLIFF folder).
    if (work) await removeGeneratedPages(ROOT, [join(ROOT, 'content')], join(work, 'xliff'));
  });

  it('prints no warning a user cannot act on', () => {
    expect(astroLog).not.toMatch(/\[WARN\]|MODULE_LEVEL_DIRECTIVE|does not exist or is empty|was not found/);
  });

  it('has a page for addresses without one', async () => {
    expect(await readFile(join(out(), '404.html'), 'utf8')).toContain('<title>Page not found | Bitext</title>');
  });

  it('shows the ru and de MDX pages translated, title included', async () => {
    const ru = await readFile(join(out(), 'ru-ru/bitext/writer-loop/index.html'), 'utf8');
    expect(ru).toContain('<title>Цикл автора | Bitext</title>');
    expect(ru).toContain('Извлеките страницы в XLIFF, по одному файлу на страницу и язык:');
    expect(ru).toContain('Стабильные идентификаторы предложений');
    // The page's hidden English (the reading script's sources for bilingual reading) aside.
    const shown = ru.replace(new RegExp(`<div class="${SOURCES_CLASS}"[\\s\\S]*?</div>`), '');
    expect(shown).not.toContain('Extract the pages to XLIFF');
    expect(ru).not.toContain('bt-mdx-notice');
    const de = await readFile(join(out(), 'de-de/bitext/index.html'), 'utf8');
    expect(de).toContain('Bitext ist ein Website-Generator für Dokumentation und Lokalisierung.');
    // Links inside translated pages stay in the locale.
    expect(ru).toContain('href="/ru-ru/bitext/translator-loop/"');
  });

  it('shows a sentence without target in English, tagged lang="en", and says how many there are', async () => {
    const de = await readFile(join(out(), 'de-de/bitext/writer-loop/index.html'), 'utf8');
    expect(de).toContain('<span lang="en">Writers author English pages in MDX');
    expect(de).toMatch(/class="bt-mdx-notice[^"]*"[^>]*>[\s\S]*?1 von \d+ Sätzen noch nicht übersetzt/);
    const files = await readdir(join(out(), 'de-de/bitext'));
    expect(files).toContain('writer-loop');
  });
});
