/**
 * Moved pages. A DocFX corpus lists them in `.openpublishing.redirection.json` at its root
 * (`{"redirections": [{"source_path": "a/old.md", "redirect_url": "/a/new"}]}`), and a page may
 * say it in its own front matter (`redirect_url: new`). The reader site follows them the way
 * Microsoft's publisher does:
 * - a document found at a redirected path is the same document under its new name, so it is
 *   built at the new slug (its translation is never shown as "not available" under the new path,
 *   and English has one page, not two);
 * - the old path of every locale serves a redirect page (meta refresh and
 *   canonical link, ./redirect-pages.ts) to the new page of the same locale;
 * - links written to an old path go to the new page.
 *
 * `redirect_url` forms found in the corpora: a site path whose first segment is the docset's URL
 * base (`/partner-center/x`, `/microsoftteams/x` for the `Teams` folder, `/dynamics365/commerce/x`
 * for `articles/commerce/x`), a path relative to the source's folder (`dev-home-page`), and full
 * URLs. Targets that are themselves redirected are followed to the end of the chain.
 */
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pathInside } from '../io/confine.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { resolveRelative, sitePathKeys, slugOf, splitHref, stripExtension } from './slugs.ts';

export const REDIRECTION_FILE = '.openpublishing.redirection.json';

/** One moved path as written: the source relative to its corpus root, the target as written. */
export interface RedirectRule {
  root: number;
  sourcePath: string;
  url: string;
  /** Where the rule was written, for diagnostics. */
  file: string;
}

/** A resolved redirect: to a slug of the site (with anchor), or to a URL elsewhere. */
export type RedirectTarget = { kind: 'slug'; slug: string; anchor: string } | { kind: 'outside'; url: string };

/**
 * Reads the redirection file of a corpus root; a missing file gives no rules. The file sits at the
 * root, or in the repository folder above it (`repositoryDir`, see `SiteRoot.repository`), where
 * its source paths name the root's folder (`articles/x.md` for the root `articles`): they are
 * taken relative to the root, and those of other folders of the repository are not its pages.
 */
export async function readRedirections(rootDir: string, root: number, diagnostics: Diagnostic[], repositoryDir: string = rootDir): Promise<RedirectRule[]> {
  let file = join(rootDir, REDIRECTION_FILE);
  let text: string | undefined = await readFile(file, 'utf8').catch(() => undefined);
  // The root's folder as the repository's source paths write it: '' or `articles/`.
  let prefix = '';
  if (text === undefined && repositoryDir !== rootDir) {
    file = join(repositoryDir, REDIRECTION_FILE);
    text = await readFile(file, 'utf8').catch(() => undefined);
    prefix = relative(repositoryDir, rootDir).split(sep).join('/') + '/';
  }
  if (text === undefined) return [];
  let data: unknown;
  try {
    // DocFX reads this file leniently: the corpora have trailing commas before `]`.
    data = JSON.parse(text.replace(/^\ufeff/, '').replace(/,(\s*[\]}])/g, '$1'));
  } catch (error) {
    diagnostics.push(redirectDiagnostic(file, `the redirection file is not valid JSON (${(error as Error).message}); its moved pages are built at their old paths`));
    return [];
  }
  const list = (data as { redirections?: unknown } | null)?.redirections;
  if (!Array.isArray(list)) {
    diagnostics.push(redirectDiagnostic(file, 'the redirection file has no "redirections" list; its moved pages are built at their old paths'));
    return [];
  }
  const rules: RedirectRule[] = [];
  for (const [k, entry] of list.entries()) {
    const { source_path: sourcePath, redirect_url: url } = (entry ?? {}) as Record<string, unknown>;
    if (typeof sourcePath !== 'string' || typeof url !== 'string' || !sourcePath.trim() || !url.trim()) {
      diagnostics.push(redirectDiagnostic(file, `redirection ${k + 1} needs a "source_path" and a "redirect_url" string; it is ignored`, 'warning'));
      continue;
    }
    const written = sourcePath.trim().replace(/\\/g, '/').replace(/^\/+/, '');
    if (prefix && !written.toLowerCase().startsWith(prefix.toLowerCase())) continue;
    const source = written.slice(prefix.length);
    // The old path becomes a page of the site: one that climbs out of the root could be written outside it.
    if (!pathInside(rootDir, source)) {
      diagnostics.push(redirectDiagnostic(file, `redirection ${k + 1}: source_path "${sourcePath}" leads outside the content folder; it is ignored`));
      continue;
    }
    rules.push({ root, sourcePath: source, url: url.trim(), file });
  }
  return rules;
}

