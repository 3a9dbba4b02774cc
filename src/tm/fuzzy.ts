/**
 * Fuzzy lookup over many sentences in two steps, as CAT tools do it:
 * 1. candidates: a character-trigram inverted index counts, for every stored sentence, the
 *    trigrams it shares with the query; the best few by Dice coefficient (and only those whose
 *    length can still reach the minimum similarity) go on;
 * 2. scoring: the real similarity of each candidate, from the character edit distance:
 *    `100 × (1 − distance / longer length)`, rounded down, as a whole percentage.
 *
 * Step 1 touches only the postings of the query's trigrams, so a lookup over ~23k sentences
 * stays around a millisecond; step 2 costs a bit-parallel edit distance per candidate.
 * Sentences are added incrementally (ids are the caller's, increasing from 0).
 */
import { distance, preparePattern } from './levenshtein.ts';

export interface FuzzyHit {
  id: number;
  /** 0–100, whole percent. */
  similarity: number;
}

export interface FuzzySearchOptions {
  /** Lowest similarity returned, in percent. */
  min: number;
  /** How many hits at most. */
  limit: number;
  /** How many trigram candidates get a real edit distance (default 40). */
  candidates?: number;
}

/**
 * Distinct trigrams of ` text ` (lower-cased), each as one number built from its three UTF-16
 * code units: cheaper to hash than strings. The padding gives short sentences trigrams too.
 */
export function trigrams(text: string): number[] {
  const padded = ` ${text.toLowerCase()} `;
  const seen = new Set<number>();
  let a = padded.charCodeAt(0);
  let b = padded.charCodeAt(1);
  for (let i = 2; i < padded.length; i++) {
    const c = padded.charCodeAt(i);
    seen.add(a * 4294967296 + b * 65536 + c);
    a = b;
    b = c;
  }
  return [...seen];
}

export function similarityPercent(a: string, b: string, dist: number): number {
  const longer = Math.max(a.length, b.length);
  if (longer === 0) return 100;
  return Math.floor((100 * (longer - dist)) / longer);
}

export class FuzzyIndex {
  private readonly texts: string[] = [];
  private readonly trigramCounts: number[] = [];
  private readonly gramIds = new Map<number, number>();
  private readonly postings: number[][] = [];
  private counts = new Int32Array(0);

  get size(): number {
    return this.texts.length;
  }

  /** Adds sentence `id`; ids must be 0, 1, 2, … in order. */
  add(id: number, text: string): void {
    if (id !== this.texts.length) throw new Error(`FuzzyIndex.add: expected id ${this.texts.length}, got ${id}`);
    this.texts.push(text);
    const grams = trigrams(text);
    this.trigramCounts.push(grams.length);
    for (const gram of grams) {
      let g = this.gramIds.get(gram);
      if (g === undefined) {
        g = this.postings.length;
        this.gramIds.set(gram, g);
        this.postings.push([]);
      }
      this.postings[g]!.push(id);
    }
  }

  text(id: number): string {
    return this.texts[id]!;
  }

  search(query: string, options: FuzzySearchOptions): FuzzyHit[] {
    const n = this.texts.length;
    if (n === 0) return [];
    if (this.counts.length < n) this.counts = new Int32Array(Math.max(n, this.counts.length * 2));
    const counts = this.counts;
    const touched: number[] = [];
    const grams = trigrams(query);
    for (const gram of grams) {
      const g = this.gramIds.get(gram);
      if (g === undefined) continue;
      for (const id of this.postings[g]!) {
        if (counts[id] === 0) touched.push(id);
        counts[id]!++;
      }
    }
    // Keep the best `wanted` candidates by Dice coefficient; skip those too long or too short
    // to reach `min` (the edit distance is at least the length difference).
    const wanted = options.candidates ?? 40;
    const maxLoss = 1 - options.min / 100;
    const qLen = query.length;
    const best: { id: number; dice: number }[] = [];
    let floor = 0;
    for (const id of touched) {
      const shared = counts[id]!;
      counts[id] = 0;
      const len = this.texts[id]!.length;
      if (Math.abs(len - qLen) > maxLoss * Math.max(len, qLen)) continue;
      const dice = (2 * shared) / (grams.length + this.trigramCounts[id]!);
      if (best.length >= wanted && dice <= floor) continue;
      insertSorted(best, { id, dice }, wanted);
      floor = best[best.length - 1]!.dice;
    }
    const pattern = preparePattern(query);
    const hits: FuzzyHit[] = [];
    for (const { id } of best) {
      const text = this.texts[id]!;
      const similarity = similarityPercent(query, text, distance(pattern, text));
      if (similarity >= options.min) hits.push({ id, similarity });
    }
    hits.sort((a, b) => b.similarity - a.similarity || a.id - b.id);
    return hits.slice(0, options.limit);
  }
}

/** Inserts into a list sorted by descending `dice`, keeping at most `max` items. */
function insertSorted(list: { id: number; dice: number }[], item: { id: number; dice: number }, max: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.dice < item.dice) i--;
  list.splice(i, 0, item);
  if (list.length > max) list.pop();
}
