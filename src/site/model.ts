/**
 * The site model: every page of the reader site, per locale, built from content folders.
 *
 * A content folder is a corpus root (files at its top, or a TOC) or a folder of corpus roots.
 * In a root, `.md` files with `ms.contentlocale` are sxs documents of that locale; `.mdx` files and
 * `.md` files without it are English pages written by us; `### YamlMime:Landing|FAQ` files are
 * pages; `TOC.yml` / `TOC.md` give the navigation; `includes/` hold included Markdown. Each sxs
 * document gives a target page and an English candidate: the English page is rebuilt from the
 * newest English version when locales disagree, and that choice is reported.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { listFiles } from '../io/corpus.ts';
import { parseSxs } from '../parse/sxs/parse.ts';
import { frontMatterValue } from '../parse/sxs/front-matter.ts';
import { englishView, targetView, type TargetOf } from '../model/views.ts';
import type { Diagnostic, DiagnosticCode, SxsDocument } from '../model/types.ts';
import { localeTagProblem } from '../model/locale-tag.ts';
import { ENGLISH_CODE, siteLocale, sortLocales, type SiteLocale } from './locales.ts';
import { docsetOf, entryId, isExternalHref, pageUrl, resolveRelative, slugOf, splitHref, stripExtension } from './slugs.ts';
import { buildNav, isTocFile, parseTocMarkdown, parseTocYaml, relabelNav, type NavItem, type TocLinkTarget, type TocNode } from './toc.ts';
import { publishedUrl } from './publishing-host.ts';
import { relatedSectionLabels } from './related.ts';
import { pathKey, readRedirections, redirectedSlug, resolveRedirects, type RedirectRule } from './redirects.ts';
import { englishLandingMarkdown, readYamlPage, yamlPageKind, type YamlPage } from './yaml-pages.ts';
import { bilingualTail, bilingualTargetView, pageTranslation, rtlTargetView, type PageTranslation, type UnitStatus } from './bilingual.ts';
import type { LocaleMdxPage } from './mdx-pages.ts';
import { RootIncludes, type IncludeResult } from './includes.ts';

export type PageKind = 'sxs' | 'sxs-english' | 'mdx' | 'markdown' | 'landing' | 'faq' | 'home';

export interface SitePage {
  /** Content-collection id: `<locale>/<slug>`. */
  id: string;
  locale: string;
  slug: string;
  kind: PageKind;
  /** Index of the corpus root in `SiteModel.roots`; -1 for generated pages. */
  root: number;
  /** Path relative to its root, `/`-separated. */
  relPath: string;
  /** Absolute path of the source file ('' for generated pages). */
  file: string;
  docset: string;
  title: string;
  description?: string;
  /** Body Markdown without front matter (absent for MDX, which Astro compiles from `file`). */
  markdown?: string;
  translationType?: string;
  /** For English pages rebuilt from sxs: the locale whose English was used. */
  englishFrom?: string;
  /** Translated sxs pages: where the text comes from (badge, bilingual reading mode). */
  translation?: PageTranslation;
  /** Bilingual pages: HTML that closes the content (English sources, script; components/MarkdownContent.astro). */
  htmlTail?: string;
  /** Translated pages: the text of their "Next steps" / "See also" headings, found by English source (./related.ts). */
  relatedLabels?: string[];
}

export interface SiteRoot {
  dir: string;
  /** Locale code of the root (`en` for English-authored content). */
  locale: string;
}

export interface EnglishChoice {
  slug: string;
  chosen: string;
  over: string[];
  reason: string;
}

export interface SiteModel {
  roots: SiteRoot[];
  /** English first. */
  locales: SiteLocale[];
  pages: Map<string, SitePage>;
  /** Slugs present per locale code. */
  slugs: Map<string, Set<string>>;
  /** Lower-cased root-relative path without extension → slug. */
  pathIndex: Map<string, string>;
  /** `<locale>/<docset>` → navigation. */
  nav: Map<string, NavItem[]>;
  /** Moved pages (./redirects.ts): old page URL → URL of the new page in the same locale, or elsewhere. */
  redirects: Map<string, string>;
  englishChoices: EnglishChoice[];
  diagnostics: Diagnostic[];
  /** Whether symlinks out of the content folders are followed (`--follow-symlinks`). */
  followSymlinks: boolean;
  /**
   * An include written in `from` (a page, or an include file of the page's root), in the reader's
   * locale (./includes.ts): its Markdown without front matter, or why there is none.
   */
  include(from: Pick<SitePage, 'root' | 'relPath' | 'locale'>, href: string): IncludeResult;
  /** Resolves a link written in a page (or a TOC of `root`) to a slug, or undefined. */
  resolvePath(fromPath: string, path: string): string | undefined;
  /** For a link to a path redirected off the site (./redirects.ts): the URL it moved to. */
  movedOutside(fromPath: string, path: string): string | undefined;
}

