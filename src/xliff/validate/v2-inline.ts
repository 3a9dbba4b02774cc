/**
 * XLIFF 2.1 inline-content constraints of one unit: ids of segments and codes, sc/ec and sm/em
 * pairing, isolated, editing hints (canCopy, canDelete, canReorder and non-reorderable
 * sequences), dataRef, copyOf, subFlows, type/subType, comment annotations and fragment
 * identifiers in `ref`.
 */
import type { XmlAttribute, XmlElement } from '../../xml/parse.ts';
import { attr, attribute, childElements } from '../../xml/tree.ts';
import { parseFragmentId } from './fragment.ts';
import type { Reporter } from './report.ts';
import { XLIFF2_NS } from './v2-schema.ts';
import { nmtokens } from './values.ts';

export interface UnitPart {
  element: XmlElement;
  source?: XmlElement;
  target?: XmlElement;
  /** Effective target position (explicit order or the part's own position). */
  order: number;
}

export interface UnitContext {
  report: Reporter;
  unit: XmlElement;
  unitId: string;
  fileId: string;
  unitIds: Set<string>;
  parts: UnitPart[];
  dataIds: Set<string>;
  noteIds: Set<string>;
  extraPrefixes: string[];
}

type Side = 'source' | 'target';

/** A code as met in document order; a <pc> gives a start and an end event. */
interface CodeEvent {
  element: XmlElement;
  key: string;
  canReorder: string;
}

const CODES = new Set(['ph', 'pc', 'sc', 'ec']);

function inlineDescendants(container: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const visit = (el: XmlElement) => {
    for (const c of childElements(el, XLIFF2_NS)) {
      out.push(c);
      visit(c);
    }
  };
  visit(container);
  return out;
}

export function checkUnitInline(ctx: UnitContext): void {
  const { parts } = ctx;
  const sources = parts.flatMap((p) => (p.source ? [p.source] : []));
  const targets = [...parts].filter((p) => p.target).sort((a, b) => a.order - b.order).map((p) => p.target!);
  const sourceInline = sources.flatMap(inlineDescendants);
  const targetInline = targets.flatMap(inlineDescendants);

  checkIds(ctx, sourceInline, targetInline);
  for (const el of [...sourceInline, ...targetInline]) checkElement(ctx, el, [...sourceInline, ...targetInline]);
  checkPairs(ctx, sourceInline, 'source');
  checkPairs(ctx, targetInline, 'target');
  const sourceSequences = checkReorderSequences(ctx, sources, 'source');
  checkReorderSequences(ctx, targets, 'target');
  if (targets.length > 0) checkTargetKeepsSequences(ctx, sourceSequences, targets);
  checkNonDeletable(ctx, sourceInline, targetInline);
}

/** §4.3.1.21: segment, ignorable and source inline ids are unique in the unit; target codes reuse them. */
function checkIds(ctx: UnitContext, sourceInline: XmlElement[], targetInline: XmlElement[]): void {
  const { report, unitId } = ctx;
  const rule = '4.3.1.21 (id)';
  const sourceIds = new Map<string, XmlElement>();
  const claim = (el: XmlElement) => {
    const id = attribute(el, 'id');
    if (!id) return;
    const other = sourceIds.get(id.value);
    if (other) report.error(id, rule, `id "${id.value}" is already used by <${other.name}> (line ${other.line}) in unit "${unitId}"; segment, ignorable and inline ids must be unique in their unit`);
    else sourceIds.set(id.value, el);
  };
  for (const p of ctx.parts) claim(p.element);
  for (const el of sourceInline) if (el.name !== 'em' && el.name !== 'cp') claim(el);
  const targetIds = new Map<string, XmlElement>();
  for (const el of targetInline) {
    const id = attribute(el, 'id');
    if (!id) continue;
    const inSource = sourceIds.get(id.value);
    if (inSource && (inSource.name === 'segment' || inSource.name === 'ignorable')) {
      report.error(id, rule, `target <${el.name}> uses id "${id.value}" of a <${inSource.name}>; inline ids must be unique in the unit`);
    } else if (inSource && inSource.name !== el.name) {
      report.error(id, rule, `target <${el.name} id="${id.value}"> reuses the id of a source <${inSource.name}>; a target code may only reuse the id of the same code in the source`);
    }
    const twice = targetIds.get(id.value);
    if (twice) report.error(id, rule, `id "${id.value}" is used twice in the targets of unit "${unitId}" (also line ${twice.line})`);
    targetIds.set(id.value, el);
  }
}

function hint(el: XmlElement, name: string): string {
  return attr(el, name) ?? 'yes';
}

