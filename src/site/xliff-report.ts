/**
 * What the build says about the XLIFF merge-back: a summary line on the console, every error and
 * the first warnings as `file:line:column`, and every diagnostic in the build reports' `xliff.json`.
 */
import { writeFileAtomic } from '../io/write-atomic.ts';
import { errorsOf, formatDiagnostic } from '../model/diagnostics.ts';
import type { XliffMergeSummary, XliffTargets } from './xliff-targets.ts';
import type { UiTranslations } from './ui-strings.ts';

/** Warnings shown on the console; every error is. */
const WARNINGS_SHOWN = 20;

export async function reportXliff(xliff: XliffTargets, dir: string, reportPath: string, log: (line: string) => void): Promise<XliffMergeSummary> {
  const summary = xliff.summary();
  const { diagnostics } = xliff;
  log(
    `bitext build: XLIFF from ${dir}: ${summary.documents} of ${summary.files} files merged, ${summary.merged} units ` +
      `(${summary.edited} edited, ${summary.reviewed} reviewed); ${summary.rejected} kept the corpus target for broken codes, ${summary.stale} stale` +
      (summary.unmatched.length ? `; ${summary.unmatched.length} files match no document` : '') +
      uiLine(xliff.uiStrings),
  );
  const errors = errorsOf(diagnostics);
  const warnings = diagnostics.filter((d) => d.severity !== 'error');
  for (const d of [...errors, ...warnings.slice(0, WARNINGS_SHOWN)]) log(formatDiagnostic(d));
  if (warnings.length > WARNINGS_SHOWN) log(`  ${warnings.length - WARNINGS_SHOWN} more XLIFF warnings in ${reportPath}`);
  await writeFileAtomic(reportPath, JSON.stringify({ summary, diagnostics }, null, 2) + '\n');
  return summary;
}

/** The translated UI strings used, per locale (`_ui.xlf`), for the summary line. */
function uiLine(ui: UiTranslations): string {
  const counts = Object.entries(ui).map(([locale, strings]) => `${locale} ${Object.keys(strings).length}`);
  return counts.length ? `; UI strings translated in _ui.xlf: ${counts.join(', ')}` : '';
}
