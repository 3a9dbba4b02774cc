/**
 * English MDX pages as documents of the shared model: the page is skeleton (everything a
 * translator must not touch: JSX, imports, expressions, code) interleaved with segments, one per
 * sentence of translatable text. A locale page is then the skeleton with each sentence replaced
 * by its translation, exactly as for sxs.
 *
 * What is translatable: headings, paragraphs (in lists, block quotes, asides and JSX children),
 * table cells, the label of an aside, the string props of components listed in
 * `translatable-props.ts`, and the front-matter `title` and `description`. Image alt text and
 * link titles sit inside a sentence's inline code; they are `embedded` segments (XLIFF
 * sub-flows) that name their host sentence.
 *
 * Sentences come from `Intl.Segmenter`, run on the block's text with every non-text span
 * (inline code, expressions, JSX, link URLs) masked, so a `.` in a URL or in code never ends a
 * sentence. A break inside bold, italic or a link is dropped, so each sentence's markup stays
 * balanced.
 *
 * Ids: `m` + 10 hex digits of the SHA-1 of the sentence's normalised text, plus `-2`, `-3`… for
 * repeats of the same text in the page. An id depends only on the sentence itself, so fixing a
 * typo elsewhere on the page re-keys nothing; an edited sentence gets a new id, and the XLIFF
 * layer matches it to its old translation by document and position, and marks it for review.
 */
import { createHash } from 'node:crypto';
import type { Node } from 'unist';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import type { BlockContext, EmbeddedSegment, InlineToken, MetadataText, Segment, SxsDocument } from '../../model/types.ts';
import { type Diagnostic, diagnostic } from '../../model/diagnostics.ts';
import { joinLines, tokenizeInline } from '../../model/markdown/inline.ts';
import { decodeUtf8, LineIndex } from '../../model/source-text.ts';
import { frontMatterValue, splitFrontMatter } from '../../model/front-matter.ts';
import { matchAlertMarker } from '../../model/markdown/docfx.ts';
import { isTranslatableProp } from './translatable-props.ts';

const processor = unified().use(remarkParse).use(remarkMdx).use(remarkGfm).use(remarkDirective);
const sentences = new Intl.Segmenter('en', { granularity: 'sentence' });

interface MdNode extends Node {
  children?: MdNode[];
  value?: string;
  depth?: number;
  name?: string | null;
  ordered?: boolean | null;
  alt?: string | null;
  title?: string | null;
  attributes?: { type: string; name: string; value?: unknown; position?: Node['position'] }[] | Record<string, string>;
  data?: { directiveLabel?: boolean };
}

/** A range of the page that becomes one segment. Offsets are into the whole file text. */
interface Piece {
  start: number;
  end: number;
  context: BlockContext;
  /** For embedded pieces: the offset of the host sentence's start is resolved later. */
  embedded?: 'alt' | 'title' | 'prop';
}

/** Inline nodes whose markup wraps text: a sentence break inside one is dropped. */
const PAIRED_INLINE = new Set(['strong', 'emphasis', 'delete', 'link', 'linkReference', 'mdxJsxTextElement']);
/** Inline nodes that are text for the sentence splitter. */
const TEXT_INLINE = new Set(['text']);

