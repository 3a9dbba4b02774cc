/**
 * `npm run bench:site`: for each size, builds back to back
 *   1. the site with `bitext build` (every feature on), and
 *   2. vanilla Starlight over the same documents as plain per-locale Markdown (the target and
 *      English views, ./vanilla-starlight.ts): what a user would otherwise do,
 * each cold, in a child process of its own (Node 24, this process's binary), search index
 * included. Prints wall time, HTML pages, pages/s and ms per page of each, the CPU use (100 % =
 * one core busy), the peak memory of the largest process and of the whole process tree
 * (./process-tree.ts: Node, Pagefind's binary, workers), and the ratio Bitext time / vanilla
 * time (goal ≤ 0.5).
 *
 * Sizes (`--sizes 1,5,10,large`, default 1; ./sized-corpus.ts): `1` is the ru + de corpus, `N` the
 * same documents N times as docsets of their own, `large` the real large site (the ru + de corpus
 * and both corpora of ../shared/corpus-large, about 12,000 pages). The table at the end gives the
 * cost per page of each size against the first: a flat column is a linear build.
 *
 * Options: `--only bitext|vanilla` builds one of them (`--only profile`: only the profile build); `--rounds N` alternates N builds of each
 * and reports the medians (the machine is shared: one round can be off by tens of percent);
 * `--vanilla-limit N` stops vanilla Starlight once it has run N times as long as Bitext's build of
 * the round (default 4, 0 for none: on the large site it wrote no page in 14 minutes) and gives
 * the ratio as a bound (`< X`); `--profile` adds, per size, a Bitext build with Astro's info log timed per phase (site model,
 * content sync, Vite, page rendering, Pagefind) under Node's CPU profiler, and prints the top
 * self-time functions and packages (./cpu-profile.ts); `--jobs N` builds with
 * `bitext build --jobs N`; `--keep DIR` keeps the Bitext site of the
 * last size in DIR (for `npm run bench:search-speed -- DIR`). The load average is printed with each run.
 * Temporary folders are removed at the end, also on failure.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summarizeProfiles } from './cpu-profile.ts';
import { watchTree } from './process-tree.ts';
import { sizedCorpora } from './sized-corpus.ts';
import { writeVanillaProject } from './vanilla-starlight.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const GNU_TIME = '/usr/bin/time';

interface Measured {
  seconds: number;
  /** Peak resident set size in bytes, when it could be measured. */
  maxRss?: number;
  /** Peak RSS of the largest process and of the whole tree, sampled (./process-tree.ts). */
  peak: { largest: number; tree: number };
  /** CPU time over wall time, in % (GNU time; 200 % = both cores busy). */
  cpuPercent?: number;
  /** User + system CPU seconds of the tree (GNU time): on a shared machine, steadier than wall time. */
  cpuSeconds?: number;
  /** Load average (1 min) at the start and at the end. */
  load: [number, number];
  output: string;
  /** Stopped at its time limit, unfinished: `seconds` is then a lower bound of its time. */
  stopped?: boolean;
}

interface BuildFigures extends Measured {
  name: string;
  htmlPages: number;
}

/**
 * Runs `node args...` with wall time and peak memory. Under GNU time when present; otherwise the
 * child reports its own `process.resourceUsage().maxRSS` at exit (main process only). With
 * `limitSeconds`, a run still going then is stopped (its whole process group) and reported as
 * `stopped`, with the time it ran.
 */
