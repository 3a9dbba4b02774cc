import { stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { extractCorpora, otherContentXliff, type ExtractReport } from '../pipeline/extract.ts';
import { formatDiagnostic } from '../model/diagnostics.ts';
import { localeTagProblem } from '../model/locale-tag.ts';
import { DEFAULT_MEMORY_DIR } from '../pipeline/tm-load.ts';
import { loadGlossaries } from '../tm/glossary-read.ts';
import type { XliffVersion } from '../xliff/types.ts';
import { type Command, exitCodeFor, InputPathError, requirePaths, UsageError } from './command.ts';
import { createProgress } from './progress.ts';

const usage = `Usage: npx bitext extract DIR|FILE... --out XLIFF_DIR [--format 1.2|2.1] [--locales L,L]
                          [--tm CORPUS]... [--no-tm] [--glossary FILE]... [--follow-symlinks] [--force]
                          [--json] [--quiet]

Extracts sxs corpus folders (one locale each) to XLIFF for translators: one file per document
and target locale, at XLIFF_DIR/<locale>/<path>.xlf, one unit per segment. A document file
named instead of a folder is extracted alone, with its path in its corpus: the folder above it
that holds the repository's .openpublishing.*.json, or else the parent of its docset folder
(the one with a TOC.yml), or else its own folder.

XLIFF_DIR holds one content's XLIFF: when it already has XLIFF files and none of them belongs
to a document of the folders given (the project's xliff/ for content/, say), extract refuses
to write there; name a folder of its own, or give --force to add to it anyway.

English MDX pages (.mdx) in the folders are extracted for each target locale: one unit per
sentence (no target yet), plus the front-matter title and description, image alt text and link
titles. New sentences are looked up in the translation memory (the sxs documents of the run,
--tm corpora, and the finished units already in XLIFF_DIR): an exact match becomes the target
(state-qualifier "exact-match"), fuzzy matches of 75 % or more become candidates (alt-trans).

The site's UI strings (locales/) go to XLIFF_DIR/<locale>/_ui.xlf for every target locale (the
locales of the run's documents, --locales, and the locale folders of XLIFF_DIR; English aside):
the English as source, the locale's string as target, empty for a locale locales/ has none for.

Running it again into the same XLIFF_DIR, with the same or a newer version of the sources,
updates the files in place: a unit whose English is unchanged keeps its target and state
(translators' edits survive); a unit whose English changed takes the new target, is marked for
review, and keeps the previous target as an alternative translation. A translator's edit (a
target other than the one Bitext wrote, whatever its state) whose English changed, merged or
disappeared is kept as an alternative of the nearest unit, or in <file>.kept.xlf when no unit
is left, and listed. Files are written atomically: an interrupted run leaves each file old or
new.

Options:
  --out DIR        the XLIFF folder (created if missing)
  --format V       1.2 (default; what CAT tools read best) or 2.1
  --locales L,L    target locales of the MDX pages, e.g. ru-RU,de-DE (default: the locales of
                   the sxs folders given, and the locale folders already in XLIFF_DIR)
  --tm CORPUS      an sxs corpus folder or TMX file for the translation memory; repeat for
                   several (tm/, where \`tm import\` puts translators' TMX, is always read)
  --no-tm          do not pre-fill MDX units from the translation memory
  --glossary FILE  a TBX (v2/TBX-Basic or v3) or CSV glossary (source,target[,note]), or a folder
                   of them; repeat for several (glossary/, when it exists, is always read). The
                   terms found in a unit's English go into its XLIFF: 2.1 gls:glossary entries
                   pointing at the term in the source, 1.2 <note from="glossary">
  --follow-symlinks  read files that symbolic links lead to outside the folders (default:
                   such links are skipped and reported)
  --force          write into an XLIFF_DIR that holds another content's XLIFF
  --json           print the report as one JSON object
  --quiet          do not list diagnostics
  --help           show this help

Exit codes: 0 done, 1 some input has errors (those documents are skipped) or no document had
sxs pairs or English MDX sentences, 2 bad command line.
`;

export const extractCommand: Command = {
  name: 'extract',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string' },
        format: { type: 'string', default: '1.2' },
        json: { type: 'boolean' },
        quiet: { type: 'boolean' },
        locales: { type: 'string' },
        tm: { type: 'string', multiple: true },
        glossary: { type: 'string', multiple: true },
        'no-tm': { type: 'boolean' },
        'follow-symlinks': { type: 'boolean' },
        force: { type: 'boolean' },
      },
    });
    if (positionals.length === 0) throw new UsageError('name at least one sxs corpus folder or document');
    if (!values.out) throw new UsageError('--out XLIFF_DIR is required');
    await requirePaths(positionals, 'no such corpus folder or document');
    await requirePaths(values.tm ?? [], 'no such corpus folder');
    const format = values.format === '2.1' || values.format === '2.0' ? '2.1' : values.format === '1.2' ? '1.2' : undefined;
    if (!format) throw new UsageError(`--format must be 1.2 or 2.1, not "${values.format}"`);
    const locales = values.locales?.split(',').map((l) => l.trim()).filter(Boolean);
    for (const locale of locales ?? []) {
      const problem = localeTagProblem(locale, '--locales names');
      if (problem) throw new UsageError(problem);
    }
    // The project's memory folder (translators' TMX brought in by `tm import`) joins --tm.
    const projectMemory = await stat(DEFAULT_MEMORY_DIR).then((s) => s.isDirectory(), () => false);
    const memoryPaths = [...(values.tm ?? []), ...(projectMemory && !values['no-tm'] ? [DEFAULT_MEMORY_DIR] : [])].map((d) => resolve(d));
    const other = values.force ? undefined : await otherContentXliff(resolve(values.out), positionals.map((p) => resolve(p)));
    if (other) {
      throw new InputPathError(
        `${values.out} holds XLIFF of other content (${other.files.toLocaleString('en-US')} files, e.g. ${other.example}; none belongs to a document of ${positionals.join(', ')}): extract into a folder of its own (--out ${suggestedFolder(positionals[0]!)}), or give --force to add these files to it`,
      );
    }
    await requirePaths(values.glossary ?? [], 'no such glossary');
    const glossaries = await loadGlossaries(values.glossary ?? []);
    const progress = createProgress('extract');
    const started = performance.now();
    const report = await extractCorpora({
      dirs: positionals.map((p) => resolve(p)),
      out: resolve(values.out),
      format: format as XliffVersion,
      ...(locales ? { locales } : {}),
      ...(memoryPaths.length ? { tm: memoryPaths } : {}),
      leverage: !values['no-tm'],
      followSymlinks: Boolean(values['follow-symlinks']),
      ...(glossaries.glossaries.length ? { glossaries: glossaries.glossaries } : {}),
      onProgress: (done, total, label) => progress.update(done, total, label),
    });
    progress.done();
    report.diagnostics.unshift(...glossaries.diagnostics);
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, resolve(values.out), format, seconds, Boolean(values.quiet)));
    if (report.documentsWithoutPairs) process.stderr.write(`bitext extract: warning: no sxs pairs in ${report.documentsWithoutPairs.toLocaleString('en-US')} of ${report.sxsDocuments.toLocaleString('en-US')} documents (plain Markdown: only their titles are extracted)\n`);
    const nothingBilingual = report.documents > 0 && report.documentsWithoutPairs === report.sxsDocuments && report.mdxPages === 0;
    return exitCodeFor(report.diagnostics, nothingBilingual);
  },
};

