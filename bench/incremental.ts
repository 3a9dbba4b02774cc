/**
 * `npm run bench:incremental`: the incremental rebuild against a cold build, on the ru + de
 * corpus (linked into a temporary folder, so it can be edited). In one run:
 *   1. cold build into OUT;
 *   2. one edit: a sentence of one sxs document (`--edit sentence`, default: its translation;
 *      `--edit source`: its English source, which changes the English page too, and so the
 *      English search index, the largest) or the target of one XLIFF unit (`--edit xliff`: the
 *      corpus is extracted first, and built with --xliff);
 *   3. the rebuild into the same OUT (incremental), timed;
 *   4. a cold build of the edited input into another folder, timed;
 * then prints both times, their ratio (goal ≤ 0.10; with GNU time also the ratio of CPU times,
 * which other work on a shared machine disturbs less) and whether the two sites are byte-identical
 * (every file; `_bitext/build.json` without `seconds` and `incremental`). Each build is a child process
 * (`bitext build`), run from a scratch folder inside the repository.
 *
 * Options: `--edit sentence|source|xliff`; `--content DIR` (repeatable; default: the ru and de corpora;
 * the first one is edited), or `--size large` for the large site (the ru + de corpus and both sxs
 * corpora of ../shared/corpus-large, about 12,000 pages); `--timings`: the rebuild logs when each
 * of its phases ends (`bitext build --timings`), printed with the time each line arrived;
 * `--cpu-prof`: the rebuild runs under Node's CPU profiler, whose top functions and packages are
 * printed (./cpu-profile.ts).
 *
 * The content is hard-linked into the temporary folder (no text copied: the large corpora are
 * 120 MB); an edit writes a new file in place of its link, so the shared corpus is never changed.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusDir, DE, RU } from '../test/corpus.ts';
import { isUiXliffPath } from '../src/pipeline/ui-strings.ts';
import { summarizeProfiles } from './cpu-profile.ts';
import { linkTree, sizedCorpora } from './sized-corpus.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(repo, 'bin/bitext.js');

const { values } = parseArgs({
  options: { edit: { type: 'string', default: 'sentence' }, content: { type: 'string', multiple: true }, size: { type: 'string' }, timings: { type: 'boolean' }, 'cpu-prof': { type: 'boolean' } },
});
const edit = values.edit === 'xliff' || values.edit === 'source' ? values.edit : 'sentence';

/** GNU time, when the machine has it: the CPU time of a build and of the processes it waited for (Pagefind). */
const GNU_TIME = '/usr/bin/time';
const CPU_LINE = /^bench-cpu ([\d.]+) ([\d.]+)$/m;

interface Timed {
  /** Wall time, seconds. */
  seconds: number;
  /** User + system CPU time, seconds (with GNU time): less disturbed than wall time by other work on the machine. */
  cpu?: number;
}

/**
 * Runs `bitext ARGS` (with `node NODE_ARGS`), prints its summary, and with `--timings` its phase
 * lines, each with the second it arrived at; returns its wall time and CPU time.
 */
