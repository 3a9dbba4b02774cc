/**
 * Character edit distance (Levenshtein: insert, delete, substitute, each cost 1), computed with
 * Myers' bit-parallel algorithm in 32-bit blocks (Myers 1999, "A fast bit-vector algorithm for
 * approximate string matching", §4 blocks). It costs O(n·⌈m/32⌉) word operations instead of the
 * O(n·m) of the textbook table, so a 3,000-character segment is still well under a millisecond.
 *
 * The pattern is prepared once (`preparePattern`) and compared with many texts: a TM lookup
 * measures one query against its best candidates.
 */

export interface Pattern {
  length: number;
  blocks: number;
  /** Per UTF-16 code unit of the pattern: one bit mask per block, bit i set where pattern[i] is that unit. */
  peq: Map<number, Int32Array>;
  /** Scratch vectors, reused by every `distance` call. */
  pv: Int32Array;
  mv: Int32Array;
}

export function preparePattern(pattern: string): Pattern {
  const blocks = Math.max(1, Math.ceil(pattern.length / 32));
  const peq = new Map<number, Int32Array>();
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    let masks = peq.get(c);
    if (!masks) peq.set(c, (masks = new Int32Array(blocks)));
    masks[i >>> 5]! |= 1 << (i & 31);
  }
  return { length: pattern.length, blocks, peq, pv: new Int32Array(blocks), mv: new Int32Array(blocks) };
}

const NONE = new Int32Array(0);

/** Levenshtein distance between the prepared pattern and `text`. */
export function distance(p: Pattern, text: string): number {
  const m = p.length;
  if (m === 0) return text.length;
  if (text.length === 0) return m;
  const { blocks, pv, mv, peq } = p;
  pv.fill(-1);
  mv.fill(0);
  const last = blocks - 1;
  const high = 1 << ((m - 1) & 31);
  let score = m;
  for (let j = 0; j < text.length; j++) {
    const masks = peq.get(text.charCodeAt(j)) ?? NONE;
    // Row 0 of the table is 0, 1, 2, …: the horizontal delta entering the first block is +1.
    let hin = 1;
    for (let b = 0; b < blocks; b++) {
      let eq = masks.length ? masks[b]! : 0;
      const pvb = pv[b]!;
      const mvb = mv[b]!;
      const xv = eq | mvb;
      if (hin < 0) eq |= 1;
      const xh = (((eq & pvb) + pvb) ^ pvb) | eq;
      let ph = mvb | ~(xh | pvb);
      let mh = pvb & xh;
      const top = b === last ? high : 0x80000000 | 0;
      const hout = ph & top ? 1 : mh & top ? -1 : 0;
      ph <<= 1;
      mh <<= 1;
      if (hin < 0) mh |= 1;
      else if (hin > 0) ph |= 1;
      pv[b] = mh | ~(xv | ph);
      mv[b] = ph & xv;
      hin = hout;
    }
    score += hin;
  }
  return score;
}

/** The textbook dynamic-programming distance: slow, obviously right; tests check `distance` against it. */
export function distanceReference(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length]!;
}
