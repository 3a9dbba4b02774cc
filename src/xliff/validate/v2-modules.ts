/**
 * XLIFF 2.1 module constraints (§5): the content models of the module elements (their schemas)
 * and the Constraints sections of Translation Candidates (mtc), Glossary (gls), Metadata (mda),
 * Resource Data (res), Change Tracking (ctr), Size and Length Restriction (slr) and Validation
 * (val). Format Style attributes are checked with the core attributes (v2-schema.ts), where they
 * appear. Checked by hand, like the core, so the validator needs no XSD or Schematron engine.
 */
import { XML_NS, XMLNS_NS, type XmlAttribute, type XmlElement } from '../../xml/parse.ts';
import { attr, attribute, childElements } from '../../xml/tree.ts';
import type { Reporter } from './report.ts';
import { checkStructure, GLS_NS, MDA_NS, MTC_NS, RES_NS, SLR_NS, VAL_NS, XLIFF2_NS } from './v2-schema.ts';
import { isBcp47, isNmtoken, isPositiveInteger, isUserDefinedValue } from './values.ts';

export const CTR_NS = 'urn:oasis:names:tc:xliff:changetracking:2.0';

type ValueType = 'string' | 'nmtoken' | 'yesNo' | 'decimal100' | 'userDefined' | 'positiveInteger' | { oneOf: string[] };

interface Child {
  ns: string;
  name: string;
  min: number;
  max: number;
}

interface ModuleElementSpec {
  /** Section of the element's definition, e.g. '5.1.6.3 (match)'. */
  section: string;
  attributes: Record<string, { type: ValueType; section: string }>;
  required?: string[];
  /** Whether attributes of other namespaces are allowed ("attributes from other namespaces, OPTIONAL"). */
  foreignAttributes: boolean;
  /**
   * A sequence of children; `other: true` ends it with any number of elements of other
   * namespaces. 'text' takes text only, 'empty' nothing, 'choice' any mix of the listed children.
   */
  content: { sequence: Child[]; other?: boolean; atLeastOne?: boolean } | { choice: Child[]; min: number } | 'text' | 'empty' | 'foreign';
}

const child = (ns: string, name: string, min = 0, max = Infinity): Child => ({ ns, name, min, max });
const a = (type: ValueType, section: string) => ({ type, section });

const MTC = '5.1.7';
const GLS = '5.2.5';
const MDA = '5.4.5';
const RES = '5.5.5';
const CTR = '5.6.5';
const SLR = '5.7.5';
const VAL = '5.8.5';

