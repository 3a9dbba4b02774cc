/**
 * Reading the files Pagefind writes for a language. Each is gzip of the signature `pagefind_dcd`
 * and a payload: JSON for a fragment (the data of a page or a group of pages), CBOR for the
 * language's metadata (`pagefind.<lang>_<hash>.pf_meta`) and for an index chunk
 * (`index/<lang>_<hash>.pf_index`). The metadata lists the chunks, each with the first and last
 * word it holds: a query's word is looked for in the chunk whose range holds it.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { type CborValue, decodeCbor } from './cbor.ts';

export const PAGEFIND_SIGNATURE = 'pagefind_dcd';

/** A file of Pagefind's that is not what it should be: `file` names it. */
export class PagefindFileError extends Error {
  readonly file: string;
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}; index the site again (bitext build)`);
    this.file = file;
  }
}

/** The payload of one of Pagefind's files (gunzipped, without its signature). */
export function decodePagefindFile(bytes: Uint8Array, file: string): Buffer {
  let raw: Buffer;
  try {
    raw = gunzipSync(bytes);
  } catch {
    throw new PagefindFileError(file, 'not gzip');
  }
  if (raw.subarray(0, PAGEFIND_SIGNATURE.length).toString('latin1') !== PAGEFIND_SIGNATURE) throw new PagefindFileError(file, `does not begin with Pagefind's signature (${PAGEFIND_SIGNATURE})`);
  return raw.subarray(PAGEFIND_SIGNATURE.length);
}

/**
 * The payload of a fragment file: the JSON of a page, or of a group of pages by id. Read at once:
 * a fragment is a few kB, and a language's thousands of them were read in more time through the
 * thread pool's round trips than it took to decode them.
 */
export function readFragmentFile(file: string): Record<string, unknown> {
  const json: unknown = JSON.parse(decodePagefindFile(readFileSync(file), file).toString('utf8'));
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new PagefindFileError(file, 'a fragment that is not a JSON object');
  return json as Record<string, unknown>;
}

/** Bytes of a fragment file that hold the start of its payload, where a page's fragment has its URL. */
const FRAGMENT_HEAD_BYTES = 512;
const URL_FIRST = /^pagefind_dcd\{"url":("(?:[^"\\]|\\.)*")/;

/**
 * The URL of the page whose fragment is `file`, from the file's first bytes alone (Pagefind writes
 * it first); undefined for a fragment that is a group of pages, or whose URL is not in them.
 * Pairing a language's pages with their English ones needs only the URLs: decoding whole
 * fragments was most of that.
 */
export function fragmentUrl(file: string): string | undefined {
  const head = Buffer.alloc(FRAGMENT_HEAD_BYTES);
  const fd = openSync(file, 'r');
  let length: number;
  try {
    length = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  let text: string;
  try {
    text = gunzipSync(head.subarray(0, length), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
  } catch {
    return undefined;
  }
  const quoted = URL_FIRST.exec(text)?.[1];
  return quoted === undefined ? undefined : (JSON.parse(quoted) as string);
}

/** A fragment file's bytes for `json`, as Pagefind writes them. */
export function encodeFragmentFile(json: unknown): Buffer {
  return gzipSync(PAGEFIND_SIGNATURE + JSON.stringify(json), { level: 9 });
}

/** A language's metadata file in its `pagefind/` folder (`/`-separated), for the hash Pagefind's entry gives the language. */
export const metaFileOf = (languageHash: string): string => `pagefind.${languageHash}.pf_meta`;

/** A language's metadata file in a `pagefind/` folder, for the hash Pagefind's entry gives the language. */
export function pagefindMetaFile(pagefindDir: string, languageHash: string): string {
  return join(pagefindDir, metaFileOf(languageHash));
}

/** A page's fragment file in its `pagefind/` folder (`/`-separated), for the page's hash in the metadata. */
export const fragmentFileOf = (pageHash: string): string => `fragment/${pageHash}.pf_fragment`;

/** A file of a Pagefind index: its path in the index's folder (`/`-separated), and its bytes. */
export interface IndexFile {
  rel: string;
  content: Uint8Array;
}

/** An index chunk's file in a `pagefind/` folder. */
export function indexChunkFile(pagefindDir: string, chunk: IndexChunkRange): string {
  return join(pagefindDir, 'index', `${chunk.hash}.pf_index`);
}

/** Pagefind's order of words (Rust's, by UTF-8 bytes): not JavaScript's by UTF-16 code units past U+FFFF. */
export function byPagefindWordOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The chunk in which Pagefind's search looks a query word up: the first whose range holds it. */
export function chunkHolding(chunks: readonly IndexChunkRange[], word: string): IndexChunkRange | undefined {
  return chunks.find((c) => byPagefindWordOrder(c.from, word) <= 0 && byPagefindWordOrder(word, c.to) <= 0);
}

/** An index chunk as the metadata lists it. */
export interface IndexChunkRange {
  /** The chunk's first and last word (normalized and stemmed as indexed). */
  from: string;
  to: string;
  /** Its file: `index/<hash>.pf_index`. */
  hash: string;
}

/** A word of an index chunk and the number of pages it is on as written (other forms of it not counted). */
export interface IndexedWord {
  word: string;
  pages: number;
}

function decodedCbor(bytes: Uint8Array, file: string): CborValue {
  try {
    return decodeCbor(decodePagefindFile(bytes, file));
  } catch (error) {
    if (error instanceof PagefindFileError) throw error;
    throw new PagefindFileError(file, `not CBOR Pagefind wrote: ${(error as Error).message}`);
  }
}

/** The index chunks a language's metadata file lists, in its order (by word). */
export async function readIndexChunkRanges(metaFile: string): Promise<IndexChunkRange[]> {
  const meta = decodedCbor(await readFile(metaFile), metaFile);
  // The metadata: [version, pages, index chunks, filters, sorts, ...].
  const chunks = Array.isArray(meta) ? meta[2] : undefined;
  if (!Array.isArray(chunks)) throw new PagefindFileError(metaFile, 'metadata without a list of index chunks');
  return chunks.map((chunk) => {
    if (!Array.isArray(chunk) || typeof chunk[0] !== 'string' || typeof chunk[1] !== 'string' || typeof chunk[2] !== 'string') throw new PagefindFileError(metaFile, 'an index chunk that is not [from, to, hash]');
    return { from: chunk[0], to: chunk[1], hash: chunk[2] };
  });
}

/** The words of an index chunk file, in its order. */
export async function readIndexChunkWords(chunkFile: string): Promise<IndexedWord[]> {
  const chunk = decodedCbor(await readFile(chunkFile), chunkFile);
  // A chunk: [[word, [page locations…], [other forms…]], …] inside a list of one.
  const words = Array.isArray(chunk) ? chunk[0] : undefined;
  if (!Array.isArray(words)) throw new PagefindFileError(chunkFile, 'an index chunk without its list of words');
  return words.map((entry) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) throw new PagefindFileError(chunkFile, 'a word that is not [word, pages, …]');
    return { word: entry[0], pages: entry[1].length };
  });
}
