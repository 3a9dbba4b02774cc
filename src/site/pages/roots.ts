/**
 * Content folders → corpus roots, and the files of one root sorted by what they give: sxs
 * documents, English pages written by us, YAML pages, TOCs and includes.
 */
import { statSync } from 'node:fs';
import { open, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { listFiles } from '../../io/corpus.ts';
import { readAhead } from '../../io/read-ahead.ts';
import { parseSxs } from '../../parse/sxs/parse.ts';
import type { SxsDocument } from '../../model/types.ts';
import { type Diagnostic, diagnostic } from '../../model/diagnostics.ts';
import { localeTagProblem } from '../../model/locale-tag.ts';
import { ENGLISH_CODE, siteLocale } from '../locales.ts';
import { isTocFile, parseTocMarkdown, parseTocYaml, type TocNode } from '../toc.ts';
import { readYamlPage, yamlPageKind, type YamlPage } from '../yaml-pages.ts';
import { isIncludeFile, RootIncludes } from '../includes.ts';
import type { SiteRoot } from '../model.ts';
import { diag } from './text.ts';
import type { SxsPageParts } from './sxs.ts';
import type { CachedSxsDocument, PartSources, RootPartsCache } from './parts-cache.ts';

/**
 * Where a root's sxs pages may come from a previous build (./parts-cache.ts): `sources` says
 * what else a document's parts are made from (an XLIFF file of its page's locale).
 */
export interface RootCache {
  parts: RootPartsCache;
  sources: PartSources;
}

/** A file of the root as `readRoot` loads it: its text (or why not), or the parts a previous build made of it. */
type Loaded = { text: string | Error; identity?: string } | { cached: CachedSxsDocument };

export interface RootFiles {
  root: SiteRoot;
  index: number;
  /** The sxs documents with `ms.contentlocale`, as the site keeps them (made by the caller's `sxsPage` as each is parsed). */
  sxs: SxsPageParts[];
  english: { relPath: string; kind: 'mdx' | 'markdown'; text: string }[];
  yaml: { relPath: string; page: YamlPage }[];
  tocs: { relPath: string; nodes: TocNode[]; text: string }[];
  includes: RootIncludes;
  /** URL bases its docset configs name (`docfx.json` `breadcrumb_path`): base (lower case) → docset folder. */
  urlBases: Map<string, string>;
}

/** The URL base of a docset as its `docfx.json` names it: `"breadcrumb_path": "/microsoftteams/breadcrumb/toc.json"`. */
const BREADCRUMB_BASE = /"breadcrumb_path"\s*:\s*"\/([^/"\s]+)\//;

const NOT_PAGES = /^(readme|contributing|license|license-code|thirdpartynotices|security|code_of_conduct)(\.md)?$/i;

/** Whether a file of a root (`/`-separated, relative to it) may give a page: not the repository's own notes (README, LICENSE…) or a breadcrumb folder's. */
export function mayBePage(relPath: string): boolean {
  return (relPath.includes('/') || !NOT_PAGES.test(relPath)) && !/(^|\/)breadcrumb\//.test(relPath.toLowerCase());
}

/**
 * The repository folder of a root (`SiteRoot.repository`): the content folder it was found in,
 * when the root has no Open Publishing files and that folder has them; else the root itself.
 * Never a folder above the content folders given.
 */
export async function repositoryOf(root: string, contentDirs: string[]): Promise<string> {
  const given = new Set(contentDirs.map((d) => resolve(d)));
  const parent = dirname(root);
  if (given.has(root) || !given.has(parent)) return root;
  return !(await hasOpenPublishingFiles(root)) && (await hasOpenPublishingFiles(parent)) ? parent : root;
}

/** Whether a folder holds Open Publishing files (`.openpublishing.redirection.json`, `.openpublishing.publish.config.json`). */
async function hasOpenPublishingFiles(dir: string): Promise<boolean> {
  return (await readdir(dir).catch(() => [] as string[])).some((name) => name.startsWith('.openpublishing.') && name.endsWith('.json'));
}

