/**
 * Re-extraction writes over a translator's file by patching it, not by writing it afresh: every
 * byte Bitext does not own stays as the translator's tool saved it (header notes, `approved`,
 * other tools' namespaced attributes and elements, notes from people, comments inside targets,
 * the tool's own layout).
 *
 * What Bitext owns, and so may change:
 * - the list of units: a unit whose English is gone is removed (its edit was kept as an
 *   alternative elsewhere before this), a new sentence's unit is inserted after the unit that
 *   precedes it in the new extraction;
 * - in a unit whose English is unchanged (`kept`): its id (sxs ids change with each export), the
 *   `bitext:written` mark when the file lacks it, and the alternatives added in this run. If its
 *   source text or Bitext's notes differ, the unit is rendered anew as below, its old target kept
 *   as it was;
 * - a unit whose English changed, or a new one, is rendered by Bitext's writer; from the old unit
 *   it replaces, every attribute and element Bitext does not write is carried into it (foreign
 *   attributes, foreign elements, notes not from Bitext, 1.2 `alt-trans` kept as they were), and
 *   in 1.2 the old target's XML goes verbatim into the `alt-trans` that keeps it. Two things are
 *   dropped there because they describe the replaced target: `approved` and 1.2 `seg-source`.
 *
 * `patchXliff` returns undefined when the file cannot be patched safely (its units do not line up
 * with what was read, a prefix Bitext needs is bound to another namespace); the caller then
 * writes the file afresh, which still loses no edit.
 */
import { escapeAttribute } from '../xml/escape.ts';
import { parseXml, XML_NS, XMLNS_NS, type XmlElement } from '../xml/parse.ts';
import { attr, childElements } from '../xml/tree.ts';
import { GLOSSARY_NOTE_FROM, GLOSSARY_NS, glossaryNotes, writeGlossary21 } from './glossary.ts';
import type { CodedText } from '../model/coded-text.ts';
import { unitElements } from './read.ts';
import type { UnitState, XliffAlternative, XliffUnit, XliffVersion } from './types.ts';
import { NOTE_FROM } from './units.ts';
import { renderInline12, writeAlternative12, writeUnit12, XLIFF_12_NS } from './write-12.ts';
import { dataId, MATCHES_NS, renderInline21, state21, writeMatch21, writeUnit21, XLIFF_2_NS } from './write-21.ts';
import { BITEXT_NS, BITEXT_PREFIX, targetHash, WRITTEN_ATTRIBUTE } from './written.ts';

/** The old unit a new unit continues (see ReextractResult.origins), or undefined for a new sentence. */
export type UnitOrigin = { old: number; kept: boolean } | undefined;

export interface PatchInput {
  /** The translator's file as it is on disk. */
  text: string;
  version: XliffVersion;
  /** Its units as read (one per `unitElements` element, in order). */
  oldUnits: readonly XliffUnit[];
  /** The units re-extraction produced, with their origins and the alternatives added this run. */
  units: readonly XliffUnit[];
  origins: readonly UnitOrigin[];
  addedAlternatives: ReadonlyMap<number, readonly XliffAlternative[]>;
}

interface Edit {
  from: number;
  to: number;
  text: string;
}

