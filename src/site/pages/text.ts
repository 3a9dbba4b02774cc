/** Text helpers the page kinds share: front matter, the leading H1, dates, labels from slugs. */
import { parse as parseYaml } from 'yaml';
import { type Diagnostic, diagnostic, type DiagnosticCode } from '../../model/diagnostics.ts';

/** `MM/DD/YYYY` → sortable number, 0 when absent or malformed. */
export function usDateValue(value: unknown): number {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(String(value ?? '').trim());
  return m ? Number(m[3]) * 10000 + Number(m[1]) * 100 + Number(m[2]) : 0;
}

/** The body of a Markdown text, front matter removed. */
export function stripFrontMatter(text: string): string {
  const m = /^\ufeff?---[ \t]*\r?\n(?:[\s\S]*?\r?\n)?---[ \t]*(?:\r?\n|$)/.exec(text);
  return m ? text.slice(m[0].length) : text.replace(/^\ufeff/, '');
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
  const m = /^\ufeff?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return {};
  try {
    const data = parseYaml(m[1]!) as unknown;
    return data && typeof data === 'object' ? (data as Record<string, unknown>) : {};
  } catch (error) {
    diagnostics.push(diag(file, 'front-matter-yaml', `front matter is not valid YAML: ${(error as Error).message}`));
    return {};
  }
}
