/**
 * Building a translation memory from sxs corpus folders, document by document: a document with
 * errors still gives the pairs it has, and its diagnostics are passed on.
 *
 * TMX files count too: a `.tmx` path, or the `.tmx` files in a folder (the project's memory
 * folder `tm/`, where `bitext tm import` puts translators' memories), add their translation units.
 *
 * A document without `ms.contentlocale` (the 2019 README.md and CONTRIBUTING.md, say) takes the
 * locale of the documents around it, when those all agree: the nearest folder up whose located
 * documents share one locale. Otherwise its pairs stay out, with a warning.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { listFiles } from '../io/corpus.ts';
import { readSxsDocument } from '../parse/sxs/read.ts';
import type { SxsDocument } from '../model/types.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { TranslationMemory } from '../tm/memory.ts';
import { readTmx } from '../tm/tmx-read.ts';

/** The project's memory folder: `tm import` writes there; extract pre-fill and tm lookup read it. */
export const DEFAULT_MEMORY_DIR = 'tm';

export interface LoadedMemory {
  memory: TranslationMemory;
  documents: number;
  segments: number;
  /** Translation units read from TMX files. */
  tmxUnits: number;
  /** Errors from parsing, plus a `missing-locale` warning per document without a locale. */
  diagnostics: Diagnostic[];
}

export interface LoadOptions {
  sourceLang?: string;
  memory?: TranslationMemory;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Sees every parsed document (with its corpus folder), for callers that need more than the TM. */
  onDocument?: (doc: SxsDocument, dir: string) => void;
}

export async function memoryFromCorpora(dirs: readonly string[], options: LoadOptions = {}): Promise<LoadedMemory> {
  const memory = options.memory ?? new TranslationMemory();
  const result: LoadedMemory = { memory, documents: 0, segments: 0, tmxUnits: 0, diagnostics: [] };
  const listed = await Promise.all(
    dirs.map(async (dir) => {
      try {
        if (dir.toLowerCase().endsWith('.tmx') && (await stat(dir)).isFile()) {
          await addTmx(memory, dir, result);
          return { dir, paths: [] };
        }
        // One walk of the folder: its TMX files join the memory, its Markdown documents are read below.
        const files = await listFiles(dir, ['.md', '.tmx']);
        for (const tmx of files.filter((f) => f.toLowerCase().endsWith('.tmx'))) await addTmx(memory, join(dir, tmx), result);
        return { dir, paths: files.filter((f) => f.toLowerCase().endsWith('.md')) };
      } catch (error) {
        const message = `cannot read the corpus folder: ${(error as Error).message}; check the path`;
        result.diagnostics.push(diagnostic('invalid-utf8', { file: dir }, message));
        return { dir, paths: [] };
      }
    }),
  );
  const total = listed.reduce((n, l) => n + l.paths.length, 0);
  for (const { dir, paths } of listed) {
    const corpus = basename(dir);
    const add = (doc: SxsDocument, targetLang?: string) => {
      const addOptions: { sourceLang?: string; targetLang?: string; corpus: string } = { corpus };
      if (options.sourceLang) addOptions.sourceLang = options.sourceLang;
      if (targetLang) addOptions.targetLang = targetLang;
      result.segments += memory.addDocument(doc, addOptions);
    };
    const localesByFolder = new Map<string, Set<string>>();
    const unlocated: SxsDocument[] = [];
    for (const path of paths) {
      const doc = await readSxsDocument(dir, path);
      for (const d of doc.diagnostics) result.diagnostics.push({ ...d, file: join(dir, d.file) });
      result.documents++;
      if (doc.locale) {
        for (const folder of folders(path)) {
          if (!localesByFolder.has(folder)) localesByFolder.set(folder, new Set());
          localesByFolder.get(folder)!.add(doc.locale);
        }
        add(doc);
      } else if (doc.segments.length > 0) {
        unlocated.push(doc);
      }
      options.onDocument?.(doc, dir);
      options.onProgress?.(result.documents, total, corpus);
    }
    for (const doc of unlocated) {
      const locale = folderLocale(doc.path, localesByFolder);
      const warning = (message: string): Diagnostic => diagnostic('missing-locale', { file: join(dir, doc.path) }, message, 'warning');
      if (locale) {
        add(doc, locale);
        result.diagnostics.push(warning(`no ms.contentlocale in the front matter; its pairs went into the memory as ${locale}, the locale of the documents beside it. Add ms.contentlocale to be sure`));
      } else {
        result.diagnostics.push(warning('no ms.contentlocale in the front matter and no single locale around it, so its pairs were left out of the memory; add ms.contentlocale'));
      }
    }
  }
  return result;
}

async function addTmx(memory: TranslationMemory, path: string, result: LoadedMemory): Promise<void> {
  const read = readTmx(await readFile(path), path);
  result.diagnostics.push(...read.diagnostics);
  for (const entry of read.entries) if (memory.add(entry)) result.tmxUnits++;
}

/** `a/b/c.md` → `a/b/`, `a/`, `` (nearest first). */
function folders(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  const out: string[] = [];
  for (let k = parts.length; k >= 0; k--) out.push(parts.slice(0, k).map((p) => p + '/').join(''));
  return out;
}

/** The one locale of the nearest folder that holds located documents; undefined when they disagree. */
function folderLocale(path: string, localesByFolder: Map<string, Set<string>>): string | undefined {
  for (const folder of folders(path)) {
    const locales = localesByFolder.get(folder);
    if (locales) return locales.size === 1 ? [...locales][0] : undefined;
  }
  return undefined;
}
