/**
 * Paths are confined: a locale tag from a file or the command line is a BCP 47 tag before it
 * names a folder; a path read from a file (XLIFF `original`, TOC hrefs, images) stays inside its
 * root; symlinks that leave the content folder are refused. Each attack is reproduced on files
 * written by these tests in a temp folder (the document is test/fixtures/xliff/warehouse.md).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import type { Diagnostic } from '../src/model/diagnostics.ts';
import { isLocaleTag } from '../src/model/locale-tag.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { extractCorpora, writeXliff } from '../src/pipeline/extract.ts';
import { previewXliff } from '../src/pipeline/preview.ts';
import { setSiteContext } from '../src/site/context.ts';
import { docsFilePath } from '../src/site/loader.ts';
import { createSiteMarkdownRenderer } from '../src/site/markdown.ts';
import { loadSite } from '../src/site/model.ts';
import { readRedirections } from '../src/site/redirects.ts';
import { readXliff } from '../src/xliff/read.ts';
import { documentToXliff } from '../src/xliff/units.ts';
import { runBitext } from './cli-helpers.ts';

const FIXTURE = new URL('./fixtures/xliff/warehouse.md', import.meta.url);
const fixture = readFileSync(FIXTURE, 'utf8');
const tmp = mkdtempSync(join(tmpdir(), 'bitext-trust-paths-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(path: string, text: string | Uint8Array): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort() : [];
}

describe('locale tags are BCP 47 before they touch a path', () => {
  it('accepts the tags of real corpora and refuses anything a path could be made of', () => {
    for (const tag of ['ru-RU', 'de-de', 'ja-JP', 'ar-SA', 'zh-Hans-CN', 'en', 'sr-Latn-RS', 'de-CH-1996', 'x-private', 'i-klingon']) expect(isLocaleTag(tag), tag).toBe(true);
    for (const tag of ['../../../x', 'ru/../..', '..', '.', '', 'ru-RU/', 'ru\\RU', 'ru RU', 'ru_RU', 'r', 'ru-', '-ru', 'a'.repeat(70), 'ru-RU\n']) expect(isLocaleTag(tag), JSON.stringify(tag)).toBe(false);
  });

  it('extract: ms.contentlocale "../../../x" is a diagnostic at its key; nothing is written outside --out, the other documents are extracted', async () => {
    const content = join(tmp, 'locale-extract', 'corpus');
    const out = join(tmp, 'locale-extract', 'deep', 'er', 'out');
    write(join(content, 'docs', 'warehouse.md'), fixture);
    write(join(content, 'docs', 'evil.md'), fixture.replace('ms.contentlocale: ru-RU', 'ms.contentlocale: ../../../x'));
    const report = await extractCorpora({ dirs: [content], out, format: '1.2', leverage: false });
    expect(report.diagnostics).toEqual([
      expect.objectContaining({ file: join(content, 'docs', 'evil.md'), line: 5, column: 1, severity: 'error', code: 'invalid-locale', message: expect.stringMatching(/ms\.contentlocale "\.\.\/\.\.\/\.\.\/x" is not a BCP 47 language tag/) }),
    ]);
    expect(filesUnder(join(tmp, 'locale-extract'))).toEqual(['corpus/docs/evil.md', 'corpus/docs/warehouse.md', 'deep/er/out/ru-ru/_ui.xlf', 'deep/er/out/ru-ru/docs/warehouse.xlf']);
  });

  it('extract --locales and tm export --source-lang refuse a tag that is not BCP 47 (exit 2, one line)', async () => {
    const content = join(tmp, 'locale-cli');
    write(join(content, 'page.mdx'), '---\ntitle: A page\n---\n\nOne sentence.\n');
    const run = await runBitext(['extract', content, '--out', join(tmp, 'locale-cli-out'), '--locales', 'ru-RU,../../evil']);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^bitext extract: --locales names "\.\.\/\.\.\/evil" is not a BCP 47 language tag/);
    expect(existsSync(join(tmp, 'locale-cli-out'))).toBe(false);
    const tm = await runBitext(['tm', 'export', content, '--out', join(tmp, 'locale-tm-out'), '--source-lang', '../../en']);
    expect(tm.code).toBe(2);
    expect(existsSync(join(tmp, 'locale-tm-out'))).toBe(false);
  });

  it('build: a bad ms.contentlocale is a diagnostic for that document, and the site has only valid locales (Starlight stopped the whole build on it)', async () => {
    const content = join(tmp, 'locale-site');
    write(join(content, 'docs', 'warehouse.md'), fixture);
    write(join(content, 'docs', 'evil.md'), fixture.replace('ms.contentlocale: ru-RU', 'ms.contentlocale: ../../../x'));
    write(join(content, 'docs', 'TOC.yml'), '- name: Warehouse\n  href: warehouse.md\n');
    const site = await loadSite({ content: [content] });
    expect(site.locales.map((l) => l.code)).toEqual(['en', 'ru-ru']);
    for (const l of site.locales) expect(isLocaleTag(l.lang)).toBe(true);
    expect(site.diagnostics.filter((d) => d.file.endsWith('evil.md'))).toEqual([expect.objectContaining({ line: 5, column: 1, code: 'invalid-locale' })]);
    expect([...site.pages.keys()]).toContain('ru-ru/docs/warehouse');
  });

  it('XLIFF target-language / trgLang that is not a tag: the file is refused with a diagnostic at the attribute', () => {
    const doc = parseSxs(fixture, 'docs/warehouse.md');
    for (const format of ['1.2', '2.1'] as const) {
      const text = writeXliff(documentToXliff(doc, format, 'ru-RU'), format).replace(/(target-language|trgLang)="ru-RU"/, '$1="../../x"');
      const read = readXliff(text, 'evil.xlf');
      expect(read.file).toBeUndefined();
      expect(read.diagnostics).toEqual([expect.objectContaining({ file: 'evil.xlf', line: expect.any(Number), code: 'invalid-locale', message: expect.stringMatching(/(target-language|trgLang) "\.\.\/\.\.\/x" is not a BCP 47/) })]);
    }
  });
});


describe('paths read from files stay inside their root', () => {
  const doc = parseSxs(fixture, 'docs/warehouse.md');
  const content = join(tmp, 'original', 'content');
  write(join(content, 'docs', 'warehouse.md'), fixture);
  const secret = write(join(tmp, 'original', 'secret.md'), fixture.replace('Set up a warehouse', 'TOP SECRET outside the content folder'));

  /** An XLIFF file of the document whose `original` is `original`. */
  function xliffWithOriginal(name: string, original: string): string {
    const file = documentToXliff(doc, '1.2', 'ru-RU');
    file.original = original;
    return write(join(tmp, 'original', 'xliff', 'ru-ru', `${name}.xlf`), writeXliff(file, '1.2'));
  }

  it('preview refuses an original that climbs out of the content folder, is absolute, or is a symlink out of it (it read /etc/passwd into its page)', async () => {
    const cases = ['../secret.md', '../../original/secret.md', secret, 'docs/../../secret.md', '..\\secret.md'];
    symlinkSync(secret, join(content, 'docs', 'linked.md'));
    cases.push('docs/linked.md');
    for (const [k, original] of cases.entries()) {
      const file = xliffWithOriginal(`case${k}`, original);
      const result = await previewXliff(file, [content]);
      expect(result.page, original).toBeUndefined();
      expect(result.diagnostics, original).toEqual([expect.objectContaining({ file, code: 'path-outside-root', message: expect.stringContaining('leads outside the content folders') })]);
    }
    const cli = await runBitext(['preview', xliffWithOriginal('cli', '../secret.md'), '--content', content, '--out', join(tmp, 'original', 'out')]);
    expect(cli.code).toBe(1);
    expect(filesUnder(join(tmp, 'original', 'out'))).toEqual([]);
    expect(cli.stdout + cli.stderr).not.toContain('TOP SECRET');
  });

  it('a redirection whose source_path climbs out of the content folder is refused (its redirect page would be written outside the site)', async () => {
    const root = join(tmp, 'redirects');
    write(join(root, '.openpublishing.redirection.json'), JSON.stringify({ redirections: [
      { source_path: '../../../../tmp/pwned.md', redirect_url: '/docs/warehouse' },
      { source_path: '/docs/old.md', redirect_url: '/docs/warehouse' },
    ] }));
    const diagnostics: Diagnostic[] = [];
    const rules = await readRedirections(root, 0, diagnostics);
    expect(rules.map((r) => r.sourcePath)).toEqual(['docs/old.md']);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/source_path "\.\.\/\.\.\/\.\.\/\.\.\/tmp\/pwned\.md" leads outside the content folder/) })]);
  });

  it('preview still finds the document at its own original', async () => {
    const result = await previewXliff(xliffWithOriginal('good', 'docs/warehouse.md'), [content]);
    expect(result.diagnostics).toEqual([]);
    expect(result.page?.document).toBe(join(content, 'docs', 'warehouse.md'));
  });
});

