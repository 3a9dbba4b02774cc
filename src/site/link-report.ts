/**
 * The broken-link report of a build (issue 4 §3): every link the pages rendered as "(missing
 * page)" because its target exists in no locale, and every link whose `#anchor` its target page
 * lacks, per locale, with the source file, line and column of the link and the reason. Written to the build reports' `broken-links.json` (beside the site by default), summarised on the log.
 *
 * The pages record what they marked (./links.ts, ./related.ts); this module finds each link in
 * its source file. In an sxs file a link inside a sentence is written twice, in the translation
 * and in the English source: a translated page's link is looked for on the translation side, an
 * English page's on the source side.
 */
import { readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { findIncludes } from '../model/markdown/docfx-include.ts';
import type { SiteContext } from './context.ts';
import { MAX_INCLUDE_DEPTH } from './includes.ts';
import { ENGLISH_CODE } from './locales.ts';
import type { SitePage } from './model.ts';
import { positionAt } from '../model/source-text.ts';
import { byCodeUnits } from './code-order.ts';

export interface BrokenLink {
  /** The source file, relative to the working folder. */
  file: string;
  /** 1-based; 0 when the link is not written in the page's own file (an included file). */
  line: number;
  column: number;
  href: string;
  reason: string;
  /** The page id that shows the link, `<locale>/<slug>`. */
  page: string;
  /** For a link whose page exists but lacks its `#anchor`: the anchor (the link is not marked on the page). */
  anchor?: string;
}

export interface BrokenLinkReport {
  total: number;
  locales: Record<string, { count: number; links: BrokenLink[] }>;
}

/** Where an offset of an sxs file sits: in a pair's translation, its English source, or outside pairs. */
function sideAt(text: string, at: number): 'target' | 'source' | 'skeleton' {
  const t = text.lastIndexOf('<span data-ttu-id="', at);
  const s = text.lastIndexOf('<span class="sxs-lookup">', at);
  const e = text.lastIndexOf('</span></span>', at);
  if (s > t && s > e) return 'source';
  if (t > s && t > e) return 'target';
  return 'skeleton';
}

/** Offsets of `href` written as a link destination in `text`, on the wanted side of sxs pairs. */
function occurrences(text: string, href: string, side: 'target' | 'source'): number[] {
  const out: number[] = [];
  // An include directive's path is not a link: its `](path` is skipped.
  const includes = text.includes('[!') ? findIncludes(text) : [];
  const inInclude = (at: number) => includes.some((m) => at > m.offset && at < m.offset + m.raw.length);
  for (const needle of [`](${href}`, `](<${href}`, `href="${href}"`]) {
    for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1)) {
      const where = sideAt(text, at);
      if ((where === side || where === 'skeleton') && !inInclude(at)) out.push(at + needle.indexOf(href));
    }
  }
  return out.sort((a, b) => a - b);
}

/** Ids every page has: Starlight's title (`_top`), and `top`, which browsers scroll to without one. */
const ALWAYS_THERE = new Set(['_top', 'top']);

/** A link with a `#fragment` to a page (or `#x` to its own), as the page recorded it (./links.ts). */
export type AnchorLink = SiteContext['anchorLinks'][number];

/**
 * An anchor link whose target page the build did not render (a shard's link to another shard's
 * page), with where it is written (as the report names it): `bitext merge` judges it against the
 * ids of every shard's pages (`judgeAnchorRecords`).
 */
export interface UnjudgedAnchorLink extends AnchorLink {
  at: Pick<BrokenLink, 'file' | 'line' | 'column' | 'href'>;
}

/**
 * What a shard leaves for the merge to judge (`anchors.json` beside its reports): the ids of the
 * pages it rendered (or, built incrementally, kept from its previous build), and the anchor links
 * it could not judge.
 */
export interface AnchorRecord {
  /** Page id → the ids its HTML has, for every page of the build. */
  ids: Record<string, string[]>;
  unjudged: UnjudgedAnchorLink[];
}

/** The file of a shard's `AnchorRecord`, in the folder of its reports. */
export const ANCHOR_RECORD = 'anchors.json';

/**
 * The anchor rule: links whose `#anchor` names no id of the page they lead to (a heading, an
 * `<a name>`), with the reason the report gives. `idsOf` gives the ids of a page that rendered; a
 * link to a page that did not render in this build (no ids) is not judged: it is returned in
 * `unjudged`, for a merge that knows the ids of every page.
 */
