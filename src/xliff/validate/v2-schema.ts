/**
 * XLIFF 2.x structure, as the core schema (xliff_core_2.0.xsd) and the element definitions of
 * XLIFF 2.1 §4.2 state it: which children each element takes and in what order, which attributes
 * it takes (required ones, value spaces), where module and extension attributes and elements may
 * appear. Checked by hand so the validator needs no XSD engine.
 */
import { XML_NS, XMLNS_NS, type XmlAttribute, type XmlElement } from '../../xml/parse.ts';
import type { Reporter } from './report.ts';
import { isBcp47, isNmtoken, isPositiveInteger, isUserDefinedValue, nmtokens } from './values.ts';

export const XLIFF2_NS = 'urn:oasis:names:tc:xliff:document:2.0';
export const FS_NS = 'urn:oasis:names:tc:xliff:fs:2.0';
export const SLR_NS = 'urn:oasis:names:tc:xliff:sizerestriction:2.0';
export const MTC_NS = 'urn:oasis:names:tc:xliff:matches:2.0';
export const GLS_NS = 'urn:oasis:names:tc:xliff:glossary:2.0';
export const MDA_NS = 'urn:oasis:names:tc:xliff:metadata:2.0';
export const RES_NS = 'urn:oasis:names:tc:xliff:resourcedata:2.0';
export const VAL_NS = 'urn:oasis:names:tc:xliff:validation:2.0';
export const ITS_NS = 'http://www.w3.org/2005/11/its';
export const ITSM_NS = 'urn:oasis:names:tc:xliff:itsm:2.1';

type ValueType =
  | 'string'
  | 'nmtoken'
  | 'nmtokens'
  | 'yesNo'
  | 'yesNoFirstNo'
  | 'dir'
  | 'appliesTo'
  | 'state'
  | 'userDefined'
  | 'codeType'
  | 'markerType'
  | 'priority'
  | 'language'
  | 'positiveInteger'
  | 'hex';

/** Which attributes from other namespaces an element takes (§4.9.1 and each element's Constraints). */
type Foreign = 'any' | 'modules' | 'extensions' | 'none';

interface ElementSpec {
  section: string;
  attributes: Record<string, ValueType>;
  required?: string[];
  /** Attributes of the XML namespace it takes explicitly (xml:lang, xml:space). */
  xml?: string[];
  foreign: Foreign;
  content: Particle[] | 'inline' | 'empty' | 'text' | 'data' | 'skeleton';
}

interface Particle {
  label: string;
  match: (el: XmlElement) => boolean;
  min: number;
  max: number;
}

const core = (...names: string[]) => (el: XmlElement) => el.ns === XLIFF2_NS && names.includes(el.name);
const foreign = (el: XmlElement) => el.ns !== XLIFF2_NS;
const one = (name: string): Particle => ({ label: `<${name}>`, match: core(name), min: 1, max: 1 });
const optional = (name: string): Particle => ({ label: `<${name}>`, match: core(name), min: 0, max: 1 });
const others: Particle = { label: 'module or extension elements', match: foreign, min: 0, max: Infinity };

const STRUCTURE_ATTRIBUTES: Record<string, ValueType> = {
  id: 'nmtoken',
  name: 'string',
  canResegment: 'yesNo',
  translate: 'yesNo',
  srcDir: 'dir',
  trgDir: 'dir',
  type: 'userDefined',
};

const CODE_HINTS: Record<string, ValueType> = {
  canCopy: 'yesNo',
  canDelete: 'yesNo',
  canReorder: 'yesNoFirstNo',
  copyOf: 'nmtoken',
  id: 'nmtoken',
  subType: 'userDefined',
  type: 'codeType',
};

const MARKER_ATTRIBUTES: Record<string, ValueType> = { id: 'nmtoken', translate: 'yesNo', type: 'markerType', ref: 'string', value: 'string' };

