/**
 * Link resolution: a relative `.md` (or `.yml`) link in a page goes to the same document in the
 * same locale, anchor kept. Tolerates what DocFX tolerates: case differences, `..\` separators,
 * `?branch=` queries, and links that name `x.md` where the page is now `x.yml`. A link to a page
 * the locale lacks goes to the locale's English fallback page and is marked "(English)"; a link to
 * no page at all is recorded for the broken-link report.
 */
import type { Link, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
// Brings the `hName` / `hProperties` fields of mdast `data` into the types.
import type {} from 'mdast-util-to-hast';
import { pageOfFile } from './context.ts';
import { ENGLISH_CODE, siteLocale } from './locales.ts';
import type { SiteModel, SitePage } from './model.ts';
import { isExternalHref, pageUrl, splitHref } from './slugs.ts';

export type ResolvedLink =
  | { kind: 'page'; url: string }
  | { kind: 'fallback'; url: string; contentLocale: string }
  | { kind: 'broken' }
  | { kind: 'keep' };

const MEDIA = /\.(png|jpe?g|gif|svg|webp|avif|bmp|pdf|zip|docx?|xlsx?|pptx?|csv|json)$/i;

export function resolveLink(site: SiteModel, page: SitePage, href: string): ResolvedLink {
  if (!href || isExternalHref(href)) return { kind: 'keep' };
  const { path, anchor } = splitHref(href);
  if (!path || MEDIA.test(path)) return { kind: 'keep' };
  // A site path (`/partner-center/x`) is ours only when it names one of our pages.
  const slug = site.resolvePath(page.relPath, safeDecode(path));
  if (slug === undefined) return path.startsWith('/') ? { kind: 'keep' } : { kind: 'broken' };
  if (site.slugs.get(page.locale)?.has(slug)) return { kind: 'page', url: pageUrl(page.locale, slug, anchor) };
  if (site.slugs.get(ENGLISH_CODE)?.has(slug)) return { kind: 'fallback', url: pageUrl(page.locale, slug, anchor), contentLocale: ENGLISH_CODE };
  // No English either (a translated-only YAML page): send the reader to a locale that has it.
  const other = site.locales.find((l) => site.slugs.get(l.code)?.has(slug));
  return other ? { kind: 'fallback', url: pageUrl(other.code, slug, anchor), contentLocale: other.code } : { kind: 'broken' };
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

export function remarkBitextLinks() {
  return (tree: Root, file: VFile) => {
    const found = pageOfFile(file.path);
    if (!found) return;
    const { ctx, page } = found;
    visit(tree, 'link', (node: Link, index, parent) => {
      const resolved = resolveLink(ctx.site, page, node.url);
      if (resolved.kind === 'keep') return;
      if (resolved.kind === 'broken') {
        ctx.brokenLinks.push({ locale: page.locale, page: page.id, href: node.url });
        node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), className: ['bt-broken-link'] } };
        return;
      }
      node.url = resolved.url;
      if (resolved.kind === 'fallback' && parent && index !== undefined) {
        const target = siteLocale(resolved.contentLocale);
        node.data = { ...node.data, hProperties: { ...(node.data?.hProperties ?? {}), hreflang: target.lang } };
        const mark = target.code === ENGLISH_CODE ? siteLocale(page.locale).strings.english : `(${target.label})`;
        const note: RootContent = { type: 'html', value: ` <span class="bt-lang-mark" lang="${target.lang}">${mark}</span>` };
        (parent.children as RootContent[]).splice(index + 1, 0, note);
        return index + 2;
      }
    });
  };
}
