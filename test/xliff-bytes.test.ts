/**
 * One reading of XLIFF bytes: `validate`, `preview`, `build` (the XLIFF targets of the site) and
 * `extract` (re-extraction over an existing file) decide alike on the encoding (BOM, UTF-16, the
 * declaration's encoding), on invalid bytes (an error at file:line:column, never U+FFFD merged
 * into a page) and on the version (1.2, 2.0 and 2.1 only). The fixture is a small sxs document
 * written for these tests (test/fixtures/xliff/warehouse.md); the files are made in a temp folder.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { extractCorpora, writeXliff } from '../src/pipeline/extract.ts';
import { previewXliff } from '../src/pipeline/preview.ts';
import { loadXliffTargets } from '../src/site/xliff-targets.ts';
import { readXliff } from '../src/xliff/read.ts';
import { targetView } from '../src/model/views.ts';
import type { XliffVersion } from '../src/xliff/types.ts';
import { documentToXliff } from '../src/xliff/units.ts';
import { validateXliff } from '../src/xliff/validate/index.ts';
import { decodeXmlBytes } from '../src/xml/decode.ts';
import { runBitext } from './cli-helpers.ts';

const FIXTURE = new URL('./fixtures/xliff/warehouse.md', import.meta.url);
const DOC_PATH = 'docs/warehouse.md';
const doc = parseSxs(readFileSync(FIXTURE), DOC_PATH);

const tmp = mkdtempSync(join(tmpdir(), 'bitext-xliff-bytes-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const content = join(tmp, 'content');
mkdirSync(join(content, 'docs'), { recursive: true });
copyFileSync(FIXTURE, join(content, DOC_PATH));

/** The document's XLIFF with every target replaced by a marked translation. */
function xliffText(format: XliffVersion): string {
  const file = documentToXliff(doc, format, 'ru-RU');
  for (const unit of file.units) {
    if (unit.metadata) continue;
    unit.target = ['Проверено: ', ...unit.source.filter((p) => typeof p !== 'string'), ' ё'];
    unit.state = 'translated';
    unit.qualifier = undefined;
  }
  return writeXliff(file, format);
}

