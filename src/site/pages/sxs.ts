/**
 * Page kind `sxs`: the target page of each sxs document, in its locale (bilingual, right-to-left
 * or plain target view, XLIFF targets and metadata when given). Each document is also an English
 * candidate for its slug (./sxs-english.ts).
 */
import { join } from 'node:path';
import { frontMatterValue } from '../../model/front-matter.ts';
import { englishView } from '../../model/views.ts';
import { englishHeadings } from '../english-headings.ts';
import { siteLocale } from '../locales.ts';
import { docsetOf, entryId, slugOf } from '../slugs.ts';
import { relatedSectionLabels } from '../related.ts';
import { redirectedSlug, type RedirectTarget } from '../redirects.ts';
import { bilingualTail, bilingualTargetView, pageTranslation } from '../bilingual.ts';
import { segmentUnitIds } from '../../xliff/units.ts';
import type { LoadSiteOptions } from '../model.ts';
import type { PageSet } from './page-set.ts';
import type { RootFiles } from './roots.ts';
import type { EnglishCandidate } from './sxs-english.ts';
import { inlineMarkdownText } from '../markdown.ts';
import { dropLeadingH1, splitLeadingH1, stripFrontMatter, usDateValue } from './text.ts';

type SourceOptions = Pick<LoadSiteOptions, 'targetsFor' | 'metadataFor' | 'unitStatusFor'>;

/** Adds the target pages; returns the English candidates per slug, in content-folder order. */
export function addSxsPages(set: PageSet, roots: RootFiles[], redirects: Map<string, RedirectTarget>, options: SourceOptions): Map<string, EnglishCandidate[]> {
  const englishBySlug = new Map<string, EnglishCandidate[]>();
  // Documents found at a redirected path come last: the page already at the new path wins.
  const sxsInOrder = roots
    .flatMap((r) => r.sxs.map((doc) => ({ r, doc, slug: redirectedSlug(redirects, doc.path) })))
    .sort((a, b) => Number(a.slug !== slugOf(a.doc.path)) - Number(b.slug !== slugOf(b.doc.path)));
  for (const { r, doc, slug } of sxsInOrder) {
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
    // The document's English, which its English page shows when this version is chosen (./sxs-english.ts).
    const english = dropLeadingH1(stripFrontMatter(englishView(doc)));
    const headings = englishHeadings(english, false);
    if (heading !== undefined && translation.bilingual) {
      // Side by side, the English under the heading is the English of the H1 sentence.
      const k = /<span class="bt" data-bt="(\d+)">/.exec(h1!)?.[1];
      const english = k === undefined ? undefined : inlineMarkdownText(doc.segments[Number(k)]?.source ?? '');
      if (english) translation.englishTitle = english;
      else delete translation.englishTitle;
    }
    set.add({
      id: entryId(loc, slug),
      locale: loc,
      slug,
      kind: 'sxs',
      root: r.index,
      relPath: doc.path,
      file: join(r.root.dir, doc.path),
      docset: docsetOf(doc.path),
      title: metadata?.title || (doc.title.target ?? doc.title.source ?? slug),
      ...(heading !== undefined ? { heading } : {}),
      ...(metadata?.description || doc.description.target ? { description: metadata?.description || doc.description.target } : {}),
      markdown: body,
      ...(doc.translationType ? { translationType: doc.translationType } : {}),
      translation,
      htmlTail: bilingualTail(doc, body, { document: doc.path, locale: doc.locale!, unitIds: segmentUnitIds(doc.segments), ...(status?.marks ? { marks: status.marks } : {}) }),
      relatedLabels: relatedSectionLabels(doc, targetOf),
      englishHeadings: headings,
    });
    const list = englishBySlug.get(slug) ?? [];
    list.push({
      locale: loc,
      doc,
      markdown: english,
      englishHeadings: headings,
      root: r.index,
      date: usDateValue(frontMatterValue(doc.frontMatter, 'ms.date')),
      handoff: usDateValue(frontMatterValue(doc.frontMatter, 'ms.lasthandoff')),
      hash: String(frontMatterValue(doc.frontMatter, 'ms.openlocfilehash') ?? ''),
    });
    englishBySlug.set(slug, list);
  }
  return englishBySlug;
}
