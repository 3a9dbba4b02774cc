/**
 * XLIFF 1.2 (urn:oasis:names:tc:xliff:document:1.2) checks, after the 1.2 strict schema and the
 * specification's element descriptions: the structure xliff/file/header/body/group/trans-unit/
 * source/target/alt-trans/note, required attributes (source-language, datatype, original, id),
 * trans-unit ids unique in their file, state values, and inline codes: bpt/ept and bx/ex paired
 * by rid (or id), it with pos, ph, x, g, sub, mrk.
 *
 * Messages name the element or attribute whose rule is broken ("XLIFF 1.2 <trans-unit>: ...").
 * Attributes are checked where the spec gives a closed value list; other attributes are left
 * alone, since 1.2 files carry many optional and tool-specific ones.
 */
import { XML_NS, type XmlElement } from '../../xml/parse.ts';
import { attr, attribute, childElements } from '../../xml/tree.ts';
import type { Reporter } from './report.ts';
import { isBcp47 } from './values.ts';

export const XLIFF12_NS = 'urn:oasis:names:tc:xliff:document:1.2';

const INLINE = new Set(['g', 'x', 'bx', 'ex', 'ph', 'bpt', 'ept', 'it', 'mrk']);
/** Children allowed per element; '#other' is any element of another namespace. */
const CHILDREN: Record<string, string[]> = {
  xliff: ['file'],
  file: ['header', 'body'],
  header: ['skl', 'phase-group', 'glossary', 'reference', 'count-group', 'prop-group', 'note', 'tool', '#other'],
  body: ['group', 'trans-unit', 'bin-unit'],
  group: ['context-group', 'count-group', 'prop-group', 'note', 'group', 'trans-unit', 'bin-unit', '#other'],
  'trans-unit': ['source', 'seg-source', 'target', 'context-group', 'count-group', 'prop-group', 'note', 'alt-trans', '#other'],
  'alt-trans': ['source', 'seg-source', 'target', 'context-group', 'note', 'prop-group', '#other'],
  'bin-unit': ['bin-source', 'bin-target', 'context-group', 'count-group', 'prop-group', 'note', 'trans-unit', '#other'],
};
const REQUIRED: Record<string, string[]> = {
  xliff: ['version'],
  file: ['original', 'source-language', 'datatype'],
  'trans-unit': ['id'],
  'bin-unit': ['id', 'mime-type'],
  g: ['id'],
  x: ['id'],
  bx: ['id'],
  ex: ['id'],
  ph: ['id'],
  bpt: ['id'],
  ept: ['id'],
  it: ['id', 'pos'],
  mrk: ['mtype'],
};
const ENUMS: Record<string, string[]> = {
  translate: ['yes', 'no'],
  approved: ['yes', 'no'],
  reformat: ['yes', 'no'],
  pos: ['open', 'close'],
  annotates: ['source', 'target', 'general'],
  'size-unit': ['byte', 'char', 'col', 'cm', 'dlgunit', 'em', 'ex', 'glyph', 'in', 'mm', 'percentage', 'pixel', 'point', 'row'],
};
const STATES = [
  'final',
  'needs-adaptation',
  'needs-l10n',
  'needs-review-adaptation',
  'needs-review-l10n',
  'needs-review-translation',
  'needs-translation',
  'new',
  'signed-off',
  'translated',
];
const STATE_QUALIFIERS = [
  'exact-match',
  'fuzzy-match',
  'id-match',
  'leveraged-glossary',
  'leveraged-inherited',
  'leveraged-mt',
  'leveraged-repository',
  'leveraged-tm',
  'mt-suggestion',
  'rejected-grammar',
  'rejected-inaccurate',
  'rejected-length',
  'rejected-spelling',
  'tm-suggestion',
];

export function checkXliff12(root: XmlElement, report: Reporter): void {
  if (root.name !== 'xliff') {
    report.error(root, '<xliff>', `the root element must be <xliff>, not <${root.qname}>`);
    return;
  }
  checkTree(root, report);
  const files = childElements(root, XLIFF12_NS, 'file');
  if (files.length === 0) report.error(root, '<xliff>', '<xliff> must contain at least one <file>');
  for (const file of files) checkFile(file, report);
}

