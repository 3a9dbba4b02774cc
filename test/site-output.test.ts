/**
 * The swap of the site's output folder (src/site/output.ts) on its own, without a build: the first
 * build (no old site), the swap, what a build killed between the two renames of the swap leaves
 * (the old site is put back), and leftovers of dead and of live processes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { discardStage, moveFilesInto, stageOutput, swapInOutput } from '../src/site/output.ts';

let work: string;
let out: string;

/** The id of a process that has ended. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(run.stdout);
}

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-output-'));
  out = join(work, 'site');
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('site output swap', () => {
  it('puts the first site in place, then replaces it whole', async () => {
    const first = await stageOutput(out);
    expect(first.stage).toMatch(/[/\\]\.site\.bitext-tmp-\d+-[0-9a-f]+$/);
    await writeFile(join(first.stage, 'index.html'), 'one');
    await swapInOutput(first);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toBe('one');
    const second = await stageOutput(out);
    await writeFile(join(second.stage, 'other.html'), 'two');
    await swapInOutput(second);
    expect(await readdir(out)).toEqual(['other.html']);
    expect(await readdir(work)).toEqual(['site']);
  });

  it('leaves the old site when a build is discarded', async () => {
    await mkdir(out);
    await writeFile(join(out, 'index.html'), 'old');
    const staged = await stageOutput(out);
    await writeFile(join(staged.stage, 'index.html'), 'new');
    await discardStage(staged);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toBe('old');
    expect(await readdir(work)).toEqual(['site']);
  });

  it('puts back a site that a build killed between the two renames left aside', async () => {
    const pid = deadPid();
    const aside = join(work, `.site.bitext-old-${pid}-0badc0de`);
    await mkdir(aside);
    await writeFile(join(aside, 'index.html'), 'old');
    await mkdir(join(work, `.site.bitext-tmp-${pid}-0badc0de`));
    const staged = await stageOutput(out);
    expect(await readFile(join(out, 'index.html'), 'utf8')).toBe('old');
    await discardStage(staged);
    expect(await readdir(work)).toEqual(['site']);
  });

  it('removes leftovers of dead processes and keeps those of a live one', async () => {
    await mkdir(out);
    const dead = join(work, `.site.bitext-tmp-${deadPid()}-00000001`);
    const live = join(work, `.site.bitext-tmp-${process.ppid}-00000002`);
    const otherSite = join(work, `.other.bitext-tmp-${deadPid()}-00000003`);
    for (const dir of [dead, live, otherSite]) await mkdir(dir);
    const staged = await stageOutput(out);
    expect(existsSync(dead)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(otherSite)).toBe(true);
    await discardStage(staged);
  });

  it('refuses an --out that is a file, in one line', async () => {
    await writeFile(out, 'not a folder');
    await expect(stageOutput(out)).rejects.toThrow(/^--out .*site is a file, not a folder: name a folder for the site$/);
  });

  it('moves an incremental build\'s files into the site one by one, keeping every other file', async () => {
    const first = await stageOutput(out);
    await mkdir(join(first.stage, 'ru-ru', 'a'), { recursive: true });
    await writeFile(join(first.stage, 'ru-ru', 'a', 'index.html'), 'old a');
    await writeFile(join(first.stage, 'kept.html'), 'kept');
    await swapInOutput(first);
    const second = await stageOutput(out);
    await mkdir(join(second.stage, 'ru-ru', 'a'), { recursive: true });
    await mkdir(join(second.stage, 'new', 'deep'), { recursive: true });
    await writeFile(join(second.stage, 'ru-ru', 'a', 'index.html'), 'new a');
    await writeFile(join(second.stage, 'new', 'deep', 'file.txt'), 'new');
    const moved = await moveFilesInto(second.stage, out);
    await discardStage(second);
    expect(moved.sort()).toEqual(['new/deep/file.txt', 'ru-ru/a/index.html']);
    expect(await readFile(join(out, 'ru-ru', 'a', 'index.html'), 'utf8')).toBe('new a');
    expect(await readFile(join(out, 'new', 'deep', 'file.txt'), 'utf8')).toBe('new');
    expect(await readFile(join(out, 'kept.html'), 'utf8')).toBe('kept');
    expect((await readdir(work)).sort()).toEqual(['site']);
  });
});

