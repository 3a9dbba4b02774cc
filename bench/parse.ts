/**
 * `npm run bench:parse`: parses every .md file of ../shared/corpus and builds both views,
 * printing throughput. Files are read into memory first, so the figure is parsing, not disk.
 * Node runs this on one thread, i.e. one core. Target: ≥ 50 MB/s.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { corpusDir } from '../test/corpus.ts';
import { listFiles } from '../src/io/corpus.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { englishView, targetView } from '../src/model/views.ts';

const root = corpusDir();
const paths = await listFiles(root);
const files = await Promise.all(paths.map(async (path) => ({ path, bytes: await readFile(join(root, path)) })));
const totalBytes = files.reduce((n, f) => n + f.bytes.length, 0);

function run(): { ms: number; segments: number; outputChars: number } {
  const start = performance.now();
  let segments = 0;
  let outputChars = 0;
  for (const file of files) {
    const doc = parseSxs(file.bytes, file.path);
    segments += doc.segments.length;
    outputChars += englishView(doc).length + targetView(doc).length;
  }
  return { ms: performance.now() - start, segments, outputChars };
}

const rounds = Number(process.env.ROUNDS ?? 5);
run(); // warm-up: JIT
const times: number[] = [];
let segments = 0;
for (let k = 0; k < rounds; k++) {
  const r = run();
  times.push(r.ms);
  segments = r.segments;
}
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const mb = totalBytes / 1e6;
console.log(`corpus: ${files.length} files, ${mb.toFixed(2)} MB, ${segments.toLocaleString('en-US')} segment pairs`);
console.log(`parse + English view + target view, median of ${rounds} (after 1 warm-up):`);
console.log(`  ${median.toFixed(0)} ms  ${(mb / (median / 1000)).toFixed(1)} MB/s  ${Math.round(segments / (median / 1000)).toLocaleString('en-US')} segments/s`);
console.log(`  best ${times[0]!.toFixed(0)} ms (${(mb / (times[0]! / 1000)).toFixed(1)} MB/s)`);
