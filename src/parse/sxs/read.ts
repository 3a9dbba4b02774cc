/**
 * Reading the sxs documents of a corpus folder from disk. One unreadable or malformed document is
 * reported (as a diagnostic on an empty document) and never stops the others.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles } from '../../io/corpus.ts';
import { diagnostic } from '../../model/diagnostics.ts';
import type { SxsDocument } from '../../model/types.ts';
import { parseSxs } from './parse.ts';

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
      diagnostic('unreadable-file', { file: path }, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check that it exists and is readable`),
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
