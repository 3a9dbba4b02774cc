/**
 * Writing a document model back to sxs Markdown. `serializeSxs(parseSxs(text)) === text` for
 * every well-formed document: the skeleton is kept byte for byte and pairs have one exact form.
 */
import { formatPair } from '../parse/sxs/parse.ts';
import type { Segment, SxsDocument } from './types.ts';

export function serializeSxs(doc: SxsDocument): string {
  // An MDX page is English with no pairs: its source text is the page.
  if (doc.format === 'mdx') return renderBody(doc, (s) => s.source, doc.frontMatter?.raw ?? '');
  return renderBody(doc, (s) => formatPair(s.id, s.target, s.source), doc.frontMatter?.raw ?? '');
}

/** Joins skeleton and one string per segment, with the BOM and front matter in front. */
export function renderBody(doc: SxsDocument, renderSegment: (segment: Segment, index: number) => string, frontMatter: string): string {
  const parts: string[] = [doc.bom ? '\ufeff' : '', frontMatter];
  const { skeleton, segments } = doc;
  for (let k = 0; k < segments.length; k++) {
    parts.push(skeleton[k]!, renderSegment(segments[k]!, k));
  }
  parts.push(skeleton[segments.length]!);
  return parts.join('');
}
