// What `bitext translate` writes when a translator confirms a sentence (src/xliff/patch.ts
// `replaceUnitTarget`): that unit's target and state, and not one other byte of the file. On the
// documents of two docsets of the ru-RU corpus (Archive, marketplace: 51) extracted to XLIFF 1.2
// and 2.1, one unit with inline codes per file.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { codesOf, type CodedText } from '../src/model/coded-text.ts';
import { extractCorpora } from '../src/pipeline/extract.ts';
import { parseXml } from '../src/xml/parse.ts';
import { attr } from '../src/xml/tree.ts';
import { replaceUnitTarget } from '../src/xliff/patch.ts';
import { readXliff, unitElements } from '../src/xliff/read.ts';
import type { XliffVersion } from '../src/xliff/types.ts';
import { corpusDir, RU } from './corpus.ts';
import { requireXmllint, XLIFF_12_SCHEMA, XLIFF_21_SCHEMA, xmllintErrors } from './xliff-tools.ts';

let work: string;

beforeAll(async () => {
  requireXmllint();
  work = await mkdtemp(join(tmpdir(), 'bitext-splice-'));
});

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Where a unit's element starts and ends in a file's text. */
function unitSpan(text: string, id: string): { start: number; end: number } {
  const element = unitElements(parseXml(text.replace(/^\ufeff/, ''), 'f').root).find((e) => attr(e, 'id') === id)!;
  const bom = text.startsWith('\ufeff') ? 1 : 0;
  return { start: element.start + bom, end: element.end + bom };
}

/** A new target for a unit: new words around every code of its source, in source order. */
function newTarget(source: CodedText): CodedText {
  const out: CodedText = ['Правка: '];
  for (const code of codesOf(source)) out.push(code, ' слово ');
  out[out.length - 1] += 'конец.';
  return out;
}

describe.each(['1.2', '2.1'] as XliffVersion[])('XLIFF %s: a confirmed target changes only its unit', (format) => {
  it('on every file of two ru-RU docsets: that unit reads back with the target and state final, the rest of the file is byte for byte, the file validates', async () => {
    const out = join(work, format);
    const corpus = corpusDir(RU);
    const documents = (await listFiles(corpus)).filter((p) => /^(Archive|marketplace)\//.test(p)).map((p) => join(corpus, p));
    await extractCorpora({ dirs: documents, out, format });
    const files = await listFiles(out, ['.xlf']);
    expect(files.length).toBeGreaterThan(documents.length - 3);
    const patched: string[] = [];
    let withCodes = 0;
    for (const rel of files) {
      const path = join(out, rel);
      const before = await readFile(path, 'utf8');
      const file = readXliff(before, rel).file!;
      const unit = file.units.find((u) => !u.metadata && codesOf(u.source).length > 1) ?? file.units.find((u) => !u.metadata);
      if (!unit) continue;
      if (codesOf(unit.source).length > 1) withCodes++;
      const target = newTarget(unit.source);
      const after = replaceUnitTarget(before, unit.id, target, 'final');
      const was = unitSpan(before, unit.id);
      const now = unitSpan(after, unit.id);
      expect(after.slice(0, now.start), rel).toBe(before.slice(0, was.start));
      expect(after.slice(now.end), rel).toBe(before.slice(was.end));
      const read = readXliff(after, rel).file!;
      const changed = read.units.find((u) => u.id === unit.id)!;
      expect(changed.state, rel).toBe('final');
      expect(changed.qualifier, rel).toBeUndefined();
      expect(changed.target!.map((p) => (typeof p === 'string' ? p : `${p.id}/${p.role}/${p.data}`)), rel).toEqual(target.map((p) => (typeof p === 'string' ? p : `${p.id}/${p.role}/${p.data}`)));
      const others = (f: typeof read) => f.units.filter((u) => u.id !== unit.id).map((u) => ({ ...u, line: 0 }));
      expect(others(read), rel).toEqual(others(file));
      await writeFile(path, after);
      patched.push(path);
    }
    expect(withCodes).toBeGreaterThan(20);
    expect(await xmllintErrors(patched, format === '1.2' ? XLIFF_12_SCHEMA : XLIFF_21_SCHEMA)).toEqual([]);
  }, 240_000);
});

describe('a translator\'s file', () => {
  const file12 = [
    '\ufeff<?xml version="1.0" encoding="UTF-8"?>',
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2" xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0">',
    '<file original="a.md" source-language="en-US" target-language="de-DE" datatype="x-markdown"><body>',
    '\t<trans-unit id="a" sdl:x="1"><source>One <bpt id="p1" ctype="bold">**</bpt>two<ept id="p1">**</ept>.</source>',
    '\t\t<target state="translated" state-qualifier="leveraged-mt">Eins <bpt id="p1" ctype="bold">**</bpt>zwei<ept id="p1">**</ept>.</target><!-- mine -->',
    '\t</trans-unit>',
    '\t<trans-unit id="b" approved="no"><source>Three.</source></trans-unit>',
    '</body></file></xliff>',
    '',
  ].join('\r\n');

  it('keeps its BOM, CRLF, tabs, comments and other tools\' attributes; a unit without target gets one after its source', () => {
    const unit = readXliff(file12, 'f').file!.units[0]!;
    const a = replaceUnitTarget(file12, 'a', ['Eins ', unit.source[1]!, 'ZWEI', unit.source[3]!, '.'], 'final');
    expect(a).toBe(
      file12
        .replace('<trans-unit id="a"', '<trans-unit approved="yes" id="a"')
        .replace('<target state="translated" state-qualifier="leveraged-mt">Eins <bpt id="p1" ctype="bold">**</bpt>zwei', '<target state="final">Eins <bpt id="p1" ctype="bold">**</bpt>ZWEI'),
    );
    const b = replaceUnitTarget(a, 'b', ['Drei & <vier>.'], 'translated');
    expect(b).toBe(a.replace('<trans-unit id="b" approved="no"><source>Three.</source>', '<trans-unit id="b"><source>Three.</source>\r\n\t<target state="translated">Drei &amp; &lt;vier&gt;.</target>'));
  });

  it('2.x: the segment takes the state, the target its text; several segments are refused', () => {
    const file21 = [
      '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="de">',
      ' <file id="f"><unit id="u"><originalData><data id="d1">`x`</data></originalData>',
      '  <segment id="s" state="translated" subState="bitext:leveraged-mt"><source>Run <ph id="c1" dataRef="d1"/>.</source></segment>',
      ' </unit><unit id="v"><segment><source>A.</source></segment><segment><source>B.</source><target>B.</target></segment></unit></file></xliff>',
    ].join('\n');
    const unit = readXliff(file21, 'f').file!.units[0]!;
    const out = replaceUnitTarget(file21, 'u', ['Starte ', unit.source[1]!, '.'], 'final');
    expect(out).toBe(file21.replace('<segment id="s" state="translated" subState="bitext:leveraged-mt"><source>Run <ph id="c1" dataRef="d1"/>.</source>', '<segment id="s" state="final"><source>Run <ph id="c1" dataRef="d1"/>.</source>\n  <target>Starte <ph id="c1" dataRef="d1" type="other"/>.</target>'));
    expect(() => replaceUnitTarget(file21, 'v', ['x'], 'final')).toThrow(/segments/);
  });
});
