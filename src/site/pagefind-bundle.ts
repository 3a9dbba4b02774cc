/**
 * Pagefind's output as files per language. Pagefind writes one index per language (`<html lang>`,
 * lower case) into files named after it: `pagefind.<lang>_<hash>.pf_meta` and
 * `index|fragment|filter/<lang>_<hash>.*`; `pagefind-entry.json` lists the languages with their
 * hashes. A language's files depend only on that language's pages, so the index of a site can be
 * put together from the indexes of its languages, wherever each was built: `bitext merge` joins
 * the shards' languages (./merge-shards.ts) and an incremental build keeps the languages whose
 * pages did not change (./incremental.ts). A language is indexed again from the site's pages of
 * its locale folder.
 */
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const PAGEFIND_ENTRY = 'pagefind/pagefind-entry.json';
const LANGUAGE_FILE = /^pagefind\/(?:pagefind\.([^/]+)_[0-9a-f]+\.pf_meta|(?:index|fragment|filter)\/([^/]+)_[0-9a-f]+\.pf_\w+)$/;

export interface PagefindEntry {
  version?: string;
  languages?: Record<string, { hash: string; wasm: string; page_count: number }>;
  include_characters?: string[];
}

/** The language a file of the site (`pagefind/...`, `/`-separated) indexes, or undefined for a file of every language. */
export function pagefindLanguageOf(rel: string): string | undefined {
  const m = LANGUAGE_FILE.exec(rel);
  return m ? (m[1] ?? m[2]) : undefined;
}

export async function readPagefindEntry(siteDir: string): Promise<PagefindEntry> {
  return JSON.parse(await readFile(join(siteDir, PAGEFIND_ENTRY), 'utf8').catch(() => '{"languages":{}}')) as PagefindEntry;
}

/** Writes the entry file listing `languages` (in Pagefind's order, by name) with the rest of `base`. */
export async function writePagefindEntry(siteDir: string, base: PagefindEntry, languages: NonNullable<PagefindEntry['languages']>): Promise<void> {
  const sorted = Object.fromEntries(Object.keys(languages).sort().map((k) => [k, languages[k]!]));
  await mkdir(join(siteDir, 'pagefind'), { recursive: true });
  await writeFile(join(siteDir, PAGEFIND_ENTRY), JSON.stringify({ ...base, languages: sorted }));
}

/**
 * Indexes a built site as Pagefind's one run over the whole site does (Starlight's), one language
 * at a time: each run holds one language's pages, not the site's, and Pagefind's process is gone
 * before the next starts. On the large site (12,000 indexed pages) one run over everything grew
 * to 3 GB beside the build's own process.
 */
export async function indexSiteByLanguage(siteDir: string, languages: string[]): Promise<void> {
  const found: NonNullable<PagefindEntry['languages']> = {};
  let base: PagefindEntry = {};
  for (const [i, lang] of languages.entries()) {
    const entry = await indexLanguages(siteDir, [lang], { sharedFiles: i === 0 });
    if (i === 0) base = entry;
    Object.assign(found, entry.languages ?? {});
  }
  await writePagefindEntry(siteDir, base, found);
}

/**
 * Runs Pagefind over the pages of `languages` (their locale folders of `siteDir`) and copies those
 * languages' files into `siteDir/pagefind`, with Pagefind's scripts and styles when `sharedFiles`
 * (else only its wasm files: the other shared files are there already); returns Pagefind's entry
 * for them.
 */
export async function indexLanguages(siteDir: string, languages: string[], { sharedFiles = false } = {}): Promise<PagefindEntry> {
  const pagefind = await import('pagefind');
  const scratch = await mkdtemp(join(tmpdir(), 'bitext-pagefind-'));
  try {
    const { index, errors } = await pagefind.createIndex();
    if (!index) throw new Error(`Pagefind: ${errors.join('; ')}`);
    const glob = languages.length === 1 ? `${languages[0]}/**/*.html` : `{${languages.join(',')}}/**/*.html`;
    const added = await index.addDirectory({ path: siteDir, glob });
    if (added.errors.length > 0) throw new Error(`Pagefind: ${added.errors.join('; ')}`);
    const written = await index.writeFiles({ outputPath: scratch });
    if (written.errors.length > 0) throw new Error(`Pagefind: ${written.errors.join('; ')}`);
    const entry = JSON.parse(await readFile(join(scratch, 'pagefind-entry.json'), 'utf8')) as PagefindEntry;
    const entries = await readdir(scratch, { recursive: true, withFileTypes: true });
    for (const e of entries.filter((e) => e.isFile())) {
      const rel = join(e.parentPath, e.name).slice(scratch.length + 1).split('\\').join('/');
      const lang = pagefindLanguageOf(`pagefind/${rel}`);
      if (lang === undefined ? !sharedFiles && !/^wasm\./.test(rel) : !languages.includes(lang)) continue;
      const target = join(siteDir, 'pagefind', rel);
      await mkdir(dirname(target), { recursive: true });
      // The file there may be a hard link to the previous site's (an incremental build links the
      // language-independent files): copying onto it would write through into that site, which
      // must stay as it is until the new one is swapped in.
      await rm(target, { force: true });
      await copyFile(join(scratch, rel), target);
    }
    return entry;
  } finally {
    await pagefind.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
