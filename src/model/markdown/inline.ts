/**
 * Inline tokenizer for the DocFX flavour of Markdown found inside segments.
 *
 * It is deliberately flat and lossless: the tokens' `raw` strings concatenate to the input, and
 * paired markup is matched with CommonMark's delimiter-flanking rules, so markup that machine
 * translation broke (an odd number of `**`) shows up as `isolated` tokens instead of being lost
 * or mis-nested. That is what the XLIFF layer needs to turn markup into inline codes.
 */
import type { InlineToken, PairRole, Segment } from '../types.ts';
import { decodeEntity } from './entities.ts';
import { matchBracketDirective, matchColonDirective } from './docfx.ts';
import { matchInclude } from './docfx-include.ts';

const SPECIAL_MARKDOWN = /[\\&`[\]!<*_:]/g;
const SPECIAL_MDX = /[\\&`[\]!<*_:{]/g;
const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const HTML_TAG = /^<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>/;
const ENTITY = /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
const VOID_ELEMENTS = new Set(['br', 'img', 'hr', 'col', 'input', 'wbr', 'area', 'source', 'meta', 'link']);

interface Delimiter {
  index: number;
  marker: string;
  canOpen: boolean;
  canClose: boolean;
}

export interface InlineOptions {
  /** MDX: `{expression}` is code, not text (translated prose must never hold a live `{`). */
  mdx?: boolean;
}

export function tokenizeInline(text: string, options: InlineOptions = {}): InlineToken[] {
  const SPECIAL = options.mdx ? SPECIAL_MDX : SPECIAL_MARKDOWN;
  // Most sentences have no character that could start markup: one text token, as the scan below
  // would give, without its bookkeeping (this runs for both sides of every pair of a corpus).
  SPECIAL.lastIndex = 0;
  if (!SPECIAL.test(text)) return text === '' ? [] : [{ type: 'text', raw: text }];
  const tokens: InlineToken[] = [];
  let textStart = 0;
  let pairCounter = 0;
  const delimiters: Delimiter[] = [];
  const brackets: number[] = [];
  const htmlOpen: number[] = [];

  const flushText = (end: number) => {
    if (end > textStart) tokens.push({ type: 'text', raw: text.slice(textStart, end) });
  };
  const push = (token: InlineToken, start: number, end: number) => {
    flushText(start);
    tokens.push(token);
    textStart = end;
    SPECIAL.lastIndex = end;
  };

  SPECIAL.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = SPECIAL.exec(text))) {
    const i = match.index;
    const ch = text[i]!;
    switch (ch) {
      case '\\': {
        const next = text[i + 1];
        if (next !== undefined && ASCII_PUNCT.test(next)) {
          push({ type: 'escape', raw: '\\' + next, value: next }, i, i + 2);
        }
        break;
      }
      case '&': {
        const m = ENTITY.exec(text.slice(i, i + 40));
        if (m) push({ type: 'entity', raw: m[0], value: decodeEntity(m[0]) }, i, i + m[0].length);
        break;
      }
      case '`': {
        let run = 1;
        while (text[i + run] === '`') run++;
        const fence = '`'.repeat(run);
        let close = text.indexOf(fence, i + run);
        while (close >= 0 && text[close + run] === '`') {
          let skip = close;
          while (text[skip] === '`') skip++;
          close = text.indexOf(fence, skip);
        }
        if (close >= 0) {
          const end = close + run;
          push({ type: 'code', raw: text.slice(i, end), value: text.slice(i + run, close) }, i, end);
        } else {
          SPECIAL.lastIndex = i + run;
        }
        break;
      }
      case '!': {
        if (text[i + 1] !== '[') break;
        const image = parseImage(text, i);
        if (image) push(image, i, i + image.raw.length);
        break;
      }
      case '[': {
        const include = matchInclude(text, i);
        if (include) {
          push({ type: 'include', raw: include.raw, title: include.title, path: include.path }, i, i + include.raw.length);
          break;
        }
        const head = text.slice(i, i + 400);
        const directive = matchBracketDirective(head);
        if (directive) {
          push({ type: 'directive', raw: directive.raw, name: directive.name }, i, i + directive.raw.length);
          break;
        }
        flushText(i);
        brackets.push(tokens.length);
        tokens.push({ type: 'text', raw: '[' });
        textStart = i + 1;
        break;
      }
      case ']': {
        if (text[i + 1] !== '(' || brackets.length === 0) break;
        const destination = parseDestination(text, i + 1);
        if (!destination) break;
        const openIndex = brackets.pop()!;
        // Brackets opened inside the link text can no longer close a link.
        brackets.length = 0;
        const pair = ++pairCounter;
        tokens[openIndex] = { type: 'link', raw: '[', role: 'open', pair };
        const raw = text.slice(i, destination.end);
        const close: InlineToken = { type: 'link', raw, role: 'close', pair, url: destination.url };
        if (destination.title !== undefined) close.title = destination.title;
        push(close, i, destination.end);
        break;
      }
      case '<': {
        const m = HTML_TAG.exec(text.slice(i, i + 500));
        if (!m) break;
        const closing = m[1] === '/';
        const name = m[2]!.toLowerCase();
        if (closing) {
          const at = findLastIndex(htmlOpen, (k) => (tokens[k] as { name: string }).name === name);
          let pair = 0;
          let role: PairRole = 'isolated';
          if (at >= 0) {
            const openToken = tokens[htmlOpen[at]!] as Extract<InlineToken, { type: 'html' }>;
            pair = ++pairCounter;
            openToken.role = 'open';
            openToken.pair = pair;
            role = 'close';
            htmlOpen.length = at;
          }
          push({ type: 'html', raw: m[0], name, role, pair }, i, i + m[0].length);
        } else if (m[4] === '/' || VOID_ELEMENTS.has(name)) {
          push({ type: 'html', raw: m[0], name, role: 'void', pair: 0 }, i, i + m[0].length);
        } else {
          flushText(i);
          htmlOpen.push(tokens.length);
          tokens.push({ type: 'html', raw: m[0], name, role: 'isolated', pair: 0 });
          textStart = i + m[0].length;
          SPECIAL.lastIndex = textStart;
        }
        break;
      }
      case ':': {
        if (text[i + 1] !== ':' || text[i + 2] !== ':') break;
        // Bounded: a directive is short, and an unclosed one must not make the scan quadratic.
        const m = matchColonDirective(text.slice(i, i + 2000));
        if (!m) break;
        if (m.name === 'no-loc') push({ type: 'noLoc', raw: m.raw, value: m.attributes.text ?? '' }, i, i + m.raw.length);
        else push({ type: 'directive', raw: m.raw, name: m.name }, i, i + m.raw.length);
        break;
      }
      case '{': {
        const end = matchingBrace(text, i);
        if (end > 0) push({ type: 'directive', raw: text.slice(i, end), name: 'expression' }, i, end);
        break;
      }
      case '*':
      case '_': {
        let run = 1;
        while (text[i + run] === ch) run++;
        const before = i > 0 ? text[i - 1]! : ' ';
        const after = i + run < text.length ? text[i + run]! : ' ';
        const { canOpen, canClose } = flanking(ch, before, after);
        if (!canOpen && !canClose) {
          SPECIAL.lastIndex = i + run;
          break;
        }
        flushText(i);
        // A run becomes `**` pieces and at most one single marker, each matched on its own.
        let offset = 0;
        while (offset < run) {
          const len = run - offset >= 2 ? 2 : 1;
          const marker = ch.repeat(len);
          delimiters.push({ index: tokens.length, marker, canOpen, canClose });
          tokens.push({ type: len === 2 ? 'strong' : 'emphasis', raw: marker, role: 'isolated', pair: 0 });
          offset += len;
        }
        textStart = i + run;
        SPECIAL.lastIndex = textStart;
        break;
      }
    }
  }
  flushText(text.length);
  pairCounter = matchDelimiters(tokens, delimiters, pairCounter);
  // Unmatched `[` stay text; merge them back into their neighbours to keep tokens minimal.
  return mergeText(tokens);
}

