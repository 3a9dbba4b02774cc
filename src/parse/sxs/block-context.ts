/**
 * Works out where a segment sits in the Markdown block structure (heading, list item, table
 * cell, alert, HTML cell, link text) from the skeleton around it. The XLIFF notes and the site
 * both read this; sxs files carry no other structural information for a sentence.
 */
import type { BlockContext } from '../../model/types.ts';

const HEADING = /^(#{1,6})(?=[\s<]|$)/;
const LIST_MARKER = /^([-*+]|\d{1,9}[.)])(?:[ \t]+|$)/;
const ANCHOR = /<a\b[^>]*?\b(?:name|id)\s*=\s*"([^"]*)"/g;
const ALERT = /\[!([A-Za-z]+)\]|\[!\s*([^\]\n]*)\]/;
const NOT_ALERTS = new Set(['DIV', 'INCLUDE', 'VIDEO']);
const HTML_CONTAINER = /<(\/?)(td|th|li|p|ul|ol|table|tr)\b[^>]*>/gi;
const LOOKBACK = 4000;

export interface ContextInput {
  /** The document body (front matter excluded), pairs included. */
  text: string;
  /** Offset of the pair's first byte and of the byte after it. */
  start: number;
  end: number;
  /** Offset of the first byte of the pair's line. */
  lineStart: number;
  /** Whether the body has HTML containers at all: skips the HTML scan for most documents. */
  hasHtml: boolean;
  /** Per-document memo of which line starts belong to a pipe table without leading pipes. */
  tableLines: Map<number, boolean>;
  /**
   * Per-document memo of the cell separators counted on a line up to an offset: the pairs of a
   * table row come in order, and each would otherwise count again from the start of the row.
   */
  cellSeparators: CellSeparators;
}

/** `count` cell separators on the line at `lineStart` before offset `at`. */
export interface CellSeparators {
  lineStart: number;
  at: number;
  count: number;
}

export function blockContext({ text, start, end, lineStart, hasHtml, tableLines, cellSeparators }: ContextInput): BlockContext {
  let prefix = text.slice(lineStart, start);
  let rest = prefix.trimStart();
  const indent = prefix.length - rest.length;
  let quote = false;
  while (rest.startsWith('>')) {
    quote = true;
    rest = rest.slice(1).trimStart();
  }
  const context: BlockContext = { kind: 'paragraph' };
  if (quote) {
    context.quote = true;
    const alert = findAlert(text, lineStart, prefix);
    if (alert) context.alert = alert;
  }
  const heading = HEADING.exec(rest);
  const list = LIST_MARKER.exec(rest);
  if (heading) {
    context.kind = 'heading';
    context.heading = { level: heading[1]!.length, anchors: [...prefix.matchAll(ANCHOR)].map((m) => m[1]!) };
  } else if (rest.startsWith('|')) {
    context.kind = 'tableCell';
    context.table = { column: countCellSeparators(text, lineStart, start, cellSeparators) - 1 };
  } else if (!list && inBarePipeTable(text, lineStart, tableLines)) {
    // GFM allows table rows without the leading pipe: `cell | cell`.
    context.kind = 'tableCell';
    context.table = { column: countCellSeparators(text, lineStart, start, cellSeparators) };
  } else if (list) {
    context.kind = 'listItem';
    context.list = { ordered: /\d/.test(list[1]!), indent };
  } else if (indent >= 2 || quote) {
    const item = enclosingListItem(text, lineStart, indent);
    if (item) {
      context.kind = 'listItem';
      context.list = item;
    }
  }
  if (hasHtml && context.kind !== 'heading' && context.kind !== 'tableCell') {
    const element = enclosingHtmlElement(text, start);
    if (element) {
      context.html = element.innermost;
      if (element.cell) context.kind = 'htmlCell';
      else if (element.innermost === 'li') {
        context.kind = 'listItem';
        context.list ??= { ordered: element.ordered, indent };
      }
    }
  }
  if (text.charCodeAt(start - 1) === 0x5b /* [ */ && text.startsWith('](', end)) {
    const close = text.indexOf(')', end + 2);
    if (close > 0) context.linkText = { url: text.slice(end + 2, close) };
  }
  return context;
}

