/**
 * The redirect pages of moved pages (./redirects.ts), written as files when a build is done.
 *
 * Astro's `redirects` option would write them, but it makes each redirect a route of its own,
 * and Astro's page generation walks every route once for each page it wrote: a site with 4,000
 * moved documents in five locales (20,000 redirect routes) and 49,000 pages spent more than seven
 * minutes in that walk. Written here they cost one small file each, and the page looks as Astro
 * writes it (meta refresh, canonical link, `noindex`). `astro dev` serves no built files, so it
 * still gets them as Astro's redirects, which it answers with a 301.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { pathInside } from '../io/confine.ts';

/** What a redirect page escapes in its attributes and text: the five characters HTML gives meaning to. */
const ESCAPED: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', "'": '&#39;', '"': '&quot;' };
const escapeHtml = (text: string): string => text.replace(/[&<>'"]/g, (c) => ESCAPED[c]!);

/** The address a redirect page is requested at: its path with the trailing slash of a folder page. */
function requestedPath(from: string): string {
  return from.endsWith('/') ? from : `${from}/`;
}

/**
 * The page at `from` that sends the reader to `to` (a site path or a URL elsewhere): Astro's
 * own redirect page, byte for byte, so that a site looks the same whoever wrote it.
 */
export function redirectPageHtml(from: string, to: string, site?: string): string {
  const relative = escapeHtml(to);
  const absolute = escapeHtml(site ? new URL(to, site).toString() : to);
  return (
    `<!doctype html><title>Redirecting to: ${relative}</title><meta http-equiv="refresh" content="0;url=${relative}">` +
    `<meta name="robots" content="noindex"><link rel="canonical" href="${absolute}">` +
    `<body>\t<a href="${relative}">Redirecting from <code>${escapeHtml(encodeURI(requestedPath(from)))}</code> to <code>${relative}</code></a></body>`
  );
}

/** The file of the redirect page at `from` under the site folder `root`; none when the path would leave it. */
export function redirectPageFile(root: string, from: string): string | undefined {
  return pathInside(root, `.${requestedPath(from)}index.html`);
}

/**
 * Writes the redirect page of each `from → to` into the built site (`astro build`), and gives
 * them to Astro as redirects where nothing is built (`astro dev`).
 */
export function redirectPagesIntegration(redirects: () => ReadonlyMap<string, string>): AstroIntegration {
  let site: string | undefined;
  return {
    name: 'bitext-redirect-pages',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig }) => {
        site = config.site;
        if (command === 'dev') updateConfig({ redirects: Object.fromEntries(redirects()) });
      },
      'astro:build:done': async ({ dir }) => {
        const root = fileURLToPath(dir);
        const made = new Set<string>();
        for (const [from, to] of redirects()) {
          const file = redirectPageFile(root, from);
          if (!file) continue;
          const folder = dirname(file);
          if (!made.has(folder)) await mkdir(folder, { recursive: true });
          made.add(folder);
          await writeFile(file, redirectPageHtml(from, to, site));
        }
      },
    },
  };
}