/** End (exclusive) of the `{…}` starting at `open`, counting nested braces and skipping strings. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

/** CommonMark's left/right-flanking rules (spec 6.2), with the stricter rules for `_`. */
function flanking(ch: string, before: string, after: string): { canOpen: boolean; canClose: boolean } {
  const afterSpace = /\s/.test(after);
  const beforeSpace = /\s/.test(before);
  const afterPunct = isPunctuation(after);
  const beforePunct = isPunctuation(before);
  const left = !afterSpace && (!afterPunct || beforeSpace || beforePunct);
  const right = !beforeSpace && (!beforePunct || afterSpace || afterPunct);
  if (ch === '*') return { canOpen: left, canClose: right };
  return { canOpen: left && (!right || beforePunct), canClose: right && (!left || afterPunct) };
}

function isPunctuation(ch: string): boolean {
  return /[\p{P}\p{S}]/u.test(ch);
}

function matchDelimiters(tokens: InlineToken[], delimiters: Delimiter[], pairCounter: number): number {
  const openers: Delimiter[] = [];
  for (const d of delimiters) {
    if (d.canClose) {
      let k = openers.length - 1;
      while (k >= 0 && openers[k]!.marker !== d.marker) k--;
      if (k >= 0) {
        const opener = openers[k]!;
        const pair = ++pairCounter;
        (tokens[opener.index] as { role: PairRole; pair: number }).role = 'open';
        (tokens[opener.index] as { role: PairRole; pair: number }).pair = pair;
        (tokens[d.index] as { role: PairRole; pair: number }).role = 'close';
        (tokens[d.index] as { role: PairRole; pair: number }).pair = pair;
        openers.length = k;
        continue;
      }
    }
    if (d.canOpen) openers.push(d);
  }
  return pairCounter;
}

