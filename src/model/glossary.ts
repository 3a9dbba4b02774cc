/**
 * Glossaries: the project's terminology, read from TBX or CSV (src/tm/glossary-read.ts), and the
 * matching rules every stage shares: which terms occur in an English sentence (extraction puts
 * them on the unit, `tm lookup` prints them) and whether a target uses a term's translation
 * (`bitext check`, qa-glossary).
 *
 * Matching, source side: case-insensitive, on word boundaries (a letter or digit next to the
 * match means no match), runs of whitespace alike, and the English plural (`-s`, `-es`) of the
 * term's last word accepted ("invoice" matches "Invoices").
 *
 * Matching, target side: case-insensitive, on word boundaries, ё read as е. For languages whose
 * words inflect, each word of the translation matches an inflected form by its stem:
 * - Russian, Ukrainian, Belarusian: the stem is the word without its final vowels, й and ь (at
 *   most two letters); a target word matches when it is the stem plus an ending of up to four
 *   letters of those endings are made of (vowels, й, ь, м, х, в, г): "учетная запись" matches
 *   "учетной записи" and "учетными записями", "счет" matches "счета" but not "счетчик";
 * - German: the stem is the word without a final -e, -en, -er, -es, -n, -s; a word matches when it
 *   is the stem plus one of -e, -em, -en, -er, -ern, -es, -n, -s, -ns, -ens, and the term's last
 *   word may also be the end of a compound ("Konto" matches "Kontos" and "Benutzerkonto").
 * Other languages: the translation as written (case aside); in Chinese, Japanese and Thai, which
 * put no spaces between words, anywhere in the text.
 */

/** One term of a concept in one language. */
export interface GlossaryTerm {
  text: string;
  /** TBX administrativeStatus `deprecatedTerm-admn-sts` or `supersededTerm-admn-sts`: do not use it. */
  forbidden?: boolean;
}

/** A concept: its terms per language (BCP 47 tag as written in the file, or '*' for a CSV target of any language). */
export interface GlossaryConcept {
  id?: string;
  definition?: string;
  note?: string;
  terms: Record<string, GlossaryTerm[]>;
  /** The file and line it was read from. */
  file: string;
  line: number;
}

export interface Glossary {
  /** The language of the source terms (TBX `xml:lang` of the English langSet; CSV: `en`). */
  sourceLang: string;
  concepts: GlossaryConcept[];
}

/** A glossary entry for one language pair: an English term and what it is in the target language. */
export interface TermEntry {
  id?: string;
  source: string;
  translations: string[];
  /** Target terms the glossary forbids. */
  forbidden: string[];
  definition?: string;
  note?: string;
}

/** Where a term occurs in a text: UTF-16 offsets. */
export interface TermSpan {
  start: number;
  end: number;
}

/** The primary language subtag, lower case: `ru` for `ru-RU`. */
function primary(tag: string): string {
  return tag.toLowerCase().split(/[-_]/)[0]!;
}

/** The entries of a glossary for one language pair (`targetLang` such as `ru-RU`; `ru` terms fit it). */
export function termEntries(glossaries: readonly Glossary[], targetLang: string): TermEntry[] {
  const want = primary(targetLang);
  const out: TermEntry[] = [];
  for (const glossary of glossaries) {
    const sourceKey = primary(glossary.sourceLang);
    for (const concept of glossary.concepts) {
      const langs = Object.keys(concept.terms);
      const sources = langs.filter((l) => primary(l) === sourceKey).flatMap((l) => concept.terms[l]!).filter((t) => !t.forbidden);
      const targets = langs.filter((l) => l === '*' || (primary(l) === want && primary(l) !== sourceKey)).flatMap((l) => concept.terms[l]!);
      if (sources.length === 0) continue;
      const entry = (source: string): TermEntry => {
        const e: TermEntry = { source, translations: targets.filter((t) => !t.forbidden).map((t) => t.text), forbidden: targets.filter((t) => t.forbidden).map((t) => t.text) };
        if (concept.id !== undefined) e.id = concept.id;
        if (concept.definition !== undefined) e.definition = concept.definition;
        if (concept.note !== undefined) e.note = concept.note;
        return e;
      };
      for (const source of sources) {
        const e = entry(source.text);
        if (e.translations.length || e.definition || e.forbidden.length) out.push(e);
      }
    }
  }
  return out;
}

const LETTER = /[\p{L}\p{M}\p{N}_]/u;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const sourcePatterns = new Map<string, RegExp>();