export function patchXliff(input: PatchInput): string | undefined {
  const bom = input.text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const text = bom ? input.text.slice(1) : input.text;
  let root: XmlElement;
  try {
    root = parseXml(text, 'existing file').root;
  } catch {
    return undefined;
  }
  const is12 = input.version === '1.2';
  if (root.ns !== (is12 ? XLIFF_12_NS : XLIFF_2_NS)) return undefined;
  const elements = unitElements(root);
  if (elements.length !== input.oldUnits.length || input.units.length !== input.origins.length) return undefined;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';

  // Which new units go where. The places of the old units that continue (in file order) take the
  // new units that continue one (in the new order, so units keep the order of the document even
  // when a sentence moved); a new sentence goes right after the new unit before it (or before the
  // first placed unit). A unit's text goes with it.
  const slots = input.origins.flatMap((origin) => (origin === undefined ? [] : [origin.old])).sort((a, b) => a - b);
  if (slots.length === 0) return undefined;
  const own = new Map<number, number>();
  const after = new Map<number, number[]>();
  const leading: number[] = [];
  let lastSlot: number | undefined;
  input.origins.forEach((origin, k) => {
    if (origin !== undefined) {
      lastSlot = slots[own.size]!;
      own.set(lastSlot, k);
    } else if (lastSlot === undefined) leading.push(k);
    else after.set(lastSlot, [...(after.get(lastSlot) ?? []), k]);
  });
  const firstSlot = slots[0]!;

  const edits: Edit[] = [];
  const declarations = rootDeclarations(root, is12);
  if (declarations === undefined) return undefined;
  if (declarations) edits.push({ from: root.startTagEnd - (text[root.startTagEnd - 2] === '/' ? 2 : 1), to: root.startTagEnd - (text[root.startTagEnd - 2] === '/' ? 2 : 1), text: declarations });

  const render = (k: number, i: number | undefined) => {
    const origin = input.origins[k];
    if (origin?.kept && i !== undefined) {
      const patched = patchKept(text, elements[i]!, input.oldUnits[i]!, input.units[k]!, input.addedAlternatives.get(k) ?? [], is12, nl);
      if (patched !== undefined) return patched;
    }
    return renderCarried(text, i === undefined ? undefined : elements[i], i === undefined ? undefined : input.oldUnits[i], input.units[k]!, is12, nl);
  };

  elements.forEach((element, i) => {
    const k = own.get(i);
    if (k === undefined) {
      // Removed: the unit and the whitespace before it.
      edits.push({ from: whitespaceStart(text, element.start), to: element.end, text: '' });
      return;
    }
    const indent = lineIndent(text, element.start);
    const pieces = [...(i === firstSlot ? leading : []), k, ...(after.get(i) ?? [])].map((n) => render(n, input.origins[n]?.old));
    edits.push({ from: element.start, to: element.end, text: pieces.join(nl + indent) });
  });

  return bom + applyEdits(text, 0, text.length, edits);
}

/** The text from `from` to `to` with non-overlapping edits (offsets in `text`) applied, in one pass. */
function applyEdits(text: string, from: number, to: number, edits: Edit[]): string {
  edits.sort((a, b) => a.from - b.from);
  const out: string[] = [];
  let at = from;
  for (const edit of edits) {
    out.push(text.slice(at, edit.from), edit.text);
    at = edit.to;
  }
  out.push(text.slice(at, to));
  return out.join('');
}

/** Namespace declarations the root needs for what Bitext writes ('' when it has them), or undefined when a prefix is taken. */
function rootDeclarations(root: XmlElement, is12: boolean): string | undefined {
  let out = '';
  const needs: [string, string][] = [[BITEXT_PREFIX, BITEXT_NS]];
  if (!is12) needs.push(['mtc', MATCHES_NS]);
  for (const [prefix, ns] of needs) {
    const declared = root.attributes.find((a) => a.ns === XMLNS_NS && a.prefix === 'xmlns' && a.name === prefix);
    if (declared && declared.value !== ns) return undefined;
    if (!declared) out += ` xmlns:${prefix}="${ns}"`;
  }
  return out;
}

