/**
 * The languages a rebuild guesses from the documents written since the previous build, before
 * its site model (src/site/pages/changed-since.ts), on a copy of the Russian corpus whose
 * sxs pages a first model kept: a translated sentence makes the Russian page again; an English
 * one changes the English page too, which comes first; a document the previous build did not keep
 * may have changed either; a TOC, or more documents than the guess parses, gives no guess.
 */
import { cp, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, RU } from './corpus.ts';
import { loadSite } from '../src/site/model.ts';
import { DOCUMENTS_ONLY, SxsPartsCache } from '../src/site/pages/parts-cache.ts';
import { languagesChangedSince, MAX_GUESSED_DOCUMENTS } from '../src/site/pages/changed-since.ts';
import { listFiles } from '../src/io/corpus.ts';
import { isTocFile } from '../src/site/toc.ts';
import { isIncludeFile } from '../src/site/includes.ts';

/** A sentence pair: the target's span, then the English source's. */
const PAIR = /^(<span data-ttu-id="[^"]*">)([^<]{20,})(<\/span><span class="sxs-lookup"><span data-stu-id="[^"]*">)([^<]{20,})/m;

let work: string;
let root: string;
let cacheDir: string;
/** When the first model was made: files written after it are the changed ones. */
let since: number;
/** Documents of the copy with a sentence pair to edit. */
let documents: string[];
let toc: string;

const guess = () => languagesChangedSince([root], since, new SxsPartsCache(cacheDir, 'test', 0), false);

async function editPair(relPath: string, part: 'target' | 'english'): Promise<void> {
  const file = join(root, relPath);
  const text = await readFile(file, 'utf8');
  const m = PAIR.exec(text);
  if (!m) throw new Error(`no sentence pair to edit in ${file}`);
  const [, open, target, middle, english] = m;
  const pair = part === 'target' ? `${open}${target} (правка)${middle}${english}` : `${open}${target}${middle}${english} Edited.`;
  await writeFile(file, text.slice(0, m.index) + pair + text.slice(m.index + m[0].length));
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-changed-since-'));
  root = join(work, RU);
  cacheDir = join(work, 'cache');
  await cp(corpusDir(RU), root, { recursive: true });
  const files = await listFiles(root, ['.md', '.yml']);
  toc = files.find(isTocFile)!;
  documents = [];
  for (const relPath of files) {
    if (isTocFile(relPath) || isIncludeFile(relPath) || !PAIR.test(await readFile(join(root, relPath), 'utf8'))) continue;
    documents.push(relPath);
    if (documents.length > MAX_GUESSED_DOCUMENTS) break;
  }
  const cache = new SxsPartsCache(cacheDir, 'test', 0);
  await loadSite({ content: [root], partsCache: { cache, sources: DOCUMENTS_ONLY } });
  await cache.written();
  // Only the edits below are written since (a file's change time counts too, which dating it sets).
  await new Promise((done) => setTimeout(done, 10));
  since = Date.now();
  await new Promise((done) => setTimeout(done, 10));
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('the languages guessed from the documents written since', () => {
  it('are none when nothing was written', async () => {
    expect(await guess()).toEqual({ changed: [], remade: [] });
  });

  it('make the page of a translated sentence again, and change English pages with an English one', async () => {
    await editPair(documents[0]!, 'target');
    expect(await guess()).toEqual({ changed: [], remade: ['ru-ru'] });
    await editPair(documents[1]!, 'english');
    expect(await guess()).toEqual({ changed: ['en'], remade: ['ru-ru'] });
  });

  it('take a document the previous build did not keep for one whose English changed', async () => {
    const copy = join(root, `${documents[2]!.slice(0, -3)}-copy.md`);
    await writeFile(copy, await readFile(join(root, documents[2]!)));
    const guessed = await guess();
    await rm(copy);
    expect(guessed.changed).toEqual(['en']);
  });

  it('give nothing for a TOC, or for more documents than the guess parses', async () => {
    expect(toc).toBeDefined();
    await writeFile(join(root, toc), `${await readFile(join(root, toc), 'utf8')}\n`);
    // The edited documents still count; the TOC adds nothing.
    expect(await guess()).toEqual({ changed: ['en'], remade: ['ru-ru'] });
    expect(documents.length).toBeGreaterThan(MAX_GUESSED_DOCUMENTS);
    const now = new Date();
    for (const relPath of documents) await utimes(join(root, relPath), now, now);
    expect(await guess()).toEqual({ changed: [], remade: [] });
  });
});
