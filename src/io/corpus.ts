/**
 * Finding and reading the documents of a corpus folder. One unreadable or malformed document is
 * reported and skipped; it never stops the others.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseSxs } from '../parse/sxs/parse.ts';
import type { SxsDocument } from '../model/types.ts';

const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.openpublishing.build']);

/** Paths (relative, `/`-separated, sorted) of files under `root` whose name ends with one of `extensions`. */
export async function listFiles(root: string, extensions: readonly string[] = ['.md']): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const lower = entry.name.toLowerCase();
    if (!extensions.some((ext) => lower.endsWith(ext))) continue;
    const rel = relative(root, join(entry.parentPath, entry.name)).split(sep).join('/');
    if (rel.split('/').some((part) => SKIPPED_DIRS.has(part))) continue;
    out.push(rel);
  }
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
