/**
 * The in-memory translation memory. Per language pair, it holds one unit per normalised English
 * source (`tmKey`), and under it every distinct target that source was given (its variants), each
 * with how often it occurs and where. It is fed from sxs documents (`addDocument`) or entry by
 * entry (`add`: XLIFF units, a TMX file), and answers exact and fuzzy lookups.
 */
import { tokenizeInline } from '../model/markdown/inline.ts';
import { publishedTarget } from '../model/views.ts';
import type { SxsDocument, TranslationType } from '../model/types.ts';
import { FuzzyIndex } from './fuzzy.ts';
import { matchText, tmKey } from './normalize.ts';

export const DEFAULT_SOURCE_LANG = 'en-US';

/** Where a translation was seen. */
export interface TmOrigin {
  /** Document path relative to its corpus (or the file an entry came from). */
  path: string;
  /** Segment or unit id in that document. */
  segmentId: string;
  translationType?: TranslationType;
  /** The corpus folder or file the document belongs to, when there are several. */
  corpus?: string;
}

/** One translation to add. `count` defaults to 1. */
export interface TmEntry {
  source: string;
  target: string;
  sourceLang: string;
  targetLang: string;
  origin?: TmOrigin;
  count?: number;
}

export interface TmVariant {
  /** The target as first seen (outer whitespace trimmed). */
  target: string;
  /** `tmKey(target)`: variants differing only in whitespace are one variant. */
  key: string;
  count: number;
  origins: TmOrigin[];
}

export interface TmUnit {
  /** Index of the unit in its language pair, stable while the memory lives. */
  id: number;
  key: string;
  /** The source as first seen (outer whitespace trimmed). */
  source: string;
  sourceLang: string;
  targetLang: string;
  /** Most frequent first once `variantsByCount` is used; in order of first sight here. */
  variants: TmVariant[];
}

export interface TmMatch {
  /** 100 for an exact match (same normalised source); at most 99 otherwise. */
  similarity: number;
  exact: boolean;
  unit: TmUnit;
  variant: TmVariant;
}

export interface LookupOptions {
  targetLang: string;
  sourceLang?: string;
  /** Lowest fuzzy similarity returned, in percent (default 75, the usual CAT-tool floor). */
  min?: number;
  /** Most matches returned (default 5). */
  limit?: number;
}

interface PairMemory {
  sourceLang: string;
  targetLang: string;
  units: TmUnit[];
  byKey: Map<string, TmUnit>;
  /** Built lazily: covers units[0 .. index.size). */
  index: FuzzyIndex;
}

/** `ru-ru` → `ru-RU`, `EN-us` → `en-US`: one spelling per language tag. */
export function canonicalLang(tag: string): string {
  const [lang, ...rest] = tag.split(/[-_]/);
  return [lang!.toLowerCase(), ...rest.map((p) => (p.length === 2 ? p.toUpperCase() : p.length === 4 ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p))].join('-');
}

export class TranslationMemory {
  private readonly pairs = new Map<string, PairMemory>();

  /** Adds one translation; returns its unit. Empty sources or targets are ignored (undefined). */
  add(entry: TmEntry): TmUnit | undefined {
    const source = entry.source.trim();
    const target = entry.target.trim();
    if (!source || !target) return undefined;
    const pair = this.pair(entry.sourceLang, entry.targetLang, true)!;
    const key = tmKey(source);
    let unit = pair.byKey.get(key);
    if (!unit) {
      unit = { id: pair.units.length, key, source, sourceLang: pair.sourceLang, targetLang: pair.targetLang, variants: [] };
      pair.units.push(unit);
      pair.byKey.set(key, unit);
    }
    const targetKey = tmKey(target);
    let variant = unit.variants.find((v) => v.key === targetKey);
    if (!variant) unit.variants.push((variant = { target, key: targetKey, count: 0, origins: [] }));
    variant.count += entry.count ?? 1;
    if (entry.origin) variant.origins.push(entry.origin);
    return unit;
  }

