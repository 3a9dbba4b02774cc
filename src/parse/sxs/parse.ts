/**
 * Parser for side-by-side (sxs) bilingual Markdown: every sentence is a pair
 *
 *     <span data-ttu-id="ID">TARGET</span><span class="sxs-lookup"><span data-stu-id="ID">SOURCE</span></span>
 *
 * and everything between pairs is skeleton, kept byte for byte (see FORMAT.md in the corpus).
 * The scanner works on exact markers rather than an HTML parser: segment text holds raw `<token>`
 * and unescaped `>` that an HTML parser would rewrite.
 */
import { localeTagProblem } from '../../model/locale-tag.ts';
import type { BlockContext, FrontMatter, InlineToken, MetadataText, Segment, SxsDocument } from '../../model/types.ts';
import { type Diagnostic, diagnostic, type DiagnosticCode } from '../../model/diagnostics.ts';
import { plainText, tokenizeInline } from '../../model/markdown/inline.ts';
import { decodeUtf8, LineIndex } from '../../model/source-text.ts';
import { blockContext } from './block-context.ts';
import { frontMatterValue, splitFrontMatter } from '../../model/front-matter.ts';

const TARGET_OPEN = '<span data-ttu-id="';
const SOURCE_OPEN = '</span><span class="sxs-lookup"><span data-stu-id="';
const PAIR_CLOSE = '</span></span>';
/** The target tag up to its quote, which a malformed export wrote as `&quot;`. */
const TARGET_MARKER = '<span data-ttu-id=';
const SOURCE_MARKER = /<\/span><span class=(?:"|&quot;)sxs-lookup(?:"|&quot;)><span data-stu-id=(?:"|&quot;)/g;
const STRAY_MARKERS = /data-ttu-id=|data-stu-id=|class=(?:"|&quot;)sxs-lookup/g;
const PAIR_MARKER = /data-ttu-id=|data-stu-id=|class=(?:"|&quot;)sxs-lookup/;
/** An HTML table cell or list item, in whose text a pair's block is read from the HTML around it. */
const HTML_CONTAINER_HINT = /<(?:td|th|li|TD|TH|LI)/;

/**
 * A pair read from the file. Its inline tokens are made when first read, and kept: the site reads
 * the English tokens of its bilingual pages' sentences only and the target tokens of none, and
 * tokenizing every sentence at parse time took 0.65 s of the 8.2 s its 12,000-page model loads in
 * (`bench/site-model.ts large`). They are accessors of the class, not own properties: a copy made
 * by spreading a pair leaves them out (name the fields instead).
 */
class PairSegment implements Segment {
  readonly id: string;
  readonly target: string;
  readonly source: string;
  #targetTokens: InlineToken[] | undefined;
  #sourceTokens: InlineToken[] | undefined;
  readonly context: BlockContext;
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  declare readonly markup?: Segment['markup'];
  constructor(id: string, target: string, source: string, context: BlockContext, offset: number, line: number, column: number, markup: Segment['markup']) {
    this.id = id;
    this.target = target;
    this.source = source;
    this.context = context;
    this.offset = offset;
    this.line = line;
    this.column = column;
    if (markup) this.markup = markup;
  }
  get targetTokens(): InlineToken[] {
    return (this.#targetTokens ??= tokenizeInline(this.target));
  }
  set targetTokens(tokens: InlineToken[]) {
    this.#targetTokens = tokens;
  }
  get sourceTokens(): InlineToken[] {
    return (this.#sourceTokens ??= tokenizeInline(this.source));
  }
  set sourceTokens(tokens: InlineToken[]) {
    this.#sourceTokens = tokens;
  }
}

/** Parses an sxs document. `input` may be raw bytes (validated as UTF-8) or text. */
export function parseSxs(input: string | Uint8Array, path: string): SxsDocument {
  let text: string;
  let bom = false;
  if (typeof input === 'string') {
    bom = input.charCodeAt(0) === 0xfeff;
    text = bom ? input.slice(1) : input;
  } else {
    const decoded = decodeUtf8(input, path);
    if ('code' in decoded) return emptyDocument(path, false, [decoded]);
    ({ text, bom } = decoded);
  }
  const eol = /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n';
  if (text.trim() === '') {
    return emptyDocument(path, bom, [
      diag(path, 1, 1, 'warning', 'empty-file', 'the file is empty; add content or delete it'),
    ], text);
  }

  const { frontMatter, bodyStart, diagnostics } = splitFrontMatter(text, path);
  const lines = new LineIndex(text);
  const skeleton: string[] = [];
  const segments: Segment[] = [];
  const hasHtml = HTML_CONTAINER_HINT.test(text);
  const seenIds = new Map<string, number>();
  const tableLines = new Map<number, boolean>();
  const cellSeparators = { lineStart: -1, at: 0, count: 0 };
  let pos = bodyStart;
  let skeletonStart = bodyStart;

  const report = (offset: number, code: DiagnosticCode, message: string) => {
    const { line, column } = lines.position(offset);
    diagnostics.push(diag(path, line, column, 'error', code, message));
  };
  const recovered = (offset: number, message: string) => {
    const { line, column } = lines.position(offset);
    diagnostics.push(diag(path, line, column, 'warning', 'recovered-pair', message));
  };

  for (;;) {
    const start = text.indexOf(TARGET_MARKER, pos);
    if (start < 0) break;
    const openQuote = quoteAt(text, start + TARGET_MARKER.length);
    const idStart = start + TARGET_MARKER.length + openQuote.length;
    const idEnd = tagEnd(text, idStart);
    const id = idEnd ? text.slice(idStart, idEnd.at) : '';
    if (!openQuote || !idEnd || id.includes('<') || id.includes('\n')) {
      report(start, 'orphan-target', 'a data-ttu-id span has no closing `">`; fix the span tag');
      pos = start + TARGET_MARKER.length;
      continue;
    }
    const targetStart = idEnd.end;
    SOURCE_MARKER.lastIndex = targetStart;
    const middleMatch = SOURCE_MARKER.exec(text);
    const middle = middleMatch ? middleMatch.index : -1;
    const nextPair = text.indexOf(TARGET_MARKER, targetStart);
    if (middle < 0 || (nextPair >= 0 && nextPair < middle)) {
      const nested = middle >= 0 && text.includes(`data-stu-id="${id}"`, middle);
      if (nested) {
        report(start, 'nested-pair', `pair "${id}" contains another pair; a pair's target and source must be plain sentence text — move the inner pair out`);
      } else {
        report(start, 'orphan-target', `target span "${id}" has no English source span after it; add <span class="sxs-lookup"><span data-stu-id="${id}">…</span></span> or remove the span`);
      }
      pos = targetStart;
      continue;
    }
    const sourceIdStart = middle + middleMatch![0].length;
    const sourceIdEnd = tagEnd(text, sourceIdStart);
    const sourceId = sourceIdEnd ? text.slice(sourceIdStart, sourceIdEnd.at) : '';
    const sourceStart = sourceIdEnd ? sourceIdEnd.end : sourceIdStart;
    let close = sourceIdEnd ? text.indexOf(PAIR_CLOSE, sourceStart) : -1;
    const nextAfterSource = text.indexOf(TARGET_MARKER, sourceStart);
    if (close < 0 || (nextAfterSource >= 0 && nextAfterSource < close)) {
      report(middle, 'unclosed-pair', `the English source span of "${id}" is not closed with </span></span>; close it before the next pair`);
      // A source tag cut short has no `">`: scanning goes on after its opening marker.
      pos = sourceStart;
      continue;
    }
    const target = text.slice(targetStart, middle);
    let source = text.slice(sourceStart, close);
    // A `<span>…</span>` that closes the English text ends in `</span></span></span>`: the pair
    // closes after the inner span's `</span>` (the published page keeps the inner span whole).
    while (text.startsWith('</span>', close + PAIR_CLOSE.length) && countOf(source, '<span') > countOf(source, '</span>')) {
      close += '</span>'.length;
      source = text.slice(sourceStart, close);
    }
    if (PAIR_MARKER.test(target) || PAIR_MARKER.test(source)) {
      report(start, 'nested-pair', `pair "${id}" contains a pair's span; sxs pairs cannot nest — move the inner span out of the pair`);
      pos = close + PAIR_CLOSE.length;
      continue;
    }
    if (sourceId !== id) {
      report(sourceIdStart, 'id-mismatch', `target id "${id}" and source id "${sourceId}" differ; both halves of a pair must carry the same id`);
      pos = close + PAIR_CLOSE.length;
      continue;
    }
    // Malformed pairs that Microsoft's publisher reads as pairs, and so does this parser (with a
    // warning): span tags whose quotes were escaped as `&quot;`, and a `<span>` or
    // `<span></span>` that is no pair marker inside a pair's text (the published page keeps it).
    // The tags are `TARGET_OPEN id">` and `SOURCE_OPEN id">` unless a quote of theirs is `&quot;`
    // (the ids are equal here): told from the quotes found, without building either tag.
    const quoteEscaped = openQuote !== '"' || idEnd.end - idEnd.at !== 2 || middleMatch![0] !== SOURCE_OPEN || sourceIdEnd!.end - sourceIdEnd!.at !== 2;
    const targetOpen = quoteEscaped ? text.slice(start, targetStart) : '';
    const sourceOpen = quoteEscaped ? text.slice(middle, sourceStart) : '';
    if (quoteEscaped) {
      recovered(start, `pair "${id}" has \`&quot;\` for \`"\` in its span tags; read as a pair, its text's \`&quot;\` shown as \`"\` as the published page does. Write the tags with \`"\``);
    }
    if (/<span\b/.test(target) || /<span\b/.test(source)) {
      recovered(start, `pair "${id}" holds a <span> that belongs to no pair; kept in the sentence as the published page keeps it. Remove it from the pair's text`);
    }
    const end = close + PAIR_CLOSE.length;
    const { line, column } = lines.position(start);
    const previous = seenIds.get(id);
    if (previous !== undefined) {
      diagnostics.push(diag(path, line, column, 'warning', 'duplicate-id', `segment id "${id}" is used again (first on line ${previous}); ids should be unique in a file`));
    } else {
      seenIds.set(id, line);
    }
    skeleton.push(text.slice(skeletonStart, start));
    const context = blockContext({ text, start, end, lineStart: skeletonLineStart(text, start, segments), hasHtml, tableLines, cellSeparators });
    segments.push(new PairSegment(id, target, source, context, start, line, column, quoteEscaped ? { targetOpen, sourceOpen } : undefined));
    skeletonStart = end;
    pos = end;
  }
  skeleton.push(text.slice(skeletonStart));
  reportStrayMarkers(skeleton, segments, bodyStart, lines, path, diagnostics);

  const title = metadataText(frontMatterValue(frontMatter, 'title'), segments);
  const description: MetadataText = { target: stringOrUndefined(frontMatterValue(frontMatter, 'description')), source: undefined, sourceOrigin: 'none' };
  return {
    path,
    locale: contentLocale(frontMatter, path, diagnostics),
    translationType: stringOrUndefined(frontMatterValue(frontMatter, 'ms.translationtype')),
    bom,
    eol,
    frontMatter,
    skeleton,
    segments,
    title,
    description,
    diagnostics: diagnostics.sort((a, b) => a.line - b.line || a.column - b.column),
  };
}

/**
 * The start of the Markdown line that holds a pair. A previous pair on the same line may itself
 * contain a line break (FORMAT.md §2.2); the block structure is then that of the line where the
 * previous pair starts.
 */
function skeletonLineStart(text: string, offset: number, previous: readonly Segment[]): number {
  let lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  for (let k = previous.length - 1; k >= 0; k--) {
    const segment = previous[k]!;
    if (segment.offset + pairLength(segment) <= lineStart) break;
    if (segment.offset < lineStart) lineStart = text.lastIndexOf('\n', segment.offset - 1) + 1;
  }
  return lineStart;
}

/** Span markers left in the skeleton belong to pairs that failed to parse; report each once. */
function reportStrayMarkers(skeleton: string[], segments: Segment[], bodyStart: number, lines: LineIndex, path: string, diagnostics: Diagnostic[]) {
  const reported = new Set(diagnostics.map((d) => `${d.line}:${d.column}`));
  let offset = bodyStart;
  for (let k = 0; k < skeleton.length; k++) {
    const part = skeleton[k]!;
    const suspicious = part.includes('data-') || part.includes('sxs-lookup');
    for (const m of suspicious ? part.matchAll(STRAY_MARKERS) : []) {
      // Point at the `<span` that carries the marker, where a person would start fixing.
      const tag = part.lastIndexOf('<span', m.index);
      const { line, column } = lines.position(offset + (tag >= 0 && m.index - tag < 40 ? tag : m.index));
      const alreadyOnLine = diagnostics.some((d) => d.line === line && d.severity === 'error');
      if (alreadyOnLine || reported.has(`${line}:${column}`)) continue;
      reported.add(`${line}:${column}`);
      const what = m[0].startsWith('data-ttu') ? 'a target span' : 'an English source span';
      diagnostics.push(diag(path, line, column, 'error', m[0].startsWith('data-ttu') ? 'orphan-target' : 'orphan-source', `${what} outside any complete pair; restore its other half or remove it`));
    }
    const segment = segments[k];
    if (segment) offset = segment.offset + pairLength(segment);
  }
}

/** The length of `formatPair` of the segment, without building the pair. */
export function pairLength(segment: Pick<Segment, 'id' | 'target' | 'source' | 'markup'>): number {
  const { id, target, source, markup } = segment;
  const tags = markup ? markup.targetOpen.length + markup.sourceOpen.length : TARGET_OPEN.length + SOURCE_OPEN.length + 2 * (id.length + 2);
  return tags + target.length + source.length + PAIR_CLOSE.length;
}

/** The exact byte form of a pair; `markup` gives the span tags of a recovered pair as written. */
export function formatPair(id: string, target: string, source: string, markup?: Segment['markup']): string {
  if (markup) return `${markup.targetOpen}${target}${markup.sourceOpen}${source}${PAIR_CLOSE}`;
  return `${TARGET_OPEN}${id}">${target}${SOURCE_OPEN}${id}">${source}${PAIR_CLOSE}`;
}

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}

/** `"` or `&quot;` at `offset`, or '' when neither is there. */
function quoteAt(text: string, offset: number): string {
  if (text[offset] === '"') return '"';
  return text.startsWith('&quot;', offset) ? '&quot;' : '';
}

/** The end of a span tag's id: the first `">` or `&quot;>` from `offset`. */
function tagEnd(text: string, offset: number): { at: number; end: number } | undefined {
  const plain = text.indexOf('">', offset);
  // An escaped end comes first only if it lies wholly before the plain one (it holds no `"`), so
  // search just that far: a search to the end of the document for every pair is quadratic.
  const before = plain < 0 ? text.indexOf('&quot;>', offset) : text.slice(offset, plain).indexOf('&quot;>');
  const escaped = plain < 0 || before < 0 ? before : offset + before;
  if (escaped >= 0) return { at: escaped, end: escaped + 7 };
  return plain >= 0 ? { at: plain, end: plain + 2 } : undefined;
}

/** sxs front matter has no English; the English title is derived from the English H1. */
function metadataText(target: unknown, segments: Segment[]): MetadataText {
  const h1 = segments.filter((s) => s.context.heading?.level === 1);
  const firstLine = h1[0]?.line;
  const source = firstLine === undefined ? undefined : h1.filter((s) => s.line === firstLine).map((s) => plainText(s.sourceTokens).trim()).join(' ');
  return source
    ? { target: stringOrUndefined(target), source, sourceOrigin: 'h1' }
    : { target: stringOrUndefined(target), source: undefined, sourceOrigin: 'none' };
}

/**
 * `ms.contentlocale`, when it is a BCP 47 tag: it becomes folder names and URLs downstream.
 * Anything else is an error at the key, and the document has no locale.
 */
function contentLocale(frontMatter: FrontMatter | undefined, path: string, diagnostics: Diagnostic[]): string | undefined {
  const entry = frontMatter?.entries.find((e) => e.key === 'ms.contentlocale');
  const value = stringOrUndefined(entry?.value);
  if (!entry || value === undefined) return undefined;
  const problem = localeTagProblem(value, 'ms.contentlocale');
  if (!problem) return value;
  diagnostics.push(diag(path, entry.line, 1, 'error', 'invalid-locale', problem));
  return undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

function diag(file: string, line: number, column: number, severity: Diagnostic['severity'], code: DiagnosticCode, message: string): Diagnostic {
  return diagnostic(code, { file, line, column }, message, severity);
}

function emptyDocument(path: string, bom: boolean, diagnostics: Diagnostic[], text = ''): SxsDocument {
  return {
    path,
    locale: undefined,
    translationType: undefined,
    bom,
    eol: '\n',
    frontMatter: undefined,
    skeleton: [text],
    segments: [],
    title: { target: undefined, source: undefined, sourceOrigin: 'none' },
    description: { target: undefined, source: undefined, sourceOrigin: 'none' },
    diagnostics,
  };
}
