/**
 * The parts of sxs pages (./sxs.ts) kept from one build to the next, one file per content root
 * in a folder of build bookkeeping (`bitext build` keeps it beside the incremental manifest). A
 * rebuild takes the parts of each document it finds as the previous build found it instead of
 * reading, parsing and making them again: on the 12,000-page site, reading, parsing and making
 * the parts were more than half of the site model, which every rebuild makes whole.
 *
 * A document is known by its path and its file's identity (`fileIdentity`: size, modification
 * and change times, inode), as version control tools tell a changed file from its index: the
 * change time is set by the system on every write, never by a tool, so a file written since has
 * another identity. A file written in the last seconds (`SETTLED_MS`) gets none, and is read and
 * not kept: a second write within one tick of the file system's clock, at the same size, would
 * leave its identity as it was (git checks such "racy" files again for the same reason). A root's file is keyed by `key`, a hash of everything else its parts depend on
 * (the code, the UI strings, the feedback URL: the caller's to say), with the root's folder and
 * place: a change to any of those leaves the file unread. A document whose parts depend on a
 * file of its own besides (its translator's XLIFF file: `PartSources`) has its entry taken only
 * while that file has the path and identity it had, and the entry holds what the merge added to
 * the build's XLIFF report, given back when it is taken. A cache file that is unreadable, of
 * another key or of another format is a cold start, never an error.
 */
import { hash } from 'node:crypto';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../../io/write-atomic.ts';
import { readFileSync, type Stats } from 'node:fs';
import type { Diagnostic } from '../../model/diagnostics.ts';
import type { IncludeRef } from '../includes.ts';
import type { SxsPageParts } from './sxs.ts';
import type { XliffMergeRecord, XliffTargets } from '../xliff-targets.ts';

/** What a parsed sxs document with a locale gives the site, as the cache keeps it. */
export interface CachedSxsDocument {
  /** Its `ms.contentlocale`, as written. */
  locale: string;
  /** The parser's diagnostics, `file` relative to the root as the parser gives it. */
  diagnostics: Diagnostic[];
  /** Its include directives (../includes.ts), found when it was read. */
  includeRefs: readonly IncludeRef[];
  parts: SxsPageParts;
  /** What else the parts were made from (`PartSources.dependency`). */
  dependency: string;
  /** What making them added to the build's XLIFF report, given back when they are taken. */
  record?: XliffMergeRecord;
}

/**
 * What a document's sxs page is made from besides its file, as the build knows it: the file of
 * its translator, when `bitext build --xliff` has one for it.
 */
export interface PartSources {
  /**
   * Everything else the parts of the document at `relPath` (a page of `locale`) are made from,
   * by identity (a file's as the cache knows it: `identity`): '' for nothing else, undefined when
   * that is not known (then they are not kept).
   */
  dependency(locale: string, relPath: string, identity: (stats: Stats) => string | undefined): string | undefined;
  /** What making its parts recorded elsewhere, once they are made. */
  recordOf(locale: string, relPath: string): XliffMergeRecord | undefined;
  /** Gives back what was recorded when the parts are taken from the cache. */
  replay(locale: string, relPath: string, record: XliffMergeRecord): void;
}

/** A site whose pages are made from their documents alone. */
export const DOCUMENTS_ONLY: PartSources = { dependency: () => '', recordOf: () => undefined, replay: () => undefined };

/**
 * The sources of a site built with the XLIFF files `xliff`: a document with a file there
 * depends on it, known by its path and identity; the merge's part of the report is kept with
 * the page.
 */
export function xliffPartSources(xliff: XliffTargets | undefined): PartSources {
  if (!xliff) return DOCUMENTS_ONLY;
  return {
    dependency(locale, relPath, identity) {
      const file = xliff.fileOf(locale, relPath);
      if (!file) return '';
      const known = file.stats && identity(file.stats);
      return known && `xliff\0${file.path}\0${known}`;
    },
    recordOf: (locale, relPath) => xliff.recordOf(locale, relPath),
    replay: (locale, relPath, record) => xliff.replay(locale, relPath, record),
  };
}

/** How long ago a file must have been written last for the cache to know it by its identity. */
export const SETTLED_MS = 2000;