const SPECS: Record<string, Record<string, ModuleElementSpec>> = {
  [MTC_NS]: {
    matches: { section: '5.1.6.2 (matches)', attributes: {}, foreignAttributes: false, content: { sequence: [child(MTC_NS, 'match', 1)] } },
    match: {
      section: '5.1.6.3 (match)',
      attributes: {
        id: a('nmtoken', `${MTC}.1 (id)`),
        matchQuality: a('decimal100', `${MTC}.2 (matchQuality)`),
        matchSuitability: a('decimal100', `${MTC}.3 (matchSuitability)`),
        origin: a('string', `${MTC}.4 (origin)`),
        ref: a('string', `${MTC}.5 (ref)`),
        reference: a('yesNo', `${MTC}.6 (reference)`),
        similarity: a('decimal100', `${MTC}.7 (similarity)`),
        subType: a('userDefined', `${MTC}.8 (subType)`),
        type: a({ oneOf: ['am', 'mt', 'icm', 'idm', 'tb', 'tm', 'other'] }, `${MTC}.9 (type)`),
      },
      required: ['ref'],
      foreignAttributes: true,
      content: {
        sequence: [child(MDA_NS, 'metadata', 0, 1), child(XLIFF2_NS, 'originalData', 0, 1), child(XLIFF2_NS, 'source', 1, 1), child(XLIFF2_NS, 'target', 1, 1)],
        other: true,
      },
    },
  },
  [GLS_NS]: {
    glossary: { section: '5.2.4.2 (glossary)', attributes: {}, foreignAttributes: false, content: { sequence: [child(GLS_NS, 'glossEntry', 1)] } },
    glossEntry: {
      section: '5.2.4.3 (glossEntry)',
      attributes: { id: a('nmtoken', `${GLS}.1 (id)`), ref: a('string', `${GLS}.2 (ref)`) },
      foreignAttributes: true,
      content: { sequence: [child(GLS_NS, 'term', 1, 1), child(GLS_NS, 'translation'), child(GLS_NS, 'definition', 0, 1)], other: true },
    },
    term: { section: '5.2.4.4 (term)', attributes: { source: a('string', `${GLS}.3 (source)`) }, foreignAttributes: true, content: 'text' },
    translation: {
      section: '5.2.4.5 (translation)',
      attributes: { id: a('nmtoken', `${GLS}.1 (id)`), ref: a('string', `${GLS}.2 (ref)`), source: a('string', `${GLS}.3 (source)`) },
      foreignAttributes: true,
      content: 'text',
    },
    definition: { section: '5.2.4.6 (definition)', attributes: { source: a('string', `${GLS}.3 (source)`) }, foreignAttributes: true, content: 'text' },
  },
  [MDA_NS]: {
    metadata: { section: '5.4.4.2 (metadata)', attributes: { id: a('nmtoken', `${MDA}.3 (id)`) }, foreignAttributes: false, content: { sequence: [child(MDA_NS, 'metaGroup', 1)] } },
    metaGroup: {
      section: '5.4.4.3 (metaGroup)',
      attributes: {
        id: a('nmtoken', `${MDA}.3 (id)`),
        category: a('string', `${MDA}.2 (category)`),
        appliesTo: a({ oneOf: ['source', 'target', 'ignorable'] }, `${MDA}.1 (appliesTo)`),
      },
      foreignAttributes: false,
      content: { choice: [child(MDA_NS, 'metaGroup'), child(MDA_NS, 'meta')], min: 1 },
    },
    meta: { section: '5.4.4.4 (meta)', attributes: { type: a('string', `${MDA}.4 (type)`) }, required: ['type'], foreignAttributes: false, content: 'text' },
  },
  [RES_NS]: {
    resourceData: {
      section: '5.5.4.2 (resourceData)',
      attributes: { id: a('nmtoken', `${RES}.1 (id)`) },
      foreignAttributes: false,
      content: { sequence: [child(RES_NS, 'resourceItemRef'), child(RES_NS, 'resourceItem')], atLeastOne: true },
    },
    resourceItemRef: {
      section: '5.5.4.3 (resourceItemRef)',
      attributes: { id: a('nmtoken', `${RES}.1 (id)`), ref: a('nmtoken', `${RES}.6 (ref)`) },
      required: ['ref'],
      foreignAttributes: true,
      content: 'empty',
    },
    resourceItem: {
      section: '5.5.4.4 (resourceItem)',
      attributes: { id: a('nmtoken', `${RES}.1 (id)`), mimeType: a('string', `${RES}.3 (mimeType)`), context: a('yesNo', `${RES}.4 (context)`) },
      foreignAttributes: true,
      content: { sequence: [child(RES_NS, 'source', 0, 1), child(RES_NS, 'target', 0, 1), child(RES_NS, 'reference')], atLeastOne: true },
    },
    source: { section: '5.5.4.5 (source)', attributes: { href: a('string', `${RES}.5 (href)`) }, foreignAttributes: true, content: 'foreign' },
    target: { section: '5.5.4.6 (target)', attributes: { href: a('string', `${RES}.5 (href)`) }, foreignAttributes: true, content: 'foreign' },
    reference: { section: '5.5.4.7 (reference)', attributes: { href: a('string', `${RES}.5 (href)`) }, required: ['href'], foreignAttributes: true, content: 'empty' },
  },
  [CTR_NS]: {
    changeTrack: { section: '5.6.4.2 (changeTrack)', attributes: {}, foreignAttributes: false, content: { sequence: [child(CTR_NS, 'revisions', 1)] } },
    revisions: {
      section: '5.6.4.3 (revisions)',
      attributes: { appliesTo: a('nmtoken', `${CTR}.1 (appliesTo)`), ref: a('nmtoken', `${CTR}.5 (ref)`), currentVersion: a('nmtoken', `${CTR}.3 (currentVersion)`) },
      required: ['appliesTo'],
      foreignAttributes: true,
      content: { sequence: [child(CTR_NS, 'revision', 1)] },
    },
    revision: {
      section: '5.6.4.4 (revision)',
      attributes: { author: a('string', `${CTR}.2 (author)`), datetime: a('string', `${CTR}.4 (datetime)`), version: a('nmtoken', `${CTR}.7 (version)`) },
      foreignAttributes: true,
      content: { sequence: [child(CTR_NS, 'item', 1)] },
    },
    item: { section: '5.6.4.5 (item)', attributes: { property: a('string', `${CTR}.6 (property)`) }, required: ['property'], foreignAttributes: true, content: 'text' },
  },
  [SLR_NS]: {
    profiles: {
      section: '5.7.4.2 (profiles)',
      attributes: { generalProfile: a('string', `${SLR}.2 (generalProfile)`), storageProfile: a('string', `${SLR}.1 (storageProfile)`) },
      foreignAttributes: false,
      content: { sequence: [child(SLR_NS, 'normalization', 0, 1)], other: true },
    },
    normalization: {
      section: '5.7.4.3 (normalization)',
      attributes: { general: a({ oneOf: ['none', 'nfc', 'nfd'] }, `${SLR}.4 (general)`), storage: a({ oneOf: ['none', 'nfc', 'nfd'] }, `${SLR}.3 (storage)`) },
      foreignAttributes: false,
      content: 'empty',
    },
    data: { section: '5.7.4.4 (data)', attributes: { profile: a('string', `${SLR}.5 (profile)`) }, required: ['profile'], foreignAttributes: true, content: 'foreign' },
  },
  [VAL_NS]: {
    validation: { section: '5.8.4.2 (validation)', attributes: {}, foreignAttributes: false, content: { sequence: [child(VAL_NS, 'rule', 1)] } },
    rule: {
      section: '5.8.4.3 (rule)',
      attributes: {
        isPresent: a('string', `${VAL}.1 (isPresent)`),
        occurs: a('positiveInteger', `${VAL}.2 (occurs)`),
        isNotPresent: a('string', `${VAL}.3 (isNotPresent)`),
        startsWith: a('string', `${VAL}.4 (startsWith)`),
        endsWith: a('string', `${VAL}.5 (endsWith)`),
        existsInSource: a('yesNo', `${VAL}.6 (existsInSource)`),
        caseSensitive: a('yesNo', `${VAL}.7 (caseSensitive)`),
        normalization: a({ oneOf: ['none', 'nfc', 'nfd'] }, `${VAL}.8 (normalization)`),
        disabled: a('yesNo', `${VAL}.9 (disabled)`),
      },
      foreignAttributes: true,
      content: 'empty',
    },
  },
};

