import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { localeTagProblem } from '../model/locale-tag.ts';
import { type Diagnostic, formatDiagnostic } from '../model/diagnostics.ts';
import { DEFAULT_MEMORY_DIR, memoryFromCorpora, type LoadOptions } from '../pipeline/tm-load.ts';
import { canonicalLang, DEFAULT_SOURCE_LANG, TranslationMemory, type TmMatch } from '../tm/memory.ts';
import { consistencyReport, type PairReport } from '../tm/report.ts';
import { leverageReport } from '../pipeline/leverage-report.ts';
import { originLabel, tmxFileName, writeTmx } from '../tm/tmx.ts';
import { readTmx } from '../tm/tmx-read.ts';
import { type Command, exitCodeFor, requirePaths, UsageError } from './command.ts';
import { createProgress } from './progress.ts';
import { loadGlossaries } from '../tm/glossary-read.ts';
import { termEntries, termsInText } from '../model/glossary.ts';
import { termNoteText } from '../xliff/glossary.ts';
import { candidatesGlossary, termCandidates } from '../pipeline/term-candidates.ts';
import { writeTbx } from '../tm/tbx-write.ts';

const usage = `Usage: npx bitext tm <export|import|lookup|report|leverage> ...

The translation memory: every segment pair of the given sxs corpus folders, de-duplicated on
the English source (whitespace normalised), one memory per language pair.

  npx bitext tm export DIR... --out OUTDIR [--source-lang en-US]
      Writes one TMX 1.4b file (level 2: inline codes) per language pair to OUTDIR, named
      like en-US_ru-RU.tmx. One <tu> per distinct translation, usagecount = occurrences.

  npx bitext tm import FILE.tmx... [--memory DIR]
      Adds a translator's TMX (1.4b, level 1 or 2, from any CAT tool) to the project's memory
      folder (default tm/): one Bitext TMX per language pair there, merged with what it holds.
      Inline codes map to Markdown (bold, italic, code, links, line breaks); a unit with a code
      that has no Markdown form is skipped, and the report says which and why. extract pre-fill,
      tm lookup and tm leverage read tm/ when it exists.

  npx bitext tm lookup "English text" --locale ru-RU (--content DIR... | --tmx FILE...)
                       [--glossary FILE]... [--min 75] [--limit 5] [--json]
      The best exact (100 %) and fuzzy matches with their similarity. The memory is built from
      the corpus folders (--content, repeatable; further folders may follow the text) or read
      from TMX files (--tmx, repeatable), or both; with neither, from the memory folder tm/.
      Then the glossary terms of the text (TBX or CSV: --glossary, repeatable, and glossary/
      when it exists) with their translations; with a glossary, --json prints
      {"matches": [...], "terms": [...]} instead of the list of matches.

  npx bitext tm terms DIR... [--locale ru-RU] [--min-count 20] [--limit 200] [--out FILE.tbx] [--json]
      Glossary candidates from the corpus: English word sequences (one to three words, no
      function word at either end) in at least --min-count sentences, each with the target
      sequence that translates it most consistently (in at least 60 % of those sentences), as
      TBX v3 (to FILE.tbx, or printed), ready to review and put into glossary/.

  npx bitext tm report DIR... [--json]
      Consistency report per language pair: sources translated in more than one way, and
      translations whose inline codes (bold, links, HTML, code...) differ from the source's.

  npx bitext tm leverage DIR... [--xliff XLIFF_DIR] [--tm CORPUS]... [--locales L,L] [--json]
      Per target locale, the words of the English MDX pages in DIR that still need a
      translation, split by what the memory offers: exact (100 %), fuzzy (75-99 %) or new.
      The memory: sxs documents in DIR and --tm folders, and the finished units of XLIFF_DIR;
      sentences already translated in XLIFF_DIR do not count.

Options:
  --json          print JSON instead of text
  --source-lang   language of the sources in sxs files (default en-US)
  --help          show this help

Exit codes: 0 done, 1 some input has errors (printed as file:line:column; the rest is still
used), 2 bad command line.
`;

async function toolVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? '0.0.0';
}

function printDiagnostics(diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
}


