/**
 * An English TOC (`TOC.yml`) as a document of the shared model, so its entry names travel to
 * translators like the sentences of a page: one segment per `name` value (a prop `name` of
 * `<TOC>` for the unit's note), everything else skeleton. Ids are those of MDX sentences
 * (content-derived), so a renamed entry is re-keyed and the others are not.
 *
 * Names are found line by line (`name: …` and `- name: …`, plain or quoted without escapes) and
 * kept only when the YAML reader gives the same value, so comments and block scalars never
 * become units.
 */
import { parse } from 'yaml';
import type { Segment, SxsDocument } from '../model/types.ts';
import { tokenizeInline } from '../model/markdown/inline.ts';
import { segmentId } from './mdx/parse.ts';
import { decodeUtf8, LineIndex } from '../model/source-text.ts';

const NAME = /^([ \t]*(?:-[ \t]+)?name:[ \t]*)(?:"([^"\\\n]*)"|'([^'\n]*)'|([^\s#'"][^\n#]*?))[ \t]*(?:#.*)?$/gm;

export function parseTocDocument(input: string | Uint8Array, path: string): SxsDocument {
  const none = { target: undefined, source: undefined, sourceOrigin: 'none' as const };
  const empty: SxsDocument = { format: 'mdx', path, locale: 'en', translationType: undefined, bom: false, eol: '\n', frontMatter: undefined, skeleton: [''], segments: [], title: none, description: none, embedded: [], diagnostics: [] };
  let text: string;
  if (typeof input === 'string') text = input.replace(/^\ufeff/, '');
  else {
    const decoded = decodeUtf8(input, path);
    if ('code' in decoded) return { ...empty, diagnostics: [decoded] };
    text = decoded.text;
  }
  const names = new Set<string>();
  try {
    collectNames(parse(text) as unknown, names);
  } catch {
    // Not valid YAML: no units (the site reports the TOC).
  }
  const lines = new LineIndex(text);
  const ids = new Map<string, number>();
  const skeleton: string[] = [];
  const segments: Segment[] = [];
  let cursor = 0;
  for (const m of text.matchAll(NAME)) {
    const value = m[2] ?? m[3] ?? m[4]!;
    if (!names.has(value.trim()) || value.trim() === '') continue;
    const start = m.index + m[1]!.length + (m[4] === undefined ? 1 : 0);
    const source = value;
    const { line, column } = lines.position(start);
    skeleton.push(text.slice(cursor, start));
    segments.push({
      id: segmentId(source, ids),
      target: '',
      source,
      targetTokens: [],
      sourceTokens: tokenizeInline(source, { mdx: true }),
      context: { kind: 'attribute', attribute: { element: 'TOC', name: 'name' } },
      offset: start,
      line,
      column,
    });
    cursor = start + source.length;
  }
  skeleton.push(text.slice(cursor));
  return { ...empty, eol: /\r\n/.test(text) ? '\r\n' : '\n', skeleton, segments };
}

function collectNames(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) node.forEach((n) => collectNames(n, out));
  else if (node && typeof node === 'object') {
    const { name, items } = node as { name?: unknown; items?: unknown };
    if (typeof name === 'string') out.add(name.trim());
    collectNames(items, out);
  }
}

/** Whether a path is a TOC file that `parseTocDocument` reads. */
export function isTocYaml(path: string): boolean {
  return /(^|\/)toc\.yml$/i.test(path);
}
