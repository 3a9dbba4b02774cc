/**
 * I/O errors end in one line, `bitext: <what>: <path>: <reason>`, with the exit code the README
 * gives (2 for a path on the command line that does not exist, 1 for a failed read or write),
 * never a stack trace; a failed write leaves no temporary file (0-byte or partial) and the old
 * file as it was. A full disk and a read-only file system are injected through the write
 * function's file-system calls (`atomicWriteFs`), so the test needs no mount; the command-line
 * cases use real paths in a temp folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { FileError } from '../src/io/file-error.ts';
import { atomicWriteFs, writeFileAtomic } from '../src/io/write-atomic.ts';
import { runBitext } from './cli-helpers.ts';

const tmp = mkdtempSync(join(tmpdir(), 'bitext-io-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const realOpen = atomicWriteFs.open;
afterEach(() => {
  atomicWriteFs.open = realOpen;
});

function errno(code: string, message: string, syscall: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}, ${syscall}`), { code, syscall });
}

describe('writeFileAtomic on a full disk or a read-only folder', () => {
  it('a disk that fills mid-write: FileError naming the target, no temp file, the old file intact', async () => {
    const dir = join(tmp, 'full');
    mkdirSync(dir);
    const target = join(dir, 'page.xlf');
    writeFileSync(target, 'the translator\'s file');
    // The disk takes half the data, then is full (ENOSPC), as a write to a full tmpfs does.
    atomicWriteFs.open = (async (path: string, flags: string) => {
      const handle = await open(path, flags);
      return Object.assign(handle, {
        writeFile: async (data: string) => {
          await handle.write(data.slice(0, data.length >> 1));
          throw errno('ENOSPC', 'no space left on device', 'write');
        },
      });
    }) as typeof atomicWriteFs.open;
    const error = await writeFileAtomic(target, 'x'.repeat(10_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as Error).message).toBe(`cannot write: ${target}: no space left on device`);
    expect(readdirSync(dir)).toEqual(['page.xlf']);
    expect(readFileSync(target, 'utf8')).toBe('the translator\'s file');
  });

  it('a read-only file system: FileError, nothing created', async () => {
    const dir = join(tmp, 'read-only');
    mkdirSync(dir);
    atomicWriteFs.open = (async () => {
      throw errno('EROFS', 'read-only file system', 'open');
    }) as typeof atomicWriteFs.open;
    await expect(writeFileAtomic(join(dir, 'a.xlf'), 'data')).rejects.toThrow(`cannot write: ${join(dir, 'a.xlf')}: read-only file system`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeFileAtomic of many buffers', () => {
  it('writes them in order, more than one system call takes, with empty ones among them, and a short write goes on where it stopped', async () => {
    const buffers = Array.from({ length: 2500 }, (_, i) => Buffer.from(i % 7 === 0 ? '' : `${i},`));
    const target = join(tmp, 'many.txt');
    // The first write takes only part of what it is given, as a system call may.
    let first = true;
    atomicWriteFs.open = (async (path: string, flags: string) => {
      const handle = await open(path, flags);
      const writev = handle.writev.bind(handle);
      return Object.assign(handle, {
        writev: async (batch: Buffer[]) => {
          if (!first) return writev(batch);
          first = false;
          return writev([batch[0]!, batch[1]!.subarray(0, 1)]);
        },
      });
    }) as typeof atomicWriteFs.open;
    await writeFileAtomic(target, buffers);
    expect(readFileSync(target, 'utf8')).toBe(Buffer.concat(buffers).toString('utf8'));
    expect(readdirSync(tmp).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('the commands end an I/O error in one line', () => {
  /** stderr is exactly one line, `bitext: ...`, and there is no stack trace anywhere. */
  function oneLine(run: { stdout: string; stderr: string }): string {
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines, run.stderr).toHaveLength(1);
    expect(run.stdout + run.stderr).not.toMatch(/\n\s+at /);
    return lines[0]!;
  }

  it('inspect, extract, preview, validate and tm on a missing path: one line, exit 2', async () => {
    const missing = join(tmp, 'no-such-folder');
    const runs = await Promise.all([
      runBitext(['inspect', missing]),
      runBitext(['extract', missing, '--out', join(tmp, 'out')]),
      runBitext(['preview', join(missing, 'a.xlf')]),
      runBitext(['validate', missing]),
      runBitext(['tm', 'export', missing, '--out', join(tmp, 'tm')]),
    ]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(2);
      expect(oneLine(run)).toMatch(new RegExp(`^bitext: no such [a-zA-Z ]+: ${missing}[^:]*: no such file or directory$`));
    }
  });

  it('extract into a folder that cannot be made (a file is in the way): one line, exit 1', async () => {
    const content = join(tmp, 'content');
    mkdirSync(content);
    writeFileSync(join(content, 'page.mdx'), '---\ntitle: A page\n---\n\nOne sentence.\n');
    writeFileSync(join(tmp, 'a-file'), '');
    const run = await runBitext(['extract', content, '--out', join(tmp, 'a-file', 'xliff'), '--locales', 'ru-RU']);
    expect(run.code).toBe(1);
    expect(oneLine(run)).toMatch(new RegExp(`^bitext: cannot [a-z ]+: ${join(tmp, 'a-file', 'xliff', 'ru-ru')}[^:]*: not a directory$`));
  });
});
