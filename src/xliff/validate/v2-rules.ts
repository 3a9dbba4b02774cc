/**
 * XLIFF 2.1 constraints that no schema expresses, from the Constraints sections of the core
 * specification (and the core Schematron): id uniqueness at each scope, language and white-space
 * agreement, skeleton, state, target order, notes and extension ids. Inline codes are checked
 * per unit by v2-inline.ts.
 */
import { XML_NS, type XmlElement } from '../../xml/parse.ts';
import { attr, attribute, childElements } from '../../xml/tree.ts';
import type { Reporter } from './report.ts';
import { checkUnitInline, type UnitPart } from './v2-inline.ts';
import { XLIFF2_NS } from './v2-schema.ts';

export interface Xliff2Options {
  /** Fragment-identifier prefixes of extensions to accept besides the registered module ones. */
  extraPrefixes?: Iterable<string>;
}

interface Inherited {
  lang?: string;
  space: string;
}

interface Context {
  report: Reporter;
  srcLang?: string;
  trgLang?: string;
  extraPrefixes: string[];
  reportedMissingTrgLang: boolean;
}

const core = (el: XmlElement, ...names: string[]) => childElements(el, XLIFF2_NS).filter((c) => names.includes(c.name));

export function checkXliff2Rules(root: XmlElement, report: Reporter, options: Xliff2Options = {}): void {
  const ctx: Context = {
    report,
    srcLang: attr(root, 'srcLang'),
    trgLang: attr(root, 'trgLang'),
    extraPrefixes: [...(options.extraPrefixes ?? [])],
    reportedMissingTrgLang: false,
  };
  const inherited = inherit(root, { space: 'default' });
  const files = core(root, 'file');
  reportDuplicates(files, 'id', report, '4.3.1.21 (id)', (id) => `file id "${id}" is used more than once in this document; each <file> needs its own id`);
  for (const file of files) checkFile(file, ctx, inherited);
}

function inherit(element: XmlElement, from: Inherited): Inherited {
  const lang = attr(element, 'lang', XML_NS);
  const space = attr(element, 'space', XML_NS);
  return { lang: lang ?? from.lang, space: space ?? from.space };
}

function reportDuplicates(elements: XmlElement[], name: string, report: Reporter, rule: string, message: (id: string) => string): void {
  const seen = new Set<string>();
  for (const el of elements) {
    const a = attribute(el, name);
    if (!a) continue;
    if (seen.has(a.value)) report.error(a, rule, message(a.value));
    seen.add(a.value);
  }
}

function checkFile(file: XmlElement, ctx: Context, from: Inherited): void {
  const { report } = ctx;
  const inherited = inherit(file, from);
  const fileId = attr(file, 'id') ?? '';
  for (const skeleton of core(file, 'skeleton')) {
    const empty = skeleton.children.every((c) => c.type === 'text' && !/[^ \t\r\n]/.test(c.value));
    const href = attribute(skeleton, 'href');
    if (empty && !href) report.error(skeleton, '4.2.2.3 (skeleton)', 'an empty <skeleton> requires the href attribute pointing to the external skeleton');
    if (!empty && href) report.error(href, '4.2.2.3 (skeleton)', 'a <skeleton> with content must not have href; keep either the content or the reference');
  }
  const groups: XmlElement[] = [];
  const units: XmlElement[] = [];
  collectContainers(file, groups, units);
  reportDuplicates(groups, 'id', report, '4.3.1.21 (id)', (id) => `group id "${id}" is used more than once in file "${fileId}"`);
  reportDuplicates(units, 'id', report, '4.3.1.21 (id)', (id) => `unit id "${id}" is used more than once in file "${fileId}"`);
  const unitIds = new Set(units.map((u) => attr(u, 'id') ?? ''));
  checkScope(file, report);
  walkContainer(file, ctx, inherited, { fileId, unitIds });
}

interface FileInfo {
  fileId: string;
  unitIds: Set<string>;
}

function collectContainers(parent: XmlElement, groups: XmlElement[], units: XmlElement[]): void {
  for (const child of core(parent, 'group', 'unit')) {
    if (child.name === 'unit') units.push(child);
    else {
      groups.push(child);
      collectContainers(child, groups, units);
    }
  }
}

function walkContainer(parent: XmlElement, ctx: Context, inherited: Inherited, info: FileInfo): void {
  for (const child of core(parent, 'group', 'unit')) {
    const here = inherit(child, inherited);
    checkScope(child, ctx.report);
    if (child.name === 'group') walkContainer(child, ctx, here, info);
    else checkUnit(child, ctx, here, info);
  }
}

