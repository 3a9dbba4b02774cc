import type { SxsDocument } from './types.ts';

/**
 * The locale most documents of a folder declare (`ms.contentlocale`); the first one met wins a
 * tie. A corpus folder has one locale, so this names it even for the few documents (README,
 * CONTRIBUTING) whose front matter lacks it.
 */
export function majorityLocale(documents: readonly Pick<SxsDocument, 'locale'>[]): string | undefined {
  const counts = new Map<string, number>();
  for (const doc of documents) if (doc.locale) counts.set(doc.locale, (counts.get(doc.locale) ?? 0) + 1);
  let best: string | undefined;
  for (const [locale, n] of counts) if (best === undefined || n > counts.get(best)!) best = locale;
  return best;
}
