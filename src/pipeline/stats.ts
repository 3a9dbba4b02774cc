/**
 * Corpus statistics, as `bitext inspect` prints them.
 */
import { plainText } from '../model/markdown/inline.ts';
import { serializeSxs } from '../parse/sxs/serialize.ts';
import { majorityLocale } from '../model/majority-locale.ts';
import type { SxsDocument } from '../model/types.ts';

export interface CorpusStats {
  locale: string | undefined;
  documents: number;
  documentsWithSegments: number;
  segments: number;
  /** Documents and segments per `ms.translationtype` (MT, HT, …; `none` when absent). */
  translationTypes: Record<string, { documents: number; segments: number }>;
  englishWords: number;
  errors: number;
  warnings: number;
  roundtripExact: number;
}

const WORD = /[^\s]*[\p{L}\p{N}][^\s]*/gu;

/** Whitespace-separated words that hold a letter or digit (what CAT tools count, near enough). */
export function countWords(text: string): number {
  let n = 0;
  WORD.lastIndex = 0;
  while (WORD.exec(text)) n++;
  return n;
}

/**
 * `originals` maps a path to the file's bytes or text, for the round-trip count; a document
 * without an original counts as not exact.
 */
export function corpusStats(documents: readonly SxsDocument[], original: (doc: SxsDocument) => Uint8Array | undefined): CorpusStats {
  const stats: CorpusStats = {
    locale: majorityLocale(documents),
    documents: documents.length,
    documentsWithSegments: 0,
    segments: 0,
    translationTypes: {},
    englishWords: 0,
    errors: 0,
    warnings: 0,
    roundtripExact: 0,
  };
  for (const doc of documents) {
    const n = doc.segments.length;
    stats.segments += n;
    if (n > 0) stats.documentsWithSegments++;
    const type = doc.translationType ?? 'none';
    const bucket = (stats.translationTypes[type] ??= { documents: 0, segments: 0 });
    bucket.documents++;
    bucket.segments += n;
    for (const s of doc.segments) stats.englishWords += countWords(plainText(s.sourceTokens));
    for (const d of doc.diagnostics) {
      if (d.severity === 'error') stats.errors++;
      else stats.warnings++;
    }
    const bytes = original(doc);
    if (bytes && Buffer.from(serializeSxs(doc), 'utf8').equals(bytes)) stats.roundtripExact++;
  }
  return stats;
}

