/**
 * Texts kept in a scratch file instead of the heap: the HTML the loader renders for each page is
 * read back when Astro generates the page (once per locale that shows it), and held in memory it
 * was the largest part of a large site's heap (the pages' HTML, a string each, until the build
 * ends). Also what the search index has yet to send Pagefind of the pages given to it
 * (./pagefind-bundle.ts). Written once, appended to one file; read by position; the file is gone
 * with the process.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the site keeps per page id: a Map in `astro dev`, which renders pages again as they change. */
export interface TextStore {
  get(id: string): string | undefined;
  set(id: string, text: string): void;
  has(id: string): boolean;
}

export class SpilledTexts implements TextStore {
  readonly #fd: number;
  /** Id → byte offset and length in the file. */
  readonly #where = new Map<string, [number, number]>();
  #end = 0;
  /** The text read last: a page reads its HTML more than once in a row (reading time, then the body). */
  #last: [string, string] | undefined;

  constructor(dir = tmpdir()) {
    const folder = mkdtempSync(join(dir, 'bitext-html-'));
    const file = join(folder, 'texts');
    this.#fd = openSync(file, 'w+');
    // An open file outlives its name on POSIX systems: nothing is left behind, even when the
    // process is killed. Where that is refused (Windows) the folder goes when the process exits.
    try {
      rmSync(folder, { recursive: true, force: true });
    } catch {
      process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
    }
  }

  set(id: string, text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written, bytes.length - written, this.#end + written);
    this.#where.set(id, [this.#end, bytes.length]);
    this.#end += bytes.length;
    if (this.#last?.[0] === id) this.#last = undefined;
  }

  get(id: string): string | undefined {
    if (this.#last?.[0] === id) return this.#last[1];
    const at = this.#where.get(id);
    if (!at) return undefined;
    const bytes = Buffer.allocUnsafe(at[1]);
    let read = 0;
    while (read < at[1]) {
      const n = readSync(this.#fd, bytes, read, at[1] - read, at[0] + read);
      if (n === 0) throw new Error(`the scratch file of rendered pages ended early reading "${id}"`);
      read += n;
    }
    const text = bytes.toString('utf8');
    this.#last = [id, text];
    return text;
  }

  has(id: string): boolean {
    return this.#where.has(id);
  }

  /** Closes the file (its space is freed); the texts can no longer be read. */
  close(): void {
    this.#where.clear();
    this.#last = undefined;
    closeSync(this.#fd);
  }
}
