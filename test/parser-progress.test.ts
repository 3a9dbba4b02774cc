/**
 * Parsers make progress on every input: every prefix of real documents (cut mid-tag, mid-id,
 * mid-character) returns a document with diagnostics, never throws, never hangs, and gives its
 * bytes back. The parsing runs in a worker thread so that a parser that never returns is
 * stopped and named instead of hanging the test run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { corpusDir, DE, RU, SHARED } from './corpus.ts';
import type { PrefixJob, PrefixResult } from './support/prefix-worker.ts';

const JA = join(SHARED, 'corpus-large/OfficeDocs-SkypeForBusiness-pr.ja-jp');
const AR = join(SHARED, 'corpus-large/Dynamics-365-Operations.ar-sa');
const PROJECT = new URL('../', import.meta.url).pathname;

/** Small documents of each language, cut at every byte and at every character. */
const EVERY_CUT = [
  [corpusDir(RU), 'Archive/China-update-customer-account-info.md'],
  [corpusDir(DE), 'Archive/China-update-customer-account-info.md'],
  [JA, 'Skype/SfbServer/schema-reference/quality-of-experience-qoe-database-schema/macaddress.md'],
  [AR, 'articles/supply-chain/service-management/change-service-order-stage.md'],
] as const;

/** Larger documents (tables, alerts, includes, and the malformed ja pairs), cut at every tag boundary. */
const TAG_CUTS = [
  [corpusDir(RU), 'partner-center/account-structure.md'],
  [corpusDir(DE), 'partner-center/chip-locate-agreement.md'],
  [corpusDir('partner-center-pr.ru-ru.2019'), 'partner-center/csp-regional-authorization-tenant-consolidation.md'],
  [JA, 'Skype/SfbHybrid/hybrid/cloud-consolidation-edge-certificates.md'],
  [JA, 'Skype/SfbServer/plan-your-deployment/clients-and-devices/minimum-network-requirements.md'],
  [JA, 'Teams/teams-live-events/configure-teams-live-events.md'],
  [AR, 'articles/supply-chain/service-management/receiving-returned-items.md'],
  [AR, 'articles/supply-chain/troubleshooting/warehousing/weight-must-be-posit.md'],
] as const;

const MDX_PAGES = ['content/en/bitext/index.mdx', 'content/en/bitext/quick-start.mdx', 'content/en/bitext/sxs-format.mdx', 'content/en/bitext/translator-loop.mdx', 'content/en/bitext/writer-loop.mdx', 'test/fixtures/mdx/writer-page.mdx'];

const range = (n: number) => Array.from({ length: n + 1 }, (_, k) => k);

/** Offsets just before and after every `<`, `>`, `"`, `[`, `]`, `(`, `)`, `*`, `` ` ``, `{`, `}` and line break. */
function tagBoundaries(text: string): number[] {
  const cuts = new Set<number>([0, text.length]);
  for (const m of text.matchAll(/[<>"[\]()*`{}\n]/g)) for (const d of [0, 1, 2]) cuts.add(Math.min(text.length, m.index + d));
  return [...cuts].sort((a, b) => a - b);
}

function runJobs(jobs: PrefixJob[], timeoutMs: number): Promise<PrefixResult> {
  const progress = new SharedArrayBuffer(8);
  const at = new Int32Array(progress);
  const worker = new Worker(new URL('./support/prefix-worker.ts', import.meta.url), { workerData: { jobs, progress } });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const job = jobs[Atomics.load(at, 0)]!;
      void worker.terminate();
      reject(new Error(`no return within ${timeoutMs} ms: ${job.path} cut at ${job.unit} ${Atomics.load(at, 1)}`));
    }, timeoutMs);
    worker.once('message', (result: PrefixResult) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function sxsJob(root: string, path: string, unit: 'char' | 'byte', everyCut: boolean): PrefixJob {
  const bytes = readFileSync(join(root, path));
  const text = bytes.toString('utf8');
  const cuts = unit === 'byte' ? range(bytes.length) : everyCut ? range(text.length) : tagBoundaries(text);
  return { path: `${root.split('/').filter(Boolean).pop()}/${path}`, kind: 'sxs', bytes, unit, cuts };
}

describe('parsers make progress on every input', () => {
  it('a span tag cut short inside the English half returns with a diagnostic', () => {
    const cut = '# <span data-ttu-id="a1b2c-103">Т</span><span class="sxs-lookup"><span data-stu-id="a1b2c-1';
    const doc = parseSxs(cut, 'cut.md');
    expect(doc.segments).toEqual([]);
    expect(doc.diagnostics.map((d) => d.code)).toContain('unclosed-pair');
  });

  it('sxs: every byte and character prefix of ru, de, ja and ar documents, every tag-boundary prefix of more', async () => {
    const jobs: PrefixJob[] = [
      ...EVERY_CUT.flatMap(([root, path]) => [sxsJob(root, path, 'byte', true), sxsJob(root, path, 'char', true)]),
      ...TAG_CUTS.map(([root, path]) => sxsJob(root, path, 'char', false)),
    ];
    const result = await runJobs(jobs, 100_000);
    expect(result.failures).toEqual([]);
    expect(result.prefixes).toBe(jobs.reduce((n, j) => n + j.cuts.length, 0));
    // Most prefixes end inside a pair: those carry diagnostics.
    expect(result.withDiagnostics).toBeGreaterThan(result.prefixes / 2);
  });

  it('MDX: every character prefix of one English page, every tag-boundary prefix of the others', async () => {
    const jobs: PrefixJob[] = MDX_PAGES.map((path, k) => {
      const bytes = readFileSync(join(PROJECT, path));
      const text = bytes.toString('utf8');
      return { path, kind: 'mdx', bytes, unit: 'char', cuts: k === 0 ? range(text.length) : tagBoundaries(text) };
    });
    const result = await runJobs(jobs, 100_000);
    expect(result.failures).toEqual([]);
    expect(result.prefixes).toBe(jobs.reduce((n, j) => n + j.cuts.length, 0));
  });
});