function checkElement(ctx: UnitContext, el: XmlElement, all: XmlElement[]): void {
  const { report, dataIds } = ctx;
  const a = (name: string) => attribute(el, name);
  for (const name of ['dataRef', 'dataRefStart', 'dataRefEnd']) {
    const ref = a(name);
    if (ref && !dataIds.has(ref.value)) {
      const section = name === 'dataRef' ? '4.3.1.9 (dataRef)' : name === 'dataRefStart' ? '4.3.1.11 (dataRefStart)' : '4.3.1.10 (dataRefEnd)';
      report.error(ref, section, `${name}="${ref.value}" points to no <data> in the <originalData> of unit "${ctx.unitId}"; add the data or fix the reference`);
    }
  }
  if (el.name === 'pc') {
    for (const [x, y, section] of [
      ['dataRefStart', 'dataRefEnd', '4.3.1.11 (dataRefStart)'],
      ['equivStart', 'equivEnd', '4.3.1.18 (equivStart)'],
      ['subFlowsStart', 'subFlowsEnd', '4.3.1.34 (subFlowsStart)'],
    ] as const) {
      if (Boolean(a(x)) !== Boolean(a(y))) report.error(a(x) ?? a(y)!, section, `${x} and ${y} must be used together on <pc>`);
    }
  }
  for (const name of ['subFlows', 'subFlowsStart', 'subFlowsEnd']) {
    const flows = a(name);
    if (!flows) continue;
    const ids = nmtokens(flows.value);
    const missing = ids?.filter((id) => !ctx.unitIds.has(id));
    if (ids && missing && missing.length > 0) {
      report.error(flows, '4.3.1.32 (subFlows)', `${name} names unit${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} not found in file "${ctx.fileId}"; sub-flows must be units of the same file`);
    }
  }
  const subType = a('subType');
  if (subType) {
    const type = attr(el, 'type');
    if (!type) report.error(subType, '4.3.1.36 (subType)', `subType requires the type attribute on the same <${el.name}>`);
    else {
      const v = subType.value;
      const needs = ['xlf:lb', 'xlf:pb', 'xlf:b', 'xlf:i', 'xlf:u'].includes(v) ? 'fmt' : v === 'xlf:var' ? 'ui' : undefined;
      if (needs && type !== needs) report.error(subType, '4.3.1.36 (subType)', `subType="${v}" requires type="${needs}", not "${type}"`);
    }
  }
  if (CODES.has(el.name)) checkHints(ctx, el, all);
  if (el.name === 'ec') checkEcAttributes(ctx, el);
  if (el.name === 'mrk' || el.name === 'sm') checkMarker(ctx, el);
}

function checkHints(ctx: UnitContext, el: XmlElement, all: XmlElement[]): void {
  const { report } = ctx;
  const reorder = attribute(el, 'canReorder');
  if (reorder && (reorder.value === 'no' || reorder.value === 'firstNo') && (hint(el, 'canCopy') !== 'no' || hint(el, 'canDelete') !== 'no')) {
    report.error(reorder, '4.7.2.6 (Editing Hints)', `canReorder="${reorder.value}" requires canCopy="no" and canDelete="no" on the same <${el.name}>`);
  }
  const copyOf = attribute(el, 'copyOf');
  if (!copyOf) return;
  const rule = '4.7.2.4.1 (Duplicating an existing code)';
  if (attribute(el, 'dataRef') || attribute(el, 'dataRefStart') || attribute(el, 'dataRefEnd')) {
    report.error(copyOf, rule, `<${el.name}> cannot have both copyOf and original data (dataRef); a copy takes its data from its base code`);
  }
  const base = all.find((x) => x !== el && CODES.has(x.name) && attr(x, 'id') === copyOf.value);
  if (!base) {
    report.error(copyOf, rule, `copyOf="${copyOf.value}" points to no code of unit "${ctx.unitId}"`);
    return;
  }
  if (hint(base, 'canCopy') === 'no') report.error(copyOf, rule, `the base code "${copyOf.value}" has canCopy="no" and cannot be duplicated`);
}

/** §4.2.3.5: id and startRef, dir, by the value of isolated. */
function checkEcAttributes(ctx: UnitContext, ec: XmlElement): void {
  const { report } = ctx;
  const isolated = attr(ec, 'isolated') === 'yes';
  const id = attribute(ec, 'id');
  const startRef = attribute(ec, 'startRef');
  const rule = '4.2.3.5 (ec)';
  if (isolated) {
    if (startRef) report.error(startRef, rule, 'an isolated <ec> (isolated="yes") uses id, not startRef');
    if (!id) report.error(ec, rule, 'an isolated <ec> (isolated="yes") requires the id attribute');
  } else {
    if (id) report.error(id, rule, 'an <ec> that is not isolated must use startRef (pointing to its <sc>), not id; set isolated="yes" if its <sc> is in another unit');
    if (!startRef) report.error(ec, rule, 'an <ec> that is not isolated requires startRef pointing to its <sc>');
    const dir = attribute(ec, 'dir');
    if (dir) report.error(dir, rule, 'dir may only be used on an isolated <ec>');
  }
}

