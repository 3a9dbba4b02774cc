/**
 * Merge-back: translators' targets reach the document; broken inline codes are diagnostics that
 * keep the unit's previous target; translator text never becomes markup on the rendered page.
 * The fixture is a small sxs document written for these tests (test/fixtures/xliff/).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { targetView } from '../src/model/views.ts';
import { tokenizeInline } from '../src/model/markdown/inline.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { writeXliff } from '../src/pipeline/extract.ts';
import { codeSegment, codesOf, type CodedText, type InlineCode } from '../src/model/coded-text.ts';
import { mergeXliff } from '../src/pipeline/merge.ts';
import { readXliff } from '../src/xliff/read.ts';
import type { XliffFile, XliffVersion } from '../src/xliff/types.ts';
import { documentToXliff } from '../src/xliff/units.ts';
import { createSiteMarkdownRenderer } from '../src/site/markdown.ts';

const FIXTURE = new URL('./fixtures/xliff/warehouse.md', import.meta.url);
const doc = parseSxs(readFileSync(FIXTURE), 'docs/warehouse.md');
const PATH = 'xliff/ru-ru/docs/warehouse.xlf';

/** Extracts, lets `edit` change units, writes the XLIFF in `format`, reads it back. */
function translated(format: XliffVersion, edit: (file: XliffFile) => void): XliffFile {
  const file = documentToXliff(doc, format, 'ru-RU');
  edit(file);
  const read = readXliff(writeXliff(file, format), PATH);
  expect(read.diagnostics).toEqual([]);
  return read.file!;
}

function unit(file: XliffFile, id: string) {
  const found = file.units.find((u) => u.id === id);
  if (!found) throw new Error(`no unit ${id}`);
  return found;
}

function setTarget(file: XliffFile, id: string, target: CodedText) {
  const u = unit(file, id);
  u.target = target;
  u.state = 'final';
  u.qualifier = undefined;
}

/** The source's codes of a unit, by id and role. */
function code(file: XliffFile, id: string, codeId: string, role: InlineCode['role']): InlineCode {
  const found = codesOf(unit(file, id).source).find((c) => c.id === codeId && c.role === role);
  if (!found) throw new Error(`no code ${codeId} ${role} in ${id}`);
  return found;
}

const renderer = await createSiteMarkdownRenderer();
/** Renders as the site does (./src/site/markdown.ts): raw HTML in Markdown passes through, so escaping is all that protects. */
async function render(markdown: string): Promise<string> {
  return (await renderer.render(markdown.replace(/^---\n[\s\S]*?\n---\n/, ''))).code;
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '[click](javascript:alert(1))',
  '![x](javascript:alert(1))',
  '<javascript:alert(1)>',
  '<!-- <script>alert(1)</script> -->',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '**bold** _it_ `code` ~~strike~~',
  '[!INCLUDE[x](../evil.md)] :::no-loc text="<script>":::',
  '\\<script>alert(1)\\</script>',
  '&#60;script&#62;',
];

function expectNoMarkup(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/<img/i);
  expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
  // In a tag: text may show `href="javascript:` as characters (every `<` of text is `&lt;`).
  expect(html).not.toMatch(/<[^>]*\s(?:href|src)\s*=\s*"?\s*javascript:/i);
  expect(html).not.toMatch(/<!--/);
  expect(html).not.toMatch(/<(em|del)>/);
  expect(html.match(/<code>/g)).toHaveLength(1); // the document's own `Shelf`
}