type ProfileReading = 'standard' | 'numeric' | 'other';

/** Where an element sits: its ancestors (root first) and the languages of the document. */
interface Scope {
  report: Reporter;
  srcLang?: string;
  trgLang?: string;
  ancestors: XmlElement[];
  /**
   * How the values of slr attributes are read (§5.7.6): 'standard' when the file selects a
   * standard profile, 'numeric' when it selects none (a value written as a number must then be
   * one the standard profiles accept; text is taken as some other profile's data, as the OASIS
   * core suite's valid documents use it), 'other' for a third-party profile (not checked).
   */
  generalProfile: ProfileReading;
  storageProfile: ProfileReading;
}

export function checkModules(root: XmlElement, report: Reporter): void {
  for (const file of childElements(root, XLIFF2_NS, 'file')) {
    const declared = childElements(file, SLR_NS, 'profiles')[0];
    const scope: Scope = {
      report,
      srcLang: attr(root, 'srcLang'),
      trgLang: attr(root, 'trgLang'),
      ancestors: [root],
      generalProfile: profileReading(declared && attr(declared, 'generalProfile'), ['xliff:codepoints']),
      storageProfile: profileReading(declared && attr(declared, 'storageProfile'), ['xliff:utf8', 'xliff:utf16', 'xliff:utf32']),
    };
    walk(file, scope);
  }
}

function profileReading(profile: string | undefined, standard: string[]): ProfileReading {
  if (profile === undefined || profile === '') return 'numeric';
  return standard.includes(profile) ? 'standard' : 'other';
}

/** Whether a value is checked against the standard profiles' syntax under this reading. */
function readsAsStandard(reading: ProfileReading, value: string): boolean {
  return reading === 'standard' || (reading === 'numeric' && /^[\d.,*+\-\s]+$/.test(value));
}

function walk(element: XmlElement, scope: Scope): void {
  const spec = SPECS[element.ns]?.[element.name];
  if (spec) {
    checkAttributes(element, spec, scope.report);
    checkContent(element, spec, scope.report);
    CONSTRAINTS[`${element.ns} ${element.name}`]?.(element, scope);
  } else if (element.ns === XLIFF2_NS) {
    checkSizeAttributes(element, scope);
    const parent = scope.ancestors[scope.ancestors.length - 1];
    // Core content inside a translation candidate follows the core rules (§5.1.4).
    if (parent?.ns === MTC_NS && parent.name === 'match') checkStructure(element, scope.report);
  }
  scope.ancestors.push(element);
  for (const c of element.children) if (c.type === 'element') walk(c, scope);
  scope.ancestors.pop();
}