function run(args: string[], cwd: string, nodeArgs: string[] = []): Promise<Timed> {
  const started = performance.now();
  const command = [process.execPath, ...nodeArgs, BIN, ...args];
  const timed = existsSync(GNU_TIME);
  const child = spawn(timed ? GNU_TIME : command[0]!, timed ? ['-f', 'bench-cpu %U %S', ...command] : command.slice(1), { cwd, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const phases = args.includes('--timings');
  let stdout = '';
  let stderr = '';
  const take = (stream: 'out' | 'err') => {
    let pending = '';
    return (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stream === 'out') stdout += text;
      else stderr = (stderr + text).slice(-20000);
      if (!phases) return;
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      const at = ((performance.now() - started) / 1000).toFixed(1).padStart(6);
      for (const line of lines.map(phaseLine).filter((l) => l !== undefined)) process.stdout.write(`    ${at}  ${line}\n`);
    };
  };
  child.stdout.on('data', take('out'));
  child.stderr.on('data', take('err'));
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (status) => {
      const seconds = (performance.now() - started) / 1000;
      // `bitext build` exits 1 when the content has problems (links to no page) but the site was built.
      const failed = status !== 0 && !(status === 1 && (args[0] !== 'build' || /\bbuilt \d+ pages/.test(stdout)));
      if (failed) return fail(new Error(`bitext ${args[0]} failed (${status}):\n${stderr.slice(-3000)}`));
      const summary = stdout.split('\n').filter((l) => /^(built|incremental)/.test(l));
      if (summary.length) process.stdout.write(`  ${summary.join('\n  ')}\n`);
      const cpu = CPU_LINE.exec(stderr);
      done({ seconds, ...(cpu ? { cpu: Number(cpu[1]) + Number(cpu[2]) } : {}) });
    });
  });
}

/** A phase line of a build's log: Bitext's timing marks and Astro's info lines of its phases (not one line per page, no warnings). */
function phaseLine(line: string): string | undefined {
  const text = line.replace(/\x1b\[[0-9;]*m/g, '').trim();
  const phase = /timing:|\[content\]|\[bitext-docs\]|\[vite\]|\[build\]|pagefind|generating static|Completed in|page\(s\) built|\[types\]|\[check\]|English search|kept from the previous build/i;
  return phase.test(text) && !/WARN|[├└│]/.test(text) ? text.slice(0, 160) : undefined;
}

function figures(t: Timed): string {
  return `${t.seconds.toFixed(1)} s${t.cpu === undefined ? '' : ` (CPU ${t.cpu.toFixed(1)} s)`}`;
}

/** Writes `file` anew (a new inode): a hard link to the shared corpus is replaced, never written through. */
async function replaceFile(file: string, text: string): Promise<void> {
  await rm(file);
  await writeFile(file, text);
}

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

async function sameSite(a: string, b: string): Promise<string[]> {
  const [fa, fb] = await Promise.all([filesOf(a), filesOf(b)]);
  const [sa, sb] = [new Set(fa), new Set(fb)];
  const differing = fa.filter((f) => !sb.has(f)).concat(fb.filter((f) => !sa.has(f)));
  for (const rel of fa.filter((f) => sb.has(f))) {
    // What only the build report says of a build: its time, and what the incremental build kept.
    const strip = (t: string) => (rel === '_bitext/build.json' ? t.replace(/"seconds": [\d.]+/, '').replace(/,\s*"incremental": \{[^}]*\}/, '') : t);
    const [x, y] = await Promise.all([readFile(join(a, rel), 'utf8').then(strip), readFile(join(b, rel), 'utf8').then(strip)]);
    if (x !== y) differing.push(rel);
  }
  return differing;
}

/**
 * Appends a word to the first sentence of the first sxs document with one: to the translation side
 * of its first pair, or (`source`) to its English side.
 */
async function editSentence(dir: string, side: 'translation' | 'source'): Promise<string> {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.md')).sort();
  // A paragraph's sentence: a line that starts with a pair (the H1 and headings are titles, shown elsewhere too).
  // Group 1: what comes before the sentence's text on its line; group 2: the text.
  const sentence = side === 'source' ? /^(<span data-ttu-id="[^"]*">[^<]{20,}<\/span><span class="sxs-lookup"><span data-stu-id="[^"]*">)([^<]{20,})/m : /^(<span data-ttu-id="[^"]*">)([^<]{20,})/m;
  for (const rel of files) {
    const file = join(dir, rel);
    const text = await readFile(file, 'utf8');
    const m = sentence.exec(text.slice(text.indexOf('\n#')));
    if (!m || !text.includes('ms.contentlocale')) continue;
    await replaceFile(file, text.replace(m[0], `${m[1]}${m[2]!.trimEnd()} (bench)`));
    return rel;
  }
  throw new Error(`no sentence to edit in ${dir}`);
}

