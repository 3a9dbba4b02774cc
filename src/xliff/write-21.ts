/**
 * XLIFF 2.1 writer (core namespace `urn:oasis:names:tc:xliff:document:2.0`, version="2.1";
 * ../shared/schemas/xliff-2.1 validates the output, the matches module included).
 *
 *   <xliff version="2.1" srcLang="en-US" trgLang="ru-RU" xmlns:mtc="…matches:2.0">
 *     <file id="f1" original="docs/a.md">
 *       <unit id="26296-104" xml:space="preserve">
 *         <mtc:matches><mtc:match ref="#s1" similarity="87" type="tm" origin="bitext:previous-version">…</mtc:match></mtc:matches>
 *         <notes><note category="bitext">document: docs/a.md</note>…</notes>
 *         <originalData><data id="dp1s">**</data><data id="dp1e">**</data></originalData>
 *         <segment id="s1" state="translated" subState="bitext:leveraged-mt">
 *           <source><pc id="p1" dataRefStart="dp1s" dataRefEnd="dp1e" type="fmt" subType="xlf:b">Applies to</pc>…</source>
 *
 * Inline codes: well-nested pairs are `pc`; a unit whose pairs overlap (MT moved a `**` across a
 * link) uses `sc`/`ec` for its pairs; unbalanced markup is `sc`/`ec` with isolated="yes";
 * everything else is `ph`. Each code's Markdown is in `originalData` (`data` ids are the code id
 * plus `s`/`e` for a pair's halves), characters XML cannot carry are `<cp hex>`.
 *
 * State: 2.1 has only initial/translated/reviewed/final, so the 1.2 state of the model maps to a
 * state plus a `bitext:` subState (see `state21`); the reader maps it back.
 */
// Attribute values and notes can carry no character XML cannot represent (text has char codes).
import { escapeAttributeLossy as escapeAttribute, escapeText, escapeTextLossy as escapeNote } from '../xml/escape.ts';
import { findNonXmlChar } from '../model/xml-chars.ts';
import { termMarkId, writeGlossary21 } from './glossary.ts';
import type { CodedPart, InlineCode } from '../model/coded-text.ts';
import type { UnitState, XliffAlternative, XliffFile, XliffUnit } from './types.ts';
import { formatSimilarity, READER_ORIGIN } from './write-12.ts';
import { BITEXT_NS, BITEXT_PREFIX, targetHash, WRITTEN_ATTRIBUTE } from './written.ts';

export const XLIFF_2_NS = 'urn:oasis:names:tc:xliff:document:2.0';
export const MATCHES_NS = 'urn:oasis:names:tc:xliff:matches:2.0';
export const SUBSTATE_PREFIX = 'bitext:';
export const SEGMENT_ID = 's1';

