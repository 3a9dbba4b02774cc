/**
 * Glossary candidates from a translation memory (`bitext tm terms`): English word sequences
 * (one to three words) that occur in many sentences, each with the target word sequence that
 * goes with it most consistently.
 *
 * - Candidates: sequences of words of three letters or more, not beginning or ending with a
 *   function word ("the", "of"...), in at least `minCount` distinct English sentences; a sequence
 *   inside a longer candidate that occurs almost as often (85 %) gives way to the longer one.
 * - Translation: among the targets of the sentences holding the candidate, the target sequence
 *   (one to three words, case aside) with the best Dice score, 2·both / (sentences with the
 *   English + sentences with the target sequence); kept when it is in at least `minConsistency`
 *   of those sentences. That keeps terms translated the same way throughout the corpus, which is
 *   what a glossary should fix, and leaves out words translated many ways.
 * Noun phrases are approximated by these rules (no tagger): the list is for a person to review.
 */
import type { Glossary, GlossaryConcept } from '../model/glossary.ts';
import type { TmUnit } from '../tm/memory.ts';

export interface TermCandidate {
  source: string;
  target: string;
  /** English sentences holding the term. */
  sentences: number;
  /** Share of those whose translation holds the target term, 0–1. */
  consistency: number;
}

export interface TermOptions {
  minCount?: number;
  minConsistency?: number;
  limit?: number;
}

const FUNCTION_WORDS = new Set(
  'the a an and or but of to in on at by for with from as is are was were be been this that these those it its your you our we they their can will may must not if then than when which who what how all any each more most other some such only also into over under about after before between through per via use using used new see select below above including example following however please there here both either well able need needs want make sure'.split(' '),
);

