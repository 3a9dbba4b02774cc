/**
 * The YAML front matter of a Markdown document: kept byte for byte, and also read into ordered
 * entries so that later stages can use the values without re-parsing.
 */
import { isMap, isScalar, LineCounter, parseDocument, Scalar } from 'yaml';
import type { FrontMatter, FrontMatterEntry, ScalarStyle } from '../../model/types.ts';
import { type Diagnostic, diagnostic } from '../../model/diagnostics.ts';
import { readSimpleYaml } from './simple-yaml.ts';

export interface FrontMatterResult {
  frontMatter: FrontMatter | undefined;
  /** Where the body starts in the text. */
  bodyStart: number;
  diagnostics: Diagnostic[];
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/m;

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