async function loadCorpora(dirs: string[], sourceLang: string | undefined, memory?: TranslationMemory) {
  await requirePaths(dirs, 'no such corpus folder');
  for (const dir of dirs) {
    const isDir = await stat(dir).then((s) => s.isDirectory(), () => false);
    if (!isDir) throw new UsageError(`${dir} is not a folder; give sxs corpus folders`);
  }
  const progress = createProgress('tm');
  const options: LoadOptions = { onProgress: (done, total, label) => progress.update(done, total, label) };
  if (sourceLang) options.sourceLang = sourceLang;
  if (memory) options.memory = memory;
  const loaded = await memoryFromCorpora(dirs.map((d) => resolve(d)), options);
  progress.done();
  return loaded;
}

/** A locale from the command line names files: a tag that is not BCP 47 is a usage error. */
function checkLocaleOption<T extends string | undefined>(tag: T, option: string): T {
  const problem = tag === undefined ? undefined : localeTagProblem(tag, `${option} names`);
  if (problem) throw new UsageError(problem);
  return tag;
}

async function runExport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, 'source-lang': { type: 'string' } } });
  if (positionals.length === 0) throw new UsageError('tm export: name at least one corpus folder');
  if (!values.out) throw new UsageError('tm export: say where the TMX files go with --out DIR');
  checkLocaleOption(values['source-lang'], '--source-lang');
  const loaded = await loadCorpora(positionals, values['source-lang']);
  printDiagnostics(loaded.diagnostics);
  const version = await toolVersion();
  for (const [sourceLang, targetLang] of loaded.memory.languagePairs()) {
    const units = loaded.memory.units(targetLang, sourceLang);
    const xml = writeTmx(units, { creationTool: 'Bitext', creationToolVersion: version, sourceLang, creationDate: new Date() });
    const path = join(resolve(values.out), tmxFileName(sourceLang, targetLang));
    await writeFileAtomic(path, xml);
    const translations = units.reduce((n, u) => n + u.variants.length, 0);
    process.stdout.write(`${path}: ${translations.toLocaleString('en-US')} translation units, ${units.length.toLocaleString('en-US')} unique sources\n`);
  }
  process.stdout.write(`${loaded.documents.toLocaleString('en-US')} documents, ${loaded.segments.toLocaleString('en-US')} segment pairs\n`);
  return exitCodeFor(loaded.diagnostics);
}

async function runImport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { memory: { type: 'string' }, json: { type: 'boolean' } } });
  if (positionals.length === 0) throw new UsageError('tm import: name at least one TMX file');
  await requirePaths(positionals, 'no such TMX file');
  const memoryDir = resolve(values.memory ?? DEFAULT_MEMORY_DIR);
  const diagnostics: Diagnostic[] = [];
  const imported = new TranslationMemory();
  const files: { file: string; units: number; entries: number; skipped: number; reasons: Record<string, number> }[] = [];
  for (const file of positionals) {
    const read = readTmx(await readFile(resolve(file)), file);
    diagnostics.push(...read.diagnostics);
    const reasons: Record<string, number> = {};
    for (const d of read.diagnostics) if (d.code === 'tmx-skipped') reasons[d.message] = (reasons[d.message] ?? 0) + 1;
    let entries = 0;
    for (const entry of read.entries) {
      entry.sourceLang = canonicalLang(entry.sourceLang);
      entry.targetLang = canonicalLang(entry.targetLang);
      if (imported.add(entry)) entries++;
    }
    files.push({ file, units: read.tuCount, entries, skipped: read.skipped, reasons });
  }
  const version = await toolVersion();
  const written: { path: string; before: number; after: number }[] = [];
  for (const [sourceLang, targetLang] of imported.languagePairs()) {
    const path = join(memoryDir, tmxFileName(sourceLang, targetLang));
    const merged = new TranslationMemory();
    const existing = await readFile(path).catch(() => undefined);
    if (existing) {
      const read = readTmx(existing, path);
      diagnostics.push(...read.diagnostics);
      for (const entry of read.entries) merged.add(entry);
    }
    const count = (m: TranslationMemory) => m.units(targetLang, sourceLang).reduce((n, u) => n + u.variants.length, 0);
    const before = count(merged);
    for (const unit of imported.units(targetLang, sourceLang)) {
      for (const variant of unit.variants) {
        const origin = variant.origins[0];
        merged.add({ source: unit.source, target: variant.target, sourceLang, targetLang, count: variant.count, ...(origin ? { origin } : {}) });
      }
    }
    await writeFileAtomic(path, writeTmx(merged.units(targetLang, sourceLang), { creationTool: 'Bitext', creationToolVersion: version, sourceLang }));
    written.push({ path, before, after: count(merged) });
  }
  printDiagnostics(diagnostics.filter((d) => d.code !== 'tmx-skipped' || !values.json));
  if (values.json) process.stdout.write(JSON.stringify({ files, memory: written }, null, 2) + '\n');
  else {
    const n = (x: number) => x.toLocaleString('en-US');
    for (const f of files) {
      process.stdout.write(`${f.file}: ${n(f.units)} translation units, ${n(f.entries)} translations imported, ${n(f.skipped)} units skipped\n`);
      const reasons = Object.entries(f.reasons).sort((a, b) => b[1] - a[1]);
      for (const [reason, k] of reasons.slice(0, 10)) process.stdout.write(`  ${n(k)} × ${reason}\n`);
      if (reasons.length > 10) process.stdout.write(`  … ${n(reasons.length - 10)} more reasons (each unit is listed above as file:line:column)\n`);
    }
    for (const w of written) process.stdout.write(`${w.path}: ${n(w.before)} → ${n(w.after)} translations\n`);
  }
  return exitCodeFor(diagnostics, written.length === 0);
}

