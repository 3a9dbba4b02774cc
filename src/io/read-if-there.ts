/**
 * Reading a file that may not be there: a page of a site model that a shard's or a preview's
 * site lacks, a file of a previous build's search index.
 */
import { readFileSync } from 'node:fs';

/**
 * The bytes of `file`, or undefined where there is none (no such file, or a file where a folder
 * of its path should be). Read at once, not through libuv's thread pool, which the process's other
 * threads share. Other errors are thrown.
 */
export function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