const WORD = /[\p{L}\p{M}][\p{L}\p{M}\p{N}'’-]*/gu;

/** The words a reader sees in Markdown: code spans, link targets and HTML tags left out. */
function words(markdown: string): string[] {
  const prose = markdown.replace(/`[^`]*`/g, ' ').replace(/\]\([^)]*\)/g, ']').replace(/<[^>]+>/g, ' ');
  return prose.match(WORD) ?? [];
}

/** Word sequences of up to `max` words, compared lower case, each with its form as written. */
function sequences(list: readonly string[], max: number, keep: (seq: string[]) => boolean): Map<string, string> {
  const lower = list.map((w) => w.toLowerCase());
  const out = new Map<string, string>();
  for (let i = 0; i < list.length; i++) {
    for (let n = 1; n <= max && i + n <= list.length; n++) {
      const seq = lower.slice(i, i + n);
      if (keep(seq) && !out.has(seq.join(' '))) out.set(seq.join(' '), list.slice(i, i + n).join(' '));
    }
  }
  return out;
}

function countForm(forms: Map<string, Map<string, number>>, key: string, form: string) {
  const seen = forms.get(key) ?? new Map<string, number>();
  seen.set(form, (seen.get(form) ?? 0) + 1);
  forms.set(key, seen);
}

function commonestForm(forms: Map<string, Map<string, number>>, key: string): string {
  return [...(forms.get(key) ?? new Map([[key, 1]]))].sort((a, b) => b[1] - a[1])[0]![0];
}

const isContent = (w: string) => w.length >= 3 && !FUNCTION_WORDS.has(w) && /\p{L}/u.test(w);

/** Russian and German endings, longest first: target words are grouped by what is left ("центре", "центра" → "центр"). */
const ENDINGS: Record<string, string[]> = {
  ru: 'ями ами ого его ому ему ыми ими ой ей ий ый ая яя ое ее ые ие ых их ов ев ам ям ах ях ом ем ую юю а я о е и ы у ю ь й'.split(' '),
  uk: 'ями ами ого ому ими ій ий а я о е і и у ю ь й'.split(' '),
  de: 'ern en er es em e n s'.split(' '),
};

function stemmer(targetLang: string): (word: string) => string {
  const endings = ENDINGS[targetLang.toLowerCase().split('-')[0]!];
  if (!endings) return (w) => w;
  return (w) => {
    const ending = endings.find((e) => w.endsWith(e) && w.length - e.length >= 3);
    return ending ? w.slice(0, -ending.length) : w.replace(/ё/g, 'е');
  };
}

export function termCandidates(units: readonly TmUnit[], options: TermOptions = {}): TermCandidate[] {
  const stem = stemmer(units[0]?.targetLang ?? '');
  // Per stemmed target sequence, its surface forms and how often each was seen: the most frequent is shown.
  const forms = new Map<string, Map<string, number>>();
  const sourceForms = new Map<string, Map<string, number>>();
  const minCount = options.minCount ?? 20;
  const minConsistency = options.minConsistency ?? 0.6;
  const sentences = units.map((u) => {
    const best = [...u.variants].sort((a, b) => b.count - a.count)[0];
    const targetWords = best ? words(best.target) : [];
    const surface = sequences(targetWords, 3, (q) => q.every((w) => w.length >= 3 || /\p{N}/u.test(w)));
    const target = new Set<string>();
    for (const [lower, form] of surface) {
      const key = lower.split(' ').map(stem).join(' ');
      target.add(key);
      countForm(forms, key, form);
    }
    const source = sequences(words(u.source), 3, (q) => isContent(q[0]!) && isContent(q[q.length - 1]!) && q.every((w) => w.length >= 2));
    for (const [lower, form] of source) countForm(sourceForms, lower, form);
    return { source: new Set(source.keys()), target };
  });
  const sourceCount = new Map<string, number[]>();
  sentences.forEach((s, k) => {
    for (const seq of s.source) {
      const list = sourceCount.get(seq);
      if (list) list.push(k);
      else sourceCount.set(seq, [k]);
    }
  });
  const targetCount = new Map<string, number>();
  for (const s of sentences) for (const seq of s.target) targetCount.set(seq, (targetCount.get(seq) ?? 0) + 1);

  const frequent = [...sourceCount].filter(([, list]) => list.length >= minCount);
  const counts = new Map(frequent.map(([seq, list]) => [seq, list.length]));
  const out: TermCandidate[] = [];
  for (const [seq, list] of frequent) {
    // "partner center" (in 900 sentences) makes "center" (in 920) no term of its own.
    const longer = [...counts].some(([other, n]) => other !== seq && ` ${other} `.includes(` ${seq} `) && n >= 0.85 * list.length);
    if (longer) continue;
    const together = new Map<string, number>();
    for (const k of list) for (const t of sentences[k]!.target) together.set(t, (together.get(t) ?? 0) + 1);
    // The best Dice score; among sequences within 10 % of it, the longest ("учетной записи"
    // rather than "учетной", which says less and scores about the same).
    const scored = [...together].filter(([, both]) => both >= minConsistency * list.length).map(([target, both]) => ({ target, both, dice: (2 * both) / (list.length + targetCount.get(target)!) }));
    const top = Math.max(0, ...scored.map((x) => x.dice));
    const best = scored.filter((x) => x.dice >= 0.9 * top).sort((a, b) => b.target.split(' ').length - a.target.split(' ').length || b.dice - a.dice)[0];
    if (!best || best.dice < 0.4) continue;
    out.push({ source: commonestForm(sourceForms, seq), target: commonestForm(forms, best.target), sentences: list.length, consistency: Math.round((1000 * best.both) / list.length) / 1000 });
  }
  out.sort((a, b) => b.sentences - a.sentences || (a.source < b.source ? -1 : 1));
  return options.limit ? out.slice(0, options.limit) : out;
}

/** The candidates as a glossary (for the TBX writer). */
export function candidatesGlossary(candidates: readonly TermCandidate[], sourceLang: string, targetLang: string): Glossary {
  const concepts: GlossaryConcept[] = candidates.map((c, k) => ({
    id: `c${k + 1}`,
    note: `${c.sentences} sentences; the translation in ${Math.round(c.consistency * 100)} % of them`,
    terms: { [sourceLang]: [{ text: c.source }], [targetLang]: [{ text: c.target }] },
    file: '',
    line: 0,
  }));
  return { sourceLang, concepts };
}