export const ELEMENTS: Record<string, ElementSpec> = {
  xliff: {
    section: '4.2.2.1 (xliff)',
    attributes: { version: 'string', srcLang: 'language', trgLang: 'language' },
    required: ['version', 'srcLang'],
    xml: ['space', 'lang'],
    foreign: 'any',
    content: [{ label: '<file>', match: core('file'), min: 1, max: Infinity }],
  },
  file: {
    section: '4.2.2.2 (file)',
    attributes: { id: 'nmtoken', canResegment: 'yesNo', original: 'string', translate: 'yesNo', srcDir: 'dir', trgDir: 'dir' },
    required: ['id'],
    xml: ['space', 'lang'],
    foreign: 'any',
    content: [optional('skeleton'), others, optional('notes'), { label: '<unit> or <group>', match: core('unit', 'group'), min: 1, max: Infinity }],
  },
  skeleton: { section: '4.2.2.3 (skeleton)', attributes: { href: 'string' }, foreign: 'none', content: 'skeleton' },
  group: {
    section: '4.2.2.4 (group)',
    attributes: STRUCTURE_ATTRIBUTES,
    required: ['id'],
    xml: ['space', 'lang'],
    foreign: 'any',
    content: [others, optional('notes'), { label: '<unit> or <group>', match: core('unit', 'group'), min: 0, max: Infinity }],
  },
  unit: {
    section: '4.2.2.5 (unit)',
    attributes: STRUCTURE_ATTRIBUTES,
    required: ['id'],
    xml: ['space', 'lang'],
    foreign: 'any',
    content: [
      others,
      optional('notes'),
      optional('originalData'),
      { label: '<segment> or <ignorable>', match: core('segment', 'ignorable'), min: 1, max: Infinity },
    ],
  },
  segment: {
    section: '4.2.2.6 (segment)',
    attributes: { id: 'nmtoken', canResegment: 'yesNo', state: 'state', subState: 'string' },
    foreign: 'none',
    content: [one('source'), optional('target')],
  },
  ignorable: { section: '4.2.2.7 (ignorable)', attributes: { id: 'nmtoken' }, foreign: 'none', content: [one('source'), optional('target')] },
  notes: {
    section: '4.2.2.8 (notes)',
    attributes: {},
    foreign: 'none',
    content: [{ label: '<note>', match: core('note'), min: 1, max: Infinity }],
  },
  note: {
    section: '4.2.2.9 (note)',
    attributes: { id: 'nmtoken', appliesTo: 'appliesTo', category: 'string', priority: 'priority' },
    xml: ['lang', 'space'],
    foreign: 'any',
    content: 'text',
  },
  originalData: {
    section: '4.2.2.10 (originalData)',
    attributes: {},
    foreign: 'none',
    content: [{ label: '<data>', match: core('data'), min: 1, max: Infinity }],
  },
  data: { section: '4.2.2.11 (data)', attributes: { id: 'nmtoken', dir: 'dir' }, required: ['id'], xml: ['space'], foreign: 'none', content: 'data' },
  source: { section: '4.2.2.12 (source)', attributes: {}, xml: ['lang', 'space'], foreign: 'none', content: 'inline' },
  target: { section: '4.2.2.13 (target)', attributes: { order: 'positiveInteger' }, xml: ['lang', 'space'], foreign: 'none', content: 'inline' },
  cp: { section: '4.2.3.1 (cp)', attributes: { hex: 'hex' }, required: ['hex'], foreign: 'none', content: 'empty' },
  ph: {
    section: '4.2.3.2 (ph)',
    attributes: { ...CODE_HINTS, disp: 'string', equiv: 'string', dataRef: 'nmtoken', subFlows: 'nmtokens' },
    required: ['id'],
    foreign: 'modules',
    content: 'empty',
  },
  pc: {
    section: '4.2.3.3 (pc)',
    attributes: {
      ...CODE_HINTS,
      canOverlap: 'yesNo',
      dispEnd: 'string',
      dispStart: 'string',
      equivEnd: 'string',
      equivStart: 'string',
      dataRefEnd: 'nmtoken',
      dataRefStart: 'nmtoken',
      subFlowsEnd: 'nmtokens',
      subFlowsStart: 'nmtokens',
      dir: 'dir',
    },
    required: ['id'],
    foreign: 'modules',
    content: 'inline',
  },
  sc: {
    section: '4.2.3.4 (sc)',
    attributes: { ...CODE_HINTS, canOverlap: 'yesNo', dataRef: 'nmtoken', dir: 'dir', disp: 'string', equiv: 'string', isolated: 'yesNo', subFlows: 'nmtokens' },
    required: ['id'],
    foreign: 'modules',
    content: 'empty',
  },
  ec: {
    section: '4.2.3.5 (ec)',
    attributes: {
      ...CODE_HINTS,
      canOverlap: 'yesNo',
      dataRef: 'nmtoken',
      dir: 'dir',
      disp: 'string',
      equiv: 'string',
      isolated: 'yesNo',
      startRef: 'nmtoken',
      subFlows: 'nmtokens',
    },
    foreign: 'modules',
    content: 'empty',
  },
  mrk: { section: '4.2.3.6 (mrk)', attributes: MARKER_ATTRIBUTES, required: ['id'], foreign: 'extensions', content: 'inline' },
  sm: { section: '4.2.3.7 (sm)', attributes: MARKER_ATTRIBUTES, required: ['id'], foreign: 'extensions', content: 'empty' },
  em: { section: '4.2.3.8 (em)', attributes: { startRef: 'nmtoken' }, required: ['startRef'], foreign: 'none', content: 'empty' },
};