/** Note ids (§4.3.1.21) and extension ids (§4.9.2) are unique within their file, group or unit. */
function checkScope(container: XmlElement, report: Reporter): void {
  for (const notes of core(container, 'notes')) {
    reportDuplicates(core(notes, 'note'), 'id', report, '4.3.1.21 (id)', (id) => `note id "${id}" is used more than once in this <${container.name}>`);
  }
  const seen = new Set<string>();
  const visit = (el: XmlElement) => {
    for (const a of el.attributes) {
      if (!(a.name === 'id' && (a.ns === '' || a.ns === XML_NS))) continue;
      if (seen.has(a.value)) {
        report.error(a, '4.9.2 (Extension Mechanisms, Constraints)', `extension id "${a.value}" is used more than once in this <${container.name}>; extension ids must be unique within their immediate file, group or unit`);
      }
      seen.add(a.value);
    }
    for (const c of childElements(el)) if (c.ns !== XLIFF2_NS) visit(c);
  };
  for (const c of childElements(container)) if (c.ns !== XLIFF2_NS) visit(c);
}

function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function checkUnit(unit: XmlElement, ctx: Context, inherited: Inherited, info: FileInfo): void {
  const { report } = ctx;
  const unitId = attr(unit, 'id') ?? '';
  const partElements = core(unit, 'segment', 'ignorable');
  if (!partElements.some((p) => p.name === 'segment')) {
    report.error(unit, '4.2.2.5 (unit)', `unit "${unitId}" must contain at least one <segment>`);
  }
  const dataElements = core(unit, 'originalData').flatMap((o) => core(o, 'data'));
  reportDuplicates(dataElements, 'id', report, '4.3.1.21 (id)', (id) => `data id "${id}" is used more than once in unit "${unitId}"`);

  const parts: UnitPart[] = [];
  const n = partElements.length;
  const orders = new Map<number, XmlElement>();
  partElements.forEach((part, index) => {
    const partInherited = inherit(part, inherited);
    const source = core(part, 'source')[0];
    const target = core(part, 'target')[0];
    if (part.name === 'segment') checkState(part, target, report);
    if (source) {
      const lang = attr(source, 'lang', XML_NS) ?? partInherited.lang;
      if (lang !== undefined && ctx.srcLang !== undefined && !sameLanguage(lang, ctx.srcLang)) {
        report.error(source, '4.2.2.12 (source)', `the source language is "${lang}" (explicit or inherited xml:lang) but srcLang is "${ctx.srcLang}"; they must be equal`);
      }
    }
    let order = index + 1;
    if (target) {
      if (ctx.trgLang === undefined && !ctx.reportedMissingTrgLang) {
        ctx.reportedMissingTrgLang = true;
        report.error(target, '4.2.2.1 (xliff)', 'the document has <target> elements, so <xliff> requires the trgLang attribute');
      }
      const lang = attr(target, 'lang', XML_NS) ?? partInherited.lang;
      if (lang !== undefined && ctx.trgLang !== undefined && !sameLanguage(lang, ctx.trgLang)) {
        report.error(target, '4.2.2.13 (target)', `the target language is "${lang}" (explicit or inherited xml:lang) but trgLang is "${ctx.trgLang}"; they must be equal`);
      }
      if (source) {
        const sourceSpace = attr(source, 'space', XML_NS) ?? partInherited.space;
        const targetSpace = attr(target, 'space', XML_NS) ?? partInherited.space;
        if (sourceSpace !== targetSpace) {
          report.error(target, '4.3.2.2 (xml:space)', `the target's xml:space is "${targetSpace}" but its source's is "${sourceSpace}"; source and target of a ${part.name} must treat white space alike`);
        }
      }
      const explicit = attribute(target, 'order');
      if (explicit && /^\+?[0-9]+$/.test(explicit.value.trim())) {
        order = Number(explicit.value);
        if (order > n) report.error(explicit, '4.3.1.24 (order)', `order="${explicit.value}" is higher than ${n}, the number of <segment> and <ignorable> elements in unit "${unitId}"`);
      }
      const clash = orders.get(order);
      if (clash) {
        report.error(explicit ?? target, '4.3.1.24 (order)', `target order ${order} is already used in unit "${unitId}" (line ${clash.line}, ${attribute(clash, 'order') ? 'explicit' : 'implicit'}); each target needs its own position`);
      }
      orders.set(order, target);
    }
    parts.push({ element: part, source, target, order });
  });
  checkUnitInline({ report, unit, unitId, fileId: info.fileId, unitIds: info.unitIds, parts, dataIds: new Set(dataElements.map((d) => attr(d, 'id') ?? '')), extraPrefixes: ctx.extraPrefixes, noteIds: new Set(core(unit, 'notes').flatMap((x) => core(x, 'note')).map((x) => attr(x, 'id')).filter((x): x is string => x !== undefined)) });
}

function checkState(segment: XmlElement, target: XmlElement | undefined, report: Reporter): void {
  const state = attribute(segment, 'state');
  if (state && ['translated', 'reviewed', 'final'].includes(state.value) && !target) {
    report.error(state, '4.3.1.31 (state)', `a segment in state "${state.value}" must have a <target>`);
  }
  const subState = attribute(segment, 'subState');
  if (subState && !state) report.error(subState, '4.3.1.35 (subState)', 'subState requires the state attribute on the same segment');
  if (subState && !/^[^\s:]+:[^\s:]+$/.test(subState.value)) {
    report.error(subState, '4.3.1.35 (subState)', `subState="${subState.value}" must be a user-defined value "prefix:value"`);
  }
}
