/**
 * A language's search index as data: Pagefind's metadata, index chunks and filters read into one
 * model and written back, so that a rebuild changes the pages it rendered again in the index the
 * previous build wrote, instead of having Pagefind index every page of the language again (the
 * 5,885 English pages of the large site: 17 s of Pagefind's work after one English sentence).
 *
 * Pagefind's Node API cannot change a page in an index, but what it writes of a page does not
 * depend on the other pages: a page's word positions, its metadata positions (by the names of
 * the metadata fields), its filter values and its fragment file are the same in an index of that
 * page alone as in the index of the whole language (a test indexes both). What does depend on the
 * whole language is only how the pages are numbered (in the order they were given), how the words
 * are cut into chunks and what the files are named. So every index a build writes goes through
 * `writeLanguageIndex` (cold builds too), which chunks and names them by rules of its own, and
 * `replacePages` puts pages indexed alone in place of their previous versions: the result is
 * what writing the whole language's index afresh gives, file for file.
 *
 * The files, each gzip of Pagefind's signature and CBOR:
 * - metadata `pagefind.<lang>_<hash>.pf_meta`: [version, pages [hash, word count, …], chunks
 *   [from, to, hash], filters [name, hash], sorts, metadata field names, …];
 * - chunk `index/<hash>.pf_index`: [words], a word being [word, postings, variants [form,
 *   postings]], a posting [page number less the previous posting's, positions, metadata positions];
 * - filter `filter/<hash>.pf_filter`: [name, [value, page numbers]].
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { CborBytes, type CborValue, type CborWritable, decodeCbor, encodeCbor } from './cbor.ts';
import { byPagefindWordOrder, decodePagefindFile, type IndexFile, metaFileOf, PAGEFIND_SIGNATURE, PagefindFileError } from './pagefind-files.ts';

/** A page's occurrences of a word: its page number, and Pagefind's positions of the word in the page's text and in its metadata, as Pagefind wrote them. */
export interface Posting {
  page: number;
  locs: CborWritable;
  metaLocs: readonly number[];
}

/** A word's postings, and those of the other forms it stands for (a form with diacritics). */
export interface WordPostings {
  postings: Posting[];
  variants: Map<string, Posting[]>;
}

/**
 * A word of the index as its chunk holds it: the CBOR of its postings and of its variants, read
 * (`unpackWord`) only where a change needs it. Decoded, the English index of the large site took
 * 380 MB and 2.4 s to read; as bytes, a tenth of a second.
 */
export interface PackedWord {
  packed: Uint8Array;
  /** What the word adds to its chunk's size (`CHUNK_SIZE`). */
  size: number;
}

/** A language's index as data. */
export interface LanguageIndex {
  language: string;
  version: string;
  /** Per page, in page-number order: [fragment hash, word count, …] as the metadata lists it. */
  pages: CborWritable[][];
  words: Map<string, PackedWord>;
  /** Filter name → value → page numbers. */
  filters: Map<string, Map<string, number[]>>;
  /** The metadata's list of sort orders (none where no page gives one). */
  sorts: CborWritable[];
  /** The names of the metadata fields that metadata positions number. */
  fields: string[];
  /** What the metadata holds after the fields, kept as it is. */
  rest: CborWritable[];
}

/** A chunk's CBOR that is not what Pagefind writes: `at` is where, in bytes. */
class ChunkError extends Error {}

/** A reader of the CBOR heads of a chunk, for `scanChunk` and `forEachPage`. */
class ChunkReader {
  readonly bytes: Uint8Array;
  at = 0;
  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** The head of the next data item of major type `major`: its argument (a length, or an integer). */
  head(major: number): number {
    const initial = this.bytes[this.at];
    if (initial === undefined || initial >> 5 !== major) throw new ChunkError(`expected major type ${major} at byte ${this.at}`);
    const info = initial & 31;
    const b = this.bytes;
    const at = this.at;
    if (info < 24) {
      this.at += 1;
      return info;
    }
    if (info === 24) {
      this.at += 2;
      return b[at + 1]!;
    }
    if (info === 25) {
      this.at += 3;
      return (b[at + 1]! << 8) | b[at + 2]!;
    }
    if (info === 26) {
      this.at += 5;
      return ((b[at + 1]! << 24) >>> 0) + ((b[at + 2]! << 16) | (b[at + 3]! << 8) | b[at + 4]!);
    }
    throw new ChunkError(`an argument of ${info} at byte ${at}`);
  }