function checkAttributes(element: XmlElement, spec: ModuleElementSpec, report: Reporter): void {
  for (const at of element.attributes) {
    if (at.ns === XMLNS_NS) continue;
    if (at.ns === '') {
      const def = spec.attributes[at.name];
      if (!def) {
        const allowed = Object.keys(spec.attributes).join(', ') || 'none';
        report.error(at, spec.section, `<${element.qname}> has no attribute "${at.name}"; remove it (allowed: ${allowed})`);
      } else checkValue(element, at, def.type, def.section, report);
      continue;
    }
    if (at.ns === XML_NS && at.name === 'lang') {
      if (element.ns === MTC_NS && element.name === 'match') {
        report.error(at, spec.section, 'xml:lang must not be set on <mtc:match>; the languages of its <source> and <target> are those of the document');
      } else if (!isBcp47(at.value)) report.error(at, '4.3.2.1 (xml:lang)', `xml:lang="${at.value}" is not a well-formed BCP 47 language tag`);
      continue;
    }
    if (!spec.foreignAttributes) report.error(at, spec.section, `<${element.qname}> takes no attributes from other namespaces; remove ${at.qname}`);
  }
  for (const name of spec.required ?? []) {
    if (!attribute(element, name)) report.error(element, spec.section, `<${element.qname}> requires the attribute "${name}"`);
  }
}

function checkValue(element: XmlElement, at: XmlAttribute, type: ValueType, section: string, report: Reporter): void {
  const v = at.value;
  const bad = (what: string) => report.error(at, section, `${at.name}="${v}" on <${element.qname}> ${what}`);
  if (typeof type === 'object') {
    if (!type.oneOf.includes(v)) bad(`must be one of ${type.oneOf.map((x) => `"${x}"`).join(', ')}`);
    return;
  }
  switch (type) {
    case 'nmtoken':
      if (!isNmtoken(v)) bad('is not a valid NMTOKEN (letters, digits, . - _ : only)');
      break;
    case 'yesNo':
      if (v !== 'yes' && v !== 'no') bad('must be "yes" or "no"');
      break;
    case 'decimal100':
      if (!/^[+]?(?:\d+(?:\.\d*)?|\.\d+)$/.test(v.trim()) || Number(v) > 100) bad('must be a decimal number from 0.0 to 100.0');
      break;
    case 'userDefined':
      if (!isUserDefinedValue(v)) bad('must be a user-defined value "prefix:value"');
      break;
    case 'positiveInteger':
      if (!isPositiveInteger(v)) bad('must be a positive integer (1 or more)');
      break;
    case 'string':
      break;
  }
}

const isText = (element: XmlElement) => element.children.some((c) => c.type === 'text' && /[^ \t\r\n]/.test(c.value));
const elements = (element: XmlElement) => element.children.filter((c): c is XmlElement => c.type === 'element');
const is = (el: XmlElement, c: Child) => el.ns === c.ns && el.name === c.name;
const label = (c: Child) => `<${c.ns === XLIFF2_NS ? '' : `${PREFIXES[c.ns]}:`}${c.name}>`;
const PREFIXES: Record<string, string> = { [MTC_NS]: 'mtc', [GLS_NS]: 'gls', [MDA_NS]: 'mda', [RES_NS]: 'res', [CTR_NS]: 'ctr', [SLR_NS]: 'slr', [VAL_NS]: 'val' };

