/**
 * TMX reader and structure check. Reads any TMX 1.4 (and the `lang` attribute of 1.1) with the
 * safe XML reader, checks what a DTD would and a little more, and gives back translation entries
 * whose text is the Markdown again: the text of a `<seg>` with each inline code replaced by its
 * native content (what `tmx-codes.ts` writes).
 *
 * Checks (each problem is a diagnostic at the element's line:column; a bad `<tu>` is skipped,
 * the rest still load): root `<tmx version="1.4">`; a `<header>` with the seven required
 * attributes; a `<body>`; every `<tu>` has one `<tuv>` in the source language and at least one
 * other; every `<tuv>` has a language and exactly one `<seg>`; inside a `<seg>` only
 * bpt/ept/it/ph/hi/ut, every `<bpt i>` closed by one later `<ept i>` and no stray `<ept>`,
 * `<it pos>` is begin or end, `i` and `x` are numbers.
 */
import type { Diagnostic } from '../model/types.ts';
import { parseXml, parseXmlBytes, XML_NS, XmlError, xmlErrorToDiagnostic, type XmlElement } from '../xml/parse.ts';
import { attr, childElements, textContent } from '../xml/tree.ts';
import type { TmEntry, TmOrigin } from './memory.ts';
import { charFromName } from './tmx-codes.ts';

export const REQUIRED_HEADER_ATTRIBUTES = ['creationtool', 'creationtoolversion', 'segtype', 'o-tmf', 'adminlang', 'srclang', 'datatype'];

export interface TmxHeaderInfo {
  attributes: Record<string, string>;
  sourceLang: string | undefined;
}

export interface TmxReadResult {
  header: TmxHeaderInfo | undefined;
  entries: TmEntry[];
  tuCount: number;
  diagnostics: Diagnostic[];
}

const INLINE = new Set(['bpt', 'ept', 'it', 'ph', 'hi', 'ut', 'sub']);

/** Reads TMX from text, or from bytes (UTF-8, or UTF-16 with a BOM as some CAT tools write it). */
export function readTmx(input: string | Uint8Array, file: string): TmxReadResult {
  const result: TmxReadResult = { header: undefined, entries: [], tuCount: 0, diagnostics: [] };
  const report = (el: { line: number; column: number }, message: string) =>
    result.diagnostics.push({ file, line: el.line, column: el.column, severity: 'error', code: 'tmx-invalid', message });
  let root: XmlElement;
  try {
    root = (typeof input === 'string' ? parseXml(input, file) : parseXmlBytes(input, file)).root;
  } catch (error) {
    if (error instanceof XmlError) {
      result.diagnostics.push(xmlErrorToDiagnostic(error));
      return result;
    }
    throw error;
  }
  if (root.name !== 'tmx') {
    report(root, `the root element is <${root.qname}>, not <tmx>; is this a TMX file?`);
    return result;
  }
  if (attr(root, 'version') !== '1.4') report(root, `<tmx version="${attr(root, 'version') ?? ''}">: expected version="1.4" (TMX 1.4b)`);
  const header = childElements(root, '', 'header')[0];
  if (!header) report(root, '<tmx> has no <header>; add one with the TMX 1.4b required attributes');
  else {
    const attributes: Record<string, string> = {};
    for (const a of header.attributes) attributes[a.qname] = a.value;
    for (const name of REQUIRED_HEADER_ATTRIBUTES) {
      if (!attributes[name]) report(header, `<header> lacks the required attribute ${name}`);
    }
    const srclang = attributes.srclang;
    result.header = { attributes, sourceLang: srclang && srclang !== '*all*' ? srclang : undefined };
  }
  const body = childElements(root, '', 'body')[0];
  if (!body) {
    report(root, '<tmx> has no <body>');
    return result;
  }
  const sourceLang = result.header?.sourceLang;
  for (const tu of childElements(body)) {
    if (tu.name !== 'tu') {
      report(tu, `<${tu.qname}> inside <body>: only <tu> belongs there`);
      continue;
    }
    result.tuCount++;
    const entries = readTu(tu, sourceLang, report);
    for (const entry of entries) {
      if (!entry.origin) entry.origin = { path: file, segmentId: attr(tu, 'tuid') ?? String(result.tuCount) };
    }
    result.entries.push(...entries);
  }
  return result;
}

