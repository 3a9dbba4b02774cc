/**
 * Slugs and URLs. A document has one slug, the same in every locale: its path relative to the
 * corpus root, lower case, without extension, `index` dropped (`partner-center/index.yml` is the
 * docset's front page `partner-center`). Pages live at `/<locale>/<slug>/`.
 */

/**
 * `Partner-Center/Customer Self-Support.md` → `partner-center/customer-self-support`. A file name
 * may hold any character; a URL path segment may not: characters with a meaning in a URL (`%`,
 * `#`, `?`, `&`, ...) and white space become `-`, so `per%20cent.md` is `per-20cent`. Letters of
 * any script stay (NFC, lower case).
 */
export function slugOf(relPath: string): string {
  const parts = stripExtension(relPath.replace(/\\/g, '/'))
    .split('/')
    .filter((p) => p !== '' && p !== '.')
    .map(slugSegment);
  if (parts.at(-1) === 'index') parts.pop();
  return parts.join('/');
}

function slugSegment(name: string): string {
  const segment = name
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}._~-]+/gu, '-');
  // `..` would climb out of the locale's folder.
  return /^\.+$/.test(segment) ? '_' : segment;
}

export function stripExtension(path: string): string {
  return path.replace(/\.(md|mdx|markdown|yml|yaml)$/i, '');
}

/** Content-collection id of a page: `ru-ru/partner-center/x`, or `ru-ru` for the locale's home. */
export function entryId(locale: string, slug: string): string {
  return slug ? `${locale}/${slug}` : locale;
}

/** Splits an entry id back into locale code and slug. */
export function splitEntryId(id: string): { locale: string; slug: string } {
  const cut = id.indexOf('/');
  return cut < 0 ? { locale: id, slug: '' } : { locale: id.slice(0, cut), slug: id.slice(cut + 1) };
}

export function pageUrl(locale: string, slug: string, anchor = ''): string {
  return `/${locale}/${slug ? `${slug}/` : ''}${anchor ? `#${anchor}` : ''}`;
}

/** The first path segment: the docset a page belongs to (`partner-center`, `marketplace`). */
export function docsetOf(relPath: string): string {
  const cut = relPath.indexOf('/');
  return cut < 0 ? '' : relPath.slice(0, cut).toLowerCase();
}

/**
 * Resolves `href` relative to the folder of `fromPath` (both corpus-relative), tolerating what
 * DocFX tolerates: `\` separators, `./` and `../`. Returns undefined when it climbs above the root.
 */
export function resolveRelative(fromPath: string, href: string): string | undefined {
  const parts = fromPath.replace(/\\/g, '/').split('/');
  parts.pop();
  for (const part of href.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

export interface SplitHref {
  path: string;
  query: string;
  anchor: string;
}

/** `a.md?branch=main#x` → path `a.md`, query `branch=main`, anchor `x`. */
export function splitHref(href: string): SplitHref {
  let rest = href.trim();
  let anchor = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    anchor = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  return { path: rest, query, anchor };
}

/** A link that leaves the site or stays on the page: left as written. */
export function isExternalHref(href: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//') || href.startsWith('#');
}

/**
 * The root-relative path keys a site-absolute path may name on Microsoft's publishing host, in
 * the order to try: the path as written; its first segment read as a docset's URL base
 * (`urlBases`, from docfx.json: `microsoftteams` → `teams`); its first segment read as a product
 * prefix before a docset folder (`/dynamics365/commerce/x` → `commerce/x`). `key` is lower case,
 * without the leading slash.
 */
export function sitePathKeys(key: string, urlBases: ReadonlyMap<string, string>, isDocset: (folder: string) => boolean): string[] {
  const keys = [key];
  const [first, second, ...rest] = key.split('/');
  const base = urlBases.get(first!);
  if (base !== undefined) keys.push([base, ...(second === undefined ? [] : [second]), ...rest].join('/'));
  if (second !== undefined && isDocset(second)) keys.push([second, ...rest].join('/'));
  return keys;
}
