/**
 * Pagefind's own search module of a built site, run in Node for tests: its fetches of file: URLs
 * read the disk, and the index language comes from a stand-in for <html lang>, as in the browser.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface PagefindResultData {
  url: string;
  content: string;
  raw_content?: string;
}

export interface PagefindModule {
  options(o: Record<string, unknown>): Promise<void>;
  search(term: string | null): Promise<{ results: { id: string; data(): Promise<PagefindResultData> }[] }>;
}

/**
 * Pagefind's module of the site `dir` for the language `lang`. `instance`: a name for a module of
 * its own (nothing loaded yet) beside one opened before for the same site and language;
 * `fetched`: told the path (under `dir`) of each file the module reads.
 */
export async function openSearch(dir: string, lang: string, options: { instance?: string; fetched?: (path: string) => void } = {}): Promise<PagefindModule> {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: string | URL | Request) => {
    const url = String(input instanceof Request ? input.url : input);
    if (!url.startsWith('file:')) return realFetch(input);
    const file = fileURLToPath(url.replace(/[?#].*$/, ''));
    options.fetched?.(file.slice(dir.length));
    try {
      return new Response(await readFile(file));
    } catch {
      return new Response(null, { status: 404 });
    }
  }) as typeof fetch;
  (globalThis as { document?: unknown }).document = { currentScript: null, querySelector: () => ({ getAttribute: () => lang }) };
  // A query string gives each site and language a module of its own.
  const pagefind = (await import(`${pathToFileURL(join(dir, 'pagefind/pagefind.js')).href}?${encodeURIComponent(dir)}-${lang}${options.instance ? `-${options.instance}` : ''}`)) as PagefindModule;
  await pagefind.options({ basePath: pathToFileURL(join(dir, 'pagefind')).href + '/', baseUrl: '/' });
  return pagefind;
}
