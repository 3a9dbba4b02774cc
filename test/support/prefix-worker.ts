/**
 * Worker for the parser-progress test: parses every requested prefix of each document and
 * reports what threw or lost bytes. It runs in a worker thread so that the test can stop it and
 * name the prefix it was on when a parser never returns (a synchronous endless loop cannot be
 * interrupted from the thread that runs it).
 *
 * `progress` (shared with the test) holds the index of the job and of the cut being parsed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { englishView, targetView } from '../../src/model/views.ts';
import { tokenizeInline, serializeInline } from '../../src/model/markdown/inline.ts';
import { parseMdx } from '../../src/parse/mdx/parse.ts';
import { parseSxs } from '../../src/parse/sxs/parse.ts';
import { serializeSxs } from '../../src/parse/sxs/serialize.ts';

export interface PrefixJob {
  path: string;
  kind: 'sxs' | 'mdx';
  bytes: Uint8Array;
  /** `char`: cuts are UTF-16 offsets into the decoded text; `byte`: offsets into the bytes. */
  unit: 'char' | 'byte';
  cuts: number[];
}

export interface PrefixResult {
  prefixes: number;
  withDiagnostics: number;
  failures: string[];
}

const { jobs, progress } = workerData as { jobs: PrefixJob[]; progress: SharedArrayBuffer };
const at = new Int32Array(progress);
const result: PrefixResult = { prefixes: 0, withDiagnostics: 0, failures: [] };

for (let j = 0; j < jobs.length; j++) {
  const job = jobs[j]!;
  const bytes = Buffer.from(job.bytes);
  const text = bytes.toString('utf8');
  Atomics.store(at, 0, j);
  for (const cut of job.cuts) {
    Atomics.store(at, 1, cut);
    const where = `${job.path} cut at ${job.unit} ${cut}`;
    try {
      result.prefixes++;
      if (job.kind === 'mdx') {
        const doc = parseMdx(text.slice(0, cut), job.path);
        if (doc.diagnostics.length) result.withDiagnostics++;
        continue;
      }
      const input = job.unit === 'byte' ? bytes.subarray(0, cut) : text.slice(0, cut);
      const doc = parseSxs(input, job.path);
      if (doc.diagnostics.length) result.withDiagnostics++;
      englishView(doc);
      targetView(doc);
      // Nothing is lost: a prefix that decodes comes back byte for byte, broken pairs included.
      const decodes = doc.diagnostics.every((d) => d.code !== 'invalid-utf8');
      const expected = typeof input === 'string' ? input : input.toString('utf8');
      if (decodes && serializeSxs(doc) !== expected) result.failures.push(`${where}: round trip differs`);
      // The inline tokenizer makes progress and loses nothing on the same cut text.
      const inline = typeof input === 'string' ? input.slice(-400) : '';
      if (serializeInline(tokenizeInline(inline)) !== inline) result.failures.push(`${where}: inline tokens differ`);
      if (serializeInline(tokenizeInline(inline, { mdx: true })) !== inline) result.failures.push(`${where}: MDX inline tokens differ`);
    } catch (error) {
      result.failures.push(`${where}: threw ${(error as Error).stack ?? String(error)}`);
    }
  }
}
parentPort!.postMessage(result);
