/**
 * Runs fuzz cases in worker threads, each case with a time limit: a case that takes longer is a
 * hang (its worker is terminated and replaced), a worker that dies (out of memory) is a crash.
 * A failing case is written as a reproduction folder: the document, the translator's XLIFF and
 * `case.json` (seed, index, mutations, findings).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { generateCase, type FuzzCase } from './cases.ts';
import type { Finding } from './run-case.ts';
import type { FuzzSeed } from './seeds.ts';

export interface FuzzOptions {
  seed: number;
  cases: number;
  /** First case index (default 0). */
  start?: number;
  workers?: number;
  timeoutMs?: number;
  /** Scratch folder for the cases (removed at the end). */
  root: string;
  /** Called after each case. */
  onCase?: (result: CaseResult) => void;
  /** Milliseconds spent per step, per worker (of its latest incarnation). */
  onStepTimes?: (times: Record<string, number>[]) => void;
}

export interface CaseResult {
  case: FuzzCase;
  findings: Finding[];
  ms: number;
}

const MEMORY_MB = 1536;
const SETUP_MS = 120_000;

class Slot {
  private worker: Worker | undefined;
  private ready: Promise<void> | undefined;
  /** Milliseconds per step of the cases of the current worker. */
  stepTimes: Record<string, number> = {};
  private readonly root: string;
  constructor(root: string) {
    this.root = root;
  }

  private start(): Promise<void> {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { workerData: { root: this.root }, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: MEMORY_MB }, stdout: true, stderr: true });
    // The code under test may log; the fuzzer's output is its report.
    this.worker.stdout.resume();
    this.worker.stderr.resume();
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
    });
  }

  async run(c: FuzzCase, timeoutMs: number): Promise<Finding[]> {
    this.ready ??= this.start();
    await this.ready;
    const worker = this.worker!;
    return new Promise<Finding[]>((resolve) => {
      let settled = false;
      const finish = (findings: Finding[], restart: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        if (restart) {
          this.ready = undefined;
          void worker.terminate();
        }
        resolve(findings);
      };
      const onMessage = (m: { id: string; started?: true; findings: Finding[]; stepTimes: Record<string, number> }) => {
        if (m.id !== c.id) return;
        if (m.started) {
          clearTimeout(timer);
          timer = setTimeout(onTimeout, timeoutMs);
          return;
        }
        this.stepTimes = m.stepTimes;
        finish(m.findings, false);
      };
      const onError = (error: Error) => finish([{ kind: 'crash', step: 'worker', detail: `the worker died: ${error.message}` }], true);
      const onExit = (code: number) => finish([{ kind: 'crash', step: 'worker', detail: `the worker exited (${code})` }], true);
      const onTimeout = () => finish([{ kind: 'hang', step: 'case', detail: `no result after ${timeoutMs / 1000} s` }], true);
      // Until the case starts (its seed's baseline is computed first), a generous limit.
      let timer = setTimeout(onTimeout, Math.max(timeoutMs, SETUP_MS));
      worker.on('message', onMessage);
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.postMessage(c);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }
}

export async function runFuzz(seeds: readonly FuzzSeed[], options: FuzzOptions): Promise<CaseResult[]> {
  const workers = Math.max(1, options.workers ?? 1);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const start = options.start ?? 0;
  const results: CaseResult[] = [];
  let next = start;
  const slots = Array.from({ length: workers }, (_, k) => new Slot(join(options.root, `slot${k}`)));
  await Promise.all(
    slots.map(async (slot) => {
      while (next < start + options.cases) {
        const index = next++;
        const c = generateCase(seeds, options.seed, index);
        const begun = performance.now();
        const findings = await slot.run(c, timeoutMs);
        const result = { case: c, findings, ms: performance.now() - begun };
        results.push(result);
        options.onCase?.(result);
      }
    }),
  );
  if (options.onStepTimes) options.onStepTimes(slots.map((s) => s.stepTimes));
  await Promise.all(slots.map((s) => s.close()));
  await rm(options.root, { recursive: true, force: true });
  return results.sort((a, b) => a.case.index - b.case.index);
}

/**
 * A smaller case that still fails the same way: whole lines of the mutated file (the document or
 * the XLIFF) are removed, halves first, then smaller chunks, while a finding of the same kind
 * remains. Bounded by `maxRuns` cases (a hang costs its time limit each).
 */
export async function minimize(result: CaseResult, root: string, timeoutMs = 10_000, maxRuns = 40): Promise<FuzzCase> {
  const c = result.case;
  const kinds = new Set(result.findings.map((f) => f.kind));
  const field = c.mutated === 'document' ? 'document' : 'xliff';
  let lines = new TextDecoder().decode(c[field]).split(/(?<=\n)/);
  const runs = kinds.has('hang') ? Math.min(maxRuns, 6) : maxRuns;
  const slot = new Slot(root);
  let done = 0;
  try {
    for (let chunk = Math.ceil(lines.length / 2); chunk >= 1 && done < runs; ) {
      let removed = false;
      for (let start = 0; start < lines.length && done < runs; start += chunk) {
        const candidate = [...lines.slice(0, start), ...lines.slice(start + chunk)];
        done++;
        const findings = await slot.run({ ...c, [field]: new TextEncoder().encode(candidate.join('')) }, timeoutMs);
        if (findings.some((f) => kinds.has(f.kind))) {
          lines = candidate;
          removed = true;
          start -= chunk;
        }
      }
      if (!removed) chunk = Math.floor(chunk / 2);
    }
  } finally {
    await slot.close();
    await rm(root, { recursive: true, force: true });
  }
  return { ...c, [field]: new TextEncoder().encode(lines.join('')) };
}

/** Writes a failing case (and its minimized form, when given) as files a person can run by hand; returns the folder. */
export async function writeReproduction(result: CaseResult, dir: string, minimal?: FuzzCase): Promise<string> {
  const c = result.case;
  const folder = join(dir, `case-${c.seed}-${c.index}`);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, basename(c.docPath)), c.document);
  await writeFile(join(folder, basename(c.docPath).replace(/\.mdx?$/i, '') + '.xlf'), c.xliff);
  if (minimal) {
    const name = c.mutated === 'document' ? basename(c.docPath) : basename(c.docPath).replace(/\.mdx?$/i, '') + '.xlf';
    await writeFile(join(folder, `minimal-${name}`), c.mutated === 'document' ? minimal.document : minimal.xliff);
  }
  const { document: _d, xliff: _x, baseDocument: _bd, baseXliff: _bx, ...about } = c;
  await writeFile(join(folder, 'case.json'), JSON.stringify({ ...about, findings: result.findings, rerun: `npm run bench:fuzz -- --seed ${c.seed} --start ${c.index} --cases 1` }, null, 2) + '\n');
  return folder;
}

/** One line per finding of a case, for logs and test failures. */
export function describe(result: CaseResult): string {
  const c = result.case;
  return result.findings.map((f) => `case ${c.id} (${c.seedName}, ${c.mutated} ${c.version}: ${c.mutations.join(', ')}): ${f.kind} in ${f.step}: ${f.detail.split('\n').slice(0, 3).join(' / ')}`).join('\n');
}
