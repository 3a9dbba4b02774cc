/**
 * Reads XLIFF 1.2 and 2.x files back into the unit model of ./types.ts, with the XML tree reader
 * of src/xml (saxes, DTDs rejected). It reads what Bitext writes and what CAT tools commonly
 * turn it into: units inside groups, 1.2 `g`/`x`/`bx`/`ex`/`mrk` and 2.x `mrk`/`sm`/`em`/`cp`,
 * several segments (and ignorables) per 2.x unit, which are joined back into one text.
 *
 * Inline codes come back with their ids and with the data the file holds for them (1.2: the
 * element's text; 2.x: `originalData`). Merge-back decides how far to trust that data; this
 * module only reports what is there. Problems are Diagnostics naming file:line:column.
 */
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import type { XmlElement } from '../xml/parse.ts';
import { languageProblems, readXliffTree } from './document.ts';
import { attr, childElements, textContent } from '../xml/tree.ts';
import type { CodedPart, CodedText, CodeType, InlineCode } from '../model/coded-text.ts';
import type { MetadataField, TargetMarkup, UnitState, XliffAlternative, XliffFile, XliffNote, XliffUnit } from './types.ts';
import { XLIFF_12_NS } from './write-12.ts';
import { MATCHES_NS, SUBSTATE_PREFIX, XLIFF_2_NS } from './write-21.ts';
import { BITEXT_NS, WRITTEN_ATTRIBUTE } from './written.ts';

export interface ReadResult {
  file: XliffFile | undefined;
  diagnostics: Diagnostic[];
}

/**
 * Reads an XLIFF file from its bytes (or from text already decoded). Bytes, XML, root and
 * version go through the reading every command shares (./document.ts); only a tree that passes
 * it is read into units.
 */
export function readXliff(input: string | Uint8Array, path: string): ReadResult {
  const { tree, diagnostics: refused } = readXliffTree(input, path);
  if (!tree) return { file: undefined, diagnostics: refused };
  const root = tree.doc.root;
  const diagnostics: Diagnostic[] = languageProblems(tree, path);
  if (diagnostics.length) return { file: undefined, diagnostics };
  const problem = (at: { line: number; column: number }, message: string) =>
    diagnostics.push(diagnostic('xliff-invalid', { file: path, line: at.line, column: at.column }, message));
  if (root.name !== 'xliff') {
    problem(root, `the root element is <${root.qname}> in namespace "${root.ns}", not an XLIFF 1.2 or 2.x <xliff>; give the path of an XLIFF file`);
    return { file: undefined, diagnostics };
  }
  const file = tree.family === '1.2' ? read12(root, problem) : read21(root, problem);
  return { file, diagnostics };
}

type Problem = (at: { line: number; column: number }, message: string) => void;

// ---------------------------------------------------------------- XLIFF 1.2

function read12(root: XmlElement, problem: Problem): XliffFile {
  const files = childElements(root, XLIFF_12_NS, 'file');
  const first = files[0];
  const units = unitElements(root).map((element) => unit12(element, problem));
  return {
    version: '1.2',
    original: (first && attr(first, 'original')) ?? '',
    sourceLanguage: (first && attr(first, 'source-language')) ?? '',
    targetLanguage: (first && attr(first, 'target-language')) ?? '',
    units,
  };
}

/**
 * The unit elements of a file, in document order, one per unit the reader returns (1.2
 * `trans-unit`, 2.x `unit` with at least one segment), inside groups too. Re-extraction patches
 * these elements of the translator's file.
 */
export function unitElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const is12 = root.ns === XLIFF_12_NS;
  const ns = is12 ? XLIFF_12_NS : XLIFF_2_NS;
  const walk = (element: XmlElement) => {
    for (const child of childElements(element, ns)) {
      if (child.name === 'file' || child.name === 'body' || child.name === 'group') walk(child);
      else if (is12 && child.name === 'trans-unit') out.push(child);
      else if (!is12 && child.name === 'unit' && childElements(child, XLIFF_2_NS, 'segment').length) out.push(child);
    }
  };
  walk(root);
  return out;
}

