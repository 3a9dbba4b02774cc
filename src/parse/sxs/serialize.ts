/**
 * Writing a document model back to sxs Markdown. `serializeSxs(parseSxs(text)) === text` for
 * every well-formed document: the skeleton is kept byte for byte and pairs have one exact form.
 */
import { renderBody } from '../../model/serialize.ts';
import type { SxsDocument } from '../../model/types.ts';
import { formatPair } from './parse.ts';

export function serializeSxs(doc: SxsDocument): string {
  // An MDX page is English with no pairs: its source text is the page.
  if (doc.format === 'mdx') return renderBody(doc, (s) => s.source, doc.frontMatter?.raw ?? '');
  return renderBody(doc, (s) => formatPair(s.id, s.target, s.source, s.markup), doc.frontMatter?.raw ?? '');
}