function checkTree(element: XmlElement, report: Reporter): void {
  for (const name of REQUIRED[element.name] ?? []) {
    if (!attribute(element, name)) report.error(element, `<${element.name}>`, `<${element.name}> requires the attribute "${name}"`);
  }
  for (const a of element.attributes) {
    const values = a.ns === '' ? ENUMS[a.name] : undefined;
    if (values && !values.includes(a.value)) report.error(a, `<${element.name}> ${a.name}`, `${a.name}="${a.value}" must be one of ${values.map((v) => `"${v}"`).join(', ')}`);
    const isLanguage = (a.ns === '' && (a.name === 'source-language' || a.name === 'target-language')) || (a.ns === XML_NS && a.name === 'lang');
    if (isLanguage && !isBcp47(a.value)) report.error(a, `<${element.name}> ${a.qname}`, `${a.qname}="${a.value}" is not a well-formed language tag (e.g. "en-US")`);
    if (a.ns === '' && a.name === 'priority' && element.name === 'note' && !/^(?:[1-9]|10)$/.test(a.value)) {
      report.error(a, '<note> priority', `priority="${a.value}" must be an integer from 1 to 10`);
    }
  }
  if (element.name === 'target') checkState(element, report);
  const allowed = CHILDREN[element.name];
  for (const child of childElements(element)) {
    if (child.ns !== XLIFF12_NS) {
      if (allowed && !allowed.includes('#other')) report.error(child, `<${element.name}>`, `<${child.qname}> (another namespace) is not allowed in <${element.name}>`);
      continue;
    }
    if (allowed && !allowed.includes(child.name)) {
      report.error(child, `<${element.name}>`, `<${child.name}> is not allowed in <${element.name}>${allowed.length ? ` (allowed: ${allowed.filter((x) => x !== '#other').join(', ')})` : ''}`);
    }
    if (['source', 'target', 'seg-source'].includes(element.name) || INLINE.has(element.name) || element.name === 'sub') {
      checkInlineChild(element, child, report);
    }
    checkTree(child, report);
  }
}

/** Which inline elements each inline container takes (1.2 strict schema). */
function checkInlineChild(parent: XmlElement, child: XmlElement, report: Reporter): void {
  const name = parent.name;
  const ok =
    name === 'ph' || name === 'bpt' || name === 'ept' || name === 'it'
      ? child.name === 'sub'
      : name === 'x' || name === 'bx' || name === 'ex'
        ? false
        : INLINE.has(child.name);
  if (!ok) report.error(child, `<${name}>`, `<${child.name}> is not allowed inside <${name}>`);
}

function checkState(target: XmlElement, report: Reporter): void {
  const state = attribute(target, 'state');
  if (state && !STATES.includes(state.value) && !state.value.startsWith('x-')) {
    report.error(state, '<target> state', `state="${state.value}" is not an XLIFF 1.2 state (${STATES.join(', ')}) nor a custom "x-" value`);
  }
  const qualifier = attribute(target, 'state-qualifier');
  if (qualifier && !STATE_QUALIFIERS.includes(qualifier.value) && !qualifier.value.startsWith('x-')) {
    report.error(qualifier, '<target> state-qualifier', `state-qualifier="${qualifier.value}" is not an XLIFF 1.2 value nor a custom "x-" value`);
  }
}

function checkFile(file: XmlElement, report: Reporter): void {
  const children = childElements(file, XLIFF12_NS);
  const bodies = children.filter((c) => c.name === 'body');
  const headers = children.filter((c) => c.name === 'header');
  if (bodies.length !== 1) report.error(file, '<file>', `<file> must contain exactly one <body>, found ${bodies.length}`);
  if (headers.length > 1) report.error(headers[1]!, '<file>', '<file> takes at most one <header>');
  if (headers[0] && bodies[0] && children.indexOf(headers[0]) > children.indexOf(bodies[0])) report.error(headers[0], '<file>', '<header> must come before <body>');
  const ids = new Map<string, XmlElement>();
  const visit = (el: XmlElement) => {
    for (const c of childElements(el, XLIFF12_NS)) {
      if (c.name === 'trans-unit' || c.name === 'bin-unit') {
        const id = attribute(c, 'id');
        if (id) {
          const other = ids.get(id.value);
          if (other) report.error(id, `<${c.name}> id`, `id "${id.value}" is already used by the <${other.name}> on line ${other.line}; trans-unit and bin-unit ids must be unique within their <file>`);
          else ids.set(id.value, c);
        }
        if (c.name === 'trans-unit') checkTransUnit(c, report);
      }
      if (c.name === 'group' || c.name === 'body' || c.name === 'bin-unit') visit(c);
    }
  };
  for (const body of bodies) visit(body);
}

