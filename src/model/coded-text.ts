/**
 * Markdown inline tokens as a format-neutral list of text runs and inline codes, the shape both
 * XLIFF 1.2 (`bpt`/`ept`/`ph`/`it`), XLIFF 2.1 (`pc`/`sc`/`ec`/`ph` + `originalData`) and TMX
 * level 2 render from. Each code carries the Markdown it stands for (`data`), so joining text
 * runs and code data gives the segment's Markdown back byte for byte.
 *
 * What becomes a code: every token that is not plain text. Paired markup (`**…**`, `*…*`,
 * `[…](url)`, `<strong>…</strong>`) is an open and a close code with one id; markup that machine
 * translation left unbalanced is an isolated code (FORMAT.md §6: `**` counts differ in 92 de
 * pairs), so the XLIFF stays valid; code spans, images, entities, backslash escapes, includes,
 * `:::no-loc:::` and other directives are standalone codes. Escapes and entities are codes (as in
 * Microsoft's mdxliff), which keeps translator text free of Markdown syntax and makes a round
 * trip exact. A character XML cannot carry (a C0 control) is a standalone code of type `char`.
 *
 * Ids are deterministic per segment, so a translated target can be checked against its source:
 * source codes are numbered in order (`p1…` pairs, `ph1…` standalone, `i1…` isolated); a target
 * code takes the id of the first unused source code with the same kind and Markdown (for a pair,
 * both halves), otherwise a fresh id continuing the same numbering (a code MT added).
 */
import type { InlineToken } from './types.ts';
import { findNonXmlChar } from './xml-chars.ts';

/** What a code stands for; renderers map it to `ctype` (1.2), `type` (2.1) or TMX `type`. */
export type CodeType =
  | 'bold'
  | 'italic'
  | 'link'
  | 'image'
  | 'code'
  | 'html'
  | 'entity'
  | 'escape'
  | 'include'
  | 'noLoc'
  | 'directive'
  | 'char';

export type CodeRole = 'open' | 'close' | 'standalone';

export interface InlineCode {
  kind: 'code';
  /** Shared by the open and close half of a pair, and by a source code and its target copy. */
  id: string;
  role: CodeRole;
  /** Isolated: half of a pair whose other half is not in this text (unbalanced markup). */
  isolated: boolean;
  type: CodeType;
  /** The Markdown this code stands for, exactly. */
  data: string;
  /** HTML element name for `html` codes. */
  element?: string;
  /** MDX: ids of the units that hold translatable text inside this code (image alt, link title): 2.1 `subFlows`. */
  subFlows?: string;
  /** Where a code read from a file stands (its element), for diagnostics. 1-based. */
  line?: number;
  column?: number;
}

export type CodedPart = string | InlineCode;
export type CodedText = CodedPart[];

export interface CodedSegment {
  source: CodedText;
  target: CodedText;
}

/** Joins text and code data: the Markdown the coded text stands for. */
export function codedToMarkdown(parts: readonly CodedPart[]): string {
  let out = '';
  for (const part of parts) out += typeof part === 'string' ? part : part.data;
  return out;
}

/** The codes of a coded text, in order. */
export function codesOf(parts: readonly CodedPart[]): InlineCode[] {
  return parts.filter((p): p is InlineCode => typeof p !== 'string');
}

/** Plain text of a coded text (codes dropped). */
export function codedPlainText(parts: readonly CodedPart[]): string {
  let out = '';
  for (const part of parts) if (typeof part === 'string') out += part;
  return out;
}

/** Codes a source and its target together, so that matching codes share ids. */
export function codeSegment(sourceTokens: readonly InlineToken[], targetTokens: readonly InlineToken[]): CodedSegment {
  const counters = { p: 0, ph: 0, i: 0 };
  const pool = new Map<string, string[]>();
  const source = codeTokens(sourceTokens, counters, (key, id) => {
    const ids = pool.get(key);
    if (ids) ids.push(id);
    else pool.set(key, [id]);
  });
  const target = codeTokens(targetTokens, counters, undefined, (key) => pool.get(key)?.shift());
  return { source, target };
}

/** Codes one text on its own (a TM entry side, a title). */
export function codeText(tokens: readonly InlineToken[]): CodedText {
  return codeTokens(tokens, { p: 0, ph: 0, i: 0 });
}

type Counters = { p: number; ph: number; i: number };

