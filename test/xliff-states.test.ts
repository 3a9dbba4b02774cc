/**
 * The states Bitext writes, read by another tool: Translate Toolkit (installed in CI) converts a
 * Bitext XLIFF 1.2 file to PO, and each unit lands where the README's state table says: a
 * sentence whose English changed is fuzzy ("needs editing"), a reviewed one is not, an empty one
 * is untranslated. The XLIFF 2.1 states of the same units round-trip through Bitext's reader.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readXliff } from '../src/xliff/read.ts';
import type { XliffFile, XliffUnit } from '../src/xliff/types.ts';
import { validateXliff } from '../src/xliff/validate/index.ts';
import { writeXliff12 } from '../src/xliff/write-12.ts';
import { writeXliff21 } from '../src/xliff/write-21.ts';
import { REVIEW_STATE } from '../src/pipeline/reextract.ts';

const unit = (id: string, source: string, target: string | undefined, state?: string, qualifier?: string): XliffUnit => ({
  id,
  source: [source],
  target: target === undefined ? undefined : [target],
  state,
  qualifier,
  translate: true,
  notes: [],
  alternatives: [],
});

/** One unit per state Bitext writes, as extraction, re-extraction and merge-back leave them. */
const units = [
  unit('empty', 'A sentence nobody translated.', undefined),
  unit('machine', 'A sentence the corpus machine-translated.', 'Предложение, переведённое машиной.', 'translated', 'leveraged-mt'),
  unit('human', 'A sentence a person translated.', 'Предложение, переведённое человеком.', 'translated'),
  unit('exact', 'A sentence from the memory.', 'Предложение из памяти.', 'translated', 'exact-match'),
  unit('changed', 'A sentence whose English changed.', 'Прежний перевод.', REVIEW_STATE),
  unit('reviewed', 'A reviewed sentence.', 'Проверенное предложение.', 'signed-off'),
  unit('final', 'A final sentence.', 'Окончательное предложение.', 'final'),
];
const file: XliffFile = { version: '1.2', original: 'states.md', sourceLanguage: 'en-US', targetLanguage: 'ru-RU', units };
const dir = mkdtempSync(join(tmpdir(), 'bitext-states-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** msgctxt-free PO entries by their English, with their flags. */
function poEntries(po: string): Map<string, { fuzzy: boolean; msgstr: string }> {
  const out = new Map<string, { fuzzy: boolean; msgstr: string }>();
  for (const block of po.split(/\n\n+/)) {
    const id = /^msgid "(.*)"$/m.exec(block)?.[1];
    if (!id) continue;
    out.set(id, { fuzzy: /^#, .*fuzzy/m.test(block), msgstr: /^msgstr "(.*)"$/m.exec(block)?.[1] ?? '' });
  }
  return out;
}

describe('states every tool reads the same way', () => {
  it('Translate Toolkit (xliff2po) reads a changed sentence as needing editing, a reviewed one as done', () => {
    const xlf = join(dir, 'states.xlf');
    writeFileSync(xlf, writeXliff12(file));
    expect(validateXliff(readFileSync(xlf), 'states.xlf').diagnostics).toEqual([]);
    execFileSync('xliff2po', ['--progress=none', xlf, join(dir, 'states.po')]);
    const po = poEntries(readFileSync(join(dir, 'states.po'), 'utf8'));
    expect(po.get('A sentence nobody translated.')).toEqual({ fuzzy: false, msgstr: '' });
    expect(po.get('A sentence whose English changed.')).toMatchObject({ fuzzy: true, msgstr: 'Прежний перевод.' });
    expect(po.get('A reviewed sentence.')).toMatchObject({ fuzzy: false });
    expect(po.get('A final sentence.')).toMatchObject({ fuzzy: false });
    // Not reviewed by a person: Translate Toolkit treats every unapproved target as fuzzy.
    for (const english of ['A sentence the corpus machine-translated.', 'A sentence a person translated.', 'A sentence from the memory.']) {
      expect(po.get(english), english).toMatchObject({ fuzzy: true });
    }
  });

  it('writes approved="yes" exactly on reviewed and final units, and reads approved="yes" back as reviewed', () => {
    const xml = writeXliff12(file);
    expect([...xml.matchAll(/<trans-unit id="(\w+)"[^>]* approved="yes"/g)].map((m) => m[1])).toEqual(['reviewed', 'final']);
    expect(xml).toContain('<target state="needs-translation">Прежний перевод.</target>');
    // A tool that marks review with approved alone (Weblate, Translate Toolkit's pofilter) is read as review.
    const approvedByTool = xml.replace('<trans-unit id="human"', '<trans-unit id="human" approved="yes"');
    const read = readXliff(approvedByTool, 'states.xlf').file!;
    expect(read.units.find((u) => u.id === 'human')!.state).toBe('signed-off');
  });

  it('keeps every state through XLIFF 2.1 (initial + subState for a changed sentence)', () => {
    const xml = writeXliff21({ ...file, version: '2.1' });
    expect(validateXliff(xml, 'states21.xlf').diagnostics).toEqual([]);
    expect(xml).toMatch(/<segment id="s1" state="initial" subState="bitext:needs-translation">/);
    const read = readXliff(xml, 'states21.xlf').file!;
    expect(read.units.map((u) => [u.id, u.state ?? null])).toEqual([
      ['empty', null],
      ['machine', 'translated'],
      ['human', 'translated'],
      ['exact', 'translated'],
      ['changed', 'needs-translation'],
      ['reviewed', 'signed-off'],
      ['final', 'final'],
    ]);
  });
});
