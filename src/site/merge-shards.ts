/**
 * `bitext merge`: joins the outputs of `bitext build --shard K/N` (./shard.ts) into one site.
 *
 * - Pages, assets, media and redirect pages: each file is taken from the shard that has it. A
 *   file several shards write (Astro's assets, the 404 page, redirect pages, Pagefind's scripts)
 *   must be the same bytes in each, or the shards were not built from the same input and
 *   configuration: that is an error, and nothing is written.
 * - Search: Pagefind writes one index per language (`<html lang>`), in files named after the
 *   language. A language that one shard holds whole keeps that shard's index as it is; the entry
 *   file lists the languages of every shard. A language split across shards (its locale was
 *   larger than one shard's share) is indexed again by Pagefind from the merged pages of that
 *   language, which gives the index a single build writes.
 * - Sitemaps: the URLs of every shard, sorted and chunked as @astrojs/sitemap does, with the
 *   hreflang alternates recomputed over the whole site (a shard sees only its own pages).
 * - Reports: each shard's (in its `_bitext/`, where a shard keeps them, or beside it in
 *   `<shard>-reports/`) are left out of the site; the merged ones (broken links joined per locale,
 *   with the `#anchor` links to other shards' pages judged against every shard's page ids,
 *   `build.json` with the merged counts, the XLIFF report) go beside it, to `<out>-reports/`
 *   (`reports`), as a build's do: they name files of the build machines.
 *
 * The merged site is written beside `--out` and swapped in whole, like `bitext build` (./output.ts).
 */
import { copyFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { ANCHOR_RECORD, joinLinkReports, judgeAnchorRecords, type AnchorRecord, type BrokenLinkReport } from './link-report.ts';
import type { BuildStep } from './context.ts';
import { ENGLISH_CODE } from './locales.ts';
import { discardStage, filesOf, stageOutput, swapInOutput } from './output.ts';
import { REPORT_FILES_IN_SITE } from './incremental.ts';
import { writeEnglishSearchPages } from './search-english.ts';
import { indexLanguages, PAGEFIND_ENTRY_FILES, pagefindLanguageOf, readPagefindEntry, writePagefindEntry, type PagefindEntry } from './pagefind-bundle.ts';

export interface MergeOptions {
  shards: string[];
  out: string;
  /** Move the files out of the shard folders instead of copying them (the parts of one build on this machine, ./parallel-build.ts). */
  move?: boolean;
  /**
   * Runs on the merged site before it replaces `out`, with the merged reports, which it then
   * writes itself (./parallel-build.ts); without it they go to `reports`.
   */
  finish?: (stage: string, merged: MergedReports) => Promise<void>;
  /** Where the merged reports go (default: `<out>-reports`). */
  reports?: string;
  log?: (line: string) => void;
  /** Told what the merge is doing, and how many files of the parts are in the merged site: `bitext merge` draws it on a terminal. */
  progress?: (step: BuildStep) => void;
}

export interface MergeResult {
  shards: number;
  files: number;
  pages: number;
  /** Languages whose search index was split across shards and indexed again. */
  reindexed: string[];
  brokenLinks: number;
  /** The folder the merged reports were written to. */
  reports: string;
  seconds: number;
}

/** The reports of a merged site: the build report, the joined broken links, the XLIFF report. */
export interface MergedReports {
  build: Record<string, unknown>;
  links: BrokenLinkReport;
  xliff?: string;
}

/** Shards that do not fit together (a part missing or twice, files that differ): an input error. */
export class ShardMergeError extends Error {}

interface ShardInfo {
  dir: string;
  /** The folder of its reports. */
  reports: string;
  index: number;
  count: number;
  build: Record<string, unknown>;
}

/** A shard's reports, in the folder it keeps them (its `_bitext/` by default), and what the merge writes. */
const BUILD_REPORT = 'build.json';
const LINK_REPORT = 'broken-links.json';
const XLIFF_REPORT = 'xliff.json';
const SITEMAP = /^sitemap-(\d+|index)\.xml$/;
/** @astrojs/sitemap's default number of URLs per sitemap file. */
const SITEMAP_LIMIT = 45_000;

export async function mergeShards(options: MergeOptions): Promise<MergeResult> {
  const started = performance.now();
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const shards = await readShards(options.shards.map((d) => resolve(d)));
  const out = resolve(options.out);
  const reports = resolve(options.reports ?? `${out}-reports`);
  const staged = await stageOutput(options.out);
  const stage = staged.stage;
  try {
    const entries = await Promise.all(shards.map((s) => readPagefindEntry(s.dir)));
    const holders = new Map<string, number[]>();
    entries.forEach((e, i) => Object.keys(e.languages ?? {}).forEach((lang) => holders.set(lang, [...(holders.get(lang) ?? []), i])));
    const split = [...holders].filter(([, list]) => list.length > 1).map(([lang]) => lang).sort();
    // The English search bundles (./search-english.ts) index the English pages a shard built: the
    // shard that holds every English group wrote them whole.
    const groupsOf = (s: ShardInfo) => ((s.build.shard as { groups?: string[] }).groups ?? []).filter((g) => g.startsWith(`${ENGLISH_CODE}/`));
    const englishGroups = shards.reduce((n, s) => n + groupsOf(s).length, 0);
    const englishShard = shards.reduce((best, s, i) => (groupsOf(s).length > groupsOf(shards[best]!).length ? i : best), 0);
    if (groupsOf(shards[englishShard]!).length < englishGroups) log(`bitext merge: the English pages are split across shards; the English search of other locales covers those of shard ${shards[englishShard]!.index} only`);
    const from = new Map<string, number>();
    let pages = 0;
    const files = await Promise.all(shards.map((shard) => filesOf(shard.dir)));
    const total = files.reduce((n, list) => n + list.length, 0);
    let done = 0;
    for (const [i, shard] of shards.entries()) {
      for (const rel of files[i]!) {
        options.progress?.({ phase: 'joining the parts', done: ++done, total });
        if (rel.startsWith('_bitext/search-en/') && i !== englishShard) continue;
        if (REPORT_FILES_IN_SITE.has(rel) || PAGEFIND_ENTRY_FILES.has(rel) || SITEMAP.test(rel)) continue;
        const lang = pagefindLanguageOf(rel);
        if (lang !== undefined && split.includes(lang)) continue;
        const target = join(stage, rel);
        const first = from.get(rel);
        if (first !== undefined) {
          const [a, b] = await Promise.all([readFile(target), readFile(join(shard.dir, rel))]);
          if (!a.equals(b)) throw new ShardMergeError(`${rel} differs between shard ${shards[first]!.index}/${shard.count} (${shards[first]!.dir}) and shard ${shard.index}/${shard.count} (${shard.dir}): build every shard from the same input and options`);
          continue;
        }
        from.set(rel, i);
        if (rel.endsWith('.html') && !rel.startsWith('pagefind/')) pages++;
        await mkdir(dirname(target), { recursive: true });
        await (options.move ? rename(join(shard.dir, rel), target) : copyFile(join(shard.dir, rel), target));
      }
    }
    if (split.length > 0) options.progress?.({ phase: `indexing ${split.join(', ')} for search` });
    await mergePagefind(stage, entries, split, log);
    options.progress?.({ phase: 'writing the reports' });
    // Each shard paired only the pages of its own locales with the English bundles.
    await writeEnglishSearchPages(stage);
    await mergeSitemaps(stage, shards);
    const links = await mergeLinkReports(shards);
    const build = { ...shards[0]!.build, brokenLinks: links.total, reports, seconds: Math.max(...shards.map((s) => Number(s.build.seconds) || 0)), merged: { shards: shards.length } } as Record<string, unknown>;
    delete build.shard;
    // Every shard read all XLIFF files: the first one's report is the site's.
    const xliff = await readFile(join(shards[0]!.reports, XLIFF_REPORT), 'utf8').catch(() => undefined);
    await options.finish?.(stage, { build, links, ...(xliff !== undefined ? { xliff } : {}) });
    options.progress?.({ phase: 'putting the merged site in place' });
    await swapInOutput(staged);
    if (!options.finish) {
      await writeFileAtomic(join(reports, LINK_REPORT), JSON.stringify(links, null, 2) + '\n');
      if (xliff !== undefined) await writeFileAtomic(join(reports, XLIFF_REPORT), xliff);
      await writeFileAtomic(join(reports, BUILD_REPORT), JSON.stringify(build, null, 2) + '\n');
    }
    return { shards: shards.length, files: from.size, pages, reindexed: split, brokenLinks: links.total, reports, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    await discardStage(staged);
    throw error;
  }
}

/** Reads each folder's build report; the parts must be 1..N of one N, each once. */
async function readShards(dirs: string[]): Promise<ShardInfo[]> {
  const shards: ShardInfo[] = [];
  for (const dir of dirs) {
    let build: Record<string, unknown> | undefined;
    let reports = '';
    for (const candidate of [join(dir, '_bitext'), `${dir}-reports`]) {
      build = await readFile(join(candidate, BUILD_REPORT), 'utf8')
        .then((text) => JSON.parse(text) as Record<string, unknown>)
        .catch(() => undefined);
      reports = candidate;
      if (build) break;
    }
    if (!build) throw new ShardMergeError(`${dir} has no _bitext/${BUILD_REPORT} (nor ${dir}-reports/${BUILD_REPORT}): name the --out folder of a "bitext build --shard K/N"`);
    const shard = build.shard as { index?: number; count?: number } | undefined;
    if (!shard?.index || !shard.count) throw new ShardMergeError(`${dir} is a whole site, not a shard: build it with --shard K/N`);
    shards.push({ dir, reports, index: shard.index, count: shard.count, build });
  }
  const count = shards[0]!.count;
  const other = shards.find((s) => s.count !== count);
  if (other) throw new ShardMergeError(`${other.dir} is shard ${other.index}/${other.count}, ${shards[0]!.dir} is of ${count} shards: merge the shards of one build`);
  for (let k = 1; k <= count; k++) {
    const of = shards.filter((s) => s.index === k);
    if (of.length === 0) throw new ShardMergeError(`shard ${k}/${count} is missing: name all ${count} shard folders`);
    if (of.length > 1) throw new ShardMergeError(`shard ${k}/${count} is named twice (${of.map((s) => s.dir).join(', ')})`);
  }
  return shards.sort((a, b) => a.index - b.index);
}

/**
 * The entry file of the merged search: every shard's languages. Split languages are indexed
 * again from the merged pages under their locale's folder.
 */
async function mergePagefind(stage: string, entries: PagefindEntry[], split: string[], log: (line: string) => void): Promise<void> {
  const languages: NonNullable<PagefindEntry['languages']> = {};
  for (const e of entries) Object.assign(languages, e.languages ?? {});
  const base = entries.find((e) => e.version);
  if (!base) return;
  if (split.length > 0) {
    log(`bitext merge: search indexes of ${split.join(', ')} are split across shards; Pagefind indexes them again`);
    const fresh = await indexLanguages(stage, split);
    for (const lang of split) {
      if (fresh.languages?.[lang]) languages[lang] = fresh.languages[lang]!;
      else delete languages[lang];
    }
  }
  await writePagefindEntry(stage, base, languages);
}

/**
 * The sitemap of the merged site: @astrojs/sitemap sorts URLs (`localeCompare`, numeric) and
 * links each to the same path in every locale; a shard saw only its own URLs, so the alternates
 * are recomputed from every shard's URLs and hreflangs.
 */
async function mergeSitemaps(stage: string, shards: ShardInfo[]): Promise<void> {
  let header: string | undefined;
  let index: string | undefined;
  // The sitemap's i18n option as Starlight sets it: locale folder → hreflang, English the default.
  const hreflang = (shards[0]!.build.shard as { hreflang?: Record<string, string> }).hreflang ?? {};
  const urls = new Set<string>();
  for (const shard of shards) {
    const names = (await readdir(shard.dir)).filter((n) => SITEMAP.test(n)).sort();
    for (const name of names) {
      const text = await readFile(join(shard.dir, name), 'utf8');
      if (name === 'sitemap-index.xml') {
        index ??= text;
        continue;
      }
      const start = text.indexOf('<url>');
      header ??= start >= 0 ? text.slice(0, start) : text.replace(/<\/urlset>\s*$/, '');
      for (const m of text.matchAll(/<url><loc>([^<]*)<\/loc>/g)) urls.add(m[1]!);
    }
  }
  if (header === undefined || index === undefined) return;
  const sorted = [...urls].sort((a, b) => unescapeXml(a).localeCompare(unescapeXml(b), 'en', { numeric: true }));
  const siteRoot = /<loc>([^<]*?)sitemap-[^<]*<\/loc>/.exec(index)?.[1] ?? '';
  // The alternates of a URL: every URL with the same path after the locale, in sitemap order (@astrojs/sitemap's parseI18nUrl).
  const i18n = (url: string): { locale: string; path: string } | undefined => {
    if (!url.startsWith(siteRoot)) return undefined;
    let s = url.slice(siteRoot.length);
    if (!s || s === '/') return { locale: ENGLISH_CODE, path: '/' };
    if (s[0] !== '/') s = '/' + s;
    const locale = s.split('/')[1]!;
    if (Object.hasOwn(hreflang, locale)) return { locale, path: s.slice(1 + locale.length) || '/' };
    return { locale: ENGLISH_CODE, path: s };
  };
  const byPath = new Map<string, string[]>();
  for (const url of sorted) {
    const at = i18n(unescapeXml(url));
    if (at) byPath.set(at.path, [...(byPath.get(at.path) ?? []), url]);
  }
  const element = (url: string) => {
    const at = i18n(unescapeXml(url));
    const same = at ? byPath.get(at.path)! : [];
    const links = same.length > 1 ? same.map((u) => `<xhtml:link rel="alternate" hreflang="${hreflang[i18n(unescapeXml(u))!.locale] ?? ''}" href="${u}"/>`) : [];
    return `<url><loc>${url}</loc>${links.join('')}</url>`;
  };
  const files: string[] = [];
  for (let i = 0; i === 0 || i * SITEMAP_LIMIT < sorted.length; i++) {
    const name = `sitemap-${i}.xml`;
    files.push(name);
    await writeFile(join(stage, name), header + sorted.slice(i * SITEMAP_LIMIT, (i + 1) * SITEMAP_LIMIT).map(element).join('') + '</urlset>');
  }
  const open = index.indexOf('<sitemap>');
  const close = index.lastIndexOf('</sitemapindex>');
  const list = files.map((f) => `<sitemap><loc>${siteRoot}${f}</loc></sitemap>`).join('');
  await writeFile(join(stage, 'sitemap-index.xml'), open >= 0 && close >= 0 ? index.slice(0, open) + list + index.slice(close) : index);
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

/**
 * The broken-link reports of all shards: each shard reported the links of its own pages, but for
 * the `#anchor` links to pages another shard rendered, which are judged here against the ids of
 * every shard's pages (./link-report.ts).
 */
async function mergeLinkReports(shards: ShardInfo[]): Promise<BrokenLinkReport> {
  const reports: BrokenLinkReport[] = [];
  const anchors: AnchorRecord[] = [];
  for (const shard of shards) {
    const text = await readFile(join(shard.reports, LINK_REPORT), 'utf8').catch(() => undefined);
    if (text !== undefined) reports.push(JSON.parse(text) as BrokenLinkReport);
    const record = await readFile(join(shard.reports, ANCHOR_RECORD), 'utf8').catch(() => undefined);
    if (record !== undefined) anchors.push(JSON.parse(record) as AnchorRecord);
  }
  return joinLinkReports([...reports, judgeAnchorRecords(anchors)]);
}