function parseImage(text: string, start: number): Extract<InlineToken, { type: 'image' }> | undefined {
  // `![alt](url)`: alt text may hold balanced brackets.
  let depth = 0;
  let i = start + 1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) break;
    }
  }
  if (depth !== 0 || text[i + 1] !== '(') return undefined;
  const destination = parseDestination(text, i + 1);
  if (!destination) return undefined;
  return { type: 'image', raw: text.slice(start, destination.end), alt: text.slice(start + 2, i), url: destination.url };
}

/** Parses `(url "title")` starting at the `(`; returns where it ends (after `)`). */
function parseDestination(text: string, open: number): { url: string; title?: string; end: number } | undefined {
  let i = open + 1;
  while (text[i] === ' ') i++;
  let url: string;
  if (text[i] === '<') {
    const close = text.indexOf('>', i);
    if (close < 0) return undefined;
    url = text.slice(i + 1, close);
    i = close + 1;
  } else {
    const urlStart = i;
    let depth = 0;
    for (; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\\') {
        i++;
        continue;
      }
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (c === ' ' || c === '\n') break;
    }
    url = text.slice(urlStart, i);
  }
  while (text[i] === ' ') i++;
  let title: string | undefined;
  const quote = text[i];
  if (quote === '"' || quote === "'") {
    const close = text.indexOf(quote, i + 1);
    if (close < 0) return undefined;
    title = text.slice(i + 1, close);
    i = close + 1;
    while (text[i] === ' ') i++;
  }
  if (text[i] !== ')') return undefined;
  return title === undefined ? { url, end: i + 1 } : { url, title, end: i + 1 };
}

function findLastIndex<T>(items: T[], predicate: (item: T) => boolean): number {
  for (let k = items.length - 1; k >= 0; k--) if (predicate(items[k]!)) return k;
  return -1;
}

function mergeText(tokens: InlineToken[]): InlineToken[] {
  const out: InlineToken[] = [];
  for (const token of tokens) {
    const last = out[out.length - 1];
    if (token.type === 'text' && last?.type === 'text') last.raw += token.raw;
    else out.push(token);
  }
  return out;
}

/** The concatenated raw text of tokens: the inverse of `tokenizeInline`. */
export function serializeInline(tokens: readonly InlineToken[]): string {
  let out = '';
  for (const token of tokens) out += token.raw;
  return out;
}

/** Human-readable plain text: markup dropped, escapes and entities resolved. */
export function plainText(tokens: readonly InlineToken[]): string {
  let out = '';
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        out += token.raw;
        break;
      case 'code':
      case 'escape':
      case 'entity':
      case 'noLoc':
        out += token.value;
        break;
      case 'include':
        out += token.title;
        break;
      case 'image':
        out += token.alt;
        break;
      default:
        break;
    }
  }
  return out;
}

/**
 * A sentence's text with its line breaks joined: the break and the line prefix after it (the
 * indentation of a list item, the `>` of a block quote) become one space. A paragraph is one
 * text however its lines are wrapped, so this is what translators see and ids are made of;
 * a target needs no prefixes, as CommonMark continues a paragraph on a "lazy" line.
 */
export function joinLines(source: string): string {
  return source.replace(/[ \t]*\r?\n[ \t>]*/g, ' ');
}

/** A sentence's inline tokens as translators see it: lines joined, `{…}` as code. */
export function mdxSourceTokens(segment: Segment): InlineToken[] {
  return tokenizeInline(joinLines(segment.source), { mdx: true });
}
