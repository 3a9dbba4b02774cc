/**
 * `extract` and `inspect` take document files as well as folders, and `extract` keeps one
 * content's XLIFF per folder: corpus XLIFF is never mixed into the project's own `xliff/` (whose
 * next build would report every corpus file as matching no document) unless `--force` says so.
 */
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspect } from '../src/cli/inspect.ts';
import { extractCorpora, otherContentXliff } from '../src/pipeline/extract.ts';
import { runBitext } from './cli-helpers.ts';
import { corpusDir, RU } from './corpus.ts';

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
