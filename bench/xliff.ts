/**
 * `npm run bench:xliff`: XLIFF extraction throughput on the whole corpus, printed as figures.
 *
 * 1. In memory (the CPU cost, one core): parse every .md of ru-ru, de-de, ru-ru.2019 and seed,
 *    build the units and write XLIFF 1.2 and 2.1 text; median of ROUNDS after a warm-up.
 * 2. On disk, through `extractCorpora` as the CLI runs it (atomic writes: temp file + rename):
 *    a fresh extraction of each folder in both formats, then a full re-extraction of the same
 *    sources into the same folders (files compared, none rewritten), then the real new-version
 *    case: 2019 sources extracted, scripted translator edits, 2021 sources extracted over them.
 * Throughput is MB of sxs input per second. Target: ≥ 20 MB/s.
 * `npm run bench:xliff` then runs bench/tm.ts for the translation-memory lookup latency.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listFiles } from '../src/io/corpus.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { extractCorpora, writeXliff } from '../src/pipeline/extract.ts';
import { readXliff } from '../src/xliff/read.ts';
import type { XliffVersion } from '../src/xliff/types.ts';
import { documentToXliff } from '../src/xliff/units.ts';
import { corpusDir, DE, RU, RU_2019 } from '../test/corpus.ts';

const FOLDERS = [RU, DE, RU_2019, 'seed'];
const FORMATS: XliffVersion[] = ['1.2', '2.1'];
const rounds = Number(process.env.ROUNDS ?? 3);

const files: { path: string; bytes: Buffer }[] = [];
for (const folder of FOLDERS) {
  const root = corpusDir(folder);
  for (const path of await listFiles(root)) files.push({ path, bytes: await readFile(join(root, path)) });
}
const inputMB = files.reduce((n, f) => n + f.bytes.length, 0) / 1e6;
const mbps = (mb: number, ms: number) => `${(mb / (ms / 1000)).toFixed(1)} MB/s`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function inMemory(format: XliffVersion): { ms: number; units: number; outMB: number } {
  const start = performance.now();
  let units = 0;
  let out = 0;
  for (const f of files) {
    const doc = parseSxs(f.bytes, f.path);
    const xliff = documentToXliff(doc, format, doc.locale ?? 'ru-RU');
    units += xliff.units.length;
    out += writeXliff(xliff, format).length;
  }
  return { ms: performance.now() - start, units, outMB: out / 1e6 };
}

console.log(`corpus: ${files.length} .md files, ${inputMB.toFixed(2)} MB (${FOLDERS.join(', ')})`);
console.log(`1. parse + units + XLIFF text, in memory, median of ${rounds} after a warm-up:`);
for (const format of FORMATS) {
  inMemory(format);
  const runs = Array.from({ length: rounds }, () => inMemory(format));
  const ms = median(runs.map((r) => r.ms));
  console.log(`   XLIFF ${format}: ${ms.toFixed(0)} ms, ${mbps(inputMB, ms)}, ${runs[0]!.units.toLocaleString('en-US')} units, ${runs[0]!.outMB.toFixed(1)} MB of XLIFF`);
}

const tmp = await mkdtemp(join(tmpdir(), 'bitext-bench-xliff-'));
try {
  console.log('2. extractCorpora on disk (atomic writes), per format, all four folders:');
  for (const format of FORMATS) {
    const outs = FOLDERS.map((f) => join(tmp, format, f));
    let start = performance.now();
    let written = 0;
    for (const [k, folder] of FOLDERS.entries()) written += (await extractCorpora({ dirs: [corpusDir(folder)], out: outs[k]!, format })).filesCreated;
    const fresh = performance.now() - start;
    start = performance.now();
    let unchanged = 0;
    for (const [k, folder] of FOLDERS.entries()) unchanged += (await extractCorpora({ dirs: [corpusDir(folder)], out: outs[k]!, format })).filesUnchanged;
    const again = performance.now() - start;
    console.log(`   XLIFF ${format}: fresh ${fresh.toFixed(0)} ms (${mbps(inputMB, fresh)}, ${written} files); full re-extraction, same sources ${again.toFixed(0)} ms (${mbps(inputMB, again)}, ${unchanged} files unchanged)`);
  }

  console.log('3. new source version: 2019 extracted, every 23rd unit edited (final), 2021 extracted over it:');
  const ruMB = (await listFiles(corpusDir(RU))).length && (await sizeOf(corpusDir(RU))) / 1e6;
  for (const format of FORMATS) {
    const out = join(tmp, format, 'versions');
    await extractCorpora({ dirs: [corpusDir(RU_2019)], out, format });
    let edits = 0;
    for (const rel of await listFiles(join(out, 'ru-ru'), ['.xlf'])) {
      const path = join(out, 'ru-ru', rel);
      const file = readXliff(await readFile(path, 'utf8'), path).file!;
      file.units.forEach((unit, k) => {
        if ((k + path.length) % 23 !== 0 || !unit.target) return;
        unit.target = [`✎ ${edits++}`];
        unit.state = 'final';
        unit.qualifier = undefined;
      });
      await writeFile(path, writeXliff(file, format));
    }
    const start = performance.now();
    const r = await extractCorpora({ dirs: [corpusDir(RU)], out, format });
    const ms = performance.now() - start;
    console.log(
      `   XLIFF ${format}: ${ms.toFixed(0)} ms (${mbps(ruMB, ms)} of 2021 input); ${edits} edits: ${r.keptEdits} kept as targets (English unchanged), ` +
        `${r.markedForReview} units marked for review, ${r.orphanedEdits} edits of removed sentences kept as alternatives, ${r.movedEdits.length} edits reported as moved; ${r.filesUpdated} files patched, ${r.filesCreated} created`,
    );
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}

async function sizeOf(root: string): Promise<number> {
  let n = 0;
  for (const path of await listFiles(root)) n += (await readFile(join(root, path))).length;
  return n;
}
