/**
 * `bitext preview` shows the site's page: every ru-RU and de-DE corpus document (716; 712 are
 * pages, the corpora's README and CONTRIBUTING are not) is extracted to XLIFF, the site is built with that XLIFF folder (`buildSite`, as `bitext build
 * --xliff`), and `bitext preview` is run on every file at once; each previewed page's <main>
 * (title, badge, article, backlinks, footer) must be the built site's, byte for byte. One Arabic
 * and one Japanese document, copied with their corpus's publishing and docset files, are
 * previewed on their own (a site of their own: with the ru/de content every English page would
 * also get an Arabic and a Japanese fallback page) for direction, language and the problems
 * preview reports.
 *
 * The three runs are child processes started together: the build and the previews each use about
 * one core, and the pages they compare are only read once all three are done.
 */
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractCorpora } from '../src/pipeline/extract.ts';
import { runBitext, type RunResult } from './cli-helpers.ts';
import { corpusDir, DE, RU, SHARED } from './corpus.ts';
import { buildEnv, buildScript, scratchFolder, type TestBuild } from './support/site-build.ts';

const LARGE = join(SHARED, 'corpus-large');
/**
 * The Arabic and Japanese documents, with the files that make their folders corpora: the
 * repository's publishing files and the docset's configuration. The Arabic corpus's redirection
 * file is written empty (its thousands of moved pages would each be a redirect page per locale).
 */
const COPIES = {
  ar: { corpus: 'Dynamics-365-Operations.ar-sa', files: ['articles/human-resources/hr-benefits-aca-reports.md'] },
  ja: { corpus: 'OfficeDocs-SkypeForBusiness-pr.ja-jp', files: ['.openpublishing.publish.config.json', 'Skype/docfx.json', 'Skype/SfbHybrid/hybrid/configure-cloud-voicemail.md'] },
};

let work: string;
const scratches: string[] = [];
let siteOut: string;
let previewOut: string;
let rtlOut: string;
let preview: RunResult;
let rtl: RunResult;
let xliffFiles: string[];

/** The documents' XLIFF files under `dir` (not the site's UI strings, `_ui.xlf`, which have no page). */
async function xlfUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.xlf') && e.name !== '_ui.xlf').map((e) => join(e.parentPath, e.name));
}