/**
 * A 1.2 target's state, with `approved="yes"` read as reviewed: tools that mark review with
 * approved alone (Weblate, Translate Toolkit) leave the state as it was, or remove it.
 */
function state12Approved(state: string | undefined, approved: string | undefined): string | undefined {
  if (approved === 'yes' && (state === undefined || state === 'translated')) return 'signed-off';
  return state;
}

function unit12(element: XmlElement, problem: Problem): XliffUnit {
  const id = attr(element, 'id') ?? '';
  if (!id) problem(element, 'a <trans-unit> has no id; restore the id it was extracted with');
  const source = childElements(element, XLIFF_12_NS, 'source')[0];
  const target = childElements(element, XLIFF_12_NS, 'target')[0];
  if (!source) problem(element, `trans-unit "${id}" has no <source>; restore it from the extracted file`);
  const markup: TargetMarkup[] = [];
  const unit: XliffUnit = {
    id,
    source: source ? inline12(source) : [],
    target: target ? inline12(target, markup) : undefined,
    state: target ? state12Approved(attr(target, 'state'), attr(element, 'approved')) : undefined,
    qualifier: target ? attr(target, 'state-qualifier') : undefined,
    translate: attr(element, 'translate') !== 'no',
    notes: childElements(element, XLIFF_12_NS, 'note').map((note) => withFrom({ text: textContent(note) }, attr(note, 'from'))),
    alternatives: childElements(element, XLIFF_12_NS, 'alt-trans').map(alternative12),
    line: element.line,
  };
  const written = attr(element, WRITTEN_ATTRIBUTE, BITEXT_NS);
  if (written !== undefined) unit.written = written;
  const metadata = metadataField(attr(element, 'restype') === 'x-metadata', attr(element, 'resname'), id);
  if (metadata) unit.metadata = metadata;
  if (markup.length) unit.markup = markup;
  if (target) unit.targetAt = { line: target.line, column: target.column };
  return unit;
}

function alternative12(element: XmlElement): XliffAlternative {
  const source = childElements(element, XLIFF_12_NS, 'source')[0];
  const target = childElements(element, XLIFF_12_NS, 'target')[0];
  const alt: XliffAlternative = { source: source ? inline12(source) : [], target: target ? inline12(target) : [] };
  const quality = parseFloat(attr(element, 'match-quality') ?? '');
  if (Number.isFinite(quality)) alt.similarity = quality;
  const origin = attr(element, 'origin');
  if (origin) alt.origin = origin;
  const previousId = attr(element, 'resname');
  if (previousId) alt.previousId = previousId;
  const extradata = attr(element, 'extradata') ?? '';
  const state = /(?:^|;)state=([^;]+)/.exec(extradata)?.[1];
  if (state) alt.previousState = state;
  if (/(?:^|;)edited=yes(?:;|$)/.test(extradata)) alt.edited = true;
  return alt;
}

