/**
 * Inline code data never comes from a translator's file: a target code must be one of the
 * segment's own codes (id, half and data), and its Markdown is the document's. These tests replay
 * the attacks that worked when a target-only code was taken from the file: a code span with blank
 * lines that breaks out into block JSX on an MDX page (the JSX ran and wrote a file), and raw
 * `<script>` / `<img onerror>` on sxs pages. Fixtures: test/fixtures/mdx and test/fixtures/xliff.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '@mdx-js/mdx';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import { afterAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/model/diagnostics.ts';
import { parseMdx } from '../src/parse/mdx/parse.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { writeXliff } from '../src/pipeline/extract.ts';
import { mergeXliff } from '../src/pipeline/merge.ts';
import { createSiteMarkdownRenderer } from '../src/site/markdown.ts';
import { codedToMarkdown, codesOf, type CodedText, type InlineCode } from '../src/model/coded-text.ts';
import { readXliff } from '../src/xliff/read.ts';
import type { XliffFile, XliffUnit, XliffVersion } from '../src/xliff/types.ts';
import { dataId } from '../src/xliff/write-21.ts';
import { escapeText } from '../src/xml/escape.ts';
import { documentToXliff } from '../src/xliff/units.ts';
import { ENGLISH_CLOSE, ENGLISH_OPEN } from '../src/pipeline/merge-mdx.ts';

const scratch = mkdtempSync(join(tmpdir(), 'bitext-codes-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const MDX_PAGE = readFileSync(new URL('./fixtures/mdx/writer-page.mdx', import.meta.url), 'utf8');
const mdxDoc = parseMdx(MDX_PAGE, 'docs/writer-page.mdx');
const sxsDoc = parseSxs(readFileSync(new URL('./fixtures/xliff/warehouse.md', import.meta.url)), 'docs/warehouse.md');
const XLF = 'xliff/ru-ru/docs/page.xlf';

/** A code the English does not have, as an attacker writes it into a target. */
function foreign(data: string, type: InlineCode['type'] = 'code', id = 'ph9'): InlineCode {
  return { kind: 'code', id, role: 'standalone', isolated: false, type, data };
}

/** Block JSX whose prop runs on the build machine, smuggled in a code span with blank lines. */
function breakout(marker: string): string {
  return "``\n\n<span data-x={process.getBuiltinModule('node:fs').writeFileSync(" + JSON.stringify(marker) + ", 'x')} />\n\n``";
}

/** Extracts, sets one unit's target, writes the file in `format` and reads it back as merge-back does. */
function withTarget(doc: Parameters<typeof documentToXliff>[0], format: XliffVersion, english: string, target: (unit: XliffUnit) => CodedText): XliffFile {
  const file = documentToXliff(doc, format, 'ru-RU');
  const unit = file.units.find((u) => codedToMarkdown(u.source) === english);
  if (!unit) throw new Error(`no unit "${english}"`);
  unit.target = target(unit);
  unit.state = 'translated';
  let xml = writeXliff(file, format);
  // 2.1 keeps one `<data>` per code id, the source's: an attacker adds their own and points the target code at it.
  if (format === '2.1') {
    for (const part of unit.target) {
      if (typeof part === 'string') continue;
      const own = codesOf(unit.source).find((c) => c.id === part.id && c.role === part.role);
      if (own && own.data !== part.data) xml = pointAtOwnData(xml, unit.id, dataId(own), part.data);
    }
  }
  const read = readXliff(xml, XLF);
  expect(read.diagnostics).toEqual([]);
  return read.file!;
}

/** Adds a `<data>` entry to a 2.1 unit and makes the target's code that used `ref` use it. */
function pointAtOwnData(xml: string, unitId: string, ref: string, data: string): string {
  const at = xml.indexOf(`<unit id="${unitId}"`);
  const end = xml.indexOf('</unit>', at);
  let unit = xml.slice(at, end).replace('</originalData>', `  <data id="dx">${escapeText(data)}</data>\n      </originalData>`);
  const target = unit.indexOf('<target>');
  unit = unit.slice(0, target) + unit.slice(target).replace(new RegExp(`(dataRef(?:Start)?)="${ref}"`), '$1="dx"');
  return xml.slice(0, at) + unit + xml.slice(end);
}

/** Runs the page's module as Astro's MDX would at build time (components stubbed): JSX props are evaluated. */
async function runMdx(mdx: string): Promise<void> {
  const body = mdx.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/^import .*$/gm, '');
  const element = (type: unknown, props: unknown) => ({ type, props });
  const page = await evaluate(`export const frontmatter = {};\n${body}`, { Fragment: Symbol('Fragment'), jsx: element, jsxs: element, remarkPlugins: [remarkGfm, remarkDirective] } as never);
  const stub = () => null;
  page.default({ components: { Card: stub, LinkCard: stub, Aside: stub } });
}

/** The one xliff-codes error of a merge: at the code's element, naming unit and code. */
function codeError(diagnostics: Diagnostic[], unitId: string, codeId: string): Diagnostic {
  const errors = diagnostics.filter((d) => d.code === 'xliff-codes');
  expect(errors).toHaveLength(1);
  const d = errors[0]!;
  expect(d).toMatchObject({ file: XLF, severity: 'error' });
  expect(d.message).toContain(`unit "${unitId}"`);
  expect(d.message).toContain(`code ${codeId}`);
  expect(d.line).toBeGreaterThan(1);
  expect(d.column).toBeGreaterThan(1); // the code's own element, not the start of the unit's line
  return d;
}