/** A kept unit: the old bytes with Bitext's few changes, or undefined when it must be rendered anew. */
function patchKept(text: string, element: XmlElement, old: XliffUnit, unit: XliffUnit, added: readonly XliffAlternative[], is12: boolean, nl: string): string | undefined {
  if (element.selfClosing || !sameCoded(old.source, unit.source) || !sameCoded(old.target, unit.target)) return undefined;
  if (bitextNotes(old, is12).join('\u0000') !== bitextNotes(unit, is12).join('\u0000')) return undefined;
  // 2.1 glossary terms: the unit is rendered anew (source marks and gls:glossary) when they changed.
  if (!is12) {
    const glossary = childElements(element, GLOSSARY_NS, 'glossary')[0];
    const squash = (xml: string) => xml.replace(/\s+/g, '');
    if (squash(glossary ? text.slice(glossary.start, glossary.end) : '') !== squash(writeGlossary21(unit, ''))) return undefined;
  }
  const edits: Edit[] = [];
  const startTag = text.slice(element.start, element.startTagEnd);
  if (old.id !== unit.id) {
    const m = /(\sid\s*=\s*)(?:"[^"]*"|'[^']*')/.exec(startTag);
    if (!m) return undefined;
    edits.push({ from: element.start + m.index, to: element.start + m.index + m[0].length, text: `${m[1]}"${escapeAttribute(unit.id)}"` });
  }
  if (attr(element, WRITTEN_ATTRIBUTE, BITEXT_NS) === undefined) {
    const at = element.startTagEnd - 1;
    edits.push({ from: at, to: at, text: ` ${BITEXT_PREFIX}:${WRITTEN_ATTRIBUTE}="${unit.written ?? targetHash(unit.target)}"` });
  }
  edits.push(...alternativeEdits(text, element, added, is12, nl));
  return applyEdits(text, element.start, element.end, edits);
}

/** Attributes of a unit element that Bitext writes itself. */
const OWNED_UNIT_ATTRIBUTES_12 = new Set(['id', 'restype', 'resname', 'translate']);
const OWNED_UNIT_ATTRIBUTES_21 = new Set(['id', 'name', 'type', 'translate']);

/**
 * A unit rendered by Bitext's writer, carrying from the old unit (when there is one) everything
 * Bitext does not write.
 */
