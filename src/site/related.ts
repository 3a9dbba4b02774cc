/**
 * "See also" sections as navigation cards (issue 4 §3). A section is a heading "Next steps",
 * "Next step", "Additional resources" or "Related…", or a bold paragraph "**See also**" (FORMAT.md
 * §3). A translated page's heading is a section when its English heading is one: headings are
 * matched by structure (./headings.ts), so the translation's words never matter. Bold paragraphs
 * (and pages whose headings do not line up) are recognised through the English source of the
 * sentence: the site model records the target text of each such label (`SitePage.relatedLabels`).
 *
 * The lists of the section body (up to the next heading of the same or a higher level) become a
 * `<nav>` of cards: per link, the target page's title and description in the reader's locale
 * (English fallback marked), an outside link with its text and host, a link to no page as text
 * with the "(missing page)" mark. Prose paragraphs of the section stay as they are.
 */
import type { Element, ElementContent } from 'hast';
import type { Heading, Link, List, ListItem, Nodes, Paragraph, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';
// Brings the `hName` / `hProperties` / `hChildren` fields of mdast `data` into the types.
import type {} from 'mdast-util-to-hast';
import type { SxsDocument } from '../model/types.ts';
import type { TargetOf } from '../model/views.ts';
import { pageOfFile, type SiteContext, type SitePluginOptions } from './context.ts';
import { ENGLISH_CODE, siteLocale } from './locales.ts';
import { linkTarget, recordAnchorLink, recordBrokenLink, resolveLink } from './links.ts';
import type { SitePage } from './model.ts';
import { navStrings } from './nav-strings.ts';
import { entryId } from './slugs.ts';
import { relatedByStructure } from './headings.ts';

/** English names of related-content sections, normalised (see `normalizeLabel`). */
const RELATED_NAMES = new Set([
  'next steps',
  'next step',
  'additional resources',
  'see also',
  'related',
  'related content',
  'related articles',
  'related topics',
  'related links',
  'related pages',
  'related resources',
]);

/** Heading or bold-paragraph text compared without markup, case, spacing or a final colon. */
export function normalizeLabel(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/[\\*_]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\s*[:.]$/, '')
    .toLowerCase();
}

export function isRelatedName(text: string): boolean {
  return RELATED_NAMES.has(normalizeLabel(text));
}

/**
 * The target texts (normalised) of a document's related-section headings and bold "See also"
 * paragraphs, found through their English source.
 */
export function relatedSectionLabels(doc: SxsDocument, targetOf?: TargetOf): string[] {
  const labels = new Set<string>();
  doc.segments.forEach((s, k) => {
    const kind = s.context.kind;
    if (kind !== 'heading' && kind !== 'paragraph') return;
    if (kind === 'paragraph' && !/^\s*\\?\*/.test(s.source)) return;
    if (!isRelatedName(s.source)) return;
    const label = normalizeLabel(targetOf ? targetOf(s, k) : s.target);
    if (label) labels.add(label);
  });
  return [...labels];
}

/** Text of inline content without raw HTML (the bilingual wrappers, DocFX anchors). */
function textOf(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if ('children' in node) return (node.children as Nodes[]).map(textOf).join('');
  return '';
}

/** A paragraph that is only bold text: `**See also**`. */
function boldOnly(p: Paragraph): boolean {
  const meaningful = p.children.filter((c) => !(c.type === 'text' && c.value.trim() === ''));
  return meaningful.length > 0 && meaningful.every((c) => c.type === 'strong' || c.type === 'html');
}

function linksOf(node: Nodes, out: Link[] = []): Link[] {
  if (node.type === 'link') out.push(node);
  else if ('children' in node) for (const c of node.children as Nodes[]) linksOf(c, out);
  return out;
}

const el = (tagName: string, properties: Element['properties'], children: ElementContent[]): Element => ({ type: 'element', tagName, properties, children });
const txt = (value: string): ElementContent => ({ type: 'text', value });

interface CardContext {
  ctx: SiteContext;
  page: SitePage;
}

/**
 * One card per link of a list item; an item without a link is a card of its text. An item with
 * one link and words around it ("Return to [Overview](overview.md)") is a card titled with the
 * item's whole text: those words are a sentence of the document, and they reach the page.
 */
function cardsOf(item: ListItem, { ctx, page }: CardContext): Element[] {
  const links = linksOf(item);
  const text = textOf(item).replace(/\s+/g, ' ').trim();
  if (links.length === 0) {
    return text ? [el('li', {}, [el('div', { className: ['bt-card'] }, [el('span', { className: ['bt-card-title'] }, [txt(text)])])])] : [];
  }
  const sentence = links.length === 1 && text !== textOf(links[0]!).replace(/\s+/g, ' ').trim() ? text : undefined;
  return links.map((link) => el('li', {}, [card(link, { ctx, page }, sentence)]));
}

