/**
 * Turning a translator's target (text runs + inline codes) back into segment Markdown, where the
 * text is only ever text.
 *
 * Codes contribute the Markdown they stand for (their original data, resolved by ./merge.ts).
 * Text is escaped so that nothing a translator types becomes markup on the page: not raw HTML
 * (`<script>`, `<img onerror=…>`: the site passes raw HTML in Markdown through), not links or
 * images (`[x](javascript:…)`), not emphasis, code spans, DocFX directives, entities, nor block
 * structure (a `# ` or `- ` at the start of a line, a `|` in a table cell, a blank line).
 *
 * Escapes are written as character references (`&lt;`, `&#42;`), not backslashes: the target
 * view drops backslash escapes that the English source lacks (sxs-only escapes, FORMAT.md §6),
 * which would turn a translator's `\*` back into live markup. A character reference is always
 * the literal character in CommonMark.
 *
 * Two passes: a minimal escape that leaves ordinary prose as typed; then the segment is
 * tokenized again, and if any markup token starts inside translator text, every Markdown-
 * significant character of the text is escaped instead (the strict pass).
 *
 * MDX (`place.mdx`): `{`, `}` and `<` in text always become `&#123;`, `&#125;`, `&lt;` (MDX reads
 * them as an expression or a JSX tag, and a lone one is a compile error), and a line that starts
 * with `import ` or `export ` would be an ES module statement: its first letter becomes a
 * character reference. MDX decodes character references in text, so the reader sees the literal
 * characters. A JSX string prop (`<Card title="…">`) is not Markdown: only `&` and the quotes are
 * escaped there (see `escapeAttributeValue`), and `&`, `<`, `>` as HTML first when the component
 * writes that prop as HTML (`HTML_PROPS` in src/parse/mdx/translatable-props.ts).
 */
import type { BlockContext, InlineToken } from '../model/types.ts';
import { tokenizeInline } from '../model/markdown/inline.ts';
import { isHtmlProp } from '../parse/mdx/translatable-props.ts';
import { escapeText } from '../xml/escape.ts';

/** A piece of the target: translator text, or Markdown from a code's original data. */
export type TargetPiece = { text: string } | { markdown: string };

export interface SegmentPlace {
  context: BlockContext;
  /** Whether the segment starts its line's content (nothing but indentation, `>` or a list marker before it). */
  atLineStart: boolean;
  /** The page is MDX: braces, `<` and ESM lines are escaped too. */
  mdx?: boolean;
}

export function assembleTarget(pieces: readonly TargetPiece[], place: SegmentPlace): string {
  if (place.mdx && place.context.kind === 'attribute') {
    // A prop the component writes as HTML gets the text HTML-escaped first (`<` → `&lt;`, which the prop then carries as characters).
    const prop = place.context.attribute;
    const asHtml = prop !== undefined && isHtmlProp(prop.element, prop.name);
    return pieces.map((p) => ('text' in p ? escapeAttributeValue(asHtml ? escapeText(p.text) : p.text) : p.markdown)).join('');
  }
  const minimal = assemble(pieces, place, false);
  if (textStaysText(minimal)) return minimal.markdown;
  return assemble(pieces, place, true).markdown;
}

interface Assembled {
  markdown: string;
  /** [start, end) ranges of escaped translator text in `markdown`. */
  textRanges: [number, number][];
}

function assemble(pieces: readonly TargetPiece[], place: SegmentPlace, strict: boolean): Assembled {
  let markdown = '';
  const textRanges: [number, number][] = [];
  pieces.forEach((piece, k) => {
    if ('markdown' in piece) {
      markdown += piece.markdown;
      return;
    }
    const next = pieces[k + 1];
    const nextChar = next ? ('markdown' in next ? next.markdown[0] : next.text[0]) : undefined;
    const lineStart = place.atLineStart && markdown === '';
    let escaped = strict ? escapeStrict(piece.text, place, lineStart) : escapeMinimal(piece.text, place, lineStart, nextChar);
    if (place.mdx) escaped = escapeMdx(escaped, lineStart);
    textRanges.push([markdown.length, markdown.length + escaped.length]);
    markdown += escaped;
  });
  return { markdown, textRanges };
}

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;

/** Escapes only what would otherwise become markup where it stands. */
function escapeMinimal(text: string, place: SegmentPlace, lineStart: boolean, nextChar: string | undefined): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const after = i + 1 < text.length ? text[i + 1] : nextChar;
    switch (c) {
      case '&':
        out += /^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{0,31});/.test(text.slice(i, i + 40)) ? '&amp;' : c;
        break;
      case '<':
        out += after !== undefined && /[A-Za-z/!?]/.test(after) ? '&lt;' : c;
        break;
      case '\\':
        out += after !== undefined && (ASCII_PUNCTUATION.test(after) || after === '\n') ? '&#92;' : c;
        break;
      case '|':
        out += place.context.kind === 'tableCell' ? '&#124;' : c;
        break;
      case '\n':
        out += lineBreak(place);
        break;
      default:
        out += c;
    }
  }
  return protectLineStarts(out, lineStart, nextChar);
}

