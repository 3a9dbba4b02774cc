/**
 * Diagnostics: one registry of codes (what each means, its usual severity, what to do), one
 * factory, one formatter. Every command prints a diagnostic the same way,
 *
 *   file:line:column: severity code: message
 *
 * and the exit-code rule (src/cli/command.ts `exitCodeFor`) reads only severities: any error
 * is exit 1. A message says what is wrong in this place and what to do; the registry says what
 * the code means in general, for `--help`, the README and readers of JSON reports.
 */

/** Something a person must act on, located in a file. Lines and columns are 1-based. */
export interface Diagnostic {
  file: string;
  line: number;
  column: number;
  severity: Severity;
  /** Stable, kebab-case identifier of the problem, for tests and filters. */
  code: DiagnosticCode;
  /** What is wrong and what to do about it. */
  message: string;
}

/** `error`: the input is wrong and something was left out or kept as it was (exit 1); `warning`: worth a look, nothing was refused. */
export type Severity = 'error' | 'warning';

export interface DiagnosticKind {
  severity: Severity;
  /** What the code means. */
  meaning: string;
  /** What to do about it, in general (each message says it for its case). */
  action: string;
}

/** Every code Bitext reports. A code's severity is the one it is reported with unless a caller says otherwise for its context. */
export const DIAGNOSTIC_CODES = {
  // Files and bytes
  'unreadable-file': { severity: 'error', meaning: 'a file could not be read', action: 'check that it exists and is readable' },
  'invalid-utf8': { severity: 'error', meaning: 'a text file has bytes that are not UTF-8', action: 'save the file as UTF-8' },
  'empty-file': { severity: 'warning', meaning: 'a document is empty', action: 'add content or delete the file' },
  'unsupported-file-name': { severity: 'error', meaning: 'a file name the site cannot build (an MDX path holding # or ?)', action: 'rename the file' },
  'path-outside-root': { severity: 'error', meaning: 'a path named in a file or reached by a link leads outside its content folder, so it is not read', action: 'name a path inside the content folder (or build with --follow-symlinks)' },
  // Front matter and YAML
  'front-matter-unclosed': { severity: 'error', meaning: 'a front-matter block has no closing ---', action: 'close the block with a --- line' },
  'front-matter-yaml': { severity: 'error', meaning: 'the front matter is not valid YAML', action: 'fix the YAML' },
  'yaml-invalid': { severity: 'error', meaning: 'a YAML file (TOC, YAML page) is not valid YAML', action: 'fix the YAML' },
  'missing-locale': { severity: 'error', meaning: 'an sxs document has no ms.contentlocale', action: 'add ms.contentlocale: xx-XX to its front matter' },
  'invalid-locale': { severity: 'error', meaning: 'a locale is not a BCP 47 tag, so it names no folder or URL', action: 'write a tag such as ru-RU' },
  'duplicate-page': { severity: 'warning', meaning: 'two files give the same page; one is kept', action: 'remove or rename one of them' },
  'redirection-invalid': { severity: 'error', meaning: 'a redirection entry cannot be followed', action: 'fix the entry in .openpublishing.redirection.json or redirect_url' },
  // sxs pairs
  'orphan-target': { severity: 'error', meaning: 'an sxs translation span has no English source span', action: 'restore the pair or remove the span' },
  'orphan-source': { severity: 'error', meaning: 'an sxs English span has no translation span', action: 'restore the pair or remove the span' },
  'unclosed-pair': { severity: 'error', meaning: 'an sxs pair is not closed', action: 'close the span' },
  'id-mismatch': { severity: 'error', meaning: 'the two spans of an sxs pair carry different ids', action: 'give both spans the same id' },
  'nested-pair': { severity: 'error', meaning: 'an sxs pair opens inside another', action: 'close the outer pair first' },
  'stray-span-marker': { severity: 'error', meaning: 'an sxs span marker outside any pair', action: 'remove it or complete the pair' },
  'duplicate-id': { severity: 'warning', meaning: 'an sxs segment id is used twice in a file', action: 'ids should be unique in a file' },
  'recovered-pair': { severity: 'warning', meaning: 'a malformed sxs pair was read as its published sentence', action: 'repair the pair in the source' },
  // MDX and DocFX
  'mdx-syntax': { severity: 'error', meaning: 'an MDX page (or a translated copy of one) would not compile', action: 'fix the MDX, or the XLIFF target that broke it' },
  'include-missing': { severity: 'warning', meaning: 'a DocFX include names a file that does not exist; the page shows a mark', action: 'add the file or fix the path' },
  'include-cycle': { severity: 'warning', meaning: 'DocFX includes include each other', action: 'break the cycle' },
  'include-outside-root': { severity: 'error', meaning: 'a DocFX include leads outside the content folder and is not read', action: 'include only files inside the content folder' },
  // XML, XLIFF and TMX
  'xml-invalid': { severity: 'error', meaning: 'a file is not well-formed or safe XML', action: 'fix the XML at the place named' },
  'tmx-invalid': { severity: 'error', meaning: 'a TMX file breaks TMX 1.4b', action: 'fix the element named' },
  'glossary-invalid': { severity: 'error', meaning: 'a glossary (TBX or CSV) cannot be read, or an entry of it is left out', action: 'fix the entry or row named' },
  // Quality checks on translations (bitext check)
  'qa-codes': { severity: 'error', meaning: 'inline codes of the source are missing from the target, or the target adds some', action: 'keep each code of the source around the same words' },
  'qa-numbers': { severity: 'error', meaning: 'a number of the source is not in the target', action: 'check that no figure changed' },
  'qa-urls': { severity: 'error', meaning: 'a URL or e-mail address of the source is not in the target', action: 'keep addresses unchanged' },
  'qa-placeholders': { severity: 'error', meaning: 'placeholders differ from the source', action: 'keep each placeholder exactly as in the source' },
  'qa-whitespace': { severity: 'warning', meaning: 'leading or trailing whitespace differs from the source', action: 'match the source' },
  'qa-punctuation': { severity: 'warning', meaning: 'final punctuation differs from the source', action: 'check the end of the sentence' },
  'qa-unchanged': { severity: 'warning', meaning: 'the target is the English source unchanged', action: 'translate it, or confirm it stays in English' },
  'qa-doubled-word': { severity: 'warning', meaning: 'the same word twice in a row', action: 'remove one' },
  'qa-length': { severity: 'warning', meaning: "a target far longer or shorter than the locale's norm", action: 'check that nothing is missing or repeated' },
  'qa-inconsistent': { severity: 'warning', meaning: 'the same English is translated differently in the project', action: 'choose one translation' },
  'qa-glossary': { severity: 'error', meaning: "a glossary term of the source is not translated with the glossary's translation, or a forbidden term is used", action: "use the glossary's translation" },
  'tmx-skipped': { severity: 'warning', meaning: 'a TMX unit was not imported (its inline codes cannot be carried as Markdown)', action: 'translate the sentence in the XLIFF instead' },
  'xliff-invalid': { severity: 'error', meaning: 'an XLIFF file breaks the XLIFF 1.2 or 2.x specification', action: 'fix the element or attribute named' },
  'xliff-codes': { severity: 'error', meaning: "a target's inline codes are missing, duplicated, unbalanced, unknown or changed; the unit keeps its previous text", action: "keep every code of the source in the target, each once, pairs in order" },
  'xliff-markup': { severity: 'error', meaning: 'a target holds markup that is not one of its inline codes (a raw <script>, <b>...); the unit keeps its previous text', action: 'type markup as text (&lt;script&gt;) or remove it' },
  'xliff-untranslated': { severity: 'warning', meaning: 'a unit has no target; the page shows the earlier text (English, or the corpus translation) there', action: 'translate the unit' },
  'xliff-merge': { severity: 'warning', meaning: "a unit's English no longer matches its document (the document changed since extraction), or its document cannot be found", action: 'run "bitext extract" again, or name the content folder with --content' },
} as const satisfies Record<string, DiagnosticKind>;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** Where a diagnostic points: a file, and a 1-based line and column in it (1:1 for the whole file). */
export interface DiagnosticPlace {
  file: string;
  line?: number;
  column?: number;
}

/** The one way to make a diagnostic: the code's registered severity unless `severity` says otherwise. */
export function diagnostic(code: DiagnosticCode, at: DiagnosticPlace, message: string, severity?: Severity): Diagnostic {
  return { file: at.file, line: at.line ?? 1, column: at.column ?? 1, severity: severity ?? DIAGNOSTIC_CODES[code].severity, code, message };
}

/** The one printed form: `file:line:column: severity code: message`. */
export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.code}: ${d.message}`;
}

export function hasErrors(doc: { diagnostics: readonly Diagnostic[] } | readonly Diagnostic[]): boolean {
  const list = Array.isArray(doc) ? (doc as readonly Diagnostic[]) : (doc as { diagnostics: readonly Diagnostic[] }).diagnostics;
  return list.some((d) => d.severity === 'error');
}

export function errorsOf(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === 'error');
}
