/**
 * Link resolution: a relative `.md` (or `.yml`) link in a page goes to the same document in the
 * same locale, anchor kept. Tolerates what DocFX tolerates: case differences, `..\` separators,
 * `?branch=` queries, and links that name `x.md` where the page is now `x.yml`. A link to a page
 * the locale lacks goes to the locale's English fallback page and is marked "(English)". A
 * site-absolute path that is none of our pages goes to the corpus's publishing host
 * (./publishing-host.ts). A link to no page at all is never an `<a href>` to a 404: it renders as
 * its text with a visible "(missing page)" mark, and it is recorded for the broken-link report.
 */
import type { Image, ImageReference, Link, LinkReference, Parents, PhrasingContent, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { visitType } from './mdast-visit.ts';
// Brings the `hName` / `hProperties` fields of mdast `data` into the types.
import type {} from 'mdast-util-to-hast';
import { pageOfFile, type SiteContext, type SitePluginOptions } from './context.ts';
import { ENGLISH_CODE, siteLocale } from './locales.ts';
import type { SiteModel, SitePage } from './model.ts';
import { navStrings } from './nav-strings.ts';
import { publishedUrl } from './publishing-host.ts';
import { entryId, isExternalHref, pageUrl, splitHref } from './slugs.ts';
import { ownString } from '../model/own-string.ts';

export type ResolvedLink =
  | { kind: 'page'; url: string; page: string; anchor: string }
  | { kind: 'fallback'; url: string; contentLocale: string; page: string; anchor: string }
  | { kind: 'outside'; url: string }
  | { kind: 'broken'; reason: string }
  | { kind: 'keep' };

/** Where a link leads in the site model: a slug, somewhere else, or nowhere. */
export type LinkTarget =
  | { kind: 'slug'; slug: string; anchor: string }
  | { kind: 'outside'; url: string }
  | { kind: 'broken'; reason: string }
  | { kind: 'keep' };

const MEDIA = /\.(png|jpe?g|gif|svg|webp|avif|bmp|pdf|zip|docx?|xlsx?|pptx?|csv|json)$/i;

export function linkTarget(site: SiteModel, page: SitePage, href: string): LinkTarget {
  if (!href || isExternalHref(href)) return { kind: 'keep' };
  const { path, anchor } = splitHref(href);
  if (!path || MEDIA.test(path)) return { kind: 'keep' };
  const decoded = safeDecode(path);
  const slug = site.resolvePath(page.relPath, decoded);
  if (slug !== undefined) return { kind: 'slug', slug, anchor };
  // A page redirected off the site (./redirects.ts).
  const moved = site.movedOutside(page.relPath, decoded);
  if (moved) return { kind: 'outside', url: moved };
  if (decoded.startsWith('/')) {
    // A URL of this site written out (`/en/bitext/quick-start/`).
    const own = /^\/([^/]+)\/?(.*?)\/?$/.exec(decoded);
    const ownSlug = own?.[2]!.toLowerCase();
    if (own && ownSlug !== undefined && site.slugs.has(own[1]!.toLowerCase()) && site.locales.some((l) => site.slugs.get(l.code)?.has(ownSlug))) return { kind: 'slug', slug: ownSlug, anchor };
    const url = publishedUrl(site.roots[page.root]?.repository, href.trim());
    return url ? { kind: 'outside', url } : { kind: 'broken', reason: 'a site path that is none of the pages, and the content has no publishing host for it' };
  }
  return { kind: 'broken', reason: 'no document at this path in any locale' };
}

export function resolveLink(site: SiteModel, page: SitePage, href: string): ResolvedLink {
  const target = linkTarget(site, page, href);
  if (target.kind !== 'slug') return target;
  const { slug, anchor } = target;
  if (site.slugs.get(page.locale)?.has(slug)) return { kind: 'page', url: pageUrl(page.locale, slug, anchor), page: entryId(page.locale, slug), anchor };
  if (site.slugs.get(ENGLISH_CODE)?.has(slug)) return { kind: 'fallback', url: pageUrl(page.locale, slug, anchor), contentLocale: ENGLISH_CODE, page: entryId(ENGLISH_CODE, slug), anchor };
  // No English either (a translated-only YAML page): send the reader to a locale that has it.
  const other = site.locales.find((l) => site.slugs.get(l.code)?.has(slug));
  return other ? { kind: 'fallback', url: pageUrl(other.code, slug, anchor), contentLocale: other.code, page: entryId(other.code, slug), anchor } : { kind: 'broken', reason: 'no page for this document in any locale' };
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

/**
 * Records a link with a `#fragment` (to another page, or `#x` to this one) for the anchor check of
 * the broken-link report (./link-report.ts), which runs when every page has rendered.
 */
export function recordAnchorLink(ctx: SiteContext, page: SitePage, href: string, target: string, anchor: string): void {
  if (anchor) ctx.anchorLinks.push({ locale: page.locale, page: page.id, href: ownString(href), target: ownString(target), anchor: ownString(anchor) });
}

/** Records a link to no page for the broken-link report (./link-report.ts). */
export function recordBrokenLink(ctx: SiteContext, page: SitePage, href: string, reason: string): void {
  ctx.brokenLinks.push({ locale: page.locale, page: page.id, href: ownString(href), reason });
}

/** The text of a link to no page: a span with a visible mark, never an `<a href>`. */
export function brokenLinkNode(children: PhrasingContent[], locale: string, href: string): PhrasingContent {
  const strings = navStrings(locale);
  const mark = markNode(`⚠\u00a0${strings.missing}`, 'small', { className: ['bt-broken-mark'] });
  return {
    type: 'emphasis',
    children: [...children, { type: 'text', value: ' ' }, mark],
    data: { hName: 'span', hProperties: { className: ['bt-broken-link'], title: strings.missingTitle.replace('{href}', href) } },
  };
}

/** The "(English)" mark after a link to fallback content, in the content's language. */
export function languageMarkNode(readerLocale: string, contentLocale: string): PhrasingContent {
  const target = siteLocale(contentLocale);
  const mark = target.code === ENGLISH_CODE ? siteLocale(readerLocale).strings.english : `(${target.label})`;
  return markNode(mark, 'span', { className: ['bt-lang-mark'], lang: target.lang });
}

/**
 * Text in an element of its own. The text sits in a wrapper node that carries the element name:
 * mdast-util-to-hast honours `hName` on a text node, Sätteri's converter only on a parent.
 */
function markNode(text: string, tagName: string, properties: Record<string, string | string[]>): PhrasingContent {
  return { type: 'emphasis', children: [{ type: 'text', value: text }], data: { hName: tagName, hProperties: properties } };
}

/** URL schemes a page may link to; a URL without a scheme (relative, `#fragment`, `//host`) is fine too. */
const ALLOWED_SCHEMES = new Set(['http', 'https', 'mailto']);

/**
 * Whether a URL from a page may become an `href` or `src`: http, https, mailto, or no scheme at
 * all. Read as a browser reads it (after the Markdown or HTML parser decoded its character
 * references): leading and trailing C0 controls and spaces dropped, tabs and line breaks removed
 * anywhere, scheme case-insensitive, so `  JaVa&#x09;script:` is the `javascript:` it is.
 */
export function isAllowedUrl(url: string): boolean {
  const seen = url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(seen)?.[1];
  return scheme === undefined || ALLOWED_SCHEMES.has(scheme.toLowerCase());
}

/**
 * Links and images whose URL has another scheme (`javascript:`, `data:`, `vbscript:`, …) become
 * their text: a link its content, an image its alt text. On every page, whoever wrote it, before
 * any plugin turns a link into something else (cards, resolved links).
 */
export function remarkSafeUrls() {
  return (tree: Root) => {
    const refused = new Set<string>();
    visitType(tree, 'definition', (node) => {
      if (!isAllowedUrl(node.url)) refused.add(node.identifier);
    });
    const asText = (replacement: (node: Link | Image | LinkReference | ImageReference) => PhrasingContent[]) => (node: Link | Image | LinkReference | ImageReference, index: number, parent: Parents) => {
      const url = 'url' in node ? node.url : undefined;
      const unsafe = url !== undefined ? !isAllowedUrl(url) : refused.has((node as LinkReference).identifier);
      if (!unsafe) return;
      const parts = replacement(node);
      (parent.children as RootContent[]).splice(index, 1, ...parts);
      return index;
    };
    const content = (node: Link | Image | LinkReference | ImageReference): PhrasingContent[] => ('children' in node ? node.children : node.alt ? [{ type: 'text', value: node.alt }] : []);
    visitType(tree, 'link', asText(content));
    visitType(tree, 'linkReference', asText(content));
    visitType(tree, 'image', asText(content));
    visitType(tree, 'imageReference', asText(content));
    visitType(tree, 'definition', (node, index, parent) => {
      if (!refused.has(node.identifier)) return;
      (parent.children as RootContent[]).splice(index, 1);
      return index;
    });
  };
}

export function remarkBitextLinks(options: SitePluginOptions = {}) {
  return (tree: Root, file: VFile) => {
    const found = pageOfFile(file.path, options.context);
    if (!found) return;
    const { ctx, page } = found;
    const locale = page.locale;
    visitType(tree, 'link', (node: Link, index, parent) => {
      const resolved = resolveLink(ctx.site, page, node.url);
      if (resolved.kind === 'keep') {
        if (node.url.startsWith('#')) recordAnchorLink(ctx, page, node.url, page.id, node.url.slice(1));
        return;
      }
      if (resolved.kind === 'broken') {
        recordBrokenLink(ctx, page, node.url, resolved.reason);
        if (parent && index !== undefined) (parent.children as RootContent[]).splice(index, 1, brokenLinkNode(node.children, locale, node.url));
        return 'skip';
      }
      if (resolved.kind === 'page' || resolved.kind === 'fallback') recordAnchorLink(ctx, page, node.url, resolved.page, resolved.anchor);
      node.url = resolved.url;
      if (resolved.kind === 'fallback' && parent && index !== undefined) {
        node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), hreflang: siteLocale(resolved.contentLocale).lang } };
        (parent.children as RootContent[]).splice(index + 1, 0, { type: 'text', value: ' ' }, languageMarkNode(locale, resolved.contentLocale));
        return index + 3;
      }
    });
  };
}