describe('symlinks that leave the content folder are refused unless --follow-symlinks', () => {
  const base = join(tmp, 'links');
  const outside = join(base, 'outside');
  write(join(outside, 'folder', 'leaked.md'), fixture.replace('Set up a warehouse', 'Leaked through a folder link'));
  const secretImage = write(join(outside, 'shadow.png'), 'root:$6$secret-hash:19000:0:99999:7:::\n');
  const content = join(base, 'content');
  write(join(content, 'docs', 'warehouse.md'), fixture);
  write(join(content, 'docs', 'TOC.yml'), '- name: Warehouse\n  href: warehouse.md\n');
  write(join(content, 'docs', 'media', 'ok.png'), 'an image of our own');
  symlinkSync(join(outside, 'folder'), join(content, 'docs', 'etc')); // a folder link, like one to /etc
  symlinkSync(join(outside, 'folder', 'leaked.md'), join(content, 'docs', 'leaked-file.md'));
  symlinkSync(secretImage, join(content, 'docs', 'media', 'shadow.png')); // an image that links to /etc/shadow
  symlinkSync(join(content, 'docs', 'warehouse.md'), join(content, 'docs', 'alias.md')); // inside: fine

  it('listing (extract, inspect, build): links out are skipped with a diagnostic; links inside are read', async () => {
    const diagnostics: Diagnostic[] = [];
    expect(await listFiles(content, ['.md'], { diagnostics })).toEqual(['docs/alias.md', 'docs/warehouse.md']);
    expect(diagnostics.map((d) => [d.file, d.code])).toEqual([
      [join(content, 'docs', 'etc'), 'path-outside-root'],
      [join(content, 'docs', 'leaked-file.md'), 'path-outside-root'],
    ]);
    expect(await listFiles(content, ['.md'], { followSymlinks: true })).toEqual(['docs/alias.md', 'docs/etc/leaked.md', 'docs/leaked-file.md', 'docs/warehouse.md']);
  });

  it('extract writes nothing from outside (and does with --follow-symlinks); inspect counts the refused links as errors', async () => {
    const out = join(base, 'xliff');
    const report = await extractCorpora({ dirs: [content], out, format: '1.2', leverage: false });
    expect(report.diagnostics.filter((d) => d.code === 'path-outside-root')).toHaveLength(2);
    expect(filesUnder(out)).toEqual(['ru-ru/_ui.xlf', 'ru-ru/docs/alias.xlf', 'ru-ru/docs/warehouse.xlf']);
    const followed = await extractCorpora({ dirs: [content], out: join(base, 'xliff-followed'), format: '1.2', leverage: false, followSymlinks: true });
    expect(followed.diagnostics).toEqual([]);
    expect(filesUnder(join(base, 'xliff-followed'))).toContain('ru-ru/docs/etc/leaked.xlf');
    const run = await runBitext(['inspect', content]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${join(content, 'docs', 'etc')}:1:1: error path-outside-root: a symbolic link to the folder`);
  });

  it('build: an image that links out of the content folder is refused, never given a /_bitext/media URL', async () => {
    const site = await loadSite({ content: [content] });
    const ctx = setSiteContext(site);
    const renderer = await createSiteMarkdownRenderer();
    const path = docsFilePath('/site', 'ru-ru/docs/warehouse');
    ctx.pageByFile.set(path, site.pages.get('ru-ru/docs/warehouse')!);
    const html = (await renderer.render('![Our image](media/ok.png) ![Shadow](media/shadow.png) :::image type="content" source="media/shadow.png" alt-text="Docfx shadow":::', { fileURL: pathToFileURL(path) })).code;
    expect([...ctx.media.values()]).toEqual([join(content, 'docs', 'media', 'ok.png')]);
    expect(html).toContain('/_bitext/media/0/docs/media/ok.png');
    expect(html).not.toContain('shadow.png');
    expect([...ctx.refusedMedia.values()]).toEqual([expect.objectContaining({ code: 'path-outside-root', message: expect.stringMatching(/media\/shadow\.png is a symbolic link out of the content folder/) })]);
    // With --follow-symlinks the owner of the folder vouches for its links.
    const followed = setSiteContext(await loadSite({ content: [content], followSymlinks: true }));
    followed.pageByFile.set(path, followed.site.pages.get('ru-ru/docs/warehouse')!);
    await renderer.render('![Shadow](media/shadow.png)', { fileURL: pathToFileURL(path) });
    expect([...followed.media.values()]).toEqual([join(content, 'docs', 'media', 'shadow.png')]);
  });
});