function renderCarried(text: string, element: XmlElement | undefined, old: XliffUnit | undefined, unit: XliffUnit, is12: boolean, nl: string): string {
  if (!element || !old) return renderUnit(unit, is12);
  const raw = (e: XmlElement) => text.slice(e.start, e.end);
  // The old target stands as it was (its XML, its approval) only with the same text and state.
  const targetKept = old.target !== undefined && sameCoded(old.target, unit.target) && old.state === unit.state && old.qualifier === unit.qualifier;
  const sourceKept = sameCoded(old.source, unit.source);
  const segments = is12 ? [] : childElements(element, XLIFF_2_NS).filter((c) => c.name === 'segment' || c.name === 'ignorable');
  const oldTarget = is12 ? childElements(element, XLIFF_12_NS, 'target')[0] : segments.length === 1 ? childElements(segments[0]!, XLIFF_2_NS, 'target')[0] : undefined;

  // Attributes: everything but Bitext's, xml:space and, with a replaced target, its approval.
  let attributes = '';
  for (const a of element.attributes) {
    if (a.ns === BITEXT_NS || (a.ns === XML_NS && a.name === 'space') || (a.ns === XMLNS_NS && a.prefix === '')) continue;
    if (a.ns === '' && (is12 ? OWNED_UNIT_ATTRIBUTES_12 : OWNED_UNIT_ATTRIBUTES_21).has(a.name)) continue;
    if (a.ns === '' && a.name === 'approved' && !targetKept) continue;
    if (a.ns === XMLNS_NS && (a.name === BITEXT_PREFIX || a.name === 'mtc')) continue;
    attributes += ` ${a.qname}="${escapeAttribute(a.value)}"`;
  }

  if (is12) {
    // The old alternatives go back as they were; the new one that keeps the old target keeps its XML.
    const oldAlts = childElements(element, XLIFF_12_NS, 'alt-trans');
    const carriedAlts = oldAlts.filter((_, j) => unit.alternatives.includes(old.alternatives[j]!));
    const alternatives = unit.alternatives
      .filter((a) => !old.alternatives.includes(a))
      .map((a) => (oldTarget && !oldTarget.selfClosing && a.previousId === old.id && sameCoded(a.target, old.target) ? { ...a, targetXml: innerXmlWithoutSegments(text, oldTarget) } : a));
    let out = renderUnit({ ...unit, notes: unit.notes.filter((n) => n.from === NOTE_FROM), alternatives }, true);
    if (attributes) out = out.replace(/ xml:space="preserve">/, () => `${attributes} xml:space="preserve">`);
    if (targetKept && oldTarget) out = out.replace(/<target[ >][\s\S]*?<\/target>|<target\/>/, () => raw(oldTarget));
    const segSource = childElements(element, XLIFF_12_NS, 'seg-source')[0];
    if (segSource && sourceKept) out = out.replace('</source>', () => `</source>${nl}        ${raw(segSource)}`);
    const carried = childElements(element).filter((c) => {
      if (c.ns !== XLIFF_12_NS) return true;
      if (c.name === 'note') return attr(c, 'from') !== NOTE_FROM && attr(c, 'from') !== GLOSSARY_NOTE_FROM;
      return !['source', 'seg-source', 'target', 'alt-trans'].includes(c.name);
    });
    const tail = [...carried, ...carriedAlts].map((c) => `        ${raw(c)}${nl}`).join('');
    return out.replace(/\n[ \t]*<\/trans-unit>$/, () => `\n${tail}      </trans-unit>`);
  }

  // The alternative that keeps the old target keeps its XML when its codes' data are where the
  // match's originalData puts them.
  const alternatives = unit.alternatives.map((a) => {
    if (!oldTarget || oldTarget.selfClosing || a.previousId !== old.id || !sameCoded(a.target, old.target)) return a;
    const xml = innerXmlWithoutSegments(text, oldTarget);
    const ids = new Set([...a.source, ...a.target].flatMap((p) => (typeof p === 'string' ? [] : [dataId(p)])));
    const refs = [...xml.matchAll(/\sdataRef(?:Start|End)?="([^"]*)"/g)].map((m) => m[1]!);
    return refs.every((r) => ids.has(r)) && !/\sref="/.test(xml) ? { ...a, targetXml: xml } : a;
  });
  let out = renderUnit({ ...unit, alternatives, notes: unit.notes.filter((n) => n.from === NOTE_FROM) }, false);
  if (attributes) out = out.replace(/ xml:space="preserve">/, () => `${attributes} xml:space="preserve">`);
  const foreign = childElements(element).filter((c) => c.ns !== XLIFF_2_NS && !(c.ns === MATCHES_NS && c.name === 'matches') && !(c.ns === GLOSSARY_NS && c.name === 'glossary'));
  if (foreign.length) out = out.replace(/ xml:space="preserve">\n/, (m) => m + foreign.map((c) => `      ${raw(c)}${nl}`).join(''));
  const notes = childElements(element, XLIFF_2_NS, 'notes')[0];
  const otherNotes = notes ? childElements(notes, XLIFF_2_NS, 'note').filter((n) => attr(n, 'category') !== NOTE_FROM) : [];
  if (otherNotes.length) out = out.replace('      </notes>', () => otherNotes.map((n) => `        ${raw(n)}${nl}`).join('') + '      </notes>');
  return out;
}

function renderUnit(unit: XliffUnit, is12: boolean): string {
  const out: string[] = [];
  if (is12) writeUnit12(out, unit);
  else writeUnit21(out, unit);
  return out.join('').replace(/^\s+/, '').replace(/\n$/, '');
}

/** Bitext's notes of a unit, its 1.2 glossary notes included (a unit as read has them among its notes, a new one in its terms). */
function bitextNotes(unit: XliffUnit, is12: boolean): string[] {
  return [...unit.notes, ...(is12 ? glossaryNotes(unit) : [])].filter((n) => n.from === NOTE_FROM || n.from === GLOSSARY_NOTE_FROM).map((n) => n.text);
}

function sameCoded(a: CodedText | undefined, b: CodedText | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  return a.every((part, k) => {
    const other = b[k]!;
    if (typeof part === 'string' || typeof other === 'string') return part === other;
    return part.id === other.id && part.role === other.role && part.isolated === other.isolated && part.data === other.data;
  });
}

/**
 * The content of a target between its tags, as written, without segment markers (1.2 `mrk
 * mtype="seg"`): they point into the unit's `seg-source`, which an alternative does not carry.
 */
