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
/** Plain words that YAML's core schema reads as null or a boolean. */
const PLAIN_WORDS: ReadonlyMap<string, null | boolean> = new Map([
  ...['~', 'null', 'Null', 'NULL'].map((w) => [w, null] as const),
  ...['true', 'True', 'TRUE'].map((w) => [w, true] as const),
  ...['false', 'False', 'FALSE'].map((w) => [w, false] as const),
]);
/** The other plain scalars that YAML's core schema would not read as a string: left to the real parser. */
const NON_STRING_PLAIN = /^(?:0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
/** Single-character escapes of a double-quoted YAML scalar (YAML 1.2, 5.7), what each stands for. */
const ESCAPED: Readonly<Record<string, string>> = { '0': '\0', a: '\x07', b: '\b', t: '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b', ' ': ' ', '/': '/', N: '\x85', _: '\xa0', L: '\u2028', P: '\u2029', '"': '"', '\\': '\\' };
/** A double-quoted scalar's inside made of text and those escapes only (no `\x`/`\u` codes, no line break). */
const DOUBLE_QUOTED_ESCAPES = /^(?:[^"\\]|\\[0abtnvfre /N_LP"\\])*$/;
const PLAIN_UNSAFE_START = /^[[\]{}&*!|>%@`#,?:-]/;

interface Scalar {
  value: string | number | boolean | null;
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
      const items: Scalar['value'][] = [];
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

/** Why `readSimpleYamlTree` leaves a document to the full parser. */
class NotSimple extends Error {}

const isEntry = (text: string): boolean => text === '-' || text.startsWith('- ');

/**
 * A document of block sequences and block maps whose leaves are one-line scalars (a DocFX TOC),
 * as YAML's `parse` reads it; undefined for anything else (flow collections, block scalars,
 * multi-line plain scalars, anchors, tags, comments after a value, duplicate keys, tabs in the
 * indentation, several documents), which the caller leaves to the full parser. A test checks that
 * both agree on every TOC of the corpora.
 */
export function readSimpleYamlTree(yaml: string): { value: unknown } | undefined {
  const lines: { indent: number; text: string }[] = [];
  for (const raw of yaml.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const text = line.trimStart();
    if (text === '' || text.startsWith('#')) continue;
    const indent = line.length - text.length;
    if (line.slice(0, indent).includes('\t')) return undefined;
    lines.push({ indent, text: text.trimEnd() });
  }
  if (lines.length === 0) return undefined;
  let at = 0;
  const scalar = (text: string) => {
    const read = readScalar(text);
    if (!read) throw new NotSimple();
    return read.value;
  };
  /** The block at `indent`, from lines[at]; stops at a line indented less, fails at one indented more. */
  const block = (indent: number): unknown => (isEntry(lines[at]!.text) ? sequence(indent) : map(indent));
  const sequence = (indent: number): unknown[] => {
    const items: unknown[] = [];
    while (at < lines.length && lines[at]!.indent >= indent) {
      const { indent: own, text } = lines[at]!;
      if (own > indent) throw new NotSimple();
      // A key at this indentation: the sequence was a key's value, at its key's indentation.
      if (!isEntry(text)) break;
      const rest = text.slice(1).trimStart();
      if (rest === '' || isEntry(rest)) throw new NotSimple();
      if (KEY_LINE.test(rest)) {
        // `- key: value`: a map whose keys line up after the dash.
        lines[at] = { indent: own + text.length - rest.length, text: rest };
        items.push(map(lines[at]!.indent));
      } else {
        items.push(scalar(rest));
        at++;
      }
    }
    return items;
  };
  const map = (indent: number): Record<string, unknown> => {
    const entries: Record<string, unknown> = {};
    while (at < lines.length && lines[at]!.indent >= indent) {
      const { indent: own, text } = lines[at]!;
      const m = own === indent ? KEY_LINE.exec(text) : null;
      if (!m || Object.hasOwn(entries, m[1]!) || m[1] === '__proto__') throw new NotSimple();
      at++;
      const next = lines[at];
      if (m[2]) entries[m[1]!] = scalar(m[2]);
      else if (next && next.indent > indent) entries[m[1]!] = block(next.indent);
      // A sequence may sit at its key's indentation.
      else if (next && next.indent === indent && isEntry(next.text)) entries[m[1]!] = sequence(indent);
      else entries[m[1]!] = null;
    }
    return entries;
  };
  try {
    const value = block(lines[0]!.indent);
    return at === lines.length ? { value } : undefined;
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}

function readScalar(text: string): Scalar | undefined {
  const first = text[0];
  if (first === '"') {
    if (text.length < 2 || !text.endsWith('"')) return undefined;
    const inner = text.slice(1, -1);
    if (!inner.includes('\\')) return inner.includes('"') ? undefined : { value: inner, style: 'double' };
    // With escapes: `Office\_365` (a no-break space), `\"`, `\\`; `\x`, `\u` codes are left to the full parser.
    if (!DOUBLE_QUOTED_ESCAPES.test(inner)) return undefined;
    return { value: inner.replace(/\\(.)/g, (_, c: string) => ESCAPED[c]!), style: 'double' };
  }
  if (first === "'") {
    if (text.length < 2 || !text.endsWith("'")) return undefined;
    const inner = text.slice(1, -1);
    if (inner.replaceAll("''", '').includes("'")) return undefined;
    return { value: inner.replaceAll("''", "'"), style: 'single' };
  }
  if (PLAIN_UNSAFE_START.test(text) || text.includes(': ') || text.includes(' #') || text.endsWith(':')) return undefined;
  if (DECIMAL.test(text)) return { value: Number(text), style: 'plain' };
  if (PLAIN_WORDS.has(text)) return { value: PLAIN_WORDS.get(text)!, style: 'plain' };
  if (NON_STRING_PLAIN.test(text)) return undefined;
  return { value: text, style: 'plain' };
}
