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
 *
 * A TMX from another tool (any datatype but Bitext's "x-markdown") holds that tool's native
 * markup in its codes: they are mapped to Markdown by tmx-native.ts, and a `<tu>` with a code
 * that has no Markdown form is skipped with a `tmx-skipped` warning saying which code.
 */
import { localeTagProblem } from '../model/locale-tag.ts';
import { type Diagnostic, diagnostic } from '../model/diagnostics.ts';
import { parseXml, parseXmlBytes, XML_NS, XmlError, xmlErrorToDiagnostic, type XmlElement } from '../xml/parse.ts';
import { attr, childElements, textContent } from '../xml/tree.ts';
import type { TmEntry, TmOrigin } from './memory.ts';
import { charFromName } from './tmx-codes.ts';
import { markdownPair, markdownPlaceholder, markdownText } from './tmx-native.ts';

export const REQUIRED_HEADER_ATTRIBUTES = ['creationtool', 'creationtoolversion', 'segtype', 'o-tmf', 'adminlang', 'srclang', 'datatype'];

export interface TmxHeaderInfo {
  attributes: Record<string, string>;
  sourceLang: string | undefined;
}

export interface TmxReadResult {
  header: TmxHeaderInfo | undefined;
  entries: TmEntry[];
  tuCount: number;
  /** `<tu>`s left out because a code has no Markdown form (each also a `tmx-skipped` warning). */
  skipped: number;
  diagnostics: Diagnostic[];
}

const INLINE = new Set(['bpt', 'ept', 'it', 'ph', 'hi', 'ut', 'sub']);

/** Reads TMX from text, or from bytes (UTF-8, or UTF-16 with a BOM as some CAT tools write it). */
export function readTmx(input: string | Uint8Array, file: string): TmxReadResult {
  const result: TmxReadResult = { header: undefined, entries: [], tuCount: 0, skipped: 0, diagnostics: [] };
  const report = (el: { line: number; column: number }, message: string) =>
    result.diagnostics.push(diagnostic('tmx-invalid', { file, line: el.line, column: el.column }, message));
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
  const foreign = result.header?.attributes.datatype !== 'x-markdown';
  const skip = (el: XmlElement, reason: string) => {
    result.diagnostics.push(diagnostic('tmx-skipped', { file, line: el.line, column: el.column }, `translation unit skipped: ${reason}`));
  };
  for (const tu of childElements(body)) {
    if (tu.name !== 'tu') {
      report(tu, `<${tu.qname}> inside <body>: only <tu> belongs there`);
      continue;
    }
    result.tuCount++;
    const skippedBefore = result.diagnostics.length;
    const entries = readTu(tu, sourceLang, report, foreign ? skip : undefined);
    if (result.diagnostics.slice(skippedBefore).some((d) => d.code === 'tmx-skipped')) result.skipped++;
    for (const entry of entries) {
      if (!entry.origin) entry.origin = { path: file, segmentId: attr(tu, 'tuid') ?? String(result.tuCount) };
    }
    result.entries.push(...entries);
  }
  return result;
}

type Report = (el: XmlElement, message: string) => void;

/** `skip` is given for another tool's TMX: codes are then mapped to Markdown (tmx-native.ts). */
function readTu(tu: XmlElement, sourceLang: string | undefined, report: Report, skipTu?: Report): TmEntry[] {
  // One warning per unit: the first code that cannot be carried says why the unit is left out.
  let skipped = false;
  const skip: Report | undefined =
    skipTu &&
    ((el, reason) => {
      if (!skipped) skipTu(el, reason);
      skipped = true;
    });
  const tuvs: { lang: string; seg: string; el: XmlElement }[] = [];
  let ok = true;
  for (const tuv of childElements(tu, '', 'tuv')) {
    const lang = attr(tuv, 'lang', XML_NS) ?? attr(tuv, 'lang');
    if (!lang) {
      report(tuv, '<tuv> without xml:lang');
      ok = false;
      continue;
    }
    // Memory files are named by language pair: a language that is not a BCP 47 tag never gets that far.
    const problem = localeTagProblem(lang, `<tuv xml:lang="${lang}">`);
    if (problem) {
      report(tuv, problem);
      ok = false;
      continue;
    }
    const segs = childElements(tuv, '', 'seg');
    if (segs.length !== 1) {
      report(tuv, `<tuv xml:lang="${lang}"> has ${segs.length} <seg> elements; it needs exactly one`);
      ok = false;
      continue;
    }
    const seg = skip ? nativeSegText(segs[0]!, report, skip) : segText(segs[0]!, report);
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

/**
 * The Markdown of another tool's `<seg>`: text escaped for Markdown, each paired code as its
 * Markdown pair, a line break as `<br/>`; undefined (with the reason passed to `skip`) when a
 * code has no Markdown form or the codes do not pair.
 */
function nativeSegText(seg: XmlElement, report: Report, skip: Report): string | undefined {
  const open = new Map<string, XmlElement>();
  const closers = new Map<string, string>();
  let out = '';
  let ok = true;
  for (const child of seg.children) {
    if (!ok) break;
    if (child.type === 'text') {
      out += markdownText(child.value);
      continue;
    }
    if (!INLINE.has(child.name)) {
      report(child, `<${child.qname}> is not allowed inside <seg>`);
      return undefined;
    }
    if (!checkCode(child, open, report)) return undefined;
    const native = textContent(child);
    const type = attr(child, 'type');
    if (child.name === 'bpt') {
      const pair = markdownPair(native, type);
      if ('reason' in pair) {
        skip(child, pair.reason);
        ok = false;
      } else {
        out += pair.open;
        closers.set(attr(child, 'i')!, pair.close);
      }
    } else if (child.name === 'ept') out += closers.get(attr(child, 'i')!) ?? '';
    else if (child.name === 'ph' && type === 'x-char') out += charFromName(native);
    else if (child.name === 'ph') {
      const ph = markdownPlaceholder(native, type);
      if ('reason' in ph) {
        skip(child, ph.reason);
        ok = false;
      } else out += ph.markdown;
    } else if (child.name === 'hi') {
      // A highlight only marks its text (for a terminology or QA tool); the text is kept.
      const inner = nativeSegText(child, report, skip);
      if (inner === undefined) return undefined;
      out += inner;
    } else {
      skip(child, `<${child.name}> ${child.name === 'it' ? '(half of a code pair whose other half is outside the segment)' : '(an unknown code)'} has no Markdown equivalent`);
      ok = false;
    }
  }
  if (!ok) return undefined;
  for (const [i, bpt] of open) {
    report(bpt, `<bpt i="${i}"> has no matching <ept i="${i}"> in the same <seg>`);
    return undefined;
  }
  return out;
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