/** A file's identity as the cache knows it, changed by every write to the file; none for a file written less than `settledMs` ago (or in the future of this clock). */
export function fileIdentity(stats: Stats, settledMs = SETTLED_MS, now = Date.now()): string | undefined {
  if (now - Math.max(stats.mtimeMs, stats.ctimeMs) < settledMs) return undefined;
  return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}`;
}

/** Bumped when what an entry holds changes shape in a way the code hash would not show. */
const FORMAT = 3;

/**
 * A root's file: the byte length of its header, the header, then each entry serialized on its
 * own (`node:v8`), in the header's order. An entry is deserialized only when a document asks for
 * it, and one the build uses as it was is written back as the same bytes.
 */
interface RootCacheHeader {
  format: number;
  key: string;
  ids: string[];
  lengths: number[];
}

/** The cache of the roots of one site: where their files are and what they must have been made under. */
export class SxsPartsCache {
  readonly dir: string;
  readonly key: string;
  /** `fileIdentity`'s settling time (a test makes it 0). */
  readonly settledMs: number;
  private readonly writes: Promise<void>[] = [];
  /** The entries of roots' files read before their `root` was asked for (`previousOf`), by file. */
  private readonly read = new Map<string, Map<string, Uint8Array>>();
  /** Documents of this build whose parts came from the cache, and documents whose entry it made. */
  readonly counts = { reused: 0, made: 0 };

  constructor(dir: string, key: string, settledMs = SETTLED_MS) {
    this.dir = dir;
    this.key = key;
    this.settledMs = settledMs;
  }

  /** The cache of the root at `rootDir`, the `index`-th root of the site, with what its file holds. */
  root(rootDir: string, index: number): RootPartsCache {
    const { file, key } = this.fileOf(rootDir, index);
    const entries = this.read.get(file) ?? readEntries(file, key);
    this.read.delete(file);
    return new RootPartsCache(this, file, key, entries);
  }

  /**
   * The entry the previous build made of the document at `relPath` of that root, whatever its
   * file was then: what a guess made before the site model compares the document with. The
   * root's file is read once, and `root` takes what was read.
   */
  previousOf(rootDir: string, index: number, relPath: string): CachedSxsDocument | undefined {
    const { file, key } = this.fileOf(rootDir, index);
    let entries = this.read.get(file);
    if (!entries) this.read.set(file, (entries = readEntries(file, key)));
    const ofPath = `\0${relPath}`;
    for (const [id, bytes] of entries) if (id.endsWith(ofPath)) return deserialize(bytes) as CachedSxsDocument;
    return undefined;
  }

  private fileOf(rootDir: string, index: number): { file: string; key: string } {
    return { key: hash('sha256', `${FORMAT}\0${this.key}\0${index}\0${rootDir}`), file: join(this.dir, `sxs-parts-${hash('sha256', rootDir).slice(0, 16)}.bin`) };
  }

  /** Puts the entries of `root` this build made or used in its file, written while the build goes on (`written`). */
  save(root: RootPartsCache): void {
    this.writes.push(root.save());
  }

  /** When every file `save` was given is written (or failed to be: the next build is then cold). */
  async written(): Promise<void> {
    await Promise.all(this.writes);
  }
}

function readEntries(file: string, key: string): Map<string, Uint8Array> {
  const entries = new Map<string, Uint8Array>();
  try {
    // At once: one file of up to a few hundred MB, read from the page cache in a call, not in
    // chunks each waiting in the thread pool.
    const bytes = readFileSync(file);
    const headerEnd = 4 + bytes.readUInt32LE(0);
    const header = deserialize(bytes.subarray(4, headerEnd)) as Partial<RootCacheHeader>;
    if (header.format !== FORMAT || header.key !== key || !Array.isArray(header.ids) || !Array.isArray(header.lengths)) return entries;
    let at = headerEnd;
    for (const [i, id] of header.ids.entries()) {
      const length = header.lengths[i]!;
      entries.set(id, bytes.subarray(at, at + length));
      at += length;
    }
    if (at !== bytes.length) entries.clear();
  } catch {
    // Missing, unreadable or not ours: the root is read cold, and its file written anew.
    entries.clear();
  }
  return entries;
}

/** The cache of one root: the entries of its last build, and those of this one as they are read. */
export class RootPartsCache {
  private readonly file: string;
  private readonly key: string;
  private previous: Map<string, Uint8Array>;
  private current = new Map<string, Uint8Array>();
  /** Entries made by this build (not found in the previous file). */
  private made = 0;

  /** The site's cache: its settling time, and the counts of the whole build. */
  private readonly site: SxsPartsCache;

  constructor(site: SxsPartsCache, file: string, key: string, previous: Map<string, Uint8Array>) {
    this.site = site;
    this.file = file;
    this.key = key;
    this.previous = previous;
  }

  /** The identity the cache knows a file by (`fileIdentity`), or none. */
  identity(stats: Stats): string | undefined {
    return fileIdentity(stats, this.site.settledMs);
  }

  /** Whether the last build left entries to find: if not, no file is looked at before it is read. */
  get hasEntries(): boolean {
    return this.previous.size > 0;
  }

  /** The entry of the document at `relPath` whose file has this identity (`fileIdentity`), when the last build made one that is `usable`. */
  get(relPath: string, identity: string, usable: (entry: CachedSxsDocument) => boolean): CachedSxsDocument | undefined {
    const id = entryId(relPath, identity);
    const bytes = this.previous.get(id);
    if (!bytes) return undefined;
    const entry = deserialize(bytes) as CachedSxsDocument;
    if (!usable(entry)) return undefined;
    this.current.set(id, bytes);
    this.site.counts.reused++;
    return entry;
  }

  /** Keeps the entry of a document this build read (serialized now: the parts as they were made, before pages copy them). */
  set(relPath: string, identity: string, entry: CachedSxsDocument): void {
    this.current.set(entryId(relPath, identity), serialize(entry));
    this.made++;
    this.site.counts.made++;
  }

  /**
   * Writes the entries of this build (only those: a document gone or changed leaves its old entry
   * behind), when they differ from the file's, and lets go of both. Atomic: a build stopped while
   * it writes leaves the previous file.
   */
  async save(): Promise<void> {
    const changed = this.made > 0 || this.current.size !== this.previous.size;
    const entries = this.current;
    this.previous = new Map();
    this.current = new Map();
    if (!changed) return;
    const header = serialize({ format: FORMAT, key: this.key, ids: [...entries.keys()], lengths: [...entries.values()].map((b) => b.length) } satisfies RootCacheHeader);
    const length = Buffer.alloc(4);
    length.writeUInt32LE(header.length);
    const data = [length, header, ...entries.values()];
    try {
      await writeFileAtomic(this.file, data);
    } catch {
      // The cache only saves time: a build that cannot write it is whole, and the next one is cold.
    }
  }
}

const entryId = (relPath: string, identity: string): string => `${identity}\0${relPath}`;