export function parseMdx(input: string | Uint8Array, path: string): SxsDocument {
  let text: string;
  let bom = false;
  const diagnostics: Diagnostic[] = [];
  if (typeof input === 'string') {
    bom = input.charCodeAt(0) === 0xfeff;
    text = bom ? input.slice(1) : input;
  } else {
    const decoded = decodeUtf8(input, path);
    if ('code' in decoded) return emptyMdx(path, [decoded]);
    ({ text, bom } = decoded);
  }
  const front = splitFrontMatter(text, path);
  diagnostics.push(...front.diagnostics);
  const body = text.slice(front.bodyStart);
  let tree: MdNode;
  try {
    tree = processor.parse(body) as MdNode;
  } catch (error) {
    const place = (error as { place?: { line: number; column: number } }).place;
    const bodyLine = new LineIndex(text).position(front.bodyStart).line;
    diagnostics.push(diagnostic('mdx-syntax', { file: path, line: (place?.line ?? 1) + bodyLine - 1, column: place?.column ?? 1 }, `MDX does not parse: ${(error as Error).message.split('\n')[0]}; fix the syntax (escape a literal { or < with a backslash)`));
    return { ...emptyMdx(path, diagnostics), bom, frontMatter: front.frontMatter, skeleton: [text] };
  }

  const pieces: Piece[] = [];
  collect(tree, body, front.bodyStart, { kind: 'paragraph' }, pieces);
  pieces.sort((a, b) => a.start - b.start);

  const lines = new LineIndex(text);
  const ids = new Map<string, number>();
  const skeleton: string[] = [];
  const segments: Segment[] = [];
  const embedded: EmbeddedSegment[] = [];
  let cursor = front.bodyStart;
  for (const piece of pieces) {
    const source = text.slice(piece.start, piece.end);
    const { line, column } = lines.position(piece.start);
    const segment: Segment = {
      id: segmentId(source, ids),
      target: '',
      source,
      targetTokens: [],
      sourceTokens: tokenizeInline(source, { mdx: true }),
      context: piece.context,
      offset: piece.start,
      line,
      column,
    };
    if (piece.embedded) {
      const host = segments.findLast((s) => s.offset <= piece.start && piece.end <= s.offset + s.source.length);
      embedded.push({ ...segment, host: host?.id ?? '', role: piece.embedded });
      continue;
    }
    skeleton.push(text.slice(cursor, piece.start));
    segments.push(segment);
    cursor = piece.end;
  }
  skeleton.push(text.slice(cursor));

  const title = stringValue(frontMatterValue(front.frontMatter, 'title'));
  const description = stringValue(frontMatterValue(front.frontMatter, 'description'));
  return {
    format: 'mdx',
    path,
    locale: 'en',
    translationType: undefined,
    bom,
    eol: /\r\n/.test(text.slice(0, 4096)) ? '\r\n' : '\n',
    frontMatter: front.frontMatter,
    skeleton,
    segments,
    title: metadata(title),
    description: metadata(description),
    embedded,
    diagnostics,
  };
}

/** Walks block nodes, adding one piece per sentence of each translatable block. */
function collect(node: MdNode, body: string, base: number, context: BlockContext, out: Piece[]): void {
  switch (node.type) {
    case 'heading':
      addBlock(node, body, base, { kind: 'heading', heading: { level: node.depth ?? 1, anchors: [] } }, out);
      return;
    case 'paragraph':
      if (isJsxOnly(node)) {
        // MDX reads a paragraph made only of JSX and expressions (`<Card title="…">Text</Card>` on
        // one line) as block JSX: each element is a component, its props and text translatable.
        for (const child of node.children ?? []) {
          if (child.type !== 'mdxJsxTextElement') continue;
          addProps(child, body, base, child.name ?? '', out);
          addBlock(child, body, base, { ...context, component: child.name ?? '' }, out);
        }
        return;
      }
      addBlock(node, body, base, context, out);
      return;
    case 'tableRow': {
      (node.children ?? []).forEach((cell, column) => addBlock(cell, body, base, { ...context, kind: 'tableCell', table: { column } }, out));
      return;
    }
    case 'listItem':
      context = { ...context, kind: 'listItem', list: { ordered: false, indent: (node.position?.start.column ?? 1) - 1 } };
      break;
    case 'list':
      for (const item of node.children ?? []) {
        collect(item, body, base, { ...context, kind: 'listItem', list: { ordered: Boolean(node.ordered), indent: (item.position?.start.column ?? 1) - 1 } }, out);
      }
      return;
    case 'blockquote': {
      // GitHub/DocFX alerts (`> [!NOTE]`): the marker is skeleton, the kind is context.
      const kind = alertMarker(node.children?.[0])?.kind;
      context = kind ? { ...context, quote: true, alert: kind } : { ...context, quote: true };
      break;
    }
    case 'containerDirective': {
      // Starlight asides: `:::note[Label]`. The label paragraph is translatable too.
      context = { ...context, alert: String(node.name ?? '').toUpperCase() };
      for (const child of node.children ?? []) {
        collect(child, body, base, context, out);
      }
      return;
    }
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement': {
      const component = node.name ?? '';
      addProps(node, body, base, component, out);
      context = { ...context, component };
      break;
    }
    case 'code':
    case 'html':
    case 'mdxjsEsm':
    case 'mdxFlowExpression':
    case 'yaml':
    case 'thematicBreak':
    case 'definition':
      return;
  }
  for (const child of node.children ?? []) collect(child, body, base, context, out);
}

