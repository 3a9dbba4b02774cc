/**
 * Locale copies of English MDX pages have everything the English page has: the Russian copy of
 * every English MDX page in content/ and of a fixture page with every component (written here,
 * test/fixtures/mdx-locale) has the English page's cards, asides, heading anchors and sidebar
 * entries, and its UI strings are Russian. One site build over both, with the translations of
 * xliff/ and a pseudo-translation of the fixture made by `extract` (every unit translated but one
 * paragraph, and no file for one page).
 */
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { extractCorpora, writeXliff, xliffPath } from '../src/pipeline/extract.ts';
import { removeGeneratedPages } from '../src/site/mdx-pages.ts';
import type { CodedText } from '../src/model/coded-text.ts';
import { readXliff } from '../src/xliff/read.ts';
import type { XliffUnit } from '../src/xliff/types.ts';
import { codedPlainText, codedToMarkdown } from '../src/model/coded-text.ts';
import { parseMdx } from '../src/parse/mdx/parse.ts';
import { buildSiteInChild } from './support/site-build.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURE = join(ROOT, 'test/fixtures/mdx-locale/en');
const CONTENT = join(ROOT, 'content');
const UNTRANSLATED = 'Nobody has translated this paragraph yet.';

/** A pseudo-translation that no English list of names recognises: Latin letters become Cyrillic ones. */
const LETTERS: Record<string, string> = { a: 'а', b: 'б', c: 'ц', d: 'д', e: 'е', f: 'ф', g: 'г', h: 'х', i: 'и', j: 'й', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п', q: 'к', r: 'р', s: 'с', t: 'т', u: 'у', v: 'в', w: 'ш', x: 'кс', y: 'ы', z: 'з' };
const cyrillic = (text: string) => text.replace(/[a-z]/gi, (c) => (c === c.toLowerCase() ? LETTERS[c]! : LETTERS[c.toLowerCase()]!.toUpperCase()));
const translate = (parts: CodedText): CodedText => parts.map((p) => (typeof p === 'string' ? cyrillic(p) : p));

/** The parts of a built page the tests compare. */
function pageParts(html: string) {
  // The page's own content: from Starlight's Markdown block to the backlinks (which differ: a fallback page links nowhere).
  const start = html.indexOf('<div class="sl-markdown-content">');
  const end = html.indexOf('<nav class="bt-backlinks"', start);
  const content = html.slice(start, end < 0 ? html.indexOf('</main>', start) : end);
  const sidebar = /<ul class="top-level[\s\S]*?<\/nav>/.exec(html)?.[0] ?? '';
  return {
    html,
    cards: [...content.matchAll(/<nav class="bt-related[^"]*" aria-label="([^"]*)"/g)].map((m) => m[1]!),
    asides: [...content.matchAll(/aria-label="([^"]*)" class="starlight-aside starlight-aside--(\w+)"/g)].map((m) => ({ label: m[1]!, variant: m[2]! })),
    ids: [...content.matchAll(/<h[1-6][^>]* id="([^"]+)"/g)].map((m) => m[1]!),
    sidebar: [...sidebar.matchAll(/<a href="\/[^/]+\/([^"]*)"[^>]*>\s*<span[^>]*>([^<]*)</g)].map((m) => ({ slug: m[1]!, label: m[2]! })),
  };
}

let work: string;
let scratch: string;
let log: string;
let astroLog: string;
let newPageUnits: XliffUnit[];
const out = () => join(work, 'out');
const page = async (locale: string, slug: string) => pageParts(await readFile(join(out(), locale, slug, 'index.html'), 'utf8'));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-mdx-locale-'));
  const xliff = join(work, 'xliff');
  await cp(join(ROOT, 'xliff'), xliff, { recursive: true });
  const extract = await extractCorpora({ dirs: [FIXTURE], out: xliff, format: '1.2', locales: ['ru-RU'], leverage: false });
  expect(extract.diagnostics).toEqual([]);
  for (const doc of ['guide/components.mdx', 'guide/other.mdx', 'guide/TOC.yml']) {
    const path = xliffPath(xliff, 'ru-RU', doc);
    const file = readXliff(readFileSync(path), path).file!;
    for (const unit of file.units) if (!unit.source.some((p) => typeof p === 'string' && p.includes(UNTRANSLATED))) unit.target = translate(unit.source);
    await writeFile(path, writeXliff(file));
  }
  // The new page, extracted once the others are translated: its "Next steps" comes from the memory.
  await unlink(xliffPath(xliff, 'ru-RU', 'guide/new-page.mdx'));
  await extractCorpora({ dirs: [FIXTURE], out: xliff, format: '1.2', locales: ['ru-RU'] });
  const newPage = xliffPath(xliff, 'ru-RU', 'guide/new-page.mdx');
  newPageUnits = readXliff(readFileSync(newPage), newPage).file!.units;
  await unlink(newPage);
  ({ log, astroLog, scratch } = await buildSiteInChild({ content: [FIXTURE, CONTENT], xliff, out: out(), cacheDir: join(work, 'cache') }, 'mdx-locale'));
}, 300_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  if (work) {
    await removeGeneratedPages(ROOT, [FIXTURE, CONTENT], join(work, 'xliff'));
    await rm(work, { recursive: true, force: true });
  }
});