const statOrUndefined = (file: string) => {
  try {
    return statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
};

/** Files of a root read ahead of the one being parsed. */
const FILES_AHEAD = 16;

export async function readRoot(dir: string, repository: string, index: number, diagnostics: Diagnostic[], followSymlinks: boolean, sxsPage: (doc: SxsDocument, root: { index: number; dir: string }) => SxsPageParts, cache?: RootCache): Promise<RootFiles> {
  const paths = await listFiles(dir, ['.md', '.mdx', '.yml', 'docfx.json'], { followSymlinks, diagnostics });
  const files: RootFiles = { root: { dir, repository, locale: ENGLISH_CODE }, index, sxs: [], english: [], yaml: [], tocs: [], includes: new RootIncludes(dir), urlBases: new Map() };
  const locales = new Map<string, number>();
  const at = { index, dir };
  // What else a document's parts are made from, its files known as the cache knows them; none without a cache.
  const dependencyOf = (locale: string, relPath: string) => cache?.sources.dependency(locale, relPath, (stats) => cache.parts.identity(stats));
  // A page the previous build made from this very file (./parts-cache.ts) is not read again.
  const load = async (relPath: string): Promise<Loaded> => {
    const file = join(dir, relPath);
    if (!cache || !relPath.toLowerCase().endsWith('.md') || isTocFile(relPath) || isIncludeFile(relPath)) return { text: await readFile(file, 'utf8').catch((error: Error) => error) };
    if (cache.parts.hasEntries) {
      // Synchronous: a file's attributes are at hand in the kernel's cache, and a promise per file
      // cost more than the call (0.5 s of this thread's time in a rebuild of the large site, 0.18 s now).
      const stats = statOrUndefined(file);
      const identity = stats && cache.parts.identity(stats);
      const cached = identity && cache.parts.get(relPath, identity, (entry) => entry.dependency === dependencyOf(entry.parts.page.locale, relPath));
      if (cached) return { cached };
    }
    // The identity of the file read: taken before its text, so that a write meanwhile makes it another.
    try {
      const handle = await open(file);
      try {
        const identity = cache.parts.identity(await handle.stat());
        return { text: await handle.readFile('utf8'), ...(identity === undefined ? {} : { identity }) };
      } finally {
        await handle.close();
      }
    } catch (error) {
      return { text: error as Error };
    }
  };
  // The files are read a few ahead of the one being parsed: the reads wait in Node's thread pool
  // while this thread parses (about 1.4 s of waits for the 15,000 files of the large site).
  for await (const [relPath, loaded] of readAhead(paths, FILES_AHEAD, load)) {
    const lower = relPath.toLowerCase();
    if (!mayBePage(relPath)) continue;
    if (/(^|\/)docfx\.json$/.test(lower)) {
      files.includes.addDocfx(relPath);
      const folder = relPath.split('/').slice(0, -1).join('/');
      const base = BREADCRUMB_BASE.exec('text' in loaded && typeof loaded.text === 'string' ? loaded.text : '')?.[1];
      if (base && folder && !folder.includes('/')) files.urlBases.set(base.toLowerCase(), folder.toLowerCase());
      continue;
    }
    if ('cached' in loaded) {
      const { cached } = loaded;
      for (const d of cached.diagnostics) diagnostics.push({ ...d, file: join(dir, d.file) });
      if (cached.record) cache!.sources.replay(cached.parts.page.locale, relPath, cached.record);
      files.includes.addUnreadPage(relPath, cached.includeRefs);
      files.sxs.push(cached.parts);
      locales.set(cached.locale.toLowerCase(), (locales.get(cached.locale.toLowerCase()) ?? 0) + 1);
      continue;
    }
    const text = loaded.text;
    if (text instanceof Error) {
      diagnostics.push(diag(join(dir, relPath), 'unreadable-file', `cannot read the file: ${text.message}`));
      continue;
    }
    if (isTocFile(relPath)) {
      try {
        files.tocs.push({ relPath, nodes: lower.endsWith('.md') ? parseTocMarkdown(text) : parseTocYaml(text), text });
      } catch (error) {
        diagnostics.push(diag(join(dir, relPath), 'yaml-invalid', `the TOC is not valid YAML: ${(error as Error).message}; fix it so the sidebar can be built`));
      }
      continue;
    }
    if (lower.endsWith('.yml')) {
      const kind = yamlPageKind(text);
      if (!kind) continue;
      try {
        const page = readYamlPage(text, kind);
        files.yaml.push({ relPath, page });
        const loc = page.metadata['ms.contentlocale'];
        const problem = loc === undefined ? undefined : localeTagProblem(loc, 'ms.contentlocale');
        if (problem) diagnostics.push(diag(join(dir, relPath), 'invalid-locale', problem));
        else if (typeof loc === 'string') locales.set(loc.toLowerCase(), (locales.get(loc.toLowerCase()) ?? 0) + 1);
      } catch (error) {
        diagnostics.push(diag(join(dir, relPath), 'yaml-invalid', `the ${kind} page is not valid YAML: ${(error as Error).message}`));
      }
      continue;
    }
    if (lower.endsWith('.mdx')) {
      // Astro compiles MDX pages through Vite, which cuts a module path at `?` or `#`.
      if (/[?#]/.test(join(dir, relPath))) {
        diagnostics.push(diagnostic('unsupported-file-name', { file: join(dir, relPath) }, 'an MDX page whose path holds "#" or "?" cannot be compiled by Astro: rename the file (or its folder) without them; the page is left out'));
        continue;
      }
      files.english.push({ relPath, kind: 'mdx', text });
      continue;
    }
    const doc = parseSxs(text, relPath);
    for (const d of doc.diagnostics) diagnostics.push({ ...d, file: join(dir, d.file) });
    const includeRefs = files.includes.addFile(relPath, text, doc.segments.length > 0 || doc.locale ? doc : undefined);
    if (isIncludeFile(relPath)) continue;
    if (doc.locale) {
      const parts = sxsPage(doc, at);
      files.sxs.push(parts);
      const dependency = loaded.identity !== undefined ? dependencyOf(parts.page.locale, relPath) : undefined;
      if (dependency !== undefined) {
        const record = cache!.sources.recordOf(parts.page.locale, relPath);
        cache!.parts.set(relPath, loaded.identity!, { locale: doc.locale, diagnostics: doc.diagnostics, includeRefs, parts, dependency, ...(record ? { record } : {}) });
      }
      locales.set(doc.locale.toLowerCase(), (locales.get(doc.locale.toLowerCase()) ?? 0) + 1);
    } else if (doc.segments.length === 0) files.english.push({ relPath, kind: 'markdown', text });
    else if (!doc.diagnostics.some((d) => d.code === 'invalid-locale')) diagnostics.push(diag(join(dir, relPath), 'missing-locale', 'sxs document without ms.contentlocale: add `ms.contentlocale: xx-XX` to its front matter so Bitext knows its language'));
  }
  const top = [...locales].sort((a, b) => b[1] - a[1])[0];
  if (top) files.root.locale = siteLocale(top[0]).code;
  return files;
}