const INLINE = new Set(['cp', 'ph', 'pc', 'sc', 'ec', 'mrk', 'sm', 'em']);

/** Module elements the core elements accept through their `other` wildcard (§4.2.2.2, .4, .5). */
const MODULE_ELEMENTS: Record<string, Record<string, string[]>> = {
  file: { [MDA_NS]: ['metadata'], [RES_NS]: ['resourceData'], [SLR_NS]: ['profiles', 'data'], [VAL_NS]: ['validation'], [ITS_NS]: ['provenanceRecords'] },
  group: { [MDA_NS]: ['metadata'], [SLR_NS]: ['data'], [VAL_NS]: ['validation'], [ITS_NS]: ['provenanceRecords'] },
  unit: {
    [MTC_NS]: ['matches'],
    [GLS_NS]: ['glossary'],
    [MDA_NS]: ['metadata'],
    [RES_NS]: ['resourceData'],
    [SLR_NS]: ['data'],
    [VAL_NS]: ['validation'],
    [ITS_NS]: ['locQualityIssues', 'provenanceRecords'],
  },
};
const MODULE_NAMESPACES = new Set([FS_NS, SLR_NS, MTC_NS, GLS_NS, MDA_NS, RES_NS, VAL_NS, ITS_NS, ITSM_NS]);

const FS_VALUES = new Set(
  'a b bdo big blockquote body br button caption center cite code col colgroup dd del div dl dt em h1 h2 h3 h4 h5 h6 head hr html i img label legend li ol p pre q s samp select small span strike strong sub sup table tbody td tfoot th thead title tr tt u ul'.split(
    ' ',
  ),
);
const SLR_ATTRIBUTES = new Set(['storageRestriction', 'sizeRestriction', 'equivStorage', 'sizeInfo', 'sizeInfoRef']);

const ENUMS: Partial<Record<ValueType, string[]>> = {
  yesNo: ['yes', 'no'],
  yesNoFirstNo: ['yes', 'firstNo', 'no'],
  dir: ['ltr', 'rtl', 'auto'],
  appliesTo: ['source', 'target'],
  state: ['initial', 'translated', 'reviewed', 'final'],
  codeType: ['fmt', 'ui', 'quote', 'link', 'image', 'other'],
};

/** Checks one element of the core namespace and everything below it that is core. */
export function checkStructure(element: XmlElement, report: Reporter): void {
  const spec = ELEMENTS[element.name];
  if (element.ns !== XLIFF2_NS || !spec) {
    report.error(element, '4.2 (Elements)', `<${element.qname}> is not an XLIFF 2 core element; remove it or use a module or extension element where one is allowed`);
    return;
  }
  checkAttributes(element, spec, report);
  checkContent(element, spec, report);
  for (const child of element.children) {
    if (child.type === 'element' && child.ns === XLIFF2_NS) checkStructure(child, report);
  }
}

function checkAttributes(element: XmlElement, spec: ElementSpec, report: Reporter): void {
  for (const a of element.attributes) {
    if (a.ns === XMLNS_NS) continue;
    if (a.ns === '') {
      const type = spec.attributes[a.name];
      if (!type) {
        report.error(a, spec.section, `<${element.name}> has no attribute "${a.name}"; remove it (allowed: ${Object.keys(spec.attributes).join(', ') || 'none'})`);
      } else {
        checkValue(element, a, type, spec, report);
      }
      continue;
    }
    if (a.ns === XML_NS) {
      if (element.name === 'mrk' || element.name === 'sm') {
        report.error(a, spec.section, `the XML namespace must not be used on <${element.name}>; remove ${a.qname}`);
      } else if (!spec.xml?.includes(a.name) && spec.foreign !== 'any') {
        report.error(a, spec.section, `<${element.name}> does not take ${a.qname}; remove it`);
      } else if (a.name === 'space' && a.value !== 'default' && a.value !== 'preserve') {
        report.error(a, '4.3.2.2 (xml:space)', `xml:space must be "default" or "preserve", not "${a.value}"`);
      } else if (a.name === 'space' && element.name === 'data' && a.value !== 'preserve') {
        report.error(a, '4.2.2.11 (data)', `xml:space on <data> is restricted to "preserve"`);
      } else if (a.name === 'lang' && a.value !== '' && !isBcp47(a.value)) {
        report.error(a, '4.3.2.1 (xml:lang)', `xml:lang="${a.value}" is not a well-formed BCP 47 language tag (e.g. "en", "fr-CA")`);
      }
      continue;
    }
    if (a.ns === XLIFF2_NS) {
      report.error(a, spec.section, `XLIFF attributes are not namespace-qualified; write "${a.name}" without a prefix`);
      continue;
    }
    checkForeignAttribute(element, a, spec, report);
  }
  for (const name of spec.required ?? []) {
    if (!element.attributes.some((a) => a.ns === '' && a.name === name)) {
      report.error(element, spec.section, `<${element.name}> requires the attribute "${name}"`);
    }
  }
}