function redirectDiagnostic(file: string, message: string, severity?: Diagnostic['severity']): Diagnostic {
  return diagnostic('redirection-invalid', { file }, message, severity);
}

/** Lower-cased corpus path without extension: the key of `SiteModel.pathIndex`. */
export function pathKey(path: string): string {
  return stripExtension(path.replace(/\\/g, '/').replace(/^\/+/, '')).replace(/\/+$/, '').toLowerCase();
}

export interface RedirectInput {
  rules: RedirectRule[];
  /** Path key of every document of the site → its own slug. */
  documents: Map<string, string>;
  /** Docset folders (lower case) of each root. */
  docsets: (root: number) => string[];
  /** A site path on the root's publishing host, or undefined (./publishing-host.ts). */
  published: (root: number, sitePath: string) => string | undefined;
  /** URL bases of docsets beyond their folder names (`microsoftteams` → `teams`), see `sitePathKeys`. */
  urlBases?: ReadonlyMap<string, string>;
}

/**
 * Resolves every rule: source path key → target. Rules whose target is neither a document of the
 * site (after following chains) nor a URL elsewhere are left out.
 */
export function resolveRedirects(input: RedirectInput): Map<string, RedirectTarget> {
  const bySource = new Map<string, RedirectRule>();
  for (const rule of input.rules) {
    const key = pathKey(rule.sourcePath);
    if (!bySource.has(key)) bySource.set(key, rule);
  }
  const candidates = (rule: RedirectRule, path: string): string[] => {
    if (!path.startsWith('/')) {
      const rel = resolveRelative(rule.sourcePath, path);
      return rel === undefined ? [] : [pathKey(rel)];
    }
    const key = pathKey(path);
    const cut = key.indexOf('/');
    const rest = cut < 0 ? '' : key.slice(cut + 1);
    // The first segment is the URL base of a docset: the folder itself, or another name for it.
    const own = rule.sourcePath.split('/')[0]!.toLowerCase();
    const docsets = [own, ...input.docsets(rule.root).filter((d) => d !== own)];
    const published = sitePathKeys(key, input.urlBases ?? new Map(), (folder) => allDocsets.has(folder)).slice(1);
    return [key, ...published, ...docsets.map((d) => (rest ? `${d}/${rest}` : d))].flatMap((k) => [k, `${k}/index`]);
  };
  const allDocsets = new Set(input.rules.flatMap((r) => input.docsets(r.root)));
  const resolved = new Map<string, RedirectTarget>();
  const follow = (rule: RedirectRule, seen: Set<string>): RedirectTarget | undefined => {
    const { path, anchor } = splitHref(rule.url);
    if (/^[a-z][a-z0-9+.-]*:/i.test(rule.url) || rule.url.startsWith('//')) return /^https?:/i.test(rule.url) ? { kind: 'outside', url: rule.url } : undefined;
    for (const key of candidates(rule, path)) {
      const next = bySource.get(key);
      if (next && !seen.has(key)) {
        seen.add(key);
        const target = follow(next, seen);
        if (target?.kind === 'slug' && !target.anchor && anchor) return { ...target, anchor };
        if (target) return target;
      }
      const slug = input.documents.get(key);
      if (slug !== undefined && !bySource.has(key)) return { kind: 'slug', slug, anchor };
    }
    const url = path.startsWith('/') ? input.published(rule.root, rule.url) : undefined;
    return url ? { kind: 'outside', url } : undefined;
  };
  for (const [key, rule] of bySource) {
    const target = follow(rule, new Set([key]));
    if (target) resolved.set(key, target);
  }
  return resolved;
}

/** The slug a page is built at: its own, or the target of the redirect of its path. */
export function redirectedSlug(redirects: Map<string, RedirectTarget>, relPath: string): string {
  const target = redirects.get(pathKey(relPath));
  return target?.kind === 'slug' ? target.slug : slugOf(relPath);
}