describe.each(['1.2', '2.1'] as XliffVersion[])('XLIFF %s, MDX page', (format) => {
  const SENTENCE = 'Write the page in English.';

  it('refuses a target-only code: its block JSX never reaches the page or runs', async () => {
    const marker = join(scratch, `mdx-foreign-${format}`);
    const file = withTarget(mdxDoc, format, SENTENCE, () => ['Напишите ', foreign(breakout(marker)), ' страницу.']);
    const merged = mergeXliff(mdxDoc, file, XLF);
    const unitId = file.units.find((u) => codedToMarkdown(u.source) === SENTENCE)!.id;
    expect(codeError(merged.diagnostics, unitId, 'ph9').message).toMatch(/is unknown/);
    expect(merged.stats.rejected).toBe(1);
    expect(merged.markdown).not.toContain('writeFileSync');
    expect(merged.markdown).toContain(`${ENGLISH_OPEN}${SENTENCE}${ENGLISH_CLOSE}`); // the sentence stays English
    await runMdx(merged.markdown);
    expect(existsSync(marker)).toBe(false);
  });

  it("refuses a source code whose data in the file is not the English's", async () => {
    const marker = join(scratch, `mdx-data-${format}`);
    const english = 'Run `npx bitext extract content --out xliff` to write the files.';
    let codeId = '';
    const file = withTarget(mdxDoc, format, english, (unit) => {
      const tick = codesOf(unit.source)[0]!;
      codeId = tick.id;
      return ['Запустите ', { ...tick, data: breakout(marker) }, ', чтобы записать файлы.'];
    });
    const merged = mergeXliff(mdxDoc, file, XLF);
    const unitId = file.units.find((u) => codedToMarkdown(u.source) === english)!.id;
    expect(codeError(merged.diagnostics, unitId, codeId).message).toMatch(/cannot change a code's data/);
    expect(merged.markdown).not.toContain('writeFileSync');
    await runMdx(merged.markdown);
    expect(existsSync(marker)).toBe(false);
  });

  it('still merges the same codes moved around, with the data the English has', async () => {
    const english = 'Run `npx bitext extract content --out xliff` to write the files.';
    const file = withTarget(mdxDoc, format, english, (unit) => ['Чтобы записать файлы, запустите ', codesOf(unit.source)[0]!, '.']);
    const merged = mergeXliff(mdxDoc, file, XLF);
    // The page's other units have no target: warnings, nothing refused.
    expect(merged.diagnostics.filter((d) => d.code !== 'xliff-untranslated')).toEqual([]);
    expect(merged.markdown).toContain('Чтобы записать файлы, запустите `npx bitext extract content --out xliff`.');
  });
});

const renderer = await createSiteMarkdownRenderer();
async function render(markdown: string): Promise<string> {
  return (await renderer.render(markdown.replace(/^---\n[\s\S]*?\n---\n/, ''))).code;
}

const SXS_PAYLOADS: [string, InlineCode['type']][] = [
  ['<script>alert(1)</script>', 'html'],
  ['<img src=x onerror=alert(1)>', 'html'],
  ['``\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n``', 'code'],
  ['`x`', 'code'], // harmless Markdown is no exception: the English decides which codes exist
];

describe.each(['1.2', '2.1'] as XliffVersion[])('XLIFF %s, sxs page', (format) => {
  it.each(SXS_PAYLOADS)('refuses a target-only code %j: no element reaches the page', async (data, type) => {
    const file = withTarget(sxsDoc, format, 'Save.', () => ['Сохраните ', foreign(data, type), '.']);
    const merged = mergeXliff(sxsDoc, file, XLF);
    codeError(merged.diagnostics, 'abcde-111', 'ph9');
    expect(merged.markdown).toContain('- Сохраните.'); // its previous (sxs) target
    const html = await render(merged.markdown);
    expect(html).not.toMatch(/<script|<img|onerror/i);
  });

  it('refuses a source code with other data, and one whose id the English lacks in a pair', async () => {
    const file = withTarget(sxsDoc, format, 'Open **Warehouse**.', (unit) => {
      const [open, close] = codesOf(unit.source);
      return ['Откройте ', { ...open!, data: '<script>alert(1)</script>' }, 'Склад', close!, '.'];
    });
    const merged = mergeXliff(sxsDoc, file, XLF);
    codeError(merged.diagnostics, 'abcde-110', 'p1');
    const html = await render(merged.markdown);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('Откройте <strong>Склад</strong>.'); // the sxs target, unchanged

    const pair = withTarget(sxsDoc, format, 'Save.', () => [{ ...foreign('<img src=x onerror=alert(1)>', 'html', 'p7'), role: 'open' }, 'Сохраните', { ...foreign('</img>', 'html', 'p7'), role: 'close' }]);
    const refused = mergeXliff(sxsDoc, pair, XLF);
    expect(refused.diagnostics.filter((d) => d.code === 'xliff-codes').every((d) => /code p7 .*is unknown/.test(d.message))).toBe(true);
    expect(await render(refused.markdown)).not.toMatch(/<img|onerror/i);
  });
});
