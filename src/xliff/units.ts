/**
 * From a parsed sxs document to XLIFF units (the format-neutral model of ./types.ts).
 *
 * - One unit per segment; its id is the segment id (a repeated id, which the parser reports,
 *   gets `.2`, `.3`… so ids stay unique in the file; merge-back uses the same rule).
 * - Source and target are coded text (src/model/coded-text.ts): Markdown markup becomes inline codes.
 * - State comes from `ms.translationtype`, as Microsoft's mdxliff wrote it: MT → `translated` +
 *   `leveraged-mt`; HT → `translated` + `leveraged-tm` (a human translation reused from the
 *   translation memory); anything else → `translated`.
 * - Notes: the document path and the block context of the segment (heading 2, table cell,
 *   list item, alert NOTE, link text…), generated with from="bitext".
 * - Front matter: `title` and `description` are translated only in sxs (FORMAT.md §4). They are
 *   units marked as metadata (1.2 `restype="x-metadata"`, 2.1 `type="bitext:x-metadata"`) with
 *   ids `title` / `description`, placed first. The title's English source is the English H1
 *   (the model's `title.source`, `sourceOrigin: 'h1'`). The description has no English at all:
 *   its source repeats the current translation, and a note says so, so a translator can still
 *   review and edit it. A title without an H1 is treated the same way. These texts are YAML
 *   values, not Markdown: they are plain text, with no inline codes.
 * - Not extracted: `:::image … alt-text="…":::` alt texts, which sxs keeps translated-only in the
 *   skeleton with no English; they stay as they are in the documents.
 *
 * English MDX pages (`format: 'mdx'`, see `mdxUnits`) have English only: their units have no
 * target until a translator (or the translation memory) gives one.
 */
import type { BlockContext, Segment, SxsDocument } from '../model/types.ts';
import { mdxSourceTokens } from '../model/markdown/inline.ts';
import { codeSegment, codeText, type CodedText } from '../model/coded-text.ts';
import type { MetadataField, UnitState, XliffFile, XliffNote, XliffUnit } from './types.ts';

export const NOTE_FROM = 'bitext';
export const DEFAULT_SOURCE_LANGUAGE = 'en-US';
export const NO_ENGLISH_NOTE = 'sxs has no English for this front-matter field: the source repeats the current translation. Edit the target to change it.';
export const H1_ENGLISH_NOTE = 'front-matter title; sxs has no English for it, the source is the English H1 of the document.';

/** State and qualifier that extraction gives a target made as `translationType` says. */
export function extractedState(translationType: string | undefined): { state: UnitState; qualifier: string | undefined } {
  switch (translationType?.toUpperCase()) {
    case 'MT':
      return { state: 'translated', qualifier: 'leveraged-mt' };
    case 'HT':
      return { state: 'translated', qualifier: 'leveraged-tm' };
    default:
      return { state: 'translated', qualifier: undefined };
  }
}

/** Unit ids for a document's segments, in order: the segment id, made unique with `.2`, `.3`… */
export function segmentUnitIds(segments: readonly Segment[]): string[] {
  const seen = new Map<string, number>();
  return segments.map((s) => {
    const n = (seen.get(s.id) ?? 0) + 1;
    seen.set(s.id, n);
    return n === 1 ? s.id : `${s.id}.${n}`;
  });
}

export function documentUnits(doc: SxsDocument): XliffUnit[] {
  if (doc.format === 'mdx') return mdxUnits(doc);
  const { state, qualifier } = extractedState(doc.translationType);
  const units: XliffUnit[] = [];
  const documentNote: XliffNote = { from: NOTE_FROM, text: `document: ${doc.path}` };
  const metadata = (field: MetadataField, text: { target: string | undefined; source: string | undefined; sourceOrigin: string }) => {
    if (text.target === undefined || text.target === '') return;
    const english = text.sourceOrigin === 'h1' && text.source !== undefined;
    units.push({
      id: field,
      metadata: field,
      source: plain(english ? text.source! : text.target),
      target: plain(text.target),
      state,
      qualifier,
      translate: true,
      notes: [documentNote, { from: NOTE_FROM, text: english ? H1_ENGLISH_NOTE : `front-matter ${field}; ${NO_ENGLISH_NOTE}` }],
      alternatives: [],
    });
  };
  metadata('title', doc.title);
  metadata('description', doc.description);
  const ids = segmentUnitIds(doc.segments);
  doc.segments.forEach((segment, k) => {
    const coded = codeSegment(segment.sourceTokens, segment.targetTokens);
    units.push({
      id: ids[k]!,
      source: coded.source,
      target: coded.target,
      state,
      qualifier,
      translate: true,
      notes: [documentNote, { from: NOTE_FROM, text: `context: ${describeContext(segment.context)}` }],
      alternatives: [],
    });
  });
  return units;
}

export function documentToXliff(doc: SxsDocument, version: XliffFile['version'], targetLanguage: string, sourceLanguage = DEFAULT_SOURCE_LANGUAGE): XliffFile {
  return { version, original: doc.path, sourceLanguage, targetLanguage, units: documentUnits(doc) };
}