  /** Skips an integer. */
  integer(): void {
    const major = (this.bytes[this.at] ?? 0xff) >> 5;
    this.head(major === 1 ? 1 : 0);
  }

  text(): string {
    const n = this.head(3);
    this.at += n;
    if (this.at > this.bytes.length) throw new ChunkError('a text past the end');
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.at - n, n).toString('utf8');
  }

  /** Reads a list of postings, each page number to `page` (from 0); returns what it adds to the chunk's size. */
  postings(page: (number: number) => void = () => undefined): number {
    let size = 0;
    let number = 0;
    for (let n = this.head(4); n > 0; n--) {
      if (this.head(4) !== 3) throw new ChunkError(`a posting that is not three items at byte ${this.at}`);
      number += this.head(0);
      page(number);
      const locs = this.head(4);
      for (let i = 0; i < locs; i++) this.integer();
      const metaLocs = this.head(4);
      for (let i = 0; i < metaLocs; i++) this.integer();
      size += locs + metaLocs + 1;
    }
    return size;
  }

  /** Whether the variants of the last word read were in the order of their forms (`byPagefindWordOrder`). */
  variantsInOrder = true;

  /** Reads a word's postings and variants (`PackedWord.packed`); returns what they add to the chunk's size. */
  word(page?: (number: number) => void): number {
    let size = this.postings(page);
    let form: string | undefined;
    this.variantsInOrder = true;
    for (let n = this.head(4); n > 0; n--) {
      if (this.head(4) !== 2) throw new ChunkError(`a variant that is not two items at byte ${this.at}`);
      const next = this.text();
      if (form !== undefined && byPagefindWordOrder(form, next) >= 0) this.variantsInOrder = false;
      form = next;
      size += this.postings(page);
    }
    return size;
  }
}

/**
 * The words of a chunk's CBOR (`[[word, postings, variants], …]`), each kept as bytes. Pagefind
 * lists a word's variants in the order of the pages it met them on; here they are in the order
 * of their forms, which does not depend on what other pages an index has.
 */
function scanChunk(payload: Uint8Array, into: Map<string, PackedWord>): void {
  const reader = new ChunkReader(payload);
  if (reader.head(4) !== 1) throw new ChunkError('a chunk that is not one list');
  for (let n = reader.head(4); n > 0; n--) {
    if (reader.head(4) !== 3) throw new ChunkError(`a word that is not three items at byte ${reader.at}`);
    const word = reader.text();
    const start = reader.at;
    const size = reader.word();
    const packed = { packed: payload.subarray(start, reader.at), size };
    into.set(word, reader.variantsInOrder ? packed : packWord(unpackWord(packed)));
  }
  if (reader.at !== payload.length) throw new ChunkError(`${payload.length - reader.at} bytes after the words`);
}

/** Calls `page` with each page number of a packed word's postings and variants' (in the order written, from 0 for each list). */
function forEachPage(word: PackedWord, page: (number: number) => void): void {
  new ChunkReader(word.packed).word(page);
}

/** A packed word's postings and variants. */
export function unpackWord(word: PackedWord): WordPostings {
  const items = decodeCbor(Buffer.concat([Buffer.of(0x82), word.packed])) as CborValue[][];
  const postingsOf = (list: CborValue[]): Posting[] => {
    let page = 0;
    return list.map((posting) => {
      const [delta, locs, metaLocs] = posting as [number, CborWritable, number[]];
      page += delta;
      return { page, locs, metaLocs };
    });
  };
  return { postings: postingsOf(items[0]!), variants: new Map(items[1]!.map((variant) => { const [form, list] = variant as [string, CborValue[]]; return [form, postingsOf(list)]; })) };
}

/** Postings as Pagefind writes them: each page number less the one before it. */
function packedPostings(postings: readonly Posting[]): CborWritable[] {
  let previous = 0;
  return postings.map((p) => {
    const packed = [p.page - previous, p.locs, p.metaLocs];
    previous = p.page;
    return packed;
  });
}

/** A word's postings and variants packed as a chunk holds them. */
export function packWord({ postings, variants }: WordPostings): PackedWord {
  const packed = encodeCbor([packedPostings(postings), [...variants].sort(([a], [b]) => byPagefindWordOrder(a, b)).map(([form, list]) => [form, packedPostings(list)])]);
  // The two lists, without the head of the list that holds them here.
  const word = { packed: packed.subarray(1), size: 0 };
  word.size = new ChunkReader(word.packed).word();
  return word;
}

