/**
 * A cold build over several cores: Astro renders a site's pages on one thread (two at a time,
 * ./config.ts `RENDER_CONCURRENCY`), so `bitext build --jobs N` builds the N parts of a sharded
 * build (./shard.ts) at once, each in a process of its own (each reads the whole site, so the
 * parts show what a single build shows), and joins them as `bitext merge` does
 * (./merge-shards.ts), moving the files instead of copying them. The parent process reads no
 * site itself: it waits, joins, and writes the reports and the incremental-build manifest a
 * single build writes (./incremental.ts), so the next build into the same `--out` keeps what it
 * can.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { writeFileAtomic } from '../io/write-atomic.ts';
import type { BuildOptions, BuildResult } from './build.ts';
import { PROJECT_ROOT } from './config.ts';
import { INCREMENTAL_MANIFEST, joinManifests, manifestText, PARTS_CACHE_DIR, readManifest, siteFingerprint, type IncrementalManifest } from './incremental.ts';
import { logBrokenLinks, type BrokenLinkReport } from './link-report.ts';
import { mergeShards } from './merge-shards.ts';
import { moveFolder, scratchBeside } from './output.ts';

const BIN = join(PROJECT_ROOT, 'bin', 'bitext.js');

/** The command line of part `index` of `count`, with the options of the whole build. */
function partArgs(options: BuildOptions, index: number, count: number, out: string, cacheDir: string): string[] {
  return [
    BIN,
    'build',
    ...options.content.flatMap((dir) => ['--content', dir]),
    ...(options.xliff ? ['--xliff', options.xliff] : []),
    ...(options.site ? ['--site', options.site] : []),
    ...(options.config ? ['--config', options.config] : []),
    ...(options.feedbackUrl ? ['--feedback-url', options.feedbackUrl] : []),
    ...(options.followSymlinks ? ['--follow-symlinks'] : []),
    '--shard',
    `${index}/${count}`,
    '--jobs',
    '1',
    // A cold build into a scratch folder. The first part keeps the sxs pages for a next build
    // (./pages/parts-cache.ts), as a single build does, and they are moved beside the joined
    // manifest; the others' would be the same, and are not made.
    ...(index === 1 ? [] : ['--force']),
    '--out',
    out,
    '--cache-dir',
    cacheDir,
  ];
}

interface PartRun {
  out: string;
  /** What the part printed on standard error: its log, and Astro's warnings. */
  log: string[];
}

function runPart(args: string[], out: string, running: Set<ChildProcess>): Promise<PartRun> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, args, { cwd: process.cwd(), env: { ...process.env, [PART_PARENT_ENV]: String(process.pid) }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (err += chunk));
    child.on('error', fail);
    // Exit 1 is also a built part whose input has problems (links to no page): its build report says it was built.
    running.add(child);
    child.on('close', (code) => {
      running.delete(child);
      readFile(join(out, '_bitext', 'build.json'), 'utf8').then(
        () => done({ out, log: err.split('\n').filter((l) => l.length > 0) }),
        () => fail(new Error(partFailure(err) ?? `part ${args[args.indexOf('--shard') + 1]} of the build failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' ')}`)),
      );
    });
  });
}

/** Why a part failed, as the part's one line says it (without the part's own folder). */
function partFailure(stderr: string): string | undefined {
  const line = stderr.trim().split('\n').reverse().find((l) => l.startsWith('bitext build: '));
  const m = line && /^bitext build: (.*); \S.* was left as it was$/.exec(line);
  return m ? m[1] : undefined;
}

/**
 * Set in a part's environment to the pid of the build that started it: a part whose build was
 * killed stops too (src/cli/build.ts), rather than write into a folder the next build removes.
 */
export const PART_PARENT_ENV = 'BITEXT_PART_OF';

/**
 * The lines of the parts' logs the whole build prints: each once (every part reads the whole
 * site and reports its problems), without the lines about the part itself (its shard, its own
 * broken links: the joined report is printed instead), its folder named as `out`.
 */
