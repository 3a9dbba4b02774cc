/** Text helpers the page kinds share: front matter, the leading H1, labels from slugs. */
import { type Diagnostic, diagnostic, type DiagnosticCode } from '../../model/diagnostics.ts';
import { frontMatterData } from '../../model/front-matter.ts';

export { stripFrontMatter } from '../../model/front-matter.ts';

const LEADING_H1 = /^(?:[ \t]*\r?\n)*[ ]{0,3}#(?!#)([^\n]*)(?:\n|$)/;

/** The page title comes from front matter; the H1 that repeats it is dropped from the body. */
export function dropLeadingH1(markdown: string): string {
  return markdown.replace(LEADING_H1, '');
}

/**
 * The leading H1 of a page body, as Markdown (the text after `#`, closing `#`s dropped), and the
 * body without it: the page shows that H1 as its heading, above the body.
 */
export function splitLeadingH1(markdown: string): { heading?: string; body: string } {
  const m = LEADING_H1.exec(markdown);
  if (!m) return { body: markdown };
  const heading = m[1]!.replace(/\r$/, '').replace(/(?:^|[ \t]+)#+[ \t]*$/, '').trim();
  return heading ? { heading, body: markdown.slice(m[0].length) } : { body: markdown.slice(m[0].length) };
}

export function humanize(slug: string): string {
  const last = slug.split('/').at(-1) ?? slug;
  const words = last.replace(/[-_]+/g, ' ').trim();
  return words ? words.replace(/\b\p{Ll}/gu, (c) => c.toUpperCase()) : 'Home';
}

export function diag(file: string, code: DiagnosticCode, message: string, severity?: Diagnostic['severity']): Diagnostic {
  return diagnostic(code, { file }, message, severity);
}

/** The YAML front matter of a Markdown file written by us; invalid YAML is a diagnostic and `{}`. */
export function frontMatterOf(text: string, file: string, diagnostics: Diagnostic[]): Record<string, unknown> {
  return frontMatterData(text, file, diagnostics);
}