describe('the Russian copy of the page with every component', () => {
  it('has the English cards, asides and heading ids, with a translated "Next steps" heading', async () => {
    const en = await page('en', 'guide/components');
    const ru = await page('ru-ru', 'guide/components');
    expect(ru.html).toContain(cyrillic('A sentence links to'));
    expect(ru.cards).toEqual([cyrillic('Next steps')]);
    expect(en.cards).toEqual(['Next steps']);
    expect(ru.asides.map((a) => a.variant)).toEqual(en.asides.map((a) => a.variant));
    expect(en.asides.length).toBe(8);
    expect(ru.ids).toEqual(en.ids);
    expect(ru.ids).toEqual(expect.arrayContaining(['the-pair', 'a-sub-heading-with-code', 'next-steps']));
    // The components render as on the English page.
    for (const marker of ['class="card ', 'starlight-tabs', 'sl-steps', 'sl-link-card', 'sl-badge', 'card-grid']) {
      expect(en.html, marker).toContain(marker);
      expect(ru.html, marker).toContain(marker);
    }
  });

  it('shows UI strings in Russian: aside labels, "Section titled", the code frame', async () => {
    const en = await page('en', 'guide/components');
    const ru = await page('ru-ru', 'guide/components');
    expect(en.asides.map((a) => a.label)).toEqual(['Note', 'Tip', 'Important', 'Caution', 'Danger', 'Own label', 'Tip', 'Caution']);
    expect(ru.asides.map((a) => a.label)).toEqual(['Заметка', 'Совет', 'Важно', 'Осторожно', 'Опасно', cyrillic('Own label'), 'Совет', 'Осторожно']);
    expect(ru.html).not.toContain('Section titled');
    expect(ru.html).toContain('Заголовок раздела «' + cyrillic('The pair') + '»');
    expect(ru.html).toContain('Окно терминала');
    expect(ru.html).not.toMatch(/Terminal window|Copy to clipboard/);
  });

  it('keeps an untranslated paragraph a paragraph, in English, with the card after it', async () => {
    const { html } = await page('ru-ru', 'guide/components');
    expect(html).toMatch(new RegExp(`<p><span lang="en">${UNTRANSLATED}</span></p>\\s*<article class="card`));
    expect(html).toContain(cyrillic('The card body follows the paragraph.'));
  });

  it('translates the title of a one-line card, and the text of a badge inside a sentence, as text', async () => {
    const doc = parseMdx(readFileSync(join(FIXTURE, 'guide/components.mdx')), 'guide/components.mdx');
    expect(doc.segments.map((s) => s.source)).toEqual(expect.arrayContaining(['One-line card', 'The text of a one-line card.']));
    expect(doc.embedded?.map((e) => [e.source, e.role])).toContainEqual(['New', 'prop']);
    const { html } = await page('ru-ru', 'guide/components');
    expect(html).toContain(`<span class="astro-oag6qnet">${cyrillic('One-line card')}</span>`);
    expect(html).toMatch(new RegExp(`${cyrillic('A sentence with a badge')} <span class="sl-badge[^"]*">${cyrillic('New')}</span> ${cyrillic('inside.')}`));
  });

  it('leads section links to the English anchors, and reports a link to an anchor the page lacks', async () => {
    const ru = await page('ru-ru', 'guide/components');
    expect(ru.html).toContain('href="/ru-ru/guide/other/#second-section"');
    expect(ru.html).toContain('href="#the-pair"');
    expect((await page('ru-ru', 'guide/other')).ids).toEqual(expect.arrayContaining(['first-section', 'second-section']));
    const report = JSON.parse(await readFile(join(`${out()}-reports`, 'broken-links.json'), 'utf8')) as { locales: Record<string, { links: { file: string; line: number; href: string; reason: string; page: string }[] }> };
    for (const locale of ['en', 'ru-ru']) {
      const links = report.locales[locale]?.links ?? [];
      expect(links.map((l) => [l.page, l.href, l.line > 0])).toEqual([[`${locale}/guide/components`, 'other.mdx#missing-anchor', true]]);
      expect(links[0]!).toMatchObject({ anchor: 'missing-anchor', reason: expect.stringContaining('"#missing-anchor"') });
    }
    expect(log).toMatch(/other\.mdx#missing-anchor/);
  });

  it('gets the translation of "Next steps" on a new page from the memory, not to be translated again', () => {
    // The memory's translation (the most frequent one of xliff/ and the fixture's files), whatever it says.
    const heading = newPageUnits.find((u) => codedToMarkdown(u.source) === 'Next steps')!;
    expect(heading).toMatchObject({ state: 'translated', qualifier: 'exact-match' });
    expect(codedPlainText(heading.target!)).toMatch(/^[А-Яа-я ]+$/);
  });

  it('has the English TOC as its sidebar, names translated through XLIFF, a page without translation included', async () => {
    const en = await page('en', 'guide/components');
    const ru = await page('ru-ru', 'guide/components');
    expect(en.sidebar.map((e) => e.slug)).toEqual(['guide/components/', 'guide/other/', 'guide/new-page/']);
    expect(ru.sidebar).toEqual(en.sidebar.map((e) => ({ slug: e.slug, label: cyrillic(e.label) })));
    // The page with no XLIFF file is the English page in the Russian site.
    expect((await readFile(join(out(), 'ru-ru/guide/new-page/index.html'), 'utf8')).includes('This page has no XLIFF file yet.')).toBe(true);
  });
});

describe('the Russian copy of every English MDX page of content/', async () => {
  const pages = (await listFiles(join(CONTENT, 'en'), ['.mdx'])).map((p) => p.replace(/\.mdx$/i, '').replace(/(^|\/)index$/, '').toLowerCase());

  it('has pages to compare', () => {
    expect(pages.length).toBeGreaterThan(0);
  });

  it.each(pages)('%s: cards, asides, anchors and sidebar entry of the English page, UI strings in Russian', async (slug) => {
    const en = await page('en', slug);
    const ru = await page('ru-ru', slug);
    expect(ru.cards.length).toBe(en.cards.length);
    expect(ru.asides.map((a) => a.variant)).toEqual(en.asides.map((a) => a.variant));
    expect(ru.ids).toEqual(en.ids);
    expect(ru.sidebar.map((e) => e.slug)).toEqual(en.sidebar.map((e) => e.slug));
    // The home page belongs to no docset: its sidebar is every docset's, without itself.
    if (slug !== '') expect(ru.sidebar.map((e) => e.slug)).toContain(`${slug}/`);
    expect(ru.html).not.toContain('Section titled');
    for (const aside of ru.asides) expect(['Note', 'Tip', 'Caution', 'Danger', 'Important']).not.toContain(aside.label);
  });

  it('prints no Astro warning', () => {
    expect(astroLog).not.toMatch(/\[WARN\]/);
  });
});