export function missingAnchors<L extends AnchorLink>(links: Iterable<L>, idsOf: (page: string) => ReadonlySet<string> | undefined): { missing: (L & { reason: string; anchor: string })[]; unjudged: L[] } {
  const missing: (L & { reason: string; anchor: string })[] = [];
  const unjudged: L[] = [];
  for (const link of links) {
    const ids = idsOf(link.target);
    if (!ids) {
      unjudged.push(link);
      continue;
    }
    if (ALWAYS_THERE.has(link.anchor) || ids.has(link.anchor)) continue;
    let decoded = link.anchor;
    try {
      decoded = decodeURIComponent(link.anchor);
    } catch {
      // Not percent-encoded text: compared as written.
    }
    if (ids.has(decoded)) continue;
    const where = link.target === link.page ? 'this page' : `the page ${link.target}`;
    missing.push({ ...link, reason: `no heading or anchor "#${decoded}" on ${where}`, anchor: decoded });
  }
  return { missing, unjudged };
}

/**
 * Where a link that a page shows from an included file (nested ones too) is written: the include
 * file, the link's offsets in it and its href as written there. A relative link of an include is
 * rebased to the page when included (./docfx/include.ts): it is looked for as recorded and as
 * written in the include, and reported as written, relative to the file the report names.
 */
function writtenInInclude(ctx: SiteContext, page: SitePage, href: string, side: 'target' | 'source', read: (file: string) => string): { found: number[]; where: { file: string; text: string; href: string } } | undefined {
  const root = ctx.site.roots[page.root]?.dir;
  if (!root) return undefined;
  const visited = new Set<string>();
  const visit = (from: Pick<SitePage, 'root' | 'relPath' | 'locale'>, text: string, depth: number): ReturnType<typeof writtenInInclude> => {
    if (depth > MAX_INCLUDE_DEPTH || !text.includes('[!')) return undefined;
    for (const m of findIncludes(text)) {
      const result = ctx.site.include(from, m.path);
      if (!result.ok || visited.has(result.relPath)) continue;
      visited.add(result.relPath);
      const file = join(root, result.relPath);
      const included = read(file);
      for (const written of new Set([href, asWrittenIn(href, page.relPath, result.relPath)])) {
        const found = occurrences(included, written, side);
        if (found.length > 0) return { found, where: { file, text: included, href: written } };
      }
      const deeper = visit({ root: from.root, relPath: result.relPath, locale: from.locale }, included, depth + 1);
      if (deeper) return deeper;
    }
    return undefined;
  };
  return visit(page, read(page.file), 0);
}

