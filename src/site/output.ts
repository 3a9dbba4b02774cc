/**
 * The site's output folder, replaced as a whole. A build writes into a staging folder beside
 * `--out` (same parent, so the same filesystem) and swaps it in at the end: the old folder is
 * renamed aside, the new one renamed into place, the old one removed. A build killed at any
 * moment leaves the previous site as it was; the next build removes what the killed one left.
 *
 * Names of the leftovers, recognisable and tied to the process that made them (a folder of a
 * process still running is another build's, and is left alone):
 * - `.<out>.bitext-tmp-<pid>-<random>`: a staging folder;
 * - `.<out>.bitext-old-<pid>-<random>`: the previous site, renamed aside during the swap. The
 *   two renames of the swap follow each other at once; a build killed between them leaves no
 *   `<out>` but this folder intact, and the next build renames it back before anything else;
 * - `<cwd>/.astro/bitext-build-<pid>-<random>`: where Astro builds when the staging folder is
 *   outside the working folder (see `astroOutDir`).
 *
 * An `--out` that cannot be renamed (a mount point, or a parent folder we may not write) is
 * replaced entry by entry instead: the staging folder is made inside it, and each top-level
 * entry of the old site is renamed aside and the new one renamed in. That keeps every file whole
 * and the old site intact until the build is complete, but a kill during those few renames can
 * leave a mix of old and new top-level entries, which the next build replaces.
 *
 * An incremental build (./incremental.ts) changes a few files of the site, not all of them: it
 * moves them into `out` one by one (`moveFilesInto`), each whole. It removes its bookkeeping first,
 * so a build killed during those moves is followed by a cold build, which swaps in a whole site.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, cp, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { isAlive } from '../io/write-atomic.ts';

export interface StagedOutput {
  /** The folder the reader site ends up in. */
  out: string;
  /** Where this build writes the new site. */
  stage: string;
  /** true: `out` is replaced entry by entry (it cannot be renamed). */
  inPlace: boolean;
}

const LEFTOVER = /^\.bitext-(tmp|old)-(\d+)-[0-9a-f]+$/;
const ASTRO_BUILD = /^bitext-build-(\d+)-[0-9a-f]+$/;

/** Prepares a staging folder for a new `out`, after cleaning up what killed builds left. */
export async function stageOutput(outPath: string): Promise<StagedOutput> {
  const out = resolve(outPath);
  const parent = dirname(out);
  if (out === parent) throw new Error(`--out ${out} is the root folder: name a folder for the site`);
  await mkdir(parent, { recursive: true });
  await recoverLeftovers(out);
  const existing = await stat(out).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new Error(`--out ${out} is a file, not a folder: name a folder for the site`);
  const inPlace = existing !== undefined && !(await renamable(out));
  const stage = inPlace ? join(out, uniqueName('tmp')) : join(parent, `.${basename(out)}${uniqueName('tmp')}`);
  await mkdir(stage);
  return { out, stage, inPlace };
}

/** A scratch folder beside `out`, named as a staging folder: a later build removes it if this one is killed. */
export async function scratchBeside(outPath: string): Promise<string> {
  const out = resolve(outPath);
  await mkdir(dirname(out), { recursive: true });
  const dir = join(dirname(out), `.${basename(out)}${uniqueName('tmp')}`);
  await mkdir(dir);
  return dir;
}

/** Puts the finished staging folder in place of `out`. */
export async function swapInOutput(staged: StagedOutput): Promise<void> {
  const { out, stage } = staged;
  if (staged.inPlace) return swapEntries(out, stage);
  const old = join(dirname(out), `.${basename(out)}${uniqueName('old')}`);
  const hadOld = await rename(out, old).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  try {
    await rename(stage, out);
  } catch (error) {
    if (hadOld) await rename(old, out);
    throw error;
  }
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/** The files under `dir` (relative, `/`-separated), in code-unit order. */
export async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'))
    .sort();
}

/**
 * Moves every file of `from` into `to` at the same relative path, each replacing its namesake in
 * one rename (same file system: `from` is a staging folder beside or inside `to`): an incremental
 * build updates the published site in place with the few files it made (./incremental.ts). Until
 * the last rename `to` is a mix of the two sites, every file of it whole. Returns the files moved
 * (relative, `/`-separated).
 */
