/**
 * Backlinks: for each page, the pages of the same locale that link to it. Computed once per site
 * model, in one pass over every page's links (the Markdown the page renders, or the MDX file),
 * with the same resolution the pages use (./links.ts). A link to a page the locale lacks counts
 * for the fallback page of that locale, which is where the reader lands.
 */
import { readFileSync } from 'node:fs';
import { findIncludes } from '../model/markdown/docfx-include.ts';
import { linkTarget } from './links.ts';
import type { SiteModel, SitePage } from './model.ts';
import { entryId, pageUrl } from './slugs.ts';

export interface Backlink {
  url: string;
  title: string;
}

/** Fenced code blocks and code spans: their brackets are not links. */
const CODE = /^([ \t]*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[ \t]*$|`[^`\n]*`/gm;
/** The destination of an inline link or image: `](dest` or `](<dest>`. */
const DESTINATION = /\]\(\s*<?([^\s)<>]+)/g;

/** Link destinations written in a page's Markdown, in order (images too: they resolve to no page; includes are not links). */
export function linkDestinations(markdown: string): string[] {
  let text = markdown.replace(CODE, ' ');
  if (/\[!include/i.test(text)) for (const m of findIncludes(text).reverse()) text = text.slice(0, m.offset) + ' ' + text.slice(m.offset + m.raw.length);
  return [...text.matchAll(DESTINATION)].map((m) => m[1]!);
}

function pageMarkdown(page: SitePage): string {
  if (page.markdown !== undefined) return page.markdown;
  if (page.kind !== 'mdx' || !page.file) return '';
  try {
    return readFileSync(page.file, 'utf8');
  } catch {
    return '';
  }
}

/**
 * `<locale>/<slug>` of a link target → ids of the pages of that locale that link to it. Kept on the
 * model, not in this module: the loader and the page components load this module in different
 * module graphs, and a build lets each page's Markdown go once the loader has read the graph.
 */
export function linkGraph(site: SiteModel): Map<string, Set<string>> {
  if (site.linkGraph) return site.linkGraph;
  const graph = new Map<string, Set<string>>();
  for (const page of site.pages.values()) {
    // The generated home page lists docsets; it is an index, not a page that cites another.
    if (page.kind === 'home') continue;
    for (const href of new Set(linkDestinations(pageMarkdown(page)))) {
      const target = linkTarget(site, page, href);
      if (target.kind !== 'slug' || target.slug === page.slug) continue;
      const key = entryId(page.locale, target.slug);
      const sources = graph.get(key) ?? new Set<string>();
      sources.add(page.id);
      graph.set(key, sources);
    }
  }
  site.linkGraph = graph;
  return graph;
}

/** One collator per locale: building one costs more than sorting a page's backlinks. */
const collators = new Map<string, Intl.Collator>();

/** The pages of `locale` that link to `slug`, with their titles, sorted by title. */
export function backlinksOf(site: SiteModel, locale: string, slug: string): Backlink[] {
  const sources = linkGraph(site).get(entryId(locale, slug));
  if (!sources) return [];
  let collator = collators.get(locale);
  if (!collator) collators.set(locale, (collator = new Intl.Collator(locale === 'en' ? 'en' : locale)));
  return [...sources]
    .map((id) => site.pages.get(id)!)
    .map((p) => ({ url: pageUrl(p.locale, p.slug), title: p.title }))
    .sort((a, b) => collator.compare(a.title, b.title));
}
