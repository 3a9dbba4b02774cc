/**
 * `npm run bench:site` (issue 4 §9): in one run, builds
 *   1. the corpus site (en + ru-RU + de-DE) with `bitext build`, and
 *   2. vanilla Starlight over the same documents as plain per-locale Markdown (the target and
 *      English views, ./vanilla-starlight.ts): what a user would otherwise do,
 * each cold, in a child process of its own (Node 24, this process's binary), search index
 * included. Prints wall time, HTML pages and pages/s of each, the ratio (Bitext time / vanilla
 * time; goal ≤ 1.0) and the peak memory of each child (GNU time's maximum resident set size: the
 * largest single process of the child's tree, Pagefind's binary included).
 *
 * Options: `--only bitext|vanilla` builds one of them; `--rounds N` alternates N builds of each
 * and reports the medians (the machine is shared: one round can be off by tens of percent);
 * `--profile` prints the vanilla build's phases and adds a Bitext build with Astro's info log,
 * timed per phase (site model, content sync, Vite, page rendering, Pagefind). Temporary folders
 * are removed at the end, also on failure.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { corpusDir, DE, RU } from '../test/corpus.ts';
import { writeVanillaProject } from './vanilla-starlight.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const GNU_TIME = '/usr/bin/time';

interface Measured {
  seconds: number;
  /** Peak resident set size in bytes, when it could be measured. */
  maxRss?: number;
  output: string;
}

interface BuildFigures extends Measured {
  name: string;
  htmlPages: number;
}

/**
 * Runs `node args...` with wall time and peak memory. Under GNU time when present; otherwise the
 * child reports its own `process.resourceUsage().maxRSS` at exit (main process only).
 */
function measure(args: string[], cwd: string, onLine?: (line: string, at: number) => void): Promise<Measured> {
  const useTime = existsSync(GNU_TIME);
  const command = useTime ? GNU_TIME : process.execPath;
  const report = `process.on('exit', () => process.stderr.write('\\nbench-maxrss-kb: ' + process.resourceUsage().maxRSS + '\\n'));`;
  const childArgs = useTime ? ['-v', process.execPath, ...args] : ['--import', `data:text/javascript,${encodeURIComponent(report)}`, ...args];
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command, childArgs, { cwd, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let pending = '';
    const take = (chunk: Buffer) => {
      const at = (performance.now() - started) / 1000;
      output += chunk.toString('utf8');
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      if (onLine) for (const line of lines) onLine(line, at);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', fail);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) return fail(new Error(`node ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
      const kb = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(output)?.[1] : /bench-maxrss-kb: (\d+)/.exec(output)?.[1];
      done({ seconds, ...(kb ? { maxRss: Number(kb) * 1024 } : {}), output });
    });
  });
}

async function countHtml(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).length;
}

async function buildBitext(corpora: string[], scratch: string): Promise<BuildFigures> {
  const out = join(scratch, 'bitext-dist');
  // The working folder is a scratch folder: Astro writes its prerender chunks under it.
  const cwd = join(scratch, 'bitext-cwd');
  await mkdir(cwd, { recursive: true });
  const args = [join(repo, 'bin/bitext.js'), 'build', ...corpora.flatMap((c) => ['--content', c]), '--out', out];
  const run = await measure(args, cwd);
  return { name: 'Bitext', ...run, htmlPages: await countHtml(out) };
}

