/**
 * Images: DocFX `:::image type="content" source="…" alt-text="…" lightbox="…":::` and Markdown
 * images. An image whose file exists is served from `/_bitext/media/…` (the build copies it); a
 * missing one shows its alt text in a box instead of a broken-image icon, and a lightbox link
 * around a missing image is dropped. The corpus ships no media, so this is the common case.
 */
import { existsSync } from 'node:fs';
import type { Image, Link, Root, RootContent, Text } from 'mdast';
import type { VFile } from 'vfile';
import { pathInside, realPathInsideSync } from '../../io/confine.ts';
import { visitType } from '../mdast-visit.ts';
import { pageOfFile, type SiteContext, type SitePluginOptions } from '../context.ts';
import type { SitePage } from '../model.ts';
import { isExternalHref, resolveRelative, splitHref } from '../slugs.ts';
import { escapeAttribute, escapeText } from '../../xml/escape.ts';
import { isAllowedUrl } from '../links.ts';
import { colonDirectives } from '../../model/markdown/docfx.ts';
import { diagnostic } from '../../model/diagnostics.ts';

const IMAGE_FILE = /\.(png|jpe?g|gif|svg|webp|avif|bmp)$/i;

type Located = { kind: 'keep' } | { kind: 'found'; url: string } | { kind: 'missing'; name: string };

function locate(url: string, found: { ctx: SiteContext; page: SitePage } | undefined): Located {
  if (!url || isExternalHref(url) || url.startsWith('/') || url.startsWith('data:')) return { kind: 'keep' };
  const { path } = splitHref(url);
  const name = decodeSafe(path.split(/[\\/]/).at(-1) ?? path);
  if (!found || found.page.root < 0) return { kind: 'keep' };
  const rel = resolveRelative(found.page.relPath, decodeSafe(path));
  const root = found.ctx.site.roots[found.page.root];
  if (rel === undefined || !root) return { kind: 'missing', name };
  const abs = pathInside(root.dir, rel);
  if (!abs || !existsSync(abs)) return { kind: 'missing', name };
  // A symlink to /etc/shadow inside the content folder must not be published as media.
  if (!found.ctx.site.followSymlinks && !realPathInsideSync(root.dir, abs)) {
    if (!found.ctx.refusedMedia.has(abs)) {
      found.ctx.refusedMedia.set(abs, diagnostic('path-outside-root', { file: found.page.file }, `the image ${rel} is a symbolic link out of the content folder ${root.dir}, so it is not published; replace the link with the file (or build with --follow-symlinks)`));
    }
    return { kind: 'missing', name };
  }
  const siteUrl = `/_bitext/media/${found.page.root}/${rel.split('/').map(encodeURIComponent).join('/')}`;
  found.ctx.media.set(siteUrl, abs);
  return { kind: 'found', url: siteUrl };
}

function decodeSafe(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

export function missingImageHtml(alt: string, name: string): string {
  const label = alt.trim() || name;
  return `<span class="bt-missing-image" role="img" aria-label="${escapeAttribute(label)}">${escapeText(label)}</span>`;
}

function docfxImageHtml(attrs: Record<string, string>, found: { ctx: SiteContext; page: SitePage } | undefined): string {
  const alt = attrs['alt-text'] ?? '';
  const source = attrs['source'] ?? '';
  // A source off the URL allow-list (`javascript:`, `data:`…) is no image: its alt text shows.
  if (!isAllowedUrl(source)) return missingImageHtml(alt, source);
  const where = locate(source, found);
  if (where.kind === 'missing') return missingImageHtml(alt, where.name);
  const src = where.kind === 'found' ? where.url : source;
  const img = `<img src="${escapeAttribute(src)}" alt="${escapeAttribute(alt)}" loading="lazy" decoding="async">`;
  const lightbox = attrs['lightbox'];
  if (!lightbox || !isAllowedUrl(lightbox)) return img;
  const target = locate(lightbox, found);
  if (target.kind === 'missing') return img;
  return `<a class="bt-lightbox" href="${escapeAttribute(target.kind === 'found' ? target.url : lightbox)}">${img}</a>`;
}

/**
 * Whether the `:::image` of a text node stand in the source as written, not as character
 * references: a translator's text reaches the page with its `:` as `&#58;` (src/xliff/markdown-
 * text.ts), which the Markdown parser decodes back to `:`, and must stay text. When the node's
 * source cannot be read (no positions), the text is taken as written.
 */
function writtenAsSyntax(node: Text, file: VFile): boolean {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  if (start === undefined || end === undefined || typeof file.value !== 'string') return true;
  const literal = file.value.slice(start, end).split(':::image').length - 1;
  // Every occurrence literal, or the node keeps all of them as text (one typed by a translator is among them).
  return literal === node.value.split(':::image').length - 1;
}

export function remarkDocfxImages(options: SitePluginOptions = {}) {
  return (tree: Root, file: VFile) => {
    const found = pageOfFile(file.path, options.context);
    visitType(tree, 'text', (node: Text, index, parent) => {
      if (!parent || index === undefined || !node.value.includes(':::image')) return;
      if (!writtenAsSyntax(node, file)) return;
      const parts: RootContent[] = [];
      let last = 0;
      for (const m of colonDirectives(node.value, 'image')) {
        if (m.index > last) parts.push({ type: 'text', value: node.value.slice(last, m.index) });
        parts.push({ type: 'html', value: docfxImageHtml(m.attributes, found) });
        last = m.index + m.raw.length;
      }
      if (parts.length === 0) return;
      if (last < node.value.length) parts.push({ type: 'text', value: node.value.slice(last) });
      (parent.children as RootContent[]).splice(index, 1, ...parts);
      return index + parts.length;
    });
    visitType(tree, 'image', (node: Image, index, parent) => {
      if (!parent || index === undefined) return;
      const where = locate(node.url, found);
      if (where.kind === 'found') node.url = where.url;
      else if (where.kind === 'missing') (parent.children as RootContent[])[index] = { type: 'html', value: missingImageHtml(node.alt ?? '', where.name) };
    });
    // `[![alt](a.png)](a.png#lightbox)`: a link to a missing image file leads nowhere.
    visitType(tree, 'link', (node: Link, index, parent) => {
      if (!parent || index === undefined || !IMAGE_FILE.test(splitHref(node.url).path)) return;
      const where = locate(node.url, found);
      if (where.kind === 'found') node.url = where.url;
      else if (where.kind === 'missing') {
        (parent.children as RootContent[]).splice(index, 1, ...(node.children as RootContent[]));
        return index;
      }
    });
  };
}
