/**
 * `npm run bench:translate`: how fast the translator's workbench (`bitext translate`) starts on
 * the corpus and opens a big file, printed as figures. Targets: start under 3 s, a 1,000-unit
 * file open (rows shown in the browser) under 1 s.
 *
 * 1. The ru-RU corpus (partner-center-pr.ru-ru, every document) is extracted to XLIFF 1.2 in a
 *    temporary folder; one more file of 1,000 units is made from its units (new ids).
 * 2. `node bin/bitext.js translate XLIFF --content CORPUS --port 0` is started ROUNDS times: the
 *    time until it prints its address, and until the files list (progress of every file) answers.
 * 3. In Chromium (playwright-core, /usr/bin/chromium): the app opens the 1,000-unit file; the
 *    time from navigation until the 1,000 rows are on the page, and the API time of the file alone.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listFiles } from '../src/io/corpus.ts';
import { extractCorpora } from '../src/pipeline/extract.ts';
import { readXliff } from '../src/xliff/read.ts';
import { writeXliff12 } from '../src/xliff/write-12.ts';
import type { XliffUnit } from '../src/xliff/types.ts';
import { corpusDir, RU } from '../test/corpus.ts';
import { launchBrowser } from '../test/support/browser.ts';

const ROUNDS = Number(process.env.ROUNDS ?? 3);
const ROOT = resolve(import.meta.dirname, '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const work = await mkdtemp(join(tmpdir(), 'bitext-bench-translate-'));
try {
  const corpus = corpusDir(RU);
  const xliff = join(work, 'xliff');
  await extractCorpora({ dirs: [corpus], out: xliff, format: '1.2' });
  const files = await listFiles(xliff, ['.xlf']);
  // A 1,000-unit file: the units of the extracted files, in order, with ids made unique.
  const units: XliffUnit[] = [];
  let first: ReturnType<typeof readXliff>['file'];
  for (const rel of files) {
    const file = readXliff(await readFile(join(xliff, rel)), rel).file;
    if (!file) continue;
    first ??= file;
    for (const unit of file.units) if (!unit.metadata && units.length < 1000) units.push({ ...unit, id: `u${units.length + 1}` });
    if (units.length >= 1000) break;
  }
  const big = 'ru-ru/bench-1000-units.xlf';
  await writeFile(join(xliff, big), writeXliff12({ ...first!, original: 'bench-1000-units.md', units }));
  console.log(`corpus: ${files.length} XLIFF files extracted from ${RU}; ${units.length}-unit file ${big}`);

  const starts: number[] = [];
  const lists: number[] = [];
  const counted: number[] = [];
  let url = '';
  let stop: () => void = () => {};
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(ROOT, 'bin/bitext.js'), 'translate', xliff, '--content', corpus, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    url = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) done(m[1]!);
      });
      child.once('exit', (code) => fail(new Error(`bitext translate exited with ${code}`)));
    });
    const t1 = performance.now();
    let listed = (await (await fetch(new URL('/api/files', url))).json()) as { files: unknown[]; pending: number };
    const t2 = performance.now();
    while (listed.pending) {
      await new Promise((done) => setTimeout(done, 50));
      listed = (await (await fetch(new URL('/api/files', url))).json()) as { files: unknown[]; pending: number };
    }
    const t3 = performance.now();
    starts.push(t1 - t0);
    lists.push(t2 - t0);
    counted.push(t3 - t0);
    if (round < ROUNDS - 1) {
      child.kill('SIGINT');
      await new Promise((done) => child.once('exit', done));
    } else {
      stop = () => child.kill('SIGINT');
      console.log(`files list: ${listed.files.length} files`);
    }
  }
  console.log(`start (address printed): median ${median(starts).toFixed(0)} ms of ${ROUNDS} (${starts.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`start + files list: median ${median(lists).toFixed(0)} ms; + progress of every file read: median ${median(counted).toFixed(0)} ms`);

  const api: number[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    const t0 = performance.now();
    await (await fetch(new URL(`/api/file?path=${encodeURIComponent(big)}`, url))).json();
    api.push(performance.now() - t0);
  }
  console.log(`GET /api/file (1,000 units): median ${median(api).toFixed(0)} ms`);

  const browser = await launchBrowser();
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const opens: number[] = [];
  const parts: string[] = [];
  for (let k = 0; k < ROUNDS; k++) {
    await page.goto(url);
    await page.waitForSelector('button.file-link');
    const t0 = performance.now();
    await page.locator(`button.file-link[data-path="${big}"]`).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-unit]').length >= 1000);
    opens.push(performance.now() - t0);
    const [request, rows] = await page.evaluate(() => ['wb-request', 'wb-rows'].map((name) => performance.getEntriesByName(name).at(-1)?.duration ?? NaN));
    parts.push(`request ${request!.toFixed(0)} ms + rows ${rows!.toFixed(0)} ms`);
  }
  console.log(`  in the page: ${parts.join('; ')}`);
  console.log(`open the 1,000-unit file in the browser (click to 1,000 rows): median ${median(opens).toFixed(0)} ms (${opens.map((t) => t.toFixed(0)).join(', ')})`);
  await browser.close();
  stop();
} finally {
  await rm(work, { recursive: true, force: true });
}