function readTu(tu: XmlElement, sourceLang: string | undefined, report: (el: XmlElement, message: string) => void): TmEntry[] {
  const tuvs: { lang: string; seg: string; el: XmlElement }[] = [];
  let ok = true;
  for (const tuv of childElements(tu, '', 'tuv')) {
    const lang = attr(tuv, 'lang', XML_NS) ?? attr(tuv, 'lang');
    if (!lang) {
      report(tuv, '<tuv> without xml:lang');
      ok = false;
      continue;
    }
    const segs = childElements(tuv, '', 'seg');
    if (segs.length !== 1) {
      report(tuv, `<tuv xml:lang="${lang}"> has ${segs.length} <seg> elements; it needs exactly one`);
      ok = false;
      continue;
    }
    const seg = segText(segs[0]!, report);
    if (seg === undefined) ok = false;
    tuvs.push({ lang, seg: seg ?? '', el: tuv });
  }
  const srcLang = attr(tu, 'srclang') ?? sourceLang;
  const source = tuvs.find((t) => srcLang !== undefined && t.lang.toLowerCase() === srcLang.toLowerCase());
  if (!source) {
    report(tu, `<tu> has no <tuv> in the source language ${srcLang ?? '(header srclang is *all* or missing)'}`);
    return [];
  }
  const targets = tuvs.filter((t) => t !== source);
  if (targets.length === 0) {
    report(tu, `<tu> has only the source language ${source.lang}; it needs a translation`);
    return [];
  }
  if (!ok) return [];
  const count = Number(attr(tu, 'usagecount') ?? '1');
  const origin = originFromProps(tu);
  return targets.map((t) => {
    const entry: TmEntry = { source: source.seg, target: t.seg, sourceLang: source.lang, targetLang: t.lang, count: Number.isInteger(count) && count > 0 ? count : 1 };
    if (origin) entry.origin = origin;
    return entry;
  });
}

/** The Markdown of a `<seg>`: text, with each inline code's native content in its place. */
function segText(seg: XmlElement, report: (el: XmlElement, message: string) => void): string | undefined {
  const open = new Map<string, XmlElement>();
  let ok = true;
  let out = '';
  const walk = (el: XmlElement, depth: number) => {
    for (const child of el.children) {
      if (child.type === 'text') {
        out += child.value;
        continue;
      }
      if (!INLINE.has(child.name)) {
        report(child, `<${child.qname}> is not allowed inside <seg>`);
        ok = false;
        continue;
      }
      if (depth === 0) ok = checkCode(child, open, report) && ok;
      if (child.name === 'ph' && attr(child, 'type') === 'x-char') out += charFromName(textContent(child));
      else walk(child, depth + 1);
    }
  };
  walk(seg, 0);
  for (const [i, bpt] of open) {
    report(bpt, `<bpt i="${i}"> has no matching <ept i="${i}"> in the same <seg>`);
    ok = false;
  }
  return ok ? out : undefined;
}

function checkCode(el: XmlElement, open: Map<string, XmlElement>, report: (el: XmlElement, message: string) => void): boolean {
  const isNumber = (v: string | undefined) => v === undefined || /^\d+$/.test(v);
  const i = attr(el, 'i');
  if (!isNumber(attr(el, 'x'))) {
    report(el, `<${el.name} x="${attr(el, 'x')}">: x must be a number`);
    return false;
  }
  if (el.name === 'bpt' || el.name === 'ept') {
    if (i === undefined || !isNumber(i)) {
      report(el, `<${el.name}> needs a numeric i attribute to pair it`);
      return false;
    }
    if (el.name === 'bpt') {
      if (open.has(i)) {
        report(el, `a second <bpt i="${i}"> before the first was closed`);
        return false;
      }
      open.set(i, el);
    } else if (!open.delete(i)) {
      report(el, `<ept i="${i}"> has no <bpt i="${i}"> before it`);
      return false;
    }
  }
  if (el.name === 'it' && attr(el, 'pos') !== 'begin' && attr(el, 'pos') !== 'end') {
    report(el, `<it pos="${attr(el, 'pos') ?? ''}">: pos must be "begin" or "end"`);
    return false;
  }
  return true;
}

function originFromProps(tu: XmlElement): TmOrigin | undefined {
  const prop = childElements(tu, '', 'prop').find((p) => attr(p, 'type') === 'x-origin');
  if (!prop) return undefined;
  const text = prop.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
  const hash = text.lastIndexOf('#');
  const origin: TmOrigin = hash > 0 ? { path: text.slice(0, hash), segmentId: text.slice(hash + 1) } : { path: text, segmentId: '' };
  const type = childElements(tu, '', 'prop').find((p) => attr(p, 'type') === 'x-translation-type');
  const t = type?.children.map((c) => (c.type === 'text' ? c.value : '')).join('');
  if (t) origin.translationType = t;
  return origin;
}
