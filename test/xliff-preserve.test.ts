/**
 * Re-extraction patches the translator's file: what Bitext does not own stays byte for byte.
 *
 * Fixtures: Bitext's own file of a real document, saved the way three tools save it (written
 * here from what they are documented to do):
 * - OmegaT (its XLIFF filter rewrites only target content; Windows line ends): edits in place,
 *   states left as they were, a `<note from="OmegaT">`;
 * - Okapi Rainbow/Tikal (re-serialises: outer indentation gone, `okp:` namespace, `xml:lang` on
 *   targets, unknown attributes of other namespaces dropped, so Bitext's mark is gone too);
 * - a Trados-style file made by hand: `sdl:` namespace with attributes and `sdl:seg-defs`,
 *   `seg-source` with `mrk mtype="seg"` (1.2), targets wrapped in segment markers, translator
 *   comments (`mrk mtype="x-comment"`; 2.1 `mrk type="comment"`), `approved="yes"`, notes from
 *   a reviewer, header notes (2.1: file notes).
 * Then `extract` runs over the same sources (the file must not change except Bitext's mark) and
 * over the document's next version (every foreign node of a unit that continues must stay).
 */
import { mkdir, mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractCorpora, xliffPath } from '../src/pipeline/extract.ts';
import { readXliff } from '../src/xliff/read.ts';
import type { XliffVersion } from '../src/xliff/types.ts';
import { validateXliff } from '../src/xliff/validate/index.ts';
import { corpusDir, RU, RU_2019 } from './corpus.ts';
import { XLIFF_12_SCHEMA, XLIFF_21_SCHEMA, xmllintErrors } from './xliff-tools.ts';

const DOC = 'partner-center/add-a-new-customer.md';
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

type Tool = 'omegat' | 'okapi' | 'trados';

interface Saved {
  text: string;
  /** Strings each foreign node carries, by the id of the unit it is on ('' for the file). */
  markers: Map<string, string[]>;
  /** Whether the tool dropped Bitext's namespaced mark (then re-extraction writes it back). */
  dropsMark: boolean;
}

const SDL = 'http://sdl.com/FileTypes/SdlXliff/1.0';
const OKP = 'okapi-framework:xliff-extensions';

