/**
 * Glossary terms on a unit, as CAT tools read them: XLIFF 2.1's Glossary module (`gls:glossary`
 * with one `gls:glossEntry` per term, its `ref` naming a `<mrk type="term">` around the term in
 * the source) and, in XLIFF 1.2, which has no glossary of its own per unit, one
 * `<note from="glossary">` per term. Bitext owns both: re-extraction writes them anew from the
 * current glossary.
 */
import { escapeAttributeLossy as escapeAttribute, escapeTextLossy as escapeNote } from '../xml/escape.ts';
import type { TermEntry } from '../model/glossary.ts';
import type { XliffNote, XliffUnit } from './types.ts';

export const GLOSSARY_NS = 'urn:oasis:names:tc:xliff:glossary:2.0';
/** 1.2 `note from` (2.1: none; the terms are in `gls:glossary`). */
export const GLOSSARY_NOTE_FROM = 'glossary';
/** Prefix of the ids of the source's term marks (`term1`...): code ids are p/ph/i + number. */
export const TERM_MARK_PREFIX = 'term';

/** A term of a unit's source: the glossary entry and, when it lies inside one text part, where (part index, offsets). */
export interface UnitTerm {
  entry: TermEntry;
  span?: { part: number; start: number; end: number };
}

/** The note text of one term: `invoice = счет | инвойс (not: ...) — definition`. */
export function termNoteText(entry: TermEntry): string {
  let text = entry.source;
  if (entry.translations.length) text += ` = ${entry.translations.join(' | ')}`;
  if (entry.forbidden.length) text += ` (not: ${entry.forbidden.join(', ')})`;
  const about = entry.definition ?? entry.note;
  if (about) text += ` — ${about}`;
  return text;
}

/** The 1.2 glossary notes of a unit. */
export function glossaryNotes(unit: XliffUnit): XliffNote[] {
  return (unit.terms ?? []).map((t) => ({ from: GLOSSARY_NOTE_FROM, text: termNoteText(t.entry) }));
}

/** The id of the source mark of the unit's k-th term (0-based), for terms that have a span. */
export function termMarkId(k: number): string {
  return `${TERM_MARK_PREFIX}${k + 1}`;
}

/** `<gls:glossary>` of a 2.1 unit ('' without terms); the namespace is declared on it, so a translator's file needs no new root declaration. */
export function writeGlossary21(unit: XliffUnit, indent: string): string {
  const terms = unit.terms ?? [];
  if (terms.length === 0) return '';
  const out: string[] = [`${indent}<gls:glossary xmlns:gls="${GLOSSARY_NS}">\n`];
  terms.forEach((t, k) => {
    const ref = t.span ? ` ref="#${termMarkId(k)}"` : '';
    out.push(`${indent}  <gls:glossEntry${ref}>\n`, `${indent}    <gls:term>${escapeNote(t.entry.source)}</gls:term>\n`);
    for (const translation of t.entry.translations) out.push(`${indent}    <gls:translation>${escapeNote(translation)}</gls:translation>\n`);
    const about = t.entry.definition ?? t.entry.note;
    // A glossEntry needs a translation or a definition; forbidden terms say so in the definition.
    const forbidden = t.entry.forbidden.length ? `Do not use: ${t.entry.forbidden.join(', ')}.` : '';
    const definition = about && forbidden ? `${about}${/[.!?]$/.test(about) ? '' : '.'} ${forbidden}` : about || forbidden;
    if (definition) out.push(`${indent}    <gls:definition${about ? '' : ` source="${escapeAttribute('bitext')}"`}>${escapeNote(definition)}</gls:definition>\n`);
    out.push(`${indent}  </gls:glossEntry>\n`);
  });
  out.push(`${indent}</gls:glossary>\n`);
  return out.join('');
}
