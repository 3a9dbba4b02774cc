/** Text helpers the page kinds share: front matter, the leading H1, dates, labels from slugs. */
import { type Diagnostic, diagnostic, type DiagnosticCode } from '../../model/diagnostics.ts';
import { frontMatterData } from '../../model/front-matter.ts';

export { stripFrontMatter } from '../../model/front-matter.ts';

/** `MM/DD/YYYY` → sortable number, 0 when absent or malformed. */
export function usDateValue(value: unknown): number {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(String(value ?? '').trim());
  return m ? Number(m[3]) * 10000 + Number(m[1]) * 100 + Number(m[2]) : 0;
}

/** The page title comes from front matter; the H1 that repeats it is dropped from the body. */
export function dropLeadingH1(markdown: string): string {
  return markdown.replace(/^(?:[ \t]*\r?\n)*[ ]{0,3}#(?!#)[^\n]*(?:\n|$)/, '');
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
