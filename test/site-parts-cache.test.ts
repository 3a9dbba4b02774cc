/**
 * The sxs pages kept from one build to the next (src/site/pages/parts-cache.ts), on a copy of the
 * Russian corpus and of the Arabic one (DocFX includes everywhere): a site model made with the
 * cache is the model made without it, whether the cache was empty, full, partly out of date (a
 * document rewritten), unusable for a document (what else it depends on unknown), of another key,
 * or damaged; a full cache is read instead of the documents; and a file written moments ago is
 * read and not kept. With translators' XLIFF files (extracted from the Russian copy), the model
 * and the XLIFF report are those of a build without the cache, through an edited target and an
 * edited source, and another folder of files takes nothing from it. The tests but the settling
 * one make the cache keep files at once (a settling time of 0).
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, RU, SHARED } from './corpus.ts';
import { loadSite, type SiteModel } from '../src/site/model.ts';
import type { Stats } from 'node:fs';
import { DOCUMENTS_ONLY, fileIdentity, type PartSources, SETTLED_MS, SxsPartsCache, xliffPartSources } from '../src/site/pages/parts-cache.ts';
import { extractCorpora } from '../src/pipeline/extract.ts';
import { loadXliffTargets } from '../src/site/xliff-targets.ts';

const AR = 'Dynamics-365-Operations.ar-sa';
/** A Russian document whose translation is edited, and an Arabic one that includes another file. */
const RU_DOC = 'marketplace/appsource-overview.md';
let AR_DOC: string;

let work: string;
let content: string[];
/** The model of the edited copies, made without the cache. */
let edited: string;
/** The documents of the copies the cache keeps. */
let total: number;
let cacheDir: string;

/** Everything the site takes from the model, as JSON: the same text for the same model. */
function modelText(site: SiteModel): string {
  const pages = [...site.pages.values()];
  const included = pages.flatMap((p) => [...(p.markdown ?? '').matchAll(/\[!include[^\]]*\]\(([^)]+)\)/gi)].slice(0, 1).map((m) => site.include(p, m[1]!)));
  return JSON.stringify({
    pages,
    diagnostics: site.diagnostics,
    nav: [...site.nav],
    redirects: [...site.redirects],
    englishChoices: site.englishChoices,
    pathIndex: [...site.pathIndex],
    locales: site.locales,
    roots: site.roots,
    included,
  });
}

