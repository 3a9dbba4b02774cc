/**
 * Finding the documents of a corpus folder (src/parse/sxs/read.ts reads sxs documents from it).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isWithin } from './confine.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';

const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.openpublishing.build']);

export interface ListOptions {
  /**
   * Follow symlinks that lead out of `root` (`--follow-symlinks`). Without it such a link is
   * skipped with a diagnostic: content folders come from others, and a link to /etc must not
   * make its files part of the output.
   */
  followSymlinks?: boolean;
  /** Where a skipped link is reported (file: the link's path, code path-outside-root). */
  diagnostics?: Diagnostic[];
}

/**
 * Paths (relative, `/`-separated, sorted) of files under `root` whose name ends with one of
 * `extensions`. A symlink to a file inside the root is listed; a symlinked folder inside the
 * root is not walked (its files are listed under their own path); a link that leads out of the
 * root is followed only with `followSymlinks`, and reported otherwise.
 */
export async function listFiles(root: string, extensions: readonly string[] = ['.md'], options: ListOptions = {}): Promise<string[]> {
  const realRoot = await realpath(root);
  const out: string[] = [];
  // Real paths of the outside folders walked through links, so a link cycle ends.
  const walkedOutside = new Set<string>();
  const wanted = (name: string) => {
    const lower = name.toLowerCase();
    return extensions.some((ext) => lower.endsWith(ext));
  };
  const walk = async (dir: string, relDir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      if (SKIPPED_DIRS.has(entry.name)) continue;
      const abs = join(dir, entry.name);
      const rel = relDir ? `${relDir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(abs, rel);
      else if (entry.isFile()) {
        if (wanted(entry.name)) out.push(rel);
      } else if (entry.isSymbolicLink()) {
        const real = await realpath(abs).catch(() => undefined);
        const info = real === undefined ? undefined : await stat(real).catch(() => undefined);
        if (real === undefined || !info) continue; // a dangling link: nothing to read
        const inside = isWithin(realRoot, real);
        if (info.isDirectory() && !inside && !walkedOutside.has(real)) {
          if (!options.followSymlinks) refuse(abs, real, 'folder');
          else {
            walkedOutside.add(real);
            await walk(abs, rel);
          }
        } else if (info.isFile() && wanted(entry.name)) {
          if (inside || options.followSymlinks) out.push(rel);
          else refuse(abs, real, 'file');
        }
      }
    }
  };
  const refuse = (link: string, real: string, kind: string) =>
    options.diagnostics?.push(diagnostic('path-outside-root', { file: link }, `a symbolic link to the ${kind} ${real}, outside the content folder ${root}; it is skipped (give --follow-symlinks to read what such links lead to)`));
  await walk(root, '');
  return out.sort();
}

/** Files of a corpus named on a command line: a whole folder, or some of its documents. */
export interface CorpusInput {
  /** The corpus root: documents' paths (and XLIFF `original`s) are relative to it. */
  dir: string;
  /** Paths relative to `dir`, `/`-separated, sorted. */
  paths: string[];
}

/** Files that mark the top of a docs repository (its publishing configuration). */
const REPOSITORY_MARKERS = ['.openpublishing.publish.config.json', '.openpublishing.redirection.json'];
const TOC = /^toc\.(yml|md)$/i;

/**
 * A docset folder: one with a TOC, or DocFX's configuration of a docset (`docfx.json`, as each
 * docset of the Skype for Business corpus has).
 */
const isDocsetFolder = (names: readonly string[]) => names.some((n) => TOC.test(n) || n === 'docfx.json');

/**
 * Whether a folder is a corpus root, the folder documents' paths (and so XLIFF `original`s and
 * site URLs) are counted from: it has content files at its top, or a docset folder as a child.
 * Any other folder is a folder of roots: a repository whose documents are under `articles/`, or a
 * folder holding several corpora (`content/`, whose `sxs.ru-ru` is a root even when no docset of
 * it has a TOC).
 */
async function isCorpusRoot(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && /\.(md|mdx|yml)$/i.test(e.name))) return true;
  for (const e of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    if (isDocsetFolder(await readdir(join(dir, e.name)).catch(() => [] as string[]))) return true;
  }
  return false;
}

/**
 * Expands each content folder (`--content`) into corpus roots (`isCorpusRoot`): the folder
 * itself, or each of its folders. `build`, `preview` and `validate` look documents up in them.
 */
export async function contentRoots(dirs: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs.map((d) => resolve(d))) {
    if (await isCorpusRoot(dir)) out.push(dir);
    else {
      const entries = await readdir(dir, { withFileTypes: true });
      for (const e of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) out.push(join(dir, e.name));
    }
  }
  return out;
}

/** Whether a folder is the top of a docs repository (holds its publishing configuration). */
async function isRepository(dir: string): Promise<boolean> {
  return (await readdir(dir).catch(() => [] as string[])).some((n) => REPOSITORY_MARKERS.includes(n));
}

/**
 * The corpus roots of a folder named as documents (`extract`, `inspect`, `check`): the folder
 * itself; but a repository folder that is no root (its documents under `articles/`, its
 * publishing files beside) has the roots the site reads it as (`contentRoots`), so `extract`
 * writes the `original` that `build`, `preview` and `validate` look the document up by.
 */
export async function namedRoots(dir: string): Promise<string[]> {
  return (await isRepository(dir)) && !(await isCorpusRoot(dir)) ? contentRoots([dir]) : [dir];
}

/**
 * The corpus root of a document file, so that its path (and so its XLIFF file's `original`) is
 * the one the whole folder gives it: the root of the nearest folder above it that holds the
 * repository's publishing configuration (`.openpublishing.*.json`; `namedRoots`: the repository,
 * or its `articles`); failing that, the parent of the nearest docset folder, as
 * `content/sxs.ru-ru` for `content/sxs.ru-ru/bitext/x.md`; failing that, the file's own folder.
 */
export async function corpusRootOf(file: string): Promise<string> {
  const path = resolve(file);
  let docset: string | undefined;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const names = await readdir(dir).catch(() => [] as string[]);
    if (names.some((n) => REPOSITORY_MARKERS.includes(n))) return (await namedRoots(dir)).find((root) => path.startsWith(root + sep)) ?? dir;
    if (docset === undefined && isDocsetFolder(names)) docset = dir;
    if (dirname(dir) === dir) break;
  }
  return docset ? dirname(docset) : dirname(path);
}

/**
 * The corpora of command-line paths: a folder is listed whole (`listFiles`), root by root
 * (`namedRoots`); a file is one
 * document of the corpus it sits in (`corpusRootOf`). Files of the same root form one input, in
 * the order first named.
 */
export async function corpusInputs(paths: readonly string[], extensions: readonly string[], options: ListOptions = {}): Promise<CorpusInput[]> {
  const inputs: CorpusInput[] = [];
  const byRoot = new Map<string, CorpusInput>();
  for (const path of paths) {
    if ((await stat(path)).isDirectory()) {
      for (const root of await namedRoots(path)) inputs.push({ dir: root, paths: await listFiles(root, extensions, options) });
      continue;
    }
    const dir = await corpusRootOf(path);
    let input = byRoot.get(dir);
    if (!input) {
      input = { dir, paths: [] };
      byRoot.set(dir, input);
      inputs.push(input);
    }
    const rel = relative(dir, path).split(sep).join('/');
    if (!input.paths.includes(rel)) input.paths.push(rel);
  }
  for (const input of byRoot.values()) input.paths.sort();
  return inputs;
}