/**
 * Reads the index of `language`, whose metadata hash (Pagefind's entry) is `hash`, from the files
 * `file` gives by their path in the `pagefind/` folder. A file that is missing or not Pagefind's
 * throws `PagefindFileError`.
 */
export function readLanguageIndex(language: string, hash: string, file: (rel: string) => Uint8Array | undefined): LanguageIndex {
  const payload = (rel: string): Buffer => {
    const bytes = file(rel);
    if (!bytes) throw new PagefindFileError(rel, 'missing');
    return decodePagefindFile(bytes, rel);
  };
  const read = (rel: string): CborValue => {
    try {
      return decodeCbor(payload(rel));
    } catch (error) {
      if (error instanceof PagefindFileError) throw error;
      throw new PagefindFileError(rel, `not CBOR Pagefind wrote: ${(error as Error).message}`);
    }
  };
  const metaRel = metaFileOf(hash);
  const meta = read(metaRel);
  const bad = (rel: string, what: string): never => {
    throw new PagefindFileError(rel, `not the index Bitext reads (${what})`);
  };
  if (!Array.isArray(meta) || meta.length < 6 || typeof meta[0] !== 'string') return bad(metaRel, 'metadata');
  const [version, pages, chunks, filterList, sorts, fields, ...rest] = meta;
  if (!Array.isArray(pages) || !Array.isArray(chunks) || !Array.isArray(filterList) || !Array.isArray(sorts) || !Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) return bad(metaRel, 'metadata lists');
  const words = new Map<string, PackedWord>();
  for (const chunk of chunks) {
    if (!Array.isArray(chunk) || typeof chunk[2] !== 'string') return bad(metaRel, 'chunk');
    const rel = `index/${chunk[2]}.pf_index`;
    try {
      scanChunk(payload(rel), words);
    } catch (error) {
      if (error instanceof ChunkError) return bad(rel, error.message);
      throw error;
    }
  }
  const filters = new Map<string, Map<string, number[]>>();
  for (const filter of filterList) {
    if (!Array.isArray(filter) || typeof filter[1] !== 'string') return bad(metaRel, 'filter');
    const rel = `filter/${filter[1]}.pf_filter`;
    const content = read(rel);
    if (!Array.isArray(content) || typeof content[0] !== 'string' || !Array.isArray(content[1])) return bad(rel, 'filter');
    const values = new Map<string, number[]>();
    for (const value of content[1]) {
      if (!Array.isArray(value) || typeof value[0] !== 'string' || !Array.isArray(value[1])) return bad(rel, 'filter value');
      values.set(value[0], value[1] as number[]);
    }
    filters.set(content[0], values);
  }
  return { language, version, pages: pages as CborWritable[][], words, filters, sorts: sorts as CborWritable[], fields: fields as string[], rest: rest as CborWritable[] };
}

/** Pagefind's size of a chunk (positions and pages held) at which the next word starts another. */
const CHUNK_SIZE = 20_000;

/**
 * The shortest prefixes that tell the last word of a chunk from the first of the next, as
 * Pagefind's metadata gives a chunk's range: one character past what they share.
 */
function rangePrefixes(last: string, next: string): [string, string] {
  const a = Array.from(last);
  const b = Array.from(next);
  let shared = 0;
  while (shared < a.length && shared < b.length && a[shared] === b[shared]) shared++;
  return [a.slice(0, shared + 1).join(''), b.slice(0, shared + 1).join('')];
}

/** A file's name after its content: the language and as much of the content's hash as tells it from the names given before. */
function namer(language: string, length: number): (payload: Uint8Array) => string {
  const taken = new Set<string>();
  return (payload) => {
    const hex = createHash('sha256').update(payload).digest('hex');
    let n = length;
    while (taken.has(hex.slice(0, n)) && n < hex.length) n++;
    taken.add(hex.slice(0, n));
    return `${language}_${hex.slice(0, n)}`;
  };
}

/** The file's bytes as Pagefind's reader takes them: gzip of the signature and the payload. */
const packed = (payload: Uint8Array): Buffer => gzipSync(Buffer.concat([Buffer.from(PAGEFIND_SIGNATURE), payload]));