export interface LoadSiteOptions {
  /** Content folders (corpus roots or folders of roots). */
  content: string[];
  /** Read files and media that symlinks lead to outside the content folders (default: refused with a diagnostic). */
  followSymlinks?: boolean;
  /** Targets from elsewhere (the XLIFF merge-back): per document, a TargetOf or undefined. */
  targetsFor?: (doc: SxsDocument, locale: string) => TargetOf | undefined;
  /** Title and description from elsewhere (XLIFF), per document: they replace the corpus ones. */
  metadataFor?: (doc: SxsDocument, locale: string) => Partial<Record<'title' | 'description', string>> | undefined;
  /** Unit states from elsewhere (XLIFF), per document: the translation badge counts reviewed units. */
  unitStatusFor?: (doc: SxsDocument, locale: string) => UnitStatus | undefined;
  /** An English MDX page in another locale (./mdx-pages.ts): its generated page, or undefined (English fallback). */
  localeMdxFor?: (relPath: string, text: string, locale: string) => Promise<LocaleMdxPage | undefined>;
}

interface RootFiles {
  root: SiteRoot;
  index: number;
  sxs: SxsDocument[];
  english: { relPath: string; kind: 'mdx' | 'markdown'; text: string }[];
  yaml: { relPath: string; page: YamlPage }[];
  tocs: { relPath: string; nodes: TocNode[] }[];
  includes: RootIncludes;
}

const NOT_PAGES = /^(readme|contributing|license|license-code|thirdpartynotices|security|code_of_conduct)(\.md)?$/i;

/**
 * Expands each content folder into corpus roots. A root has content files at its top, or a
 * docset folder (a child with a TOC); any other folder is a folder of roots.
 */
export async function contentRoots(dirs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs.map((d) => resolve(d))) {
    if (await isCorpusRoot(dir)) out.push(dir);
    else {
      const entries = await readdir(dir, { withFileTypes: true });
      for (const e of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))) out.push(join(dir, e.name));
    }
  }
  return out;
}

async function isCorpusRoot(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && /\.(md|mdx|yml)$/i.test(e.name))) return true;
  for (const e of entries.filter((e) => e.isDirectory() && !e.name.startsWith('.'))) {
    const inner = await readdir(join(dir, e.name)).catch(() => [] as string[]);
    if (inner.some((name) => /^toc\.(yml|md)$/i.test(name))) return true;
  }
  return false;
}

