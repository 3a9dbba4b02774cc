/**
 * Waiting for files written elsewhere in the process (src/io/files-written.ts): a build starts
 * the English search bundles once the English pages Astro renders at once are all in their files.
 */
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesWritten } from '../src/io/files-written.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bitext-written-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('filesWritten', () => {
  it('is true at once when every file has its size, and for no files', async () => {
    await writeFile(join(dir, 'a.html'), 'abc');
    expect(await filesWritten([{ file: join(dir, 'a.html'), bytes: 3 }], { waitMs: 0 })).toBe(true);
    expect(await filesWritten([], { waitMs: 0 })).toBe(true);
  });

  it('waits for a file that does not exist yet, then for the rest of its bytes', async () => {
    const file = join(dir, 'b.html');
    const waited = filesWritten([{ file, bytes: 6 }], { waitMs: 10_000, everyMs: 5 });
    let settled = false;
    void waited.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 30));
    const handle = await open(file, 'w');
    await handle.write('abc');
    await new Promise((r) => setTimeout(r, 30));
    expect(settled).toBe(false);
    await handle.write('def');
    await handle.close();
    expect(await waited).toBe(true);
  });

  it('is false when a file does not reach its size in time', async () => {
    await writeFile(join(dir, 'c.html'), 'ab');
    expect(await filesWritten([{ file: join(dir, 'c.html'), bytes: 3 }, { file: join(dir, 'none.html'), bytes: 1 }], { waitMs: 50, everyMs: 5 })).toBe(false);
  });
});
