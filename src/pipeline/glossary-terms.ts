/**
 * Glossary terms of each unit's English, for extraction (XLIFF 2.1 `gls`, 1.2 notes), `tm
 * lookup` and `bitext check`. Terms are matched in the text a reader sees: the unit's text
 * parts, with its inline codes left out (a code span's content is code, not words).
 */
import { type TermEntry, termsInText } from '../model/glossary.ts';
import type { UnitTerm } from '../xliff/glossary.ts';
import type { CodedText } from '../model/coded-text.ts';
import type { XliffUnit } from '../xliff/types.ts';

/** The terms of a coded English text, each with its first occurrence when it lies inside one text part. */
export function termsOfSource(source: CodedText, entries: readonly TermEntry[]): UnitTerm[] {
  if (entries.length === 0) return [];
  // The plain text: text parts as they are, a standalone code as a space (it separates words),
  // a paired code's half as nothing ("**bold**er" reads "bolder").
  let plain = '';
  const starts: { part: number; at: number; length: number }[] = [];
  source.forEach((part, k) => {
    if (typeof part === 'string') {
      starts.push({ part: k, at: plain.length, length: part.length });
      plain += part;
    } else if (part.role === 'standalone' || part.isolated) plain += ' ';
  });
  return termsInText(plain, entries).map(({ entry, spans }) => {
    const first = spans[0]!;
    const holder = starts.find((s) => first.start >= s.at && first.end <= s.at + s.length);
    return holder ? { entry, span: { part: holder.part, start: first.start - holder.at, end: first.end - holder.at } } : { entry };
  });
}

/** Units with the glossary terms of their source (units not to be translated get none). */
export function withTerms(units: readonly XliffUnit[], entries: readonly TermEntry[]): XliffUnit[] {
  if (entries.length === 0) return [...units];
  return units.map((unit) => {
    if (!unit.translate) return unit;
    const terms = termsOfSource(unit.source, entries);
    return terms.length ? { ...unit, terms } : unit;
  });
}
