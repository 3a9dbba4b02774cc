/**
 * The seeded mutation fuzzer (test/support/fuzz/) in CI: a bounded number of cases over real
 * sxs documents (ru, de, ja, ar), the project's MDX pages and their XLIFF 1.2 and 2.1, each case
 * through parse, extraction (in memory and into a temporary --out over the translator's file),
 * validate, preview, merge-back and the site's Markdown renderer, in a worker with a 10 s limit.
 * It fails on a crash, a hang, HTML that can run, code in a merged MDX page, a path written
 * outside --out or read outside the case, a translator's edit lost on re-extraction, or XLIFF
 * written by extract that does not validate. `npm run bench:fuzz` runs the same cases at length;
 * a failing case is written under .bitext-fuzz/ with the command that runs it again.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describe as describeCase, minimize, runFuzz, writeReproduction } from './support/fuzz/runner.ts';
import type { Finding } from './support/fuzz/run-case.ts';
import { loadSeeds } from './support/fuzz/seeds.ts';

const SEED = 20261202;
const CASES = 100;

/** Findings of a class still open, with why; every other finding fails the test. */
const KNOWN_OPEN: { kind: Finding['kind']; step?: RegExp; detail: RegExp; why: string }[] = [];

it(`${CASES} fuzz cases (seed ${SEED}) find no crash, hang, escape, outside path or lost edit`, async () => {
  const seeds = await loadSeeds();
  const results = await runFuzz(seeds, { seed: SEED, cases: CASES, root: join(tmpdir(), `bitext-fuzz-test-${process.pid}`) });
  const known = (f: Finding) => KNOWN_OPEN.find((k) => k.kind === f.kind && (!k.step || k.step.test(f.step)) && k.detail.test(f.detail));
  const failing = results.filter((r) => r.findings.some((f) => !known(f)));
  const lines: string[] = [];
  for (const [k, r] of failing.entries()) {
    const minimal = k < 3 ? await minimize(r, join(tmpdir(), `bitext-fuzz-min-${process.pid}`)) : undefined;
    lines.push(describeCase(r), `  reproduction: ${await writeReproduction(r, join(process.cwd(), '.bitext-fuzz'), minimal)}`);
  }
  const open = new Map<string, number>();
  for (const r of results) for (const f of r.findings) if (known(f)) open.set(known(f)!.why, (open.get(known(f)!.why) ?? 0) + 1);
  if (open.size) console.log(`fuzz: known open findings: ${[...open].map(([why, n]) => `${n}× ${why}`).join('; ')}`);
  expect(results).toHaveLength(CASES);
  expect(lines).toEqual([]);
}, 600_000);
