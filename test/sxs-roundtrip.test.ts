import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { serializeSxs } from '../src/parse/sxs/serialize.ts';
import { serializeInline } from '../src/model/markdown/inline.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { englishView, targetView } from '../src/model/views.ts';
import { corpusDir, SHARED } from './corpus.ts';

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

describe('lossless round trip over ../shared/corpus-large (ja-JP, ar-SA)', async () => {
  const roots = ['OfficeDocs-SkypeForBusiness-pr.ja-jp', 'Dynamics-365-Operations.ar-sa'].map((name) => join(SHARED, 'corpus-large', name));
  const listed = await Promise.all(roots.map(async (root) => ({ root, paths: (await listFiles(root)).filter((p) => p.endsWith('.md')) })));

  it('covers every .md document of both corpora', () => {
    expect(listed.map((l) => l.paths.length)).toEqual([2_837, 2_736]);
  });

  it('gives the bytes back for every document, malformed pairs included, and the views show no span markup', async () => {
    const failures: string[] = [];
    let segments = 0;
    let recovered = 0;
    for (const { root, paths } of listed) {
      for (const path of paths) {
        const bytes = await readFile(join(root, path));
        const doc = parseSxs(bytes, path);
        segments += doc.segments.length;
        if (!Buffer.from(serializeSxs(doc), 'utf8').equals(bytes)) failures.push(`${path}: round trip`);
        const errors = doc.diagnostics.filter((d) => d.severity === 'error');
        if (errors.length) failures.push(`${path}: ${errors[0]!.line}:${errors[0]!.column} ${errors[0]!.code}`);
        recovered += doc.diagnostics.filter((d) => d.code === 'recovered-pair').length;
        if (/data-[ts]tu-id|sxs-lookup/.test(targetView(doc))) failures.push(`${path}: span markup in the target view`);
        if (/data-[ts]tu-id|sxs-lookup/.test(englishView(doc))) failures.push(`${path}: span markup in the English view`);
      }
    }
    expect(failures).toEqual([]);
    // 146,809 + 192,530 well-formed pairs, and the 251 malformed ones read through recovery,
    // each with a warning that says how (inspect reported them as 126 + 96 errors before).
    expect(recovered).toBe(251);
    expect(segments).toBe(146_809 + 192_530 + 251);
  });
});
