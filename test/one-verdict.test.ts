/**
 * One verdict: the same broken translator files give the same diagnostics (code, file:line:column,
 * message) and exit 1 from `validate`, `preview` and `build`, each run as a user runs it.
 *
 * The files are extracted from a real corpus document (sxs, ru-RU) and an MDX page of ours, then
 * broken the ways translators break them: a deleted code, a duplicated code, markup typed as
 * text, codes that cross so the MDX page would not compile, untranslated units.
 */
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBitext, type RunResult } from './cli-helpers.ts';
import { buildEnv, scratchFolder } from './support/site-build.ts';

const CORPUS_DOC = fileURLToPath(new URL('../../shared/corpus/partner-center-pr.ru-ru/Archive/China-create-a-new-subscription.md', import.meta.url));
const MDX_ROOT = fileURLToPath(new URL('fixtures/one-verdict/en', import.meta.url));

let scratch: string;
let xliff: string;
const runs: Record<'validate' | 'preview' | 'build', RunResult> = {} as never;

/** Replaces `from` by `to` in the file, once; the test fails when `from` is not there. */
async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: ${from} not found`);
  await writeFile(file, next);
}

/** A target after the source of the unit `id` (MDX units are extracted without one). */
async function addTarget(file: string, id: string, target: string): Promise<void> {
  await edit(file, new RegExp(`(<trans-unit id="${id}"[^>]*>\\s*<source>.*</source>)`), `$1\n        <target state="translated">${target}</target>`);
}

beforeAll(async () => {
  if (!existsSync(CORPUS_DOC)) throw new Error(`the corpus is missing: ${CORPUS_DOC}`);
  scratch = await scratchFolder('one-verdict');
  const content = join(scratch, 'content');
  await mkdir(join(content, 'sxs.ru-ru', 'demo'), { recursive: true });
  await copyFile(CORPUS_DOC, join(content, 'sxs.ru-ru', 'demo', 'create-a-subscription.md'));
  await mkdir(join(content, 'en', 'demo'), { recursive: true });
  for (const name of ['keys.mdx', 'TOC.yml']) await copyFile(join(MDX_ROOT, 'demo', name), join(content, 'en', 'demo', name));
  xliff = join(scratch, 'xliff');
  const extracted = await runBitext(['extract', join(content, 'en'), join(content, 'sxs.ru-ru'), '--out', xliff, '--locales', 'ru-RU', '--no-tm']);
  expect(extracted.code, extracted.stderr).toBe(0);

  const sxs = join(xliff, 'ru-ru', 'demo', 'create-a-subscription.xlf');
  // Untranslated: the target is gone.
  await edit(sxs, /(<trans-unit id="aede2-105"[^>]*>\s*<source>.*<\/source>)\s*<target[^>]*>.*<\/target>/, '$1');
  // Markup typed as text.
  await edit(sxs, '>После создания учетных записей', '>После создания <script>alert(2)</script> учетных записей');
  // A duplicated code: the first bold pair twice.
  await edit(sxs, 'В меню <bpt id="p1" ctype="bold">**</bpt>Информационная панель<ept id="p1">**</ept>', 'В меню <bpt id="p1" ctype="bold">**</bpt>Информационная<ept id="p1">**</ept> <bpt id="p1" ctype="bold">**</bpt>панель<ept id="p1">**</ept>');
  // A deleted code: the bold pair is gone.
  await edit(sxs, 'Нажмите кнопку <bpt id="p1" ctype="bold">**</bpt>Добавить подписку<ept id="p1">**</ept>.', 'Нажмите кнопку Добавить подписку.');

  const mdx = join(xliff, 'ru-ru', 'demo', 'keys.xlf');
  await addTarget(mdx, 'title', 'Копирование с клавиатуры');
  // Codes that cross: <kbd> closes inside <em>, which MDX cannot compile.
  await addTarget(mdx, 'm0072565371', 'Нажмите <bpt id="p1" ctype="x-html-kbd">&lt;kbd&gt;</bpt>Ctrl <bpt id="p2" ctype="italic">&lt;em&gt;</bpt>и<ept id="p1">&lt;/kbd&gt;</ept> C<ept id="p2">&lt;/em&gt;</ept>, чтобы скопировать текст.');
  // A deleted code.
  await addTarget(mdx, 'me5bfa18554', 'Сохраните файл, прежде чем закрыть его.');
  await addTarget(mdx, 'm1f09b677de', 'Вставьте текст туда, где он нужен.');
  // The H1 unit stays untranslated.

  const env = buildEnv();
  // One after the other: preview and build both run a site build of the same project, whose
  // generated locale pages and Astro cache one build at a time owns.
  const validate = await runBitext(['validate', xliff, '--content', content]);
  // Every file of the folder, the TOC's entry names (extracted beside the pages) included.
  const files = (await readdir(join(xliff, 'ru-ru', 'demo'))).map((f) => join(xliff, 'ru-ru', 'demo', f));
  const preview = await runBitext(['preview', ...files, '--content', content, '--out', join(scratch, 'preview')]);
  const build = await runBitext(['build', '--content', content, '--xliff', xliff, '--out', join(scratch, 'dist')], { cwd: scratch, env });
  Object.assign(runs, { validate, preview, build });
}, 600_000);

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

const LINE = /^(\S.*?):(\d+):(\d+): (error|warning) ([a-z0-9-]+): (.*)$/gm;

/** The diagnostics a command printed about the XLIFF files, as `file:line:column: severity code: message`, sorted. */
function xliffDiagnostics(run: RunResult): string[] {
  const out = new Set<string>();
  for (const m of `${run.stdout}\n${run.stderr}`.matchAll(LINE)) {
    if (m[1]!.startsWith(xliff)) out.add(m[0].slice(xliff.length + 1));
  }
  return [...out].sort();
}

describe('validate, preview and build give one verdict on broken translator files', () => {
  it('each exits 1', () => {
    for (const [name, run] of Object.entries(runs)) expect(run.code, `${name}: ${run.stderr}`).toBe(1);
  });

  it('each prints the same diagnostics: code, file:line:column and message', () => {
    const validate = xliffDiagnostics(runs.validate);
    expect(xliffDiagnostics(runs.preview)).toEqual(validate);
    expect(xliffDiagnostics(runs.build)).toEqual(validate);
  });

  it('the diagnostics name every break, at its unit', () => {
    const lines = xliffDiagnostics(runs.validate);
    const has = (pattern: RegExp) => expect(lines.some((l) => pattern.test(l)), `${pattern}\n${lines.join('\n')}`).toBe(true);
    has(/^ru-ru\/demo\/create-a-subscription\.xlf:\d+:\d+: warning xliff-untranslated: unit "aede2-105" has no target/);
    has(/^ru-ru\/demo\/create-a-subscription\.xlf:\d+:\d+: error xliff-markup: unit "aede2-106": <script> is markup typed into the target/);
    has(/^ru-ru\/demo\/create-a-subscription\.xlf:\d+:\d+: error xliff-codes: unit "aede2-108": code p1 \(open\) is duplicated/);
    has(/^ru-ru\/demo\/create-a-subscription\.xlf:\d+:\d+: error xliff-codes: unit "aede2-109": code p1 \("\*\*"\) \(open\) is missing from the target/);
    has(/^ru-ru\/demo\/keys\.xlf:\d+:1: error mdx-syntax: unit "m0072565371": the merged page would not compile as MDX/);
    has(/^ru-ru\/demo\/keys\.xlf:\d+:1: error xliff-codes: unit "me5bfa18554": code p1 \("\*\*"\) \(open\) is missing from the target/);
    has(/^ru-ru\/demo\/keys\.xlf:\d+:1: warning xliff-untranslated: unit "m6ca518ce80" has no target/);
    has(/^ru-ru\/demo\/TOC\.yml\.xlf:\d+:1: warning xliff-untranslated: unit "\w+" has no target; the page shows the English name there/);
    // The good unit and the title merge silently.
    expect(lines.filter((l) => /m1f09b677de|"title"/.test(l))).toEqual([]);
  });

  it('the site shows what the checks promise: refused units keep their previous text, the MDX page compiles', async () => {
    const sxsPage = await readFile(join(scratch, 'dist', 'ru-ru', 'demo', 'create-a-subscription', 'index.html'), 'utf8');
    expect(sxsPage).not.toContain('alert(2)');
    expect(sxsPage).toContain('После создания учетных записей для клиентов');
    const mdxPage = await readFile(join(scratch, 'dist', 'ru-ru', 'demo', 'keys', 'index.html'), 'utf8');
    expect(mdxPage).toContain('Вставьте текст туда, где он нужен.');
    expect(mdxPage).toContain('Copy with the keyboard'); // the untranslated H1, in English
    expect(mdxPage).not.toContain('Нажмите'); // the sentence that would not compile, in English
  });
});

describe("validate finds a TOC's file in the English TOC, whatever the order of the content folders", () => {
  it("reports nothing on the project's XLIFF with a locale's folder named first (its own TOC.yml is at the same path)", async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const run = await runBitext(['validate', 'xliff', '--content', 'content/sxs.ru-ru', '--content', 'content/en'], { cwd: root });
    expect(run.stderr).not.toContain('TOC.yml.xlf');
    expect(run.stdout).toMatch(/ 0 problems/);
    expect(run.code).toBe(0);
  });
});