/** A relative link rebased to the page `pagePath`, as the include file `includePath` writes it. */
function asWrittenIn(href: string, pagePath: string, includePath: string): string {
  if (/^[a-z][a-z0-9+.-]*:|^[/#~?\\]/i.test(href)) return href;
  const cut = href.search(/[?#]/);
  const path = cut < 0 ? href : href.slice(0, cut);
  const target = posix.normalize(posix.join(posix.dirname(pagePath), path));
  return posix.relative(posix.dirname(includePath), target) + (cut < 0 ? '' : href.slice(cut));
}

export function brokenLinkReport(ctx: SiteContext, cwd = process.cwd()): BrokenLinkReport {
  return locateLinks(ctx, cwd).report;
}

/**
 * The report, and the anchor links whose target did not render (located in the same pass: the
 * n-th link of one href on one page is the n-th occurrence of it whatever the verdict, so the
 * merge places a link where a single build places it).
 */
function locateLinks(ctx: SiteContext, cwd: string): { report: BrokenLinkReport; unjudged: UnjudgedAnchorLink[] } {
  const texts = new Map<string, string>();
  const read = (file: string) => {
    if (!texts.has(file)) {
      let text = '';
      try {
        text = file ? readFileSync(file, 'utf8') : '';
      } catch {
        // A generated page has no file: the link is reported without a position.
      }
      texts.set(file, text);
    }
    return texts.get(file)!;
  };
  // The n-th report of one href on one page takes the n-th occurrence in the file.
  const seen = new Map<string, number>();
  const unique = new Set<string>();
  const locales: BrokenLinkReport['locales'] = {};
  const unjudged: UnjudgedAnchorLink[] = [];
  const anchors = missingAnchors(ctx.anchorLinks, (page) => ctx.anchors.get(page));
  // All links of one href on one page lead to one target: they are all broken, all fine, or all unjudged.
  const entries: ((SiteContext['brokenLinks'][number] & { anchor?: string }) | { unjudged: AnchorLink })[] = [...ctx.brokenLinks, ...anchors.missing, ...anchors.unjudged.map((link) => ({ unjudged: link }))];
  for (const entryOf of entries) {
    const b = 'unjudged' in entryOf ? entryOf.unjudged : entryOf;
    const page: SitePage | undefined = ctx.site.pages.get(b.page);
    const file = page?.file ?? '';
    const key = `${b.page}\u0000${b.href}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    const text = read(file);
    const side = page?.locale === ENGLISH_CODE ? 'source' : 'target';
    let found = occurrences(text, b.href, side);
    let where = { file, text, href: b.href };
    if (found.length === 0 && page) {
      // Not written in the page: in a file the page includes, where the report points (with the href as written there).
      const included = writtenInInclude(ctx, page, b.href, side, read);
      if (included) ({ found, where } = included);
    }
    const at = found[Math.min(n, found.length - 1)];
    const pos = at === undefined ? { line: 0, column: 0 } : positionAt(where.text, at);
    const located = { file: where.file ? relative(cwd, where.file) : '', ...pos, href: where.href };
    const id = `${b.page}\u0000${located.file}:${located.line}:${located.column}\u0000${located.href}`;
    if (unique.has(id) && at !== undefined) continue;
    unique.add(id);
    if ('unjudged' in entryOf) {
      unjudged.push({ ...entryOf.unjudged, at: located });
      continue;
    }
    const entry: BrokenLink = { ...located, reason: entryOf.reason, page: b.page, ...(entryOf.anchor !== undefined ? { anchor: entryOf.anchor } : {}) };
    const section = (locales[b.locale] ??= { count: 0, links: [] });
    section.links.push(entry);
    section.count++;
  }
  return { report: reportOf(locales), unjudged };
}

/**
 * The report of these sections, in one order whatever the order the links were found in (the
 * pages' render order, the parts joined): locales by code, links `byPosition`; no empty section.
 */
function reportOf(sections: BrokenLinkReport['locales']): BrokenLinkReport {
  const locales: BrokenLinkReport['locales'] = {};
  for (const locale of Object.keys(sections).sort(byCodeUnits)) {
    const section = sections[locale]!;
    if (section.count > 0) locales[locale] = { count: section.count, links: [...section.links].sort(byPosition) };
  }
  return { total: Object.values(locales).reduce((n, s) => n + s.count, 0), locales };
}

/**
 * The order of a report's links: by file and position, then by page and href (links of one
 * included file on several pages), so that parts joined in any order list them as one build does.
 */
function byPosition(a: BrokenLink, b: BrokenLink): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || byCodeUnits(a.page, b.page) || byCodeUnits(a.href, b.href);
}

/**
 * The anchor links shards could not judge (their targets rendered in other shards), judged against
 * the ids of every shard's pages, as a report to join with the shards' own; a link whose target
 * rendered in no shard is not judged, as in a single build.
 */
export function judgeAnchorRecords(records: AnchorRecord[]): BrokenLinkReport {
  const ids = joinIds(records);
  const locales: BrokenLinkReport['locales'] = {};
  for (const link of missingAnchors(records.flatMap((r) => r.unjudged), (page) => ids.get(page)).missing) {
    const section = (locales[link.locale] ??= { count: 0, links: [] });
    section.links.push({ ...link.at, reason: link.reason, page: link.page, anchor: link.anchor });
    section.count++;
  }
  return reportOf(locales);
}

/**
 * Reports of parts of one site as one (the shards of a sharded build), in the order of one
 * build's report.
 */
export function joinLinkReports(reports: BrokenLinkReport[]): BrokenLinkReport {
  const locales: BrokenLinkReport['locales'] = {};
  for (const report of reports) {
    for (const [locale, section] of Object.entries(report.locales)) {
      const into = (locales[locale] ??= { count: 0, links: [] });
      into.links.push(...section.links);
      into.count += section.count;
    }
  }
  return reportOf(locales);
}

/**
 * Writes the report and logs a summary: counts per locale and the first links. A shard also
 * writes its `AnchorRecord` to `anchorRecord`; the result says how many links it left unjudged
 * there.
 */
export async function writeBrokenLinkReport(ctx: SiteContext, path: string, log: (line: string) => void, options: { anchorRecord?: string } = {}): Promise<{ report: BrokenLinkReport; unjudged: number }> {
  const { report, unjudged } = locateLinks(ctx, process.cwd());
  await writeFileAtomic(path, JSON.stringify(report, null, 2) + '\n');
  if (options.anchorRecord) {
    const record: AnchorRecord = { ids: idsRecord(ctx.anchors), unjudged };
    await writeFileAtomic(options.anchorRecord, JSON.stringify(record) + '\n');
  }
  logBrokenLinks(report, path, log);
  return { report, unjudged: unjudged.length };
}

/** Page id → its ids, pages and ids in order. */
function idsRecord(anchors: ReadonlyMap<string, ReadonlySet<string>>): Record<string, string[]> {
  return Object.fromEntries([...anchors].sort(([a], [b]) => byCodeUnits(a, b)).map(([page, set]) => [page, [...set].sort()]));
}

/**
 * What the pages of a build recorded for its broken-link report (./context.ts): each page's links
 * to no page and `#anchor` links, and the ids of each page it rendered. An incremental build keeps
 * it with its manifest (./incremental.ts) and takes the part of the pages it does not render again
 * from the previous build's: its report then judges every link as a cold build's does, a changed
 * page's link to an anchor of a kept page as a kept page's link to an anchor a changed page lost.
 */
export interface LinkRecord {
  /** Page id → the ids its HTML has. */
  ids: Record<string, string[]>;
  brokenLinks: SiteContext['brokenLinks'];
  anchorLinks: SiteContext['anchorLinks'];
}

/**
 * The build's `LinkRecord`, links by page (each page's in the order it recorded them, which places
 * them in its file: ./link-report.ts `locateLinks`), whatever order the pages rendered in.
 */
export function linkRecordOf(ctx: Pick<SiteContext, 'anchors' | 'brokenLinks' | 'anchorLinks'>): LinkRecord {
  const byPage = <T extends { page: string }>(links: T[]) => [...links].sort((a, b) => byCodeUnits(a.page, b.page));
  return { ids: idsRecord(ctx.anchors), brokenLinks: byPage(ctx.brokenLinks), anchorLinks: byPage(ctx.anchorLinks) };
}

/**
 * Completes the context of an incremental build with the previous build's record of the pages it
 * did not render again (not in `rendered`): their links, and their ids, which have not changed
 * (neither has anything the page is made of).
 */
export function restoreLinkRecord(ctx: SiteContext, previous: LinkRecord, rendered: ReadonlySet<string>): void {
  ctx.brokenLinks.push(...previous.brokenLinks.filter((l) => !rendered.has(l.page)));
  ctx.anchorLinks.push(...previous.anchorLinks.filter((l) => !rendered.has(l.page)));
  for (const [page, ids] of Object.entries(previous.ids)) if (!rendered.has(page)) ctx.anchors.set(page, new Set(ids));
}

/** The records of parts of one site (the parts of `build --jobs`) as the record of one build. */
export function joinLinkRecords(records: LinkRecord[]): LinkRecord {
  return linkRecordOf({ anchors: joinIds(records), brokenLinks: records.flatMap((r) => r.brokenLinks), anchorLinks: records.flatMap((r) => r.anchorLinks) });
}

/** Page id → its ids, from the records of parts of one site (a page rendered in several parts has the ids of each). */
function joinIds(records: readonly Pick<AnchorRecord, 'ids'>[]): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>();
  for (const record of records) {
    for (const [page, list] of Object.entries(record.ids)) {
      const set = ids.get(page) ?? new Set<string>();
      for (const id of list) set.add(id);
      ids.set(page, set);
    }
  }
  return ids;
}

/** Says how many links lead to no page, per locale, with the first few and where the full list is. */
export function logBrokenLinks(report: BrokenLinkReport, path: string, log: (line: string) => void): void {
  if (report.total === 0) return;
  const counts = Object.entries(report.locales).map(([locale, s]) => `${locale} ${s.count}`);
  log(`bitext build: ${report.total} links lead to no page in any locale, or to an anchor their page lacks (${counts.join(', ')}):`);
  const shown = Object.values(report.locales).flatMap((s) => s.links.slice(0, 2));
  for (const l of shown.slice(0, 5)) log(`  ${l.file}:${l.line}:${l.column}: ${l.href} (${l.reason})`);
  log(`  full list: ${path}`);
}