async function runLookup(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      locale: { type: 'string' },
      content: { type: 'string', multiple: true },
      tmx: { type: 'string', multiple: true },
      min: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      glossary: { type: 'string', multiple: true },
      'source-lang': { type: 'string' },
    },
  });
  const [text, ...moreDirs] = positionals;
  await requirePaths(values.glossary ?? [], 'no such glossary');
  const glossaries = await loadGlossaries(values.glossary ?? []);
  if (text === undefined) throw new UsageError('tm lookup: give the English text to look up');
  if (!values.locale) throw new UsageError('tm lookup: say which translation to look for with --locale, e.g. --locale ru-RU');
  const dirs = [...(values.content ?? []), ...moreDirs];
  if (moreDirs.length && !values.content) throw new UsageError(`tm lookup: unexpected "${moreDirs[0]}"; give corpus folders with --content`);
  if (dirs.length === 0 && !values.tmx?.length) {
    const projectMemory = await stat(DEFAULT_MEMORY_DIR).then((s) => s.isDirectory(), () => false);
    if (projectMemory) dirs.push(DEFAULT_MEMORY_DIR);
    else if (glossaries.files.length === 0) throw new UsageError(`tm lookup: give the memory: --content DIR (sxs corpus folders) or --tmx FILE (or import TMX into ${DEFAULT_MEMORY_DIR}/ with tm import)`);
  }
  const min = Number(values.min ?? 75);
  const limit = Number(values.limit ?? 5);
  if (!(min >= 0 && min <= 100)) throw new UsageError(`tm lookup: --min ${values.min} is not a percentage from 0 to 100`);
  if (!(Number.isInteger(limit) && limit > 0)) throw new UsageError(`tm lookup: --limit ${values.limit} is not a positive whole number`);
  const memory = new TranslationMemory();
  const diagnostics: Diagnostic[] = [...glossaries.diagnostics];
  await requirePaths(values.tmx ?? [], 'no such TMX file');
  for (const file of values.tmx ?? []) {
    const bytes = await readFile(resolve(file)).catch((error: Error) => {
      throw new UsageError(`cannot read ${file}: ${error.message}`);
    });
    const read = readTmx(bytes, file);
    diagnostics.push(...read.diagnostics);
    for (const entry of read.entries) memory.add(entry);
  }
  if (dirs.length) diagnostics.push(...(await loadCorpora(dirs, values['source-lang'], memory)).diagnostics);
  printDiagnostics(diagnostics);
  const matches = memory.lookup(text, { targetLang: values.locale, sourceLang: values['source-lang'] ?? DEFAULT_SOURCE_LANG, min, limit });
  const terms = termsInText(text, termEntries(glossaries.glossaries, values.locale)).map((t) => t.entry);
  if (values.json) {
    const list = matches.map(matchJson);
    process.stdout.write(JSON.stringify(glossaries.files.length ? { matches: list, terms } : list, null, 2) + '\n');
  } else {
    process.stdout.write(dirs.length || values.tmx?.length ? formatMatches(text, matches, min) : '');
    if (glossaries.files.length) process.stdout.write(terms.length ? terms.map((t) => `term   ${termNoteText(t)}\n`).join('') : 'no glossary term in the text\n');
  }
  return exitCodeFor(diagnostics);
}

