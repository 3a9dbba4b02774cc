import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { contentRoots, listFiles } from '../io/corpus.ts';
import { type Diagnostic, formatDiagnostic, hasErrors } from '../model/diagnostics.ts';
import { checkXliffFile } from '../pipeline/target-checks.ts';
import { isUiXliff } from '../pipeline/ui-strings.ts';
import { validateXliff, type XliffValidation } from '../xliff/validate/index.ts';
import { checkSize, XmlError, xmlErrorToDiagnostic } from '../xml/parse.ts';
import { type Command, exitCodeFor, InputPathError, requirePaths, UsageError } from './command.ts';
import { createProgress } from './progress.ts';

const usage = `Usage: npx bitext validate FILE|DIR... [--content DIR]... [--json] [--prefix P]... [--prefixes FILE] [--max-mb N]

Checks XLIFF 2.x and XLIFF 1.2 files against their specifications: structure, attributes and
values, id uniqueness, languages, inline-code pairing, editing hints and the other constraints
of the XLIFF 2.1 core (the OASIS conformance suite passes in full). Directories are searched for
*.xlf and *.xliff files. XML is read safely: a DOCTYPE (so XXE and entity expansion), or a file
over the size limit, is rejected.

A file whose document is found in the content folders (by its original path) is also checked
as preview and build check it before merging: codes missing, duplicated, unbalanced or unknown
(xliff-codes), markup typed into a target (xliff-markup), MDX that would not compile
(mdx-syntax), untranslated units (xliff-untranslated) and units whose English changed
(xliff-merge). What validate reports, preview and build report alike.

Each problem is printed as file:line:column: severity code: message.

Options:
  --content DIR     where the documents are: a corpus root or a folder of roots; repeat for
                    several (default: content, when it exists). With --content, a file whose
                    document is not there is an error
  --json            print one JSON object: files, valid, invalid, and every diagnostic
  --prefix P        accept P as a registered fragment-identifier prefix of an extension
  --prefixes FILE   read such prefixes from a .properties file (namespace=prefix per line)
  --max-mb N        largest file to read, in megabytes (default 50)
  --help            show this help

Exit codes: 0 no errors (warnings may be listed), 1 some file has errors, 2 bad command line.
`;

export interface ValidateReport {
  files: number;
  valid: number;
  invalid: number;
  results: XliffValidation[];
  diagnostics: Diagnostic[];
}

const EXTENSIONS = ['.xlf', '.xliff'];

async function expand(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new InputPathError(`no such XLIFF file or folder: ${path}: no such file or directory`);
    if (info.isDirectory()) out.push(...(await listFiles(path, EXTENSIONS)).map((p) => join(path, p)));
    else out.push(path);
  }
  return out;
}

export interface ValidateOptions {
  extraPrefixes?: string[];
  maxBytes?: number;
  /** Content folders in which to find each file's document and run the translator checks. */
  contentRoots?: readonly string[];
  /** Whether a file whose document is in none of them is an error (folders named on the command line) or not checked. */
  missingDocument?: 'error' | 'silent';
  /** Told how many files of how many are validated (the progress bar). */
  progress?: (done: number, total: number) => void;
}

export async function validateFiles(paths: string[], options: ValidateOptions = {}): Promise<ValidateReport> {
  const results: XliffValidation[] = [];
  const files = await expand(paths);
  for (const [i, file] of files.entries()) {
    options.progress?.(i, files.length);
    try {
      checkSize((await stat(file)).size, file, options);
      const bytes = await readFile(file);
      const result = validateXliff(bytes, file, options);
      if (options.contentRoots?.length || isUiXliff(file)) {
        const { checks } = await checkXliffFile(file, options.contentRoots ?? [], { bytes, missing: options.missingDocument ?? 'silent' });
        result.diagnostics = withChecks(result.diagnostics, checks);
        result.valid = !hasErrors(result.diagnostics);
      }
      results.push(result);
    } catch (error) {
      if (!(error instanceof XmlError)) throw error;
      results.push({ file, valid: false, diagnostics: [xmlErrorToDiagnostic(error)] });
    }
  }
  const valid = results.filter((r) => r.valid).length;
  return { files: results.length, valid, invalid: results.length - valid, results, diagnostics: results.flatMap((r) => r.diagnostics) };
}

/**
 * The specification's diagnostics and the translator checks', one problem once: where a check
 * reports an error at an element (markup typed into a target, a duplicated code), it says what
 * preview and build say, so the specification's report of the same element goes.
 */
function withChecks(spec: Diagnostic[], checks: Diagnostic[]): Diagnostic[] {
  const place = (d: Diagnostic) => `${d.file}:${d.line}:${d.column}`;
  const checked = new Set(checks.filter((d) => d.severity === 'error').map(place));
  return [...spec.filter((d) => !checked.has(place(d))), ...checks];
}

function readPrefixes(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#') && !line.startsWith('!'))
    .map((line) => line.slice(line.lastIndexOf('=') + 1).trim())
    .filter(Boolean);
}

export const validateCommand: Command = {
  name: 'validate',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        prefix: { type: 'string', multiple: true },
        prefixes: { type: 'string' },
        'max-mb': { type: 'string' },
        content: { type: 'string', multiple: true },
      },
    });
    if (positionals.length === 0) throw new UsageError('name at least one XLIFF file or directory');
    const extraPrefixes = [...(values.prefix ?? [])];
    if (values.prefixes) {
      const text = await readFile(values.prefixes, 'utf8').catch(() => {
        throw new UsageError(`cannot read the prefixes file ${values.prefixes}`);
      });
      extraPrefixes.push(...readPrefixes(text));
    }
    let maxBytes: number | undefined;
    if (values['max-mb'] !== undefined) {
      const mb = Number(values['max-mb']);
      if (!(mb > 0)) throw new UsageError(`--max-mb takes a positive number, not "${values['max-mb']}"`);
      maxBytes = mb * 1024 * 1024;
    }
    await requirePaths(values.content ?? [], 'no such content folder');
    const named = (values.content?.length ?? 0) > 0;
    const folders = named ? values.content! : existsSync('content') ? ['content'] : [];
    const roots = await contentRoots(folders.map((d) => resolve(d)));
    // Thousands of files take a minute: on a terminal, how many are done.
    const progress = createProgress('validate');
    const report = await validateFiles(positionals, { extraPrefixes, maxBytes, contentRoots: roots, missingDocument: named ? 'error' : 'silent', progress: (done, total) => progress.update(done, total) }).finally(() => progress.done());
    if (values.json) {
      process.stdout.write(JSON.stringify({ files: report.files, valid: report.valid, invalid: report.invalid, diagnostics: report.diagnostics }, null, 2) + '\n');
    } else {
      const lines = report.diagnostics.map(formatDiagnostic);
      lines.push(`${report.files} file${report.files === 1 ? '' : 's'}: ${report.valid} valid, ${report.invalid} invalid, ${report.diagnostics.length} problem${report.diagnostics.length === 1 ? '' : 's'}`);
      process.stdout.write(lines.join('\n') + '\n');
    }
    return exitCodeFor(report.diagnostics);
  },
};
