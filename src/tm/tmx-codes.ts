/**
 * TMX 1.4b level-2 `<seg>` content, rendered from the format-neutral inline codes of
 * src/model/coded-text.ts (the same codes the XLIFF files carry, so a CAT tool sees the same
 * tags in the memory as in the documents):
 *
 * - a pair (`**…**`, `[…](url)`, `<strong>…</strong>`) → `<bpt i x type>` … `<ept i>`;
 * - half a pair that machine translation left unbalanced → `<it pos="begin|end" x type>`;
 * - a standalone code (code span, image, `<br>`, entity, escape, include…) → `<ph x type>`.
 *
 * Every code element holds the Markdown it stands for, so joining text and code contents gives
 * the Markdown back exactly (the TMX reader does that). `x` ties a target code to the same
 * source code (TMX wants a number; the shared code id gives it); `i` pairs a `bpt` with its
 * `ept` within one `<seg>`. A character XML cannot carry becomes `<ph type="x-char">U+0001</ph>`.
 */
import type { InlineToken } from '../model/types.ts';
import { codeSegment, type CodedText, type InlineCode } from '../model/coded-text.ts';
import { findNonXmlChar } from '../model/xml-chars.ts';
import { escapeAttribute, escapeText } from '../xml/escape.ts';

/** TMX `type`: the spec's own values where one fits (bold, italic, link, image, lb), `x-…` otherwise. */
export function tmxCodeType(code: InlineCode): string {
  switch (code.type) {
    case 'bold':
    case 'italic':
    case 'link':
    case 'image':
      return code.type;
    case 'noLoc':
      return 'x-no-loc';
    case 'html': {
      const element = code.element ?? '';
      if (element === 'strong' || element === 'b') return 'bold';
      if (element === 'em' || element === 'i') return 'italic';
      if (element === 'a') return 'link';
      if (element === 'br') return 'lb';
      if (element === 'img') return 'image';
      return `x-html-${element}`;
    }
    default:
      return `x-${code.type}`;
  }
}

/** Escaped XML text; the few characters XML 1.0 cannot carry at all become U+FFFD. */
export function tmxText(text: string): string {
  let clean = text;
  for (let at = findNonXmlChar(clean); at >= 0; at = findNonXmlChar(clean)) clean = clean.slice(0, at) + '\ufffd' + clean.slice(at + 1);
  return escapeText(clean);
}

/** `<seg>` content for the source and the target of one translation unit. */
export function tmxSegments(source: readonly InlineToken[], target: readonly InlineToken[]): { source: string; target: string } {
  const coded = codeSegment(source, target);
  const xOf = new Map<string, number>();
  const x = (id: string) => {
    let n = xOf.get(id);
    if (n === undefined) xOf.set(id, (n = xOf.size + 1));
    return n;
  };
  return { source: renderCoded(coded.source, x), target: renderCoded(coded.target, x) };
}

function renderCoded(parts: CodedText, x: (id: string) => number): string {
  const iOfPair = new Map<string, number>();
  let out = '';
  for (const part of parts) {
    if (typeof part === 'string') {
      out += tmxText(part);
      continue;
    }
    const type = escapeAttribute(tmxCodeType(part));
    const data = part.type === 'char' ? charName(part.data) : tmxText(part.data);
    if (part.isolated) {
      out += `<it pos="${part.role === 'close' ? 'end' : 'begin'}" x="${x(part.id)}" type="${type}">${data}</it>`;
    } else if (part.role === 'open') {
      const i = iOfPair.size + 1;
      iOfPair.set(part.id, i);
      out += `<bpt i="${i}" x="${x(part.id)}" type="${type}">${data}</bpt>`;
    } else if (part.role === 'close') {
      out += `<ept i="${iOfPair.get(part.id)}">${data}</ept>`;
    } else {
      out += `<ph x="${x(part.id)}" type="${type}">${data}</ph>`;
    }
  }
  return out;
}

/** `U+0001`: how a character XML cannot carry is written (and read back). */
function charName(ch: string): string {
  return Array.from(ch, (c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');
}

/** The character a `<ph type="x-char">` stands for. */
export function charFromName(name: string): string {
  return name
    .split(' ')
    .map((u) => String.fromCodePoint(parseInt(u.replace(/^U\+/, ''), 16)))
    .join('');
}
