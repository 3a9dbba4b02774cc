/**
 * Atomic file writes: the data goes to a temporary file beside the target, which is then renamed
 * over it. A reader (or a run killed mid-way) sees the old file or the new one, never half of one.
 */
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;
const TEMP_NAME = /^\..+\.(\d+)\.\d+\.tmp$/;

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  // No fsync: the rename already makes the write atomic for readers and against a killed
  // process, which is the promise; durability across a power loss is not.
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
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