function innerXmlWithoutSegments(text: string, element: XmlElement): string {
  const cuts: [number, number][] = [];
  const walk = (e: XmlElement) => {
    for (const child of e.children) {
      if (child.type !== 'element') continue;
      if (child.name === 'mrk' && attr(child, 'mtype') === 'seg' && !child.selfClosing) {
        cuts.push([child.start, child.startTagEnd], [closeTagStart(text, child), child.end]);
      }
      walk(child);
    }
  };
  walk(element);
  let out = '';
  let at = element.startTagEnd;
  for (const [from, to] of cuts.sort((a, b) => a[0] - b[0])) {
    out += text.slice(at, from);
    at = to;
  }
  return out + text.slice(at, closeTagStart(text, element));
}

function closeTagStart(text: string, element: XmlElement): number {
  return text.lastIndexOf('</', element.end - 1);
}

/** Where the whitespace before `at` starts. */
function trimmedEnd(text: string, at: number): number {
  let k = at;
  while (k > 0 && /\s/.test(text[k - 1]!)) k--;
  return k;
}

function whitespaceStart(text: string, at: number): number {
  return trimmedEnd(text, at);
}

/** The spaces and tabs between the start of the line and `at`, when nothing else is there. */
function lineIndent(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const before = text.slice(lineStart, at);
  return /^[ \t]*$/.test(before) ? before : '';
}

/** The edits that append `added` to a unit element: 1.2 `alt-trans` at its end, 2.1 `mtc:match` in its `mtc:matches`. */
function alternativeEdits(text: string, element: XmlElement, added: readonly XliffAlternative[], is12: boolean, nl: string): Edit[] {
  const edits: Edit[] = [];
  if (added.length === 0) return edits;
  const close = closeTagStart(text, element);
  if (is12) {
    const out: string[] = [];
    for (const alt of added) writeAlternative12(out, alt);
    edits.push({ from: trimmedEnd(text, close), to: trimmedEnd(text, close), text: nl + out.join('').replace(/\n$/, '') });
  } else {
    const segmentId = attr(childElements(element, XLIFF_2_NS, 'segment')[0]!, 'id') ?? 's1';
    const matches = childElements(element, MATCHES_NS, 'matches')[0];
    const taken = new Set(matches ? childElements(matches, MATCHES_NS, 'match').map((m) => attr(m, 'id')) : []);
    const out: string[] = [];
    let index = 0;
    for (const alt of added) {
      while (taken.has(`m${index + 1}`)) index++;
      writeMatch21(out, alt, index++);
    }
    const rendered = out.join('').replace(/ref="#s1"/g, () => `ref="#${escapeAttribute(segmentId)}"`).replace(/\n$/, '');
    if (matches && !matches.selfClosing) {
      const end = trimmedEnd(text, closeTagStart(text, matches));
      edits.push({ from: end, to: end, text: nl + rendered });
    } else if (matches) {
      edits.push({ from: matches.start, to: matches.end, text: `<mtc:matches>${nl}${rendered}${nl}      </mtc:matches>` });
    } else {
      edits.push({ from: element.startTagEnd, to: element.startTagEnd, text: `${nl}      <mtc:matches>${nl}${rendered}${nl}      </mtc:matches>` });
    }
  }
  return edits;
}

/**
 * Adds alternatives (reader suggestions) to the units of a file that have them, by unit id, and
 * changes nothing else. Undefined when the file cannot be patched (not XLIFF 1.2 / 2.x, or a
 * prefix Bitext needs is bound to another namespace).
 */
export function addAlternatives(fileText: string, version: XliffVersion, byUnit: ReadonlyMap<string, readonly XliffAlternative[]>): string | undefined {
  const bom = fileText.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const text = bom ? fileText.slice(1) : fileText;
  let root: XmlElement;
  try {
    root = parseXml(text, 'existing file').root;
  } catch {
    return undefined;
  }
  const is12 = version === '1.2';
  if (root.ns !== (is12 ? XLIFF_12_NS : XLIFF_2_NS)) return undefined;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: Edit[] = [];
  const declarations = rootDeclarations(root, is12);
  if (declarations === undefined) return undefined;
  if (declarations) {
    const at = root.startTagEnd - (text[root.startTagEnd - 2] === '/' ? 2 : 1);
    edits.push({ from: at, to: at, text: declarations });
  }
  for (const element of unitElements(root)) {
    const alternatives = byUnit.get(attr(element, 'id') ?? '');
    if (!alternatives || element.selfClosing) continue;
    edits.push(...alternativeEdits(text, element, alternatives, is12, nl));
  }
  return bom + applyEdits(text, 0, text.length, edits);
}

