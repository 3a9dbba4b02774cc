/**
 * Rendering a document model back to text: skeleton and one string per segment. Each format
 * (sxs pairs, a target view, an MDX page) supplies how a segment is written.
 */
import type { Segment, SxsDocument } from './types.ts';

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