function checkTransUnit(unit: XmlElement, report: Reporter): void {
  const children = childElements(unit, XLIFF12_NS);
  const sources = children.filter((c) => c.name === 'source');
  const targets = children.filter((c) => c.name === 'target');
  if (sources.length !== 1) report.error(unit, '<trans-unit>', `<trans-unit id="${attr(unit, 'id') ?? ''}"> must contain exactly one <source>, found ${sources.length}`);
  if (targets.length > 1) report.error(targets[1]!, '<trans-unit>', '<trans-unit> takes at most one <target>');
  const first = children[0];
  if (sources[0] && first !== sources[0]) report.error(sources[0], '<trans-unit>', '<source> must be the first child of <trans-unit>');
  for (const container of [...sources, ...targets, ...children.filter((c) => c.name === 'seg-source')]) checkCodes(container, report);
  for (const alt of children.filter((c) => c.name === 'alt-trans')) {
    const altChildren = childElements(alt, XLIFF12_NS);
    if (!altChildren.some((c) => c.name === 'target')) report.error(alt, '<alt-trans>', '<alt-trans> must contain a <target>');
    for (const c of altChildren) if (c.name === 'source' || c.name === 'target' || c.name === 'seg-source') checkCodes(c, report);
  }
}

/** bpt/ept and bx/ex pair by rid when given, else by id; ids of codes are unique in their container. */
function checkCodes(container: XmlElement, report: Reporter): void {
  const codes: XmlElement[] = [];
  const visit = (el: XmlElement) => {
    for (const c of childElements(el, XLIFF12_NS)) {
      if (c.name === 'sub') {
        checkCodes(c, report);
        continue;
      }
      if (INLINE.has(c.name)) codes.push(c);
      visit(c);
    }
  };
  visit(container);
  const pairKey = (el: XmlElement) => attr(el, 'rid') ?? attr(el, 'id') ?? '';
  for (const [start, end] of [
    ['bpt', 'ept'],
    ['bx', 'ex'],
  ] as const) {
    const open = new Map<string, XmlElement>();
    for (const c of codes) {
      if (c.name === start) {
        const key = pairKey(c);
        if (open.has(key)) report.error(c, `<${start}>`, `<${start}> "${key}" is opened again before its <${end}>; each <${start}> needs its own <${end}> (pair them by rid)`);
        open.set(key, c);
      } else if (c.name === end) {
        const key = pairKey(c);
        if (!open.delete(key)) report.error(c, `<${end}>`, `<${end} ${attr(c, 'rid') ? 'rid' : 'id'}="${key}"> has no <${start}> before it in this <${container.name}>; use <it pos="close"> for a code whose start is elsewhere`);
      }
    }
    for (const [key, c] of open) {
      report.error(c, `<${start}>`, `<${start} ${attr(c, 'rid') ? 'rid' : 'id'}="${key}"> has no matching <${end}> in this <${container.name}>; add it, or use <it pos="open"> for a code whose end is elsewhere`);
    }
  }
  const ids = new Map<string, XmlElement>();
  for (const c of codes) {
    if (c.name === 'mrk' || c.name === 'ept' || c.name === 'ex') continue; // ends share their start's id
    const id = attr(c, 'id');
    if (id === undefined) continue;
    const other = ids.get(id);
    if (other) report.error(c, `<${c.name}> id`, `inline id "${id}" is already used by <${other.name}> on line ${other.line} in this <${container.name}>`);
    else ids.set(id, c);
  }
}