async function load(cache?: SxsPartsCache, sources: PartSources = DOCUMENTS_ONLY): Promise<string> {
  const site = await loadSite({ content, ...(cache ? { partsCache: { cache, sources } } : {}) });
  await cache?.written();
  return modelText(site);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-parts-cache-'));
  content = [join(work, RU), join(work, AR)];
  cacheDir = join(work, 'cache');
  await cp(corpusDir(RU), content[0]!, { recursive: true });
  await cp(join(SHARED, 'corpus-large', AR), content[1]!, { recursive: true });
  // An Arabic page with an include directive in its text (not an include file itself).
  const { listFiles } = await import('../src/io/corpus.ts');
  const arFiles = await listFiles(content[1]!);
  for (const rel of arFiles) {
    if (rel.includes('/includes/')) continue;
    if (/\[!include/i.test(await readFile(join(content[1]!, rel), 'utf8'))) {
      AR_DOC = rel;
      break;
    }
  }
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Rewrites a document with its first long sentence of Russian or Arabic text changed (a new file: another identity). */
async function editTranslation(file: string, mark: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const m = /(<span data-ttu-id="[^"]*">)([^<]{20,})/.exec(text.slice(text.indexOf('\n#')));
  if (!m) throw new Error(`no sentence to edit in ${file}`);
  await rm(file);
  await writeFile(file, text.replace(m[0], `${m[1]}${m[2]} ${mark}`));
}

describe('the sxs pages of the previous build', () => {
  it('make the model the documents make, and are read instead of them', async () => {
    const reference = await load();
    const first = new SxsPartsCache(cacheDir, 'key', 0);
    expect(await load(first)).toBe(reference);
    expect(first.counts.reused).toBe(0);
    expect(first.counts.made).toBeGreaterThan(3000);

    const second = new SxsPartsCache(cacheDir, 'key', 0);
    expect(await load(second)).toBe(reference);
    expect(second.counts.reused).toBe(first.counts.made);
    expect(second.counts.made).toBe(0);
    expect(AR_DOC).toBeDefined();
    expect(reference).toContain('[!include');
  }, 120_000);

  it('read again the documents written since, and only those', async () => {
    await editTranslation(join(content[0]!, RU_DOC), '(правка)');
    await editTranslation(join(content[1]!, AR_DOC), '(تعديل)');
    const reference = (edited = await load());
    expect(reference).toContain('(правка)');
    expect(reference).toContain('(تعديل)');
    const before = new SxsPartsCache(cacheDir, 'key', 0);
    const cached = await load(before);
    expect(cached).toBe(reference);
    expect(before.counts.made).toBe(2);
    // The next build finds the new versions, and no entry of the old ones is kept.
    const after = new SxsPartsCache(cacheDir, 'key', 0);
    expect(await load(after)).toBe(reference);
    expect(after.counts.made).toBe(0);
    expect(after.counts.reused).toBe(before.counts.reused + 2);
  }, 120_000);

  it('are not used for a document whose page depends on more than its file, nor under another key', async () => {
    const reference = edited;
    const withXliff = new SxsPartsCache(cacheDir, 'key', 0);
    expect(await load(withXliff, { ...DOCUMENTS_ONLY, dependency: (_locale, relPath) => (relPath === RU_DOC ? undefined : '') })).toBe(reference);
    expect(withXliff.counts.made).toBe(0);
    const full = new SxsPartsCache(cacheDir, 'key', 0);
    await load(full);
    // The entry that was not used is gone from the file: the document is read, and its entry made again.
    expect(full.counts.made).toBe(1);

    const otherCode = new SxsPartsCache(cacheDir, 'another key', 0);
    expect(await load(otherCode)).toBe(reference);
    expect(otherCode.counts.reused).toBe(0);
  }, 120_000);

  it('start cold from a damaged file, without an error', async () => {
    const reference = edited;
    for (const name of await readdir(cacheDir)) {
      const file = join(cacheDir, name);
      const bytes = await readFile(file);
      await writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    }
    const damaged = new SxsPartsCache(cacheDir, 'another key', 0);
    expect(await load(damaged)).toBe(reference);
    expect(damaged.counts.reused).toBe(0);
    const again = new SxsPartsCache(cacheDir, 'another key', 0);
    expect(await load(again)).toBe(reference);
    expect(again.counts.reused).toBe(damaged.counts.made);
    total = again.counts.reused;
  }, 120_000);

  it('leave out a file written in the last seconds, which a second write at once could leave looking unchanged', async () => {
    await editTranslation(join(content[0]!, RU_DOC), '(вторая правка)');
    const reference = await load();
    // Every file written within the window (here: all of them): none is taken from the cache, none kept.
    const settling = new SxsPartsCache(cacheDir, 'another key', Number.POSITIVE_INFINITY);
    expect(await load(settling)).toBe(reference);
    expect(settling.counts).toEqual({ reused: 0, made: 0 });
    const now = Date.now();
    const stats = (writtenAgo: number) => ({ size: 10, ino: 7, mtimeMs: now - writtenAgo, ctimeMs: now - writtenAgo }) as Stats;
    expect(fileIdentity(stats(1000), SETTLED_MS, now)).toBeUndefined();
    expect(fileIdentity(stats(-60_000), SETTLED_MS, now)).toBeUndefined();
    expect(fileIdentity(stats(SETTLED_MS + 1), SETTLED_MS, now)).toBe(`10:${now - SETTLED_MS - 1}:${now - SETTLED_MS - 1}:7`);
    // Their old entries are gone with them (their files' identities were not known); once settled (here: at once), all are kept again.
    const settled = new SxsPartsCache(cacheDir, 'another key', 0);
    expect(await load(settled)).toBe(reference);
    expect(settled.counts).toEqual({ reused: 0, made: total });
    const next = new SxsPartsCache(cacheDir, 'another key', 0);
    expect(await load(next)).toBe(reference);
    expect(next.counts).toEqual({ reused: total, made: 0 });
  }, 120_000);
});

describe('the sxs pages of the previous build, with the translators\' XLIFF files', () => {
  /** The Russian copy's model made with the XLIFF files of `dir`, with the build's XLIFF report (its totals and diagnostics). */
  async function loadWithXliff(dir: string, cache?: SxsPartsCache): Promise<string> {
    const xliff = await loadXliffTargets(dir);
    const site = await loadSite({
      content: [content[0]!],
      targetsFor: xliff.targetsFor,
      unitStatusFor: xliff.unitStatusFor,
      metadataFor: xliff.metadataFor,
      tocNamesFor: xliff.tocNamesFor,
      ...(cache ? { partsCache: { cache, sources: xliffPartSources(xliff) } } : {}),
    });
    await cache?.written();
    return JSON.stringify({ model: modelText(site), summary: xliff.summary(), diagnostics: xliff.diagnostics, merged: [...xliff.mergedDocuments()].sort() });
  }

  /** Rewrites the first long target (or source) of a unit in an XLIFF file (a new file: another identity). */
  async function editUnit(file: string, element: 'target' | 'source', mark: string): Promise<void> {
    const text = await readFile(file, 'utf8');
    const at = text.indexOf('<body');
    const m = new RegExp(`(<${element}[^>]*>)([^<]{20,})(</${element}>)`).exec(text.slice(at));
    if (!m) throw new Error(`no ${element} to edit in ${file}`);
    await rm(file);
    await writeFile(file, text.slice(0, at) + text.slice(at).replace(m[0], `${m[1]}${m[2]} ${mark}${m[3]}`));
  }

  it('are the pages the files make, kept by the identity of both files; the XLIFF report is the one every file merged gives', async () => {
    const xliff = join(work, 'xliff');
    await extractCorpora({ dirs: [content[0]!], out: xliff, format: '1.2' });
    const cacheDir = join(work, 'cache-xliff');
    const reference = await loadWithXliff(xliff);
    const first = new SxsPartsCache(cacheDir, 'key', 0);
    expect(await loadWithXliff(xliff, first)).toBe(reference);
    const documents = first.counts.made;
    expect(documents).toBeGreaterThan(300);
    const second = new SxsPartsCache(cacheDir, 'key', 0);
    expect(await loadWithXliff(xliff, second)).toBe(reference);
    expect(second.counts).toEqual({ reused: documents, made: 0 });

    // A translator's edit: that document's page is made again, and shows it.
    const files = (await readdir(join(xliff, 'ru-ru'), { recursive: true })).filter((f) => f.endsWith('.xlf') && f.includes('/')).sort();
    await editUnit(join(xliff, 'ru-ru', RU_DOC.replace(/\.md$/, '.xlf')), 'target', '(правка переводчика)');
    // English changed under a unit: the merge warns and counts it stale, a part of the report the cache gives back.
    const other = files.find((f) => f !== RU_DOC.replace(/\.md$/, '.xlf'))!;
    await editUnit(join(xliff, 'ru-ru', other), 'source', '(changed)');
    const edited = await loadWithXliff(xliff);
    expect(edited).toContain('(правка переводчика)');
    expect(JSON.parse(edited).summary.stale).toBeGreaterThan(0);
    const afterEdit = new SxsPartsCache(cacheDir, 'key', 0);
    expect(await loadWithXliff(xliff, afterEdit)).toBe(edited);
    expect(afterEdit.counts).toEqual({ reused: documents - 2, made: 2 });
    const next = new SxsPartsCache(cacheDir, 'key', 0);
    expect(await loadWithXliff(xliff, next)).toBe(edited);
    expect(next.counts).toEqual({ reused: documents, made: 0 });

    // Another folder of files for the same documents: nothing is taken from the cache.
    const copy = join(work, 'xliff-copy');
    await cp(xliff, copy, { recursive: true });
    const elsewhere = new SxsPartsCache(cacheDir, 'key', 0);
    expect(await loadWithXliff(copy, elsewhere)).toBe(edited.split(xliff).join(copy));
    expect(elsewhere.counts.reused).toBe(0);
  }, 180_000);
});