/** Every third unit with a target gets the tool's edits and annotations. */
function saveAs(tool: Tool, format: XliffVersion, text: string): Saved {
  const markers = new Map<string, string[]>();
  const mark = (unit: string, value: string) => {
    markers.set(unit, [...(markers.get(unit) ?? []), value]);
    return value;
  };
  let n = 0;
  const unitPattern = format === '1.2' ? /<trans-unit id="([^"]*)"[^>]*>[\s\S]*?<\/trans-unit>/g : /<unit id="([^"]*)"[^>]*>[\s\S]*?<\/unit>/g;
  let out = text.replace(unitPattern, (unit, id: string) => {
    if (!unit.includes('<target') || n++ % 3 !== 0) return unit;
    const edit = (target: string) => target.replace(/(<target[^>]*>)/, `$1правка ${id} `);
    if (tool === 'omegat') {
      unit = unit.replace(/<target[^>]*>[\s\S]*?<\/target>/, edit);
      return format === '1.2'
        ? unit.replace('</trans-unit>', `  <note from="OmegaT">${mark(id, `omegat-note-${id}`)}</note>\n      </trans-unit>`)
        : unit.replace('</notes>', `  <note category="OmegaT">${mark(id, `omegat-note-${id}`)}</note>\n      </notes>`);
    }
    if (tool === 'okapi') {
      unit = unit.replace(/<target([^>]*)>[\s\S]*?<\/target>/, edit);
      if (format === '1.2') {
        unit = unit.replace(/<target/, '<target xml:lang="ru-RU"').replace(/<trans-unit /, `<trans-unit okp:engine="${mark(id, `okapi-attr-${id}`)}" `);
        return unit.replace('</trans-unit>', `<note from="okapi" annotates="general">${mark(id, `okapi-note-${id}`)}</note>\n</trans-unit>`);
      }
      unit = unit.replace(/<unit /, `<unit okp:engine="${mark(id, `okapi-attr-${id}`)}" `);
      return unit.replace('</notes>', `<note category="okapi" priority="2">${mark(id, `okapi-note-${id}`)}</note>\n</notes>`);
    }
    // Trados-style
    if (format === '1.2') {
      const source = /<source>([\s\S]*?)<\/source>/.exec(unit)![1]!;
      unit = unit.replace(/<trans-unit /, `<trans-unit approved="yes" sdl:tu-ref="${mark(id, `sdl-attr-${id}`)}" `);
      unit = unit.replace('</source>', `</source>\n        <seg-source><mrk mtype="seg" mid="1">${source}</mrk></seg-source>`);
      unit = unit.replace(/(<target[^>]*>)([\s\S]*?)<\/target>/, (_, open: string, inner: string) => `${open}<mrk mtype="seg" mid="1"><mrk mtype="x-comment" comment="${mark(id, `sdl-comment-${id}`)}">правка ${id}</mrk> ${inner}</mrk></target>`);
      return unit.replace(
        '</trans-unit>',
        `  <note from="reviewer" priority="2">${mark(id, `sdl-note-${id}`)}</note>\n        <sdl:seg-defs><sdl:seg id="1" conf="Translated" origin="interactive" origin-system="${mark(id, `sdl-seg-${id}`)}"/></sdl:seg-defs>\n      </trans-unit>`,
      );
    }
    unit = unit.replace(/<unit /, `<unit sdl:tu-ref="${mark(id, `sdl-attr-${id}`)}" `);
    unit = unit.replace(/(<unit [^>]*>)/, `$1\n      <sdl:seg-defs><sdl:seg id="1" conf="Translated" origin-system="${mark(id, `sdl-seg-${id}`)}"/></sdl:seg-defs>`);
    unit = unit.replace(/(<target[^>]*>)([\s\S]*?)<\/target>/, (_, open: string, inner: string) => `${open}<mrk id="c1" type="comment" value="${mark(id, `sdl-comment-${id}`)}">правка ${id}</mrk> ${inner}</target>`);
    return unit.replace('</notes>', `  <note category="reviewer" priority="2">${mark(id, `sdl-note-${id}`)}</note>\n      </notes>`);
  });

  let dropsMark = false;
  if (tool === 'omegat') out = out.replace(/\n/g, '\r\n');
  if (tool === 'okapi') {
    dropsMark = true;
    out = out.replace(/ bitext:written="[^"]*"| xmlns:bitext="[^"]*"/g, '').replace(/\n[ \t]+</g, '\n<');
    out = out.replace(/<xliff /, `<xliff xmlns:okp="${OKP}" `);
  }
  if (tool === 'trados') {
    out = out.replace(/<xliff /, `<xliff xmlns:sdl="${SDL}" sdl:version="1.0" `);
    out =
      format === '1.2'
        ? out.replace('</header>', `  <note>${mark('', 'header-note')}</note>\n      <sdl:file-info><sdl:value key="SDL:FileId">${mark('', 'sdl-file-info')}</sdl:value></sdl:file-info>\n    </header>`)
        : out.replace(/(<file [^>]*>)/, `$1\n    <notes>\n      <note category="pm">${mark('', 'header-note')}</note>\n    </notes>`);
  }
  return { text: out, markers, dropsMark };
}

const withoutMark = (text: string) => text.replace(/ bitext:written="[^"]*"| xmlns:bitext="[^"]*"/g, '');

describe.each(['1.2', '2.1'] as XliffVersion[])('re-extraction keeps what other tools saved (XLIFF %s)', (format) => {
  it.each(['omegat', 'okapi', 'trados'] as Tool[])('%s: same English leaves the file as the tool saved it; new English keeps every foreign node of the units that continue', async (tool) => {
    const root = await mkdtemp(join(tmpdir(), `bitext-preserve-${tool}-${format}-`));
    dirs.push(root);
    const [v2019, v2021, out] = ['2019', '2021', 'xliff'].map((d) => join(root, d));
    for (const [from, to] of [[RU_2019, v2019], [RU, v2021]] as const) {
      await mkdir(dirname(join(to!, DOC)), { recursive: true });
      await copyFile(join(corpusDir(from), DOC), join(to!, DOC));
    }
    const first = await extractCorpora({ dirs: [v2019!], out: out!, format });
    expect(first.diagnostics).toEqual([]);
    const path = xliffPath(out!, 'ru-RU', DOC);
    const saved = saveAs(tool, format, await readFile(path, 'utf8'));
    expect(saved.markers.size).toBeGreaterThan(5);
    await writeFile(path, saved.text);
    expect(validateXliff(saved.text, path).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    // Same English: nothing Bitext owns changes, so the file stays as saved (a tool that dropped
    // Bitext's mark gets it back, and only that).
    const same = await extractCorpora({ dirs: [v2019!], out: out!, format });
    expect(same.diagnostics).toEqual([]);
    const after = await readFile(path, 'utf8');
    if (saved.dropsMark) {
      expect(withoutMark(after)).toBe(saved.text);
      expect(after).toContain('bitext:written=');
    } else {
      expect(after).toBe(saved.text);
      expect(same.filesUnchanged).toBe(1);
    }

    // New English: every foreign node of a unit that continues (kept or replaced) and of the file stays.
    const oldUnits = readXliff(after, path).file!.units;
    const next = await extractCorpora({ dirs: [v2021!], out: out!, format });
    expect(next.diagnostics).toEqual([]);
    const updated = await readFile(path, 'utf8');
    const read = readXliff(updated, path);
    expect(read.diagnostics).toEqual([]);
    const units = read.file!.units;
    const removed = new Set(next.movedEdits.filter((m) => m.reason === 'removed').map((m) => m.fromUnit));
    let carried = 0;
    for (const [id, values] of saved.markers) {
      if (removed.has(id)) continue;
      for (const value of values) {
        expect(updated, `${value} of unit "${id}"`).toContain(value);
        carried++;
      }
    }
    expect(carried).toBeGreaterThanOrEqual(3);
    // Every edit is somewhere: a target or an alternative.
    for (const old of oldUnits) {
      if (!old.target?.some((p) => typeof p === 'string' && p.includes('правка'))) continue;
      const text = old.target.filter((p) => typeof p === 'string').join('');
      const found = units.some((u) => [u.target, ...u.alternatives.map((a) => a.target)].some((t) => t?.filter((p) => typeof p === 'string').join('') === text));
      expect(found, `edit of ${old.id}`).toBe(true);
    }
    expect(await xmllintErrors([path], format === '1.2' ? XLIFF_12_SCHEMA : XLIFF_21_SCHEMA)).toEqual([]);
    expect(validateXliff(updated, path).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

    // And again with the same new English: nothing changes.
    const again = await extractCorpora({ dirs: [v2021!], out: out!, format });
    expect(again.filesUnchanged).toBe(1);
    expect(await readFile(path, 'utf8')).toBe(updated);
  });
});
