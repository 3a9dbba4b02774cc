/**
 * The mutation fuzzer at length: `npm run bench:fuzz -- [--cases N] [--seed S] [--start I]
 * [--workers W] [--timeout SECONDS] [--builds B]`. Prints cases, findings by kind (crashes, hangs, escapes,
 * writes outside --out, lost edits, ...), cases per second, and for every failing case its
 * seed, index, what failed and a reproduction folder (under .bitext-fuzz/). B cases (default 3)
 * are also built as a whole site (test/support/fuzz/build-case.ts). Exit code 1 when a case
 * failed.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { describe, minimize, runFuzz, writeReproduction, type CaseResult } from '../test/support/fuzz/runner.ts';
import { loadSeeds } from '../test/support/fuzz/seeds.ts';
import { buildCase } from '../test/support/fuzz/build-case.ts';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '10000' },
    seed: { type: 'string', default: '1' },
    start: { type: 'string', default: '0' },
    workers: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '10' },
    profile: { type: 'boolean', default: false },
    builds: { type: 'string', default: '3' },
  },
});
const cases = Number(values.cases);
const seed = Number(values.seed);
const seeds = await loadSeeds();
const reproDir = fileURLToPath(new URL('../.bitext-fuzz/', import.meta.url));
process.stdout.write(`fuzz: seed ${seed}, cases ${values.start}..${Number(values.start) + cases - 1}, ${seeds.length} seed documents, ${values.workers} worker(s), ${values.timeout} s per case\n`);
const started = performance.now();
let done = 0;
const failing: CaseResult[] = [];
const results = await runFuzz(seeds, {
  seed,
  cases,
  start: Number(values.start),
  workers: Number(values.workers),
  timeoutMs: Number(values.timeout) * 1000,
  root: join(tmpdir(), `bitext-fuzz-${process.pid}`),
  onStepTimes(times) {
    if (values.profile) for (const t of times) process.stdout.write(`step ms: ${Object.entries(t).map(([k, v]) => `${k} ${Math.round(v)}`).join(', ')}\n`);
  },
  onCase(result) {
    done++;
    if (result.findings.length) {
      failing.push(result);
      process.stdout.write(describe(result) + '\n');
    }
    if (done % 500 === 0) process.stdout.write(`  ${done} cases, ${failing.length} failing, ${(done / ((performance.now() - started) / 1000)).toFixed(1)} cases/s\n`);
  },
});
const seconds = (performance.now() - started) / 1000;
const buildsStarted = performance.now();
// A whole site build for a sample of the cases, spread over the run.
const builds = Math.min(Number(values.builds), results.length);
for (let k = 0; k < builds; k++) {
  const result = results[Math.floor((k * results.length) / builds)]!;
  const findings = await buildCase(result.case).catch((error: Error) => [{ kind: 'crash' as const, step: 'site build of the seed', detail: error.message }]);
  process.stdout.write(`site build of case ${result.case.id} (${result.case.seedName}): ${findings.length ? 'FAILED' : 'ok'}\n`);
  if (findings.length) {
    result.findings.push(...findings);
    if (!failing.includes(result)) failing.push(result);
    process.stdout.write(describe({ ...result, findings }) + '\n');
  }
}
const byKind = new Map<string, number>();
for (const r of results) for (const kind of new Set(r.findings.map((f) => f.kind))) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
const slowest = results.reduce((a, b) => (b.ms > a.ms ? b : a), results[0]!);
for (const [k, r] of failing.slice(0, 50).entries()) {
  // The first few failing cases are also cut down to the lines that still fail.
  const minimal = k < 5 ? await minimize(r, join(tmpdir(), `bitext-fuzz-min-${process.pid}`), Number(values.timeout) * 1000) : undefined;
  process.stdout.write(`reproduction: ${await writeReproduction(r, reproDir, minimal)}\n`);
}
const count = (kind: string) => byKind.get(kind) ?? 0;
process.stdout.write(
  `\ncases ${results.length}, failing ${failing.length}: crashes ${count('crash')}, hangs over ${values.timeout} s ${count('hang')}, ` +
    `escapes ${count('escape') + count('code-injection')}, writes outside --out ${count('write-outside')}, reads outside ${count('read-outside')}, ` +
    `lost edits ${count('lost-edit')}, invalid XLIFF written ${count('invalid-output')}\n` +
    `site builds ${builds} (${((performance.now() - buildsStarted) / 1000).toFixed(0)} s)\n` +
    `${(results.length / seconds).toFixed(1)} cases/s (${seconds.toFixed(0)} s); slowest case ${slowest.case.id} ${(slowest.ms / 1000).toFixed(2)} s\n`,
);
process.exitCode = failing.length ? 1 : 0;