function checkContent(element: XmlElement, spec: ModuleElementSpec, report: Reporter): void {
  const content = spec.content;
  const kids = elements(element);
  if (content === 'text' || content === 'empty') {
    for (const k of kids) report.error(k, spec.section, `<${element.qname}> must not contain elements; remove <${k.qname}>`);
    if (content === 'empty' && isText(element)) report.error(element, spec.section, `<${element.qname}> is always empty; remove its text`);
    return;
  }
  if (isText(element)) report.error(element, spec.section, `<${element.qname}> cannot contain text; move the text into an element that takes it`);
  if (content === 'foreign') {
    for (const k of kids) if (k.ns === element.ns) report.error(k, spec.section, `<${element.qname}> takes elements of other namespaces only, not <${k.qname}>`);
    return;
  }
  if ('choice' in content) {
    for (const k of kids) if (!content.choice.some((c) => is(k, c))) report.error(k, spec.section, `<${k.qname}> is not allowed in <${element.qname}>, which takes ${content.choice.map(label).join(' or ')}`);
    if (kids.length < content.min) report.error(element, spec.section, `<${element.qname}> must contain at least one ${content.choice.map(label).join(' or ')}`);
    return;
  }
  let p = 0;
  let count = 0;
  const particles = content.sequence;
  for (const k of kids) {
    while (p < particles.length && !is(k, particles[p]!)) {
      if (count < particles[p]!.min) report.error(k, spec.section, `<${element.qname}> needs ${label(particles[p]!)} before <${k.qname}>`);
      p++;
      count = 0;
    }
    if (p === particles.length) {
      const foreignOk = content.other && k.ns !== element.ns && k.ns !== XLIFF2_NS;
      if (!foreignOk) {
        const where = particles.some((x) => is(k, x)) ? 'at this position (check the order of children)' : 'here';
        report.error(k, spec.section, `<${k.qname}> is not allowed in <${element.qname}> ${where}`);
      }
      continue;
    }
    count++;
    if (count > particles[p]!.max) report.error(k, spec.section, `<${element.qname}> takes at most one ${label(particles[p]!)}`);
  }
  for (; p < particles.length; p++, count = 0) {
    if (count < particles[p]!.min) report.error(element, spec.section, `<${element.qname}> must contain ${particles[p]!.max === 1 ? '' : 'at least one '}${label(particles[p]!)}`);
  }
  if (content.atLeastOne && kids.length === 0) {
    report.error(element, spec.section, `<${element.qname}> must contain at least one of ${particles.map(label).join(', ')}`);
  }
}

/** Module constraints no content model expresses, keyed by "namespace localName". */
const CONSTRAINTS: Record<string, (element: XmlElement, scope: Scope) => void> = {
  [`${MTC_NS} matches`]: (matches, { report }) => {
    reportDuplicateIds(childElements(matches, MTC_NS, 'match'), report, `${MTC}.1 (id)`, (id) => `match id "${id}" is used more than once in this <mtc:matches>`);
  },
  [`${MTC_NS} match`]: (match, scope) => {
    const type = attribute(match, 'type');
    const subType = attribute(match, 'subType');
    if (subType && !type) scope.report.error(subType, `${MTC}.8 (subType)`, 'subType requires the type attribute on the same <mtc:match>; set type (e.g. "tm" or "mt")');
    const ref = attribute(match, 'ref');
    if (ref) checkSpanRef(ref, scope, `${MTC}.5 (ref)`, 'a translation candidate');
  },
  [`${GLS_NS} glossary`]: (glossary, { report }) => {
    const entries = childElements(glossary, GLS_NS, 'glossEntry');
    const withIds = entries.flatMap((e) => [e, ...childElements(e, GLS_NS, 'translation')]);
    reportDuplicateIds(withIds, report, `${GLS}.1 (id)`, (id) => `id "${id}" is used by more than one <gls:glossEntry> or <gls:translation> of this glossary`);
  },
  [`${GLS_NS} glossEntry`]: (entry, scope) => {
    if (!childElements(entry, GLS_NS, 'translation').length && !childElements(entry, GLS_NS, 'definition').length) {
      scope.report.error(entry, '5.2.4.3 (glossEntry)', 'a <gls:glossEntry> must contain a <gls:translation> or a <gls:definition>; add the term\'s translation or define it');
    }
    const foreign = elements(entry).filter((k) => k.ns !== GLS_NS);
    const metadata = foreign.filter((k) => k.ns === MDA_NS && k.name === 'metadata');
    if (metadata.length > 1) scope.report.error(metadata[1]!, '5.2.4.3 (glossEntry)', 'a <gls:glossEntry> takes at most one <mda:metadata>');
    for (const el of [entry, ...childElements(entry, GLS_NS, 'translation')]) {
      const ref = attribute(el, 'ref');
      if (ref) checkSpanRef(ref, scope, `${GLS}.2 (ref)`, 'a glossary entry');
    }
  },
  [`${MDA_NS} metadata`]: (metadata, { report }) => {
    const groups: XmlElement[] = [];
    const collect = (el: XmlElement) => {
      for (const g of childElements(el, MDA_NS, 'metaGroup')) {
        groups.push(g);
        collect(g);
      }
    };
    collect(metadata);
    reportDuplicateIds([metadata, ...groups], report, `${MDA}.3 (id)`, (id) => `id "${id}" is used by more than one <mda:metadata> or <mda:metaGroup> of this metadata`);
  },
  [`${RES_NS} resourceData`]: (data, scope) => {
    const items = [...childElements(data, RES_NS, 'resourceItem'), ...childElements(data, RES_NS, 'resourceItemRef')].sort((x, y) => x.line - y.line || x.column - y.column);
    reportDuplicateIds(items, scope.report, '5.5.4.4 (resourceItem)', (id) => `id "${id}" is used by more than one <res:resourceItem> or <res:resourceItemRef> of this resource data`);
    // Whether ref names an existing <res:resourceItem> (§5.5.5.6) is not enforced: the OASIS
    // suite's valid documents carry references to items that are absent, so readers must accept them.
  },
  [`${RES_NS} resourceItem`]: (item, { report }) => {
    if (attribute(item, 'mimeType')) return;
    const parts = [...childElements(item, RES_NS, 'source'), ...childElements(item, RES_NS, 'target')];
    if (parts.every((p) => elements(p).length === 0)) {
      report.error(item, '5.5.4.4 (resourceItem)', '<res:resourceItem> requires mimeType when its <res:source> and <res:target> are empty (the data is referenced by href)');
    }
  },
  [`${RES_NS} source`]: (source, scope) => checkResourcePart(source, scope, '5.5.4.5 (source)', scope.srcLang, 'srcLang'),
  // The target's xml:lang is not compared with trgLang: a valid document of the OASIS suite
  // gives a reference-language target ("lb-lu" in a "de" document), so readers accept it.
  [`${RES_NS} target`]: (target, scope) => checkResourcePart(target, scope, '5.5.4.6 (target)', undefined, 'trgLang'),
  [`${CTR_NS} revisions`]: checkRevisions,
  [`${CTR_NS} revision`]: (revision, { report }) => {
    const seen = new Set<string>();
    for (const item of childElements(revision, CTR_NS, 'item')) {
      const property = attribute(item, 'property');
      if (!property) continue;
      if (seen.has(property.value)) {
        report.error(property, `${CTR}.6 (property)`, `property "${property.value}" is recorded twice in one <ctr:revision>; a revision holds one previous value per property`);
      }
      seen.add(property.value);
    }
  },
  [`${VAL_NS} rule`]: checkRule,
};