function joinedLog(parts: PartRun[], out: string): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const part of parts) {
    let inLinkList = false;
    for (const raw of part.log) {
      const line = raw.split(part.out).join(out);
      if (/^bitext build: \d+ links lead to no page/.test(line)) {
        inLinkList = true;
        continue;
      }
      if (inLinkList && line.startsWith('  ')) continue;
      inLinkList = false;
      if (line.startsWith('bitext build: shard ') || line.startsWith('bitext build: exit ') || seen.has(line)) continue;
      seen.add(line);
      lines.push(line);
    }
  }
  return lines;
}

export async function buildInParts(options: BuildOptions & { out: string; reports: string }, jobs: number, log: (line: string) => void): Promise<BuildResult> {
  const started = performance.now();
  const { out, reports } = options;
  const scratch = await scratchBeside(out);
  try {
    log(`bitext build: ${jobs} parts built at once`);
    const dirs = Array.from({ length: jobs }, (_, i) => join(scratch, `part-${i + 1}`));
    const running = new Set<ChildProcess>();
    // One part failing fails the build: the others are stopped, not left writing into the scratch folder.
    const parts = await Promise.all(dirs.map((dir, i) => runPart(partArgs(options, i + 1, jobs, dir, join(scratch, `cache-${i + 1}`)), dir, running))).catch(async (error: unknown) => {
      for (const child of running) child.kill();
      await Promise.all([...running].map((child) => new Promise((ended) => child.once('close', ended))));
      throw error;
    });
    for (const line of joinedLog(parts, out)) log(line);
    // Each part keeps its manifest beside it, as any build whose reports are inside its site (./build.ts).
    const manifests = (await Promise.all(dirs.map((d) => readManifest(`${d}-reports`, d)))).filter((m): m is IncrementalManifest => m !== undefined);
    const reportsInside = reports === out || reports.startsWith(out + sep);
    let fingerprint: string | undefined;
    let result: BuildResult | undefined;
    let links: BrokenLinkReport | undefined;
    let xliff: string | undefined;
    await mergeShards({
      shards: dirs,
      out,
      move: true,
      log,
      // The merged site as a single build leaves it: the manifest of every route, the reports where they were asked for.
      finish: async (stage, merged) => {
        fingerprint = await siteFingerprint(stage);
        const build = merged.build;
        links = merged.links;
        xliff = merged.xliff;
        result = {
          pages: build.pages as number,
          locales: build.locales as string[],
          englishChoices: build.englishChoices as BuildResult['englishChoices'],
          brokenLinks: links.total,
          diagnostics: build.diagnostics as number,
          errors: build.errors as number,
          reports,
          ...(build.site ? { site: build.site as string } : {}),
          ...(build.xliff ? { xliff: build.xliff as NonNullable<BuildResult['xliff']> } : {}),
          parts: jobs,
          seconds: (performance.now() - started) / 1000,
        };
        if (reportsInside) await writeReports(join(stage, relative(out, reports)), result, links, xliff);
      },
    });
    if (!reportsInside) await writeReports(reports, result!, links!, xliff);
    // The manifest of a single build, beside the reports and never in the site (./incremental.ts),
    // with the sxs pages the first part kept: the next build makes only the changed ones again.
    if (manifests.length === jobs) {
      const manifestDir = reportsInside ? `${out}-reports` : reports;
      // A cache cut short (a kill while it is copied) is read as none (./pages/parts-cache.ts).
      const kept = join(`${dirs[0]}-reports`, PARTS_CACHE_DIR);
      if (existsSync(kept)) await moveFolder(kept, join(manifestDir, PARTS_CACHE_DIR));
      await writeFileAtomic(join(manifestDir, INCREMENTAL_MANIFEST), manifestText(joinManifests(manifests, options))(fingerprint!));
    }
    logBrokenLinks(links!, join(reports, 'broken-links.json'), log);
    return result!;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function writeReports(dir: string, result: BuildResult, links: BrokenLinkReport, xliff: string | undefined): Promise<void> {
  await writeFileAtomic(join(dir, 'build.json'), JSON.stringify(result, null, 2) + '\n');
  await writeFileAtomic(join(dir, 'broken-links.json'), JSON.stringify(links, null, 2) + '\n');
  if (xliff !== undefined) await writeFileAtomic(join(dir, 'xliff.json'), xliff);
}
