/**
 * XLIFF 1.2 writer (the transitional schema in ../shared/schemas/xliff-1.2 validates the output).
 *
 * Shape, close to what Microsoft's mdxliff wrote for the same documents:
 *
 *   <file original="docs/a.md" source-language="en-US" target-language="ru-RU" datatype="x-markdown">
 *     <trans-unit id="26296-104" xml:space="preserve">
 *       <source><bpt id="p1" ctype="bold">**</bpt>Applies to<ept id="p1">**</ept>: Partner Center</source>
 *       <target state="translated" state-qualifier="leveraged-mt">…</target>
 *       <note from="bitext">document: docs/a.md</note>
 *       <note from="bitext">context: heading 2</note>
 *       <alt-trans alttranstype="previous-version" match-quality="87" origin="bitext-previous-version">…</alt-trans>
 *
 * Inline codes: a pair is `bpt`/`ept` sharing an id; unbalanced markup is `it pos="open|close"`;
 * everything else is `ph`. The element content is the Markdown the code stands for (its original
 * data), as mdxliff did, so a CAT tool shows it and a round trip keeps it. `ctype` uses the
 * spec's values where one fits (bold, italic, link, image) and `x-…` otherwise.
 */
// Attribute values and notes can carry no character XML cannot represent (text has char codes).
import { escapeAttributeLossy as escapeAttribute, escapeText, escapeTextLossy as escapeNote } from '../xml/escape.ts';
import type { CodedPart, InlineCode } from '../model/coded-text.ts';
import { glossaryNotes } from './glossary.ts';
import type { XliffAlternative, XliffFile, XliffUnit } from './types.ts';
import { BITEXT_NS, BITEXT_PREFIX, targetHash, WRITTEN_ATTRIBUTE } from './written.ts';

export const XLIFF_12_NS = 'urn:oasis:names:tc:xliff:document:1.2';