async function buildVanilla(corpora: string[], onLine?: (line: string, at: number) => void): Promise<BuildFigures & { root: string; sourcePages: number }> {
  const project = await writeVanillaProject(corpora);
  try {
    const run = await measure([join(repo, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', project.root], project.root, onLine);
    return { name: 'vanilla Starlight', ...run, htmlPages: await countHtml(join(project.root, 'dist')), root: project.root, sourcePages: project.pages };
  } finally {
    await rm(project.root, { recursive: true, force: true });
  }
}

/**
 * A Bitext build with Astro's info log (the same steps as src/site/build.ts, which logs at
 * `warn`), each line stamped with the time it arrived: where the time goes.
 */
async function profileBitext(corpora: string[], scratch: string): Promise<void> {
  const out = join(scratch, 'profile-dist');
  const cwd = join(scratch, 'profile-cwd');
  await mkdir(cwd, { recursive: true });
  const module = (path: string) => JSON.stringify(new URL(path, import.meta.url).href);
  const script = join(cwd, 'profile.mjs');
  await writeFile(script, `
    const t0 = performance.now();
    const stamp = (what) => console.log('[bench] ' + what + ' at ' + ((performance.now() - t0) / 1000).toFixed(1) + ' s');
    const { build } = await import('astro');
    const { loadSite } = await import(${module('../src/site/model.ts')});
    const { setSiteContext } = await import(${module('../src/site/context.ts')});
    const { createSiteConfig } = await import(${module('../src/site/config.ts')});
    const { CONTENT_ENV } = await import(${module('../src/site/loader.ts')});
    stamp('modules loaded');
    process.env[CONTENT_ENV] = ${JSON.stringify(JSON.stringify(corpora))};
    const site = await loadSite({ content: ${JSON.stringify(corpora)} });
    setSiteContext(site);
    stamp('site model: ' + site.pages.size + ' pages');
    const config = await createSiteConfig({ outDir: ${JSON.stringify(out)} });
    await build({ ...config, configFile: false, logLevel: 'info', cacheDir: ${JSON.stringify(join(scratch, 'profile-cache'))} });
    stamp('astro build done');`);
  console.log('\nprofile of a Bitext build (seconds since start: Astro info log, [bench] marks):');
  const run = await measure([script], cwd, printPhase);
  console.log(`  total ${run.seconds.toFixed(1)} s, peak RSS ${mb(run.maxRss)}`);
}

/** Prints the phase lines of Astro's info log (not the per-page lines, not warnings) with their arrival time. */
function printPhase(line: string, at: number): void {
  const text = line.replace(/\x1b\[[0-9;]*m/g, '').trim();
  const phase = /\[bench\]|\[content\]|\[bitext-docs\]|\[vite\]|pagefind|generating static|Completed in|page\(s\) built/i;
  if (phase.test(text) && !/WARN|[├└│]/.test(text)) console.log(`  ${at.toFixed(1).padStart(6)}  ${text.slice(0, 120)}`);
}

function mb(bytes: number | undefined): string {
  return bytes === undefined ? 'n/a' : `${(bytes / 2 ** 30).toFixed(2)} GB`;
}

function row(f: BuildFigures): string {
  return `${f.name.padEnd(18)} ${f.seconds.toFixed(1).padStart(7)} s  ${String(f.htmlPages).padStart(6)} HTML  ${(f.htmlPages / f.seconds).toFixed(1).padStart(6)} pages/s  peak RSS ${mb(f.maxRss)}`;
}

const { values } = parseArgs({ options: { only: { type: 'string' }, profile: { type: 'boolean' }, rounds: { type: 'string' } } });
const rounds = Math.max(1, Number(values.rounds ?? 1));
const corpora = [corpusDir(RU), corpusDir(DE)];
await mkdir(join(repo, '.bitext-tmp'), { recursive: true });
const scratch = await mkdtemp(join(repo, '.bitext-tmp', 'bench-site-'));

/** The round with the median wall time. */
/** The median run (of an even number, the faster of the middle two). */
function median(runs: BuildFigures[]): BuildFigures {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor((runs.length - 1) / 2)]!;
}

try {
  console.log(`bench:site over ${corpora.map((c) => c.replace(repo, '')).join(' + ')} (+ English), cold builds, search included` + (rounds > 1 ? `, ${rounds} rounds (alternating; median shown)` : ''));
  const bitextRuns: BuildFigures[] = [];
  const vanillaRuns: BuildFigures[] = [];
  const phases: [string, number][] = [];
  for (let round = 1; round <= rounds; round++) {
    if (values.only !== 'vanilla') {
      const bitext = await buildBitext(corpora, scratch);
      await rm(join(scratch, 'bitext-dist'), { recursive: true, force: true });
      const summary = /built .*/.exec(bitext.output)?.[0];
      console.log(row(bitext) + (summary && round === 1 ? `\n  (${summary})` : ''));
      bitextRuns.push(bitext);
    }
    if (values.only !== 'bitext') {
      if (round === 1) phases.length = 0;
      const vanilla = await buildVanilla(corpora, round === 1 ? (line, at) => phases.push([line, at]) : undefined);
      console.log(row(vanilla) + (round === 1 ? `\n  (${vanilla.sourcePages} Markdown pages written; fallbacks make the rest)` : ''));
      vanillaRuns.push(vanilla);
    }
  }
  if (bitextRuns.length > 0 && vanillaRuns.length > 0) {
    const bitext = median(bitextRuns);
    const vanilla = median(vanillaRuns);
    if (rounds > 1) console.log(`median:\n${row(bitext)}\n${row(vanilla)}`);
    const ratio = bitext.seconds / vanilla.seconds;
    const perPage = bitext.seconds / bitext.htmlPages / (vanilla.seconds / vanilla.htmlPages);
    console.log(`ratio Bitext time / vanilla time: ${ratio.toFixed(2)} (goal ≤ 1.00: ${ratio <= 1 ? 'met' : 'not met'}); per HTML page: ${perPage.toFixed(2)}`);
    // Each round builds both back to back, so its own ratio is the least disturbed by a busy machine.
    if (rounds > 1) console.log(`ratio per round: ${bitextRuns.map((b, k) => (b.seconds / vanillaRuns[k]!.seconds).toFixed(2)).join(', ')}`);
  }
  if (values.profile && phases.length > 0) {
    console.log('\nphases of the vanilla build (seconds since start, Astro info log):');
    for (const [line, at] of phases) printPhase(line, at);
  }
  if (values.profile && values.only !== 'vanilla') await profileBitext(corpora, scratch);
} finally {
  await rm(scratch, { recursive: true, force: true });
}
