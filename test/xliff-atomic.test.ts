/**
 * An interrupted `bitext extract` leaves every XLIFF file either old or new, never half-written:
 * the CLI re-extracts the 2021 sources over an extraction of the 2019 ones and is killed
 * (SIGKILL, no chance to clean up) once it has started writing.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { extractCorpora } from '../src/pipeline/extract.ts';
import { readXliff } from '../src/xliff/read.ts';
import { corpusDir, RU, RU_2019 } from './corpus.ts';
import { xlfFiles } from './xliff-tools.ts';

let tmp = '';
afterAll(async () => {
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

async function snapshot(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const f of await xlfFiles(root)) out.set(f, await readFile(join(root, f), 'utf8'));
  return out;
}

it('leaves each file old or new when the extract command is killed mid-way', async () => {
  tmp = await mkdtemp(join(tmpdir(), 'bitext-atomic-'));
  const victim = join(tmp, 'victim');
  const reference = join(tmp, 'reference');
  await extractCorpora({ dirs: [corpusDir(RU_2019)], out: victim, format: '1.2' });
  await cp(victim, reference, { recursive: true });
  const old = await snapshot(victim);
  // What a complete run writes, for comparison.
  await extractCorpora({ dirs: [corpusDir(RU)], out: reference, format: '1.2' });
  const complete = await snapshot(reference);

  const bin = new URL('../bin/bitext.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [bin, 'extract', corpusDir(RU), '--out', victim], { env: { ...process.env, CI: '1' }, stdio: 'ignore' });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  // Kill as soon as the first new file appears (2021 has documents 2019 did not).
  const started = Date.now();
  while (Date.now() - started < 60_000 && child.exitCode === null && (await xlfFiles(victim)).length === old.size) {
    await new Promise((r) => setTimeout(r, 5));
  }
  child.kill('SIGKILL');
  const { signal } = await exited;
  expect(signal).toBe('SIGKILL'); // it was still running: the kill happened mid-way

  const after = await snapshot(victim);
  let isOld = 0;
  let isNew = 0;
  for (const [file, text] of after) {
    const read = readXliff(text, file);
    expect(read.diagnostics, file).toEqual([]);
    if (text === old.get(file)) isOld++;
    else if (text === complete.get(file)) isNew++;
    else throw new Error(`${file} is neither the old nor the new version`);
  }
  expect(isNew).toBeGreaterThan(0);
  // Not everything was done: files are missing, or some still have their old text.
  const unfinished = after.size < complete.size || [...after].some(([f, t]) => t === old.get(f) && t !== complete.get(f));
  expect(unfinished).toBe(true);

  // Running again finishes the job and clears the temporary files the killed run left.
  await extractCorpora({ dirs: [corpusDir(RU)], out: victim, format: '1.2' });
  expect(await snapshot(victim)).toEqual(complete);
  const leftovers = ((await readdir(victim, { recursive: true })) as string[]).filter((name) => name.endsWith('.tmp'));
  expect(leftovers).toEqual([]);
});
