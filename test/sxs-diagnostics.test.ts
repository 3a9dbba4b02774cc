import { mkdtemp, readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { serializeSxs } from '../src/parse/sxs/serialize.ts';
import { englishView, targetView } from '../src/model/views.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { writeFileAtomic } from '../src/io/write-atomic.ts';
import { hasErrors } from '../src/model/diagnostics.ts';
import { runBitext } from './cli-helpers.ts';
import { SHARED } from './corpus.ts';

const pair = (id: string, target: string, source: string, sourceId = id) =>
  `<span data-ttu-id="${id}">${target}</span><span class="sxs-lookup"><span data-stu-id="${sourceId}">${source}</span></span>`;
const FRONT = '---\ntitle: Проверка\nms.contentlocale: ru-RU\n---\n';
const GOOD = `${FRONT}# ${pair('a1b2c-103', 'Заголовок', 'Heading')}\n\n${pair('a1b2c-104', 'Текст.', 'Text.')}\n`;

function codes(text: string | Uint8Array) {
  return parseSxs(text, 'bad.md').diagnostics.map((d) => [d.code, d.line, d.column, d.severity]);
}

describe('bad input yields diagnostics a person can act on', () => {
  it('orphan target span', () => {
    const text = `${FRONT}<span data-ttu-id="a1b2c-103">Только перевод</span>\n\n${pair('a1b2c-104', 'Текст.', 'Text.')}\n`;
    const doc = parseSxs(text, 'bad.md');
    expect(codes(text)).toEqual([['orphan-target', 5, 1, 'error']]);
    expect(doc.diagnostics[0]!.message).toMatch(/no English source span/);
    // The well-formed pair after it is still parsed, and nothing is lost.
    expect(doc.segments.map((s) => s.id)).toEqual(['a1b2c-104']);
    expect(serializeSxs(doc)).toBe(text);
  });

  it('orphan source span', () => {
    const text = `${FRONT}${pair('a1b2c-103', 'Текст.', 'Text.')} <span class="sxs-lookup"><span data-stu-id="a1b2c-104">Lost.</span></span>\n`;
    expect(codes(text)).toEqual([['orphan-source', 5, 119, 'error']]);
    expect(serializeSxs(parseSxs(text, 'bad.md'))).toBe(text);
  });

  it('unbalanced pair (source span never closed)', () => {
    const text = `${FRONT}<span data-ttu-id="a1b2c-103">Текст.</span><span class="sxs-lookup"><span data-stu-id="a1b2c-103">Text.\n\n${pair('a1b2c-104', 'Ещё.', 'More.')}\n`;
    const doc = parseSxs(text, 'bad.md');
    expect(doc.diagnostics.map((d) => [d.code, d.line])).toEqual([['unclosed-pair', 5]]);
    expect(doc.diagnostics[0]!.message).toMatch(/not closed with <\/span><\/span>/);
    expect(doc.segments.map((s) => s.id)).toEqual(['a1b2c-104']);
    expect(serializeSxs(doc)).toBe(text);
  });

  it('mismatched ids', () => {
    const text = `${FRONT}${pair('a1b2c-103', 'Текст.', 'Text.', 'a1b2c-113')}\n`;
    const doc = parseSxs(text, 'bad.md');
    expect(codes(text)).toEqual([['id-mismatch', 5, 88, 'error']]);
    expect(doc.diagnostics[0]!.message).toContain('"a1b2c-103" and source id "a1b2c-113"');
    expect(serializeSxs(doc)).toBe(text);
  });

  it('nested pairs', () => {
    const inner = pair('a1b2c-104', 'внутри', 'inside');
    const text = `${FRONT}<span data-ttu-id="a1b2c-103">Снаружи ${inner}</span><span class="sxs-lookup"><span data-stu-id="a1b2c-103">Outside</span></span>\n`;
    const doc = parseSxs(text, 'bad.md');
    expect(doc.diagnostics[0]).toMatchObject({ code: 'nested-pair', line: 5, column: 1, severity: 'error' });
    expect(doc.diagnostics[0]!.message).toMatch(/move the inner pair out/);
    expect(serializeSxs(doc)).toBe(text);
  });

  it('pairs that Microsoft\'s publisher recovers are read, with a warning that says what was recovered', () => {
    const quoted = '<span data-ttu-id="a1b2c-103&quot;>Текст &quot;да&quot;.</span><span class=&quot;sxs-lookup&quot;><span data-stu-id=&quot;a1b2c-103&quot;>Text "yes".</span></span>';
    const inner = pair('a1b2c-104', 'contoso <span></span> .com и example.<span>com', 'contoso<span></span>.com and example.<span>com');
    const text = `${FRONT}${quoted}\n\n${inner}\n`;
    const doc = parseSxs(text, 'bad.md');
    expect(doc.diagnostics.map((d) => [d.code, d.line, d.column, d.severity])).toEqual([
      ['recovered-pair', 5, 1, 'warning'],
      ['recovered-pair', 7, 1, 'warning'],
    ]);
    expect(doc.diagnostics[0]!.message).toMatch(/&quot;.*shown as `"`/);
    expect(doc.diagnostics[1]!.message).toMatch(/<span> that belongs to no pair; kept/);
    expect(doc.segments.map((s) => s.id)).toEqual(['a1b2c-103', 'a1b2c-104']);
    expect(serializeSxs(doc)).toBe(text);
    const target = targetView(doc);
    expect(target).toBe(`${FRONT}Текст "да".\n\ncontoso <span></span> .com и example.<span>com\n`);
    expect(englishView(doc)).toContain('Text "yes".\n\ncontoso<span></span>.com and example.<span>com\n');
  });

  it('recovered pairs show the sentence of the published page (ja corpus)', () => {
    const root = join(SHARED, 'corpus-large/OfficeDocs-SkypeForBusiness-pr.ja-jp');
    const cases: [string, number][] = [
      ['Skype/SfbOnline/set-up-skype-for-business-online/switching-the-skype-for-business-and-the-lync-client-user-interfaces.md', 96],
      ['Teams/3-onboard-deploy-my-service.md', 101],
      ['Teams/teams-live-events/configure-teams-live-events.md', 49],
      ['Skype/SfbHybrid/hybrid/cloud-consolidation.md', 67],
      ['Skype/SfbServer/plan-your-deployment/edge-server-deployments/edge-environmental-requirements.md', 319],
    ];
    for (const [path, line] of cases) {
      const doc = parseSxs(readFileSync(join(root, path)), path);
      expect(doc.diagnostics.filter((d) => d.line === line).map((d) => d.code), path).toContain('recovered-pair');
      // The published copy may be shifted by a few lines (its front matter differs); the line is there.
      const published = readFileSync(join(`${root}.published`, path), 'utf8').split('\n').map((l) => l.trimEnd());
      const shown = targetView(doc).split('\n')[line - 1]!.trimEnd();
      expect(shown, path).not.toMatch(/data-[ts]tu-id|sxs-lookup/);
      expect(published, path).toContain(shown);
    }
  });

  it('broken YAML front matter, located in the file', () => {
    const text = `---\ntitle: Двоеточие: внутри\nms.contentlocale: ru-RU\n---\n${pair('a1b2c-103', 'Текст.', 'Text.')}\n`;
    const doc = parseSxs(text, 'bad.md');
    expect(doc.diagnostics).toHaveLength(1);
    expect(doc.diagnostics[0]).toMatchObject({ code: 'front-matter-yaml', line: 2, severity: 'error' });
    expect(doc.diagnostics[0]!.message).toMatch(/quote values/);
    expect(doc.segments).toHaveLength(1);
    expect(serializeSxs(doc)).toBe(text);
  });

  it('front matter that is never closed', () => {
    const text = `---\ntitle: Нет конца\n${pair('a1b2c-103', 'Текст.', 'Text.')}\n`;
    expect(codes(text)).toEqual([['front-matter-unclosed', 1, 1, 'error']]);
  });

  it('invalid UTF-8, with the line and column of the bad byte', () => {
    const bytes = Buffer.concat([Buffer.from(`${FRONT}Текст\nok `), Buffer.from([0xc3, 0x28]), Buffer.from(' end\n')]);
    const doc = parseSxs(bytes, 'bad.md');
    expect(doc.diagnostics).toEqual([
      expect.objectContaining({ code: 'invalid-utf8', line: 6, column: 4, severity: 'error', message: expect.stringMatching(/byte 0xc3 .*re-save the file as UTF-8/) }),
    ]);
    expect(hasErrors(doc)).toBe(true);
  });

  it('a BOM is accepted and preserved', () => {
    const bytes = Buffer.from(`\ufeff${GOOD}`, 'utf8');
    const doc = parseSxs(bytes, 'bom.md');
    expect(doc.diagnostics).toEqual([]);
    expect(doc.bom).toBe(true);
    expect(doc.frontMatter!.entries[0]).toMatchObject({ key: 'title', value: 'Проверка' });
    expect(Buffer.from(serializeSxs(doc), 'utf8').equals(bytes)).toBe(true);
  });

  it('CRLF line endings are accepted and preserved', () => {
    const text = GOOD.replaceAll('\n', '\r\n');
    const doc = parseSxs(text, 'crlf.md');
    expect(doc.diagnostics).toEqual([]);
    expect(doc.eol).toBe('\r\n');
    expect(doc.segments.map((s) => s.context.kind)).toEqual(['heading', 'paragraph']);
    expect(doc.title.source).toBe('Heading');
    expect(serializeSxs(doc)).toBe(text);
    expect(englishView(doc)).toBe('---\r\ntitle: Heading\r\n---\r\n# Heading\r\n\r\nText.\r\n');
  });

  it('an empty file is a warning, not a crash', () => {
    expect(codes('')).toEqual([['empty-file', 1, 1, 'warning']]);
    expect(codes('\n\n')).toEqual([['empty-file', 1, 1, 'warning']]);
  });
});

describe('one bad document never stops the others', () => {
  it('inspect reports each bad file with file:line:column, counts the good ones, and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bitext-bad-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await mkdir(join(dir, 'docs'));
    await writeFile(join(dir, 'docs/good.md'), GOOD);
    await writeFile(join(dir, 'docs/orphan.md'), `${FRONT}<span data-ttu-id="a1b2c-103">Только перевод</span>\n`);
    await writeFile(join(dir, 'docs/utf8.md'), Buffer.from([0x2d, 0xff, 0x0a]));
    await writeFile(join(dir, 'docs/yaml.md'), `---\ntitle: a: b\n---\n${pair('a1b2c-103', 'Т', 'T')}\n`);
    const before = await snapshot(dir);
    const result = await runBitext(['inspect', dir]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`${join(dir, 'docs/orphan.md')}:5:1: error orphan-target:`);
    expect(result.stdout).toContain(`${join(dir, 'docs/utf8.md')}:1:2: error invalid-utf8:`);
    expect(result.stdout).toContain(`${join(dir, 'docs/yaml.md')}:2:`);
    expect(result.stdout).toMatch(/documents\s+4 \(2 with segments\)/);
    // Inspecting writes nothing: the folder is exactly as it was.
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe('atomic writes', () => {
  it('replaces a file whole and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bitext-atomic-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'sub/out.txt');
    await writeFileAtomic(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(join(dir, 'sub'))).toEqual(['out.txt']);
  });
});

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir, { recursive: true })) as string[]) {
    out[name] = await readFile(join(dir, name)).then((b) => b.toString('base64'), () => 'dir');
  }
  return out;
}
