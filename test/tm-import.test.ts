/**
 * A translator's TMX from another CAT tool joins the project memory (`bitext tm import`): its
 * native codes map to Markdown, units with codes Markdown cannot carry are skipped with the
 * reason, and the imported memory pre-fills extraction and answers `tm lookup`.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractCorpora, xliffPath } from '../src/pipeline/extract.ts';
import { readTmx } from '../src/tm/tmx-read.ts';
import { codedToMarkdown } from '../src/model/coded-text.ts';
import { readXliff } from '../src/xliff/read.ts';
import { runBitext } from './cli-helpers.ts';

const fixture = fileURLToPath(new URL('./fixtures/tm/cat-tool.tmx', import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bitext-tm-import-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const target = (entries: ReturnType<typeof readTmx>['entries'], source: string, lang = 'ru-RU') =>
  entries.find((e) => e.source === source && e.targetLang === lang)?.target;

describe('reading another tool’s TMX', () => {
  const read = readTmx(readFileSync(fixture), 'cat-tool.tmx');

  it('maps HTML and typed codes to Markdown, and escapes plain text', () => {
    expect(target(read.entries, 'Open the printer settings page.')).toBe('Откройте страницу настроек принтера.');
    expect(target(read.entries, 'Open the printer settings page.', 'de-DE')).toBe('Öffnen Sie die Seite mit den Druckereinstellungen.');
    expect(target(read.entries, 'Select **Save** to keep the queue.')).toBe('Выберите **Сохранить**, чтобы сохранить очередь.');
    expect(target(read.entries, 'Read the [printing guide](https://example.com/help?topic=print&v=2) first.')).toBe(
      'Сначала прочитайте [руководство по печати](https://example.com/help?topic=print&v=2).',
    );
    expect(target(read.entries, 'The *draft* tray is empty.')).toBe('Лоток *черновиков* пуст.');
    expect(target(read.entries, 'First line<br/>second line.')).toBe('Первая строка<br/>вторая строка.');
    expect(target(read.entries, 'Use \\* to match any printer name.')).toBe('Используйте \\* для любого имени принтера.');
  });

  it('skips each unit whose codes Markdown cannot carry, saying which code and why', () => {
    expect(read.tuCount).toBe(9);
    expect(read.skipped).toBe(3);
    const skipped = read.diagnostics.filter((d) => d.code === 'tmx-skipped');
    expect(skipped.map((d) => [d.severity, d.line])).toEqual([
      ['warning', 33],
      ['warning', 37],
      ['warning', 41],
    ]);
    expect(skipped[0]!.message).toContain('"<u>" has no Markdown equivalent');
    expect(skipped[1]!.message).toContain('"{1}"');
    expect(skipped[2]!.message).toContain('<it>');
    expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('npx bitext tm import', () => {
  it('writes one Bitext TMX per language pair into the memory folder, and importing again adds nothing', async () => {
    const memory = join(dir, 'tm');
    const first = await runBitext(['tm', 'import', fixture, '--memory', memory]);
    expect(first.stderr).toContain('tmx-skipped');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('9 translation units, 7 translations imported, 3 units skipped');
    expect(first.stdout).toMatch(/en-US_ru-RU\.tmx: 0 → 6 translations/);
    expect(first.stdout).toMatch(/en-US_de-DE\.tmx: 0 → 1 translations/);
    const ru = readTmx(readFileSync(join(memory, 'en-US_ru-RU.tmx')), 'ru.tmx');
    expect(ru.diagnostics).toEqual([]);
    expect(target(ru.entries, 'Select **Save** to keep the queue.')).toBe('Выберите **Сохранить**, чтобы сохранить очередь.');
    const again = await runBitext(['tm', 'import', fixture, '--memory', memory]);
    expect(again.stdout).toMatch(/en-US_ru-RU\.tmx: 6 → 6 translations/);
  });

  it('answers tm lookup from the project memory folder tm/ and pre-fills extraction', async () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'content'), { recursive: true });
    expect((await runBitext(['tm', 'import', fixture], { cwd: project })).code).toBe(0);
    const lookup = await runBitext(['tm', 'lookup', 'Select **Save** to keep the queue.', '--locale', 'ru-RU', '--json'], { cwd: project });
    expect(lookup.code).toBe(0);
    expect(lookup.stdout).toContain('Выберите **Сохранить**, чтобы сохранить очередь.');
    writeFileSync(join(project, 'content', 'printing.mdx'), '---\ntitle: Printing\n---\n\nOpen the printer settings page. Then print.\n');
    const report = await extractCorpora({ dirs: [join(project, 'content')], out: join(project, 'xliff'), format: '1.2', locales: ['ru-RU'], tm: [join(project, 'tm')] });
    expect(report.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const path = xliffPath(join(project, 'xliff'), 'ru-RU', 'printing.mdx');
    const file = readXliff(readFileSync(path, 'utf8'), path).file!;
    const unit = file.units.find((u) => codedToMarkdown(u.source) === 'Open the printer settings page.')!;
    expect(unit).toMatchObject({ state: 'translated', qualifier: 'exact-match' });
    expect(codedToMarkdown(unit.target!)).toBe('Откройте страницу настроек принтера.');
  });

  it('exits 2 on a missing file and 1 when nothing could be imported', async () => {
    expect((await runBitext(['tm', 'import', join(dir, 'nope.tmx')])).code).toBe(2);
    const broken = join(dir, 'broken.tmx');
    writeFileSync(broken, '<tmx version="1.4"><body/></tmx>');
    const result = await runBitext(['tm', 'import', broken, '--memory', join(dir, 'tm2')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/broken\.tmx:1:1: error tmx-invalid/);
  });
});