export function writeXliff21(file: XliffFile): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<xliff xmlns="${XLIFF_2_NS}" xmlns:mtc="${MATCHES_NS}" xmlns:${BITEXT_PREFIX}="${BITEXT_NS}" version="2.1" srcLang="${escapeAttribute(file.sourceLanguage)}" trgLang="${escapeAttribute(file.targetLanguage)}">\n`,
    `  <file id="f1" original="${escapeAttribute(file.original)}">\n`,
  ];
  for (const unit of file.units) writeUnit21(out, unit);
  if (file.units.length === 0) {
    // A 2.x file needs at least one unit, and a unit at least one segment (an ignorable alone is
    // invalid): a document without sentences gets one empty segment, not to be translated.
    out.push('    <unit id="empty" translate="no">\n      <segment>\n        <source></source>\n      </segment>\n    </unit>\n');
  }
  out.push('  </file>\n</xliff>\n');
  return out.join('');
}

/** The 2.1 state and subState for a model state and qualifier. */
export function state21(state: UnitState | undefined, qualifier: string | undefined): { state: string; subState?: string } {
  const sub = (value: string | undefined) => (value ? (value.includes(':') ? value : SUBSTATE_PREFIX + value) : undefined);
  const withSub = (s: string, value: string | undefined) => {
    const subState = sub(value);
    return subState === undefined ? { state: s } : { state: s, subState };
  };
  switch (state) {
    case undefined:
    case 'new':
      return withSub('initial', qualifier);
    case 'translated':
      return withSub('translated', qualifier);
    case 'signed-off':
      return withSub('reviewed', qualifier);
    case 'final':
      return withSub('final', qualifier);
    default:
      // needs-translation (a target whose English changed) and the other needs-* states: work
      // is required; the subState keeps which, so the 1.2 state comes back on reading.
      return { state: 'initial', subState: SUBSTATE_PREFIX + state };
  }
}

/** One `<unit>`, indented as in a file Bitext writes; re-extraction renders changed units of a translator's file with it. */
export function writeUnit21(out: string[], unit: XliffUnit) {
  let attrs = `id="${escapeAttribute(unit.id)}"`;
  if (unit.metadata) attrs += ` name="${unit.metadata}" type="bitext:x-metadata"`;
  if (!unit.translate) attrs += ' translate="no"';
  attrs += ` ${BITEXT_PREFIX}:${WRITTEN_ATTRIBUTE}="${unit.written ?? targetHash(unit.target)}"`;
  out.push(`    <unit ${attrs} xml:space="preserve">\n`);
  // A pair whose half holds a sub-flow (MDX link title) is sc/ec: `pc` would need subFlowsStart and subFlowsEnd together.
  const pairedSubFlows = (parts: readonly CodedPart[]) => parts.some((p) => typeof p !== 'string' && p.role !== 'standalone' && p.subFlows !== undefined);
  const useScEc = overlaps(unit.source) || (unit.target !== undefined && overlaps(unit.target)) || pairedSubFlows(unit.source);
  if (unit.alternatives.length) {
    out.push('      <mtc:matches>\n');
    unit.alternatives.forEach((alt, k) => writeMatch21(out, alt, k));
    out.push('      </mtc:matches>\n');
  }
  out.push(writeGlossary21(unit, '      '));
  if (unit.notes.length) {
    out.push('      <notes>\n');
    for (const note of unit.notes) {
      out.push(`        <note${note.from ? ` category="${escapeAttribute(note.from)}"` : ''}>`, escapeNote(note.text), '</note>\n');
    }
    out.push('      </notes>\n');
  }
  writeOriginalData(out, [unit.source, unit.target ?? []], '      ');
  const { state, subState } = state21(unit.target === undefined ? undefined : unit.state, unit.target === undefined ? undefined : unit.qualifier);
  const stateAttrs = unit.target === undefined ? '' : ` state="${state}"${subState ? ` subState="${escapeAttribute(subState)}"` : ''}`;
  const marks = (unit.terms ?? []).flatMap((t, k) => (t.span ? [{ ...t.span, id: termMarkId(k) }] : []));
  out.push(`      <segment id="${SEGMENT_ID}"${stateAttrs}>\n        <source>`, renderInline21(unit.source, useScEc, marks), '</source>\n');
  if (unit.target !== undefined) out.push('        <target>', renderInline21(unit.target, useScEc), '</target>\n');
  out.push('      </segment>\n    </unit>\n');
}

export function writeMatch21(out: string[], alt: XliffAlternative, index: number) {
  // A reader's suggestion is neither memory nor machine translation.
  let attrs = ` id="m${index + 1}" ref="#${SEGMENT_ID}" type="${alt.origin === READER_ORIGIN ? 'other' : 'tm'}"`;
  if (alt.similarity !== undefined) attrs += ` similarity="${formatSimilarity(alt.similarity)}"`;
  if (alt.origin) attrs += ` origin="${escapeAttribute(alt.origin)}"`;
  if (alt.previousState) attrs += ` subType="${escapeAttribute(SUBSTATE_PREFIX + alt.previousState)}"`;
  if (alt.edited) attrs += ` ${BITEXT_PREFIX}:edited="yes"`;
  const useScEc = overlaps(alt.source) || overlaps(alt.target);
  out.push(`        <mtc:match${attrs}>\n`);
  writeOriginalData(out, [alt.source, alt.target], '          ');
  out.push(
    '          <source>',
    renderInline21(alt.source, useScEc),
    '</source>\n          <target>',
    alt.targetXml ?? renderInline21(alt.target, useScEc),
    '</target>\n        </mtc:match>\n',
  );
}

/** One `data` per distinct code half of the unit (source codes and target-only codes). */
function writeOriginalData(out: string[], texts: readonly (readonly CodedPart[])[], indent: string) {
  const seen = new Set<string>();
  const entries: string[] = [];
  for (const parts of texts) {
    for (const part of parts) {
      if (typeof part === 'string') continue;
      const id = dataId(part);
      if (seen.has(id)) continue;
      seen.add(id);
      entries.push(`${indent}  <data id="${escapeAttribute(id)}">${dataContent(part.data)}</data>\n`);
    }
  }
  if (entries.length) out.push(`${indent}<originalData>\n`, ...entries, `${indent}</originalData>\n`);
}

export function dataId(code: InlineCode): string {
  if (code.isolated || code.role === 'standalone') return `d${code.id}`;
  return `d${code.id}${code.role === 'open' ? 's' : 'e'}`;
}

/** `data` content: escaped text, with characters XML cannot carry as `<cp hex>`. */
function dataContent(data: string): string {
  if (findNonXmlChar(data) < 0) return escapeText(data);
  let out = '';
  for (const ch of data) out += findNonXmlChar(ch) < 0 ? escapeText(ch) : `<cp hex="${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}"/>`;
  return out;
}

/** Whether the paired codes of a text overlap instead of nesting (then `pc` cannot express them). */
function overlaps(parts: readonly CodedPart[]): boolean {
  const stack: string[] = [];
  const present = new Map<string, number>();
  for (const part of parts) if (typeof part !== 'string' && !part.isolated && part.role !== 'standalone') present.set(part.id, (present.get(part.id) ?? 0) + 1);
  for (const part of parts) {
    if (typeof part === 'string' || part.isolated || part.role === 'standalone') continue;
    // A pair missing a half or repeated cannot be a pc: treat as overlap and use sc/ec.
    if (present.get(part.id) !== 2) return true;
    if (part.role === 'open') stack.push(part.id);
    else if (stack.pop() !== part.id) return true;
  }
  return stack.length > 0;
}

/** A `<mrk type="term">` around characters start..end of text part `part`. */
export interface TermMark {
  part: number;
  start: number;
  end: number;
  id: string;
}

/** A text part with its term marks. */
function markedText(text: string, marks: readonly TermMark[]): string {
  let out = '';
  let at = 0;
  for (const m of [...marks].sort((a, b) => a.start - b.start)) {
    if (m.start < at || m.end > text.length) continue;
    out += escapeText(text.slice(at, m.start)) + `<mrk id="${escapeAttribute(m.id)}" type="term">${escapeText(text.slice(m.start, m.end))}</mrk>`;
    at = m.end;
  }
  return out + escapeText(text.slice(at));
}

export function renderInline21(parts: readonly CodedPart[], useScEc: boolean, marks: readonly TermMark[] = []): string {
  // A pair half without its other half (a translator deleted one) can only be an isolated code.
  const halves = new Map<string, number>();
  for (const part of parts) if (typeof part !== 'string' && !part.isolated && part.role !== 'standalone') halves.set(part.id, (halves.get(part.id) ?? 0) + 1);
  let out = '';
  for (const [index, original] of parts.entries()) {
    let part = original;
    if (typeof part === 'string') {
      const own = marks.length ? marks.filter((m) => m.part === index) : marks;
      out += own.length ? markedText(part, own) : escapeText(part);
      continue;
    }
    const data = escapeAttribute(dataId(part));
    if (!part.isolated && part.role !== 'standalone' && halves.get(part.id) !== 2) part = { ...part, isolated: true };
    const id = escapeAttribute(part.id);
    // MDX: translatable text inside the code (image alt, link title) is in the units named here.
    const type = typeAttrs(part) + (part.subFlows ? ` subFlows="${escapeAttribute(part.subFlows)}"` : '');
    if (part.isolated) {
      out += part.role === 'close' ? `<ec id="${id}" isolated="yes" dataRef="${data}"${type}/>` : `<sc id="${id}" isolated="yes" dataRef="${data}"${type}/>`;
    } else if (part.role === 'standalone') {
      out += `<ph id="${id}" dataRef="${data}"${type}/>`;
    } else if (useScEc) {
      out += part.role === 'open' ? `<sc id="${id}" dataRef="${data}"${type}/>` : `<ec startRef="${id}" dataRef="${data}"${type}/>`;
    } else if (part.role === 'open') {
      out += `<pc id="${id}" dataRefStart="${data}" dataRefEnd="${escapeAttribute(`d${part.id}e`)}"${type}>`;
    } else {
      out += '</pc>';
    }
  }
  return out;
}

function typeAttrs(code: InlineCode): string {
  const bold = code.type === 'bold' || (code.type === 'html' && (code.element === 'strong' || code.element === 'b'));
  const italic = code.type === 'italic' || (code.type === 'html' && (code.element === 'em' || code.element === 'i'));
  if (bold) return ' type="fmt" subType="xlf:b"';
  if (italic) return ' type="fmt" subType="xlf:i"';
  if (code.type === 'link' || (code.type === 'html' && code.element === 'a')) return ' type="link"';
  if (code.type === 'image' || (code.type === 'html' && code.element === 'img')) return ' type="image"';
  if (code.type === 'html' && code.element === 'br') return ' type="fmt" subType="xlf:lb"';
  if (code.type === 'html') return ' type="fmt"';
  return ' type="other"';
}
