/**
 * Moved pages: the redirects of every root (its redirection file, and `redirect_url` in front
 * matter) resolved against the documents of all roots, and the redirect page each locale gets
 * for an old path (../redirects.ts has the rules).
 */
import { join } from 'node:path';
import type { Diagnostic } from '../../model/diagnostics.ts';
import type { SiteLocale } from '../locales.ts';
import { docsetOf, pageUrl, slugOf } from '../slugs.ts';
import { publishedUrl } from '../publishing-host.ts';
import { pathKey, readRedirections, resolveRedirects, type RedirectRule, type RedirectTarget } from '../redirects.ts';
import type { PageSet } from './page-set.ts';
import type { RootFiles } from './roots.ts';
import { frontMatterOf } from './text.ts';

/** The site's redirects. Redirect stubs (front matter) leave the root's documents. */
export async function siteRedirects(roots: RootFiles[], diagnostics: Diagnostic[]): Promise<Map<string, RedirectTarget>> {
  const rules: RedirectRule[] = [];
  const documents = new Map<string, string>();
  const docsets = new Map<number, string[]>();
  for (const r of roots) {
    rules.push(...(await readRedirections(r.root.dir, r.index, diagnostics, r.root.repository)));
    // A document with `redirect_url` in its front matter is a redirect stub: no page of its own.
    const isStub = (relPath: string, url: unknown): boolean => {
      if (typeof url !== 'string' || !url.trim()) return false;
      rules.push({ root: r.index, sourcePath: relPath, url: url.trim(), file: join(r.root.dir, relPath) });
      return true;
    };
    r.sxs = r.sxs.filter((parts) => !isStub(parts.path, parts.redirectUrl));
    r.english = r.english.filter((e) => !isStub(e.relPath, frontMatterOf(e.text, join(r.root.dir, e.relPath), []).redirect_url));
    const relPaths = [...r.sxs.map((d) => d.path), ...r.yaml.map((y) => y.relPath), ...r.english.map((e) => e.relPath)];
    for (const relPath of relPaths) if (!documents.has(pathKey(relPath))) documents.set(pathKey(relPath), slugOf(relPath));
    docsets.set(r.index, [...new Set(relPaths.map(docsetOf).filter(Boolean))]);
  }
  const urlBases = new Map(roots.flatMap((r) => [...r.urlBases]));
  return resolveRedirects({ rules, documents, docsets: (root) => docsets.get(root) ?? [], published: (root, sitePath) => publishedUrl(roots[root]?.root.repository, sitePath), urlBases });
}

/**
 * Links to old paths resolve to the new page (added to the path index), and each locale gets a
 * redirect page: old page URL → URL of the new page in the same locale, or elsewhere.
 */
export function redirectPages(set: PageSet, redirects: Map<string, RedirectTarget>, locales: SiteLocale[], slugs: Map<string, Set<string>>): Map<string, string> {
  const pages = new Map<string, string>();
  for (const [key, target] of redirects) {
    if (target.kind === 'slug' && !set.pathIndex.has(key)) set.pathIndex.set(key, target.slug);
    const from = slugOf(key);
    // A path that is still a page keeps it; Astro reads brackets in a redirect source as route parameters.
    if (!from || /[[\]]/.test(from) || locales.some((l) => slugs.get(l.code)?.has(from))) continue;
    for (const locale of locales) {
      pages.set(pageUrl(locale.code, from).replace(/\/$/, ''), target.kind === 'slug' ? pageUrl(locale.code, target.slug, target.anchor) : target.url);
    }
  }
  return pages;
}
