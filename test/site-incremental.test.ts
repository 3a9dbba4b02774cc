/**
 * Incremental builds: a sample of the Russian and German corpus with its XLIFF files, built
 * cold into OUT; then one English source sentence changes (in the sxs documents) and OUT is
 * built again; then one English sentence of a document only the Russian corpus has, and OUT is
 * built again (the German English search bundle, which lacks that page, is kept); then one XLIFF
 * target changes and OUT is built again; then nothing changes and OUT is built again. Each
 * rebuild renders only the pages of the change (the log says how many) and indexes again only
 * the languages and English bundles they are in, and the final OUT is byte for byte the cold
 * build of the same input into another folder, with the same reports. The pages of the documents
 * a rebuild finds as the previous build did, and their XLIFF files too, come from the sxs pages
 * that build kept; one German document has no XLIFF file.
 *
 * The document whose sentence changes links to `#anchors` of a page the rebuild keeps, one it
 * has and one it lacks, and that kept page links to an anchor the change removes: an incremental
 * build judges those links as a cold build does, with the ids of the pages it did not render.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { appendFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusDir, DE, RU } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';
import { indexedAlike, indexLanguages, indexLanguagesAhead, SearchIndexStream } from '../src/site/pagefind-bundle.ts';
import { filesOf } from '../src/site/output.ts';
import { indexingForPlan } from '../src/site/incremental.ts';

const BIN = fileURLToPath(new URL('../bin/bitext.js', import.meta.url));
const DOC = 'marketplace/appsource-overview';
/** Another document for the XLIFF edit: a unit whose English changed no longer applies to its sentence. */
const XLIFF_DOC = 'marketplace/azure-marketplace-overview';
/** A document the sample has in Russian only (removed from the German one). */
const RU_ONLY_DOC = 'marketplace/refund-policies';
/** A page the rebuilds keep, linked to and from DOC by `#anchor` links (added to the sample). */
const KEPT_DOC = 'marketplace/billing-invoicing';
/** An anchor of DOC (a heading's DocFX anchor) that KEPT_DOC links to and the first rebuild removes. */
const REMOVED_ANCHOR = 'find-what-you-need-on-appsource';

let work: string;
let out: string;
let cold: string;
const scratches: string[] = [];
const logs: string[] = [];

async function build(target: string): Promise<string> {
  const { log, scratch } = await buildSiteInChild({ content: [join(work, RU), join(work, DE)], xliff: join(work, 'xliff'), out: target, cacheDir: join(work, 'cache') }, 'incremental');
  scratches.push(scratch);
  return log;
}

/** Rewrites `file` with `edit` applied to the first match of `pattern`; fails when there is none. */
async function editFile(file: string, pattern: RegExp, edit: (m: RegExpExecArray) => string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const m = pattern.exec(text);
  if (!m) throw new Error(`nothing to edit in ${file}`);
  await writeFile(file, text.slice(0, m.index) + edit(m) + text.slice(m.index + m[0].length));
}