export async function moveFilesInto(from: string, to: string): Promise<string[]> {
  const files = await filesOf(from);
  const made = new Set<string>();
  for (const rel of files) {
    const target = join(to, rel);
    if (!made.has(dirname(target))) await mkdir(dirname(target), { recursive: true });
    made.add(dirname(target));
    await rename(join(from, rel), target);
  }
  return files;
}

/** Removes a staging folder of a build that failed. */
export async function discardStage(staged: StagedOutput): Promise<void> {
  await rm(staged.stage, { recursive: true, force: true });
}

/**
 * Astro's output folder for a staging folder. Astro writes its prerender chunks under its output
 * folder only when that folder is inside the working folder; otherwise into `<cwd>/.astro`, which
 * every build from that folder would share, and from where moving the assets to another
 * filesystem fails (EXDEV). Outside the working folder, Astro therefore builds into a folder of
 * its own under `<cwd>/.astro`, moved (or copied, across filesystems) into the stage afterwards.
 */
export function astroOutDir(stage: string, cwd = process.cwd()): string {
  return isInside(stage, cwd) ? stage : join(cwd, '.astro', `bitext-build-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Moves Astro's output into the stage when it was built elsewhere (./astroOutDir). */
export async function moveIntoStage(astroOut: string, stage: string): Promise<void> {
  if (astroOut !== stage) await moveFolder(astroOut, stage);
}

/** Moves the folder `from` to `to`, in place of what was there: renamed, or copied and removed across file systems. */
export async function moveFolder(from: string, to: string): Promise<void> {
  await rm(to, { recursive: true, force: true });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await cp(from, to, { recursive: true });
    await rm(from, { recursive: true, force: true });
  }
}

/** Removes Astro build folders of dead processes under `<cwd>/.astro` (./astroOutDir). */
export async function removeStaleAstroBuilds(cwd = process.cwd()): Promise<void> {
  const dir = join(cwd, '.astro');
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = ASTRO_BUILD.exec(name);
    if (m && !isAlive(Number(m[1]))) await removeLeftover(join(dir, name));
  }
}

function uniqueName(kind: 'tmp' | 'old'): string {
  return `.bitext-${kind}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

async function renamable(out: string): Promise<boolean> {
  const parent = dirname(out);
  const [a, b] = await Promise.all([stat(out), stat(parent)]);
  if (a.dev !== b.dev) return false; // a mount point
  return access(parent, constants.W_OK).then(
    () => true,
    () => false,
  );
}

/**
 * What killed builds left: a site renamed aside and never put back is restored when `out` is
 * missing; staging folders and old sites of dead processes are removed.
 */
async function recoverLeftovers(out: string): Promise<void> {
  const parent = dirname(out);
  const prefix = `.${basename(out)}`;
  const entries = await readdir(parent).catch(() => [] as string[]);
  const dead = (name: string) => {
    const m = LEFTOVER.exec(name);
    return m && !isAlive(Number(m[2])) ? m[1] : undefined;
  };
  const leftovers = entries.filter((n) => n.startsWith(prefix) && dead(n.slice(prefix.length)));
  if (!entries.includes(basename(out))) {
    const old = leftovers.find((n) => dead(n.slice(prefix.length)) === 'old');
    if (old) await rename(join(parent, old), out);
  }
  for (const name of leftovers) await removeLeftover(join(parent, name));
  // Inside an `out` replaced entry by entry.
  for (const name of await readdir(out).catch(() => [] as string[])) {
    if (dead(name)) await removeLeftover(join(out, name));
  }
}

/** A leftover that cannot be removed now (a helper of the killed build still writing into it) is removed by a later build. */
async function removeLeftover(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
}

/** Replaces the top-level entries of `out` with those of `stage` (inside it), old ones aside first. */
async function swapEntries(out: string, stage: string): Promise<void> {
  const old = join(out, uniqueName('old'));
  await mkdir(old);
  const fresh = new Set(await readdir(stage));
  for (const name of await readdir(out)) {
    if (join(out, name) === stage || join(out, name) === old || LEFTOVER.test(name)) continue;
    await rename(join(out, name), join(old, name));
  }
  for (const name of fresh) await rename(join(stage, name), join(out, name));
  await rm(stage, { recursive: true, force: true });
  await rm(old, { recursive: true, force: true });
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) && !/^[a-z]:/i.test(rel);
}