async function htmlPages(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name === 'index.html').map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** The site's pages preview reports it built, relative to its site folder. */
function previewedPages(run: RunResult, out: string): string[] {
  return [...run.stdout.matchAll(/the site's page: (\S+)\)$/gm)].map((m) => m[1]!.slice(join(out, 'site').length + 1));
}

const mainOf = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0];

/**
 * The <main> compared: as built, but for the token colours of highlighted code. Expressive
 * Code's first highlight of a language in a process sometimes gives its first block's tokens
 * other colours (a race when the grammar loads: seen in 1 of 4 builds of the same input, in both
 * `bitext build` and the preview); the code's text and markup are compared as they are.
 */
const comparable = (html: string) => mainOf(html)?.replace(/<pre data-language[\s\S]*?<\/pre>/g, (pre) => pre.replace(/ style="--0:[^"]*"/g, ''));

/** `buildSiteInChild`, without blocking: the build runs beside the previews. */
async function buildBeside(options: TestBuild, label: string): Promise<void> {
  const scratch = await scratchFolder(label);
  scratches.push(scratch);
  const child = spawn(process.execPath, ['--input-type=module', '-e', buildScript(options)], { cwd: scratch, env: buildEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  if (code !== 0) throw new Error(`build failed (${code}):\n${stderr}`);
}

async function previewIn(label: string, args: string[]): Promise<RunResult> {
  const scratch = await scratchFolder(label);
  scratches.push(scratch);
  return runBitext(['preview', ...args], { cwd: scratch, env: buildEnv() });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-preview-site-'));
  const content = [corpusDir(RU), corpusDir(DE)];
  const xliff = join(work, 'xliff');
  await extractCorpora({ dirs: content, out: xliff, format: '1.2' });
  xliffFiles = await xlfUnder(xliff);
  const copies = Object.entries(COPIES).map(([name]) => join(work, name));
  for (const [name, { corpus, files }] of Object.entries(COPIES)) {
    for (const file of files) {
      await mkdir(dirname(join(work, name, file)), { recursive: true });
      await cp(join(LARGE, corpus, file), join(work, name, file));
    }
  }
  await writeFile(join(work, 'ar', '.openpublishing.redirection.json'), '{ "redirections": [] }\n');
  const rtlXliff = join(work, 'xliff-rtl');
  await extractCorpora({ dirs: copies, out: rtlXliff, format: '2.1' });
  siteOut = join(work, 'site');
  previewOut = join(work, 'preview');
  rtlOut = join(work, 'preview-rtl');
  const runs = await Promise.all([
    buildBeside({ content, xliff, out: siteOut, cacheDir: join(work, 'cache-site') }, 'preview-site'),
    previewIn('preview', [...xliffFiles, ...content.flatMap((c) => ['--content', c]), '--out', previewOut]),
    previewIn('preview-rtl', [...(await xlfUnder(rtlXliff)), ...copies.flatMap((c) => ['--content', c]), '--out', rtlOut]),
  ]);
  preview = runs[1];
  rtl = runs[2];
}, 900_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  for (const s of scratches) await rm(s, { recursive: true, force: true });
});

describe('bitext preview shows the site page of every ru and de corpus document', () => {
  it('builds a page for every document with units, and no other page', async () => {
    expect(preview.stderr).not.toMatch(/none of the content folders|Error:/);
    const shown = previewedPages(preview, previewOut);
    expect(xliffFiles).toHaveLength(716);
    // Every file names its page, but those of each corpus's README and CONTRIBUTING, which are no pages.
    expect(shown).toHaveLength(712);
    const none = [...preview.stdout.matchAll(/^(\S+): no page /gm)].map((m) => m[1]!.slice(work.length + 1)).sort();
    expect(none).toEqual(['xliff/de-de/CONTRIBUTING.xlf', 'xliff/de-de/README.xlf', 'xliff/ru-ru/CONTRIBUTING.xlf', 'xliff/ru-ru/README.xlf']);
    expect(shown.every((p) => /^(ru-ru|de-de)\//.test(p))).toBe(true);
    expect(new Set(shown).size).toBe(shown.length);
    // Only the previewed pages are built (no English page, no fallback page): every other file is a redirect page of a moved page.
    const built = await htmlPages(join(previewOut, 'site'));
    for (const p of built.filter((p) => !shown.includes(p))) expect(mainOf(await readFile(join(previewOut, 'site', p), 'utf8')), p).toBeUndefined();
  });

  it("gives each page the site's <main>, byte for byte but code colours: title, badge, article, backlinks, footer", async () => {
    const shown = previewedPages(preview, previewOut);
    const differing: string[] = [];
    for (const page of shown) {
      const site = comparable(await readFile(join(siteOut, page), 'utf8'));
      const previewed = comparable(await readFile(join(previewOut, 'site', page), 'utf8'));
      if (!site || site !== previewed) differing.push(page);
    }
    expect(differing).toEqual([]);
  });

  it('shows one H1 per page and asides as the site does, in the page language', async () => {
    const ru = await readFile(join(previewOut, 'site/ru-ru/marketplace/azure-consumption-commitment-benefit/index.html'), 'utf8');
    expect(mainOf(ru)).toMatch(/^<main[^>]* lang="ru-RU" dir="ltr"/);
    expect(ru.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(ru).toContain('<aside aria-label="Важно" class="starlight-aside starlight-aside--caution">');
    expect(ru).not.toMatch(/\[!(NOTE|IMPORTANT)\]|:::image/);
  });

  it('writes a copy of each page that opens from disk, and the merged Markdown beside it', async () => {
    const copy = join(previewOut, 'ru-ru/marketplace/azure-consumption-commitment-benefit.html');
    const html = await readFile(copy, 'utf8');
    expect(html).toMatch(/<link rel="stylesheet" href="\.\.\/\.\.\/site\/_astro\/[^"]+\.css"/);
    expect(html).not.toMatch(/(href|src)="\/(?!\/)/);
    expect(existsSync(join(previewOut, 'ru-ru/marketplace/azure-consumption-commitment-benefit.md'))).toBe(true);
  });

  it('reports the links of the pages that lead to no page, as the site does, and exits 1 for them', () => {
    expect(preview.stderr).toMatch(/: link to no page: /);
    expect(preview.stdout).not.toContain('no problems');
    expect(preview.code).toBe(1);
  });
});

describe('bitext preview of an Arabic and a Japanese document', () => {
  it('finds each document in its corpus and builds its page, right to left for Arabic', async () => {
    expect(rtl.stderr).not.toContain('none of the content folders');
    expect(previewedPages(rtl, rtlOut).sort()).toEqual(['ar-sa/human-resources/hr-benefits-aca-reports/index.html', 'ja-jp/skype/sfbhybrid/hybrid/configure-cloud-voicemail/index.html']);
    const ar = await readFile(join(rtlOut, 'site/ar-sa/human-resources/hr-benefits-aca-reports/index.html'), 'utf8');
    expect(mainOf(ar)).toMatch(/^<main[^>]* lang="ar-SA" dir="rtl"/);
    expect(ar).toMatch(/<html[^>]* dir="rtl"/);
    expect(ar.match(/<h1[\s>]/g)).toHaveLength(1);
    expect(ar).not.toContain('[!INCLUDE');
    const ja = await readFile(join(rtlOut, 'site/ja-jp/skype/sfbhybrid/hybrid/configure-cloud-voicemail/index.html'), 'utf8');
    expect(mainOf(ja)).toMatch(/^<main[^>]* lang="ja-JP" dir="ltr"/);
  });

  it('reports the includes the page cannot show (their files were not copied), and exits 1', () => {
    expect(rtl.stderr).toMatch(/hr-benefits-aca-reports\.md:\d+:\d+: warning include-missing: /);
    expect(rtl.code).toBe(1);
  });
});