/**
 * The files of `index` (metadata, chunks, filters; the fragments are Pagefind's own) and its
 * metadata hash for the entry. A function of the index's content alone: the same pages give the
 * same files, however the index was made. Files `present` has (a previous copy of the index)
 * are only named (`present`): a file is named after its content.
 */
export function writeLanguageIndex(index: LanguageIndex, present: (rel: string) => boolean = () => false): { hash: string; files: IndexFile[]; present: string[] } {
  const files: IndexFile[] = [];
  const kept: string[] = [];
  // A file of that name holds that payload: not compressed again.
  const add = (rel: string, payload: Uint8Array) => {
    if (present(rel)) kept.push(rel);
    else files.push({ rel, content: packed(payload) });
  };
  const chunkName = namer(index.language, 7);
  const chunks: { from: string; to: string; hash: string }[] = [];
  let words: CborWritable[] = [];
  let first = '';
  let last = '';
  let size = 0;
  const close = () => {
    if (words.length === 0) return;
    const payload = encodeCbor([words]);
    const hash = chunkName(payload);
    add(`index/${hash}.pf_index`, payload);
    chunks.push({ from: first, to: last, hash });
    words = [];
    size = 0;
  };
  for (const word of [...index.words.keys()].sort(byPagefindWordOrder)) {
    const entry = index.words.get(word)!;
    if (words.length === 0) first = word;
    last = word;
    words.push([word, new CborBytes(entry.packed, 2)]);
    size += entry.size;
    if (size >= CHUNK_SIZE) close();
  }
  close();
  for (let i = 0; i + 1 < chunks.length; i++) [chunks[i]!.to, chunks[i + 1]!.from] = rangePrefixes(chunks[i]!.to, chunks[i + 1]!.from);
  const filterName = namer(index.language, 7);
  const filters: CborWritable[] = [];
  for (const name of [...index.filters.keys()].sort(byPagefindWordOrder)) {
    const values = [...index.filters.get(name)!].sort(([a], [b]) => byPagefindWordOrder(a, b));
    const payload = encodeCbor([name, values.map(([value, pages]) => [value, pages])]);
    const hash = filterName(payload);
    add(`filter/${hash}.pf_filter`, payload);
    filters.push([name, hash]);
  }
  const meta = encodeCbor([index.version, index.pages, chunks.map((c) => [c.from, c.to, c.hash]), filters, index.sorts, index.fields, ...index.rest]);
  const hash = `${index.language}_${createHash('sha256').update(meta).digest('hex').slice(0, index.language.length + 8)}`;
  add(metaFileOf(hash), meta);
  return { hash, files, present: kept };
}

/**
 * The index `previous` with the pages of `fresh` (an index of those pages alone) in place of
 * their previous versions, or added: `previousPages` and `freshPages` name each index's pages by
 * page number (their site files), and the pages of the result are numbered in the order of their
 * names (`byName`), as a build gives them to Pagefind. Pages are replaced or added, never left
 * out: the fields of the metadata are those the language's pages have, and a page left out
 * could take one with it; for the same reason a replaced page is to have the fields it had,
 * which its fragment tells (the caller's check: ./pagefind-patch.ts `withPagesReplaced`). Gives
 * a reason instead where the result would not be what indexing the whole language afresh gives:
 * a page with a field the language lacks, sort orders, fragment hashes that collide, page names
 * out of order.
 * Only the words of changed pages, and of pages numbered anew after an added one, are unpacked.
 */
