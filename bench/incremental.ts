/**
 * `npm run bench:incremental`: the incremental rebuild against a cold build, on the ru + de
 * corpus (copied into a temporary folder, so it can be edited). In one run:
 *   1. cold build into OUT;
 *   2. one edit: a sentence of one sxs document (`--edit sentence`, default) or the target of
 *      one XLIFF unit (`--edit xliff`: the corpus is extracted first, and built with --xliff);
 *   3. the rebuild into the same OUT (incremental), timed;
 *   4. a cold build of the edited input into another folder, timed;
 * then prints both times, their ratio (goal ≤ 0.10) and whether the two sites are byte-identical
 * (every file; `_bitext/build.json` without `seconds` and `incremental`). Each build is a child process
 * (`bitext build`), run from a scratch folder inside the repository.
 *
 * Options: `--edit sentence|xliff`, `--content DIR` (repeatable; default: the ru and de corpora).
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusDir, DE, RU } from '../test/corpus.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(repo, 'bin/bitext.js');

const { values } = parseArgs({ options: { edit: { type: 'string', default: 'sentence' }, content: { type: 'string', multiple: true } } });
const edit = values.edit === 'xliff' ? 'xliff' : 'sentence';

function run(args: string[], cwd: string): number {
  const started = performance.now();
  const child = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  const seconds = (performance.now() - started) / 1000;
  if (child.status !== 0 && child.status !== 1) throw new Error(`bitext ${args[0]} failed (${child.status}):\n${child.stderr.slice(-3000)}`);
  const summary = child.stdout.split('\n').filter((l) => /^(built|incremental)/.test(l));
  if (summary.length) process.stdout.write(`  ${summary.join('\n  ')}\n`);
  return seconds;
}

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

async function sameSite(a: string, b: string): Promise<string[]> {
  const [fa, fb] = await Promise.all([filesOf(a), filesOf(b)]);
  const differing = fa.filter((f) => !fb.includes(f)).concat(fb.filter((f) => !fa.includes(f)));
  for (const rel of fa.filter((f) => fb.includes(f))) {
    // What only the build report says of a build: its time, and what the incremental build kept.
    const strip = (t: string) => (rel === '_bitext/build.json' ? t.replace(/"seconds": [\d.]+/, '').replace(/,\s*"incremental": \{[^}]*\}/, '') : t);
    const [x, y] = await Promise.all([readFile(join(a, rel), 'utf8').then(strip), readFile(join(b, rel), 'utf8').then(strip)]);
    if (x !== y) differing.push(rel);
  }
  return differing;
}

/** Appends a word to the first sentence (the translation side of its first pair) of the first sxs document with one. */
async function editSentence(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.md')).sort();
  for (const rel of files) {
    const file = join(dir, rel);
    const text = await readFile(file, 'utf8');
    // A paragraph's sentence: a line that starts with a pair (the H1 and headings are titles, shown elsewhere too).
    const m = /^(<span data-ttu-id="[^"]*">)([^<]{20,})/m.exec(text.slice(text.indexOf('\n#')));
    if (!m || !text.includes('ms.contentlocale')) continue;
    await writeFile(file, text.replace(m[0], `${m[1]}${m[2]!.trimEnd()} (bench)`));
    return rel;
  }
  throw new Error(`no sentence to edit in ${dir}`);
}

/** Appends a word to the first target of the first XLIFF file with one. */
async function editXliffTarget(dir: string): Promise<string> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.xlf')).sort();
  for (const rel of files) {
    const file = join(dir, rel);
    const text = await readFile(file, 'utf8');
    const m = /(<target[^>]*>)([^<]{20,})(<\/target>)/.exec(text.slice(text.indexOf('<body')));
    if (!m) continue;
    await writeFile(file, text.replace(m[0], `${m[1]}${m[2]} (bench)${m[3]}`));
    return rel;
  }
  throw new Error(`no target to edit in ${dir}`);
}

const work = await mkdtemp(join(tmpdir(), 'bitext-bench-incremental-'));
const scratch = await mkdtemp(join(repo, '.bitext-tmp-bench-incremental-'));
try {
  const sources = values.content?.length ? values.content : [corpusDir(RU), corpusDir(DE)];
  const content: string[] = [];
  for (const dir of sources) {
    const copy = join(work, 'content', basename(dir));
    await cp(dir, copy, { recursive: true });
    content.push(copy);
  }
  const xliff = join(work, 'xliff');
  if (edit === 'xliff') run(['extract', ...content, '--out', xliff], scratch);
  const args = [...content.flatMap((c) => ['--content', c]), ...(edit === 'xliff' ? ['--xliff', xliff] : [])];
  const out = join(work, 'out');
  process.stdout.write(`bench:incremental: ${sources.map((s) => basename(s)).join(' + ')}, edit: ${edit}\n`);
  const first = run(['build', ...args, '--out', out], scratch);
  process.stdout.write(`cold build:              ${first.toFixed(1)} s\n`);
  const edited = edit === 'xliff' ? await editXliffTarget(xliff) : await editSentence(content[0]!);
  process.stdout.write(`edited: ${edited}\n`);
  const incremental = run(['build', ...args, '--out', out], scratch);
  process.stdout.write(`incremental rebuild:     ${incremental.toFixed(1)} s\n`);
  const coldOut = join(work, 'cold');
  const cold = run(['build', ...args, '--out', coldOut], scratch);
  process.stdout.write(`cold build of the edit:  ${cold.toFixed(1)} s\n`);
  process.stdout.write(`ratio incremental/cold:  ${(incremental / cold).toFixed(3)} (goal <= 0.10)\n`);
  const differing = await sameSite(out, coldOut);
  process.stdout.write(differing.length === 0 ? 'byte-identical to the cold build: yes\n' : `byte-identical to the cold build: NO, ${differing.length} files differ: ${differing.slice(0, 5).join(', ')}\n`);
} finally {
  await rm(work, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
}
