import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusInputs, listFiles } from '../io/corpus.ts';
import { readSxsDocument } from '../parse/sxs/read.ts';
import { type Diagnostic, type DiagnosticCode, formatDiagnostic } from '../model/diagnostics.ts';
import { publishedTarget } from '../model/views.ts';
import { checkPairs, QA_CHECKS, xliffQaPair, type QaPair, type QaSettings } from '../pipeline/qa-checks.ts';
import { codeSegment, codesOf } from '../model/coded-text.ts';
import { readXliff } from '../xliff/read.ts';
import { loadGlossaries } from '../tm/glossary-read.ts';
import { type Command, exitCodeFor, requirePaths, UsageError } from './command.ts';
import { createProgress } from './progress.ts';

/** Read from the working folder when present: which checks are off or at which severity. */
const CONFIG_FILE = 'bitext-checks.json';

const usage = `Usage: npx bitext check FILE|DIR... [--off CODE,CODE] [--config FILE] [--glossary FILE]... [--json]

Quality checks on translations, as a CAT tool's QA runs them: over translators' XLIFF files
(*.xlf, *.xliff; folders are searched) and over sxs corpora (*.md), every translated sentence
is compared with its English source. Each problem is printed as

  file:line:column: severity CODE: unit "id": message

Checks:
${QA_CHECKS.map((c) => `  ${c.code.padEnd(17)} ${c.severity.padEnd(8)} ${c.title}`).join('\n')}

Options:
  --off CODE,CODE   turn checks off (repeatable)
  --config FILE     a JSON file {"checks": {"qa-length": "off", "qa-unchanged": "error"}}; by
                    default ${CONFIG_FILE} in the working folder, when there is one
  --glossary FILE   a TBX or CSV glossary, or a folder of them (repeatable; glossary/ in the
                    working folder is always read): qa-glossary reports a term of the source
                    whose translation the target lacks (inflected forms count in Russian,
                    Ukrainian, Belarusian and German), or a term the glossary forbids
  --json            print the diagnostics as JSON
  --help            show this help

Exit codes: 0 no errors (warnings may be printed), 1 some translation has an error, 2 bad
command line.
`;

async function settingsFrom(values: { off?: string[]; config?: string }): Promise<QaSettings> {
  const settings: QaSettings = {};
  const path = values.config ?? ((await stat(CONFIG_FILE).then(() => true, () => false)) ? CONFIG_FILE : undefined);
  if (path) {
    let parsed: { checks?: Record<string, string> };
    try {
      parsed = JSON.parse(await readFile(path, 'utf8')) as { checks?: Record<string, string> };
    } catch (error) {
      throw new UsageError(`${path}: not a JSON check configuration (${(error as Error).message})`);
    }
    for (const [code, value] of Object.entries(parsed.checks ?? {})) settings[checkCode(code, path)] = severityOf(value, `${path}: "${code}"`);
  }
  for (const list of values.off ?? []) for (const code of list.split(',').map((c) => c.trim()).filter(Boolean)) settings[checkCode(code, '--off')] = 'off';
  return settings;
}

function checkCode(code: string, where: string): DiagnosticCode {
  if (!QA_CHECKS.some((c) => c.code === code)) throw new UsageError(`${where}: no check "${code}"; the checks are ${QA_CHECKS.map((c) => c.code).join(', ')}`);
  return code as DiagnosticCode;
}

function severityOf(value: string, where: string): 'off' | 'warning' | 'error' {
  if (value === 'off' || value === 'warning' || value === 'error') return value;
  throw new UsageError(`${where} must be "off", "warning" or "error", not "${value}"`);
}

/** The translated sentences of an XLIFF file. */
async function xliffPairs(path: string, diagnostics: Diagnostic[]): Promise<QaPair[]> {
  const read = readXliff(await readFile(path), path);
  diagnostics.push(...read.diagnostics);
  const file = read.file;
  if (!file) return [];
  return file.units
    .filter((u) => u.translate && u.target !== undefined)
    .map((u) => xliffQaPair(path, file.targetLanguage, u, u.target!));
}

export const checkCommand: Command = {
  name: 'check',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { off: { type: 'string', multiple: true }, config: { type: 'string' }, glossary: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    });
    if (positionals.length === 0) throw new UsageError('name at least one XLIFF file, XLIFF folder or sxs corpus folder');
    await requirePaths(positionals, 'no such file or folder');
    await requirePaths(values.glossary ?? [], 'no such glossary');
    const settings = await settingsFrom(values);
    const glossaries = await loadGlossaries(values.glossary ?? []);
    const diagnostics: Diagnostic[] = [...glossaries.diagnostics];
    const pairs: QaPair[] = [];
    const progress = createProgress('check');
    for (const path of positionals) {
      const isDir = (await stat(path)).isDirectory();
      const xliffFiles = isDir ? (await listFiles(path, ['.xlf', '.xliff'])).map((f) => join(path, f)) : /\.(xlf|xliff)$/i.test(path) ? [path] : [];
      for (const [k, file] of xliffFiles.entries()) {
        progress.update(k, xliffFiles.length, file);
        pairs.push(...(await xliffPairs(file, diagnostics)));
      }
      const corpora = isDir || /\.md$/i.test(path) ? await corpusInputs([path], ['.md']) : [];
      for (const { dir, paths } of corpora) {
        for (const [k, rel] of paths.entries()) {
          progress.update(k, paths.length, rel);
          const doc = await readSxsDocument(dir, rel);
          if (!doc.locale) continue;
          for (const segment of doc.segments) {
            const coded = codeSegment(segment.sourceTokens, segment.targetTokens);
            pairs.push({
              file: join(dir, rel),
              line: segment.line,
              column: segment.column,
              unitId: segment.id,
              locale: doc.locale,
              source: segment.source,
              target: publishedTarget(segment),
              sourceCodes: codesOf(coded.source),
              targetCodes: codesOf(coded.target),
            });
          }
        }
      }
    }
    progress.done();
    diagnostics.push(...checkPairs(pairs, settings, glossaries.glossaries));
    if (values.json) process.stdout.write(JSON.stringify({ sentences: pairs.length, diagnostics }, null, 2) + '\n');
    else {
      for (const d of diagnostics) process.stdout.write(formatDiagnostic(d) + '\n');
      const counts = new Map<string, number>();
      for (const d of diagnostics) counts.set(d.code, (counts.get(d.code) ?? 0) + 1);
      const summary = [...counts].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${n.toLocaleString('en-US')} ${code}`);
      process.stderr.write(`bitext check: ${pairs.length.toLocaleString('en-US')} translated sentences; ${summary.join(', ') || 'no problems'}\n`);
    }
    return exitCodeFor(diagnostics);
  },
};
