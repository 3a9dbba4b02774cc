/**
 * Building a translation memory from sxs corpus folders, document by document: a document with
 * errors still gives the pairs it has, and its diagnostics are passed on.
 */
import { basename, join } from 'node:path';
import { listFiles, readSxsDocument } from '../io/corpus.ts';
import type { Diagnostic, SxsDocument } from '../model/types.ts';
import { TranslationMemory } from './memory.ts';

export interface LoadedMemory {
  memory: TranslationMemory;
  documents: number;
  segments: number;
  /** Documents without `ms.contentlocale`: their pairs cannot go in (no target language). */
  skippedNoLocale: string[];
  diagnostics: Diagnostic[];
}

export async function memoryFromCorpora(
  dirs: readonly string[],
  options: {
    sourceLang?: string;
    memory?: TranslationMemory;
    onProgress?: (done: number, total: number, label: string) => void;
    /** Sees every parsed document (with its corpus folder), for callers that need more than the TM. */
    onDocument?: (doc: SxsDocument, dir: string) => void;
  } = {},
): Promise<LoadedMemory> {
  const memory = options.memory ?? new TranslationMemory();
  const listed = await Promise.all(dirs.map(async (dir) => ({ dir, paths: await listFiles(dir) })));
  const total = listed.reduce((n, l) => n + l.paths.length, 0);
  const result: LoadedMemory = { memory, documents: 0, segments: 0, skippedNoLocale: [], diagnostics: [] };
  for (const { dir, paths } of listed) {
    for (const path of paths) {
      const doc = await readSxsDocument(dir, path);
      for (const d of doc.diagnostics) result.diagnostics.push({ ...d, file: join(dir, d.file) });
      result.documents++;
      if (doc.segments.length > 0 && !doc.locale) result.skippedNoLocale.push(join(dir, path));
      const addOptions: { sourceLang?: string; corpus: string } = { corpus: basename(dir) };
      if (options.sourceLang) addOptions.sourceLang = options.sourceLang;
      result.segments += memory.addDocument(doc, addOptions);
      options.onDocument?.(doc, dir);
      options.onProgress?.(result.documents, total, basename(dir));
    }
  }
  return result;
}