/**
 * Units of an English MDX page:
 * - one unit per sentence, in page order; the id is the sentence's content-derived id (see
 *   src/parse/mdx/parse.ts), so editing one sentence re-keys only that unit. Sentences of one
 *   block stay separate units (not one unit with several segments, nor a 1.2 group): re-extraction
 *   matches and merge-back checks sentence by sentence, the same way for sxs and MDX, and the
 *   context note says which block a sentence is in;
 * - the source is the sentence with its wrapped lines joined, markup, JSX and `{…}` as codes;
 *   no target (1.2: no `<target>`; 2.1: a segment without state, i.e. initial);
 * - the front-matter `title` and `description` are metadata units whose source is the English;
 * - image alt text and link titles inside a sentence are units of their own, right after their
 *   sentence: in 2.1 the code that holds them names them in `subFlows`; in 1.2 a note on the
 *   unit names its sentence.
 */
export function mdxUnits(doc: SxsDocument): XliffUnit[] {
  const units: XliffUnit[] = [];
  const documentNote: XliffNote = { from: NOTE_FROM, text: `document: ${doc.path}` };
  for (const field of ['title', 'description'] as const) {
    const source = doc[field].source;
    if (source === undefined || source.trim() === '') continue;
    units.push({ id: field, metadata: field, source: plain(source), target: undefined, state: undefined, qualifier: undefined, translate: true, notes: [documentNote, { from: NOTE_FROM, text: `front-matter ${field} of the page` }], alternatives: [] });
  }
  const ids = segmentUnitIds(doc.segments);
  const embeddedByHost = new Map<string, NonNullable<SxsDocument['embedded']>>();
  for (const e of doc.embedded ?? []) embeddedByHost.set(e.host, [...(embeddedByHost.get(e.host) ?? []), e]);
  doc.segments.forEach((segment, k) => {
    const source = codeText(mdxSourceTokens(segment));
    const embedded = embeddedByHost.get(segment.id) ?? [];
    for (const e of embedded) {
      const holds = (p: CodedText[number]) =>
        typeof p !== 'string' && p.data.includes(e.source) && (e.role === 'alt' ? p.type === 'image' : e.role === 'prop' ? p.role !== 'close' && p.data.startsWith('<') : p.type === 'link' && p.role === 'close');
      const code = source.find(holds);
      if (code && typeof code !== 'string') code.subFlows = code.subFlows ? `${code.subFlows} ${e.id}` : e.id;
    }
    units.push({ id: ids[k]!, source, target: undefined, state: undefined, qualifier: undefined, translate: true, notes: [documentNote, { from: NOTE_FROM, text: `context: ${describeContext(segment.context)}` }], alternatives: [] });
    for (const e of embedded) {
      const what = e.role === 'alt' ? 'image alt text' : e.role === 'prop' ? describeContext(e.context) : 'link title';
      units.push({ id: e.id, source: plain(e.source), target: undefined, state: undefined, qualifier: undefined, translate: true, notes: [documentNote, { from: NOTE_FROM, text: `context: ${what} inside sentence ${ids[k]}` }], alternatives: [] });
    }
  });
  return units;
}

/** Text with no markup (front matter, alt text, link titles); a character XML cannot carry becomes a `char` code. */
function plain(text: string): CodedText {
  return text === '' ? [] : codeText([{ type: 'text', raw: text }]);
}

/** Human-readable block context, e.g. "heading 2", "table cell, column 3", "list item in alert NOTE". */
export function describeContext(context: BlockContext): string {
  const parts: string[] = [];
  switch (context.kind) {
    case 'heading':
      parts.push(`heading ${context.heading?.level ?? ''}`.trim());
      break;
    case 'tableCell':
      parts.push(context.table ? `table cell, column ${context.table.column + 1}` : 'table cell');
      break;
    case 'htmlCell':
      parts.push(`HTML table cell <${context.html ?? 'td'}>`);
      break;
    case 'listItem':
      parts.push(context.list?.ordered ? 'numbered list item' : 'list item');
      break;
    case 'attribute':
      parts.push(context.attribute ? `prop ${context.attribute.name} of <${context.attribute.element}>` : 'prop');
      break;
    default:
      parts.push('paragraph');
  }
  if (context.component && context.kind !== 'attribute') parts.push(`in <${context.component}>`);
  if (context.alert) parts.push(`in alert ${context.alert}`);
  else if (context.quote) parts.push('in block quote');
  if (context.linkText) parts.push(`link text (${context.linkText.url})`);
  return parts.join(', ');
}

/** Whether a state qualifier (a 2.x subState, possibly prefixed `bitext:`) says the target is machine translation. */
export function isMachineQualifier(qualifier: string | undefined): boolean {
  return qualifier !== undefined && /(?:^|:)(?:leveraged-mt|mt-suggestion)$/.test(qualifier);
}
