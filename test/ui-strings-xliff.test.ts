/**
 * The site's UI strings in the XLIFF loop: `extract` writes `<locale>/_ui.xlf` (XLIFF 1.2 for
 * ru-RU, whose strings locales/ has; 2.1 for fr-FR, which it has not: every target empty), a
 * translator edits it, and one build of a two-page English MDX site shows the translations:
 * as text, with placeholders checked, stale and refused units left as locales/ has them.
 * Re-extraction marks a string whose English changed as documents' units are marked.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pageStrings from '../locales/page.json' with { type: 'json' };
import { validateFiles } from '../src/cli/validate.ts';
import type { Diagnostic } from '../src/model/diagnostics.ts';
import { extractCorpora } from '../src/pipeline/extract.ts';
import { UI_STRINGS } from '../src/pipeline/ui-strings.ts';
import { readXliff } from '../src/xliff/read.ts';
import { targetHash } from '../src/xliff/written.ts';
import { buildSiteInChild } from './support/site-build.ts';
import { requireXmllint, XLIFF_12_SCHEMA, XLIFF_21_SCHEMA, xmllintErrors } from './xliff-tools.ts';

let work: string;
let scratch: string | undefined;
const xliff = () => join(work, 'xliff');
const html = new Map<string, string>();
let reportDiagnostics: Diagnostic[] = [];
const extracted = new Map<string, string>();

const PAGES: Record<string, string> = {
  'demo/index.mdx': '---\ntitle: Demo page\ndescription: A page that shows UI strings.\n---\n\nThis page has one sentence.\n\nIt links to [the other page](other.mdx).\n',
  'demo/other.mdx': '---\ntitle: Other page\ndescription: Another page.\n---\n\nIt links back to [the demo](index.mdx).\n',
};

/** A 1.2 unit's target as if Bitext had written it (its `bitext:written` mark is that target's). */
function asWritten(xml: string, id: string, target: string): string {
  const marked = xml.replace(new RegExp(`(<trans-unit id="${id.replace('.', '\\.')}" bitext:written=")[^"]*"`), `$1${targetHash([target])}"`);
  return setTarget(marked, id, target);
}

