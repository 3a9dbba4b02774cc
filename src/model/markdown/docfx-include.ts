/**
 * DocFX's include directive, `[!INCLUDE[title](path)]`: the one grammar of it, used by the inline
 * tokenizer (./inline.ts, token type `include`) and by the site's include plugin
 * (src/site/docfx/include.ts), and the one rule for where its path leads.
 *
 * The grammar is DocFX's own (its Markdig inclusion parsers): `[!include`, in any case, optionally
 * followed by `+` or `-`; spaces or tabs; `[title]` (a backslash escapes a `]`); `(path)` where the
 * path may be written `<in angle brackets>`, ends at whitespace or `)`, and may be followed by a
 * quoted link title; then `]`. Everything is on one line. An include alone on its line is a block
 * include (the file's blocks replace it); anywhere else it is an inline include.
 */

export interface IncludeMatch {
  /** The directive exactly as written. */
  raw: string;
  /** The title, escapes resolved, trimmed. */
  title: string;
  /** The path as written (escapes resolved, angle brackets removed). */
  path: string;
}

const START = /\[!include/iy;
const ANY_START = /\[!include/gi;

/** The offset of the next `[!include` (any case) at or after `from`, or -1. */
export function indexOfInclude(text: string, from = 0): number {
  ANY_START.lastIndex = from;
  return ANY_START.exec(text)?.index ?? -1;
}

/** The include directive that starts at `text[at]`, or undefined when there is none. */
export function matchInclude(text: string, at = 0): IncludeMatch | undefined {
  START.lastIndex = at;
  if (!START.test(text)) return undefined;
  let i = START.lastIndex;
  if (text[i] === '+' || text[i] === '-') i++;
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] !== '[') return undefined;
  let title = '';
  for (i++; i < text.length && text[i] !== ']'; i++) {
    const c = text[i]!;
    if (c === '\n' || c === '\r') return undefined;
    if (c === '\\' && i + 1 < text.length && text[i + 1] !== '\n') title += text[++i];
    else title += c;
  }
  if (text[i] !== ']' || text[i + 1] !== '(') return undefined;
  i += 2;
  while (text[i] === ' ' || text[i] === '\t') i++;
  let path = '';
  if (text[i] === '<') {
    for (i++; i < text.length && text[i] !== '>'; i++) {
      if (text[i] === '\n' || text[i] === '\r') return undefined;
      path += text[i];
    }
    if (text[i] !== '>') return undefined;
    i++;
  } else {
    for (; i < text.length && !/[\s)]/.test(text[i]!); i++) {
      if (text[i] === '\\' && i + 1 < text.length && !/\s/.test(text[i + 1]!)) path += text[++i];
      else path += text[i];
    }
  }
  while (text[i] === ' ' || text[i] === '\t') i++;
  if (text[i] === '"' || text[i] === "'") {
    const quote = text[i]!;
    const close = text.indexOf(quote, i + 1);
    const newline = text.slice(i, close).search(/[\r\n]/);
    if (close < 0 || newline >= 0) return undefined;
    i = close + 1;
    while (text[i] === ' ' || text[i] === '\t') i++;
  }
  if (text[i] !== ')' || text[i + 1] !== ']' || !path.trim()) return undefined;
  return { raw: text.slice(at, i + 2), title: title.trim(), path: path.trim() };
}

/** True when `text[at]` is escaped by an odd run of backslashes before it. */
export function isEscapedAt(text: string, at: number): boolean {
  let n = 0;
  while (at - n - 1 >= 0 && text[at - n - 1] === '\\') n++;
  return n % 2 === 1;
}

/** Every include directive of a text, with its offset, in order (escaped `\[!include` excluded). */
export function findIncludes(text: string): (IncludeMatch & { offset: number })[] {
  const out: (IncludeMatch & { offset: number })[] = [];
  for (let at = indexOfInclude(text); at >= 0; at = indexOfInclude(text, at + 1)) {
    if (isEscapedAt(text, at)) continue;
    const found = matchInclude(text, at);
    if (found) out.push({ ...found, offset: at });
  }
  return out;
}

export type IncludeTarget =
  | { kind: 'file'; path: string }
  /** The path leaves the content root, or is a URL: never read. */
  | { kind: 'outside'; reason: string };

/**
 * The content-root-relative path an include names, from the file that writes it.
 * `~/x` starts at the docset root (the folder of the docset's `docfx.json`), `/x` at the content
 * root, anything else at the including file's folder. Backslashes are separators, `%xx` is decoded,
 * a query or anchor is dropped. A path that climbs above the content root, or a URL, is refused.
 */
export function resolveIncludePath(fromFile: string, path: string, docsetRoot: string): IncludeTarget {
  const trimmed = path.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith('//')) return { kind: 'outside', reason: 'a URL, not a file of the content' };
  let decoded = trimmed.replace(/[?#].*$/, '').replace(/\\/g, '/');
  try {
    decoded = decodeURIComponent(decoded);
  } catch {
    // Kept as written: a stray `%` is part of the name.
  }
  let base: string[];
  let rest: string;
  if (decoded.startsWith('~/') || decoded === '~') {
    base = docsetRoot ? docsetRoot.split('/') : [];
    rest = decoded.slice(1);
  } else if (decoded.startsWith('/')) {
    base = [];
    rest = decoded;
  } else {
    base = fromFile.replace(/\\/g, '/').split('/').slice(0, -1);
    rest = decoded;
  }
  const parts = [...base];
  for (const part of rest.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return { kind: 'outside', reason: 'the path climbs above the content folder' };
      parts.pop();
    } else parts.push(part);
  }
  if (parts.length === 0) return { kind: 'outside', reason: 'the path names no file' };
  return { kind: 'file', path: parts.join('/') };
}