/** Every character that can take part in Markdown or HTML syntax becomes a character reference. */
function escapeStrict(text: string, place: SegmentPlace, lineStart: boolean): string {
  let out = '';
  for (const c of text) {
    if (c === '\n') out += lineBreak(place);
    else if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else if (c === '&') out += '&amp;';
    else if (/[\\`*_[\]{}#|!~:$^=+-]/.test(c)) out += `&#${c.charCodeAt(0)};`;
    else out += c;
  }
  return protectLineStarts(out, lineStart);
}

/** Inside a heading, a table cell or link text a line break would end the block: use a space. */
function lineBreak(place: SegmentPlace): string {
  const kind = place.context.kind;
  return kind === 'heading' || kind === 'tableCell' || place.context.linkText ? ' ' : '\n';
}

/**
 * A line that starts with block syntax would open a new block (heading, list, quote, fence,
 * setext underline, thematic break, table, HTML block, indented code): escape its first
 * character. Blank lines would end the paragraph: they collapse to one line break.
 */
function protectLineStarts(text: string, segmentAtLineStart: boolean, nextChar = ''): string {
  let out = text.replace(/\n[ \t]*(?=\n)/g, '');
  out = out.replace(/\n[ \t]*/g, '\n');
  // The last line continues with whatever follows the text (a code's Markdown): `-[link](…)` is no list.
  const protect = (line: string, last: boolean) => {
    const m = /^([ \t]*)(#{1,6}(?=[ \t]|$)|[>|<]|[-*+](?=[ \t]|$)|\d{1,9}(?=[.)](?:[ \t]|$))|`{3,}|~{3,}|[=-]+[ \t]*$|(?:[-*_][ \t]*){3,}$)/.exec(last ? line + nextChar : line);
    if (!m) return line;
    const indent = m[1]!;
    const first = line[indent.length];
    if (first === undefined) return line; // the syntax starts in the code after the text
    // For an ordered-list number, the delimiter after the digits is what must not count.
    if (/\d/.test(first)) {
      const digits = /^\d+/.exec(line.slice(indent.length))![0];
      const at = indent.length + digits.length;
      if (at >= line.length) return line;
      return line.slice(0, at) + `&#${line.charCodeAt(at)};` + line.slice(at + 1);
    }
    const reference = first === '<' ? '&lt;' : first === '>' ? '&gt;' : `&#${first.charCodeAt(0)};`;
    return indent + reference + line.slice(indent.length + 1);
  };
  const lines = out.split('\n');
  return lines.map((line, k) => (k > 0 || segmentAtLineStart ? protect(line, k === lines.length - 1) : line)).join('\n');
}

/**
 * MDX on top of the Markdown escapes: braces and `<` as character references everywhere, and no
 * line that MDX would read as an `import` / `export` statement.
 */
function escapeMdx(text: string, lineStart: boolean): string {
  const out = text.replace(/[{}<]/g, (c) => (c === '<' ? '&lt;' : `&#${c.charCodeAt(0)};`));
  return out.replace(/(^|\n)([ \t]*)(import|export)(?=[\s{*])/g, (whole, eol: string, indent: string, word: string, at: number) =>
    at === 0 && eol === '' && !lineStart ? whole : `${eol}${indent}&#${word.charCodeAt(0)};${word.slice(1)}`,
  );
}

/**
 * A translator's text inside a quoted JSX prop: no Markdown applies, but MDX decodes character
 * references there, so `&`, and both quote characters, are written as references.
 */
export function escapeAttributeValue(text: string): string {
  return text.replace(/&(?=#?[A-Za-z0-9]+;)|["']/g, (c) => (c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Whether every markup token of the assembled Markdown starts outside translator text. */
function textStaysText({ markdown, textRanges }: Assembled): boolean {
  if (textRanges.length === 0) return true;
  let offset = 0;
  let r = 0;
  for (const token of tokenizeInline(markdown)) {
    const start = offset;
    offset += token.raw.length;
    if (isInert(token)) continue;
    while (r < textRanges.length && textRanges[r]![1] <= start) r++;
    const range = textRanges[r];
    // A token that starts inside a text range, or spans into one, came (in part) from text.
    if (range && range[0] < offset && start < range[1]) return false;
  }
  return true;
}

/** Tokens that are only ever literal characters on the page. */
function isInert(token: InlineToken): boolean {
  return token.type === 'text' || token.type === 'entity' || token.type === 'escape';
}