function reportDuplicateIds(els: XmlElement[], report: Reporter, rule: string, message: (id: string) => string): void {
  const seen = new Set<string>();
  for (const el of els) {
    const id = attribute(el, 'id');
    if (!id) continue;
    if (seen.has(id.value)) report.error(id, rule, message(id.value));
    seen.add(id.value);
  }
}

/**
 * A reference to "a span of text within the same unit" (mtc and gls ref): a fragment
 * identifier "#id" (or "#t=id" for the target; "t=#id" is read alike) naming a segment, an ignorable or an inline
 * element with that id inside the unit's segments.
 */
function checkSpanRef(ref: XmlAttribute, scope: Scope, rule: string, what: string): void {
  const unit = [...scope.ancestors].reverse().find((x) => x.ns === XLIFF2_NS && x.name === 'unit');
  if (!unit) return;
  const m = /^(?:#(?:t=)?|t=#)([^/=#]+)$/.exec(ref.value);
  if (!m) {
    scope.report.error(ref, rule, `ref="${ref.value}" is not a fragment identifier of a span in this unit; write "#" and the id of a segment or inline element (e.g. "#s1")`);
    return;
  }
  const ids = new Set<string>();
  for (const part of elements(unit).filter((x) => x.ns === XLIFF2_NS && (x.name === 'segment' || x.name === 'ignorable'))) {
    const id = attr(part, 'id');
    if (id) ids.add(id);
    collectIds(part, ids);
  }
  if (!ids.has(m[1]!)) {
    scope.report.error(ref, rule, `ref="${ref.value}" points to no span of text in unit "${attr(unit, 'id') ?? ''}"; ${what} must refer to a segment or inline element of its own unit`);
  }
}

function collectIds(element: XmlElement, into: Set<string>): void {
  for (const c of elements(element)) {
    if (c.ns !== XLIFF2_NS) continue;
    const id = attr(c, 'id');
    if (id) into.add(id);
    collectIds(c, into);
  }
}

function checkResourcePart(part: XmlElement, scope: Scope, rule: string, lang: string | undefined, langName: string): void {
  const href = attribute(part, 'href');
  const empty = part.children.every((c) => c.type === 'text' && !/[^ \t\r\n]/.test(c.value));
  if (empty && !href) scope.report.error(part, rule, `an empty <${part.qname}> requires href, the resource it references`);
  if (!empty && href) scope.report.error(href, rule, `<${part.qname}> has content, so it must not have href; keep either the content or the reference`);
  const xmlLang = attribute(part, 'lang', XML_NS);
  if (xmlLang && lang !== undefined && xmlLang.value.toLowerCase() !== lang.toLowerCase()) {
    scope.report.error(xmlLang, rule, `xml:lang="${xmlLang.value}" differs from the document's ${langName} "${lang}"; use "${lang}" or remove xml:lang`);
  }
}

/** §5.6.4.3 and §5.6.5: what a <ctr:revisions> refers to must exist in the enclosing element. */
function checkRevisions(revisions: XmlElement, scope: Scope): void {
  const { report } = scope;
  const enclosing = scope.ancestors[scope.ancestors.length - 2];
  const currentVersion = attribute(revisions, 'currentVersion');
  if (currentVersion && !childElements(revisions, CTR_NS, 'revision').some((r) => attr(r, 'version') === currentVersion.value)) {
    report.error(currentVersion, `${CTR}.3 (currentVersion)`, `currentVersion="${currentVersion.value}" is the version of no <ctr:revision> in these revisions`);
  }
  const appliesTo = attr(revisions, 'appliesTo');
  if (!enclosing || !appliesTo) return;
  const inScope = descendants(enclosing).filter((x) => x.ns === XLIFF2_NS);
  const ref = attribute(revisions, 'ref');
  let referenced: XmlElement | undefined;
  if (ref) {
    referenced = inScope.find((x) => attr(x, 'id') === ref.value);
    if (!referenced) {
      report.error(ref, `${CTR}.5 (ref)`, `ref="${ref.value}" is the id of no element in the enclosing <${enclosing.qname}>; point it to the id of the changed <${appliesTo}>`);
      return;
    }
  } else {
    const instances = inScope.filter((x) => x.name === appliesTo);
    if (instances.filter((x) => attr(x, 'id') !== undefined).length > 1) {
      report.error(revisions, '5.6.4.3 (revisions)', `<${appliesTo}> has several instances with ids here; set ref to the id of the one these revisions apply to`);
      return;
    }
    referenced = instances.length === 1 ? instances[0] : undefined;
  }
  if (!referenced) return;
  for (const item of childElements(revisions, CTR_NS, 'revision').flatMap((r) => childElements(r, CTR_NS, 'item'))) {
    const property = attribute(item, 'property');
    if (!property || property.value === 'content') continue;
    if (!referenced.attributes.some((x) => x.ns === '' && x.name === property.value)) {
      report.error(property, `${CTR}.6 (property)`, `property="${property.value}" is neither "content" nor an attribute of the <${referenced.name}> these revisions apply to`);
    }
  }
}

function descendants(element: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of elements(element)) {
    out.push(c);
    out.push(...descendants(c));
  }
  return out;
}