function formatReport(r: ExtractReport, out: string, format: string, seconds: number, quiet: boolean): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[] = [];
  if (!quiet) for (const d of r.diagnostics) lines.push(formatDiagnostic(d));
  if (!quiet) {
    for (const m of r.movedEdits) {
      const why = m.reason === 'changed' ? 'its English changed' : 'its English was merged or removed';
      const where = m.toUnit !== undefined ? `kept as an alternative of unit "${m.toUnit}"` : `kept in ${m.keptFile ?? 'the kept-work file'}`;
      lines.push(`${m.file}:${m.line ?? 1}:1: edit of unit "${m.fromUnit}": ${why}; ${where}, review it there`);
    }
  }
  lines.push(`XLIFF ${format} in ${out}`);
  lines.push(`  ${'documents'.padEnd(18)}${n(r.documents)} (${n(r.documentsWithoutUnits)} with nothing to extract)`);
  lines.push(`  ${'files'.padEnd(18)}${n(r.filesCreated)} written, ${n(r.filesUpdated)} updated, ${n(r.filesUnchanged)} unchanged`);
  lines.push(`  ${'units'.padEnd(18)}${n(r.units)}`);
  if (r.mdxPages) {
    const l = r.leverage;
    lines.push(`  ${'MDX pages'.padEnd(18)}${n(r.mdxPages)}; new units from the translation memory: ${n(l.exact)} exact, ${n(l.fuzzy)} fuzzy, ${n(l.none)} no match`);
  }
  const ui = r.uiStrings;
  if (ui.locales.length) {
    lines.push(`  ${'UI strings'.padEnd(18)}_ui.xlf of ${ui.locales.join(', ')}: ${n(ui.filesCreated)} written, ${n(ui.filesUpdated)} updated, ${n(ui.filesUnchanged)} unchanged; ${n(ui.units / ui.locales.length)} strings each${ui.markedForReview ? `, ${n(ui.markedForReview)} whose English changed` : ''}`);
  }
  lines.push(`  ${'kept'.padEnd(18)}${n(r.kept)} units with unchanged English kept their target (${n(r.keptEdits)} with translator work)`);
  lines.push(`  ${'marked for review'.padEnd(18)}${n(r.markedForReview)} units whose English changed (previous target kept as an alternative)`);
  if (r.orphanedEdits) lines.push(`  ${'removed English'.padEnd(18)}${n(r.orphanedEdits)} edited units kept as alternatives of a neighbour`);
  if (r.movedEdits.length) {
    const kept = r.movedEdits.filter((m) => m.toUnit === undefined).length;
    lines.push(`  ${'edits moved'.padEnd(18)}${n(r.movedEdits.length)} translator edits are no longer a target: ${n(r.movedEdits.length - kept)} kept as alternatives, ${n(kept)} in kept-work files (listed above)`);
  }
  lines.push(`  ${'diagnostics'.padEnd(18)}${n(r.diagnostics.length)}`);
  lines.push(`  ${'time'.padEnd(18)}${seconds.toFixed(1)} s, ${(r.inputBytes / 1e6 / Math.max(seconds, 1e-3)).toFixed(1)} MB/s of input`);
  return lines.join('\n') + '\n';
}

/** A folder name for the XLIFF of a corpus: `xliff-<corpus folder name>`. */
function suggestedFolder(input: string): string {
  return `xliff-${basename(resolve(input)).replace(/\.(md|mdx)$/i, '')}`;
}
