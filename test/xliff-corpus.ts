/**
 * The whole-corpus XLIFF suite, run per format by xliff-corpus-12/21.test.ts (two files, so
 * Vitest runs them in parallel). Whole-corpus XLIFF extraction in both formats: every file validates against the OASIS schemas
 * (xmllint), has one unit per segment (+ front-matter units), reads back through our reader and
 * through Translate Toolkit with the same units, and merges back (no edits) into exactly the
 * sxs target view of every document.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { targetView } from '../src/model/views.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { codedToMarkdown } from '../src/model/coded-text.ts';
import { extractCorpora, xliffPath, type ExtractReport } from '../src/pipeline/extract.ts';
import { mergeXliff } from '../src/pipeline/merge.ts';
import { readXliff } from '../src/xliff/read.ts';
import type { XliffVersion } from '../src/xliff/types.ts';
import { corpusDir, DE, RU, RU_2019 } from './corpus.ts';
import {
  requireXliff2po,
  requireXmllint,
  translateToolkitUnitCounts,
  XLIFF_12_SCHEMA,
  XLIFF_21_SCHEMA,
  xlfFiles,
  xliff2poEntryCounts,
  xmllintErrors,
} from './xliff-tools.ts';

/** Folders extracted together must not share a locale: ru 2021 and ru 2019 go to separate outputs. */
const RUNS = [
  { name: 'live', dirs: [RU, DE] },
  { name: '2019', dirs: [RU_2019] },
  { name: 'seed', dirs: ['seed'] },
];

export function corpusSuite(format: XliffVersion): void {
  describe(`XLIFF ${format} over the whole corpus`, () => {
    const reports: { name: string; out: string; dirs: string[]; report: ExtractReport }[] = [];
    let tmp: string;
    /** Units per written file, as our reader found them (filled by the round-trip test). */
    const unitCounts = new Map<string, number>();
    afterAll(async () => {
      if (tmp) await rm(tmp, { recursive: true, force: true });
    });
    beforeAll(async () => {
      requireXmllint();
      tmp = await mkdtemp(join(tmpdir(), `bitext-xliff-${format}-`));
      for (const run of RUNS) {
        const out = join(tmp, format, run.name);
        const dirs = run.dirs.map((d) => corpusDir(d));
        reports.push({ name: run.name, out, dirs, report: await extractCorpora({ dirs, out, format }) });
      }
    });

    it('writes one file per document with segments, with no diagnostics', async () => {
      const live = reports[0]!.report;
      expect(live.diagnostics).toEqual([]);
      expect(live.documents).toBe(370 + 350);
      // Only the two span-less TOC.md files per locale have nothing to extract.
      expect(live.documentsWithoutUnits).toBe(4);
      expect(live.filesCreated).toBe(716);
      expect(reports[1]!.report.filesCreated).toBeGreaterThanOrEqual(200);
      expect(reports[2]!.report.filesCreated).toBe(1);
      const files = await xlfFiles(join(reports[0]!.out, 'ru-ru'));
      expect(files).toContain('partner-center/account-structure.xlf');
    });

    it('validates every file against the OASIS schema with xmllint', async () => {
      const files: string[] = [];
      for (const r of reports) files.push(...(await xlfFiles(r.out)).map((f) => join(r.out, f)));
      expect(files.length).toBeGreaterThan(900);
      expect(await xmllintErrors(files, format === '1.2' ? XLIFF_12_SCHEMA : XLIFF_21_SCHEMA)).toEqual([]);
    });

    it('has one unit per segment plus front-matter units, and merges back (no edits) into the exact target view', async () => {
      let documents = 0;
      let segments = 0;
      const mismatches: string[] = [];
      for (const { out, dirs } of reports) {
        for (const dir of dirs) {
          for (const path of await listFiles(dir)) {
            const doc = parseSxs(await readFile(join(dir, path)), path);
            // README/CONTRIBUTING of 2019 lack ms.contentlocale: their folder's locale applies.
            const file = xliffPath(out, doc.locale ?? 'ru-RU', path);
            if (!existsSync(file)) {
              expect(doc.segments.length + (doc.title.target ? 1 : 0) + (doc.description.target ? 1 : 0)).toBe(0);
              continue;
            }
            const read = readXliff(await readFile(file, 'utf8'), file);
            expect(read.diagnostics).toEqual([]);
            const units = read.file!.units;
          unitCounts.set(file, units.length);
            const body = units.filter((u) => !u.metadata);
            expect(body.map((u) => u.id)).toEqual(doc.segments.map((s) => s.id));
            body.forEach((u, k) => {
              if (codedToMarkdown(u.source) !== doc.segments[k]!.source || codedToMarkdown(u.target!) !== doc.segments[k]!.target) mismatches.push(`${file}#${u.id}`);
            });
            expect(units.some((u) => u.metadata === 'title')).toBe(doc.title.target !== undefined);
            const merged = mergeXliff(doc, read.file, file);
            expect(merged.diagnostics).toEqual([]);
            if (merged.markdown !== targetView(doc)) mismatches.push(file);
            documents++;
            segments += doc.segments.length;
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(documents).toBe(716 + reports[1]!.report.filesCreated + 1);
      expect(segments).toBeGreaterThan(32_360 + 30_537 + 10_144);
    });

    // Translate Toolkit reads XLIFF 1.2 only: the 2.1 suite has no such test (rather than a skipped one).
    if (format === '1.2') it('Translate Toolkit (xliff2po) reads every file and finds the same number of units', async () => {
      requireXliff2po();
      for (const { out } of reports) {
        for (const locale of ['ru-ru', 'de-de']) {
          const root = join(out, locale);
          const files = await xlfFiles(root).catch(() => []);
          if (files.length === 0) continue;
          const ours = new Map<string, number>();
          for (const f of files) {
            const path = join(root, f);
            ours.set(f, unitCounts.get(path) ?? readXliff(await readFile(path, 'utf8'), path).file!.units.length);
          }
          expect(await translateToolkitUnitCounts(root)).toEqual(ours);
          // And the xliff2po command itself, over every file (one run per folder, ~30 s in all).
          const po = await xliff2poEntryCounts(root, files, await mkdtemp(join(tmp, 'po-')));
          expect(po).toEqual(new Map(files.map((f) => [f, ours.get(f)!])));
        }
      }
    });
  });
}