function matchJson(m: TmMatch) {
  return {
    similarity: m.similarity,
    exact: m.exact,
    source: m.unit.source,
    target: m.variant.target,
    count: m.variant.count,
    origins: m.variant.origins.map(originLabel),
  };
}

function formatMatches(text: string, matches: readonly TmMatch[], min: number): string {
  if (matches.length === 0) return `no match of ${min} % or more for: ${text}\n`;
  return (
    matches
      .map((m) => {
        const origin = m.variant.origins[0];
        const where = origin ? `  (${m.variant.count}×, e.g. ${originLabel(origin)})` : `  (${m.variant.count}×)`;
        return `${String(m.similarity).padStart(3)} %  ${m.unit.source}\n       ${m.variant.target}\n${where}`;
      })
      .join('\n') + '\n'
  );
}

async function runTerms(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { locale: { type: 'string' }, 'min-count': { type: 'string' }, limit: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' }, 'source-lang': { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('tm terms: name at least one corpus folder');
  const minCount = Number(values['min-count'] ?? 20);
  const limit = Number(values.limit ?? 200);
  if (!(Number.isInteger(minCount) && minCount > 0)) throw new UsageError(`tm terms: --min-count ${values['min-count']} is not a positive whole number`);
  if (!(Number.isInteger(limit) && limit > 0)) throw new UsageError(`tm terms: --limit ${values.limit} is not a positive whole number`);
  const loaded = await loadCorpora(positionals, values['source-lang']);
  printDiagnostics(loaded.diagnostics);
  const sourceLang = values['source-lang'] ?? DEFAULT_SOURCE_LANG;
  const pairs = loaded.memory.languagePairs().filter(([s]) => s.toLowerCase() === sourceLang.toLowerCase());
  const pair = values.locale ? pairs.find(([, t]) => t.toLowerCase() === values.locale!.toLowerCase()) : pairs.length === 1 ? pairs[0] : undefined;
  if (!pair) throw new UsageError(values.locale ? `tm terms: the corpus has no ${sourceLang} → ${values.locale} pairs` : `tm terms: the corpus has ${pairs.length} language pairs (${pairs.map(([, t]) => t).join(', ') || 'none'}); choose one with --locale`);
  const candidates = termCandidates(loaded.memory.units(pair[1], pair[0]), { minCount, limit });
  if (values.json) process.stdout.write(JSON.stringify(candidates, null, 2) + '\n');
  else {
    const tbx = writeTbx(candidatesGlossary(candidates, pair[0], pair[1]), `Glossary candidates from ${positionals.join(', ')} (bitext tm terms): review before use`);
    if (values.out) await writeFileAtomic(values.out, tbx);
    else process.stdout.write(tbx);
    process.stderr.write(`bitext tm terms: ${candidates.length.toLocaleString('en-US')} candidates for ${pair[0]} → ${pair[1]}${values.out ? ` in ${values.out}` : ''}\n`);
  }
  return exitCodeFor(loaded.diagnostics);
}

async function runReport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, 'source-lang': { type: 'string' } } });
  if (positionals.length === 0) throw new UsageError('tm report: name at least one corpus folder');
  const loaded = await loadCorpora(positionals, values['source-lang']);
  printDiagnostics(loaded.diagnostics);
  const reports = consistencyReport(loaded.memory);
  process.stdout.write(values.json ? JSON.stringify(reports, null, 2) + '\n' : reports.map(formatReport).join('\n'));
  return exitCodeFor(loaded.diagnostics);
}