/** String props of a component that the allow-list names, as pieces. */
function addProps(node: MdNode, body: string, base: number, component: string, out: Piece[]): void {
  if (!Array.isArray(node.attributes)) return;
  for (const attribute of node.attributes) {
    if (attribute.type !== 'mdxJsxAttribute' || typeof attribute.value !== 'string' || !attribute.position) continue;
    if (!isTranslatableProp(component, attribute.name) || attribute.value.trim() === '') continue;
    const raw = body.slice(attribute.position.start.offset!, attribute.position.end.offset!);
    const quote = raw.search(/["']/);
    if (quote < 0) continue;
    const start = base + attribute.position.start.offset! + quote + 1;
    const end = base + attribute.position.end.offset! - 1;
    out.push({ start, end, context: { kind: 'attribute', attribute: { element: component, name: attribute.name } } });
  }
}

/** One translatable block: its inline content, split into sentences. */
function addBlock(node: MdNode, body: string, base: number, context: BlockContext, out: Piece[]): void {
  const children = node.children ?? [];
  if (children.length === 0) return;
  if (!children.some(hasText)) {
    addEmbedded(children, body, base, out);
    return;
  }
  let start = children[0]!.position!.start.offset!;
  const end = children[children.length - 1]!.position!.end.offset!;
  const marker = context.quote ? alertMarker(node) : undefined;
  if (marker) {
    start += marker.length;
    while (start < end && /[\s>]/.test(body[start]!)) start++;
  }
  const masked = maskNonText(body, start, end, children);
  const forbidden = pairedRanges(children);
  const breaks: number[] = [];
  for (const piece of sentences.segment(masked)) {
    const at = start + piece.index;
    if (piece.index > 0 && !forbidden.some(([a, b]) => a < at && at < b)) breaks.push(at);
  }
  const bounds = [start, ...breaks, end];
  for (let k = 0; k + 1 < bounds.length; k++) {
    let a = bounds[k]!;
    let b = bounds[k + 1]!;
    while (a < b && /\s/.test(body[a]!)) a++;
    while (b > a && /\s/.test(body[b - 1]!)) b--;
    if (b > a) out.push({ start: base + a, end: base + b, context });
  }
  addEmbedded(children, body, base, out);
}

/** Image alt text, link titles and the translatable props of inline JSX elements, as embedded pieces. */
function addEmbedded(children: MdNode[], body: string, base: number, out: Piece[]): void {
  const visit = (node: MdNode) => {
    const pos = node.position;
    if (node.type === 'mdxJsxTextElement') {
      // `A sentence with <Badge text="New" /> inside`: the tag is a code of the sentence, its prop a unit of its own.
      const props: Piece[] = [];
      addProps(node, body, base, node.name ?? '', props);
      for (const prop of props) out.push({ ...prop, embedded: 'prop' });
    }
    if (pos && (node.type === 'image' || node.type === 'link')) {
      const raw = body.slice(pos.start.offset!, pos.end.offset!);
      if (node.type === 'image' && node.alt) {
        const at = raw.indexOf(node.alt, 2);
        if (at >= 0) out.push({ start: base + pos.start.offset! + at, end: base + pos.start.offset! + at + node.alt.length, context: { kind: 'paragraph' }, embedded: 'alt' });
      }
      if (node.title) {
        const at = raw.lastIndexOf(node.title);
        if (at >= 0) out.push({ start: base + pos.start.offset! + at, end: base + pos.start.offset! + at + node.title.length, context: { kind: 'paragraph' }, embedded: 'title' });
      }
    }
    for (const child of node.children ?? []) visit(child);
  };
  for (const child of children) visit(child);
}

/** `[!NOTE]` at the start of a block quote's first paragraph (src/model/markdown/docfx.ts): its kind and length. */
function alertMarker(paragraph: MdNode | undefined): { kind: string; length: number } | undefined {
  if (paragraph?.type !== 'paragraph') return undefined;
  const first = paragraph.children?.[0];
  if (first?.type !== 'text') return undefined;
  return matchAlertMarker(first.value ?? '');
}

/** Only JSX elements, expressions and white space: what MDX unwraps into block JSX. */
function isJsxOnly(paragraph: MdNode): boolean {
  const children = paragraph.children ?? [];
  return children.some((c) => c.type === 'mdxJsxTextElement') && children.every((c) => c.type === 'mdxJsxTextElement' || c.type === 'mdxTextExpression' || (c.type === 'text' && !/\S/.test(c.value ?? '')));
}

function hasText(node: MdNode): boolean {
  if (node.type === 'text') return /\S/.test(node.value ?? '');
  return (node.children ?? []).some(hasText);
}

/** The block's source with everything but text nodes replaced by `x` (same length). */
function maskNonText(body: string, start: number, end: number, children: MdNode[]): string {
  const chars = body.slice(start, end).split('');
  const keep = new Uint8Array(end - start);
  const visit = (node: MdNode) => {
    if (TEXT_INLINE.has(node.type) && node.position) {
      for (let i = node.position.start.offset!; i < node.position.end.offset!; i++) keep[i - start] = 1;
      return;
    }
    for (const child of node.children ?? []) visit(child);
  };
  children.forEach(visit);
  for (let i = 0; i < chars.length; i++) {
    // A line break is a sentence break for Intl.Segmenter (UAX #29 SB4): a paragraph's wrapped
    // lines are one text, so breaks are spaces here.
    if (chars[i] === '\n' || chars[i] === '\r') chars[i] = ' ';
    else if (!keep[i] && !/\s/.test(chars[i]!)) chars[i] = 'x';
  }
  return chars.join('');
}

function pairedRanges(children: MdNode[]): [number, number][] {
  const ranges: [number, number][] = [];
  const visit = (node: MdNode) => {
    if (PAIRED_INLINE.has(node.type) && node.position) ranges.push([node.position.start.offset!, node.position.end.offset!]);
    for (const child of node.children ?? []) visit(child);
  };
  children.forEach(visit);
  return ranges;
}

/** Content-derived id; repeats of the same sentence are numbered in page order. */
export function segmentId(source: string, seen: Map<string, number>): string {
  const normalised = joinLines(source).replace(/\s+/g, ' ').trim();
  const hash = createHash('sha1').update(normalised).digest('hex').slice(0, 10);
  const count = (seen.get(hash) ?? 0) + 1;
  seen.set(hash, count);
  return count === 1 ? `m${hash}` : `m${hash}-${count}`;
}

function metadata(source: string | undefined): MetadataText {
  return source === undefined ? { target: undefined, source: undefined, sourceOrigin: 'none' } : { target: undefined, source, sourceOrigin: 'front-matter' };
}

function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function emptyMdx(path: string, diagnostics: Diagnostic[]): SxsDocument {
  return {
    format: 'mdx',
    path,
    locale: 'en',
    translationType: undefined,
    bom: false,
    eol: '\n',
    frontMatter: undefined,
    skeleton: [''],
    segments: [],
    title: metadata(undefined),
    description: metadata(undefined),
    embedded: [],
    diagnostics,
  };
}
