/**
 * Judges every entry of a build's broken-link report against the source trees:
 * `npx node scripts/judge-links.ts DIST/_bitext/broken-links.json [--corpora DIR]... [--examples N] [--json]`.
 *
 * For each entry it reads the link at its file:line:column, then asks where the target is in
 * the sources: in the same corpus (exactly, in another case, as another extension, as a folder
 * index, as an include file, under a redirected path), in another locale's copy of the same
 * repository, under another folder with the same file name, nowhere; for a site-absolute path,
 * whether it names a page of the build through a docset's URL base or a docset that is not in
 * the build. It prints the count per category with example entries.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { findIncludes } from '../src/model/markdown/docfx-include.ts';
import type { SiteContext } from '../src/site/context.ts';
import { brokenLinkReport, type BrokenLink } from '../src/site/link-report.ts';
import { recordBrokenLink, resolveLink } from '../src/site/links.ts';
import { loadSite, type SitePage } from '../src/site/model.ts';

const usage = `Usage: npx node scripts/judge-links.ts REPORT.json [--corpora DIR]... [--cwd DIR] [--examples N] [--json]
       npx node scripts/judge-links.ts --content DIR... [--write REPORT.json] [options]

Classifies every entry of a broken-link report (DIST/_bitext/broken-links.json) by looking at
the sources: does the target exist in this corpus, with another case or extension, as an
include, under a redirected path, in another locale's corpus of the same repository, under
another folder, or nowhere; is a site-absolute path a page of the build (through the URL base
of a docset) or a docset that is not part of the build.

With --content, the report is computed from the site model of those content folders (as
\`bitext build --content\` reads them) without rendering: every link of every page and of the
files it includes, resolved the way the pages resolve them. Links the renderer alone makes (none
today besides these) are not in it.

Options:
  --content      the arguments are content folders to build the report from, not a report
  --write FILE   with --content: also write the computed report there
  --corpora DIR  a folder holding corpus folders (default: ../shared/corpus and ../shared/corpus-large)
  --cwd DIR      the folder the report's file paths are relative to (default: this repository)
  --examples N   example entries printed per category (default 3)
  --json         print every entry with its category as JSON
  --help         show this help

Exit codes: 0 done, 2 bad command line.
`;

/** An entry of the build's broken-link report, with the locale it is listed under. */
type Entry = BrokenLink & { locale: string };

/** What the sources say about one entry. `real` is true when the source itself is broken. */
interface Verdict {
  category: string;
  real: boolean;
  /** Bitext should have resolved it: the target is a page of the build. */
  bitext: boolean;
  note?: string;
}

