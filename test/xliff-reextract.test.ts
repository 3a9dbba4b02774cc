/**
 * Re-extraction keeps translators' work, on the real "new source version" pair of the corpus:
 * extract the 2019 Russian docs, apply scripted translator edits (new target, state final) to a
 * few hundred units, then extract the 2021 docs into the same folder.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { extractCorpora, keptWorkPath, writeOne, writeXliff, xliffPath } from '../src/pipeline/extract.ts';
import { type CodedText } from '../src/model/coded-text.ts';
import { mergeXliff } from '../src/pipeline/merge.ts';
import { readXliff } from '../src/xliff/read.ts';
import { matchKey, reextract, REVIEW_STATE } from '../src/pipeline/reextract.ts';
import type { XliffFile, XliffUnit, XliffVersion } from '../src/xliff/types.ts';
import { corpusDir, RU, RU_2019 } from './corpus.ts';
import { XLIFF_12_SCHEMA, XLIFF_21_SCHEMA, xlfFiles, xmllintErrors } from './xliff-tools.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function read(path: string): Promise<XliffFile> {
  const r = readXliff(await readFile(path, 'utf8'), path);
  expect(r.diagnostics).toEqual([]);
  return r.file!;
}

interface Edit {
  file: string;
  marker: string;
  key: string;
}

/** A translator's edit: the old target's codes kept in place, the words replaced, marked. */
function editedTarget(target: CodedText, marker: string): CodedText {
  const out: CodedText = [marker + ' '];
  for (const part of target) out.push(typeof part === 'string' ? 'правка' : part);
  return out;
}

/** Edits of every 7th unit after 2019 → 2021: target of their unit, alternative, file of a removed document left as is. */
const EXPECTED_EDITS = { kept: 566, asAlternative: 570, untouched: 368 };

const contains = (parts: CodedText | undefined, marker: string) => (parts ?? []).some((p) => typeof p === 'string' && p.includes(marker));

/** How the scripted translator saves an edited unit: as CAT tools do (`translated`), reviewed, or with no state. */
type SavedAs = 'translated' | 'final' | 'none';
const CASES: [XliffVersion, SavedAs][] = [
  ['1.2', 'translated'],
  ['1.2', 'final'],
  ['1.2', 'none'],
  ['2.1', 'translated'],
  ['2.1', 'final'],
  ['2.1', 'none'],
];

/** The 2019 extraction of each format, made once and copied for each case. */
const first2019 = new Map<XliffVersion, Promise<string>>();
function extraction2019(format: XliffVersion): Promise<string> {
  let made = first2019.get(format);
  if (!made) {
    made = (async () => {
      const out = await mkdtemp(join(tmpdir(), `bitext-reextract-2019-${format}-`));
      dirs.push(out);
      const first = await extractCorpora({ dirs: [corpusDir(RU_2019)], out, format });
      expect(first.diagnostics).toEqual([]);
      return out;
    })();
    first2019.set(format, made);
  }
  return made;
}

