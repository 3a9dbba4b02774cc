/**
 * English MDX pages through XLIFF (issue 5): units, a full Russian round trip into a page that
 * the real MDX compiler accepts, hostile targets, untranslated sentences, stale sentences.
 * The page and its Russian are fixtures written for these tests (test/fixtures/mdx/).
 */
import { readFileSync } from 'node:fs';
import { compile } from '@mdx-js/mdx';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { parseMdx } from '../src/parse/mdx/parse.ts';
import { writeXliff } from '../src/pipeline/extract.ts';
import { validateXliff } from '../src/xliff/validate/index.ts';
import { targetFromMarkdown } from '../src/xliff/fill.ts';
import { codedToMarkdown, codesOf } from '../src/model/coded-text.ts';
import { mergeXliff } from '../src/pipeline/merge.ts';
import { ENGLISH_CLOSE, ENGLISH_OPEN } from '../src/pipeline/merge-mdx.ts';
import { readXliff } from '../src/xliff/read.ts';
import { reextract } from '../src/pipeline/reextract.ts';
import type { XliffFile, XliffVersion } from '../src/xliff/types.ts';
import { documentToXliff } from '../src/xliff/units.ts';

const PAGE = readFileSync(new URL('./fixtures/mdx/writer-page.mdx', import.meta.url), 'utf8');
const RUSSIAN = JSON.parse(readFileSync(new URL('./fixtures/mdx/writer-page.ru-ru.json', import.meta.url), 'utf8')) as Record<string, string>;
const doc = parseMdx(PAGE, 'docs/writer-page.mdx');
const XLF = 'xliff/ru-ru/docs/writer-page.xlf';

/** Extracts, lets `edit` change units, writes in `format`, reads back (what a CAT tool returns). */
function roundTrip(format: XliffVersion, edit: (file: XliffFile) => void = () => {}): XliffFile {
  const file = documentToXliff(doc, format, 'ru-RU');
  edit(file);
  const read = readXliff(writeXliff(file, format), XLF);
  expect(read.diagnostics).toEqual([]);
  return read.file!;
}

function translateAll(file: XliffFile) {
  for (const unit of file.units) {
    const ru = RUSSIAN[codedToMarkdown(unit.source)];
    if (ru === undefined) throw new Error(`no Russian for ${codedToMarkdown(unit.source)}`);
    unit.target = targetFromMarkdown(unit, ru, { mdx: true });
    unit.state = 'translated';
  }
}

/** Compiles as Astro's MDX does (front matter apart, GFM, directives for asides); throws on invalid MDX. */
async function compiles(mdx: string): Promise<string> {
  return String(await compile(mdx.replace(/^---\n[\s\S]*?\n---\n/, ''), { remarkPlugins: [remarkGfm, remarkDirective] }));
}

const mdxParser = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkDirective);
/** How many MDX constructs (JSX, expressions, ESM) a page has: translator text must add none. */
function mdxConstructs(mdx: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const visit = (node: { type: string; children?: unknown[] }) => {
    if (/^mdx/.test(node.type)) counts[node.type] = (counts[node.type] ?? 0) + 1;
    for (const child of node.children ?? []) visit(child as typeof node);
  };
  visit(mdxParser.parse(mdx.replace(/^---\n[\s\S]*?\n---\n/, '')) as never);
  return counts;
}

describe('MDX units', () => {
  it('has one unit per sentence, metadata first, embedded alt/title after their sentence, no targets', () => {
    const file = documentToXliff(doc, '1.2', 'ru-RU');
    expect(file.units.slice(0, 2).map((u) => u.id)).toEqual(['title', 'description']);
    expect(file.units.every((u) => u.target === undefined && u.state === undefined)).toBe(true);
    expect(file.units).toHaveLength(doc.segments.length + doc.embedded!.length + 2);
    const alt = doc.embedded!.find((e) => e.role === 'alt')!;
    const at = file.units.findIndex((u) => u.id === alt.id);
    expect(file.units[at - 1]!.id).toBe(alt.host);
    expect(file.units[at]!.notes.map((n) => n.text)).toContain(`context: image alt text inside sentence ${alt.host}`);
    // 2.1: the image code names the alt-text unit as its sub-flow (the link, its title's unit);
    // both versions pass the validator.
    const v21 = writeXliff(file, '2.1');
    expect(v21).toContain(`subFlows="${alt.id}"`);
    expect(v21).toMatch(/<ec startRef="p\d+" dataRef="dp\d+e" type="link" subFlows="m[0-9a-f]{10}"\/>/);
    expect(validateXliff(v21, 'a.xlf').diagnostics).toEqual([]);
    expect(validateXliff(writeXliff(file, '1.2'), 'a.xlf').diagnostics).toEqual([]);
    const expression = file.units.find((u) => codedToMarkdown(u.source).includes('{frontmatter.title}'))!;
    expect(codesOf(expression.source).map((c) => c.data)).toEqual(['{frontmatter.title}']);
    expect(file.units.find((u) => u.notes.some((n) => n.text === 'context: prop description of <LinkCard>'))).toBeDefined();
  });

  it('gives wrapped lines as one sentence, with no line prefixes', () => {
    const quoted = parseMdx('> [!NOTE]\n> One sentence that\n> wraps. Two.\n', 'q.mdx');
    const units = documentToXliff(quoted, '1.2', 'ru-RU').units;
    expect(units.map((u) => codedToMarkdown(u.source))).toEqual(['One sentence that wraps.', 'Two.']);
    expect(quoted.segments[0]!.context.alert).toBe('NOTE');
  });
});

