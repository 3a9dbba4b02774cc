/**
 * `extract` and `inspect` take document files as well as folders, and `extract` keeps one
 * content's XLIFF per folder: corpus XLIFF is never mixed into the project's own `xliff/` (whose
 * next build would report every corpus file as matching no document) unless `--force` says so.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from '../src/cli/inspect.ts';
import { contentRoots, corpusRootOf } from '../src/io/corpus.ts';
import { previewXliff } from '../src/pipeline/preview.ts';
import { extractCorpora, otherContentXliff } from '../src/pipeline/extract.ts';
import { runBitext } from './cli-helpers.ts';
import { corpusDir, RU, SHARED } from './corpus.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const CORPUS_DOC = join(corpusDir(RU), 'marketplace', 'get-support.md');
const CONTENT_RU = join(ROOT, 'content', 'sxs.ru-ru');

let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-extract-inputs-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

describe('extract and inspect on files', () => {
  it('extracts one corpus document with its path in the corpus, as the whole folder would', async () => {
    const out = join(work, 'one');
    const report = await extractCorpora({ dirs: [CORPUS_DOC], out, format: '1.2' });
    expect(report.diagnostics).toEqual([]);
    expect(await filesUnder(out)).toEqual(['ru-ru/_ui.xlf', 'ru-ru/marketplace/get-support.xlf']);
    expect(await readFile(join(out, 'ru-ru/marketplace/get-support.xlf'), 'utf8')).toContain('original="marketplace/get-support.md"');
  });

  it('writes the same bytes for each file of a folder as for the folder', async () => {
    const whole = join(work, 'whole');
    await extractCorpora({ dirs: [CONTENT_RU], out: whole, format: '2.1' });
    const names = await filesUnder(whole);
    expect(names.length).toBeGreaterThan(0);
    const docs = (await filesUnder(CONTENT_RU)).filter((n) => n.endsWith('.md') && !/toc\.md$/i.test(n));
    const single = join(work, 'single');
    const report = await extractCorpora({ dirs: docs.map((d) => join(CONTENT_RU, d)), out: single, format: '2.1' });
    expect(report.diagnostics).toEqual([]);
    expect(await filesUnder(single)).toEqual(names);
    for (const name of names) expect(await readFile(join(single, name), 'utf8'), name).toBe(await readFile(join(whole, name), 'utf8'));
  });

  it('inspects a single document', async () => {
    const report = await inspect([CORPUS_DOC]);
    expect(report).toMatchObject({ documents: 1, roundtripExact: 1, errors: 0 });
    expect(report.segments).toBeGreaterThan(10);
  });
});

describe('extract into a folder that holds another content', () => {
  it('refuses to write corpus XLIFF into the project XLIFF folder, in one line that says what to do, and writes nothing', async () => {
    const project = join(work, 'project-xliff');
    await cp(join(ROOT, 'xliff'), project, { recursive: true });
    const before = await filesUnder(project);
    const run = await runBitext(['extract', CORPUS_DOC, '--out', project]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/holds XLIFF of other content \(\d+ files, e\.g\. .*\.xlf; none belongs to a document of .*get-support\.md\): extract into a folder of its own \(--out xliff-get-support\), or give --force/);
    expect(await filesUnder(project)).toEqual(before);
    const forced = await runBitext(['extract', CORPUS_DOC, '--out', project, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(await filesUnder(project)).toEqual([...before, 'ru-ru/marketplace/get-support.xlf'].sort());
  });

  it('re-extracts into its own folder, and adds another document of the same corpus to it', async () => {
    const own = join(work, 'own');
    expect(await otherContentXliff(own, [CORPUS_DOC])).toBeUndefined();
    await extractCorpora({ dirs: [CORPUS_DOC], out: own, format: '1.2' });
    expect(await otherContentXliff(own, [CORPUS_DOC])).toBeUndefined();
    expect(await otherContentXliff(own, [join(corpusDir(RU), 'marketplace', 'azure-consumption-commitment-benefit.md')])).toBeUndefined();
    expect(await otherContentXliff(own, [corpusDir(RU)])).toBeUndefined();
    expect(await otherContentXliff(own, [join(ROOT, 'content', 'en')])).toMatchObject({ files: 1 });
  });

  it('lets the default content go into the project XLIFF folder as before', async () => {
    expect(await otherContentXliff(join(ROOT, 'xliff'), [join(ROOT, 'content', 'en')])).toBeUndefined();
    expect(await otherContentXliff(join(ROOT, 'xliff'), [join(ROOT, 'content', 'sxs.ru-ru'), join(ROOT, 'content', 'en')])).toBeUndefined();
  });
});

/**
 * The large corpora: the Arabic one keeps its documents under `articles/` with its publishing
 * file one folder up (the site's root is `articles`, its URLs `/ar-sa/human-resources/...`); the
 * Japanese one has its docsets (`Skype/`, each with a `docfx.json`) at its top.
 */
const LARGE = [
  { corpus: 'Dynamics-365-Operations.ar-sa', doc: 'articles/human-resources/hr-benefits-aca-reports.md', original: 'human-resources/hr-benefits-aca-reports.md', marker: '.openpublishing.redirection.json', docset: undefined },
  { corpus: 'OfficeDocs-SkypeForBusiness-pr.ja-jp', doc: 'Skype/SfbHybrid/hybrid/configure-cloud-voicemail.md', original: 'Skype/SfbHybrid/hybrid/configure-cloud-voicemail.md', marker: '.openpublishing.publish.config.json', docset: 'Skype/docfx.json' },
] as const;

describe.each(LARGE)('the corpus root of a document of $corpus', ({ corpus, doc, original, marker, docset }) => {
  const dir = join(SHARED, 'corpus-large', corpus);
  const file = join(dir, doc);
  const xlf = (out: string) => join(out, corpus.slice(corpus.lastIndexOf('.') + 1), original.replace(/\.md$/, '.xlf'));

  it('is the root the site reads the corpus from, for the document and for its folder', async () => {
    const roots = await contentRoots([dir]);
    expect(roots).toHaveLength(1);
    expect(await corpusRootOf(file)).toBe(roots[0]);
    expect(relative(roots[0]!, file)).toBe(original);
  });

  it('gives the document extracted alone the original that preview and validate find in the corpus folder', async () => {
    const out = join(work, `large-${corpus}`);
    const report = await extractCorpora({ dirs: [file], out, format: '1.2' });
    expect(report.diagnostics).toEqual([]);
    expect(await readFile(xlf(out), 'utf8')).toContain(`original="${original}"`);
    const previewed = await previewXliff(xlf(out), await contentRoots([dir]));
    expect(previewed.diagnostics.filter((d) => d.code === 'xliff-merge' || d.code === 'path-outside-root')).toEqual([]);
    expect(previewed.page?.document).toBe(file);
    const validated = await runBitext(['validate', xlf(out), '--content', dir]);
    expect(validated.stderr).not.toContain('none of the content folders');
  });

  it('is the same in a copy holding the publishing file, the docset configuration and the document', async () => {
    const copy = join(work, `copy-${corpus}`);
    for (const name of [marker, doc, ...(docset ? [docset] : [])]) {
      await mkdir(dirname(join(copy, name)), { recursive: true });
      await cp(join(dir, name), join(copy, name));
    }
    const out = join(work, `copy-xliff-${corpus}`);
    await extractCorpora({ dirs: [copy], out, format: '1.2' });
    expect(await readFile(xlf(out), 'utf8')).toContain(`original="${original}"`);
    const previewed = await previewXliff(xlf(out), await contentRoots([copy]));
    expect(previewed.page?.document).toBe(join(copy, doc));
  });
});