describe.each(['1.2', '2.1'] as XliffVersion[])('merge-back from XLIFF %s', (format) => {
  it('merges nothing-changed files into the exact sxs target view', () => {
    const merged = mergeXliff(doc, translated(format, () => {}), PATH);
    expect(merged.diagnostics).toEqual([]);
    expect(merged.markdown).toBe(targetView(doc));
  });

  it('merges a translator edit, with the Markdown of its codes restored from the document', () => {
    const file = translated(format, (f) => {
      // Reorder: link first, then bold. A code without data in the file is named by its id.
      const p1 = code(f, 'abcde-104', 'p1', 'open');
      const p1c = code(f, 'abcde-104', 'p1', 'close');
      const p2 = code(f, 'abcde-104', 'p2', 'open');
      const p2c = code(f, 'abcde-104', 'p2', 'close');
      setTarget(f, 'abcde-104', [p2, 'Склады', p2c, ' — ', p1, 'для чего', { ...p1c, data: '' }]);
    });
    const merged = mergeXliff(doc, file, PATH);
    expect(merged.diagnostics).toEqual([]);
    expect(merged.stats.edited).toBe(1);
    expect(merged.markdown).toContain('[Склады](warehouses.md) — **для чего**');
    expect(merged.markdown).not.toContain('<script>');
  });

  it.each(HOSTILE)('keeps hostile translator text as text on the page: %s', async (payload) => {
    const file = translated(format, (f) => {
      setTarget(f, 'abcde-103', [payload]); // heading
      setTarget(f, 'abcde-106', [payload]); // table cell
      setTarget(f, 'abcde-111', [payload + '\n\n# ' + payload + '\n- item']); // list item, with block syntax
      setTarget(f, 'abcde-112', [payload]); // alert body
      const bold = code(f, 'abcde-110', 'p1', 'open');
      const boldEnd = code(f, 'abcde-110', 'p1', 'close');
      setTarget(f, 'abcde-110', [payload, bold, payload, boldEnd]);
    });
    const merged = mergeXliff(doc, file, PATH);
    expect(merged.diagnostics).toEqual([]);
    expect(merged.stats.edited).toBe(5);
    const html = await render(merged.markdown);
    expectNoMarkup(html.replace(/<strong>/g, ''));
    // Structure is unchanged: one h1, one table with two rows of two cells, two list items.
    expect(html.match(/<h1/g)).toHaveLength(1);
    expect(html.match(/<tr>/g)).toHaveLength(2);
    expect(html.match(/<td>/g)).toHaveLength(2);
    expect(html.match(/<li>/g)).toHaveLength(2);
    expect(html.match(/<strong>/g)).toHaveLength(3); // the document's own bold codes only
    // And the text itself is there, as characters.
    const visible = html.replace(/<[^>]+>/g, '').replace(/&#x3C;|&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#x26;|&amp;/g, '&').replace(/&quot;|[“”]/g, '"').replace(/[‘’]/g, "'").replace(/—/g, '--');
    // `:::no-loc text="…":::` is DocFX syntax the site renders: its text, escaped, marked translate="no".
    expect(visible).toContain(payload.replace(/:::no-loc text="([^"]*)":::/, '$1'));
  });

  it('reports missing, duplicated, unbalanced and unknown codes; those units keep their target, others merge', () => {
    const file = translated(format, (f) => {
      const open = code(f, 'abcde-104', 'p1', 'open');
      const close = code(f, 'abcde-104', 'p1', 'close');
      const link = code(f, 'abcde-104', 'p2', 'open');
      const linkEnd = code(f, 'abcde-104', 'p2', 'close');
      setTarget(f, 'abcde-104', [open, 'Применяется', ': ', link, 'склады', linkEnd]); // p1 close missing
      setTarget(f, 'abcde-110', [code(f, 'abcde-110', 'p1', 'close'), 'Склад', code(f, 'abcde-110', 'p1', 'open')]); // reversed
      const tick = code(f, 'abcde-105', 'ph1', 'standalone');
      setTarget(f, 'abcde-105', ['Выберите ', tick, tick, ' и ', code(f, 'abcde-105', 'ph2', 'standalone'), 'OK', code(f, 'abcde-105', 'ph3', 'standalone')]); // duplicated
      setTarget(f, 'abcde-108', ['A1 ', { kind: 'code', id: 'ph9', role: 'standalone', isolated: false, type: 'html', data: '<img src=x onerror=alert(1)>' }]); // unknown
      setTarget(f, 'abcde-111', ['Сохраните изменения.']); // fine
      void close;
    });
    const merged = mergeXliff(doc, file, PATH);
    const errors = merged.diagnostics.filter((d) => d.code === 'xliff-codes');
    const about = (id: string) => errors.filter((d) => d.message.startsWith(`unit "${id}"`)).map((d) => d.message);
    expect(about('abcde-104').join('\n')).toMatch(/code p1 \("\*\*"\) \(close\) is missing/);
    expect(about('abcde-110').join('\n')).toMatch(/code p1 closes before it opens/);
    expect(about('abcde-105').join('\n')).toMatch(/code ph1 \(standalone\) is duplicated/);
    expect(about('abcde-108').join('\n')).toMatch(/code ph9 .* is unknown/);
    for (const d of errors) {
      expect(d.file).toBe(PATH);
      expect(d.line).toBeGreaterThan(1);
      expect(d.severity).toBe('error');
    }
    expect(merged.stats.rejected).toBe(4);
    const view = merged.markdown;
    const original = targetView(doc);
    for (const id of ['abcde-104', 'abcde-105', 'abcde-108', 'abcde-110']) {
      const s = doc.segments.find((x) => x.id === id)!;
      expect(view).toContain(s.target.replace(/\\/g, ''));
    }
    expect(view).toContain('- Сохраните изменения.');
    expect(view).not.toBe(original);
    expect(view).not.toContain('onerror');
  });

  it('merges edited title and description into the front matter as YAML strings', () => {
    const title = '<script>x</script>: "Склад" — #1';
    const file = translated(format, (f) => {
      setTarget(f, 'title', [title]);
      setTarget(f, 'description', ["Описание: 'склада'\nв две строки"]);
    });
    const merged = mergeXliff(doc, file, PATH);
    expect(merged.diagnostics).toEqual([]);
    const yaml = parseYaml(merged.frontMatterRaw!.replace(/^---\n|---\n$/g, ''));
    expect(yaml.title).toBe(title);
    expect(yaml.description).toBe("Описание: 'склада'\nв две строки");
    expect(yaml['ms.translationtype']).toBe('MT');
    expect(merged.markdown.startsWith(merged.frontMatterRaw!)).toBe(true);
  });

  it('reports units whose English no longer matches the document as stale and keeps the sxs target', () => {
    const file = translated(format, (f) => {
      setTarget(f, 'abcde-111', ['Новый перевод']);
      unit(f, 'abcde-111').source = ['Save it all.'];
    });
    const merged = mergeXliff(doc, file, PATH);
    expect(merged.diagnostics.map((d) => [d.code, d.severity])).toEqual([['xliff-merge', 'warning']]);
    expect(merged.diagnostics[0]!.message).toMatch(/abcde-111.*English differs/);
    expect(merged.markdown).toBe(targetView(doc));
  });
});

describe('inline codes', () => {
  it('gives deterministic ids, shared by a source code and its target copy', () => {
    const src = tokenizeInline('**Applies to**: [Partner Center](a.md) and `x` &quot;');
    const tgt = tokenizeInline('[Центр](a.md) — **Относится к** &quot; `x`');
    const a = codeSegment(src, tgt);
    const b = codeSegment(src, tgt);
    expect(a).toEqual(b);
    const ids = (parts: CodedText) => codesOf(parts).map((c) => `${c.id}:${c.role}:${c.data}`);
    expect(ids(a.source)).toEqual(['p1:open:**', 'p1:close:**', 'p2:open:[', 'p2:close:](a.md)', 'ph1:standalone:`x`', 'ph2:standalone:&quot;']);
    expect(ids(a.target)).toEqual(['p2:open:[', 'p2:close:](a.md)', 'p1:open:**', 'p1:close:**', 'ph2:standalone:&quot;', 'ph1:standalone:`x`']);
  });

  it('makes markup that MT left unbalanced isolated codes, and codes MT added get fresh ids', () => {
    const { source, target } = codeSegment(tokenizeInline('**Testing** now'), tokenizeInline('Тестирование** сейчас \\*'));
    expect(codesOf(source).map((c) => c.id)).toEqual(['p1', 'p1']);
    expect(codesOf(target).map((c) => [c.id, c.role, c.isolated, c.data])).toEqual([
      ['i1', 'close', true, '**'],
      ['ph1', 'standalone', false, '\\*'],
    ]);
  });
});