/** 1.2 inline content to coded text. `g` becomes an open and a close code around its content. */
function inline12(element: XmlElement, markup?: TargetMarkup[]): CodedText {
  const out: CodedText = [];
  const walk = (node: XmlElement) => {
    for (const child of node.children) {
      if (child.type === 'text') {
        pushText(out, child.value);
        continue;
      }
      if (child.ns !== XLIFF_12_NS) continue;
      const first = out.length;
      const id = attr(child, 'id') ?? attr(child, 'rid') ?? '';
      const ctype = attr(child, 'ctype');
      switch (child.name) {
        case 'bpt':
          out.push(code(id, 'open', false, typeFromCtype(ctype), textContent(child), ctype));
          break;
        case 'ept':
          out.push(code(id, 'close', false, 'html', textContent(child)));
          break;
        case 'it':
          out.push(code(id, attr(child, 'pos') === 'close' ? 'close' : 'open', true, typeFromCtype(ctype), textContent(child), ctype));
          break;
        case 'ph':
          out.push(code(id, 'standalone', false, typeFromCtype(ctype), charData(ctype, textContent(child)), ctype));
          break;
        case 'x':
          out.push(code(id, 'standalone', false, typeFromCtype(ctype), '', ctype));
          break;
        case 'bx':
          out.push(code(id, 'open', false, typeFromCtype(ctype), '', ctype));
          break;
        case 'ex':
          out.push(code(id, 'close', false, 'html', ''));
          break;
        case 'g':
          out.push(code(id, 'open', false, typeFromCtype(ctype), '', ctype));
          walk(child);
          out.push(code(id, 'close', false, typeFromCtype(ctype), ''));
          break;
        default:
          // mrk (annotations) and anything else: keep the content, drop the wrapper; anything
          // but an annotation is markup typed into a target, which merge-back refuses.
          if (child.name !== 'mrk') markup?.push({ name: child.name, line: child.line, column: child.column });
          walk(child);
      }
      locate(out, first, child);
    }
  };
  walk(element);
  return closeTypes(out);
}

/** 1.2 writes a character XML cannot carry as `<ph ctype="x-char">U+0008</ph>`. */
function charData(ctype: string | undefined, text: string): string {
  const m = ctype === 'x-char' ? /^U\+([0-9A-F]{4,6})$/i.exec(text) : null;
  return m ? String.fromCodePoint(parseInt(m[1]!, 16)) : text;
}

// ---------------------------------------------------------------- XLIFF 2.x

function read21(root: XmlElement, problem: Problem): XliffFile {
  const files = childElements(root, XLIFF_2_NS, 'file');
  const units = unitElements(root).map((element) => unit21(element, problem));
  return {
    version: '2.1',
    original: (files[0] && attr(files[0], 'original')) ?? '',
    sourceLanguage: attr(root, 'srcLang') ?? '',
    targetLanguage: attr(root, 'trgLang') ?? '',
    units,
  };
}

const STATE_ORDER = ['initial', 'translated', 'reviewed', 'final'];

/** A unit with at least one segment (`unitElements` leaves out the placeholder unit of a file without segments). */
function unit21(element: XmlElement, problem: Problem): XliffUnit {
  const id = attr(element, 'id') ?? '';
  const pieces = childElements(element, XLIFF_2_NS).filter((c) => c.name === 'segment' || c.name === 'ignorable');
  const data = originalData(childElements(element, XLIFF_2_NS, 'originalData')[0]);
  const source: CodedText = [];
  const markup: TargetMarkup[] = [];
  let target: CodedText | undefined;
  let targetAt: { line: number; column: number } | undefined;
  let state: string | undefined;
  let subState: string | undefined;
  for (const piece of pieces) {
    const src = childElements(piece, XLIFF_2_NS, 'source')[0];
    const trg = childElements(piece, XLIFF_2_NS, 'target')[0];
    if (!src) problem(piece, `unit "${id}" has a <${piece.name}> without <source>; restore it from the extracted file`);
    const srcParts = src ? inline21(src, data) : [];
    source.push(...srcParts);
    if (trg) (target ??= []).push(...inline21(trg, data, markup));
    if (trg) targetAt ??= { line: trg.line, column: trg.column };
    else if (piece.name === 'ignorable' && target) target.push(...srcParts);
    if (piece.name === 'segment' && trg) {
      const s = attr(piece, 'state') ?? 'initial';
      // The unit's state is its least advanced segment's.
      if (state === undefined || STATE_ORDER.indexOf(s) < STATE_ORDER.indexOf(state)) {
        state = s;
        subState = attr(piece, 'subState');
      }
    }
  }
  const { state: modelState, qualifier } = state12(state, subState);
  const notesElement = childElements(element, XLIFF_2_NS, 'notes')[0];
  const unit: XliffUnit = {
    id,
    source: mergeText(source),
    target: target && mergeText(target),
    state: target ? modelState : undefined,
    qualifier: target ? qualifier : undefined,
    translate: attr(element, 'translate') !== 'no',
    notes: notesElement ? childElements(notesElement, XLIFF_2_NS, 'note').map((n) => withFrom({ text: textContent(n) }, attr(n, 'category'))) : [],
    alternatives: [],
    line: element.line,
  };
  const written = attr(element, WRITTEN_ATTRIBUTE, BITEXT_NS);
  if (written !== undefined) unit.written = written;
  const matches = childElements(element, MATCHES_NS, 'matches')[0];
  if (matches) unit.alternatives = childElements(matches, MATCHES_NS, 'match').map(alternative21);
  if (targetAt) unit.targetAt = targetAt;
  const metadata = metadataField(attr(element, 'type') === 'bitext:x-metadata', attr(element, 'name'), id);
  if (metadata) unit.metadata = metadata;
  if (markup.length) unit.markup = markup;
  return unit;
}