function checkMarker(ctx: UnitContext, el: XmlElement): void {
  const { report } = ctx;
  const type = attr(el, 'type') ?? 'generic';
  const ref = attribute(el, 'ref');
  const value = attribute(el, 'value');
  if (type === 'comment') {
    const rule = '4.7.3.1.3 (Comment Annotation)';
    if (ref && value) report.error(el, rule, 'a comment annotation has either value (the comment) or ref (a note), not both');
    if (!ref && !value) report.error(el, rule, 'a comment annotation requires value (the comment) or ref (pointing to a <note>)');
  }
  if (type === 'mtc:match' && ref) report.error(ref, '5.1.5 (Translation Candidate Annotation)', 'ref is not allowed on a translation candidate annotation (type="mtc:match")');
  if (!ref || !ref.value.startsWith('#')) {
    if (ref && type === 'comment') report.error(ref, '4.7.3.1.3 (Comment Annotation)', `ref="${ref.value}" must point to a <note> of this unit, e.g. ref="#n=NOTE-ID"`);
    return;
  }
  const parsed = parseFragmentId(ref.value, ctx.extraPrefixes);
  if (typeof parsed === 'string') {
    report.error(ref, '3 (Fragment Identification)', `ref="${ref.value}": ${parsed}`);
    return;
  }
  if (type !== 'comment') return;
  const rule = '4.7.3.1.3 (Comment Annotation)';
  const inThisUnit =
    parsed.leaf?.prefix === 'n' &&
    (parsed.u === undefined ? parsed.f === undefined && parsed.g === undefined && !parsed.absolute : parsed.u === ctx.unitId && (parsed.f === undefined || parsed.f === ctx.fileId));
  if (!inThisUnit) report.error(ref, rule, `ref="${ref.value}" must point to a <note> of unit "${ctx.unitId}" (e.g. "#n=NOTE-ID")`);
  else if (!ctx.noteIds.has(parsed.leaf!.id)) report.error(ref, rule, `ref="${ref.value}": unit "${ctx.unitId}" has no note with id "${parsed.leaf!.id}"`);
}

/** §4.2.3.4/§4.2.3.5 (sc/ec) and §4.2.3.7/§4.2.3.8 (sm/em) within the sources, or the targets, of a unit. */
function checkPairs(ctx: UnitContext, inline: XmlElement[], side: Side): void {
  const { report, unitId } = ctx;
  inline.forEach((el, i) => {
    if (el.name === 'sc') {
      const id = attr(el, 'id');
      const ends = inline.filter((x) => x.name === 'ec' && attr(x, 'startRef') === id && attr(x, 'isolated') !== 'yes');
      const later = ends.filter((x) => inline.indexOf(x) > i);
      if (attr(el, 'isolated') === 'yes') {
        if (ends.length > 0) report.error(el, '4.3.1.22 (isolated)', `<sc id="${id}"> is marked isolated="yes" but its <ec> is in the same unit (${side}); remove isolated or set it to "no"`);
        return;
      }
      if (later.length !== 1) {
        report.error(el, '4.3.1.22 (isolated)', `<sc id="${id}"> has no matching <ec startRef="${id}"> after it in the ${side} of unit "${unitId}"; add the <ec>, or set isolated="yes" if it is in another unit`);
        return;
      }
      const ec = later[0]!;
      for (const name of ['canCopy', 'canDelete', 'canOverlap']) {
        if (hint(el, name) !== hint(ec, name)) report.error(ec, '4.2.3.5 (ec)', `${name}="${hint(ec, name)}" on <ec> differs from ${name}="${hint(el, name)}" on its <sc id="${id}">; they must be the same`);
      }
      const scReorder = hint(el, 'canReorder');
      const ecReorder = hint(ec, 'canReorder');
      if (scReorder === 'firstNo' ? ecReorder !== 'no' : scReorder !== ecReorder) {
        const expected = scReorder === 'firstNo' ? 'no' : scReorder;
        report.error(ec, '4.2.3.5 (ec)', `canReorder on <ec> must be "${expected}" to match its <sc id="${id}"> (canReorder="${scReorder}")`);
      }
    } else if (el.name === 'ec' && attr(el, 'isolated') !== 'yes' && attr(el, 'startRef') !== undefined) {
      const ref = attr(el, 'startRef');
      const start = inline.slice(0, i).find((x) => x.name === 'sc' && attr(x, 'id') === ref && attr(x, 'isolated') !== 'yes');
      if (!start) report.error(el, '4.3.1.22 (isolated)', `<ec startRef="${ref}"> has no <sc id="${ref}"> before it in the ${side} of unit "${unitId}"; set isolated="yes" and use id if the start is in another unit`);
    } else if (el.name === 'sm') {
      const id = attr(el, 'id');
      if (!inline.slice(i + 1).some((x) => x.name === 'em' && attr(x, 'startRef') === id)) {
        report.error(el, '4.2.3.7 (sm)', `<sm id="${id}"> has no matching <em startRef="${id}"> after it in the ${side} of unit "${unitId}"`);
      }
    } else if (el.name === 'em') {
      const ref = attr(el, 'startRef');
      if (!inline.slice(0, i).some((x) => x.name === 'sm' && attr(x, 'id') === ref)) {
        report.error(el, '4.2.3.8 (em)', `<em startRef="${ref}"> has no <sm id="${ref}"> before it in the ${side} of unit "${unitId}"`);
      }
    }
  });
}

