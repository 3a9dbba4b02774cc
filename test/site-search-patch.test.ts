/**
 * A language's search index changed in place (src/site/pagefind-language-index.ts): Pagefind
 * indexes pages made of the Russian corpus's documents (their translated sentences, some with an
 * image, whose metadata fields the others lack); the index of a few of them changed and one
 * added, indexed alone and put into the index of the others, is the index of all of them as
 * Pagefind writes it afresh, file for file, once both are written by `writeLanguageIndex`. Where
 * the result could not be that, the change is refused with its reason (`replacePages`, and
 * `withPagesReplaced` for a page whose metadata fields changed).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, RU } from './corpus.ts';
import { readSxsDocument } from '../src/parse/sxs/read.ts';
import { byCodeUnits } from '../src/site/code-order.ts';
import { escapeText } from '../src/xml/escape.ts';
import { type LanguageIndex, readLanguageIndex, replacePages, unpackWord, writeLanguageIndex } from '../src/site/pagefind-language-index.ts';
import { PagefindFileError } from '../src/site/pagefind-files.ts';
import { withPagesReplaced } from '../src/site/pagefind-patch.ts';

const LANG = 'ru-ru';
/** Words with diacritics (Pagefind keeps their forms as variants of the word without). */
const ADDED_SENTENCE = 'Ещё раз: naïve café, résumé.';

let pagefind: typeof import('pagefind');
/** Page name (a site file) → its HTML, in name order. */
const pages = new Map<string, string>();

function pageHtml(title: string, sentences: string[], image: boolean): string {
  const img = image ? `<img src="/media/${sentences.length}.png" alt="${escapeText(sentences[0] ?? title)}">` : '';
  return `<!doctype html><html lang="${LANG}"><head><title>${escapeText(title)}</title></head><body><main data-pagefind-body><h1>${escapeText(title)}</h1>${img}${sentences.map((s) => `<p>${escapeText(s)}</p>`).join('')}</main></body></html>`;
}

interface Built {
  files: Map<string, Uint8Array>;
  hash: string;
}

/** Pagefind's index of `list` (name, HTML), given in this order. */
async function indexOf(list: readonly (readonly [string, string])[]): Promise<Built> {
  const { index, errors } = await pagefind.createIndex();
  if (!index) throw new Error(errors.join('; '));
  for (const [name, html] of list) await index.addHTMLFile({ sourcePath: name, content: html });
  const got = await index.getFiles();
  await index.deleteIndex();
  const files = new Map(got.files.map((f) => [f.path.split('\\').join('/'), f.content]));
  const entry = JSON.parse(Buffer.from(files.get('pagefind-entry.json')!).toString('utf8')) as { languages: Record<string, { hash: string }> };
  return { files, hash: entry.languages[LANG]!.hash };
}

const read = (built: Built): LanguageIndex => readLanguageIndex(LANG, built.hash, (rel) => built.files.get(rel));

/** The files `writeLanguageIndex` writes of an index, by path. */
function written(index: LanguageIndex): { hash: string; files: Map<string, Buffer> } {
  const { hash, files } = writeLanguageIndex(index);
  return { hash, files: new Map(files.map((f) => [f.rel, Buffer.from(f.content)])) };
}

function expectSameFiles(a: ReturnType<typeof written>, b: ReturnType<typeof written>): void {
  expect(a.hash).toBe(b.hash);
  expect([...a.files.keys()].sort()).toEqual([...b.files.keys()].sort());
  for (const [rel, content] of a.files) expect(content.equals(b.files.get(rel)!), rel).toBe(true);
}

beforeAll(async () => {
  pagefind = await import('pagefind');
  const root = corpusDir(RU);
  const docs = (await readdir(join(root, 'partner-center'))).filter((name) => name.endsWith('.md') && name !== 'TOC.md').sort().slice(0, 80);
  for (const [i, name] of docs.entries()) {
    const doc = await readSxsDocument(root, `partner-center/${name}`);
    const sentences = doc.segments.map((s) => s.target).filter(Boolean);
    pages.set(`${LANG}/partner-center/${name.slice(0, -3)}/index.html`, pageHtml(doc.title.target ?? name, sentences, i % 5 === 0));
  }
  expect(pages.size).toBe(80);
}, 120_000);

afterAll(async () => {
  await pagefind?.close();
});

