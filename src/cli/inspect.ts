import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusInputs } from '../io/corpus.ts';
import { readSxsSource } from '../parse/sxs/read.ts';
import { compareEnglish, type EnglishAgreement } from '../pipeline/english-agreement.ts';
import { corpusStats, type CorpusStats } from '../pipeline/stats.ts';
import type { SxsDocument } from '../model/types.ts';
import { type Diagnostic, formatDiagnostic } from '../model/diagnostics.ts';
import { type Command, exitCodeFor, requirePaths, UsageError } from './command.ts';
import { createProgress } from './progress.ts';

const usage = `Usage: npx bitext inspect DIR|FILE... [--json] [--quiet]

Scans sxs corpus folders (or single documents of a corpus) and prints, per folder (one locale each): documents, documents with
segments, segment pairs, the MT/HT split, English words, diagnostics, and how many documents
round-trip byte for byte. With several folders of different locales, it also checks that the
English rebuilt from each agrees where both carry the same English version.

Options:
  --json     print one JSON object (top-level documents, segments, errors, roundtripExact)
  --quiet    do not list diagnostics
  --follow-symlinks  read files that symbolic links lead to outside the folder (default: such
             links are skipped and reported)
  --help     show this help

Exit codes: 0 no errors, 1 some document has errors or no document has sxs pairs, 2 bad
command line.
`;

interface CorpusReport extends CorpusStats {
  dir: string;
}

export interface InspectReport {
  documents: number;
  segments: number;
  errors: number;
  warnings: number;
  roundtripExact: number;
  /** Documents with no sxs pair (plain Markdown, or not sxs at all). */
  withoutPairs: number;
  corpora: CorpusReport[];
  englishAgreement: EnglishAgreement[];
  diagnostics: Diagnostic[];
}

export async function inspect(dirs: string[], options: { followSymlinks?: boolean } = {}): Promise<InspectReport> {
  const corpora: CorpusReport[] = [];
  const documentsByDir: SxsDocument[][] = [];
  const diagnostics: Diagnostic[] = [];
  const progress = createProgress('inspect');
  const listed = await corpusInputs(dirs, ['.md'], { ...options, diagnostics });
  // Symlinks refused by the listing count as errors of their folder.
  const refusedLinks = diagnostics.length;
  const total = listed.reduce((n, l) => n + l.paths.length, 0);
  let done = 0;
  for (const { dir, paths } of listed) {
    const documents: SxsDocument[] = [];
    const originals = new Map<string, Uint8Array>();
    for (const path of paths) {
      const { document: doc, bytes } = await readSxsSource(dir, path);
      if (bytes) originals.set(path, bytes);
      for (const d of doc.diagnostics) diagnostics.push({ ...d, file: join(dir, d.file) });
      documents.push(doc);
      progress.update(++done, total, basename(dir));
    }
    corpora.push({ dir, ...corpusStats(documents, (d) => originals.get(d.path)) });
    documentsByDir.push(documents);
  }
  progress.done();
  const englishAgreement: EnglishAgreement[] = [];
  for (let i = 0; i < corpora.length; i++) {
    for (let j = i + 1; j < corpora.length; j++) {
      if (corpora[i]!.locale && corpora[j]!.locale && corpora[i]!.locale !== corpora[j]!.locale) {
        englishAgreement.push(compareEnglish(documentsByDir[i]!, documentsByDir[j]!));
      }
    }
  }
  const sum = (key: 'documents' | 'segments' | 'errors' | 'warnings' | 'roundtripExact') => corpora.reduce((n, c) => n + c[key], 0);
  return {
    documents: sum('documents'),
    segments: sum('segments'),
    errors: sum('errors') + refusedLinks,
    warnings: sum('warnings'),
    roundtripExact: sum('roundtripExact'),
    withoutPairs: corpora.reduce((n, c) => n + c.documents - c.documentsWithSegments, 0),
    corpora,
    englishAgreement,
    diagnostics,
  };
}

function formatReport(report: InspectReport, quiet: boolean): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines: string[] = [];
  for (const c of report.corpora) {
    lines.push(`${c.dir} (${c.locale ?? 'no locale'})`);
    lines.push(`  documents          ${n(c.documents)} (${n(c.documentsWithSegments)} with segments)`);
    lines.push(`  segment pairs      ${n(c.segments)}`);
    const types = Object.entries(c.translationTypes)
      .map(([type, t]) => `${type} ${n(t.documents)} docs / ${n(t.segments)} pairs`)
      .join(', ');
    lines.push(`  translation type   ${types}`);
    lines.push(`  English words      ${n(c.englishWords)}`);
    lines.push(`  diagnostics        ${n(c.errors)} errors, ${n(c.warnings)} warnings`);
    lines.push(`  round-trip exact   ${n(c.roundtripExact)} of ${n(c.documents)}`);
  }
  for (const a of report.englishAgreement) {
    lines.push(`English ${a.locales[0]} vs ${a.locales[1]}: ${n(a.agree)} of ${n(a.compared)} documents with the same English version agree`);
    for (const d of a.disagree) lines.push(`  differs: ${d.path}:${d.line}`);
  }
  if (!quiet) for (const d of report.diagnostics) lines.push(formatDiagnostic(d));
  if (report.withoutPairs) lines.push(`warning: no sxs pairs in ${n(report.withoutPairs)} of ${n(report.documents)} documents${report.segments === 0 ? ' (plain Markdown, not sxs: nothing to translate here)' : ''}`);
  lines.push(`total: ${n(report.documents)} documents, ${n(report.segments)} pairs, ${n(report.errors)} errors, ${n(report.roundtripExact)} round-trip exact`);
  return lines.join('\n') + '\n';
}

export const inspectCommand: Command = {
  name: 'inspect',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, quiet: { type: 'boolean' }, 'follow-symlinks': { type: 'boolean' } },
    });
    if (positionals.length === 0) throw new UsageError('name at least one corpus folder or document');
    await requirePaths(positionals, 'no such corpus folder or document');
    const report = await inspect(positionals.map((p) => resolve(p)), { followSymlinks: Boolean(values['follow-symlinks']) });
    process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : formatReport(report, Boolean(values.quiet)));
    const nothingBilingual = report.documents > 0 && report.segments === 0;
    return exitCodeFor(report.diagnostics, nothingBilingual);
  },
};
