/**
 * Page kind `sxs-english`: the English page of a document that exists only as sxs, rebuilt from
 * the English of one locale's copy. When locales carry different English, the newest wins and the
 * choice is reported.
 */
import { join } from 'node:path';
import { ENGLISH_CODE } from '../locales.ts';
import { docsetOf, entryId } from '../slugs.ts';
import type { EnglishChoice } from '../model.ts';
import type { PageSet } from './page-set.ts';
import type { RootFiles } from './roots.ts';
import { humanize } from './text.ts';
import type { EnglishHeading } from '../headings.ts';

export interface EnglishCandidate {
  locale: string;
  /** The document's path in its root, and its English title (from its H1), when it has one. */
  path: string;
  title: string | undefined;
  /** The English page's Markdown from this version (its English view without front matter and H1), and its headings. */
  markdown: string;
  englishHeadings: EnglishHeading[];
  root: number;
  date: number;
  handoff: number;
  hash: string;
}

/** Picks the English version for one document among the locales that carry it. */
export function chooseEnglish(slug: string, candidates: EnglishCandidate[]): { chosen: EnglishCandidate; choice?: EnglishChoice } {
  const first = candidates[0]!;
  if (candidates.every((c) => c.hash === first.hash)) return { chosen: first };
  const ranked = [...candidates].sort((a, b) => b.date - a.date || b.handoff - a.handoff);
  const chosen = ranked[0]!;
  const second = ranked[1]!;
  const reason =
    chosen.date !== second.date
      ? `newest ms.date (${fmt(chosen.date)} vs ${fmt(second.date)})`
      : chosen.handoff !== second.handoff
        ? `same ms.date, newest ms.lasthandoff (${fmt(chosen.handoff)} vs ${fmt(second.handoff)})`
        : 'same dates: first content folder';
  return { chosen, choice: { slug, chosen: chosen.locale, over: ranked.slice(1).map((c) => c.locale), reason } };
}

function fmt(n: number): string {
  return n ? `${String(n).slice(0, 4)}-${String(n).slice(4, 6)}-${String(n).slice(6)}` : 'none';
}

/** Adds an English page for each slug that has none yet; returns the choices between differing versions. */
export function addSxsEnglishPages(set: PageSet, roots: RootFiles[], englishBySlug: Map<string, EnglishCandidate[]>): EnglishChoice[] {
  const choices: EnglishChoice[] = [];
  for (const [slug, candidates] of englishBySlug) {
    if (set.has(ENGLISH_CODE, slug)) continue;
    const { chosen, choice } = chooseEnglish(slug, candidates);
    if (choice) choices.push(choice);
    set.add({
      id: entryId(ENGLISH_CODE, slug),
      locale: ENGLISH_CODE,
      slug,
      kind: 'sxs-english',
      root: chosen.root,
      relPath: chosen.path,
      file: join(roots[chosen.root]!.root.dir, chosen.path),
      docset: docsetOf(chosen.path),
      title: chosen.title ?? humanize(slug),
      markdown: chosen.markdown,
      englishHeadings: chosen.englishHeadings,
      englishFrom: chosen.locale,
    });
  }
  return choices;
}
