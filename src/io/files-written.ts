/**
 * Waiting for files another part of the process writes: a writer that creates a file and writes
 * it whole, once, leaves it at its final size only when it is done, so a reader that knows the
 * size to expect can tell a written file from one being written.
 */
import { statSync } from 'node:fs';
import { setTimeout } from 'node:timers/promises';

/** A file being written and the number of bytes it will have. */
export interface ExpectedFile {
  file: string;
  bytes: number;
}

/**
 * Resolves true once every file of `files` has its size, checked every `everyMs`; false when one
 * has not after `waitMs` (its writer failed, or another file has its name).
 */
export async function filesWritten(files: readonly ExpectedFile[], { waitMs = 60_000, everyMs = 10 }: { waitMs?: number; everyMs?: number } = {}): Promise<boolean> {
  const done = (f: ExpectedFile) => statSync(f.file, { throwIfNoEntry: false })?.size === f.bytes;
  let waiting = files.filter((f) => !done(f));
  const until = performance.now() + waitMs;
  while (waiting.length > 0) {
    if (performance.now() >= until) return false;
    await setTimeout(everyMs);
    waiting = waiting.filter((f) => !done(f));
  }
  return true;
}
