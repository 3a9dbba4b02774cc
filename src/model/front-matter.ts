/**
 * YAML front matter, in one place for every stage: sxs and MDX parsing, merge-back, the site's
 * page kinds, the preview. A block opens with a `---` line at the very start of the text (after
 * a byte order mark) and closes with a `---` or `...` line.
 *
 * - split: `splitFrontMatter` (the document model's block, byte for byte, with ordered entries
 *   and diagnostics), `frontMatterBlock` and `stripFrontMatter` (the block and the body of any text);
 * - read: `frontMatterValue` (one key of a parsed block), `frontMatterData` (the whole block as data),
 *   `parseDocDate` / `docDateValue` (a date such as `ms.date`, as the site shows it and as it orders versions);
 * - replace: `replaceFrontMatterKey` (one top-level key's value, keeping every other byte).
 */
import { isMap, isScalar, LineCounter, parse as parseYaml, parseDocument, Scalar, stringify } from 'yaml';
import type { FrontMatter, FrontMatterEntry, ScalarStyle } from './types.ts';
import { type Diagnostic, diagnostic } from './diagnostics.ts';
import { readSimpleYaml } from './simple-yaml.ts';

export interface FrontMatterResult {
  frontMatter: FrontMatter | undefined;
  /** Where the body starts in the text. */
  bodyStart: number;
  diagnostics: Diagnostic[];
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

/** The front-matter block at the start of `text` (after a byte order mark): the block as written, its YAML, and where the body starts. */
export function frontMatterBlock(text: string): { raw: string; yaml: string; bodyStart: number } | undefined {
  const start = text.startsWith('\ufeff') ? 1 : 0;
  const open = OPEN.exec(start ? text.slice(start) : text);
  if (!open) return undefined;
  const yamlStart = start + open[0].length;
  // An empty block closes on the line right after the opening one.
  const rest = text.slice(yamlStart);
  const close = CLOSE.exec(rest);
  if (!close) return undefined;
  if (close.index > 0 && rest[close.index - 1] !== '\n') return undefined;
  const bodyStart = yamlStart + close.index + close[0].length;
  return { raw: text.slice(start, bodyStart), yaml: rest.slice(0, close.index).replace(/\r?\n$/, ''), bodyStart };
}

/** The body of a text: its front matter (and byte order mark) removed. */
export function stripFrontMatter(text: string): string {
  const block = frontMatterBlock(text);
  return block ? text.slice(block.bodyStart) : text.replace(/^\ufeff/, '');
}

/**
 * The front matter of a text (or a raw block) as data through the full YAML parser; `{}` when
 * there is none or it is not a map. Invalid YAML is a `front-matter-yaml` diagnostic when
 * `diagnostics` is given (pages written by us), else just `{}`.
 */
export function frontMatterData(text: string | undefined, file?: string, diagnostics?: Diagnostic[]): Record<string, unknown> {
  const block = text === undefined ? undefined : frontMatterBlock(text);
  if (!block) return {};
  try {
    const data = parseYaml(block.yaml) as unknown;
    return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch (error) {
    diagnostics?.push(diagnostic('front-matter-yaml', { file: file ?? '' }, `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}`));
    return {};
  }
}

/** The line range [from, to) of each top-level key, in 0-based line indexes of the raw block (whose last line is the closing `---`). */
export function entryBlocks(frontMatter: FrontMatter, closingLine: number): { key: string; from: number; to: number }[] {
  return frontMatter.entries.map((entry, k) => ({
    key: entry.key,
    from: entry.line - 1,
    to: k + 1 < frontMatter.entries.length ? frontMatter.entries[k + 1]!.line - 1 : closingLine,
  }));
}

/** The lines of a text, each with its line end. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Replaces the (possibly multi-line) values of top-level keys with YAML-safe scalars; every other
 * byte stays. All at once, from the last entry up: a replaced value may take more or fewer lines
 * than the old one, and the entries' line numbers are those of the original block.
 */
export function replaceFrontMatterKeys(frontMatter: FrontMatter, values: ReadonlyMap<string, string>): string {
  const lines = splitLines(frontMatter.raw);
  const blocks = entryBlocks(frontMatter, lines.length - 1).filter((b) => values.has(b.key));
  for (const block of blocks.sort((a, b) => b.from - a.from)) {
    const eol = lines[block.from]?.endsWith('\r\n') ? '\r\n' : '\n';
    // Stringified as a one-key map, so a multi-line value gets a correctly indented block scalar.
    const entry = stringify({ [block.key]: values.get(block.key) }, { lineWidth: 0 }).trimEnd().split('\n').join(eol);
    lines.splice(block.from, block.to - block.from, `${entry}${eol}`);
  }
  return lines.join('');
}

export function splitFrontMatter(text: string, file: string): FrontMatterResult {
  const open = OPEN.exec(text);
  if (!open) return { frontMatter: undefined, bodyStart: 0, diagnostics: [] };
  const yamlStart = open[0].length;
  const close = CLOSE.exec(text.slice(yamlStart));
  if (!close) {
    return {
      frontMatter: undefined,
      bodyStart: 0,
      diagnostics: [
        diagnostic('front-matter-unclosed', { file }, 'front matter opened with "---" is never closed; add a line "---" after the last key'),
      ],
    };
  }
  const yamlText = text.slice(yamlStart, yamlStart + close.index);
  const end = yamlStart + close.index + close[0].length;
  const raw = text.slice(0, end);
  const firstLine = 2; // the YAML starts on the line after `---`
  const simple = readSimpleYaml(yamlText, firstLine);
  if (simple) return { frontMatter: { raw, entries: simple }, bodyStart: end, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  return { frontMatter: { raw, entries: readYamlEntries(yamlText, firstLine, file, diagnostics) }, bodyStart: end, diagnostics };
}

/** Front matter through the full YAML parser, with errors as diagnostics. */
export function readYamlEntries(yamlText: string, firstLine: number, file: string, diagnostics: Diagnostic[] = []): FrontMatterEntry[] {
  const lines = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lines, keepSourceTokens: false, uniqueKeys: false });
  for (const error of doc.errors) {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    diagnostics.push(diagnostic('front-matter-yaml', { file, line: pos.line + firstLine - 1, column: pos.col }, `front matter is not valid YAML: ${error.message.split('\n')[0]}; quote values that contain ": " or start with a special character`));
  }
  const entries: FrontMatterEntry[] = [];
  if (diagnostics.length === 0 && isMap(doc.contents)) {
    for (const item of doc.contents.items) {
      const key = isScalar(item.key) ? String(item.key.value) : String(item.key);
      const offset = isScalar(item.key) && item.key.range ? item.key.range[0] : 0;
      entries.push({
        key,
        value: item.value && 'toJSON' in item.value ? (item.value as { toJSON(): unknown }).toJSON() : null,
        style: scalarStyle(item.value),
        line: lines.linePos(offset).line + firstLine - 1,
      });
    }
  }
  return entries;
}

function scalarStyle(node: unknown): ScalarStyle {
  if (!isScalar(node)) return 'none';
  switch (node.type) {
    case Scalar.QUOTE_SINGLE:
      return 'single';
    case Scalar.QUOTE_DOUBLE:
      return 'double';
    case Scalar.BLOCK_LITERAL:
      return 'literal';
    case Scalar.BLOCK_FOLDED:
      return 'folded';
    default:
      return 'plain';
  }
}

export function frontMatterValue(frontMatter: FrontMatter | undefined, key: string): unknown {
  return frontMatter?.entries.find((e) => e.key === key)?.value;
}

/** A date of the front matter (`ms.date`) as corpora write it (`MM/DD/YYYY`) or ISO (`YYYY-MM-DD`) → a UTC date; undefined otherwise. */
export function parseDocDate(value: unknown): Date | undefined {
  const text = String(value ?? '').trim().replace(/^["']|["']$/g, '');
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
  const [y, m, d] = us ? [Number(us[3]), Number(us[1]), Number(us[2])] : iso ? [Number(iso[1]), Number(iso[2]), Number(iso[3])] : [0, 0, 0];
  if (!y || m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCDate() === d ? date : undefined;
}

/** The same date as a number that sorts as dates do (`20210617`), 0 when absent or not a date. */
export function docDateValue(value: unknown): number {
  const date = parseDocDate(value);
  return date ? date.getUTCFullYear() * 10000 + (date.getUTCMonth() + 1) * 100 + date.getUTCDate() : 0;
}
