/**
 * Files read ahead of the one worked on (src/io/read-ahead.ts), on the Russian corpus: the
 * files come in their order with their own text, no more reads are started than asked ahead,
 * and a file that cannot be read fails where its turn comes, not before and not unhandled.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusDir, RU } from './corpus.ts';
import { listFiles } from '../src/io/corpus.ts';
import { readAhead } from '../src/io/read-ahead.ts';

describe('readAhead', () => {
  it('gives each file its own text, in order, read at most the asked number of files ahead', async () => {
    const dir = corpusDir(RU);
    const files = (await listFiles(dir, ['.md'])).slice(0, 200);
    let started = 0;
    let given = 0;
    let mostAhead = 0;
    const read = (rel: string) => {
      started++;
      mostAhead = Math.max(mostAhead, started - given);
      return readFile(join(dir, rel), 'utf8');
    };
    const seen: string[] = [];
    for await (const [rel, text] of readAhead(files, 16, read)) {
      given++;
      expect(text).toBe(await readFile(join(dir, rel), 'utf8'));
      seen.push(rel);
    }
    expect(seen).toEqual(files);
    // The file being given and the 16 after it.
    expect(mostAhead).toBe(17);
  });

  it('throws a read failure when its file comes, and leaves the reads started after it handled', async () => {
    const dir = corpusDir(RU);
    const files = [...(await listFiles(dir, ['.md'])).slice(0, 3), 'no-such-file.md', 'nor-this-one.md', ...(await listFiles(dir, ['.md'])).slice(3, 6)];
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const seen: string[] = [];
      await expect(
        (async () => {
          for await (const [rel] of readAhead(files, 8, (rel) => readFile(join(dir, rel), 'utf8'))) seen.push(rel);
        })(),
      ).rejects.toThrow(/no-such-file\.md/);
      expect(seen).toEqual(files.slice(0, 3));
      await new Promise((done) => setTimeout(done, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