function formatReport(r: PairReport): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `${r.sourceLang} → ${r.targetLang}: ${n(r.segments)} segment pairs, ${n(r.sources)} unique sources, ${n(r.translations)} distinct translations`,
    `  sources translated in more than one way: ${n(r.inconsistent.length)}`,
  ];
  for (const s of r.inconsistent) {
    lines.push(`    ${s.source}`);
    for (const v of s.variants) lines.push(`      ${String(v.count).padStart(4)}×  ${v.target}${v.origin ? `   [${v.origin}]` : ''}`);
  }
  const mismatchSegments = r.codeMismatches.reduce((k, m) => k + m.count, 0);
  lines.push(`  translations whose inline codes differ from the source: ${n(r.codeMismatches.length)} (${n(mismatchSegments)} segment pairs; ${n(r.strongCountMismatchSegments)} with a different number of **)`);
  for (const m of r.codeMismatches) {
    const diff = [...m.missing.map((c) => `missing ${c}`), ...m.extra.map((c) => `extra ${c}`)].join(', ');
    lines.push(`    ${m.origin ?? ''}: ${diff}`);
    lines.push(`      ${m.source}`);
    lines.push(`      ${m.target}`);
  }
  return lines.join('\n') + '\n';
}

async function runLeverage(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { xliff: { type: 'string' }, tm: { type: 'string', multiple: true }, locales: { type: 'string' }, json: { type: 'boolean' } },
  });
  if (positionals.length === 0) throw new UsageError('tm leverage: name at least one folder with English MDX pages');
  await requirePaths([...positionals, ...(values.tm ?? [])], 'no such folder');
  for (const dir of [...positionals, ...(values.tm ?? [])]) {
    if (!(await stat(dir).then((s) => s.isDirectory(), () => false))) throw new UsageError(`${dir} is not a folder`);
  }
  const report = await leverageReport({
    dirs: positionals.map((d) => resolve(d)),
    ...(values.xliff ? { xliff: resolve(values.xliff) } : {}),
    tm: (values.tm ?? []).map((d) => resolve(d)),
    ...(values.locales ? { locales: values.locales.split(',').map((l) => l.trim()).filter(Boolean).map((l) => checkLocaleOption(l, '--locales')) } : {}),
  });
  printDiagnostics(report.diagnostics.filter((d) => d.severity === 'error'));
  if (values.json) {
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  } else {
    const n = (x: number) => x.toLocaleString('en-US');
    const lines = [`${n(report.pages)} MDX pages; memory: ${n(report.memory.corpusSegments)} sxs segment pairs, ${n(report.memory.xliffUnits)} finished XLIFF units`];
    lines.push(`${'locale'.padEnd(8)} ${'exact'.padStart(14)} ${'fuzzy 75-99%'.padStart(14)} ${'new'.padStart(14)}   (words, sentences)`);
    for (const l of report.locales) {
      const cell = (c: { words: number; segments: number }) => `${n(c.words)} (${n(c.segments)})`.padStart(14);
      lines.push(`${l.locale.padEnd(8)} ${cell(l.exact)} ${cell(l.fuzzy)} ${cell(l.new)}`);
    }
    process.stdout.write(lines.join('\n') + '\n');
  }
  return exitCodeFor(report.diagnostics);
}

export const tmCommand: Command = {
  name: 'tm',
  usage,
  async run(args) {
    const [sub, ...rest] = args;
    switch (sub) {
      case 'export':
        return runExport(rest);
      case 'import':
        return runImport(rest);
      case 'lookup':
        return runLookup(rest);
      case 'report':
        return runReport(rest);
      case 'terms':
        return runTerms(rest);
      case 'leverage':
        return runLeverage(rest);
      default:
        throw new UsageError(sub ? `unknown tm subcommand "${sub}"; use export, import, lookup, terms, report or leverage` : 'say what to do: tm export, tm import, tm lookup, tm terms, tm report or tm leverage');
    }
  },
};
