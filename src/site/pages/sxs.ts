/**
 * Page kind `sxs`: the target page of each sxs document, in its locale (bilingual, right-to-left
 * or plain target view, XLIFF targets and metadata when given). Each document is also an English
 * candidate for its slug (./sxs-english.ts).
 */
import { join } from 'node:path';
import { docDateValue, frontMatterValue } from '../../model/front-matter.ts';
import { englishView } from '../../model/views.ts';
import { englishHeadings } from '../english-headings.ts';
import { siteLocale } from '../locales.ts';
import { docsetOf, entryId, slugOf } from '../slugs.ts';
import { relatedSectionLabels } from '../related.ts';
import { redirectedSlug, type RedirectTarget } from '../redirects.ts';
import { bilingualTail, bilingualTargetView, pageTranslation } from '../bilingual.ts';
import { segmentUnitIds } from '../../xliff/units.ts';
import type { LoadSiteOptions, SitePage } from '../model.ts';
import type { SxsDocument } from '../../model/types.ts';
import { ownPageStrings, type PageSet } from './page-set.ts';
import { ownString } from '../../model/own-string.ts';
import type { RootFiles } from './roots.ts';
import type { EnglishCandidate } from './sxs-english.ts';
import { inlineMarkdownText } from '../markdown.ts';
import { dropLeadingH1, splitLeadingH1, stripFrontMatter } from './text.ts';

type SourceOptions = Pick<LoadSiteOptions, 'targetsFor' | 'metadataFor' | 'unitStatusFor'>;

/**
 * What the site keeps of an sxs document, made as soon as it is parsed (the document itself is
 * then let go: holding every parsed document of a root until its pages were made was a second
 * of garbage collection on the 12,000-page site): its target page but for its id and slug, which
 * the redirects of every root decide, and its English version.
 */
export interface SxsPageParts {
  /** Path relative to its root. */
  path: string;
  /** `redirect_url` of its front matter: a redirect stub, no page (./moved.ts). */
  redirectUrl: unknown;
  page: Omit<SitePage, 'id' | 'slug' | 'title'>;
  /** The page title, when the document (or XLIFF) has one; else the page's slug is. */
  title: string | undefined;
  english: EnglishCandidate;
}

/** The parts of the target page of `doc`, a document of the root `root` with `ms.contentlocale`. */
export function sxsPageParts(doc: SxsDocument, root: { index: number; dir: string }, options: SourceOptions): SxsPageParts {
  const loc = siteLocale(doc.locale!).code;
  const targetOf = options.targetsFor?.(doc, loc);
  const metadata = options.metadataFor?.(doc, loc);
  const status = options.unitStatusFor?.(doc, loc);
  const translation = pageTranslation(doc, status);
  const rtl = siteLocale(loc).dir === 'rtl';
  // The body's H1 (a unit of its own) is the page heading; the front-matter title (the `title`
  // unit) is the page's <title> and metadata. Both reach the page.
  const { heading: h1, body } = splitLeadingH1(
    // Every translated sentence is wrapped: the reading mode, stale marks and suggestions find it (../bilingual.ts).
    stripFrontMatter(bilingualTargetView(doc, targetOf, rtl)),
  );
  const heading = h1 === undefined ? undefined : inlineMarkdownText(h1) || undefined;
  if (heading !== undefined && translation.bilingual) {
    // Side by side, the English under the heading is the English of the H1 sentence.
    const k = /<span class="bt" data-bt="(\d+)">/.exec(h1!)?.[1];
    const english = k === undefined ? undefined : inlineMarkdownText(doc.segments[Number(k)]?.source ?? '');
    if (english) translation.englishTitle = english;
    else delete translation.englishTitle;
  }
  // The document's English, which its English page shows when this version is chosen (./sxs-english.ts).
  const english = dropLeadingH1(stripFrontMatter(englishView(doc)));
  const headings = englishHeadings(english, false);
  const description = metadata?.description || doc.description.target;
  const page: SxsPageParts['page'] = {
    locale: loc,
    kind: 'sxs',
    root: root.index,
    relPath: doc.path,
    file: join(root.dir, doc.path),
    docset: docsetOf(doc.path),
    ...(heading !== undefined ? { heading } : {}),
    ...(description ? { description } : {}),
    markdown: body,
    ...(doc.translationType ? { translationType: doc.translationType } : {}),
    translation,
    htmlTail: bilingualTail(doc, body, { document: doc.path, locale: doc.locale!, unitIds: segmentUnitIds(doc.segments), ...(status?.marks ? { marks: status.marks } : {}) }),
    relatedLabels: relatedSectionLabels(doc, targetOf),
    englishHeadings: headings,
  };
  // What is kept owns its strings: a string cut from the file would keep the whole file.
  ownPageStrings(page);
  const title = metadata?.title || (doc.title.target ?? doc.title.source);
  const hash = frontMatterValue(doc.frontMatter, 'ms.openlocfilehash');
  return {
    path: doc.path,
    redirectUrl: frontMatterValue(doc.frontMatter, 'redirect_url'),
    page,
    title: title === undefined ? undefined : ownString(title),
    english: {
      locale: loc,
      path: doc.path,
      title: doc.title.source === undefined ? undefined : ownString(doc.title.source),
      markdown: english,
      englishHeadings: page.englishHeadings!,
      root: root.index,
      date: docDateValue(frontMatterValue(doc.frontMatter, 'ms.date')),
      handoff: docDateValue(frontMatterValue(doc.frontMatter, 'ms.lasthandoff')),
      hash: ownString(String(hash ?? '')),
    },
  };
}

/** Adds the target pages; returns the English candidates per slug, in content-folder order. */
export function addSxsPages(set: PageSet, roots: RootFiles[], redirects: Map<string, RedirectTarget>): Map<string, EnglishCandidate[]> {
  const englishBySlug = new Map<string, EnglishCandidate[]>();
  // Documents found at a redirected path come last: the page already at the new path wins.
  const sxsInOrder = roots
    .flatMap((r) => r.sxs.map((parts) => ({ parts, slug: redirectedSlug(redirects, parts.path) })))
    .sort((a, b) => Number(a.slug !== slugOf(a.parts.path)) - Number(b.slug !== slugOf(b.parts.path)));
  for (const { parts, slug } of sxsInOrder) {
    const { locale, kind, root, relPath, file, docset, ...rest } = parts.page;
    set.add({ id: entryId(locale, slug), locale, slug, kind, root, relPath, file, docset, title: parts.title ?? slug, ...rest });
    const list = englishBySlug.get(slug) ?? [];
    list.push(parts.english);
    englishBySlug.set(slug, list);
  }
  return englishBySlug;
}