/** 2.x state and subState back to the model's 1.2 terms (the inverse of write-21's `state21`). */
export function state12(state: string | undefined, subState: string | undefined): { state: UnitState | undefined; qualifier: string | undefined } {
  const own = subState?.startsWith(SUBSTATE_PREFIX) ? subState.slice(SUBSTATE_PREFIX.length) : subState;
  switch (state) {
    case undefined:
      return { state: undefined, qualifier: undefined };
    case 'initial':
      if (own && own.startsWith('needs-')) return { state: own, qualifier: undefined };
      return { state: 'new', qualifier: own };
    case 'reviewed':
      return { state: 'signed-off', qualifier: own };
    default:
      return { state, qualifier: own };
  }
}

function alternative21(element: XmlElement): XliffAlternative {
  const data = originalData(childElements(element, XLIFF_2_NS, 'originalData')[0]);
  const source = childElements(element, XLIFF_2_NS, 'source')[0];
  const target = childElements(element, XLIFF_2_NS, 'target')[0];
  const alt: XliffAlternative = { source: source ? inline21(source, data) : [], target: target ? inline21(target, data) : [] };
  const similarity = parseFloat(attr(element, 'similarity') ?? '');
  if (Number.isFinite(similarity)) alt.similarity = similarity;
  const origin = attr(element, 'origin');
  if (origin) alt.origin = origin;
  const sub = attr(element, 'subType');
  if (sub?.startsWith(SUBSTATE_PREFIX)) alt.previousState = sub.slice(SUBSTATE_PREFIX.length);
  if (attr(element, 'edited', BITEXT_NS) === 'yes') alt.edited = true;
  return alt;
}

function originalData(element: XmlElement | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!element) return map;
  for (const d of childElements(element, XLIFF_2_NS, 'data')) map.set(attr(d, 'id') ?? '', contentWithCp(d));
  return map;
}

/** Text content where `<cp hex="…"/>` stands for the character XML cannot carry. */
function contentWithCp(element: XmlElement): string {
  let out = '';
  for (const child of element.children) {
    if (child.type === 'text') out += child.value;
    else if (child.name === 'cp') out += cpChar(child);
    else out += contentWithCp(child);
  }
  return out;
}

