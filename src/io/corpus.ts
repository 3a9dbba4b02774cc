/**
 * Finding and reading the documents of a corpus folder. One unreadable or malformed document is
 * reported and skipped; it never stops the others.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isWithin } from './confine.ts';
import { parseSxs } from '../parse/sxs/parse.ts';
import type { Diagnostic, SxsDocument } from '../model/types.ts';

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
    options.diagnostics?.push({
      file: link,
      line: 1,
      column: 1,
      severity: 'error',
      code: 'path-outside-root',
      message: `a symbolic link to the ${kind} ${real}, outside the content folder ${root}; it is skipped (give --follow-symlinks to read what such links lead to)`,
    });
  await walk(root, '');
  return out.sort();
}

/** Reads and parses one document; a read failure becomes a diagnostic on an empty document. */
export async function readSxsDocument(root: string, path: string): Promise<SxsDocument> {
  return (await readSxsSource(root, path)).document;
}

/** Like `readSxsDocument`, also giving the bytes read (undefined when the file could not be read). */
export async function readSxsSource(root: string, path: string): Promise<{ document: SxsDocument; bytes: Uint8Array | undefined }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(join(root, path));
  } catch (error) {
    const document = parseSxs('', path);
    document.diagnostics = [
      {
        file: path,
        line: 1,
        column: 1,
        severity: 'error',
        code: 'unreadable-file',
        message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check that it exists and is readable`,
      },
    ];
    return { document, bytes: undefined };
  }
  return { document: parseSxs(bytes, path), bytes };
}

export interface Corpus {
  root: string;
  documents: SxsDocument[];
}

export async function readCorpus(root: string, onProgress?: (done: number, total: number) => void): Promise<Corpus> {
  const paths = await listFiles(root);
  const documents: SxsDocument[] = [];
  for (const path of paths) {
    documents.push(await readSxsDocument(root, path));
    onProgress?.(documents.length, paths.length);
  }
  return { root, documents };
}