function measure(args: string[], cwd: string, onLine?: (line: string, at: number) => void, limitSeconds?: number): Promise<Measured> {
  const useTime = existsSync(GNU_TIME);
  const command = useTime ? GNU_TIME : process.execPath;
  const report = `process.on('exit', () => process.stderr.write('\\nbench-maxrss-kb: ' + process.resourceUsage().maxRSS + '\\n'));`;
  const childArgs = useTime ? ['-v', process.execPath, ...args] : ['--import', `data:text/javascript,${encodeURIComponent(report)}`, ...args];
  const started = performance.now();
  const loadBefore = loadavg()[0]!;
  return new Promise((done, fail) => {
    // A process group of its own, so that a stopped run takes its workers with it.
    const child = spawn(command, childArgs, { cwd, env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'], detached: limitSeconds !== undefined });
    const tree = watchTree(child.pid!);
    let stopped = false;
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // The group has ended.
      }
    };
    const limit =
      limitSeconds === undefined
        ? undefined
        : setTimeout(() => {
            stopped = true;
            killGroup();
          }, limitSeconds * 1000);
    // Out of the terminal's process group, the run no longer gets Ctrl+C with the bench: passed on.
    const interrupted = (signal: NodeJS.Signals) => {
      killGroup();
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    if (limitSeconds !== undefined) for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, interrupted);
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
      const peak = tree.stop();
      clearTimeout(limit);
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, interrupted);
      if (stopped) return done({ seconds, peak, load: [loadBefore, loadavg()[0]!], output, stopped });
      // `bitext build` exits 1 when the content has problems (links to no page) but the site was built.
      if (code !== 0 && !(code === 1 && /^built \d+ pages/m.test(output))) return fail(new Error(`node ${args.join(' ')} exited with ${code}:\n${output.slice(-4000)}`));
      const kb = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(output)?.[1] : /bench-maxrss-kb: (\d+)/.exec(output)?.[1];
      const cpu = /Percent of CPU this job got: (\d+)%/.exec(output)?.[1];
      const user = /User time \(seconds\): ([\d.]+)/.exec(output)?.[1];
      const system = /System time \(seconds\): ([\d.]+)/.exec(output)?.[1];
      // GNU time sees the largest process even between two samples.
      if (kb) peak.largest = Math.max(peak.largest, Number(kb) * 1024);
      done({ seconds, ...(kb ? { maxRss: Number(kb) * 1024 } : {}), peak, ...(cpu ? { cpuPercent: Number(cpu) } : {}), ...(user && system ? { cpuSeconds: Number(user) + Number(system) } : {}), load: [loadBefore, loadavg()[0]!], output });
    });
  });
}

async function countHtml(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.html')).length;
}

async function buildBitext(corpora: string[], scratch: string, jobs: number): Promise<BuildFigures> {
  const out = join(scratch, 'bitext-dist');
  // The working folder is a scratch folder: Astro writes its prerender chunks under it.
  const cwd = join(scratch, 'bitext-cwd');
  await mkdir(cwd, { recursive: true });
  const args = [join(repo, 'bin/bitext.js'), 'build', ...corpora.flatMap((c) => ['--content', c]), '--out', out, '--jobs', String(jobs)];
  const run = await measure(args, cwd);
  return { name: 'Bitext', ...run, htmlPages: await countHtml(out) };
}

async function buildVanilla(corpora: string[], onLine?: (line: string, at: number) => void, limitSeconds?: number): Promise<BuildFigures & { root: string; sourcePages: number }> {
  const project = await writeVanillaProject(corpora);
  try {
    const run = await measure([join(repo, 'node_modules/astro/bin/astro.mjs'), 'build', '--root', project.root], project.root, onLine, limitSeconds);
    const htmlPages = await countHtml(join(project.root, 'dist')).catch(() => 0);
    return { name: 'vanilla Starlight', ...run, htmlPages, root: project.root, sourcePages: project.pages };
  } finally {
    await rm(project.root, { recursive: true, force: true });
  }
}

/**
 * A Bitext build with Astro's info log (the same steps as src/site/build.ts, which logs at
 * `warn`), each line stamped with the time it arrived, under Node's CPU profiler: where the time goes.
 */
