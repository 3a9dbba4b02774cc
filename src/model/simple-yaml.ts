/**
 * A fast reader for the flat YAML that front matter almost always is: `key: scalar` lines and
 * block lists of scalars. Full YAML parsing costs a quarter of the sxs parse time, so this path
 * handles the common shapes and returns `undefined` for anything else; the caller then uses the
 * real YAML parser. A test checks that both agree on every front matter of the corpora.
 */
import type { FrontMatterEntry, ScalarStyle } from './types.ts';

const KEY_LINE = /^([A-Za-z_][\w.$-]*):(?:[ \t]+(.*?))?[ \t]*$/;
const LIST_ITEM = /^[ \t]*-[ \t]+(.*?)[ \t]*$/;
/**
 * Plain scalars that YAML's core schema reads as a decimal integer or float, each the number
 * `Number` reads it as (`ms.custom: 141393` is in a sixth of the front matters of the large corpora).
 */
const DECIMAL = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
/** Other plain scalars that YAML's core schema would not read as a string: left to the real parser. */
const NON_STRING_PLAIN = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;
const PLAIN_UNSAFE_START = /^[[\]{}&*!|>%@`#,?:-]/;

interface Scalar {
  value: string | number;
  style: ScalarStyle;
}

/** `firstLine` is the file line of the YAML's first line. */
export function readSimpleYaml(yaml: string, firstLine: number): FrontMatterEntry[] | undefined {
  const lines = yaml.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const entries: FrontMatterEntry[] = [];
  const seen = new Set<string>();
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!.endsWith('\r') ? lines[k]!.slice(0, -1) : lines[k]!;
    if (line.trim() === '') continue;
    const m = KEY_LINE.exec(line);
    if (!m || seen.has(m[1]!)) return undefined;
    seen.add(m[1]!);
    const key = m[1]!;
    const rest = m[2];
    if (rest === undefined || rest === '') {
      const items: (string | number)[] = [];
      while (k + 1 < lines.length) {
        const next = lines[k + 1]!.replace(/\r$/, '');
        const item = LIST_ITEM.exec(next);
        if (!item) break;
        const scalar = readScalar(item[1]!);
        if (!scalar) return undefined;
        items.push(scalar.value);
        k++;
      }
      if (items.length === 0) {
        // `key:` with nothing after it is null, unless a nested map follows (not simple).
        const next = lines[k + 1];
        if (next !== undefined && /^[ \t]/.test(next) && next.trim() !== '') return undefined;
        entries.push({ key, value: null, style: 'none', line: firstLine + k });
      } else {
        entries.push({ key, value: items, style: 'none', line: firstLine + k - items.length });
      }
      continue;
    }
    const scalar = readScalar(rest);
    if (!scalar) return undefined;
    // A plain scalar may continue on indented lines; leave that to the real parser.
    const next = lines[k + 1];
    if (next !== undefined && /^[ \t]+\S/.test(next)) return undefined;
    entries.push({ key, value: scalar.value, style: scalar.style, line: firstLine + k });
  }
  return entries;
}

function readScalar(text: string): Scalar | undefined {
  const first = text[0];
  if (first === '"') {
    if (text.length < 2 || !text.endsWith('"') || text.includes('\\')) return undefined;
    const inner = text.slice(1, -1);
    return inner.includes('"') ? undefined : { value: inner, style: 'double' };
  }
  if (first === "'") {
    if (text.length < 2 || !text.endsWith("'")) return undefined;
    const inner = text.slice(1, -1);
    if (inner.replaceAll("''", '').includes("'")) return undefined;
    return { value: inner.replaceAll("''", "'"), style: 'single' };
  }
  if (PLAIN_UNSAFE_START.test(text) || text.includes(': ') || text.includes(' #') || text.endsWith(':')) return undefined;
  if (DECIMAL.test(text)) return { value: Number(text), style: 'plain' };
  if (NON_STRING_PLAIN.test(text)) return undefined;
  return { value: text, style: 'plain' };
}
