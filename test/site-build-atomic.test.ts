/**
 * A killed or failed build never destroys the site (src/site/output.ts). A small site is built,
 * one page is changed, and the build is run again 10 times in a child process, each SIGKILLed at
 * a seeded-random moment: seven spread over the first build's duration, one during Pagefind, one
 * in the reports that follow and one during the swap; the test sees those phases from the files
 * the build writes. After every kill the site in
 * `--out` is either the previous one, byte for byte, or the complete new one (when the kill came
 * after the swap), never a mix. Every build renders the whole site (`force`: an incremental
 * rebuild would be over before most kill moments). A build that fails inside Astro ends in one line and exit code 1,
 * and leaves the site as it was. A last uninterrupted build removes what the killed ones left.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { random } from './support/random.ts';
import { buildEnv, buildScript, scratchFolder } from './support/site-build.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/site/', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/bitext.js', import.meta.url));
const KILLS = 10;
const SEED = 6;

type Manifest = Map<string, string>;

let work: string;
let out: string;
let scratch: string;
let content: string[];
/** The first build's duration and when it reached each trigger: the kill moments are spread over them. */
let duration: number;
let firstSeen: Run['seen'];
let original: Manifest;

/** Every file of the site with its SHA-256; build.json without its timing. */
async function manifest(dir: string): Promise<Manifest> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, string>();
  for (const e of entries.filter((e) => e.isFile())) {
    const path = join(e.parentPath, e.name);
    let data: string | Buffer = await readFile(path);
    if (e.name === 'build.json') data = JSON.stringify({ ...JSON.parse(data.toString('utf8')), seconds: 0 });
    files.set(relative(dir, path), createHash('sha256').update(data).digest('hex'));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function same(a: Manifest, b: Manifest): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** What a killed build left beside the site and in Astro's folder of the working folder. */
async function leftovers(): Promise<string[]> {
  const beside = (await readdir(work)).filter((n) => n.startsWith('.out.bitext-'));
  const astro = (await readdir(join(scratch, '.astro')).catch(() => [] as string[])).filter((n) => n.startsWith('bitext-build-'));
  return [...beside, ...astro.map((n) => `.astro/${n}`)];
}

/** Where a killed build was, from what it left. */
async function phaseOf(left: string[], run: Run): Promise<string> {
  if (run.signal !== 'SIGKILL') return 'done';
  const astro = left.find((n) => n.startsWith('.astro/'));
  if (astro) return existsSync(join(scratch, astro, 'pagefind')) ? 'pagefind' : 'astro';
  if (left.some((n) => n.includes('bitext-old-'))) return 'swap';
  const stage = left.find((n) => n.includes('bitext-tmp-'));
  if (stage) return (await readdir(join(work, stage))).length > 0 ? 'reports' : 'astro';
  // No leftovers: killed before it staged anything, or after its site was swapped in.
  const written = (await stat(join(out, '_bitext/build.json'))).mtimeMs;
  return written >= run.startedAt ? 'after the swap' : 'model';
}

/** Moments a build reaches, seen from the files it writes. */
type Trigger = 'start' | 'pagefind' | 'staged' | 'swap';

/** Whether the build of process `pid` reached `trigger` (folders of earlier killed builds do not count). */
async function reached(trigger: Trigger, pid: number): Promise<boolean> {
  if (trigger === 'start') return true;
  const left = (await leftovers()).filter((n) => n.includes(`-${pid}-`));
  if (trigger === 'pagefind') return left.some((n) => n.startsWith('.astro/') && existsSync(join(scratch, n, 'pagefind')));
  // The previous site renamed aside: the new one is being renamed in, the old removed.
  if (trigger === 'swap') return left.some((n) => n.includes('bitext-old-'));
  // Astro's output moved into the stage beside `out`: the reports and the swap follow.
  const stage = left.find((n) => n.includes('bitext-tmp-'));
  return stage !== undefined && (await readdir(join(work, stage)).catch(() => [])).length > 0;
}

interface Run {
  pid: number;
  /** Date.now() at the start. */
  startedAt: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** ms from the start to each trigger seen. */
  seen: Partial<Record<Trigger, number>>;
}

/** Runs the build in a child process; with `kill`, SIGKILLs it `after` ms past its trigger. */
function runBuild(kill?: { trigger: Trigger; after: number }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const startedAt = Date.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', buildScript({ content, out, cacheDir: join(work, 'cache'), force: true, reports: join(out, '_bitext') })], { cwd: scratch, env: buildEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let done = false;
    const seen: Run['seen'] = {};
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    // Watches the files the build writes, to see when it reaches Pagefind and its last phase.
    const watch = async () => {
      let killTimer: NodeJS.Timeout | undefined;
      while (!done) {
        for (const t of ['start', 'pagefind', 'staged', 'swap'] as const) if (seen[t] === undefined && (await reached(t, child.pid!))) seen[t] = performance.now() - started;
        if (kill && !killTimer && seen[kill.trigger] !== undefined) killTimer = setTimeout(() => child.kill('SIGKILL'), kill.after);
        await new Promise((r) => setTimeout(r, 10));
      }
      clearTimeout(killTimer);
    };
    const watching = watch();
    child.on('error', reject);
    child.on('close', (code, signal) => {
      done = true;
      void watching.then(() => resolve({ pid: child.pid!, startedAt, code, signal, stderr, seen }));
    });
  });
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-atomic-'));
  out = join(work, 'out');
  scratch = await scratchFolder('atomic');
  content = [join(work, 'ru'), join(work, 'de')];
  await cp(join(FIXTURE, 'corpus.ru-ru'), content[0]!, { recursive: true });
  await cp(join(FIXTURE, 'corpus.de-de'), content[1]!, { recursive: true });
  const started = performance.now();
  const first = await runBuild();
  duration = performance.now() - started;
  firstSeen = first.seen;
  if (first.code !== 0) throw new Error(`first build failed (${first.code}):\n${first.stderr}`);
  original = await manifest(out);
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('atomic site output', () => {
  it('keeps the previous site whole when a build is killed at any moment', async () => {
    expect(original.size).toBeGreaterThan(20);
    // The next builds have a changed page, so the new site differs from the old one.
    const alpha = join(content[0]!, 'docs/alpha.md');
    await writeFile(alpha, (await readFile(alpha, 'utf8')).replace('Вводный текст.', 'Вводный текст, второе издание.'));
    const next = random(SEED);
    const phases: string[] = [];
    const replaced: Manifest[] = [];
    let previous = original;
    // Seven moments spread over the build (one in each seventh of its duration), one during
    // Pagefind, one after Astro's output reached the stage (reports, then the swap) and one as
    // soon as the swap is seen, each at a seeded-random offset.
    const pagefindAt = firstSeen.pagefind ?? duration * 0.8;
    const stagedAt = firstSeen.staged ?? duration * 0.95;
    const moments: { trigger: Trigger; after: number }[] = [
      ...Array.from({ length: 7 }, (_, i) => ({ trigger: 'start' as const, after: (duration * (i + next())) / 7 })),
      { trigger: 'pagefind', after: (stagedAt - pagefindAt) * next() },
      { trigger: 'staged', after: 100 * next() },
      { trigger: 'swap', after: 5 * next() },
    ];
    expect(moments).toHaveLength(KILLS);
    for (const [i, moment] of moments.entries()) {
      const at = `${moment.trigger}+${Math.round(moment.after)} ms`;
      const run = await runBuild({ ...moment, after: Math.round(moment.after) });
      const now = await manifest(out);
      const changed = !same(now, previous);
      phases.push(`${at}: ${await phaseOf((await leftovers()).filter((n) => n.includes(`-${run.pid}-`)), run)}`);
      if (changed) {
        // Only a build that got past its swap may change the site; it is then the complete new site (checked below).
        expect(existsSync(join(out, '_bitext/build.json')), `kill ${i} at ${at}`).toBe(true);
        replaced.push(now);
      } else expect(run.signal === 'SIGKILL' || run.code === 0, `kill ${i}: ${run.stderr}`).toBe(true);
      previous = now;
    }
    // Most kills land before the build ends.
    expect(phases.filter((p) => !p.endsWith('done')).length, phases.join('; ')).toBeGreaterThanOrEqual(KILLS / 2);

    // A build failing inside Astro (an MDX page importing a file that does not exist): one line, exit 1, site untouched.
    const pages = join(work, 'pages');
    await mkdir(join(pages, 'en/docs'), { recursive: true });
    await writeFile(join(pages, 'en/docs/broken.mdx'), "---\ntitle: Broken\n---\nimport Missing from './missing-component.astro';\n\n<Missing />\n");
    const before = await manifest(out);
    const failed = spawnSync(process.execPath, [BIN, 'build', '--content', content[0]!, '--content', content[1]!, '--content', pages, '--out', out], { cwd: scratch, env: buildEnv(), encoding: 'utf8' });
    expect(failed.status, failed.stderr).toBe(1);
    const lastLine = failed.stderr.trim().split('\n').at(-1)!;
    expect(lastLine).toMatch(/^bitext build: .*missing-component\.astro.*; .*out was left as it was$/);
    expect(failed.stderr).not.toMatch(/^\s+at /m);
    expect(same(await manifest(out), before)).toBe(true);
    expect(await leftovers()).toEqual([]);

    // A folder that cannot be the output: one line, exit 1.
    await writeFile(join(work, 'a-file'), 'not a folder\n');
    const badOut = spawnSync(process.execPath, [BIN, 'build', '--content', content[0]!, '--out', join(work, 'a-file')], { cwd: scratch, env: buildEnv(), encoding: 'utf8' });
    expect(badOut.status, badOut.stderr).toBe(1);
    expect(badOut.stderr.trim().split('\n').at(-1)).toMatch(/^bitext build: --out .*a-file is a file, not a folder/);
    expect(badOut.stderr).not.toMatch(/^\s+at /m);

    // The next uninterrupted build completes, clears the leftovers and gives the new site.
    const last = await runBuild();
    expect(last.code, last.stderr).toBe(0);
    expect(await leftovers()).toEqual([]);
    const final = await manifest(out);
    expect(same(final, original)).toBe(false);
    for (const m of replaced) expect(same(m, final)).toBe(true);
    expect(await readFile(join(out, 'ru-ru/docs/alpha/index.html'), 'utf8')).toContain('второе издание');
    console.log(`kill moments over a ${Math.round(duration)} ms build (Pagefind at ${Math.round(pagefindAt)} ms, staged at ${Math.round(stagedAt)} ms): ${phases.join('; ')}`);
  }, 900_000);
});