function cpChar(element: XmlElement): string {
  const code = parseInt(attr(element, 'hex') ?? '', 16);
  return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

function inline21(element: XmlElement, data: Map<string, string>, markup?: TargetMarkup[]): CodedText {
  const out: CodedText = [];
  const dataOf = (ref: string | undefined) => (ref === undefined ? '' : (data.get(ref) ?? ''));
  const walk = (node: XmlElement) => {
    for (const child of node.children) {
      if (child.type === 'text') {
        pushText(out, child.value);
        continue;
      }
      if (child.ns !== XLIFF_2_NS) continue;
      const first = out.length;
      const id = attr(child, 'id') ?? '';
      const type = typeFrom21(child);
      switch (child.name) {
        case 'cp':
          pushText(out, cpChar(child));
          break;
        case 'ph':
          out.push(code(id, 'standalone', false, type, dataOf(attr(child, 'dataRef'))));
          break;
        case 'pc':
          out.push(code(id, 'open', false, type, dataOf(attr(child, 'dataRefStart'))));
          walk(child);
          out.push(code(id, 'close', false, type, dataOf(attr(child, 'dataRefEnd'))));
          break;
        case 'sc':
          out.push(code(id, 'open', attr(child, 'isolated') === 'yes', type, dataOf(attr(child, 'dataRef'))));
          break;
        case 'ec': {
          const isolated = attr(child, 'isolated') === 'yes';
          out.push(code(isolated ? id : (attr(child, 'startRef') ?? id), 'close', isolated, type, dataOf(attr(child, 'dataRef'))));
          break;
        }
        default:
          // mrk, sm, em: annotations; keep their content. Anything else is markup typed into a
          // target, which merge-back refuses.
          if (child.name !== 'mrk' && child.name !== 'sm' && child.name !== 'em') markup?.push({ name: child.name, line: child.line, column: child.column });
          walk(child);
      }
      locate(out, first, child);
    }
  };
  walk(element);
  return closeTypes(out);
}

function typeFrom21(element: XmlElement): CodeType {
  const subType = attr(element, 'subType');
  if (subType === 'xlf:b') return 'bold';
  if (subType === 'xlf:i') return 'italic';
  switch (attr(element, 'type')) {
    case 'link':
      return 'link';
    case 'image':
      return 'image';
    case 'fmt':
      return 'html';
    default:
      return 'code';
  }
}

// ---------------------------------------------------------------- shared

/** Gives the codes an element produced (from `first` on) its position; codes of nested elements keep their own. */
function locate(out: CodedText, first: number, element: XmlElement) {
  for (let i = first; i < out.length; i++) {
    const part = out[i]!;
    if (typeof part === 'string' || part.line !== undefined) continue;
    part.line = element.line;
    part.column = element.column;
  }
}

function code(id: string, role: InlineCode['role'], isolated: boolean, type: CodeType, data: string, ctype?: string): InlineCode {
  const c: InlineCode = { kind: 'code', id, role, isolated, type, data };
  const element = ctype?.startsWith('x-html-') ? ctype.slice('x-html-'.length) : undefined;
  if (element) c.element = element;
  return c;
}

/** A close code takes its open code's type (1.2 `ept` has no ctype). */
function closeTypes(parts: CodedText): CodedText {
  const openType = new Map<string, InlineCode>();
  for (const part of parts) {
    if (typeof part === 'string' || part.isolated) continue;
    if (part.role === 'open') openType.set(part.id, part);
    else if (part.role === 'close') {
      const open = openType.get(part.id);
      if (open) {
        part.type = open.type;
        if (open.element) part.element = open.element;
      }
    }
  }
  return parts;
}

function typeFromCtype(ctype: string | undefined): CodeType {
  switch (ctype) {
    case 'bold':
    case 'italic':
    case 'link':
    case 'image':
      return ctype;
    case 'underlined':
    case 'lb':
      return 'html';
    case 'x-no-loc':
      return 'noLoc';
    case undefined:
      return 'html';
    default: {
      if (ctype.startsWith('x-html-')) return 'html';
      const own = ctype.slice(2);
      return (['code', 'entity', 'escape', 'include', 'directive', 'char'] as const).find((t) => t === own) ?? 'html';
    }
  }
}

function metadataField(isMetadata: boolean, name: string | undefined, id: string): MetadataField | undefined {
  if (!isMetadata) return undefined;
  const field = name ?? id;
  return field === 'title' || field === 'description' ? field : undefined;
}

function withFrom(note: XliffNote, from: string | undefined): XliffNote {
  if (from !== undefined) note.from = from;
  return note;
}

function pushText(out: CodedPart[], text: string) {
  if (!text) return;
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + text;
  else out.push(text);
}

function mergeText(parts: CodedText): CodedText {
  const out: CodedText = [];
  for (const part of parts) {
    if (typeof part === 'string') pushText(out, part);
    else out.push(part);
  }
  return out;
}
