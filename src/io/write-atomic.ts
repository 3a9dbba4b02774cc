/**
 * Atomic file writes: the data goes to a temporary file beside the target, which is then renamed
 * over it. A reader (or a run killed mid-way) sees the old file or the new one, never half of one.
 */
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FileError } from './file-error.ts';

let counter = 0;
const TEMP_NAME = /^\..+\.(\d+)\.\d+\.tmp$/;

/** The file-system calls of `writeFileAtomic`; a test replaces one to make a disk full. */
export const atomicWriteFs = { mkdir, open, rename, rm };

/** Buffers given to one `writev`: the most a system call takes (IOV_MAX on Linux and macOS). */
const BUFFERS_PER_WRITE = 1024;

/**
 * Writes `data` to `path` atomically. On any failure (a read-only folder, a full disk) the
 * temporary file is removed, `path` is as it was, and the error is a FileError naming `path`.
 * `data` as an array of buffers is written one after the other, never joined in memory.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array | readonly Uint8Array[]): Promise<void> {
  const fs = atomicWriteFs;
  const dir = dirname(path);
  try {
    await fs.mkdir(dir, { recursive: true });
  } catch (error) {
    throw new FileError('cannot create the folder', dir, await mkdirCause(dir, error));
  }
  const temp = join(dir, `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  // No fsync: the rename already makes the write atomic for readers and against a killed
  // process, which is the promise; durability across a power loss is not.
  let handle;
  try {
    handle = await fs.open(temp, 'w');
  } catch (error) {
    throw new FileError('cannot write', path, error);
  }
  try {
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) await handle.writeFile(data);
      else await writeAll(handle, data);
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    // A partial (or empty) temporary file is never left behind.
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new FileError('cannot write', path, error);
  }
}

/**
 * A recursive mkdir says ENOENT when a parent cannot be made (on a read-only file system, say);
 * making the first missing folder alone gives the real reason.
 */
async function mkdirCause(dir: string, error: unknown): Promise<unknown> {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return error;
  let missing = dir;
  while (dirname(missing) !== missing && !(await stat(dirname(missing)).catch(() => undefined))) missing = dirname(missing);
  try {
    await mkdir(missing);
    await rm(missing, { recursive: true, force: true });
  } catch (cause) {
    return cause;
  }
  return error;
}

/**
 * Removes the temporary files that runs killed mid-write left under `dir` (their process is
 * gone). Files of a live process are left alone: it may still be writing them.
 */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let removed = 0;
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const m = entry.isFile() ? TEMP_NAME.exec(entry.name) : null;
    if (!m || isAlive(Number(m[1]))) continue;
    await rm(join(entry.parentPath, entry.name), { force: true });
    removed++;
  }
  return removed;
}

/** Whether the process `pid` is still running (a temporary file or folder it named is still its). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes `buffers` in order through `handle`, a batch per call, the rest of a short write again. */
async function writeAll(handle: FileHandle, buffers: readonly Uint8Array[]): Promise<void> {
  for (let i = 0; i < buffers.length; i += BUFFERS_PER_WRITE) {
    let batch = buffers.slice(i, i + BUFFERS_PER_WRITE).filter((b) => b.length > 0);
    while (batch.length > 0) {
      let { bytesWritten } = await handle.writev(batch);
      while (batch.length > 0 && bytesWritten >= batch[0]!.length) bytesWritten -= batch.shift()!.length;
      if (bytesWritten > 0) batch[0] = batch[0]!.subarray(bytesWritten);
    }
  }
}