/** Sets the target of a 1.2 unit (which has one) or adds one to a 2.1 unit's segment. */
function setTarget(xml: string, id: string, target: string): string {
  const unit = new RegExp(`(<(?:trans-unit|unit) id="${id.replace('.', '\\.')}"[\\s\\S]*?</source>)(\\s*<target[^>]*>[^<]*</target>)?`);
  expect(unit.test(xml), id).toBe(true);
  return xml.replace(unit, (_, head: string, old: string | undefined) => `${head}${old ? old.replace(/>[^<]*</, `>${target}<`) : `\n        <target>${target}</target>`}`);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-ui-xliff-'));
  for (const [path, text] of Object.entries(PAGES)) {
    await mkdir(join(work, 'content/en', path, '..'), { recursive: true });
    await writeFile(join(work, 'content/en', path), text);
  }
  const en = join(work, 'content/en');
  await extractCorpora({ dirs: [en], out: xliff(), format: '1.2', locales: ['ru-RU'] });
  await extractCorpora({ dirs: [en], out: xliff(), format: '2.1', locales: ['fr-FR'] });
  for (const locale of ['ru-ru', 'fr-fr']) extracted.set(locale, await readFile(join(xliff(), locale, '_ui.xlf'), 'utf8'));

  // The translator's edits.
  let ru = extracted.get('ru-ru')!;
  ru = setTarget(ru, 'locales.home', 'Qzдокументация');
  ru = setTarget(ru, 'page.home', 'Qzглавная');
  ru = setTarget(ru, 'navigation.backlinks', 'Qzссылки &lt;b&gt;сюда&lt;/b&gt;');
  ru = setTarget(ru, 'page.readingTime', 'Qz мин');
  ru = setTarget(ru, 'page.readInEnglish', 'Qz {language}');
  ru = setTarget(ru, 'navigation.related', 'Qz<script>alert(1)</script>');
  ru = setTarget(ru, 'page.docset', 'QzStale').replace('<source>Docset</source>', '<source>Documentation set</source>');
  // What an earlier extraction wrote, not a translator: locales/ (corrected since) wins.
  ru = asWritten(ru, 'page.breadcrumbs', 'QzUnedited');
  await writeFile(join(xliff(), 'ru-ru/_ui.xlf'), ru);
  let fr = extracted.get('fr-fr')!;
  fr = setTarget(fr, 'locales.home', 'QzDocumentation FR');
  fr = setTarget(fr, 'page.home', 'QzAccueil');
  fr = setTarget(fr, 'navigation.backlinks', 'QzPages qui pointent ici');
  await writeFile(join(xliff(), 'fr-fr/_ui.xlf'), fr);

  const out = join(work, 'out');
  ({ scratch } = await buildSiteInChild({ content: [join(work, 'content')], xliff: xliff(), out, cacheDir: join(work, 'cache') }, 'ui-xliff'));
  for (const page of ['ru-ru/index', 'ru-ru/demo/other/index', 'fr-fr/index', 'fr-fr/demo/other/index']) html.set(page, await readFile(join(out, `${page}.html`), 'utf8'));
  reportDiagnostics = (JSON.parse(await readFile(join(work, 'out-reports/xliff.json'), 'utf8')) as { diagnostics: Diagnostic[] }).diagnostics;
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('extract writes the UI strings of each locale as _ui.xlf', () => {
  it('has every UI string: English source, the locale string of locales/ as a translated target, notes on where it shows', () => {
    const file = readXliff(extracted.get('ru-ru')!, 'ru-ru/_ui.xlf').file!;
    expect(file.version).toBe('1.2');
    expect(file.units.map((u) => u.id)).toEqual(UI_STRINGS.map((s) => s.id));
    const readingTime = file.units.find((u) => u.id === 'page.readingTime')!;
    expect(readingTime.source).toEqual(['{n} min read']);
    expect(readingTime.target).toEqual([pageStrings['ru-ru'].readingTime]);
    expect(readingTime.state).toBe('translated');
    expect(readingTime.notes.map((n) => n.text).join('\n')).toMatch(/Under the title: reading time[\s\S]*keep \{n\}/);
    expect(file.units.every((u) => u.target !== undefined && u.notes.length === 2)).toBe(true);
  });

  it('gives a locale without strings in locales/ the same units with every target empty (XLIFF 2.1 here)', () => {
    const file = readXliff(extracted.get('fr-fr')!, 'fr-fr/_ui.xlf').file!;
    expect(file.version).toBe('2.1');
    expect(file.targetLanguage).toBe('fr-FR');
    expect(file.units).toHaveLength(UI_STRINGS.length);
    expect(file.units.filter((u) => u.target !== undefined)).toEqual([]);
  });

  it('is valid against the OASIS schemas (xmllint)', async () => {
    requireXmllint();
    const pristine = join(work, 'schema');
    await mkdir(pristine, { recursive: true });
    for (const locale of ['ru-ru', 'fr-fr']) await writeFile(join(pristine, `${locale}.xlf`), extracted.get(locale)!);
    expect(await xmllintErrors([join(pristine, 'ru-ru.xlf')], XLIFF_12_SCHEMA)).toEqual([]);
    expect(await xmllintErrors([join(pristine, 'fr-fr.xlf')], XLIFF_21_SCHEMA)).toEqual([]);
  });

  it('validates: no warning for the ru-RU file as extracted, each seeded problem of the translated one once', async () => {
    const pristine = join(work, 'pristine', 'ru-ru', '_ui.xlf');
    await mkdir(join(pristine, '..'), { recursive: true });
    await writeFile(pristine, extracted.get('ru-ru')!);
    const clean = await validateFiles([pristine], { contentRoots: [join(work, 'content/en')] });
    expect(clean.diagnostics).toEqual([]);
    const report = await validateFiles([join(xliff(), 'ru-ru', '_ui.xlf')], { contentRoots: [join(work, 'content/en')] });
    const codes = report.diagnostics.map((d) => `${d.code} ${/unit "([^"]+)"/.exec(d.message)?.[1]}`).sort();
    expect(codes).toEqual(['xliff-codes page.readInEnglish', 'xliff-codes page.readingTime', 'xliff-markup navigation.related', 'xliff-merge page.docset']);
  });
});

describe('_ui.xlf round trip: a translated UI string shows on the built site', () => {
  it('shows the ru-RU translations: home page title, breadcrumb, backlinks heading', () => {
    expect(/<title>([^<]*)<\/title>/.exec(html.get('ru-ru/index')!)?.[1]).toBe('Qzдокументация | Bitext');
    const page = html.get('ru-ru/demo/other/index')!;
    expect(page).toContain('Qzглавная');
    expect(page).toContain('Qzссылки &lt;b&gt;сюда&lt;/b&gt;');
    expect(page).not.toContain('<b>сюда</b>');
  });

  it('shows a new language from its _ui.xlf alone, English where it has no target', () => {
    expect(/<title>([^<]*)<\/title>/.exec(html.get('fr-fr/index')!)?.[1]).toBe('QzDocumentation FR | Bitext');
    const page = html.get('fr-fr/demo/other/index')!;
    expect(page).toContain('lang="fr-FR"');
    expect(page).toContain('QzAccueil');
    expect(page).toContain('QzPages qui pointent ici');
    expect(page).toContain('min read');
  });

  it('leaves refused and stale units as locales/ has them, each reported at file:line:column', () => {
    const page = html.get('ru-ru/demo/other/index')!;
    expect(page).toContain(pageStrings['ru-ru'].readingTime.replace('{n}', '1'));
    expect(page).not.toMatch(/Qz мин|Qz \{language\}|Qz<script|QzStale|alert\(1\)|QzUnedited/);
    expect(page).toContain(`aria-label="${pageStrings['ru-ru'].breadcrumbs}"`);
    const ui = reportDiagnostics.filter((d) => d.file.endsWith('ru-ru/_ui.xlf'));
    const byUnit = (id: string) => ui.find((d) => d.message.includes(`unit "${id}"`));
    const ru = extracted.get('ru-ru')!;
    const targetLine = (id: string) => ru.slice(0, ru.indexOf('<target', ru.indexOf(`id="${id}"`))).split('\n').length;
    expect(byUnit('page.readingTime')).toMatchObject({ severity: 'error', code: 'xliff-codes', line: targetLine('page.readingTime'), column: 9 });
    expect(byUnit('page.readingTime')!.message).toMatch(/\{n\} missing/);
    expect(byUnit('page.readInEnglish')!.message).toMatch(/\{language\} not in the English/);
    expect(byUnit('navigation.related')).toMatchObject({ severity: 'error', code: 'xliff-markup' });
    expect(byUnit('page.docset')).toMatchObject({ severity: 'warning', code: 'xliff-merge' });
    expect(ui).toHaveLength(4);
  });
});

describe('re-extraction of _ui.xlf', () => {
  it('marks a string whose English changed as documents are marked, keeping the translation as target and alternative', async () => {
    const out = join(work, 'xliff-re');
    await mkdir(join(out, 'ru-ru'), { recursive: true });
    // The file as extracted when the English was older, with a translator's edit on another unit.
    let older = setTarget(extracted.get('ru-ru')!, 'page.docset', 'Набор документов').replace('<source>Docset</source>', '<source>Documentation set</source>');
    older = setTarget(older, 'page.home', 'На главную');
    older = asWritten(older, 'page.breadcrumbs', 'Старая цепочка');
    await writeFile(join(out, 'ru-ru/_ui.xlf'), older);
    await cp(join(xliff(), 'ru-ru/demo'), join(out, 'ru-ru/demo'), { recursive: true });
    const report = await extractCorpora({ dirs: [join(work, 'content/en')], out, format: '1.2' });
    expect(report.uiStrings).toMatchObject({ locales: ['ru-RU'], filesUpdated: 1, markedForReview: 1 });
    const file = readXliff(await readFile(join(out, 'ru-ru/_ui.xlf')), 'ru-ru/_ui.xlf').file!;
    const docset = file.units.find((u) => u.id === 'page.docset')!;
    // As for a document: the target the sources give now (locales/), marked, the translator's one as the alternative.
    expect(docset).toMatchObject({ source: ['Docset'], target: [pageStrings['ru-ru'].docset], state: 'needs-translation' });
    expect(docset.alternatives[0]).toMatchObject({ source: ['Documentation set'], target: ['Набор документов'] });
    // A translator's edit stays; a target Bitext wrote follows locales/.
    expect(file.units.find((u) => u.id === 'page.home')!.target).toEqual(['На главную']);
    expect(file.units.find((u) => u.id === 'page.breadcrumbs')!).toMatchObject({ target: [pageStrings['ru-ru'].breadcrumbs], state: 'translated' });
  });
});