function checkForeignAttribute(element: XmlElement, a: XmlAttribute, spec: ElementSpec, report: Reporter): void {
  const isModule = a.ns === FS_NS || a.ns === SLR_NS;
  if (spec.foreign === 'none' || (spec.foreign === 'modules' && !isModule)) {
    const allowed = spec.foreign === 'none' ? 'no attributes from other namespaces' : 'only Format Style (fs) and Size Restriction (slr) module attributes';
    report.error(a, spec.section, `<${element.name}> takes ${allowed}; remove ${a.qname}`);
    return;
  }
  if (a.ns === FS_NS) {
    if (a.name !== 'fs' && a.name !== 'subFs') {
      report.error(a, '5.3.5 (Format Style module attributes)', `the Format Style module defines only fs and subFs, not "${a.name}"`);
    } else if (a.name === 'fs' && !FS_VALUES.has(a.value)) {
      report.error(a, '5.3.5.1 (fs)', `fs:fs="${a.value}" is not one of the allowed HTML element names (e.g. b, i, p, span)`);
    } else if (element.name === 'ec' && a.name === 'fs' && element.attributes.find((x) => x.ns === '' && x.name === 'isolated')?.value !== 'yes') {
      report.error(a, '5.3.5.1 (fs)', `fs:fs may only be used on <ec> when isolated="yes"; put it on the matching <sc>`);
    } else if (a.name === 'subFs' && !element.attributes.some((x) => x.ns === FS_NS && x.name === 'fs')) {
      report.error(a, '5.3.5.2 (subFs)', `fs:subFs requires fs:fs on the same element`);
    }
    return;
  }
  if (a.ns === SLR_NS && !SLR_ATTRIBUTES.has(a.name)) {
    report.error(a, '5.7.5 (Size and Length Restriction module attributes)', `the Size and Length Restriction module has no attribute "${a.name}"`);
  }
}

function checkValue(element: XmlElement, a: XmlAttribute, type: ValueType, spec: ElementSpec, report: Reporter): void {
  const v = a.value;
  const rule = `4.3.1 (${a.name})`;
  const enumeration = ENUMS[type];
  if (enumeration) {
    if (!enumeration.includes(v)) report.error(a, rule, `${a.name}="${v}" on <${element.name}> must be one of ${enumeration.map((e) => `"${e}"`).join(', ')}`);
    return;
  }
  switch (type) {
    case 'nmtoken':
      if (!isNmtoken(v)) report.error(a, a.name === 'id' ? '4.3.1.21 (id)' : rule, `${a.name}="${v}" is not a valid NMTOKEN (letters, digits, . - _ : only)`);
      break;
    case 'nmtokens':
      if (!nmtokens(v)) report.error(a, rule, `${a.name}="${v}" must be a space-separated list of ids (NMTOKENs)`);
      break;
    case 'language':
      if (!isBcp47(v)) report.error(a, a.name === 'srcLang' ? '4.3.1.29 (srcLang)' : '4.3.1.37 (trgLang)', `${a.name}="${v}" is not a well-formed BCP 47 language tag (e.g. "en", "fr-CA")`);
      break;
    case 'userDefined':
      if (!isUserDefinedValue(v)) report.error(a, rule, `${a.name}="${v}" must be a user-defined value "prefix:value"`);
      else if (a.name === 'subType' && v.startsWith('xlf:') && !['xlf:lb', 'xlf:pb', 'xlf:b', 'xlf:i', 'xlf:u', 'xlf:var'].includes(v)) {
        report.error(a, '4.3.1.36 (subType)', `subType="${v}" uses the reserved prefix xlf: with an undefined value`);
      }
      break;
    case 'markerType':
      if (!['generic', 'comment', 'term'].includes(v) && !isUserDefinedValue(v)) {
        report.error(a, '4.3.1.40 (type)', `type="${v}" on <${element.name}> must be "generic", "comment", "term" or a user-defined "prefix:value"`);
      }
      break;
    case 'priority':
      if (!/^(?:[1-9]|10)$/.test(v.trim())) report.error(a, '4.3.1.26 (priority)', `priority="${v}" must be an integer from 1 to 10`);
      break;
    case 'positiveInteger':
      if (!isPositiveInteger(v)) report.error(a, '4.3.1.24 (order)', `${a.name}="${v}" must be a positive integer`);
      break;
    case 'hex':
      checkHex(a, report);
      break;
    case 'string':
      break;
    default:
      void spec;
  }
}