describe.each(CASES)('re-extraction from 2019 to 2021 sources (XLIFF %s, edits saved as %s)', (format, savedAs) => {
  it('loses no edit: unchanged English keeps the edit, changed or removed English keeps it as an alternative, each one reported', async () => {
    const out = await mkdtemp(join(tmpdir(), `bitext-reextract-${format}-`));
    dirs.push(out);
    await cp(await extraction2019(format), out, { recursive: true });

    // Scripted edits: every 7th unit of every file. The file keeps Bitext's mark of what it
    // wrote (the tool keeps attributes it does not know), so the state does not matter.
    const edits: Edit[] = [];
    const files = (await xlfFiles(out)).map((f) => join(out, f));
    for (const path of files) {
      const file = await read(path);
      let n = 0;
      file.units.forEach((unit, k) => {
        if ((k + path.length) % 7 !== 0 || unit.target === undefined) return;
        const marker = `✎${edits.length}✎`;
        unit.target = editedTarget(unit.target, marker);
        unit.state = savedAs === 'none' ? undefined : savedAs;
        unit.qualifier = undefined;
        edits.push({ file: path, marker, key: matchKey(unit) });
        n++;
      });
      if (n) await writeFile(path, writeXliff(file, format));
    }
    expect(edits.length).toBeGreaterThan(1400);
    const before = new Map<string, string>();
    for (const path of files) before.set(path, await readFile(path, 'utf8'));
    const oldKeys = new Map<string, string[]>();
    const savedState = new Map<string, string | undefined>();
    for (const path of files) {
      const file = await read(path);
      oldKeys.set(path, file.units.map(matchKey));
      for (const edit of edits) if (edit.file === path) savedState.set(edit.marker, file.units.find((u) => contains(u.target, edit.marker))!.state);
    }

    const second = await extractCorpora({ dirs: [corpusDir(RU)], out, format });
    expect(second.diagnostics).toEqual([]);
    expect(second.filesUpdated).toBeGreaterThan(100);

    let kept = 0;
    let asAlternative = 0;
    let untouched = 0;
    const lost: string[] = [];
    const cache = new Map<string, XliffFile>();
    for (const edit of edits) {
      if (!existsSync(edit.file)) throw new Error(`${edit.file} disappeared`);
      const documentPath = edit.file.slice(join(out, 'ru-ru').length + 1).replace(/\.xlf$/, '.md');
      if (!existsSync(join(corpusDir(RU), documentPath))) {
        // The document is gone from the 2021 sources: its file is left exactly as it was.
        expect(await readFile(edit.file, 'utf8')).toBe(before.get(edit.file));
        untouched++;
        continue;
      }
      const file = cache.get(edit.file) ?? (await read(edit.file));
      cache.set(edit.file, file);
      const holder = file.units.find((u) => contains(u.target, edit.marker));
      if (holder) {
        // Kept as the target: only where the English is unchanged, with its state.
        expect(matchKey(holder)).toBe(edit.key);
        expect(holder.state).toBe(savedState.get(edit.marker));
        kept++;
        continue;
      }
      const withAlt = file.units.find((u) => u.alternatives.some((a) => contains(a.target, edit.marker)));
      if (!withAlt) {
        lost.push(`${edit.file} ${edit.marker}`);
        continue;
      }
      asAlternative++;
      const alt = withAlt.alternatives.find((a) => contains(a.target, edit.marker))!;
      expect(alt.previousState).toBe(savedState.get(edit.marker));
      expect(alt.edited).toBe(true);
      expect(alt.similarity).toBeGreaterThanOrEqual(0);
      expect(alt.similarity).toBeLessThanOrEqual(100);
      // Its English really changed (or lost occurrences): the new file has fewer units with
      // the edit's English than the old one, so exact matching could not keep it.
      const newCount = file.units.filter((u) => matchKey(u) === edit.key).length;
      const oldCount = oldKeys.get(edit.file)!.filter((k) => k === edit.key).length;
      expect(newCount).toBeLessThan(oldCount);
    }
    expect(lost).toEqual([]);
    expect(kept + asAlternative + untouched).toBe(edits.length);
    // The same figures whatever state the edits were saved with (no document of the pair loses
    // all its units, so no kept-work file is needed: that case is tested below).
    expect({ kept, asAlternative, untouched }).toEqual(EXPECTED_EDITS);
    expect(second.keptEdits).toBe(kept);
    // Each edit that is no longer a target is reported, with its file and unit.
    expect(second.movedEdits.length).toBe(asAlternative);
    expect(second.movedEdits.every((m) => m.toUnit !== undefined && m.file.endsWith('.xlf') && m.fromUnit !== '')).toBe(true);

    // The files stay valid, and kept edits reach the documents through merge-back.
    const all = (await xlfFiles(out)).map((f) => join(out, f));
    expect(await xmllintErrors(all, format === '1.2' ? XLIFF_12_SCHEMA : XLIFF_21_SCHEMA)).toEqual([]);
    const ruRoot = corpusDir(RU);
    let merged = 0;
    for (const path of await listFiles(ruRoot)) {
      const doc = parseSxs(await readFile(join(ruRoot, path)), path);
      const file = xliffPath(out, doc.locale ?? 'ru-RU', path);
      if (!existsSync(file)) continue;
      const result = mergeXliff(doc, await read(file), file);
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      merged += result.stats.edited;
      for (const edit of edits) if (edit.file === file && cache.get(file)?.units.some((u) => contains(u.target, edit.marker))) expect(result.markdown).toContain(edit.marker);
    }
    expect(merged).toBeGreaterThanOrEqual(kept);

    // Running again on the same sources changes nothing.
    const third = await extractCorpora({ dirs: [corpusDir(RU)], out, format });
    expect(third.filesUpdated + third.filesCreated).toBe(0);
  }, 600_000);
});