/** Why `replaceUnitTarget` could not place a target. */
export class TargetPatchError extends Error {}

/**
 * One unit's target and state set in a file's text, and nothing else changed: the bytes of the
 * `<target>` element (1.2), or of the segment's `<target>` and the `state`/`subState` of its
 * `<segment>` (2.x), are replaced where the XML parser located them, with the state qualifier of
 * the replaced target dropped (it described that target: `leveraged-mt`). 1.2 `approved` follows
 * the state (yes for `signed-off` and `final`, as the writer sets it). A unit without a target gets
 * one after its source. A 2.x unit of several segments is refused: its target would have to be
 * cut into segments the translator never saw.
 */
export function replaceUnitTarget(fileText: string, unitId: string, target: CodedText, state: UnitState): string {
  const bom = fileText.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const text = bom ? fileText.slice(1) : fileText;
  const root = parseXml(text, 'file').root;
  const is12 = root.ns === XLIFF_12_NS;
  if (!is12 && root.ns !== XLIFF_2_NS) throw new TargetPatchError('not an XLIFF 1.2 or 2.x file');
  const element = unitElements(root).find((e) => attr(e, 'id') === unitId);
  if (!element) throw new TargetPatchError(`the file has no unit "${unitId}"`);
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  const edits: Edit[] = [];
  const reviewed = state === 'final' || state === 'signed-off';
  if (is12) {
    const startTag = text.slice(element.start, element.startTagEnd);
    const approved = /(\sapproved\s*=\s*)(?:"[^"]*"|'[^']*')/.exec(startTag);
    if (approved) edits.push({ from: element.start + approved.index, to: element.start + approved.index + approved[0].length, text: reviewed ? ' approved="yes"' : '' });
    else if (reviewed) {
      const at = element.start + 1 + element.qname.length;
      edits.push({ from: at, to: at, text: ' approved="yes"' });
    }
    const content = renderInline12(target);
    const old = childElements(element, XLIFF_12_NS, 'target')[0];
    if (old) {
      edits.push({ from: old.start, to: old.end, text: `${withState(text.slice(old.start, old.startTagEnd).replace(/\/>$/, '>'), 'state', state, ['state-qualifier'])}${content}</target>` });
    } else {
      const after = childElements(element, XLIFF_12_NS, 'seg-source')[0] ?? childElements(element, XLIFF_12_NS, 'source')[0];
      if (!after) throw new TargetPatchError(`unit "${unitId}" has no <source>`);
      edits.push({ from: after.end, to: after.end, text: `${nl}${leadingWhitespace(text, after.start)}<target state="${escapeAttribute(state)}">${content}</target>` });
    }
  } else {
    const segments = childElements(element, XLIFF_2_NS, 'segment');
    if (segments.length !== 1 || childElements(element, XLIFF_2_NS, 'ignorable').length) throw new TargetPatchError(`unit "${unitId}" has ${segments.length} segments and ignorables; edit it in a CAT tool`);
    const segment = segments[0]!;
    const source = childElements(segment, XLIFF_2_NS, 'source')[0];
    if (!source) throw new TargetPatchError(`unit "${unitId}" has no <source>`);
    const { state: s21, subState } = state21(state, undefined);
    let segmentTag = withState(text.slice(segment.start, segment.startTagEnd), 'state', s21, ['subState']);
    if (subState) segmentTag = segmentTag.replace(/\s*(\/?)>$/, (_, slash: string) => ` subState="${escapeAttribute(subState)}"${slash}>`);
    edits.push({ from: segment.start, to: segment.startTagEnd, text: segmentTag });
    const content = withSourceDataRefs(renderInline21(target, overlapsPairs(target) || readCodesOf21(element, text)), source, childElements(element, XLIFF_2_NS, 'originalData')[0]);
    const old = childElements(segment, XLIFF_2_NS, 'target')[0];
    if (old) edits.push({ from: old.start, to: old.end, text: `${text.slice(old.start, old.startTagEnd).replace(/\s*\/>$/, '>')}${content}</target>` });
    else edits.push({ from: source.end, to: source.end, text: `${nl}${leadingWhitespace(text, source.start)}<target>${content}</target>` });
  }
  return bom + applyEdits(text, 0, text.length, edits);
}