const rendered = (log: string) => Number(/incremental: (\d+) pages to render/.exec(log)?.[1] ?? NaN);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-incremental-'));
  for (const name of [RU, DE]) await cp(join(corpusDir(name), 'marketplace'), join(work, name, 'marketplace'), { recursive: true });
  await rm(join(work, DE, `${RU_ONLY_DOC}.md`));
  // Outside the sentence pairs: written on the English page and the translated ones alike.
  for (const name of [RU, DE]) {
    await appendFile(join(work, name, `${DOC}.md`), `\nSee [billing](billing-invoicing.md#billing) and [a section it lacks](billing-invoicing.md#no-such-section).\n`);
    await appendFile(join(work, name, `${KEPT_DOC}.md`), `\nSee [finding apps](appsource-overview.md#${REMOVED_ANCHOR}).\n`);
  }
  const extract = spawnSync(process.execPath, [BIN, 'extract', join(work, RU), join(work, DE), '--out', join(work, 'xliff')], { encoding: 'utf8' });
  if (extract.status !== 0) throw new Error(`extract failed: ${extract.stderr}`);
  // A German page from its sxs document alone: the rebuilds take it from the sxs pages the previous build kept.
  await rm(join(work, 'xliff', 'de-de', `${KEPT_DOC}.xlf`));
  out = join(work, 'out');
  logs.push(await build(out));
  // One English sentence of a paragraph, in the document of both locales (the English page is built from the newest).
  for (const name of [RU, DE]) {
    await editFile(join(work, name, `${DOC}.md`), /^(<span data-ttu-id="[^"]*">[^<]*<\/span><span class="sxs-lookup"><span data-stu-id="[^"]*">)([^<]{20,})/m, (m) => `${m[1]}${m[2]} Edited.`);
    // The heading keeps its text; its id, the DocFX anchor, changes: KEPT_DOC's link to it breaks.
    await editFile(join(work, name, `${DOC}.md`), new RegExp(`<a name="${REMOVED_ANCHOR}">`), () => '<a name="finding-apps">');
  }
  logs.push(await build(out));
  // One English sentence of the Russian-only document: its English page changes, which only the Russian English bundle has.
  await editFile(join(work, RU, `${RU_ONLY_DOC}.md`), /^(<span data-ttu-id="[^"]*">[^<]*<\/span><span class="sxs-lookup"><span data-stu-id="[^"]*">)([^<]{20,})/m, (m) => `${m[1]}${m[2]} Edited.`);
  logs.push(await build(out));
  // One target of a paragraph sentence (not the title, the description or the H1, which the page does not show) in the Russian XLIFF file.
  await editFile(join(work, 'xliff', 'ru-ru', `${XLIFF_DOC}.xlf`), /(<trans-unit (?![^>]*x-metadata)[^>]*>[\s\S]*?<target[^>]*>)([^<]{60,})(<\/target>)/, (m) => `${m[1]}${m[2]} (правка)${m[3]}`);
  logs.push(await build(out));
  logs.push(await build(out));
  cold = join(work, 'cold');
  await build(cold);
}, 900_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  for (const s of scratches) await rm(s, { recursive: true, force: true });
});

