/**
 * The writer's loop on the real corpus memory (issue 5 §3, §4): an English MDX page whose
 * sentences the ru-RU corpus already translated gets them pre-filled from the translation memory
 * (exact → target, fuzzy → proposals), `tm leverage` counts them, and a sentence the writer then
 * changes keeps its translation marked for review, which the locale page counts as changed.
 * The page is built in a temp folder from corpus sentences picked at run time.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMdx } from '../src/parse/mdx/parse.ts';
import { tokenizeInline } from '../src/model/markdown/inline.ts';
import { leverageReport } from '../src/pipeline/leverage-report.ts';
import { memoryFromCorpora } from '../src/pipeline/tm-load.ts';
import type { TranslationMemory } from '../src/tm/memory.ts';
import { mdxNotices } from '../src/site/mdx-notices.ts';
import { extractCorpora, xliffPath } from '../src/pipeline/extract.ts';
import { codedToMarkdown } from '../src/model/coded-text.ts';
import { mergeXliff } from '../src/pipeline/merge.ts';
import { readXliff } from '../src/xliff/read.ts';
import type { XliffFile } from '../src/xliff/types.ts';
import { corpusDir, RU } from './corpus.ts';

const CORPUS = corpusDir(RU);
let memory: TranslationMemory;
let dir: string;
let exact: { source: string; target: string };
let fuzzy: string;
const NEW = 'Bitext writes this sentence for the first time and nobody has translated it.';

/** Plain-text English sentences of the corpus with exactly one translation. */
function plainSentences(m: TranslationMemory): { source: string; target: string }[] {
  return m
    .units('ru-RU')
    .filter((u) => u.variants.length === 1 && /^[A-Z][a-z]+ [a-z ,]+[a-z]\.$/.test(u.source) && u.source.length > 60 && tokenizeInline(u.source).every((t) => t.type === 'text'))
    .map((u) => ({ source: u.source, target: u.variants[0]!.target }));
}

function page(first: string): string {
  return `---\ntitle: A page for the memory\n---\n\n# Partner Center notes\n\n${first} ${fuzzy}\n\n${NEW}\n`;
}

async function extract(text: string): Promise<XliffFile> {
  writeFileSync(join(dir, 'content', 'notes.mdx'), text);
  const report = await extractCorpora({ dirs: [join(dir, 'content')], out: join(dir, 'xliff'), format: '1.2', locales: ['ru-RU'], tm: [CORPUS] });
  expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const path = xliffPath(join(dir, 'xliff'), 'ru-RU', 'notes.mdx');
  return readXliff(readFileSync(path, 'utf8'), path).file!;
}

const unitOf = (file: XliffFile, english: string) => file.units.find((u) => codedToMarkdown(u.source) === english)!;

beforeAll(async () => {
  memory = (await memoryFromCorpora([CORPUS])).memory;
  const candidates = plainSentences(memory);
  expect(candidates.length).toBeGreaterThan(10);
  exact = candidates[0]!;
  // One word changed near the end: still well above the 75 % fuzzy floor.
  const words = candidates[1]!.source.split(' ');
  words[words.length - 2] = words[words.length - 2] === 'always' ? 'never' : 'always';
  fuzzy = words.join(' ');
  expect(memory.exact(fuzzy, 'ru-RU')).toBeUndefined();
  dir = mkdtempSync(join(tmpdir(), 'bitext-mdx-loop-'));
  mkdirSync(join(dir, 'content'));
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('translation-memory pre-fill from the real corpus', () => {
  it('pre-fills an exact match as the target, fuzzy matches as proposals, and leaves new sentences empty', async () => {
    const file = await extract(page(exact.source));
    const hit = unitOf(file, exact.source);
    expect(hit).toMatchObject({ state: 'translated', qualifier: 'exact-match' });
    expect(codedToMarkdown(hit.target!)).toBe(exact.target);
    const near = unitOf(file, fuzzy);
    expect(near.target).toBeUndefined();
    expect(near.alternatives.length).toBeGreaterThan(0);
    expect(near.alternatives[0]!.origin).toBe('bitext-tm');
    expect(near.alternatives[0]!.similarity).toBeGreaterThanOrEqual(75);
    expect(near.alternatives[0]!.similarity).toBeLessThan(100);
    const written = readFileSync(xliffPath(join(dir, 'xliff'), 'ru-RU', 'notes.mdx'), 'utf8');
    expect(written).toContain('state-qualifier="exact-match"');
    expect(written).toMatch(/<alt-trans alttranstype="proposal" match-quality="(7[5-9]|8\d|9\d)(\.\d+)?" origin="bitext-tm">/);
    expect(unitOf(file, NEW).target).toBeUndefined();
  }, 60_000);

  it('tm leverage counts exact, fuzzy and new words per locale', async () => {
    const report = await leverageReport({ dirs: [join(dir, 'content')], tm: [CORPUS], locales: ['ru-RU'] });
    const ru = report.locales[0]!;
    expect(ru.locale).toBe('ru-RU');
    expect(ru.exact.segments).toBeGreaterThanOrEqual(1);
    expect(ru.fuzzy.segments).toBeGreaterThanOrEqual(1);
    expect(ru.new.words).toBeGreaterThanOrEqual(14);
    expect(ru.exact.words + ru.fuzzy.words + ru.new.words).toBe(
      [exact.source, fuzzy, NEW, 'Partner Center notes', 'A page for the memory'].join(' ').split(/\s+/).length,
    );
  }, 60_000);

  it('a changed English sentence keeps its translation for review; the locale page counts it as changed', async () => {
    // The writer edits the pre-filled sentence.
    const edited = exact.source.replace(/\.$/, ' today.');
    const file = await extract(page(edited));
    const changed = unitOf(file, edited);
    expect(changed.state).toBe('needs-translation');
    expect(codedToMarkdown(changed.target!)).toBe(exact.target);
    expect(codedToMarkdown(changed.alternatives[0]!.source)).toBe(exact.source);
    const doc = parseMdx(page(edited), 'notes.mdx');
    const merged = mergeXliff(doc, file, 'notes.xlf');
    expect(merged.stats.changed).toBe(1);
    expect(merged.markdown).toContain(exact.target);
    const notices = mdxNotices('ru-ru', { units: merged.stats.sentences!, untranslated: merged.stats.untranslated!, changed: merged.stats.changed! });
    expect(notices.map((n) => n.text)).toContain(`Изменилось после перевода предложений: 1 из ${doc.segments.length}.`);
    expect(mdxNotices('en', { units: 4, changed: 1 })[0]!.text).toBe('1 of 4 sentences changed since translation.');
  }, 60_000);
});