/** Appends a word to the first target of the first XLIFF file with one. */
async function editXliffTarget(dir: string): Promise<string> {
  // A document's file: a locale's UI strings (`_ui.xlf`, sorted first) are on every page of it.
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith('.xlf') && !isUiXliffPath(f)).sort();
  for (const rel of files) {
    const file = join(dir, rel);
    const text = await readFile(file, 'utf8');
    // A paragraph's sentence: not the title or description (`x-metadata` units), whose change
    // renders every page again (each page shows the titles of others), nor a heading.
    const m = /(<trans-unit (?![^>]*x-metadata)[^>]*>\s*<source[^>]*>[^<]*<\/source>\s*<target[^>]*>)([^<]{60,})(<\/target>)/.exec(text.slice(text.indexOf('<body')));
    if (!m) continue;
    await replaceFile(file, text.replace(m[0], `${m[1]}${m[2]} (bench)${m[3]}`));
    return rel;
  }
  throw new Error(`no target to edit in ${dir}`);
}

const work = await mkdtemp(join(tmpdir(), 'bitext-bench-incremental-'));
const scratch = await mkdtemp(join(repo, '.bitext-tmp-bench-incremental-'));
try {
  const sources = values.content?.length ? values.content.map((d) => resolve(d)) : values.size ? await sizedCorpora(values.size, work) : [corpusDir(RU), corpusDir(DE)];
  const content: string[] = [];
  for (const dir of sources) {
    const copy = join(work, 'content', basename(dir));
    await linkTree(dir, copy);
    content.push(copy);
  }
  const xliff = join(work, 'xliff');
  if (edit === 'xliff') await run(['extract', ...content, '--out', xliff], scratch);
  const args = [...content.flatMap((c) => ['--content', c]), ...(edit === 'xliff' ? ['--xliff', xliff] : [])];
  const out = join(work, 'out');
  process.stdout.write(`bench:incremental: ${sources.map((s) => basename(s)).join(' + ')}, edit: ${edit}\n`);
  const first = await run(['build', ...args, '--out', out], scratch);
  process.stdout.write(`cold build:              ${figures(first)}\n`);
  const edited = edit === 'xliff' ? await editXliffTarget(xliff) : await editSentence(content[0]!, edit === 'source' ? 'source' : 'translation');
  process.stdout.write(`edited: ${edited}\n`);
  const profiles = values['cpu-prof'] ? join(work, 'cpu-profiles') : undefined;
  const incremental = await run(['build', ...args, '--out', out, ...(values.timings ? ['--timings'] : [])], scratch, profiles ? ['--cpu-prof', '--cpu-prof-dir', profiles] : []);
  process.stdout.write(`incremental rebuild:     ${figures(incremental)}\n`);
  const coldOut = join(work, 'cold');
  const cold = await run(['build', ...args, '--out', coldOut], scratch);
  process.stdout.write(`cold build of the edit:  ${figures(cold)}\n`);
  process.stdout.write(`ratio incremental/cold:  ${(incremental.seconds / cold.seconds).toFixed(3)} wall time (goal <= 0.10)${incremental.cpu && cold.cpu ? `, ${(incremental.cpu / cold.cpu).toFixed(3)} CPU time` : ''}\n`);
  const differing = await sameSite(out, coldOut);
  if (profiles) for (const line of await summarizeProfiles(profiles)) process.stdout.write(`  ${line}\n`);
  process.stdout.write(differing.length === 0 ? 'byte-identical to the cold build: yes\n' : `byte-identical to the cold build: NO, ${differing.length} files differ: ${differing.slice(0, 5).join(', ')}\n`);
} finally {
  await rm(work, { recursive: true, force: true });
  await rm(scratch, { recursive: true, force: true });
}