describe('a rebuild into the same folder', () => {
  it('renders only the pages of the change', () => {
    expect(logs[0]).not.toMatch(/incremental:/);
    // The English page, and the translated pages whose sentence's English changed.
    expect(rendered(logs[1]!)).toBeGreaterThanOrEqual(1);
    expect(rendered(logs[1]!)).toBeLessThanOrEqual(3);
    expect(logs[1]).toMatch(/search index of de-de, en, ru-ru and English search bundles of de-de, ru-ru to make again$/m);
    expect(logs[1]).not.toMatch(/search index of .* kept/);
    // The English page, the Russian page (its English sources) and the German fallback page.
    expect(rendered(logs[2]!)).toBeGreaterThanOrEqual(1);
    expect(rendered(logs[2]!)).toBeLessThanOrEqual(3);
    expect(logs[2]).toMatch(/search index of en, ru-ru and English search bundles of ru-ru to make again$/m);
    // The Russian page changed in its English sources alone, which Pagefind ignores: its index is kept.
    expect(logs[2]).toMatch(/search index of ru-ru kept \(the changed pages index as before\)$/m);
    // The Russian page of the XLIFF file.
    expect(rendered(logs[3]!)).toBe(1);
    expect(logs[3]).toMatch(/search index of ru-ru and English search bundles of no locale to make again$/m);
    expect(logs[3]).not.toMatch(/search index of .* kept/);
    // Its language was begun to be indexed again before the site model, and that index went on.
    expect(logs[3]).toMatch(/search index of ru-ru begun again before the site model \(XLIFF files written since the previous build\)$/m);
    expect(logs[3]).toMatch(/the search index begun before the site model goes on$/m);
    // The documents' English changed: English is guessed first, then the locales whose pages are
    // made again (their English sources); the plan wants them all, and that index went on.
    expect(logs[1]).toMatch(/search index of en, de-de, ru-ru begun again before the site model \(documents written since the previous build\)$/m);
    expect(logs[2]).toMatch(/search index of en, ru-ru begun again before the site model \(documents written since the previous build\)$/m);
    for (const log of [logs[1], logs[2]]) expect(log).toMatch(/the search index begun before the site model goes on$/m);
    expect(logs[4]).not.toMatch(/begun again before the site model/);
    // The changed pages were put into the previous index of their languages and English bundles, none made afresh.
    expect(logs[1]).toMatch(/incremental: search index of de-de, en, ru-ru changed in place; English search bundles of de-de, ru-ru changed in place$/m);
    expect(logs[2]).toMatch(/incremental: search index of en changed in place; English search bundles of ru-ru changed in place$/m);
    expect(logs[3]).toMatch(/incremental: search index of ru-ru changed in place$/m);
    for (const log of logs) expect(log).not.toMatch(/made afresh/);
    // Nothing changed.
    expect(rendered(logs[4]!)).toBe(0);
  });

  it('takes the sxs page of an unchanged document from the previous build, with an XLIFF file or without', async () => {
    expect(logs[0]).not.toMatch(/kept from the previous build/);
    // Kept and made again, per rebuild after the first (which may be the first to keep them, when
    // the cold build came within seconds of the copy: src/site/pages/parts-cache.ts `SETTLED_MS`).
    const counts = logs.slice(2).map((log) => /^bitext build: site model: (\d+) sxs pages? kept from the previous build, (\d+) made again$/m.exec(log)!.slice(1).map(Number) as [number, number]);
    // A document read and not kept (written within the settling time) counts in neither.
    const documents = Math.max(...counts.map(([kept, made]) => kept + made));
    // Every document of both locales, whether a translator's file has it or not.
    expect(documents).toBeGreaterThan(20);
    // Each rebuild reads again at most the files edited before it (one document, one XLIFF file,
    // nothing) and those edited before the build before it (two documents, one, one), if that
    // build saw them written within the settling time.
    counts.forEach(([kept], k) => expect(kept).toBeGreaterThanOrEqual(documents - [3, 2, 1][k]!));
    const cached = await readdir(join(`${out}-reports`, 'site-model-cache'));
    expect(cached.filter((name) => name.endsWith('.bin')).length).toBeGreaterThan(0);
  });

  it('writes the site a cold build writes, byte for byte', async () => {
    const files = await filesOf(cold);
    expect(await filesOf(out)).toEqual(files);
    const differing: string[] = [];
    for (const rel of files) {
      let [a, b] = await Promise.all([readFile(join(out, rel), 'utf8'), readFile(join(cold, rel), 'utf8')]);
      // What only the build report says of a build: its time, and what the incremental build kept.
      if (rel === '_bitext/build.json') [a, b] = [a, b].map((t) => t.replace(/"seconds": [\d.]+/, '').replace(/,\s*"incremental": \{[^}]*\}/, '')) as [string, string];
      if (a !== b) differing.push(rel);
    }
    expect(differing).toEqual([]);
    // The edits are on the pages.
    expect(await readFile(join(cold, 'en', DOC, 'index.html'), 'utf8')).toContain('Edited.');
    expect(await readFile(join(cold, 'ru-ru', XLIFF_DOC, 'index.html'), 'utf8')).toContain('(правка)');
    expect(await readFile(join(cold, 'en', RU_ONLY_DOC, 'index.html'), 'utf8')).toContain('Edited.');
  });

  it('writes the reports a cold build writes: the same broken links, judged with the ids of the pages it kept', async () => {
    const [links, coldLinks] = await Promise.all([readFile(`${out}-reports/broken-links.json`, 'utf8'), readFile(`${cold}-reports/broken-links.json`, 'utf8')]);
    expect(links).toBe(coldLinks);
    const report = JSON.parse(coldLinks) as { locales: Record<string, { links: { page: string; href: string; anchor?: string }[] }> };
    const anchorLinks = (page: string) =>
      Object.values(report.locales)
        .flatMap((s) => s.links)
        .filter((l) => l.page.endsWith(`/${page}`) && l.anchor !== undefined)
        .map((l) => `${l.page.slice(0, l.page.indexOf('/'))} ${l.href}`)
        .sort();
    // On the English page and both translations: the changed page's link to an anchor the kept page lacks (not the one it has), the kept page's link to the anchor the change removed.
    expect(anchorLinks(DOC)).toEqual(['de-de billing-invoicing.md#no-such-section', 'en billing-invoicing.md#no-such-section', 'ru-ru billing-invoicing.md#no-such-section']);
    expect(anchorLinks(KEPT_DOC)).toEqual(['de-de', 'en', 'ru-ru'].map((locale) => `${locale} appsource-overview.md#${REMOVED_ANCHOR}`));
    // The broken-link count (and so the exit code of bitext build) too.
    const [build, coldBuild] = await Promise.all([readFile(`${out}-reports/build.json`, 'utf8'), readFile(`${cold}-reports/build.json`, 'utf8')]);
    const counted = (text: string) => (JSON.parse(text) as { brokenLinks: number }).brokenLinks;
    expect(counted(build)).toBe(counted(coldBuild));
    // And its keys: the next build finds what a cold build of the same input leaves.
    expect(await readFile(`${out}-reports/incremental.json`, 'utf8')).toBe(await readFile(`${cold}-reports/incremental.json`, 'utf8'));
  });

  it('indexes a language while its pages are given in file order, and afterwards from the written pages when they come in another order', async () => {
    // The cold build indexed its pages as Astro rendered them (`SearchIndexStream`); the index of
    // each language is the one Pagefind writes from the finished site.
    const site = JSON.parse(await readFile(join(cold, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { hash: string; page_count: number }> };
    const files = (await filesOf(join(cold, 'ru-ru'))).filter((f) => f.endsWith('index.html')).map((f) => `ru-ru/${f}`);
    const pages = new Set(files);
    for (const order of ['file order', 'reversed']) {
      const copy = await mkdtemp(join(tmpdir(), 'bitext-pagefind-stream-'));
      scratches.push(copy);
      await cp(join(cold, 'ru-ru'), join(copy, 'ru-ru'), { recursive: true });
      const stream = new SearchIndexStream(copy, ['ru-ru'], pages);
      const given = order === 'file order' ? files : [...files].reverse();
      for (const rel of given) await stream.add(`/${rel.slice(0, -'index.html'.length)}`, await readFile(join(copy, rel), 'utf8'));
      await stream.finish();
      expect(stream.indexedWhileGiven, order).toEqual(order === 'file order' ? ['ru-ru'] : []);
      const entry = JSON.parse(await readFile(join(copy, 'pagefind', 'pagefind-entry.json'), 'utf8')) as typeof site;
      expect(entry.languages['ru-ru'], order).toEqual(site.languages['ru-ru']);
      const ours = (await filesOf(join(copy, 'pagefind'))).filter((f) => f.includes('ru-ru'));
      expect(ours.length).toBeGreaterThan(0);
      for (const rel of ours) expect((await readFile(join(copy, 'pagefind', rel))).equals(await readFile(join(cold, 'pagefind', rel))), `${order}: ${rel}`).toBe(true);
    }
  });

  it('puts the changed pages into the index a previous build wrote, which is read while the pages render: the index of a cold build, file for file', async () => {
    const site = JSON.parse(await readFile(join(cold, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { hash: string; page_count: number }> };
    const files = (await filesOf(join(cold, 'ru-ru'))).filter((f) => f.endsWith('index.html')).map((f) => `ru-ru/${f}`);
    const indexed: string[] = [];
    for (const rel of files) if ((await readFile(join(cold, rel), 'utf8')).includes('data-pagefind-body')) indexed.push(rel);
    const coldFiles = (await filesOf(join(cold, 'pagefind'))).filter((f) => f.includes('ru-ru'));
    // A page in the middle: pages before and after it keep their places, or move one up.
    const changed = indexed[Math.floor(indexed.length / 2)]!;
    const page = await readFile(join(cold, changed), 'utf8');
    const before = {
      'its previous text': page.replace(/(<h1 id="_top"[^>]*>)/, '$1Прежний заголовок: '),
      'not indexed before': page.replaceAll('data-pagefind-body', 'data-was-body'),
    };
    for (const [name, previous] of Object.entries(before)) {
      expect(previous, name).not.toBe(page);
      const copy = await mkdtemp(join(tmpdir(), 'bitext-pagefind-ahead-'));
      scratches.push(copy);
      await cp(join(cold, 'ru-ru'), join(copy, 'ru-ru'), { recursive: true });
      await writeFile(join(copy, changed), previous);
      // The previous build's site: its pages and their index.
      await indexLanguages(copy, ['ru-ru'], { sharedFiles: true, pages: new Set(files) });
      const indexing = indexLanguagesAhead(copy, ['ru-ru'], new Set(files));
      expect(await indexing.pagesReadAhead).toBe(name === 'its previous text' ? indexed.length : indexed.length - 1);
      // The page as the build renders it now.
      await writeFile(join(copy, changed), page);
      const stage = join(copy, 'stage');
      const { entry, files: indexFiles, afresh } = await indexing.finish([changed, 'ru-ru/not-a-page.css'], stage);
      expect(afresh, name).toBeUndefined();
      expect(entry.languages?.['ru-ru'], name).toEqual(site.languages['ru-ru']);
      // Every file of the index, written now into the stage or in the site already, is the cold build's.
      expect(indexFiles.filter((f) => f.includes('ru-ru')).sort()).toEqual(coldFiles.sort());
      const written = await filesOf(stage);
      expect(written.length, name).toBeGreaterThan(0);
      for (const rel of indexFiles) {
        const where = written.includes(rel) ? stage : join(copy, 'pagefind');
        expect((await readFile(join(where, rel))).equals(await readFile(join(cold, 'pagefind', rel))), `${name}: ${rel}`).toBe(true);
      }
      // Only what the previous index lacked is written: of the fragments, the changed page's alone.
      for (const rel of written) expect(existsSync(join(copy, 'pagefind', rel)), `${name}: ${rel}`).toBe(false);
      expect(written.filter((rel) => rel.startsWith('fragment/')).length, name).toBe(1);
      // Made again from a site whose `pagefind/` holds those files: none is written again, and all are named.
      await cp(stage, join(copy, 'pagefind'), { recursive: true });
      const again = indexLanguagesAhead(copy, ['ru-ru'], new Set(files));
      const into = join(copy, 'stage-2');
      const second = await again.finish([changed], into);
      expect(second.files.sort()).toEqual(indexFiles.sort());
      expect(await filesOf(into).catch(() => [])).toEqual([]);
    }
  });

  it('indexes a language afresh where the changed pages cannot be put into its previous index', async () => {
    const site = JSON.parse(await readFile(join(cold, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { hash: string; page_count: number }> };
    const files = (await filesOf(join(cold, 'ru-ru'))).filter((f) => f.endsWith('index.html')).map((f) => `ru-ru/${f}`);
    const indexed: string[] = [];
    for (const rel of files) if ((await readFile(join(cold, rel), 'utf8')).includes('data-pagefind-body')) indexed.push(rel);
    const changed = indexed[Math.floor(indexed.length / 2)]!;
    const page = await readFile(join(cold, changed), 'utf8');
    const cases = {
      // A page left out could take a metadata field of the language with it.
      'a page no longer indexed': { previous: page, now: page.replaceAll('data-pagefind-body', 'data-was-body'), pages: indexed.length - 1 },
      // A page that has an image now has metadata fields (image, image_alt) it had not.
      'a page with an image now': { previous: page, now: page.replace(/(<h1 id="_top"[^>]*>[^<]*<\/h1>)/, '$1<img src="/x.png" alt="Схема">'), pages: indexed.length },
      // No previous index: nothing to read.
      'no previous index': { previous: undefined, now: page, pages: indexed.length },
      // A previous index damaged since: its chunks are not what a build writes.
      'a damaged previous index': { previous: page, now: page, pages: indexed.length, damage: true },
    } as Record<string, { previous: string | undefined; now: string; pages: number; damage?: boolean }>;
    for (const [name, { previous, now, pages, damage }] of Object.entries(cases)) {
      const copy = await mkdtemp(join(tmpdir(), 'bitext-pagefind-afresh-'));
      scratches.push(copy);
      await cp(join(cold, 'ru-ru'), join(copy, 'ru-ru'), { recursive: true });
      if (previous !== undefined) await indexLanguages(copy, ['ru-ru'], { sharedFiles: true, pages: new Set(files) });
      if (damage) for (const rel of (await filesOf(join(copy, 'pagefind', 'index'))).filter((f) => f.startsWith('ru-ru_'))) await writeFile(join(copy, 'pagefind', 'index', rel), gzipSync('pagefind_dcd\x81\x81\x01'));
      await writeFile(join(copy, changed), now);
      const indexing = indexLanguagesAhead(copy, ['ru-ru'], new Set(files));
      const { entry, afresh } = await indexing.finish([changed], join(copy, 'stage'));
      expect(Object.keys(afresh ?? {}), name).toEqual(['ru-ru']);
      expect(entry.languages?.['ru-ru']?.page_count, name).toBe(pages);
      if (now === page) expect(entry.languages?.['ru-ru'], name).toEqual(site.languages['ru-ru']);
    }
  });

  it('goes on with the index begun before the site model only for the languages and pages of the plan', async () => {
    const pages = new Set(['ru-ru', 'de-de'].flatMap((lang) => [`${lang}/${DOC}/index.html`, `${lang}/${KEPT_DOC}/index.html`]));
    const begin = (languages: string[]) => ({ languages, pages, indexing: indexLanguagesAhead(cold, languages, pages) });
    const cases: { name: string; guessed: string[]; plan: string[]; now: Set<string>; goesOn: boolean }[] = [
      { name: 'the same language', guessed: ['ru-ru'], plan: ['ru-ru'], now: pages, goesOn: true },
      { name: 'one of the languages guessed', guessed: ['de-de', 'ru-ru'], plan: ['ru-ru'], now: pages, goesOn: true },
      { name: 'a language not guessed', guessed: ['ru-ru'], plan: ['de-de', 'ru-ru'], now: pages, goesOn: false },
      { name: 'a page more in the language', guessed: ['ru-ru'], plan: ['ru-ru'], now: new Set([...pages, `ru-ru/${RU_ONLY_DOC}/index.html`]), goesOn: false },
      { name: 'a page more in another language', guessed: ['ru-ru'], plan: ['ru-ru'], now: new Set([...pages, `de-de/${RU_ONLY_DOC}/index.html`]), goesOn: true },
      { name: 'no language to index', guessed: ['ru-ru'], plan: [], now: pages, goesOn: false },
    ];
    for (const { name, guessed, plan, now, goesOn } of cases) {
      const early = begin(guessed);
      const indexing = await indexingForPlan(early, plan, now, cold);
      expect(indexing === early.indexing, name).toBe(goesOn);
      expect(indexing === undefined, name).toBe(plan.length === 0);
      await indexing?.abandon();
    }
  });

  it('keeps the index of a page whose change Pagefind ignores, and only then', async () => {
    const page = await readFile(join(cold, 'ru-ru', RU_ONLY_DOC, 'index.html'));
    const html = page.toString('utf8');
    const sources = /<div class="bt-sources" hidden lang="en" data-pagefind-ignore="all">[\s\S]*?<p[^>]*>/.exec(html);
    expect(sources).not.toBeNull();
    const bytes = (text: string) => new TextEncoder().encode(text);
    const rel = `ru-ru/${RU_ONLY_DOC}/index.html`;
    // Another English sentence among the sources the page closes with: ignored.
    const alike = (before: Uint8Array | undefined, after: Uint8Array | undefined) => indexedAlike([{ rel, before, after }]);
    expect(await alike(page, bytes(html.replace(sources![0], `${sources![0]}Another English sentence. `)))).toBe(true);
    // A word of the article, a heading's id, the page's heading: indexed.
    const body = html.indexOf('data-pagefind-body');
    const paragraph = html.indexOf('<p>', body);
    expect(body > 0 && paragraph > body).toBe(true);
    expect(await alike(page, bytes(`${html.slice(0, paragraph)}<p>Слово ${html.slice(paragraph + 3)}`))).toBe(false);
    const heading = html.indexOf('<h2 id="', body);
    expect(heading > body).toBe(true);
    expect(await alike(page, bytes(`${html.slice(0, heading)}<h2 id="other-${html.slice(heading + 8)}`))).toBe(false);
    expect(await alike(page, bytes(html.replace(/(<h1 id="_top"[^>]*>)/, '$1Другой ')))).toBe(false);
    // The head's title, which Pagefind does not read (its title is the page's heading).
    expect(await alike(page, bytes(html.replace(/<title>/, '<title>Другой ')))).toBe(true);
    // Indexed neither time, or only once.
    expect(await alike(undefined, undefined)).toBe(true);
    expect(await alike(page, undefined)).toBe(false);
    expect(await alike(bytes(html.replaceAll('data-pagefind-body', 'data-was-body')), page)).toBe(false);
    // Several pages at once (indexed together): alike when every one is.
    const ignored = bytes(html.replace(sources![0], `${sources![0]}Another English sentence. `));
    const other = await readFile(join(cold, 'ru-ru', DOC, 'index.html'));
    const otherHtml = other.toString('utf8');
    const otherParagraph = otherHtml.indexOf('<p>', otherHtml.indexOf('data-pagefind-body'));
    const otherRel = `ru-ru/${DOC}/index.html`;
    expect(await indexedAlike([{ rel, before: page, after: ignored }, { rel: otherRel, before: other, after: other }])).toBe(true);
    expect(await indexedAlike([{ rel, before: page, after: ignored }, { rel: otherRel, before: other, after: bytes(`${otherHtml.slice(0, otherParagraph)}<p>Слово ${otherHtml.slice(otherParagraph + 3)}`) }])).toBe(false);
  });

  it('indexes for search the pages Pagefind finds in the whole locale folder, though it reads only the pages of the model', async () => {
    // The build sends Pagefind only the files of the model's pages (`searchedPageFiles`); given every
    // HTML file of the folder, fallback pages too, it writes the same index.
    const scratch = await mkdtemp(join(tmpdir(), 'bitext-pagefind-all-'));
    scratches.push(scratch);
    const entry = await indexLanguages(cold, ['ru-ru'], { into: scratch });
    const site = JSON.parse(await readFile(join(cold, 'pagefind', 'pagefind-entry.json'), 'utf8')) as { languages: Record<string, { hash: string; page_count: number }> };
    expect(entry.languages?.['ru-ru']).toEqual(site.languages['ru-ru']);
    const ours = (await filesOf(scratch)).filter((f) => f.includes('ru-ru'));
    expect(ours.length).toBeGreaterThan(0);
    for (const rel of ours) expect((await readFile(join(scratch, rel))).equals(await readFile(join(cold, 'pagefind', rel))), rel).toBe(true);
  });
});