function codeEvents(containers: XmlElement[]): CodeEvent[] {
  const events: CodeEvent[] = [];
  const visit = (el: XmlElement) => {
    for (const c of childElements(el, XLIFF2_NS)) {
      if (!CODES.has(c.name)) {
        visit(c);
        continue;
      }
      const canReorder = hint(c, 'canReorder');
      const key = c.name === 'ec' && attr(c, 'startRef') !== undefined ? `ec>${attr(c, 'startRef')}` : `${c.name}:${attr(c, 'id')}`;
      if (c.name === 'pc') {
        events.push({ element: c, key: `pc<${attr(c, 'id')}`, canReorder });
        visit(c);
        events.push({ element: c, key: `pc>${attr(c, 'id')}`, canReorder: canReorder === 'firstNo' ? 'no' : canReorder });
      } else events.push({ element: c, key, canReorder });
    }
  };
  for (const container of containers) visit(container);
  return events;
}

/** §4.7.2.6: a non-reorderable sequence is a firstNo code followed by codes with "no". */
function checkReorderSequences(ctx: UnitContext, containers: XmlElement[], side: Side): CodeEvent[][] {
  const sequences: CodeEvent[][] = [];
  let current: CodeEvent[] | undefined;
  for (const event of codeEvents(containers)) {
    if (event.canReorder === 'firstNo') {
      current = [event];
      sequences.push(current);
    } else if (event.canReorder === 'no') {
      if (current) current.push(event);
      else {
        const a = attribute(event.element, 'canReorder') ?? event.element;
        ctx.report.error(a, '4.7.2.6 (Editing Hints)', `this <${event.element.name}> in the ${side} has canReorder="no" but no code with canReorder="firstNo" starts its non-reorderable sequence`);
        current = [event];
      }
    } else current = undefined;
  }
  return sequences.filter((s) => s.length > 1);
}

/** Modifiers must not change the number and order of the codes of a non-reorderable sequence. */
function checkTargetKeepsSequences(ctx: UnitContext, sequences: CodeEvent[][], targets: XmlElement[]): void {
  const events = codeEvents(targets);
  const keys = events.map((e) => e.key);
  for (const sequence of sequences) {
    const start = keys.indexOf(sequence[0]!.key);
    if (start < 0) continue; // a deleted code is reported by the canDelete check
    const kept = sequence.every((e, i) => keys[start + i] === e.key);
    if (!kept) {
      ctx.report.error(events[start]!.element, '4.7.2.6 (Editing Hints)', `the target changes the non-reorderable sequence that starts with this code (${sequence.map((e) => e.key).join(' ')} in the source); keep its codes together and in order`);
    }
  }
}

/** §4.7.2.6: codes with canDelete="no" must still be there when a target exists. */
function checkNonDeletable(ctx: UnitContext, sourceInline: XmlElement[], targetInline: XmlElement[]): void {
  const keyOf = (el: XmlElement) => (el.name === 'ec' && attr(el, 'startRef') !== undefined ? `ec>${attr(el, 'startRef')}` : `${el.name}:${attr(el, 'id')}`);
  const inTargets = new Set(targetInline.filter((x) => CODES.has(x.name)).map(keyOf));
  for (const part of ctx.parts) {
    if (!part.source || !part.target) continue;
    for (const el of inlineDescendants(part.source)) {
      if (!CODES.has(el.name) || hint(el, 'canDelete') !== 'no') continue;
      if (!inTargets.has(keyOf(el))) {
        const a: XmlAttribute | XmlElement = attribute(el, 'canDelete') ?? el;
        ctx.report.error(a, '4.7.2.6 (Editing Hints)', `<${el.name} ${el.name === 'ec' ? `startRef="${attr(el, 'startRef')}"` : `id="${attr(el, 'id')}"`}> has canDelete="no" but is missing from the target(s) of unit "${ctx.unitId}"; put it back in the target`);
      }
    }
  }
  void sourceInline;
}