  /**
   * Adds every segment pair of an sxs document. The target is taken as published: without the
   * backslash escapes that only the sxs export adds (FORMAT.md §6). Returns how many were added.
   */
  addDocument(doc: SxsDocument, options: { sourceLang?: string; targetLang?: string; corpus?: string } = {}): number {
    const targetLang = options.targetLang ?? doc.locale;
    if (!targetLang) return 0;
    let added = 0;
    for (const segment of doc.segments) {
      const origin: TmOrigin = { path: doc.path, segmentId: segment.id };
      if (doc.translationType) origin.translationType = doc.translationType;
      if (options.corpus) origin.corpus = options.corpus;
      const unit = this.add({
        source: segment.source,
        target: publishedTarget(segment),
        sourceLang: options.sourceLang ?? DEFAULT_SOURCE_LANG,
        targetLang,
        origin,
      });
      if (unit) added++;
    }
    return added;
  }

  /** The language pairs held, as `[sourceLang, targetLang]`, sorted. */
  languagePairs(): [string, string][] {
    return [...this.pairs.values()].map((p): [string, string] => [p.sourceLang, p.targetLang]).sort((a, b) => (a.join() < b.join() ? -1 : 1));
  }

  /** The units of one language pair, in order of first sight. */
  units(targetLang: string, sourceLang = DEFAULT_SOURCE_LANG): readonly TmUnit[] {
    return this.pair(sourceLang, targetLang, false)?.units ?? [];
  }

  /** The unit whose normalised source is exactly this one's, if any. */
  exact(source: string, targetLang: string, sourceLang = DEFAULT_SOURCE_LANG): TmUnit | undefined {
    return this.pair(sourceLang, targetLang, false)?.byKey.get(tmKey(source));
  }

  /**
   * The best matches for an English sentence: exact ones first (100 %, one per target variant,
   * most frequent first), then fuzzy ones (≤ 99 %) down to `min`, best first.
   */
  lookup(source: string, options: LookupOptions): TmMatch[] {
    const pair = this.pair(options.sourceLang ?? DEFAULT_SOURCE_LANG, options.targetLang, false);
    if (!pair) return [];
    const limit = options.limit ?? 5;
    const min = options.min ?? 75;
    const matches: TmMatch[] = [];
    const exact = pair.byKey.get(tmKey(source));
    if (exact) for (const variant of variantsByCount(exact)) matches.push({ similarity: 100, exact: true, unit: exact, variant });
    if (matches.length >= limit) return matches.slice(0, limit);
    this.indexPair(pair);
    // Ask for a few more hits than needed: the exact unit itself comes back as a fuzzy hit.
    const hits = pair.index.search(matchText(tokenizeInline(tmKey(source))), { min, limit: limit + 1 });
    for (const hit of hits) {
      const unit = pair.units[hit.id]!;
      if (unit === exact) continue;
      // Same words, different markup (or whitespace): near-perfect, but never an exact match.
      const similarity = Math.min(hit.similarity, 99);
      for (const variant of variantsByCount(unit)) matches.push({ similarity, exact: false, unit, variant });
    }
    return matches.slice(0, limit);
  }

  private pair(sourceLang: string, targetLang: string, create: boolean): PairMemory | undefined {
    const s = canonicalLang(sourceLang);
    const t = canonicalLang(targetLang);
    const name = `${s}\u0000${t}`;
    let pair = this.pairs.get(name);
    if (!pair && create) {
      pair = { sourceLang: s, targetLang: t, units: [], byKey: new Map(), index: new FuzzyIndex() };
      this.pairs.set(name, pair);
    }
    return pair;
  }

  /** Brings the fuzzy index up to date with units added since the last lookup. */
  private indexPair(pair: PairMemory): void {
    for (let id = pair.index.size; id < pair.units.length; id++) {
      pair.index.add(id, matchText(tokenizeInline(pair.units[id]!.key)));
    }
  }

  /** Builds every fuzzy index now (a lookup would do it lazily), e.g. before timing lookups. */
  prepareLookups(): void {
    for (const pair of this.pairs.values()) this.indexPair(pair);
  }
}

/** A unit's variants, most frequent first (ties: first seen first). */
export function variantsByCount(unit: TmUnit): TmVariant[] {
  return unit.variants.map((v, i) => ({ v, i })).sort((a, b) => b.v.count - a.v.count || a.i - b.i).map(({ v }) => v);
}