const repoRoot = resolve(dirname(new URL(import.meta.url).pathname), '..');

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { content: { type: 'boolean' }, write: { type: 'string' }, corpora: { type: 'string', multiple: true }, cwd: { type: 'string' }, examples: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean' } },
    });
  } catch (error) {
    process.stderr.write(`judge-links: ${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const fromContent = values.content ? positionals : undefined;
  if (fromContent ? !positionals.length || !positionals.every((p) => existsSync(p)) : positionals.length !== 1 || !existsSync(positionals[0]!)) {
    process.stderr.write(`judge-links: name one existing report file, or --content folders\n${usage}`);
    return 2;
  }
  const cwd = resolve(values.cwd ?? (fromContent ? process.cwd() : repoRoot));
  const corporaDirs = (values.corpora ?? [join(repoRoot, '../shared/corpus'), join(repoRoot, '../shared/corpus-large')]).map((d) => resolve(d));
  const report: Report = fromContent ? await modelReport(fromContent, cwd) : JSON.parse(readFileSync(positionals[0]!, 'utf8'));
  if (fromContent && values.write) await writeFile(values.write, JSON.stringify(report, null, 2) + '\n');
  const entries: Entry[] = Object.entries(report.locales).flatMap(([locale, s]) => s.links.map((l) => ({ ...l, locale })));
  const judge = createJudge(corporaDirs, cwd);
  const judged = entries.map((e) => ({ entry: e, verdict: judge(e) }));
  if (values.json) {
    process.stdout.write(JSON.stringify(judged, null, 1) + '\n');
    return 0;
  }
  const examples = Number(values.examples ?? 3);
  const groups = new Map<string, typeof judged>();
  for (const j of judged) groups.set(j.verdict.category, [...(groups.get(j.verdict.category) ?? []), j]);
  const lines: string[] = [`${entries.length} entries (report total ${report.total})`, ''];
  for (const [category, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    const perLocale = new Map<string, number>();
    for (const j of list) perLocale.set(j.entry.locale, (perLocale.get(j.entry.locale) ?? 0) + 1);
    const v = list[0]!.verdict;
    lines.push(`${String(list.length).padStart(5)}  ${category}${v.real ? '  [real broken link of the source]' : ''}${v.bitext ? '  [Bitext should resolve it]' : ''}`);
    lines.push(`       per locale: ${[...perLocale].map(([l, n]) => `${l} ${n}`).join(', ')}`);
    const perCorpus = new Map<string, number>();
    for (const j of list) perCorpus.set(corpusName(j.entry.file), (perCorpus.get(corpusName(j.entry.file)) ?? 0) + 1);
    lines.push(`       per corpus: ${[...perCorpus].map(([c, n]) => `${c} ${n}`).join(', ')}`);
    const shown = new Set<string>();
    for (const j of list) {
      const key = `${j.entry.href}`;
      if (shown.has(key)) continue;
      shown.add(key);
      lines.push(`       e.g. ${j.entry.file}:${j.entry.line}:${j.entry.column}: ${j.entry.href}${j.verdict.note ? `  → ${j.verdict.note}` : ''}`);
      if (shown.size >= examples) break;
    }
  }
  const real = judged.filter((j) => j.verdict.real).length;
  const bitext = judged.filter((j) => j.verdict.bitext).length;
  const elsewhere = judged.filter((j) => j.verdict.category.startsWith('site-absolute path of a docset not in the build') || j.verdict.category.includes('the publishing host serves it')).length;
  lines.push('', `real broken links of the source (target exists nowhere in the sources): ${real}`);
  lines.push(`links to other docsets, not part of the build (site-absolute paths on the publishing host): ${elsewhere}`);
  lines.push(`links Bitext should resolve (target is a page of the build): ${bitext}`);
  const unplaced = judged.filter((j) => j.entry.line === 0).length;
  const unverified = judged.filter((j) => j.verdict.note?.startsWith('position')).length;
  lines.push(`entries without a position (line 0: found neither in the page nor in a file it includes): ${unplaced}`);
  lines.push(`entries whose file:line:column does not show the href: ${unverified}`);
  process.stdout.write(lines.join('\n') + '\n');
  return 0;
}

/** The corpus folder name of a report's file path. */
function corpusName(file: string): string {
  const parts = file.split('/');
  const at = parts.findIndex((p) => p === 'corpus' || p === 'corpus-large');
  return at >= 0 ? (parts[at + 1] ?? file) : parts.slice(0, -1).join('/') || file;
}

/** A corpus folder: its files by lower-cased path, its site root and the URL bases of its docsets. */
interface Corpus {
  dir: string;
  /** The repository, without the locale suffix: corpora of one repository are locale copies. */
  repository: string;
  /** Lower-cased path relative to `dir` → actual path. */
  files: Map<string, string>;
  /** File name (lower case) → paths relative to `dir`. */
  byName: Map<string, string[]>;
  /** Folder (relative to `dir`) Bitext builds pages from: `articles` or the corpus itself. */
  siteRoot: string;
  /** URL base (lower case, no slashes) → docset folder relative to `dir`. */
  urlBases: Map<string, string>;
  /** Redirected source paths (lower case, no extension, relative to `dir`). */
  redirected: Set<string>;
}

function listAll(dir: string, prefix = '', out: string[] = []): string[] {
  for (const e of readdirSync(join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) {
      if (e.name !== '.git') listAll(dir, rel, out);
    } else out.push(rel);
  }
  return out;
}

function loadCorpus(dir: string): Corpus {
  const all = listAll(dir);
  const files = new Map(all.map((p) => [p.toLowerCase(), p]));
  const byName = new Map<string, string[]>();
  for (const p of all) byName.set(basename(p).toLowerCase(), [...(byName.get(basename(p).toLowerCase()) ?? []), p]);
  const siteRoot = existsSync(join(dir, 'articles')) && !all.some((p) => /^[^/]+\/(toc\.yml|docfx\.json)$/i.test(p) && !p.startsWith('articles/')) ? 'articles' : '';
  const urlBases = new Map<string, string>();
  const docsets = new Set(all.filter((p) => /(^|\/)toc\.(yml|md)$/i.test(p)).map((p) => p.slice(siteRoot ? siteRoot.length + 1 : 0).split('/')[0]!).filter((d) => !/\./.test(d)));
  for (const d of docsets) urlBases.set(d.toLowerCase(), siteRoot ? `${siteRoot}/${d}` : d);
  // The URL base of a docset: its breadcrumb path in docfx.json (`/microsoftteams/breadcrumb/toc.json`).
  for (const p of all.filter((q) => /(^|\/)docfx\.json$/i.test(q))) {
    const text = readFileSync(join(dir, p), 'utf8');
    const base = /"breadcrumb_path"\s*:\s*"\/([^/"]+)\//.exec(text)?.[1];
    if (base) urlBases.set(base.toLowerCase(), dirname(p));
  }
  const redirected = new Set<string>();
  for (const name of all.filter((p) => /^\.openpublishing\.redirection.*\.json$/.test(p))) {
    for (const m of readFileSync(join(dir, name), 'utf8').matchAll(/"source_path"\s*:\s*"([^"]+)"/g)) redirected.add(stripExt(m[1]!.replace(/^\/+/, '')).toLowerCase());
  }
  return { dir, repository: basename(dir).replace(/\.[a-z]{2}-[a-z]{2,4}(\.\w+)?$/i, ''), files, byName, siteRoot, urlBases, redirected };
}

const stripExt = (p: string) => p.replace(/\.(md|yml|yaml)$/i, '');

/** `a/b/../c` → `a/c`; undefined when it climbs above the start. */
function normalize(path: string): string | undefined {
  const out: string[] = [];
  for (const part of path.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!out.length) return undefined;
      out.pop();
    } else out.push(part);
  }
  return out.join('/');
}

function createJudge(corporaDirs: string[], cwd: string) {
  const corpora: Corpus[] = [];
  for (const parent of corporaDirs) {
    for (const e of readdirSync(parent, { withFileTypes: true })) if (e.isDirectory() && e.name !== 'seed') corpora.push(loadCorpus(join(parent, e.name)));
  }
  const texts = new Map<string, string>();
  const read = (file: string) => {
    if (!texts.has(file)) texts.set(file, existsSync(file) ? readFileSync(file, 'utf8') : '');
    return texts.get(file)!;
  };
  /** Where a path (relative to a corpus) is in that corpus: exactly, another case, another form. */
  const find = (c: Corpus, rel: string): { how: string; path: string } | undefined => {
    const lower = rel.toLowerCase().replace(/\/$/, '');
    const tries: [string, string][] = [
      [lower, 'same path'],
      [`${lower}.md`, 'path without its .md'],
      [`${lower}/index.md`, 'folder with index.md'],
      [`${lower}/index.yml`, 'folder with index.yml'],
      [stripExt(lower) + '.yml', 'the .yml of a .md link'],
      [stripExt(lower) + '.md', 'the .md of a .yml link'],
    ];
    for (const [key, how] of tries) {
      const actual = c.files.get(key);
      if (actual) return { how: actual === key || actual === rel.replace(/\/$/, '') ? how : `${how}, other case (${actual})`, path: actual };
    }
    return undefined;
  };

  return (e: Entry): Verdict => {
    const file = resolve(cwd, e.file);
    const corpus = corpora.find((c) => file.startsWith(c.dir + sep));
    const text = read(file);
    const lineText = text.split('\n')[e.line - 1] ?? '';
    const shown = lineText.slice(e.column - 1).startsWith(e.href);
    // A link written in a file the page includes is reported at its line there, with its href as written there.
    const position = e.line === 0 ? 'no position' : shown ? undefined : 'position does not show the href';
    if (!corpus) return { category: 'file outside the known corpora', real: false, bitext: false, note: position };
    if (e.anchor !== undefined) return { category: 'the page exists, its anchor does not (reported, the link is not marked)', real: true, bitext: false, note: position ?? `#${e.anchor}` };
    const fileRel = relative(corpus.dir, file).split(sep).join('/');
    const href = e.href.trim();
    const pathOnly = href.replace(/[?#].*$/, '');
    let decoded = pathOnly;
    try {
      decoded = decodeURI(pathOnly);
    } catch {
      // kept as written
    }
    const siblings = corpora.filter((c) => c !== corpus && c.repository === corpus.repository);

    if (decoded.startsWith('/')) {
      const segments = decoded.slice(1).split('/');
      const ordered: Corpus[] = [corpus, ...corpora.filter((x) => x !== corpus)];
      // `/dynamics365/<docset>/...`: the product prefix and then the docset's folder name.
      for (let skip = 0; skip <= 1 && skip < segments.length; skip++) {
        for (const c of ordered) {
          const base = c.urlBases.get(segments[skip]!.toLowerCase());
          if (!base) continue;
          const rest = segments.slice(skip + 1).join('/');
          const hit = find(c, rest ? `${base}/${rest}` : base);
          const redirected = c.redirected.has(stripExt(rest ? `${base}/${rest}` : base).toLowerCase());
          const where = c === corpus ? 'this corpus' : c.repository === corpus.repository ? "another locale's corpus" : 'another corpus of the build';
          if (hit) return { category: `site-absolute path to a page of ${where} (docset URL base /${segments.slice(0, skip + 1).join('/')}/)`, real: false, bitext: true, note: position ?? hit.path };
          if (redirected) return { category: `site-absolute path to a redirected page of ${where}`, real: false, bitext: true, note: position };
          if (skip === 0 || c === corpus) {
            return { category: `site-absolute path into a docset of the build whose page is not in the sources (the publishing host serves it)`, real: false, bitext: false, note: position ?? `${base}/${rest}` };
          }
        }
      }
      return { category: `site-absolute path of a docset not in the build (/${segments[0]}/...)`.replace(/\(\/[^)]*\)/, '(learn.microsoft.com)'), real: false, bitext: false, note: position ?? `/${segments[0]}/` };
    }

    // Relative to the file, or `~/` from the docset root (the folder of the nearest docfx.json).
    let from = dirname(fileRel);
    let rel = decoded;
    if (rel.startsWith('~/')) {
      let d = from;
      while (d !== '.' && !corpus.files.has(`${d}/docfx.json`.toLowerCase())) d = dirname(d);
      from = d === '.' ? corpus.siteRoot || '.' : d;
      rel = rel.slice(2);
    }
    const target = normalize(from === '.' ? rel : `${from}/${rel}`);
    if (target === undefined) return { category: 'relative path climbing out of the corpus (another repository)', real: true, bitext: false, note: position };
    if (/[^\x00-\x7f]/.test(decoded) && !find(corpus, target)) return { category: 'link target translated by machine translation (non-ASCII path)', real: true, bitext: false, note: position ?? 'the English side of the pair links elsewhere' };
    const hit = find(corpus, target);
    if (hit) {
      const isInclude = /(^|\/)includes\//i.test(hit.path);
      const underSite = !corpus.siteRoot || hit.path.startsWith(`${corpus.siteRoot}/`);
      if (isInclude) return { category: 'target is an include file (not a page)', real: false, bitext: false, note: position ?? hit.path };
      if (!underSite) return { category: 'target exists outside the built folder', real: false, bitext: false, note: position ?? hit.path };
      return { category: `target exists in this corpus (${hit.how.replace(/ \(.*\)$/, '')})`, real: false, bitext: true, note: position ?? hit.path };
    }
    if (corpus.redirected.has(stripExt(target).toLowerCase())) return { category: 'target is a redirected path', real: false, bitext: true, note: position };
    for (const s of siblings) {
      const other = find(s, target);
      if (other) return { category: "target exists only in another locale's corpus of the same repository", real: true, bitext: false, note: position ?? `${basename(s.dir)}/${other.path}` };
    }
    const name = basename(stripExt(target)).toLowerCase();
    const sameName = [...(corpus.byName.get(`${name}.md`) ?? []), ...(corpus.byName.get(`${name}.yml`) ?? [])];
    if (sameName.length) return { category: 'path wrong: a file of that name exists under another folder of the corpus', real: true, bitext: false, note: position ?? sameName.slice(0, 2).join(', ') };
    if (!/\.(md|yml)$/i.test(pathOnly) && pathOnly.includes('/') === false && !pathOnly.includes('.')) return { category: 'target exists nowhere in the sources (extension-less name)', real: true, bitext: false, note: position };
    return { category: 'target exists nowhere in the sources', real: true, bitext: false, note: position };
  };
}

type Report = { total: number; locales: Record<string, { count: number; links: BrokenLink[] }> };

/**
 * The broken-link report of a site model, without rendering: each page's link destinations (and
 * those of the files it includes, resolved from the included file as the renderer rewrites them)
 * through the same resolution as the pages (src/site/links.ts), positioned by src/site/link-report.ts.
 */
async function modelReport(content: string[], cwd: string): Promise<Report> {
  const site = await loadSite({ content });
  const ctx = { site, brokenLinks: [] } as unknown as SiteContext;
  for (const page of site.pages.values()) {
    if (page.kind === 'home' || page.markdown === undefined) continue;
    const visit = (markdown: string, from: SitePage, depth: number) => {
      for (const href of destinations(markdown)) {
        const resolved = resolveLink(site, from, href);
        if (resolved.kind === 'broken') {
          const written = from === page ? href : rebasedHref(from.relPath, page.relPath, href);
          recordBrokenLink(ctx, page, written, resolved.reason);
        }
      }
      if (depth >= 10 || !/\[!include/i.test(markdown)) return;
      for (const m of findIncludes(markdown)) {
        const found = site.include({ root: page.root, relPath: from.relPath, locale: page.locale }, m.path);
        if (found.ok) visit(found.markdown, { ...from, relPath: found.relPath }, depth + 1);
      }
    };
    visit(page.markdown, page, 0);
  }
  return brokenLinkReport(ctx, cwd);
}

/** HTML comments, fenced code and code spans: their brackets are not links. */
const CODE = /<!--[\s\S]*?-->|^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[ \t]*$|`[^`\n]*`/gm;
/** An inline link's destination as CommonMark reads it: `](dest)`, `](<dest>)`, `](dest "title")`. */
const DESTINATION = /\]\(\s*(?:<([^<>\n]*)>|([^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*))(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g;

/** Link destinations of a page's Markdown (images included: they resolve to no page), includes left out. */
function destinations(markdown: string): string[] {
  let text = markdown.replace(CODE, ' ');
  if (/\[!include/i.test(text)) for (const m of findIncludes(text).reverse()) text = text.slice(0, m.offset) + ' ' + text.slice(m.offset + m.raw.length);
  return [...text.matchAll(DESTINATION)].map((m) => m[1] ?? m[2]!).filter(Boolean);
}

/** A relative link of an included file as the page that includes it writes it (what the renderer records). */
function rebasedHref(includePath: string, pagePath: string, href: string): string {
  if (/^[a-z][a-z0-9+.-]*:|^[/#~]/i.test(href)) return href;
  const target = normalize(`${dirname(includePath)}/${href}`);
  if (target === undefined) return href;
  const up = dirname(pagePath) === '.' ? [] : dirname(pagePath).split('/');
  const down = target.split('/');
  while (up.length && down.length > 1 && up[0] === down[0]) (up.shift(), down.shift());
  return [...up.map(() => '..'), ...down].join('/');
}

process.exitCode = await main();
