/**
 * `node bench/pofilter-parity.ts CORPUS [--keep DIR]`: `bitext check` against Translate Toolkit's
 * `pofilter` on the same units. The corpus is extracted to XLIFF 1.2, the XLIFF goes through
 * `xliff2po` and `pofilter` (the checks both tools have), and `bitext check --json` reads the same
 * XLIFF. Per check: units pofilter flags, units Bitext flags, both, pofilter only (listed with
 * `--list CHECK`), Bitext only. Needs `xliff2po` and `pofilter` on the PATH. With `--keep DIR
 * --reuse`, the extraction and pofilter's output of an earlier run are read again.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseArgs } from 'node:util';

/** pofilter's test → the Bitext check that covers it. */
const PAIRS: Record<string, string> = {
  numbers: 'qa-numbers',
  urls: 'qa-urls',
  emails: 'qa-urls',
  doublewords: 'qa-doubled-word',
  endpunc: 'qa-punctuation',
  startwhitespace: 'qa-whitespace',
  endwhitespace: 'qa-whitespace',
  unchanged: 'qa-unchanged',
};

const { values, positionals } = parseArgs({ allowPositionals: true, options: { keep: { type: 'string' }, list: { type: 'string' }, reuse: { type: 'boolean' } } });
if (positionals.length !== 1) {
  console.error('usage: node bench/pofilter-parity.ts CORPUS [--keep DIR] [--list POFILTER_TEST]');
  process.exit(2);
}
const work = values.keep ?? mkdtempSync(join(tmpdir(), 'bitext-pofilter-'));
const xliffDir = join(work, 'xliff');
const poDir = join(work, 'po');
const filteredDir = join(work, 'pofilter');
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 30 }).toString();

// --reuse (with --keep): the XLIFF and pofilter's output of an earlier run; only Bitext runs again.
if (!(values.reuse && existsSync(filteredDir))) {
  run('npx', ['bitext', 'extract', positionals[0]!, '--out', xliffDir, '--force']);
  run('xliff2po', ['-i', xliffDir, '-o', poDir]);
  run('pofilter', [...Object.keys(PAIRS).flatMap((t) => ['-t', t]), '--fuzzy', '-i', poDir, '-o', filteredDir]);
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
}

/** pofilter test → set of "document/unit". */
const pofilter = new Map<string, Set<string>>();
const examples = new Map<string, string[]>();
for (const file of walk(filteredDir).filter((f) => f.endsWith('.po'))) {
  const doc = relative(filteredDir, file).replace(/\.po$/, '');
  for (const block of readFileSync(file, 'utf8').split(/\n\n/)) {
    const unit = /^#: (.+)$/m.exec(block)?.[1];
    if (!unit) continue;
    for (const m of block.matchAll(/^# \(pofilter\) (\w+):/gm)) {
      const test = m[1]!;
      if (!pofilter.has(test)) pofilter.set(test, new Set());
      pofilter.get(test)!.add(`${doc}/${unit}`);
      if (test === values.list) (examples.get(test) ?? examples.set(test, []).get(test)!).push(`${doc}/${unit}\n${block.replace(/^#.*\n/gm, '')}`);
    }
  }
}

let report: { sentences: number; diagnostics: { code: string; file: string; message: string }[] };
try {
  report = JSON.parse(run('npx', ['bitext', 'check', xliffDir, '--json']));
} catch (error) {
  report = JSON.parse((error as { stdout: Buffer }).stdout.toString());
}
const bitext = new Map<string, Set<string>>();
for (const d of report.diagnostics) {
  const unit = /^unit "([^"]+)"/.exec(d.message)?.[1];
  if (!unit) continue;
  const key = `${relative(xliffDir, d.file).replace(/\.xlf$/, '')}/${unit}`;
  if (!bitext.has(d.code)) bitext.set(d.code, new Set());
  bitext.get(d.code)!.add(key);
}

console.log(`${report.sentences.toLocaleString('en-US')} translated units`);
console.log('| pofilter test | Bitext check | pofilter | Bitext | both | pofilter only | Bitext only |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const [test, code] of Object.entries(PAIRS)) {
  const p = pofilter.get(test) ?? new Set<string>();
  const b = bitext.get(code) ?? new Set<string>();
  const both = [...p].filter((k) => b.has(k)).length;
  console.log(`| ${test} | ${code} | ${p.size} | ${b.size} | ${both} | ${p.size - both} | ${b.size - both} |`);
}
const onlyPofilter = (test: string) => [...(pofilter.get(test) ?? [])].filter((k) => !bitext.get(PAIRS[test]!)?.has(k));
if (values.list) {
  const missed = new Set(onlyPofilter(values.list));
  for (const e of examples.get(values.list) ?? []) if (missed.has(e.split('\n')[0]!)) console.log(`\n${e}`);
}
if (!values.keep) rmSync(work, { recursive: true, force: true });