/** §4.2.3.1: <cp> only carries characters that XML cannot. */
function checkHex(a: XmlAttribute, report: Reporter): void {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(a.value)) {
    report.error(a, '4.3.1.19 (hex)', `hex="${a.value}" is not a hexadecimal code point (e.g. "0003")`);
    return;
  }
  const cp = Number.parseInt(a.value, 16);
  const invalidInXml =
    (cp <= 0x1f && cp !== 0x9 && cp !== 0xa && cp !== 0xd) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff;
  const discouraged = (cp >= 0x7f && cp <= 0x84) || (cp >= 0x86 && cp <= 0x9f);
  if (cp > 0x10ffff) report.error(a, '4.3.1.19 (hex)', `hex="${a.value}" is beyond the last Unicode code point 10FFFF`);
  else if (!invalidInXml && !discouraged) {
    report.error(a, '4.2.3.1 (cp)', `U+${a.value.toUpperCase()} is a valid XML character: write it as text, <cp> is only for characters XML cannot carry`);
  }
}

function checkContent(element: XmlElement, spec: ElementSpec, report: Reporter): void {
  const content = spec.content;
  const mixed = content === 'inline' || content === 'text' || content === 'data' || content === 'skeleton';
  if (!mixed) {
    const text = element.children.find((c) => c.type === 'text' && /[^ \t\r\n]/.test(c.value));
    if (text) report.error(element, spec.section, `<${element.name}> cannot contain text; move the text into an element that takes it`);
  }
  const children = element.children.filter((c): c is XmlElement => c.type === 'element');
  if (content === 'empty' || content === 'text') {
    for (const c of children) report.error(c, spec.section, `<${element.name}> must not contain elements; remove <${c.qname}>`);
    return;
  }
  if (content === 'inline' || content === 'data') {
    for (const c of children) {
      const ok = c.ns === XLIFF2_NS && (content === 'data' ? c.name === 'cp' : INLINE.has(c.name));
      if (!ok) {
        const allowed = content === 'data' ? '<cp>' : 'text and the inline elements cp, ph, pc, sc, ec, mrk, sm, em';
        report.error(c, spec.section, `<${c.qname}> is not allowed in <${element.name}>, which takes ${allowed}`);
      }
    }
    return;
  }
  if (content === 'skeleton') {
    for (const c of children) if (c.ns === XLIFF2_NS) report.error(c, spec.section, `<skeleton> takes text and non-XLIFF elements only, not <${c.qname}>`);
    return;
  }
  matchSequence(element, children, content, spec, report);
  const allowedModules = MODULE_ELEMENTS[element.name];
  if (allowedModules) {
    for (const c of children) {
      if (c.ns === XLIFF2_NS || !MODULE_NAMESPACES.has(c.ns)) continue;
      if (!allowedModules[c.ns]?.includes(c.name)) {
        report.error(c, spec.section, `the module element <${c.qname}> is not allowed in <${element.name}>; check its name and where the module allows it`);
      }
    }
  }
}

/** Matches children against a sequence of disjoint particles (each content model here is one). */
function matchSequence(element: XmlElement, children: XmlElement[], particles: Particle[], spec: ElementSpec, report: Reporter): void {
  let p = 0;
  let count = 0;
  for (const child of children) {
    while (p < particles.length && !particles[p]!.match(child)) {
      if (count < particles[p]!.min) report.error(child, spec.section, `<${element.name}> needs ${particles[p]!.label} before <${child.qname}>`);
      p++;
      count = 0;
    }
    if (p === particles.length) {
      const where = particles.some((x) => x.match(child)) ? 'at this position (check the order of children)' : 'here';
      report.error(child, spec.section, `<${child.qname}> is not allowed in <${element.name}> ${where}`);
      continue;
    }
    count++;
    if (count > particles[p]!.max) report.error(child, spec.section, `<${element.name}> takes at most one ${particles[p]!.label}`);
  }
  for (; p < particles.length; p++, count = 0) {
    if (count < particles[p]!.min) report.error(element, spec.section, `<${element.name}> must contain ${particles[p]!.min === 1 && particles[p]!.max === 1 ? '' : 'at least one '}${particles[p]!.label}`);
  }
}
