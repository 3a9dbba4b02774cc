/**
 * The Bitext document model: one shape for a bilingual document that every stage shares
 * (parse → XLIFF/TM → site). A document is its skeleton (every byte outside the segment pairs)
 * interleaved with segments, so `serialize` can give back the exact input.
 */

import type { Diagnostic } from './diagnostics.ts';

/** How a YAML scalar was written, so a rewrite can keep the author's quoting. */
export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded' | 'none';

export interface FrontMatterEntry {
  key: string;
  /** The parsed YAML value (string, number, list, map...). */
  value: unknown;
  style: ScalarStyle;
  /** 1-based line of the key in the file. */
  line: number;
}

export interface FrontMatter {
  /** The whole block, delimiters and final line break included, byte for byte. */
  raw: string;
  /** Top-level keys in file order. */
  entries: FrontMatterEntry[];
}

/**
 * One inline token of a segment's Markdown. Concatenating `raw` of all tokens gives the text
 * back exactly. Paired markup (bold, italic, links, HTML elements) is flat: an `open` and a
 * `close` token share a `pair` number; markup that machine translation left unbalanced is
 * `isolated`, so later stages (XLIFF inline codes) can still represent it.
 */
export type InlineToken =
  | { type: 'text'; raw: string }
  | { type: 'strong' | 'emphasis'; raw: string; role: PairRole; pair: number }
  | { type: 'code'; raw: string; value: string }
  | { type: 'link'; raw: string; role: PairRole; pair: number; url?: string; title?: string }
  | { type: 'image'; raw: string; alt: string; url: string }
  | { type: 'html'; raw: string; name: string; role: PairRole | 'void'; pair: number }
  | { type: 'entity'; raw: string; value: string }
  | { type: 'escape'; raw: string; value: string }
  | { type: 'include'; raw: string; title: string; path: string }
  | { type: 'noLoc'; raw: string; value: string }
  /** Other DocFX inline syntax kept whole: `[!div class="…"]`, `[!VIDEO url]`, `:::image …:::`. */
  | { type: 'directive'; raw: string; name: string };

export type PairRole = 'open' | 'close' | 'isolated';
export type InlineTokenType = InlineToken['type'];

export type AlertKind = 'NOTE' | 'TIP' | 'IMPORTANT' | 'CAUTION' | 'WARNING' | (string & {});

/** Where a segment sits in the block structure of the document. */
export interface BlockContext {
  kind: 'heading' | 'listItem' | 'tableCell' | 'htmlCell' | 'paragraph' | 'attribute';
  heading?: { level: number; anchors: string[] };
  list?: { ordered: boolean; indent: number };
  table?: { column: number };
  /** The HTML element that holds the segment, e.g. `td`, `li`, `p`. */
  html?: string;
  /** Inside a `>` block quote; `alert` names the DocFX alert kind when there is one. */
  quote?: boolean;
  alert?: AlertKind;
  /** The segment is the whole text of a Markdown link, `[segment](url)`. */
  linkText?: { url: string };
  /** MDX: the segment is a string prop of a JSX component (`<Card title="…">`). */
  attribute?: { element: string; name: string };
  /** MDX: the JSX component that holds the segment, e.g. `Card`. */
  component?: string;
}

export interface Segment {
  /** The id as written, e.g. `26296-104` or `3f2a1-p102`. */
  id: string;
  /** Translated text (Markdown), as written in the file. */
  target: string;
  /** English source text (Markdown), as written in the file. */
  source: string;
  /** The inline tokens of `target` and `source`. A parsed sxs pair makes them when first read (accessors, which a copy by spreading leaves out). */
  targetTokens: InlineToken[];
  sourceTokens: InlineToken[];
  context: BlockContext;
  /** Position of the pair's first `<` in the file (BOM excluded). Lines and columns 1-based. */
  offset: number;
  line: number;
  column: number;
  /**
   * The span tags as written, for a pair read through recovery whose tags are not the exact
   * form (quotes escaped as `&quot;`), so that serializing gives the file back.
   */
  markup?: { targetOpen: string; sourceOpen: string };
}

export type TranslationType = 'MT' | 'HT' | (string & {});

/** A translated-only front-matter field and the English we could derive for it. */
export interface MetadataText {
  target: string | undefined;
  source: string | undefined;
  /** Where `source` came from: sxs files carry no English for front matter; MDX has it. */
  sourceOrigin: 'h1' | 'front-matter' | 'none';
}

export interface SxsDocument {
  /**
   * `sxs`: a bilingual sxs file (target and source per pair). `mdx`: an English MDX page, whose
   * segments are its sentences with `target` empty until a translation is merged in.
   * Absent means `sxs`.
   */
  format?: 'sxs' | 'mdx';
  /** Path relative to its corpus root, with `/` separators. */
  path: string;
  /** `ms.contentlocale`, e.g. `ru-RU`. */
  locale: string | undefined;
  translationType: TranslationType | undefined;
  bom: boolean;
  /** The line break the file uses. */
  eol: '\n' | '\r\n';
  frontMatter: FrontMatter | undefined;
  /**
   * Everything outside pairs: `skeleton.length === segments.length + 1`, and the body is
   * skeleton[0] + pair(segments[0]) + skeleton[1] + … + skeleton[n].
   */
  skeleton: string[];
  segments: Segment[];
  title: MetadataText;
  description: MetadataText;
  /**
   * MDX: translatable text inside a segment's inline code (image alt text, link titles), as
   * XLIFF sub-flows: each is a segment of its own, `host` names the segment that holds it.
   */
  embedded?: EmbeddedSegment[];
  diagnostics: Diagnostic[];
}

export interface EmbeddedSegment extends Segment {
  host: string;
  /** Image alt text, a link title, or a translatable prop of a JSX element inside the sentence (MDX). */
  role: 'alt' | 'title' | 'prop';
}