export function replacePages(
  previous: LanguageIndex,
  previousPages: readonly string[],
  fresh: LanguageIndex,
  freshPages: readonly string[],
  byName: (a: string, b: string) => number,
): LanguageIndex | string {
  if (previousPages.length !== previous.pages.length || freshPages.length !== fresh.pages.length) return 'the pages named are not the pages indexed';
  if (previous.sorts.length > 0 || fresh.sorts.length > 0) return 'pages give sort orders';
  if (fresh.version !== previous.version) return `Pagefind ${fresh.version} indexed the pages, ${previous.version} the language`;
  for (let i = 1; i < previousPages.length; i++) if (byName(previousPages[i - 1]!, previousPages[i]!) >= 0) return 'the previous pages are not in order';
  const freshIndex = new Map(freshPages.map((name, i) => [name, i]));
  const names = [...new Set([...previousPages, ...freshPages])].sort(byName);
  const number = new Map(names.map((name, i) => [name, i]));
  // Page number in the result of each page of either index; -1: replaced.
  const fromPrevious = previousPages.map((name) => (freshIndex.has(name) ? -1 : number.get(name)!));
  const fromFresh = freshPages.map((name) => number.get(name)!);
  // Previous pages from this one on are numbered anew (a page added before them); these are replaced.
  let firstMoved = fromPrevious.findIndex((page, i) => page >= 0 && page !== i);
  if (firstMoved < 0) firstMoved = previousPages.length;
  const replaced = Uint8Array.from(fromPrevious, (page) => (page < 0 ? 1 : 0));
  // A metadata position names its field by its number in the index's list of fields, -(n + 1).
  const fieldOf = fresh.fields.map((name) => previous.fields.indexOf(name));
  if (fieldOf.some((n) => n < 0)) return `a page has a metadata field the language did not (${fresh.fields.filter((_, i) => fieldOf[i]! < 0).join(', ')})`;
  const renumberFields = (locs: readonly number[]) => (fieldOf.every((n, i) => n === i) ? locs : locs.map((n) => (n < 0 ? -(fieldOf[-n - 1]! + 1) : n)));
  const merge = (before: readonly Posting[] | undefined, after: readonly Posting[] | undefined): Posting[] => {
    const out: Posting[] = [];
    for (const p of before ?? []) {
      const page = fromPrevious[p.page]!;
      if (page >= 0) out.push(page === p.page ? p : { ...p, page });
    }
    const added = (after ?? []).map((p) => ({ page: fromFresh[p.page]!, locs: p.locs, metaLocs: renumberFields(p.metaLocs) }));
    if (added.length === 0) return out;
    return [...out, ...added].sort((a, b) => a.page - b.page);
  };
  const words = new Map<string, PackedWord>();
  const moves = (word: PackedWord): boolean => {
    let moved = false;
    forEachPage(word, (page) => {
      if (page >= firstMoved || replaced[page] === 1) moved = true;
    });
    return moved;
  };
  for (const [word, packedWord] of previous.words) {
    if (!fresh.words.has(word) && !moves(packedWord)) words.set(word, packedWord);
  }
  for (const word of new Set([...previous.words.keys(), ...fresh.words.keys()])) {
    if (words.has(word)) continue;
    const before = previous.words.has(word) ? unpackWord(previous.words.get(word)!) : undefined;
    const after = fresh.words.has(word) ? unpackWord(fresh.words.get(word)!) : undefined;
    const postings = merge(before?.postings, after?.postings);
    const variants = new Map<string, Posting[]>();
    for (const form of new Set([...(before?.variants.keys() ?? []), ...(after?.variants.keys() ?? [])])) {
      const merged = merge(before?.variants.get(form), after?.variants.get(form));
      if (merged.length > 0) variants.set(form, merged);
    }
    if (postings.length > 0 || variants.size > 0) words.set(word, packWord({ postings, variants }));
  }
  const filters = new Map<string, Map<string, number[]>>();
  const addFilters = (from: LanguageIndex, renumber: (page: number) => number) => {
    for (const [name, values] of from.filters) {
      const into = filters.get(name) ?? filters.set(name, new Map()).get(name)!;
      for (const [value, pages] of values) {
        const kept = pages.map(renumber).filter((n) => n >= 0);
        if (kept.length > 0) into.set(value, [...(into.get(value) ?? []), ...kept]);
      }
    }
  };
  addFilters(previous, (page) => fromPrevious[page] ?? -1);
  addFilters(fresh, (page) => fromFresh[page] ?? -1);
  for (const values of filters.values()) for (const [value, pages] of values) values.set(value, pages.sort((a, b) => a - b));
  for (const [name, values] of filters) if (values.size === 0) filters.delete(name);
  const pages: CborWritable[][] = new Array(names.length);
  previous.pages.forEach((page, i) => {
    if (fromPrevious[i]! >= 0) pages[fromPrevious[i]!] = page;
  });
  fresh.pages.forEach((page, i) => (pages[fromFresh[i]!] = page));
  const short = previous.language.length + 1 + 7;
  const hashes = pages.map((page) => String(page[0]));
  if (hashes.some((h) => h.length !== short) || new Set(hashes).size !== hashes.length) return 'fragment hashes collide';
  return { ...previous, pages, words, filters };
}
