/**
 * What the build says about the XLIFF merge-back: a summary line on the console, the first
 * problems as `file:line:column`, and every diagnostic in `<out>/_bitext/xliff.json`.
 */
import { writeFileAtomic } from '../io/write-atomic.ts';
import { formatDiagnostic } from '../model/diagnostics.ts';
import type { XliffMergeSummary, XliffTargets } from './xliff-targets.ts';

const SHOWN = 5;

export async function reportXliff(xliff: XliffTargets, dir: string, reportPath: string, log: (line: string) => void): Promise<XliffMergeSummary> {
  const summary = xliff.summary();
  const { diagnostics } = xliff;
  log(
    `bitext build: XLIFF from ${dir}: ${summary.documents} of ${summary.files} files merged, ${summary.merged} units ` +
      `(${summary.edited} edited, ${summary.reviewed} reviewed); ${summary.rejected} kept the corpus target for broken codes, ${summary.stale} stale` +
      (summary.unmatched.length ? `; ${summary.unmatched.length} files match no document` : ''),
  );
  const problems = diagnostics.filter((d) => d.severity === 'error');
  for (const d of problems.slice(0, SHOWN)) log(formatDiagnostic(d));
  if (diagnostics.length > Math.min(problems.length, SHOWN)) log(`  ${diagnostics.length} XLIFF diagnostics in ${reportPath}`);
  await writeFileAtomic(reportPath, JSON.stringify({ summary, diagnostics }, null, 2) + '\n');
  return summary;
}