describe.each(['1.2', '2.1'] as const)('MDX round trip, XLIFF %s', (format) => {
  it('turns every sentence Russian and compiles', async () => {
    const merged = mergeXliff(doc, roundTrip(format, translateAll), XLF);
    expect(merged.diagnostics).toEqual([]);
    expect(merged.stats).toMatchObject({ untranslated: 0, rejected: 0, sentences: doc.segments.length });
    const page = merged.markdown;
    for (const ru of ['Перевод страницы', 'Напишите страницу на английском.', 'Кто это делает', 'Стабильные идентификаторы', 'Пары элементов span', 'Как и **жирные. предложения**.', '(./sxs-format.mdx "О формате")', '![Схема цикла.](./loop.png)', ':::tip[Перед началом]']) {
      expect(page).toContain(ru);
    }
    // Skeleton kept: imports, JSX, code, the expression; English gone from the prose.
    expect(page).toContain("import { Aside, Card, LinkCard } from '@astrojs/starlight/components';");
    expect(page).toContain('```sh\nnpx bitext extract content --out xliff\n```');
    expect(page).toContain('{frontmatter.title}');
    expect(page).toContain('title: Перевод страницы с Bitext');
    expect(page).not.toContain('Write the page in English.');
    expect(page).not.toContain('lang="en"');
    const js = await compiles(page);
    expect(js).toContain('Переводчики никогда не видят JSX!');
  });
});

const HOSTILE = ['{', '}', '{danger()}', '<script>alert(1)</script>', '<Foo>', '<Foo bar="1" />', "import x from 'y'", 'export const a = 1', '{/* comment */}', '`tick', '**', '<!-- c -->', '[x](javascript:alert(1))', '&#123;', '\\{', '# heading', '- item', '</span>', ':::note', '"quote\' &amp;'];

describe('hostile targets', () => {
  it.each(HOSTILE)('%s in every unit still compiles, as literal text', async (hostile) => {
    const file = roundTrip('1.2', (f) => {
      for (const unit of f.units) {
        // At the start (line-start syntax, ESM), in the middle, and after the codes.
        unit.target = [hostile, ' ', ...targetFromMarkdown(unit, RUSSIAN[codedToMarkdown(unit.source)]!, { mdx: true }), ' ', hostile];
        unit.state = 'translated';
      }
    });
    const merged = mergeXliff(doc, file, XLF);
    expect(merged.diagnostics).toEqual([]);
    await compiles(merged.markdown);
    // No JSX, expression or import/export came from the text: the page has the English page's.
    expect(mdxConstructs(merged.markdown)).toEqual(mdxConstructs(PAGE));
    expect(merged.markdown).toContain(hostile === '<Foo>' ? '&lt;Foo>' : 'Перевод страницы');
  });
});

describe('untranslated and changed sentences', () => {
  it('shows a sentence without target in English, tagged lang="en", and counts it', async () => {
    const file = roundTrip('1.2', (f) => {
      translateAll(f);
      const u = f.units.find((u) => codedToMarkdown(u.source) === 'Write the page in English.')!;
      u.target = undefined;
      u.state = undefined;
      const prop = f.units.find((u) => codedToMarkdown(u.source) === 'Stable ids')!;
      prop.target = undefined;
    });
    const merged = mergeXliff(doc, file, XLF);
    expect(merged.stats.untranslated).toBe(2);
    expect(merged.markdown).toContain(`${ENGLISH_OPEN}Write the page in English.${ENGLISH_CLOSE} Bitext делит`);
    expect(merged.markdown).toContain('<Card title="Stable ids" icon="star">');
    await compiles(merged.markdown);
  });

  it('rejects broken codes: the sentence stays English, with a diagnostic naming file and unit', () => {
    const file = roundTrip('1.2', (f) => {
      translateAll(f);
      const u = f.units.find((u) => codedToMarkdown(u.source) === 'Install **Node.js 24**.')!;
      u.target = ['Установите Node.js 24.'];
    });
    const merged = mergeXliff(doc, file, XLF);
    expect(merged.stats.rejected).toBe(1);
    expect(merged.diagnostics[0]).toMatchObject({ file: XLF, code: 'xliff-codes', severity: 'error' });
    expect(merged.diagnostics[0]!.message).toMatch(/code p1 .* missing/);
    expect(merged.markdown).toContain(`${ENGLISH_OPEN}Install **Node.js 24**.${ENGLISH_CLOSE}`);
  });

  it('marks a changed English sentence for review, keeps the old target as target and alternative, and counts it as changed', () => {
    const old = roundTrip('1.2', translateAll);
    const edited = parseMdx(PAGE.replace('Write the page in English.', 'Write the page in plain English.'), 'docs/writer-page.mdx');
    const fresh = documentToXliff(edited, '1.2', 'ru-RU');
    const { units, stats } = reextract(fresh.units, old.units);
    expect(stats.markedForReview).toBe(1);
    expect(stats.kept).toBe(old.units.length - 1);
    const changed = units.find((u) => codedToMarkdown(u.source) === 'Write the page in plain English.')!;
    expect(changed.state).toBe('needs-translation');
    expect(codedToMarkdown(changed.target!)).toBe('Напишите страницу на английском.');
    expect(changed.alternatives[0]).toMatchObject({ origin: 'bitext-previous-version' });
    expect(codedToMarkdown(changed.alternatives[0]!.source)).toBe('Write the page in English.');
    // Only the edited sentence was re-keyed; the page shows its old translation, counted as changed.
    const reread = readXliff(writeXliff({ ...fresh, units }, '1.2'), XLF).file!;
    const merged = mergeXliff(edited, reread, XLF);
    expect(merged.stats).toMatchObject({ changed: 1, untranslated: 0, sentences: edited.segments.length });
    expect(merged.markdown).toContain('Напишите страницу на английском.');
  });
});