/** The spaces and tabs that start the line `at` is on. */
function leadingWhitespace(text: string, at: number): string {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, at))![0];
}

/**
 * A 2.x target rendered by Bitext's writer names each code's data `d<code id>` (`s`/`e` for a
 * pair's halves); a file from another tool names them its own way. Each reference is made the
 * one the same code of the source uses, and dropped when the source's code has none (no data).
 */
function withSourceDataRefs(rendered: string, source: XmlElement, originalData: XmlElement | undefined): string {
  const refs = new Map<string, string | undefined>();
  const walk = (e: XmlElement) => {
    for (const c of childElements(e, XLIFF_2_NS)) {
      const id = attr(c, 'id') ?? '';
      if (c.name === 'ph') refs.set(`d${id}`, attr(c, 'dataRef'));
      else if (c.name === 'pc') {
        refs.set(`d${id}s`, attr(c, 'dataRefStart'));
        refs.set(`d${id}e`, attr(c, 'dataRefEnd'));
      } else if (c.name === 'sc') refs.set(attr(c, 'isolated') === 'yes' ? `d${id}` : `d${id}s`, attr(c, 'dataRef'));
      else if (c.name === 'ec') refs.set(attr(c, 'isolated') === 'yes' ? `d${id}` : `d${attr(c, 'startRef') ?? id}e`, attr(c, 'dataRef'));
      walk(c);
    }
  };
  walk(source);
  const known = new Set(originalData ? childElements(originalData, XLIFF_2_NS, 'data').map((d) => attr(d, 'id')) : []);
  return rendered.replace(/\s(dataRef(?:Start|End)?)="([^"]*)"/g, (all, name: string, ref: string) => {
    const own = refs.has(ref) ? refs.get(ref) : known.has(ref) ? ref : undefined;
    return own === undefined ? '' : ` ${name}="${escapeAttribute(own)}"`;
  });
}

/** A start tag with `name` set to `value` (replaced in place, or added at its end) and the attributes `drop` removed. */
function withState(startTag: string, name: string, value: string, drop: readonly string[]): string {
  let tag = startTag;
  for (const d of drop) tag = tag.replace(new RegExp(`\\s${d}\\s*=\\s*(?:"[^"]*"|'[^']*')`), '');
  const re = new RegExp(`(\\s${name}\\s*=\\s*)(?:"[^"]*"|'[^']*')`);
  if (re.test(tag)) return tag.replace(re, (_, lead: string) => `${lead}"${escapeAttribute(value)}"`);
  return tag.replace(/\s*(\/?)>$/, (_, slash: string) => ` ${name}="${escapeAttribute(value)}"${slash}>`);
}

/** Whether a 2.x unit's source writes its pairs as `sc`/`ec` (its target then does too). */
function readCodesOf21(unit: XmlElement, text: string): boolean {
  const segment = childElements(unit, XLIFF_2_NS, 'segment')[0];
  const source = segment && childElements(segment, XLIFF_2_NS, 'source')[0];
  return source ? /<sc\s(?![^>]*isolated="yes")/.test(text.slice(source.startTagEnd, source.end)) : false;
}

/** Whether the pairs of a coded text overlap or miss a half (then only `sc`/`ec` can write them). */
function overlapsPairs(parts: CodedText): boolean {
  const stack: string[] = [];
  for (const part of parts) {
    if (typeof part === 'string' || part.isolated || part.role === 'standalone') continue;
    if (part.role === 'open') stack.push(part.id);
    else if (stack.pop() !== part.id) return true;
  }
  return stack.length > 0;
}