const RULE_KINDS = ['isPresent', 'isNotPresent', 'startsWith', 'endsWith'];

/** §5.8.4.3 and §5.8.5: which attributes of a <val:rule> go together. */
function checkRule(rule: XmlElement, scope: Scope): void {
  const { report } = scope;
  const native = RULE_KINDS.filter((n) => attribute(rule, n));
  const custom = rule.attributes.some((x) => x.ns !== '' && x.ns !== XMLNS_NS && x.ns !== XML_NS);
  const kinds = native.length + (custom ? 1 : 0);
  if (kinds !== 1) {
    const found = [...native, ...(custom ? ['a custom rule attribute'] : [])].join(', ') || 'none';
    report.error(rule, '5.8.4.3 (rule)', `a <val:rule> takes exactly one of isPresent, isNotPresent, startsWith, endsWith or a custom rule attribute (found: ${found})`);
  }
  const occurs = attribute(rule, 'occurs');
  if (occurs && !attribute(rule, 'isPresent')) report.error(occurs, `${VAL}.2 (occurs)`, 'occurs is only used with isPresent');
  const existsInSource = attribute(rule, 'existsInSource');
  if (existsInSource?.value === 'yes') {
    const with_ = ['isPresent', 'startsWith', 'endsWith'].filter((n) => attribute(rule, n));
    if (with_.length !== 1 || attribute(rule, 'isNotPresent')) {
      report.error(existsInSource, `${VAL}.6 (existsInSource)`, 'existsInSource="yes" requires exactly one of isPresent, startsWith or endsWith (and no isNotPresent)');
    }
  }
  const disabled = attribute(rule, 'disabled');
  const level = scope.ancestors[scope.ancestors.length - 2];
  if (disabled?.value === 'yes' && level?.ns === XLIFF2_NS && level.name === 'file') {
    report.error(disabled, `${VAL}.9 (disabled)`, 'a rule at the file level cannot be disabled; disable it where it is overridden (group or unit)');
  }
}

