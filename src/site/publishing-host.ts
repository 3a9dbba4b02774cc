/**
 * Where a site-absolute link that names none of our pages goes. DocFX content links to other
 * docsets of its publishing host by path (`/azure/...`, `/legal/...`); on our site such a path
 * would be a 404, so it goes to that host instead, where Microsoft's own pages send it. A corpus
 * with Open Publishing files (`.openpublishing.publish.config.json`, or only the
 * `.openpublishing.redirection.json` that some exports keep, as the Dynamics 365 ar-SA corpus
 * does) was published on Microsoft Learn (formerly docs.microsoft.com); a corpus without them has
 * no known host, and the link is broken.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const OPEN_PUBLISHING_FILES = ['.openpublishing.publish.config.json', '.openpublishing.redirection.json'];
export const OPEN_PUBLISHING_HOST = 'https://learn.microsoft.com';

const hosts = new Map<string, string | undefined>();

/** The host that serves the site-absolute links of a corpus (its repository folder, `SiteRoot.repository`), or undefined. */
export function publishingHost(rootDir: string): string | undefined {
  if (!hosts.has(rootDir)) hosts.set(rootDir, OPEN_PUBLISHING_FILES.some((name) => existsSync(join(rootDir, name))) ? OPEN_PUBLISHING_HOST : undefined);
  return hosts.get(rootDir);
}

/** `/azure/x?view=y#z` on the root's host, or undefined when the root has none. */
export function publishedUrl(rootDir: string | undefined, sitePath: string): string | undefined {
  const host = rootDir === undefined ? undefined : publishingHost(rootDir);
  return host && sitePath.startsWith('/') && !sitePath.startsWith('//') ? host + sitePath : undefined;
}