function card(link: Link, { ctx, page }: CardContext, sentence?: string): Element {
  const { site } = ctx;
  const text = sentence ?? (textOf(link).trim() || link.url);
  const target = linkTarget(site, page, link.url);
  if (target.kind === 'slug') {
    const resolved = resolveLink(site, page, link.url);
    if (resolved.kind === 'page' || resolved.kind === 'fallback') {
      recordAnchorLink(ctx, page, link.url, resolved.page, resolved.anchor);
      const contentLocale = resolved.kind === 'page' ? page.locale : resolved.contentLocale;
      const shown = site.pages.get(entryId(contentLocale, target.slug));
      const lang = siteLocale(contentLocale).lang;
      const title: ElementContent[] = [txt(sentence ?? shown?.title ?? text)];
      if (resolved.kind === 'fallback') {
        const mark = contentLocale === ENGLISH_CODE ? siteLocale(page.locale).strings.english : `(${siteLocale(contentLocale).label})`;
        title.push(txt(' '), el('span', { className: ['bt-lang-mark'] }, [txt(mark)]));
      }
      const body: ElementContent[] = [el('span', { className: ['bt-card-title'] }, title)];
      if (shown?.description) body.push(el('span', { className: ['bt-card-desc'] }, [txt(shown.description)]));
      return el('a', { className: ['bt-card'], href: resolved.url, ...(resolved.kind === 'fallback' ? { hrefLang: lang, lang } : {}) }, body);
    }
    return brokenCard(text, link.url, resolved.kind === 'broken' ? resolved.reason : 'no page', { ctx, page });
  }
  if (target.kind === 'broken') return brokenCard(text, link.url, target.reason, { ctx, page });
  const href = target.kind === 'outside' ? target.url : link.url;
  const body: ElementContent[] = [el('span', { className: ['bt-card-title'] }, [txt(text)])];
  const host = /^https?:\/\/([^/?#]+)/i.exec(href)?.[1];
  if (host) body.push(el('span', { className: ['bt-card-desc', 'bt-card-host'] }, [txt(host)]));
  return el('a', { className: ['bt-card'], href }, body);
}

function brokenCard(text: string, href: string, reason: string, { ctx, page }: CardContext): Element {
  recordBrokenLink(ctx, page, href, reason);
  const strings = navStrings(page.locale);
  return el('div', { className: ['bt-card', 'bt-card-broken'], title: strings.missingTitle.replace('{href}', href) }, [
    el('span', { className: ['bt-card-title'] }, [txt(text), txt(' '), el('small', { className: ['bt-broken-mark'] }, [txt(`⚠\u00a0${strings.missing}`)])]),
  ]);
}

/** The node that replaces a section's list: a labelled `<nav>` of cards. */
function cardNav(list: List, label: string, cc: CardContext): RootContent {
  const items = list.children.flatMap((item) => cardsOf(item, cc));
  const nav = el('nav', { className: ['bt-related', 'not-content'], ariaLabel: label, dataPagefindIgnore: 'all' }, [el('ul', { className: ['bt-cards'], role: 'list' }, items)]);
  return { type: 'paragraph', children: [], data: { hName: 'nav', hProperties: nav.properties, hChildren: nav.children } };
}

export function remarkBitextRelated(options: SitePluginOptions = {}) {
  return (tree: Root, file: VFile) => {
    const found = pageOfFile(file.path, options.context);
    if (!found) return;
    const { ctx, page } = found;
    const labels = new Set(page.relatedLabels ?? []);
    const isSection = (text: string) => labels.has(normalizeLabel(text)) || isRelatedName(text);
    // A heading whose English heading is known is a section when that one is (./headings.ts).
    const isSectionHeading = (heading: Heading) => relatedByStructure.get(heading) ?? isSection(textOf(heading));
    const used = new Map<string, number>();
    // The related section the walk is in: its label, and the heading level that ends it (7: a bold
    // paragraph, ended by any heading). A related sub-heading starts a section of its own.
    let section: { label: string; depth: number } | undefined;
    const children = tree.children;
    for (let k = 0; k < children.length; k++) {
      const node = children[k]!;
      if (node.type === 'heading') {
        if (isSectionHeading(node)) section = { label: textOf(node).replace(/\s+/g, ' ').trim(), depth: node.depth };
        else if (section && node.depth <= section.depth) section = undefined;
      } else if (node.type === 'paragraph' && boldOnly(node) && isSection(textOf(node))) {
        section = { label: textOf(node).replace(/\s+/g, ' ').trim().replace(/:$/, ''), depth: 7 };
      } else if (section && node.type === 'list' && linksOf(node).length > 0) {
        const label = section.label || navStrings(page.locale).related;
        // Landmarks need distinct names: a second "Next steps" list on the page is "Next steps (2)".
        const n = (used.get(label) ?? 0) + 1;
        used.set(label, n);
        children[k] = cardNav(node, n > 1 ? `${label} (${n})` : label, { ctx, page });
      }
    }
  };
}