describe('matching units across versions', () => {
  const unit = (id: string, source: string, target: string, state = 'translated', qualifier: string | undefined = 'leveraged-mt'): XliffUnit => ({
    id,
    source: [source],
    target: [target],
    state,
    qualifier,
    translate: true,
    notes: [],
    alternatives: [],
  });

  it('matches by normalised English, not by id, with position as the tie-break', () => {
    const old = [unit('a-103', 'Yes', 'Да (1)', 'final', undefined), unit('a-104', 'Next  steps', 'Далее', 'final', undefined), unit('a-105', 'Yes', 'Да (2)', 'final', undefined)];
    const fresh = [unit('b-103', 'Intro', 'Введение'), unit('b-104', 'Yes', 'Да'), unit('b-105', 'Next\u00a0steps ', 'Дальше'), unit('b-106', 'Yes', 'Да')];
    const { units, stats } = reextract(fresh, old);
    expect(units.map((u) => u.target![0])).toEqual(['Введение', 'Да (1)', 'Далее', 'Да (2)']);
    expect(units.map((u) => u.id)).toEqual(['b-103', 'b-104', 'b-105', 'b-106']);
    expect(stats).toMatchObject({ kept: 3, keptEdits: 3, markedForReview: 0, added: 1 });
  });

  it('marks a changed sentence for review and keeps the old target as an alternative with its similarity', () => {
    const old = [unit('a-1', 'Open the page.', 'Откройте страницу.', 'final', undefined), unit('a-2', 'Select Save.', 'Выберите «Сохранить».', 'final', undefined)];
    const fresh = [unit('b-1', 'Open the page.', 'MT'), unit('b-2', 'Select Save and Close.', 'Выберите «Сохранить и закрыть».')];
    const { units, stats } = reextract(fresh, old);
    expect(units[0]!.target).toEqual(['Откройте страницу.']);
    expect(units[1]!.target).toEqual(['Выберите «Сохранить и закрыть».']);
    expect(units[1]!.state).toBe(REVIEW_STATE);
    expect(units[1]!.alternatives).toHaveLength(1);
    expect(units[1]!.alternatives[0]).toMatchObject({ target: ['Выберите «Сохранить».'], previousId: 'a-2', previousState: 'final' });
    expect(units[1]!.alternatives[0]!.similarity).toBeCloseTo(54.55, 1);
    expect(stats).toMatchObject({ kept: 1, markedForReview: 1 });
  });

  it('keeps the edit of a removed sentence as an alternative of a nearby changed unit', () => {
    const old = [unit('a-1', 'One.', 'Один.'), unit('a-2', 'Removed entirely here.', 'Правка переводчика', 'final', undefined), unit('a-3', 'Three.', 'Три.')];
    const fresh = [unit('b-1', 'One.', 'Один.'), unit('b-3', 'Three.', 'Три.'), unit('b-4', 'Brand new.', 'Новое.')];
    const { units, stats } = reextract(fresh, old);
    const holder = units.find((u) => u.alternatives.some((a) => a.target[0] === 'Правка переводчика'))!;
    expect(holder.id).toBe('b-4');
    expect(holder.state).toBe(REVIEW_STATE);
    expect(stats.orphanedEdits).toBe(1);
  });
});

describe('kept-work file', () => {
  it.each(['1.2', '2.1'] as XliffVersion[])('keeps the edits of a document left with no unit in <file>.kept.xlf (XLIFF %s), valid and reported', async (format) => {
    const out = await mkdtemp(join(tmpdir(), `bitext-kept-${format}-`));
    dirs.push(out);
    const path = join(out, 'ru-ru', 'a.xlf');
    const unit = (id: string, source: string, target: string): XliffUnit => ({ id, source: [source], target: [target], state: 'translated', qualifier: 'leveraged-mt', translate: true, notes: [], alternatives: [] });
    const file: XliffFile = { version: format, original: 'a.md', sourceLanguage: 'en-US', targetLanguage: 'ru-RU', units: [unit('a-1', 'One.', 'Один.'), unit('a-2', 'Two.', 'Два.')] };
    await mkdir(join(out, 'ru-ru'), { recursive: true });
    // A translator edits a-2 and leaves it `translated`, as CAT tools do.
    const written = readXliff(writeXliff(file, format), path).file!;
    written.units[1]!.target = ['Два (правка).'];
    await writeFile(path, writeXliff(written, format));

    const outcome = await writeOne(path, { ...file, units: [] }, format);
    expect('kind' in outcome && outcome.kind).toBe('updated');
    const moved = 'moved' in outcome ? outcome.moved! : [];
    expect(moved).toEqual([expect.objectContaining({ file: path, fromUnit: 'a-2', reason: 'removed', keptFile: keptWorkPath(path) })]);
    const kept = await read(keptWorkPath(path));
    expect(kept.units.map((u) => u.target)).toEqual([['Два (правка).']]);
    expect(await xmllintErrors([keptWorkPath(path)], format === '1.2' ? XLIFF_12_SCHEMA : XLIFF_21_SCHEMA)).toEqual([]);
  });
});