const DELIMITER_ROW = /^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*\r?$|^[ \t>]*\|[ \t]*:?-+:?[ \t]*\|[ \t]*\r?$/;

/** Whether the line at `lineStart` is a row of a pipe table: a delimiter row sits in its block. */
function inBarePipeTable(text: string, lineStart: number, memo: Map<number, boolean>): boolean {
  const lineEnd = lineEndOf(text, lineStart);
  const line = text.slice(lineStart, lineEnd);
  if (!line.includes('|')) return false;
  const known = memo.get(lineStart);
  if (known !== undefined) return known;
  let result = DELIMITER_ROW.test(line) || DELIMITER_ROW.test(text.slice(lineEnd + 1, lineEndOf(text, lineEnd + 1)));
  let end = lineStart - 1;
  for (let lines = 0; !result && end > 0 && lines < 2000; lines++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const above = text.slice(start, end);
    if (above.trim() === '' || !above.includes('|')) break;
    if (DELIMITER_ROW.test(above)) result = true;
    end = start - 1;
  }
  memo.set(lineStart, result);
  return result;
}

function lineEndOf(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** The `|` not escaped by a backslash from `lineStart` to `end`, counted on from the memo when it is of the same line. */
function countCellSeparators(text: string, lineStart: number, end: number, memo: CellSeparators): number {
  const same = memo.lineStart === lineStart && memo.at <= end;
  let count = same ? memo.count : 0;
  for (let i = same ? memo.at : lineStart; i < end; i++) {
    if (text.charCodeAt(i) === 0x7c && (i === lineStart || text.charCodeAt(i - 1) !== 0x5c)) count++;
  }
  memo.lineStart = lineStart;
  memo.at = end;
  memo.count = count;
  return count;
}

/** The alert marker of the block quote that holds `lineStart`, searching up the `>` lines. */
function findAlert(text: string, lineStart: number, prefix: string): string | undefined {
  const own = alertKind(prefix);
  if (own) return own;
  let end = lineStart - 1;
  for (let lines = 0; end > 0 && lines < 40; lines++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    const trimmed = line.trimStart();
    if (!trimmed.startsWith('>')) return undefined;
    const kind = alertKind(trimmed);
    if (kind) return kind;
    end = start - 1;
  }
  return undefined;
}

function alertKind(line: string): string | undefined {
  const m = ALERT.exec(line);
  if (!m) return undefined;
  if (m[1]) {
    const kind = m[1].toUpperCase();
    return NOT_ALERTS.has(kind) ? undefined : kind;
  }
  const raw = m[2]!.trim();
  return raw && !/^(div|include|video)\b/i.test(raw) ? raw : undefined;
}

/** For an indented line, the list item it continues, if any. */
function enclosingListItem(text: string, lineStart: number, indent: number): { ordered: boolean; indent: number } | undefined {
  let end = lineStart - 1;
  for (let lines = 0; end > 0 && lines < 200; lines++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    let rest = line.trimStart();
    if (rest === '') continue;
    const lineIndent = line.length - rest.length;
    while (rest.startsWith('>')) rest = rest.slice(1).trimStart();
    const marker = LIST_MARKER.exec(rest);
    if (marker && lineIndent < indent) return { ordered: /\d/.test(marker[1]!), indent: lineIndent };
    if (lineIndent === 0 && !marker) return undefined;
  }
  return undefined;
}

/** The innermost open HTML container before `offset` (e.g. the `<td>` of an HTML table). */
function enclosingHtmlElement(text: string, offset: number): { innermost: string; cell: boolean; ordered: boolean } | undefined {
  const from = Math.max(0, offset - LOOKBACK);
  const window = text.slice(from, offset);
  const open: string[] = [];
  for (const m of window.matchAll(HTML_CONTAINER)) {
    const name = m[2]!.toLowerCase();
    if (m[1]) {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
    } else {
      open.push(name);
    }
  }
  if (open.length === 0) return undefined;
  const innermost = open[open.length - 1]!;
  const cell = open.includes('td') || open.includes('th');
  const ordered = open.lastIndexOf('ol') > open.lastIndexOf('ul');
  return { innermost, cell, ordered };
}
