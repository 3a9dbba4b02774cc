import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listFiles } from '../io/corpus.ts';
import { readSxsSource } from '../parse/sxs/read.ts';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { isLocaleTag, localeTagProblem } from '../model/locale-tag.ts';
import { majorityLocale } from '../model/majority-locale.ts';
import type { SxsDocument } from '../model/types.ts';
import { type Diagnostic, diagnostic, formatDiagnostic } from '../model/diagnostics.ts';
import { englishView, targetView } from '../model/views.ts';
import { type Command, exitCodeFor, UsageError } from './command.ts';
import { createProgress } from './progress.ts';

const usage = `Usage: npx bitext markdown DIR... --out OUT [--quiet] [--json]

Writes each document of the sxs corpus folders as plain Markdown, with no spans: its target
view (the translation, as Microsoft publishes it from an sxs export) to OUT/<locale>/<path> and
its English view to OUT/en/<path>. <locale> is the document's ms.contentlocale in lower case
(the folder's most common one for a document without it).

The target view is each pair's translation minus the backslash escapes only the sxs export adds;
malformed pairs are shown as the published page shows them. Files are written atomically.
A document with errors is written as far as it can be read, and reported.

Options:
  --out DIR   the output folder (created if missing)
  --json      print the report as one JSON object
  --quiet     do not list diagnostics
  --help      show this help

Exit codes: 0 done, 1 some document has errors, 2 bad command line.
`;

export interface MarkdownReport {
  documents: number;
  written: number;
  /** Documents written per target locale folder. */
  locales: Record<string, number>;
  errors: number;
  diagnostics: Diagnostic[];
}

export async function writeMarkdown(dirs: string[], out: string, onProgress?: (done: number, total: number, label: string) => void): Promise<MarkdownReport> {
  const report: MarkdownReport = { documents: 0, written: 0, locales: {}, errors: 0, diagnostics: [] };
  const listed = await Promise.all(dirs.map(async (dir) => ({ dir, paths: await listFiles(dir) })));
  const total = listed.reduce((n, l) => n + l.paths.length, 0);
  let done = 0;
  for (const { dir, paths } of listed) {
    const documents: SxsDocument[] = [];
    for (const path of paths) {
      const { document, bytes } = await readSxsSource(dir, path);
      for (const d of document.diagnostics) report.diagnostics.push({ ...d, file: join(dir, d.file) });
      if (document.diagnostics.some((d) => d.severity === 'error')) report.errors++;
      if (bytes && !document.diagnostics.some((d) => d.code === 'invalid-utf8')) documents.push(document);
      report.documents++;
    }
    const fallback = majorityLocale(documents);
    for (const doc of documents) {
      const locale = isLocaleTag(doc.locale) ? doc.locale : fallback;
      if (!isLocaleTag(locale)) {
        report.diagnostics.push(diagnostic('missing-locale', { file: join(dir, doc.path) }, localeTagProblem(doc.locale, 'ms.contentlocale') ?? 'no locale'));
        report.errors++;
        continue;
      }
      const folder = locale.toLowerCase();
      await writeFileAtomic(join(out, folder, doc.path), targetView(doc));
      await writeFileAtomic(join(out, 'en', doc.path), englishView(doc));
      report.locales[folder] = (report.locales[folder] ?? 0) + 1;
      report.written++;
      onProgress?.(++done, total, doc.path);
    }
  }
  return report;
}

export const markdownCommand: Command = {
  name: 'markdown',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { out: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean' } },
    });
    if (positionals.length === 0) throw new UsageError('name at least one sxs corpus folder');
    if (!values.out) throw new UsageError('--out OUT is required');
    const out = resolve(values.out);
    const progress = createProgress('markdown');
    const report = await writeMarkdown(positionals.map((p) => resolve(p)), out, (done, total, label) => progress.update(done, total, label));
    progress.done();
    if (values.json) {
      process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    } else {
      const n = (x: number) => x.toLocaleString('en-US');
      const lines: string[] = [];
      if (!values.quiet) for (const d of report.diagnostics) lines.push(formatDiagnostic(d));
      const folders = Object.entries(report.locales).map(([l, k]) => `${l} ${n(k)}`).join(', ');
      lines.push(`Markdown in ${out}: ${n(report.written)} of ${n(report.documents)} documents (${folders || 'none'}; English views in en), ${n(report.errors)} with errors`);
      process.stdout.write(lines.join('\n') + '\n');
    }
    return exitCodeFor(report.diagnostics);
  },
};
