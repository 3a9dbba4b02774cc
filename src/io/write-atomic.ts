/**
 * Atomic file writes: the data goes to a temporary file beside the target, which is then renamed
 * over it. A reader (or a run killed mid-way) sees the old file or the new one, never half of one.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;

export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${++counter}.tmp`);
  // No fsync: the rename makes the write atomic for readers and against a killed process,
  // which is what we promise; fsync (power-loss durability) cost half the extraction time.
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