export function writeXliff12(file: XliffFile): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<xliff version="1.2" xmlns="${XLIFF_12_NS}" xmlns:${BITEXT_PREFIX}="${BITEXT_NS}">\n`,
    `  <file original="${escapeAttribute(file.original)}" source-language="${escapeAttribute(file.sourceLanguage)}" target-language="${escapeAttribute(file.targetLanguage)}" datatype="${escapeAttribute(file.datatype ?? 'x-markdown')}">\n`,
    '    <header>\n      <tool tool-id="bitext" tool-name="Bitext"/>\n    </header>\n',
    '    <body>\n',
  ];
  for (const unit of file.units) writeUnit12(out, unit);
  out.push('    </body>\n  </file>\n</xliff>\n');
  return out.join('');
}

/** One `<trans-unit>`, indented as in a file Bitext writes; re-extraction renders changed units of a translator's file with it. */
export function writeUnit12(out: string[], unit: XliffUnit) {
  let attrs = `id="${escapeAttribute(unit.id)}"`;
  if (unit.metadata) attrs += ` restype="x-metadata" resname="${unit.metadata}"`;
  if (!unit.translate) attrs += ' translate="no"';
  // approved="yes" is what Weblate and Translate Toolkit read as reviewed; the state alone is not.
  if (unit.target !== undefined && (unit.state === 'signed-off' || unit.state === 'final')) attrs += ' approved="yes"';
  attrs += ` ${BITEXT_PREFIX}:${WRITTEN_ATTRIBUTE}="${unit.written ?? targetHash(unit.target)}"`;
  out.push(`      <trans-unit ${attrs} xml:space="preserve">\n        <source>`, renderInline12(unit.source), '</source>\n');
  if (unit.target !== undefined) {
    let targetAttrs = '';
    if (unit.state) targetAttrs += ` state="${escapeAttribute(unit.state)}"`;
    if (unit.qualifier) targetAttrs += ` state-qualifier="${escapeAttribute(qualifier12(unit.qualifier))}"`;
    out.push(`        <target${targetAttrs}>`, renderInline12(unit.target), '</target>\n');
  }
  for (const note of [...unit.notes, ...glossaryNotes(unit)]) {
    out.push(`        <note${note.from ? ` from="${escapeAttribute(note.from)}"` : ''}>`, escapeNote(note.text), '</note>\n');
  }
  for (const alt of unit.alternatives) writeAlternative12(out, alt);
  out.push('      </trans-unit>\n');
}

export function writeAlternative12(out: string[], alt: XliffAlternative) {
  // A fuzzy translation-memory match is a proposal; anything else is what the unit said before.
  let attrs = alt.origin === 'bitext-tm' || alt.origin === READER_ORIGIN ? ' alttranstype="proposal"' : ' alttranstype="previous-version"';
  if (alt.similarity !== undefined) attrs += ` match-quality="${formatSimilarity(alt.similarity)}"`;
  if (alt.origin) attrs += ` origin="${escapeAttribute(alt.origin)}"`;
  if (alt.previousId) attrs += ` resname="${escapeAttribute(alt.previousId)}"`;
  const extra = [alt.previousState ? `state=${alt.previousState}` : '', alt.edited ? 'edited=yes' : ''].filter(Boolean).join(';');
  if (extra) attrs += ` extradata="${escapeAttribute(extra)}"`;
  out.push(
    `        <alt-trans${attrs}>\n          <source>`,
    renderInline12(alt.source),
    '</source>\n          <target>',
    alt.targetXml ?? renderInline12(alt.target),
    '</target>\n        </alt-trans>\n',
  );
}

/** The 1.2 schema takes its own state-qualifier values or `x-…`; 2.1-only values get the prefix. */
const QUALIFIERS_12 = new Set([
  'exact-match', 'fuzzy-match', 'id-match', 'leveraged-glossary', 'leveraged-inherited', 'leveraged-mt',
  'leveraged-repository', 'leveraged-tm', 'mt-suggestion', 'rejected-grammar', 'rejected-inaccurate',
  'rejected-length', 'rejected-spelling', 'tm-suggestion',
]);

function qualifier12(qualifier: string): string {
  return QUALIFIERS_12.has(qualifier) || qualifier.startsWith('x-') ? qualifier : `x-${qualifier.replace(/\s+/g, '-')}`;
}

export function formatSimilarity(similarity: number): string {
  return String(Math.round(similarity * 100) / 100);
}

/** Inline content: text escaped, codes as `bpt`/`ept`/`it`/`ph` holding their Markdown. */
export function renderInline12(parts: readonly CodedPart[]): string {
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? escapeText(part) : renderCode12(part);
  return out;
}

function renderCode12(code: InlineCode): string {
  const id = escapeAttribute(code.id);
  const data = code.type === 'char' ? `U+${code.data.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : escapeText(code.data);
  if (code.isolated) return `<it id="${id}" pos="${code.role === 'close' ? 'close' : 'open'}" ctype="${delimiterType(code)}">${data}</it>`;
  if (code.role === 'open') return `<bpt id="${id}" ctype="${delimiterType(code)}">${data}</bpt>`;
  if (code.role === 'close') return `<ept id="${id}">${data}</ept>`;
  return `<ph id="${id}" ctype="${placeholderType(code)}">${data}</ph>`;
}

function delimiterType(code: InlineCode): string {
  switch (code.type) {
    case 'bold':
    case 'italic':
    case 'link':
      return code.type;
    case 'html':
      if (code.element === 'strong' || code.element === 'b') return 'bold';
      if (code.element === 'em' || code.element === 'i') return 'italic';
      if (code.element === 'u') return 'underlined';
      if (code.element === 'a') return 'link';
      return `x-html-${code.element ?? 'element'}`;
    default:
      return `x-${code.type.toLowerCase()}`;
  }
}

function placeholderType(code: InlineCode): string {
  if (code.type === 'image') return 'image';
  if (code.type === 'html') return code.element === 'br' ? 'lb' : code.element === 'img' ? 'image' : `x-html-${code.element ?? 'element'}`;
  return code.type === 'noLoc' ? 'x-no-loc' : `x-${code.type}`;
}

/** The origin of a reader's suggestion (`bitext suggestions import`): a proposal, like a memory match. */
export const READER_ORIGIN = 'reader';
