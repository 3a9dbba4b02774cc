import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { serializeSxs } from '../src/parse/sxs/serialize.ts';
import { serializeInline } from '../src/parse/inline.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { corpusDir } from './corpus.ts';

describe('lossless round trip over the whole corpus', async () => {
  const root = corpusDir();
  const paths = await listFiles(root);

  it('covers every .md file under ../shared/corpus', () => {
    // 370 ru + 350 de + 210 ru 2019 + 1 seed + the corpus README and FORMAT.
    expect(paths.length).toBe(933);
  });

  it('serialize(parse(bytes)) gives the bytes back for every file, and tokens give each segment back', async () => {
    const failures: string[] = [];
    let segments = 0;
    for (const path of paths) {
      const bytes = await readFile(join(root, path));
      const doc = parseSxs(bytes, path);
      if (!Buffer.from(serializeSxs(doc), 'utf8').equals(bytes)) failures.push(path);
      for (const s of doc.segments) {
        segments++;
        if (serializeInline(s.targetTokens) !== s.target || serializeInline(s.sourceTokens) !== s.source) {
          failures.push(`${path}#${s.id}`);
        }
      }
      // The corpus's own README.md and FORMAT.md describe spans in prose; they are not sxs.
      if (path.includes('/')) expect(doc.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    }
    expect(failures).toEqual([]);
    expect(segments).toBeGreaterThanOrEqual(32_360 + 30_537 + 10_144 + 13);
  });
});