/** The English term as a pattern: words on boundaries, any whitespace between, a plural allowed. */
function sourcePattern(term: string): RegExp {
  let re = sourcePatterns.get(term);
  if (!re) {
    const words = term.trim().split(/\s+/).map(escapeRegExp);
    const last = /\p{L}$/u.test(term.trim()) ? '(?:e?s)?' : '';
    // Not inside a path, an address or an identifier: "/subscriptions/", "{subscription}", "x.invoice".
    re = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}_/{@.-])${words.join('\\s+')}${last}(?![\\p{L}\\p{M}\\p{N}_/}@-]|\\.[\\p{L}\\p{N}])`, 'giu');
    sourcePatterns.set(term, re);
  }
  re.lastIndex = 0;
  return re;
}

/** Where an English term occurs in a text (none when it does not). */
export function findTerm(text: string, term: string): TermSpan[] {
  if (!term.trim()) return [];
  return [...text.matchAll(sourcePattern(term))].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** The entries whose English term occurs in a text; a term inside a longer matched term counts once (the longer). */
export function termsInText(text: string, entries: readonly TermEntry[]): { entry: TermEntry; spans: TermSpan[] }[] {
  const found = entries.map((entry) => ({ entry, spans: findTerm(text, entry.source) })).filter((f) => f.spans.length);
  // "billing account" and "account": the shorter term's spans inside the longer one's are not its own.
  const sorted = [...found].sort((a, b) => b.entry.source.length - a.entry.source.length);
  const taken: TermSpan[] = [];
  const out: { entry: TermEntry; spans: TermSpan[] }[] = [];
  for (const f of sorted) {
    const spans = f.spans.filter((s) => !taken.some((t) => s.start >= t.start && s.end <= t.end && (s.start !== t.start || s.end !== t.end)));
    if (spans.length === 0) continue;
    taken.push(...spans);
    out.push({ entry: f.entry, spans });
  }
  return out.sort((a, b) => a.spans[0]!.start - b.spans[0]!.start);
}

/** strip: what comes off a word to give its stem; ending: what may follow the stem; fleeting: a vowel may come before the stem's last consonant (подписка → подписок); compound: the last word may close a compound. */
type StemRule = { strip: RegExp; ending: RegExp; fleeting?: RegExp; compound: boolean };

const STEM_RULES: Record<string, StemRule> = {
  ru: { strip: /[аеёиоуыэюяйь]{1,2}$/u, ending: /^[аеёиоуыэюяйьмхвг]{0,4}$/u, fleeting: /^[оеё]$/u, compound: false },
  uk: { strip: /[аеєиіїоуюяйь]{1,2}$/u, ending: /^[аеєиіїоуюяйьмхвг]{0,4}$/u, fleeting: /^[оеі]$/u, compound: false },
  be: { strip: /[аеёіоуыэюяйьў]{1,2}$/u, ending: /^[аеёіоуыэюяйьмхвг]{0,4}$/u, compound: false },
  de: { strip: /(?:en|er|es|e|n|s)$/u, ending: /^(?:e|en|er|es|em|ern|n|s|ns|ens)?$/u, compound: true },
};

/** How the target language's words inflect for term matching, or undefined when they are matched as written. */
export function stemRule(targetLang: string): 'stem' | undefined {
  return STEM_RULES[primary(targetLang)] ? 'stem' : undefined;
}

function fold(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е');
}

const WORDS = /[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}\p{N}_]+)*/gu;

/** Whether a target text uses a term's translation (as written, or an inflected form where the language has a rule). */
export function usesTranslation(target: string, translation: string, targetLang: string): boolean {
  const text = fold(target);
  const term = fold(translation.trim());
  if (!term) return true;
  // Scripts written without spaces between words: the translation anywhere in the text.
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u.test(term)) return text.includes(term);
  // As written, on word boundaries.
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    const before = text[at - 1];
    const after = text[at + term.length];
    if ((before === undefined || !LETTER.test(before)) && (after === undefined || !LETTER.test(after))) return true;
  }
  const rule = STEM_RULES[primary(targetLang)];
  if (!rule) return false;
  const termWords = term.match(WORDS) ?? [];
  const words = text.match(WORDS) ?? [];
  if (termWords.length === 0) return false;
  const stems = termWords.map((w) => (w.length >= 4 ? w.replace(rule.strip, '') : w));
  const fits = (word: string, k: number) => {
    const stem = stems[k]!;
    const original = termWords[k]!;
    if (word === original) return true;
    if (stem.length >= 3 && word.startsWith(stem) && rule.ending.test(word.slice(stem.length))) return true;
    // A fleeting vowel: "подписк" + "а" gives "подписок" in the genitive plural.
    if (rule.fleeting && stem.length >= 4 && stem !== original && word.length === stem.length + 1 && word.startsWith(stem.slice(0, -1)) && word.endsWith(stem.slice(-1)) && rule.fleeting.test(word[stem.length - 1]!)) return true;
    // The last word of a German term may close a compound: "Konto" in "Benutzerkonto(s)".
    if (rule.compound && k === stems.length - 1 && stem.length >= 4) {
      const at = word.lastIndexOf(stem);
      return at > 0 && rule.ending.test(word.slice(at + stem.length));
    }
    return false;
  };
  for (let i = 0; i + termWords.length <= words.length; i++) {
    if (termWords.every((_, k) => fits(words[i + k]!, k))) return true;
  }
  return false;
}