function utf16(text: string, littleEndian: boolean): Buffer {
  const le = Buffer.from(text.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le');
  const body = littleEndian ? le : Buffer.from(le).swap16();
  return Buffer.concat([Buffer.from(littleEndian ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}

/** Writes `bytes` as the locale file of the document in a fresh XLIFF folder; returns its path. */
function xliffFolderWith(name: string, bytes: Uint8Array): { dir: string; file: string } {
  const dir = join(tmp, name);
  const file = join(dir, 'ru-ru', 'docs', 'warehouse.xlf');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return { dir, file };
}

/** What the site build merges from an XLIFF folder for the document: diagnostics and the targets used. */
async function buildMerge(dir: string) {
  const targets = await loadXliffTargets(dir);
  const merged = targets.mergedFor(doc, 'ru-ru');
  // The page is made from the merge's targets (src/site/pages/sxs.ts).
  return { diagnostics: targets.diagnostics, markdown: merged && targetView(doc, merged.targetOf) };
}

describe('UTF-16 with a byte order mark is read by every command', () => {
  for (const [label, littleEndian] of [['LE', true], ['BE', false]] as const) {
    for (const format of ['1.2', '2.1'] as const) {
      it(`UTF-16 ${label}, XLIFF ${format}: validate, preview, build and re-extract read it`, async () => {
        const text = xliffText(format);
        const bytes = utf16(text, littleEndian);
        const { dir, file } = xliffFolderWith(`utf16-${label}-${format}`, bytes);
        expect(validateXliff(bytes, file).diagnostics).toEqual([]);
        const preview = await previewXliff(file, [content]);
        expect(preview.diagnostics).toEqual([]);
        expect(preview.page?.source).toContain('Проверено: ');
        const build = await buildMerge(dir);
        expect(build.diagnostics).toEqual([]);
        expect(build.markdown).toContain('Проверено: ');
        // Re-extraction reads the translator's UTF-16 file and keeps its targets (rewritten as UTF-8).
        const report = await extractCorpora({ dirs: [content], out: dir, format, leverage: false });
        expect(report.diagnostics).toEqual([]);
        expect(readFileSync(file, 'utf8')).toContain('Проверено: ');
      });
    }
  }

  it('decodes UTF-16 without a byte order mark and the declared 8-bit encoding', () => {
    const le = Buffer.from('<?xml version="1.0" encoding="UTF-16"?><a>é</a>', 'utf16le');
    expect(decodeXmlBytes(le)).toMatchObject({ encoding: 'utf-16le', text: '<?xml version="1.0" encoding="UTF-16"?><a>é</a>' });
    const latin1 = Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>', 'latin1');
    expect(decodeXmlBytes(latin1).text).toBe('<?xml version="1.0" encoding="ISO-8859-1"?><a>é</a>');
    expect(decodeXmlBytes(Buffer.from('\ufeff<a>é</a>')).text).toBe('<a>é</a>');
    expect(() => decodeXmlBytes(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><a/>'))).toThrow(/encoding "x-klingon"/);
  });
});

describe('invalid UTF-8 is an error at file:line:column in every command', () => {
  const text = xliffText('1.2');
  // A lone continuation byte in the first target.
  const targetLine = text.split('\n').findIndex((l) => l.includes('Проверено')) + 1;
  const lineText = text.split('\n')[targetLine - 1]!;
  const column = lineText.indexOf('Проверено') + 1;
  const cut = Buffer.byteLength(text.split('\n').slice(0, targetLine - 1).join('\n') + '\n' + lineText.slice(0, column - 1));
  const good = Buffer.from(text);
  const bad = Buffer.concat([good.subarray(0, cut), Buffer.from([0x80]), good.subarray(cut)]);
  const where = { line: targetLine, column, severity: 'error', message: expect.stringMatching(/not valid UTF-8.*byte 0x80/) };

  it('validate reports it at its line and column', () => {
    const result = validateXliff(bad, 'bad.xlf');
    expect(result.valid).toBe(false);
    expect(result.diagnostics).toEqual([expect.objectContaining({ file: 'bad.xlf', ...where })]);
  });

  it('preview reports the same error and writes no page (it merged U+FFFD and said "no problems")', async () => {
    const { file } = xliffFolderWith('bad-utf8-preview', bad);
    const preview = await previewXliff(file, [content]);
    expect(preview.diagnostics).toEqual([expect.objectContaining({ file, ...where })]);
    expect(preview.page).toBeUndefined();
    const cli = await runBitext(['preview', file, '--content', content, '--out', join(tmp, 'preview-out')]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`${file}:${targetLine}:${column}: error xml-invalid: the file is not valid UTF-8`);
    expect(cli.stdout).not.toContain('no problems');
  });

  it('build reports it and keeps the corpus targets; nothing with U+FFFD reaches the page', async () => {
    const { dir, file } = xliffFolderWith('bad-utf8-build', bad);
    const build = await buildMerge(dir);
    expect(build.diagnostics).toEqual([expect.objectContaining({ file, ...where })]);
    expect(build.markdown).toBeUndefined();
  });

  it('extract reports it and leaves the translator\'s file untouched', async () => {
    const { dir, file } = xliffFolderWith('bad-utf8-extract', bad);
    const report = await extractCorpora({ dirs: [content], out: dir, format: '1.2', leverage: false });
    expect(report.diagnostics).toEqual([expect.objectContaining({ file, line: targetLine, column, message: expect.stringMatching(/not valid UTF-8/) })]);
    expect(readFileSync(file).equals(bad)).toBe(true);
  });
});

describe('only the XLIFF versions Bitext knows are accepted', () => {
  const v21 = xliffText('2.1');
  const v12 = xliffText('1.2');

  it('an XLIFF 2 file with version="9.9" is refused by validate and by the reader, naming the accepted versions', async () => {
    const bytes = Buffer.from(v21.replace('version="2.1"', 'version="9.9"'));
    const message = /version="9\.9".*"2\.0" or "2\.1"/;
    const validated = validateXliff(bytes, 'v99.xlf');
    expect(validated.valid).toBe(false);
    expect(validated.diagnostics).toEqual([expect.objectContaining({ line: 2, code: 'xliff-invalid', message: expect.stringMatching(message) })]);
    expect(readXliff(bytes, 'v99.xlf')).toEqual({ file: undefined, diagnostics: validated.diagnostics });
    const { file } = xliffFolderWith('v99', bytes);
    expect((await previewXliff(file, [content])).diagnostics).toEqual([expect.objectContaining({ message: expect.stringMatching(message) })]);
  });

  it('an XLIFF 1.2 namespace with version="2.1" is refused; 2.0, 2.1 and 1.2 are read', () => {
    expect(readXliff(v12.replace('version="1.2"', 'version="2.1"'), 'a.xlf').diagnostics[0]?.message).toMatch(/version="2\.1".*"1\.2"/);
    expect(validateXliff(v21.replace('version="2.1"', 'version="2.0"'), 'a.xlf').valid).toBe(true);
    expect(readXliff(v21, 'a.xlf').diagnostics).toEqual([]);
    expect(readXliff(v12, 'a.xlf').diagnostics).toEqual([]);
  });
});