function codeTokens(
  tokens: readonly InlineToken[],
  counters: Counters,
  register?: (key: string, id: string) => void,
  reuse?: (key: string) => string | undefined,
): CodedText {
  // A pair's key needs both halves: collect the close raw per pair number first.
  const closeRaw = new Map<number, string>();
  for (const t of tokens) if ('role' in t && t.role === 'close' && 'pair' in t) closeRaw.set(t.pair, t.raw);
  // Markup holding a character XML cannot carry (a corrupt document) stays text: XLIFF 1.2 has no
  // way to write that character inside a code, while text splits it out as a `char` code. Both
  // halves of a pair go, so no half is left without the other.
  const asText = new Set<number>();
  for (const t of tokens) if (t.type !== 'text' && 'pair' in t && findNonXmlChar(t.raw) >= 0) asText.add(t.pair);
  const pairIds = new Map<number, string>();
  const out: CodedText = [];
  const take = (key: string, prefix: keyof Counters) => {
    const reused = reuse?.(key);
    if (reused !== undefined) return reused;
    const id = `${prefix}${++counters[prefix]}`;
    register?.(key, id);
    return id;
  };
  for (const token of tokens) {
    if (token.type === 'text' || ('pair' in token ? asText.has(token.pair) : findNonXmlChar(token.raw) >= 0)) {
      pushText(out, token.raw, counters, register, reuse);
      continue;
    }
    const type = codeType(token);
    const element = token.type === 'html' ? token.name : undefined;
    const role = 'role' in token ? token.role : undefined;
    let code: InlineCode;
    if ((role === 'open' || role === 'close') && 'pair' in token) {
      let id = pairIds.get(token.pair);
      if (id === undefined) {
        // The open half comes first in the text; its key names both halves.
        id = take(`pair\u0000${type}\u0000${token.raw}\u0000${closeRaw.get(token.pair) ?? ''}`, 'p');
        pairIds.set(token.pair, id);
      }
      code = { kind: 'code', id, role, isolated: false, type, data: token.raw };
    } else if (role === 'isolated') {
      const direction = isolatedDirection(token, out);
      code = { kind: 'code', id: take(`iso\u0000${type}\u0000${direction}\u0000${token.raw}`, 'i'), role: direction, isolated: true, type, data: token.raw };
    } else {
      code = { kind: 'code', id: take(`ph\u0000${type}\u0000${token.raw}`, 'ph'), role: 'standalone', isolated: false, type, data: token.raw };
    }
    if (element !== undefined) code.element = element;
    out.push(code);
  }
  return out;
}

/** Text runs, with characters XML cannot carry split out as `char` codes. */
function pushText(out: CodedText, text: string, counters: Counters, register?: (key: string, id: string) => void, reuse?: (key: string) => string | undefined) {
  let rest = text;
  for (let at = findNonXmlChar(rest); at >= 0; at = findNonXmlChar(rest)) {
    if (at > 0) appendText(out, rest.slice(0, at));
    const data = rest[at]!;
    const key = `ph\u0000char\u0000${data}`;
    let id = reuse?.(key);
    if (id === undefined) {
      id = `ph${++counters.ph}`;
      register?.(key, id);
    }
    out.push({ kind: 'code', id, role: 'standalone', isolated: false, type: 'char', data });
    rest = rest.slice(at + 1);
  }
  if (rest) appendText(out, rest);
}

function appendText(out: CodedText, text: string) {
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + text;
  else out.push(text);
}

/**
 * Which way an unbalanced marker points, for renderers that need it (1.2 `it pos`, 2.1 `sc`/`ec`):
 * a closing HTML tag closes; `**` with text before it and nothing after (or a space) closes;
 * everything else opens. Only a hint for CAT tools: the data restores the Markdown either way.
 */
function isolatedDirection(token: InlineToken, before: CodedText): 'open' | 'close' {
  if (token.type === 'html') return token.raw.startsWith('</') ? 'close' : 'open';
  const last = before[before.length - 1];
  const previousChar = typeof last === 'string' ? last[last.length - 1] : undefined;
  return previousChar !== undefined && !/\s/.test(previousChar) ? 'close' : 'open';
}

function codeType(token: InlineToken): CodeType {
  switch (token.type) {
    case 'strong':
      return 'bold';
    case 'emphasis':
      return 'italic';
    case 'html':
      return 'html';
    case 'noLoc':
      return 'noLoc';
    case 'text':
      return 'char';
    default:
      return token.type;
  }
}

/** A stable signature of a code, ignoring its id: what must be equal for two codes to be "the same". */
export function codeSignature(code: InlineCode): string {
  return `${code.role}\u0000${code.isolated ? 'i' : ''}\u0000${code.type}\u0000${code.data}`;
}