async function readRoot(dir: string, index: number, diagnostics: Diagnostic[], followSymlinks: boolean): Promise<RootFiles> {
  const paths = await listFiles(dir, ['.md', '.mdx', '.yml', 'docfx.json'], { followSymlinks, diagnostics });
  const files: RootFiles = { root: { dir, locale: ENGLISH_CODE }, index, sxs: [], english: [], yaml: [], tocs: [], includes: new RootIncludes(dir) };
  const locales = new Map<string, number>();
  for (const relPath of paths) {
    const lower = relPath.toLowerCase();
    if (!relPath.includes('/') && NOT_PAGES.test(relPath)) continue;
    if (/(^|\/)breadcrumb\//.test(lower)) continue;
    if (/(^|\/)docfx\.json$/.test(lower)) {
      files.includes.addDocfx(relPath);
      continue;
    }
    let text: string;
    try {
      text = await readFile(join(dir, relPath), 'utf8');
    } catch (error) {
      diagnostics.push(diag(join(dir, relPath), 'unreadable-file', `cannot read the file: ${(error as Error).message}`));
      continue;
    }
    if (isTocFile(relPath)) {
      try {
        files.tocs.push({ relPath, nodes: lower.endsWith('.md') ? parseTocMarkdown(text) : parseTocYaml(text) });
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
        diagnostics.push({ file: join(dir, relPath), line: 1, column: 1, severity: 'error', code: 'unsupported-file-name', message: 'an MDX page whose path holds "#" or "?" cannot be compiled by Astro: rename the file (or its folder) without them; the page is left out' });
        continue;
      }
      files.english.push({ relPath, kind: 'mdx', text });
      continue;
    }
    const doc = parseSxs(text, relPath);
    for (const d of doc.diagnostics) diagnostics.push({ ...d, file: join(dir, d.file) });
    files.includes.addFile(relPath, text, doc.segments.length > 0 || doc.locale ? doc : undefined);
    // Include files are not pages (DocFX docsets exclude **/includes/**).
    if (/(^|\/)includes\//.test(lower)) continue;
    if (doc.locale) {
      files.sxs.push(doc);
      locales.set(doc.locale.toLowerCase(), (locales.get(doc.locale.toLowerCase()) ?? 0) + 1);
    } else if (doc.segments.length === 0) files.english.push({ relPath, kind: 'markdown', text });
    else if (!doc.diagnostics.some((d) => d.code === 'invalid-locale')) diagnostics.push(diag(join(dir, relPath), 'missing-locale', 'sxs document without ms.contentlocale: add `ms.contentlocale: xx-XX` to its front matter so Bitext knows its language'));
  }
  const top = [...locales].sort((a, b) => b[1] - a[1])[0];
  if (top) files.root.locale = siteLocale(top[0]).code;
  return files;
}

function diag(file: string, code: DiagnosticCode, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
  return { file, line: 1, column: 1, severity, code, message };
}

/** `MM/DD/YYYY` → sortable number, 0 when absent or malformed. */
export function usDateValue(value: unknown): number {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(String(value ?? '').trim());
  return m ? Number(m[3]) * 10000 + Number(m[1]) * 100 + Number(m[2]) : 0;
}

/** The body of a Markdown text, front matter removed. */
export function stripFrontMatter(text: string): string {
  const m = /^\ufeff?---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text);
  return m ? text.slice(m[0].length) : text.replace(/^\ufeff/, '');
}

/** The page title comes from front matter; the H1 that repeats it is dropped from the body. */
export function dropLeadingH1(markdown: string): string {
  return markdown.replace(/^(?:[ \t]*\r?\n)*[ ]{0,3}#(?!#)[^\n]*(?:\n|$)/, '');
}

interface EnglishCandidate {
  locale: string;
  doc: SxsDocument;
  root: number;
  date: number;
  handoff: number;
  hash: string;
}

/** Picks the English version for one document among the locales that carry it. */
export function chooseEnglish(slug: string, candidates: EnglishCandidate[]): { chosen: EnglishCandidate; choice?: EnglishChoice } {
  const first = candidates[0]!;
  if (candidates.every((c) => c.hash === first.hash)) return { chosen: first };
  const ranked = [...candidates].sort((a, b) => b.date - a.date || b.handoff - a.handoff);
  const chosen = ranked[0]!;
  const second = ranked[1]!;
  const reason =
    chosen.date !== second.date
      ? `newest ms.date (${fmt(chosen.date)} vs ${fmt(second.date)})`
      : chosen.handoff !== second.handoff
        ? `same ms.date, newest ms.lasthandoff (${fmt(chosen.handoff)} vs ${fmt(second.handoff)})`
        : 'same dates: first content folder';
  return { chosen, choice: { slug, chosen: chosen.locale, over: ranked.slice(1).map((c) => c.locale), reason } };
}

function fmt(n: number): string {
  return n ? `${String(n).slice(0, 4)}-${String(n).slice(4, 6)}-${String(n).slice(6)}` : 'none';
}

export async function loadSite(options: LoadSiteOptions): Promise<SiteModel> {
  const diagnostics: Diagnostic[] = [];
  const rootDirs = await contentRoots(options.content);
  const roots: RootFiles[] = [];
  for (const [k, dir] of rootDirs.entries()) {
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw new Error(`content folder not found: ${dir}`);
    roots.push(await readRoot(dir, k, diagnostics, options.followSymlinks ?? false));
  }
  for (const r of roots) diagnostics.push(...r.includes.diagnostics());
  const redirects = await siteRedirects(roots, diagnostics);
  const pages = new Map<string, SitePage>();
  const pathIndex = new Map<string, string>();
  const addPage = (page: SitePage) => {
    if (pages.has(page.id)) {
      const moved = page.relPath && page.slug !== slugOf(page.relPath);
      diagnostics.push({
        ...diag(page.file, 'duplicate-page', moved ? `${page.relPath} is redirected to ${page.slug}, which ${page.locale} already has in ${pages.get(page.id)!.file}; the copy at the old path is not built` : `two files give the page ${page.id}; kept ${pages.get(page.id)!.file}`, 'warning'),
      });
      return;
    }
    pages.set(page.id, page);
    if (page.relPath) pathIndex.set(stripExtension(page.relPath).toLowerCase(), page.slug);
  };

  // Target pages, and English candidates per slug.
  const englishBySlug = new Map<string, EnglishCandidate[]>();
  const englishYaml = new Map<string, { root: RootFiles; relPath: string; page: YamlPage }>();
  // Documents found at a redirected path come last: the page already at the new path wins.
  const sxsInOrder = roots
    .flatMap((r) => r.sxs.map((doc) => ({ r, doc, slug: redirectedSlug(redirects, doc.path) })))
    .sort((a, b) => Number(a.slug !== slugOf(a.doc.path)) - Number(b.slug !== slugOf(b.doc.path)));
  for (const { r, doc, slug } of sxsInOrder) {
    {
      const loc = siteLocale(doc.locale!).code;
      const targetOf = options.targetsFor?.(doc, loc);
      const metadata = options.metadataFor?.(doc, loc);
      const translation = pageTranslation(doc, options.unitStatusFor?.(doc, loc));
      const rtl = siteLocale(loc).dir === 'rtl';
      const body = dropLeadingH1(
        stripFrontMatter(translation.bilingual ? bilingualTargetView(doc, targetOf, rtl) : rtl ? rtlTargetView(doc, targetOf) : targetOf ? targetView(doc, targetOf) : targetView(doc)),
      );
      addPage({
        id: entryId(loc, slug),
        locale: loc,
        slug,
        kind: 'sxs',
        root: r.index,
        relPath: doc.path,
        file: join(r.root.dir, doc.path),
        docset: docsetOf(doc.path),
        title: metadata?.title || (doc.title.target ?? doc.title.source ?? slug),
        ...(metadata?.description || doc.description.target ? { description: metadata?.description || doc.description.target } : {}),
        markdown: body,
        ...(doc.translationType ? { translationType: doc.translationType } : {}),
        translation,
        ...(translation.bilingual ? { htmlTail: bilingualTail(doc, body) } : {}),
        relatedLabels: relatedSectionLabels(doc, targetOf),
      });
      const list = englishBySlug.get(slug) ?? [];
      list.push({
        locale: loc,
        doc,
        root: r.index,
        date: usDateValue(frontMatterValue(doc.frontMatter, 'ms.date')),
        handoff: usDateValue(frontMatterValue(doc.frontMatter, 'ms.lasthandoff')),
        hash: String(frontMatterValue(doc.frontMatter, 'ms.openlocfilehash') ?? ''),
      });
      englishBySlug.set(slug, list);
    }
  }
  for (const r of roots) {
    const locale = r.root.locale;
    for (const { relPath, page } of r.yaml) {
      const slug = redirectedSlug(redirects, relPath);
      addPage({
        id: entryId(locale, slug),
        locale,
        slug,
        kind: page.kind,
        root: r.index,
        relPath,
        file: join(r.root.dir, relPath),
        docset: docsetOf(relPath),
        title: page.title ?? slug,
        ...(page.description ? { description: page.description } : {}),
        markdown: page.markdown,
        ...(typeof page.metadata['ms.translationtype'] === 'string' ? { translationType: page.metadata['ms.translationtype'] } : {}),
      });
      if (page.kind === 'landing' && !englishYaml.has(slug)) englishYaml.set(slug, { root: r, relPath, page });
    }
  }

  // English pages written by us win over English rebuilt from sxs.
  for (const r of roots) {
    for (const e of r.english) {
      const slug = redirectedSlug(redirects, e.relPath);
      const fm = frontMatterOf(e.text, join(r.root.dir, e.relPath), diagnostics);
      const body = stripFrontMatter(e.text);
      addPage({
        id: entryId(ENGLISH_CODE, slug),
        locale: ENGLISH_CODE,
        slug,
        kind: e.kind,
        root: r.index,
        relPath: e.relPath,
        file: join(r.root.dir, e.relPath),
        docset: docsetOf(e.relPath),
        title: typeof fm.title === 'string' ? fm.title : (/^#\s+(.+)$/m.exec(body)?.[1]?.trim() ?? slug),
        ...(typeof fm.description === 'string' ? { description: fm.description } : {}),
        ...(e.kind === 'markdown' ? { markdown: typeof fm.title === 'string' ? body : dropLeadingH1(body) } : {}),
      });
    }
  }
  // English MDX pages translated through XLIFF: one generated page per locale that has a file.
  const mdxLocales = [...new Set(roots.map((r) => r.root.locale))].filter((l) => l !== ENGLISH_CODE);
  for (const r of options.localeMdxFor ? roots : []) {
    for (const e of r.english.filter((e) => e.kind === 'mdx')) {
      for (const locale of mdxLocales) {
        const generated = await options.localeMdxFor!(e.relPath, e.text, locale);
        if (!generated) continue;
        const slug = redirectedSlug(redirects, e.relPath);
        addPage({
          id: entryId(locale, slug),
          locale,
          slug,
          kind: 'mdx',
          root: r.index,
          relPath: e.relPath,
          file: generated.file,
          docset: docsetOf(e.relPath),
          title: generated.title,
          ...(generated.description ? { description: generated.description } : {}),
          translation: generated.translation,
        });
      }
    }
  }

  const englishChoices: EnglishChoice[] = [];
  for (const [slug, candidates] of englishBySlug) {
    if (pages.has(entryId(ENGLISH_CODE, slug))) continue;
    const { chosen, choice } = chooseEnglish(slug, candidates);
    if (choice) englishChoices.push(choice);
    const doc = chosen.doc;
    addPage({
      id: entryId(ENGLISH_CODE, slug),
      locale: ENGLISH_CODE,
      slug,
      kind: 'sxs-english',
      root: chosen.root,
      relPath: doc.path,
      file: join(roots[chosen.root]!.root.dir, doc.path),
      docset: docsetOf(doc.path),
      title: doc.title.source ?? humanize(slug),
      markdown: dropLeadingH1(stripFrontMatter(englishView(doc))),
      englishFrom: chosen.locale,
    });
  }

  const slugs = new Map<string, Set<string>>();
  for (const page of pages.values()) {
    const set = slugs.get(page.locale) ?? new Set<string>();
    set.add(page.slug);
    slugs.set(page.locale, set);
  }
  const englishTitle = (slug: string) => pages.get(entryId(ENGLISH_CODE, slug))?.title;

  const resolvePath = (fromPath: string, path: string): string | undefined => {
    if (path.startsWith('/')) return pathIndex.get(stripExtension(path.slice(1)).replace(/\/$/, '').toLowerCase());
    const rel = resolveRelative(fromPath, path);
    if (rel === undefined) return undefined;
    const key = stripExtension(rel).toLowerCase();
    return pathIndex.get(key) ?? pathIndex.get(key ? `${key}/index` : 'index');
  };

  // English landing pages rebuilt from the translated link lists.
  for (const [slug, { root, relPath, page }] of englishYaml) {
    if (pages.has(entryId(ENGLISH_CODE, slug))) continue;
    addPage({
      id: entryId(ENGLISH_CODE, slug),
      locale: ENGLISH_CODE,
      slug,
      kind: 'landing',
      root: root.index,
      relPath,
      file: join(root.root.dir, relPath),
      docset: docsetOf(relPath),
      title: `${humanize(docsetOf(relPath) || slug)} documentation`,
      markdown: englishLandingMarkdown(page, (url) => {
        const target = resolvePath(relPath, splitHref(url).path);
        return target === undefined ? undefined : englishTitle(target);
      }),
      englishFrom: root.root.locale,
    });
    slugs.get(ENGLISH_CODE)?.add(slug) ?? slugs.set(ENGLISH_CODE, new Set([slug]));
  }

  // Navigation per locale and docset.
  const nav = new Map<string, NavItem[]>();
  const tocNamesByLocale = new Map<string, Set<string>>();
  for (const r of roots) {
    const tocByPath = new Map(r.tocs.map((t) => [t.relPath.toLowerCase(), t.nodes]));
    const names = tocNamesByLocale.get(r.root.locale) ?? new Set<string>();
    const collect = (nodes: TocNode[]) => nodes.forEach((n) => (names.add(n.name), collect(n.items)));
    for (const toc of r.tocs) {
      collect(toc.nodes);
      if (toc.relPath.split('/').length !== 2) continue; // docset TOCs sit at <docset>/TOC.*
      const docset = docsetOf(toc.relPath);
      const key = `${r.root.locale}/${docset}`;
      if (nav.has(key)) continue;
      nav.set(
        key,
        pruneNav(
          buildNav(toc.relPath, toc.nodes, {
            resolve: (tocPath, href): TocLinkTarget | undefined => {
              if (isExternalHref(href)) return { href };
              const slug = resolvePath(tocPath, splitHref(href).path);
              if (slug !== undefined) return { slug };
              // A site path that is none of our pages goes to the corpus's publishing host, or nowhere.
              const published = publishedUrl(r.root.dir, href);
              return published ? { href: published } : undefined;
            },
            readToc: (path) => tocByPath.get(path.toLowerCase()),
          }),
        ),
      );
    }
    tocNamesByLocale.set(r.root.locale, names);
  }
  const targetLocales = [...tocNamesByLocale.keys()].filter((l) => l !== ENGLISH_CODE);
  const sameInAllLocales = (name: string) => targetLocales.length > 1 && targetLocales.every((l) => tocNamesByLocale.get(l)!.has(name));
  for (const [key, items] of [...nav]) {
    const [locale, docset] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    if (locale === ENGLISH_CODE || nav.has(`${ENGLISH_CODE}/${docset}`)) continue;
    // Translated-only pages (FAQ YAML) have no English page: the English sidebar leaves them out.
    const english = relabelNav(withoutSlugs(items, (slug) => !pages.has(entryId(ENGLISH_CODE, slug))), englishTitle, sameInAllLocales);
    nav.set(`${ENGLISH_CODE}/${docset}`, pruneNav(english));
  }

  const locales = sortLocales([...slugs.keys()]);
  // A home page per locale, listing the docsets, unless the content has one.
  const docsets = [...new Set([...pages.values()].map((p) => p.docset).filter(Boolean))].sort();
  for (const locale of locales) {
    if (pages.has(entryId(locale.code, ''))) continue;
    const lines = docsets.map((d) => {
      const landing = pages.get(entryId(locale.code, d)) ?? pages.get(entryId(ENGLISH_CODE, d));
      const first = landing ? d : navSlugs0(nav.get(`${locale.code}/${d}`) ?? nav.get(`${ENGLISH_CODE}/${d}`));
      const label = landing?.title ?? nav.get(`${locale.code}/${d}`)?.[0]?.label ?? humanize(d);
      return first === undefined ? undefined : `- [${label.replace(/([[\]])/g, '\\$1')}](/${locale.code}/${first ? `${first}/` : ''})`;
    });
    addPage({
      id: entryId(locale.code, ''),
      locale: locale.code,
      slug: '',
      kind: 'home',
      root: -1,
      relPath: '',
      file: '',
      docset: '',
      title: locale.strings.home,
      markdown: lines.filter(Boolean).join('\n') + '\n',
    });
    slugs.get(locale.code)?.add('');
  }

  // Old paths: links to them resolve to the new page, and each locale gets a redirect page.
  const redirectPages = new Map<string, string>();
  for (const [key, target] of redirects) {
    if (target.kind === 'slug' && !pathIndex.has(key)) pathIndex.set(key, target.slug);
    const from = slugOf(key);
    // A path that is still a page keeps it; Astro reads brackets in a redirect source as route parameters.
    if (!from || /[[\]]/.test(from) || locales.some((l) => slugs.get(l.code)?.has(from))) continue;
    for (const locale of locales) {
      redirectPages.set(pageUrl(locale.code, from).replace(/\/$/, ''), target.kind === 'slug' ? pageUrl(locale.code, target.slug, target.anchor) : target.url);
    }
  }

  return {
    roots: roots.map((r) => r.root),
    locales,
    pages,
    slugs,
    pathIndex,
    nav,
    redirects: redirectPages,
    englishChoices,
    diagnostics,
    followSymlinks: options.followSymlinks ?? false,
    resolvePath,
    movedOutside(fromPath, path) {
      const rel = path.startsWith('/') ? path.slice(1) : resolveRelative(fromPath, path);
      const target = rel === undefined ? undefined : redirects.get(pathKey(rel));
      return target?.kind === 'outside' ? target.url : undefined;
    },
    include(from, href) {
      const root = roots[from.root];
      if (!root) return { ok: false, problem: 'missing', reason: 'a generated page has no content folder' };
      const found = root.includes.include(from.relPath, href, from.locale === ENGLISH_CODE, (doc) => options.targetsFor?.(doc, from.locale));
      return found.ok ? { ...found, markdown: stripFrontMatter(found.markdown) } : found;
    },
  };
}

/**
 * The redirects of every root (its redirection file, and `redirect_url` in front matter), resolved
 * against the documents of all roots. Redirect stubs (front matter) leave the root's documents.
 */
async function siteRedirects(roots: RootFiles[], diagnostics: Diagnostic[]) {
  const rules: RedirectRule[] = [];
  const documents = new Map<string, string>();
  const docsets = new Map<number, string[]>();
  for (const r of roots) {
    rules.push(...(await readRedirections(r.root.dir, r.index, diagnostics)));
    // A document with `redirect_url` in its front matter is a redirect stub: no page of its own.
    const isStub = (relPath: string, url: unknown): boolean => {
      if (typeof url !== 'string' || !url.trim()) return false;
      rules.push({ root: r.index, sourcePath: relPath, url: url.trim(), file: join(r.root.dir, relPath) });
      return true;
    };
    r.sxs = r.sxs.filter((doc) => !isStub(doc.path, frontMatterValue(doc.frontMatter, 'redirect_url')));
    r.english = r.english.filter((e) => !isStub(e.relPath, frontMatterOf(e.text, join(r.root.dir, e.relPath), []).redirect_url));
    const relPaths = [...r.sxs.map((d) => d.path), ...r.yaml.map((y) => y.relPath), ...r.english.map((e) => e.relPath)];
    for (const relPath of relPaths) if (!documents.has(pathKey(relPath))) documents.set(pathKey(relPath), slugOf(relPath));
    docsets.set(r.index, [...new Set(relPaths.map(docsetOf).filter(Boolean))]);
  }
  return resolveRedirects({ rules, documents, docsets: (root) => docsets.get(root) ?? [], published: (root, sitePath) => publishedUrl(roots[root]?.root.dir, sitePath) });
}

function navSlugs0(items: NavItem[] | undefined): string | undefined {
  for (const item of items ?? []) {
    if (item.slug !== undefined) return item.slug;
    const inner = navSlugs0(item.children);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

function withoutSlugs(items: NavItem[], drop: (slug: string) => boolean): NavItem[] {
  return items.map((item) => {
    const children = withoutSlugs(item.children, drop);
    if (item.slug !== undefined && drop(item.slug)) {
      const { slug: _dropped, ...rest } = item;
      return { ...rest, children };
    }
    return { ...item, children };
  });
}

/** Drops TOC entries that lead nowhere: no page, no outside link, no children. */
function pruneNav(items: NavItem[]): NavItem[] {
  return items
    .map((item) => ({ ...item, children: pruneNav(item.children) }))
    .filter((item) => item.slug !== undefined || item.href !== undefined || item.children.length > 0);
}

function frontMatterOf(text: string, file: string, diagnostics: Diagnostic[]): Record<string, unknown> {
  const m = /^\ufeff?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return {};
  try {
    const data = parseYaml(m[1]!) as unknown;
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  } catch (error) {
    diagnostics.push(diag(file, 'front-matter-yaml', `front matter is not valid YAML: ${(error as Error).message}`));
    return {};
  }
}

export function humanize(slug: string): string {
  const last = slug.split('/').at(-1) ?? slug;
  const words = last.replace(/[-_]+/g, ' ').trim();
  return words ? words.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase()) : 'Home';
}

