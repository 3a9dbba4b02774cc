/**
 * The built site's internal links, checked against the files of the build: every `<a href>` to a
 * path of the site must name a page or file that exists. Used by the tests and by
 * `scripts/check-site-links.ts` on a full build. Astro writes its HTML with double-quoted
 * attributes, so a tag scan finds every anchor.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface DeadLink {
  /** The HTML file, relative to the output folder. */
  file: string;
  href: string;
  /** The path looked for. */
  path: string;
}

export interface CrawlResult {
  files: number;
  /** Internal `<a href>`s checked. */
  links: number;
  dead: DeadLink[];
}

const ANCHOR_TAG = /<a\s[^>]*>/gi;
const HREF = /\shref="([^"]*)"/i;

/** The site path of an HTML file: `en/x/index.html` → `/en/x/`. */
function pagePath(rel: string): string {
  const path = '/' + rel.split(sep).join('/');
  return path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path;
}

function decodeEntities(s: string): string {
  return s.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}

/** The site path an href leads to, or undefined when it leaves the site or stays on the page. */
export function internalPath(href: string, fromPath: string): string | undefined {
  if (!href || href.startsWith('#') || href.startsWith('//') || /^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined;
  const url = new URL(href, `http://site.invalid${fromPath}`);
  return decodeURIComponent(url.pathname);
}

function exists(out: string, path: string, cache: Map<string, boolean>): boolean {
  let ok = cache.get(path);
  if (ok === undefined) {
    const local = join(out, ...path.split('/'));
    ok = path.endsWith('/') ? existsSync(join(local, 'index.html')) : existsSync(local) || existsSync(join(local, 'index.html')) || existsSync(local + '.html');
    cache.set(path, ok);
  }
  return ok;
}

export async function crawlInternalLinks(out: string): Promise<CrawlResult> {
  const entries = await readdir(out, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.html')).map((e) => relative(out, join(e.parentPath, e.name)));
  const cache = new Map<string, boolean>();
  const dead: DeadLink[] = [];
  let links = 0;
  for (const file of files) {
    const html = await readFile(join(out, file), 'utf8');
    const from = pagePath(file);
    for (const tag of html.matchAll(ANCHOR_TAG)) {
      const href = HREF.exec(tag[0])?.[1];
      if (href === undefined) continue;
      const path = internalPath(decodeEntities(href), from);
      if (path === undefined) continue;
      links++;
      if (!exists(out, path, cache)) dead.push({ file, href, path });
    }
  }
  return { files: files.length, links, dead };
}