async function profileBitext(corpora: string[], scratch: string): Promise<void> {
  const out = join(scratch, 'profile-dist');
  const cwd = join(scratch, 'profile-cwd');
  const profiles = join(scratch, 'cpu-profiles');
  await rm(profiles, { recursive: true, force: true });
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
    stamp('modules loaded');
    const site = await loadSite({ content: ${JSON.stringify(corpora)} });
    const context = setSiteContext(site);
    stamp('site model: ' + site.pages.size + ' pages');
    const config = await createSiteConfig({ context, outDir: ${JSON.stringify(out)} });
    await build({ ...config, configFile: false, logLevel: 'info', cacheDir: ${JSON.stringify(join(scratch, 'profile-cache'))} });
    stamp('astro build done');`);
  console.log('\nprofile of a Bitext build (seconds since start: Astro info log, [bench] marks):');
  const run = await measure(['--cpu-prof', '--cpu-prof-dir', profiles, script], cwd, printPhase);
  console.log(`  total ${run.seconds.toFixed(1)} s, peak RSS largest ${gb(run.peak.largest)}, tree ${gb(run.peak.tree)}, CPU ${run.cpuPercent ?? 'n/a'} %`);
  for (const line of await summarizeProfiles(profiles)) console.log(`  ${line}`);
  await rm(out, { recursive: true, force: true });
}

/** Prints the phase lines of Astro's info log (not the per-page lines, not warnings) with their arrival time. */
function printPhase(line: string, at: number): void {
  const text = line.replace(/\x1b\[[0-9;]*m/g, '').trim();
  const phase = /\[bench\]|\[content\]|\[bitext-docs\]|\[vite\]|pagefind|generating static|Completed in|page\(s\) built/i;
  if (phase.test(text) && !/WARN|[├└│]/.test(text)) console.log(`  ${at.toFixed(1).padStart(6)}  ${text.slice(0, 120)}`);
}

function gb(bytes: number | undefined): string {
  return bytes === undefined ? 'n/a' : `${(bytes / 2 ** 30).toFixed(2)} GiB`;
}

function row(f: BuildFigures): string {
  if (f.stopped) return `${f.name.padEnd(18)} stopped unfinished after ${f.seconds.toFixed(1)} s (the time limit), ${f.htmlPages} HTML pages written by then  peak RSS largest ${gb(f.peak.largest)}, tree ${gb(f.peak.tree)}  load ${f.load.map((l) => l.toFixed(1)).join('→')}`;
  const perPage = ((f.seconds * 1000) / f.htmlPages).toFixed(1);
  const cpuPerPage = f.cpuSeconds === undefined ? 'n/a' : ((f.cpuSeconds * 1000) / f.htmlPages).toFixed(1);
  return (
    `${f.name.padEnd(18)} ${f.seconds.toFixed(1).padStart(7)} s  ${String(f.htmlPages).padStart(6)} HTML  ${(f.htmlPages / f.seconds).toFixed(1).padStart(6)} pages/s  ${perPage.padStart(5)} ms/page` +
    `  CPU ${f.cpuSeconds?.toFixed(1) ?? 'n/a'} s (${cpuPerPage} ms/page, ${f.cpuPercent ?? 'n/a'} %)  peak RSS largest ${gb(f.peak.largest)}, tree ${gb(f.peak.tree)}  load ${f.load.map((l) => l.toFixed(1)).join('→')}`
  );
}

/** The median run (of an even number, the faster of the middle two). */
function median(runs: BuildFigures[]): BuildFigures {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor((runs.length - 1) / 2)]!;
}

const { values } = parseArgs({ options: { only: { type: 'string' }, profile: { type: 'boolean' }, rounds: { type: 'string' }, sizes: { type: 'string' }, keep: { type: 'string' }, jobs: { type: 'string' }, 'vanilla-limit': { type: 'string' } } });
const rounds = Math.max(1, Number(values.rounds ?? 1));
/** `--jobs N`: passed to `bitext build` (the parts it builds at once); default its own default. */
const jobs = Math.max(1, Number(values.jobs ?? 1));
/**
 * `--vanilla-limit N`: vanilla Starlight is stopped once it has run N times as long as Bitext's
 * build of the same round (default 4; 0: no limit), and the ratio is then given as a bound.
 */
const vanillaLimit = Math.max(0, Number(values['vanilla-limit'] ?? 4));
const sizes = (values.sizes ?? '1').split(',').map((s) => s.trim()).filter(Boolean);
await mkdir(join(repo, '.bitext-tmp'), { recursive: true });
const scratch = await mkdtemp(join(repo, '.bitext-tmp', 'bench-site-'));

interface SizeFigures {
  size: string;
  bitext?: BuildFigures;
  vanilla?: BuildFigures;
  ratios: number[];
}

try {
  const summary: SizeFigures[] = [];
  for (const size of sizes) {
    const corpora = await sizedCorpora(size, scratch);
    console.log(`\nsize ${size}${size === 'large' ? '' : '×'}: bench:site over ${corpora.map((c) => c.replace(repo, '').replace(/^.*\/shared\//, '')).join(' + ')} (+ English), cold builds, search included` + (rounds > 1 ? `, ${rounds} rounds (alternating; median shown)` : ''));
    const bitextRuns: BuildFigures[] = [];
    const vanillaRuns: BuildFigures[] = [];
    const phases: [string, number][] = [];
    const last = size === sizes.at(-1);
    for (let round = 1; round <= rounds; round++) {
      if (values.only !== 'vanilla' && values.only !== 'profile') {
        const bitext = await buildBitext(corpora, scratch, jobs);
        if (values.keep && last && round === rounds) {
          await rm(values.keep, { recursive: true, force: true });
          await rename(join(scratch, 'bitext-dist'), values.keep);
        } else await rm(join(scratch, 'bitext-dist'), { recursive: true, force: true });
        const built = /built .*/.exec(bitext.output)?.[0];
        console.log(row(bitext) + (built && round === 1 ? `\n  (${built})` : ''));
        bitextRuns.push(bitext);
      }
      if (values.only !== 'bitext' && values.only !== 'profile') {
        if (round === 1) phases.length = 0;
        const bitextSeconds = bitextRuns.at(-1)?.seconds;
        const limit = vanillaLimit > 0 && bitextSeconds !== undefined ? vanillaLimit * bitextSeconds : undefined;
        const vanilla = await buildVanilla(corpora, round === 1 ? (line, at) => phases.push([line, at]) : undefined, limit);
        console.log(row(vanilla) + (round === 1 ? `\n  (${vanilla.sourcePages} Markdown pages written; fallbacks make the rest)` : ''));
        vanillaRuns.push(vanilla);
      }
    }
    const figures: SizeFigures = { size, ratios: bitextRuns.length && vanillaRuns.length ? bitextRuns.map((b, k) => b.seconds / vanillaRuns[k]!.seconds) : [] };
    if (bitextRuns.length) figures.bitext = median(bitextRuns);
    if (vanillaRuns.length) figures.vanilla = median(vanillaRuns);
    summary.push(figures);
    if (figures.bitext && figures.vanilla?.stopped) {
      // Unfinished: its time is at least the limit, so the ratio is at most this.
      const bound = figures.bitext.seconds / figures.vanilla.seconds;
      console.log(`ratio Bitext time / vanilla time: < ${bound.toFixed(2)} (vanilla stopped unfinished at ${vanillaLimit}× Bitext's time; goal ≤ 0.50: ${bound <= 0.5 ? 'met' : 'not known'})`);
    } else if (figures.bitext && figures.vanilla) {
      if (rounds > 1) console.log(`median:\n${row(figures.bitext)}\n${row(figures.vanilla)}`);
      const ratio = figures.bitext.seconds / figures.vanilla.seconds;
      const perPage = figures.bitext.seconds / figures.bitext.htmlPages / (figures.vanilla.seconds / figures.vanilla.htmlPages);
      console.log(`ratio Bitext time / vanilla time: ${ratio.toFixed(2)} (goal ≤ 0.50: ${ratio <= 0.5 ? 'met' : 'not met'}); per HTML page: ${perPage.toFixed(2)}`);
      const { cpuSeconds: bitextCpu } = figures.bitext;
      const { cpuSeconds: vanillaCpu } = figures.vanilla;
      // CPU seconds do not count the time a loaded machine gives to other processes.
      if (bitextCpu !== undefined && vanillaCpu) console.log(`ratio Bitext CPU time / vanilla CPU time: ${(bitextCpu / vanillaCpu).toFixed(2)}`);
      // Each round builds both back to back, so its own ratio is the least disturbed by a busy machine.
      if (rounds > 1) console.log(`ratio per round: ${figures.ratios.map((r) => r.toFixed(2)).join(', ')}`);
    }
    if (values.profile && phases.length > 0) {
      console.log('\nphases of the vanilla build (seconds since start, Astro info log):');
      for (const [line, at] of phases) printPhase(line, at);
    }
    if ((values.profile || values.only === 'profile') && values.only !== 'vanilla') await profileBitext(corpora, scratch);
    await rm(join(scratch, `x${size}`), { recursive: true, force: true });
  }
  // Cost per page against the first size: flat columns mean the build grows linearly.
  const first = summary.find((f) => f.bitext)?.bitext;
  if (first && summary.length > 1) {
    console.log('\nsize    pages  Bitext s  pages/s  ms/page (×first)  CPU ms/page (×first)  MiB/page tree (×first)  largest GiB  tree GiB  vanilla s  ratio');
    const msPer = (f: BuildFigures) => (f.seconds * 1000) / f.htmlPages;
    const mbPer = (f: BuildFigures) => f.peak.tree / 2 ** 20 / f.htmlPages;
    const cpuPer = (f: BuildFigures) => ((f.cpuSeconds ?? NaN) * 1000) / f.htmlPages;
    for (const { size, bitext, vanilla } of summary) {
      if (!bitext) continue;
      console.log(
        `${size.padEnd(6)} ${String(bitext.htmlPages).padStart(6)} ${bitext.seconds.toFixed(0).padStart(9)} ${(bitext.htmlPages / bitext.seconds).toFixed(1).padStart(8)}  ${msPer(bitext).toFixed(1).padStart(7)} (${(msPer(bitext) / msPer(first)).toFixed(2)})  ${cpuPer(bitext).toFixed(1).padStart(11)} (${(cpuPer(bitext) / cpuPer(first)).toFixed(2)})` +
          `  ${mbPer(bitext).toFixed(2).padStart(12)} (${(mbPer(bitext) / mbPer(first)).toFixed(2)})  ${(bitext.peak.largest / 2 ** 30).toFixed(2).padStart(11)}  ${(bitext.peak.tree / 2 ** 30).toFixed(2).padStart(8)}` +
          `  ${vanilla ? `${vanilla.stopped ? '>' : ''}${vanilla.seconds.toFixed(0)}`.padStart(9) : '      n/a'}  ${vanilla ? `${vanilla.stopped ? '<' : ''}${(bitext.seconds / vanilla.seconds).toFixed(2)}` : 'n/a'}`,
      );
    }
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
