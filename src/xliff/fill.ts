/**
 * A translation written as Markdown, coded against a unit's source: markup with the same
 * Markdown as a source code takes that code's id, so merge-back can check it. For tools and
 * tests that produce targets as text (a translation table, machine translation).
 */
import type { InlineToken } from '../model/types.ts';
import { tokenizeInline } from '../model/markdown/inline.ts';
import { codedToMarkdown, codeSegment, type CodedText } from '../model/coded-text.ts';
import type { XliffUnit } from './types.ts';

export function targetFromMarkdown(unit: XliffUnit, markdown: string, options: { mdx?: boolean } = {}): CodedText {
  const tokens = (text: string): InlineToken[] => (unit.metadata ? [{ type: 'text', raw: text }] : tokenizeInline(text, options));
  return codeSegment(tokens(codedToMarkdown(unit.source)), tokens(markdown)).target;
}