/** §5.7.5.6–5.7.5.10 and the standard profiles (§5.7.6): Size and Length Restriction attributes. */
function checkSizeAttributes(element: XmlElement, scope: Scope): void {
  const { report } = scope;
  const slr = element.attributes.filter((x) => x.ns === SLR_NS);
  if (slr.length === 0) return;
  const isolatedEc = element.name !== 'ec' || attr(element, 'isolated') === 'yes';
  const sizeInfo = slr.find((x) => x.name === 'sizeInfo');
  const sizeInfoRef = slr.find((x) => x.name === 'sizeInfoRef');
  for (const at of slr) {
    const rule = `${SLR}.${{ storageRestriction: 6, sizeRestriction: 7, equivStorage: 8, sizeInfo: 9, sizeInfoRef: 10 }[at.name] ?? 0} (${at.name})`;
    if (!isolatedEc && (at.name === 'equivStorage' || at.name === 'sizeInfo' || at.name === 'sizeInfoRef')) {
      report.error(at, rule, `slr:${at.name} is only allowed on an <ec> with isolated="yes"; put it on the matching <sc>`);
      continue;
    }
    if (at.name === 'sizeRestriction' && readsAsStandard(scope.generalProfile, at.value) && !isRestriction(at.value)) {
      report.error(at, '5.7.6.1.1 (sizeRestriction)', `slr:sizeRestriction="${at.value}" must be "[min,]max" with integers, max possibly "*" (e.g. "90", "25,100", "35,*")`);
    }
    if (at.name === 'storageRestriction' && readsAsStandard(scope.storageProfile, at.value) && !isRestriction(at.value)) {
      report.error(at, '5.7.6.2.1 (storageRestriction)', `slr:storageRestriction="${at.value}" must be "[min,]max" with integers, max possibly "*" (e.g. "255", "25,100")`);
    }
    if (at.name === 'sizeInfo' && readsAsStandard(scope.generalProfile, at.value) && !/^\d+$/.test(at.value)) {
      report.error(at, '5.7.6.1.2 (sizeInfo)', `slr:sizeInfo="${at.value}" must be an integer number of code points`);
    }
    if (at.name === 'equivStorage' && readsAsStandard(scope.storageProfile, at.value) && !/^\d+$/.test(at.value)) {
      report.error(at, '5.7.6.2.2 (equivStorage)', `slr:equivStorage="${at.value}" must be an integer number of bytes`);
    }
  }
  if (sizeInfo && sizeInfoRef && isolatedEc) {
    report.error(sizeInfoRef, `${SLR}.10 (sizeInfoRef)`, 'slr:sizeInfo and slr:sizeInfoRef must not be set together; keep one');
  }
  if (sizeInfoRef && isolatedEc && !findSizeData(element, sizeInfoRef.value, scope)) {
    report.error(sizeInfoRef, `${SLR}.10 (sizeInfoRef)`, `slr:sizeInfoRef="${sizeInfoRef.value}" points to nothing in an <slr:data> beside this element or one of its ancestors`);
  }
}

function isRestriction(value: string): boolean {
  return /^(?:\d+,)?(?:\d+|\*)$/.test(value);
}

/** The referenced element must be inside an <slr:data> sibling of the element or of an ancestor. */
function findSizeData(element: XmlElement, id: string, scope: Scope): boolean {
  const chain = [...scope.ancestors, element];
  for (let i = chain.length - 1; i > 0; i--) {
    for (const data of childElements(chain[i - 1]!, SLR_NS, 'data')) {
      if (descendants(data).some((x) => attr(x, 'id') === id)) return true;
    }
  }
  return false;
}