describe('a language index written by Bitext', () => {
  it('reads and writes an index alike, however many times', async () => {
    const built = await indexOf([...pages]);
    const once = written(read(built));
    const index = readLanguageIndex(LANG, once.hash, (rel) => once.files.get(rel));
    expectSameFiles(written(index), once);
    expect(index.pages.length).toBe(pages.size);
    // The pages with an image give the language their metadata fields.
    expect(index.fields).toEqual(['image', 'image_alt', 'title']);
  });

  it('puts pages indexed alone into the index of the others: the index of all of them, file for file', async () => {
    const names = [...pages.keys()];
    // Three changed pages (none with an image: their own index numbers the title field otherwise) and one added.
    const changed = [names[3]!, names[41]!, names[78]!];
    const added = names[7]!;
    const now = new Map(pages);
    for (const name of changed) now.set(name, now.get(name)!.replace('</h1>', `</h1><p>${ADDED_SENTENCE}</p>`));
    const previousNames = names.filter((n) => n !== added);
    const previous = await indexOf(previousNames.map((n) => [n, pages.get(n)!]));
    const freshNames = [...changed, added].sort(byCodeUnits);
    const fresh = await indexOf(freshNames.map((n) => [n, now.get(n)!]));
    const whole = await indexOf([...now]);
    expect(read(fresh).fields).toEqual(['title']);
    // The previous index as the previous build wrote it.
    const before = written(read(previous));
    const replaced = replacePages(readLanguageIndex(LANG, before.hash, (rel) => before.files.get(rel)), previousNames, read(fresh), freshNames, byCodeUnits);
    if (typeof replaced === 'string') throw new Error(replaced);
    expectSameFiles(written(replaced), written(read(whole)));
    // The diacritics' forms are there, as variants.
    const cafe = unpackWord(replaced.words.get('cafe')!);
    expect([...cafe.variants.keys()]).toContain('café');
    // Pagefind's fragment of a page indexed alone is its fragment in the whole index.
    for (const [rel, content] of fresh.files) if (rel.startsWith('fragment/')) expect(Buffer.from(content).equals(Buffer.from(whole.files.get(rel)!)), rel).toBe(true);
  });

  it('refuses what would not be the index of all the pages, with the reason', async () => {
    const names = [...pages.keys()];
    const plain = names.find((n, i) => i % 5 !== 0)!;
    const built = await indexOf([...pages]);
    const previous = read(built);
    const refused = async (html: string) => {
      const result = replacePages(previous, names, read(await indexOf([[plain, html]])), [plain], byCodeUnits);
      return typeof result === 'string' ? result : 'not refused';
    };
    // The page has an image now: metadata fields it did not have (its fragment's keys), which Pagefind's index of the page alone shows.
    const { index } = await pagefind.createIndex();
    const withImage = pages.get(plain)!.replace('</h1>', '</h1><img src="/a.png" alt="Схема">');
    expect(await withPagesReplaced({ index: previous, pages: names }, (rel) => built.files.get(rel), [{ name: plain, file: { sourcePath: plain, content: withImage } }], index!, byCodeUnits)).toBe(
      `the metadata fields of ${plain} changed`,
    );
    await index!.deleteIndex();
    // A sort order: Pagefind orders the whole language by it.
    expect(await refused(pages.get(plain)!.replace('<main data-pagefind-body>', '<main data-pagefind-body data-pagefind-sort="weight:2">'))).toBe('pages give sort orders');
    // A language without images, and a page with one.
    const withoutImages = [...pages].filter(([n, html]) => n === plain || !html.includes('<img'));
    const noImages = read(await indexOf(withoutImages));
    const imaged = read(await indexOf([[plain, pages.get(plain)!.replace('</h1>', '</h1><img src="/a.png" alt="Схема">')]]));
    expect(replacePages(noImages, withoutImages.map(([n]) => n), imaged, [plain], byCodeUnits)).toMatch(/^a page has a metadata field the language did not \(image/);
    // Page names out of the order the index has them in.
    expect(replacePages(previous, [...names].reverse(), read(await indexOf([[plain, pages.get(plain)!]])), [plain], byCodeUnits)).toBe('the previous pages are not in order');
  });

  it('reads a chunk that is not what Pagefind writes as an error naming the file', async () => {
    const built = await indexOf([...pages].slice(0, 5));
    const files = new Map(built.files);
    const chunk = [...files.keys()].find((rel) => rel.startsWith('index/'))!;
    const { gzipSync } = await import('node:zlib');
    files.set(chunk, gzipSync(Buffer.concat([Buffer.from('pagefind_dcd'), Buffer.from([0x81, 0x81, 0x63, 0x61, 0x62, 0x63])])));
    expect(() => readLanguageIndex(LANG, built.hash, (rel) => files.get(rel))).toThrow(PagefindFileError);
    expect(() => readLanguageIndex(LANG, built.hash, (rel) => files.get(rel))).toThrow(chunk);
    files.delete(chunk);
    expect(() => readLanguageIndex(LANG, built.hash, (rel) => files.get(rel))).toThrow(`${chunk}: missing`);
  });
});
