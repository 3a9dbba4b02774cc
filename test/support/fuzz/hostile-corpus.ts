/**
 * The hostile-target corpus: translators' XLIFF files for the project's default content
 * (`content/`: its English MDX pages and sxs examples) and for the fixture pages of
 * `test/fixtures/hostile/` (an MDX page and an sxs page with one unit of every kind), where every
 * target is a payload of ./payloads.ts. ru-RU files are XLIFF 1.2, de-DE files 2.1.
 *
 * Payloads rotate over all units of all files, so each payload lands in several kinds of unit
 * (sentence, title, description, Card prop, alt text, link title, heading, table cell, alert,
 * list item). Units with inline codes also get code data payloads: in 1.2 the target's copy of a
 * source code carries a payload, and in both versions some targets get a code the source does not
 * have. Every edit is `state="final"`.
 */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../../../src/io/corpus.ts';
import { parseMdx } from '../../../src/parse/mdx/parse.ts';
import { parseSxs } from '../../../src/parse/sxs/parse.ts';
import { writeXliff, xliffPath } from '../../../src/pipeline/extract.ts';
import type { InlineCode } from '../../../src/model/coded-text.ts';
import type { XliffUnit, XliffVersion } from '../../../src/xliff/types.ts';
import { documentToXliff } from '../../../src/xliff/units.ts';
import { CODE_DATA_PAYLOADS, TEXT_PAYLOADS } from './payloads.ts';

const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(PROJECT, 'test', 'fixtures', 'hostile');

export interface HostileCorpus {
  /** The content folder (a folder of corpus roots, as `content/`). */
  content: string;
  xliff: string;
  /** Documents with a hostile file: locale and path of the page (`ru-ru`, `bitext/index.mdx`). */
  documents: { locale: string; path: string; format: 'sxs' | 'mdx' }[];
  /** Which payloads landed in which kind of unit (kind → payload indexes). */
  coverage: Map<string, Set<number>>;
  /** Code data payloads written (1.2 replaced data, target-only codes). */
  codePayloads: number;
}

/** The kind of a unit, from its generated context note. */
function unitKind(unit: XliffUnit, format: 'sxs' | 'mdx'): string {
  if (unit.metadata) return `${format} ${unit.metadata}`;
  const context = unit.notes.find((n) => n.text.startsWith('context: '))?.text.slice(9) ?? 'sentence';
  if (/^prop /.test(context)) return 'component prop';
  if (/alt text/.test(context)) return 'alt text';
  if (/link title/.test(context)) return 'link title';
  if (/in alert/.test(context)) return 'alert';
  if (/^heading/.test(context)) return 'heading';
  if (/^table cell/.test(context)) return 'table cell';
  if (/^list item/.test(context)) return 'list item';
  return 'sentence';
}

/** Payloads (indexes into TEXT_PAYLOADS) and kinds of unit to leave out, while their fix is open. */
export interface HostileOptions {
  skipPayloads?: readonly number[];
  skipKinds?: readonly string[];
}

export async function writeHostileCorpus(work: string, options: HostileOptions = {}): Promise<HostileCorpus> {
  const content = join(work, 'content');
  const xliff = join(work, 'xliff');
  await cp(join(PROJECT, 'content'), content, { recursive: true });
  await cp(join(FIXTURES, 'en'), join(content, 'en'), { recursive: true });
  await cp(join(FIXTURES, 'sxs.ru-ru'), join(content, 'sxs.ru-ru'), { recursive: true });
  // The German sxs page: the same pairs, declared de-DE.
  await mkdir(join(content, 'sxs.de-de', 'hostile'), { recursive: true });
  for (const name of ['page.md', 'TOC.yml']) {
    const text = await readFile(join(FIXTURES, 'sxs.ru-ru', 'hostile', name), 'utf8');
    await writeFile(join(content, 'sxs.de-de', 'hostile', name), text.replace('ms.contentlocale: ru-RU', 'ms.contentlocale: de-DE'));
  }
  const corpus: HostileCorpus = { content, xliff, documents: [], coverage: new Map(), codePayloads: 0 };
  let next = 0;
  let nextCode = 0;
  const sources: { root: string; locale: string; version: XliffVersion; format: 'sxs' | 'mdx' }[] = [
    { root: join(content, 'en'), locale: 'ru-RU', version: '1.2', format: 'mdx' },
    { root: join(content, 'en'), locale: 'de-DE', version: '2.1', format: 'mdx' },
    { root: join(content, 'sxs.ru-ru'), locale: 'ru-RU', version: '1.2', format: 'sxs' },
    { root: join(content, 'sxs.de-de'), locale: 'de-DE', version: '2.1', format: 'sxs' },
  ];
  for (const source of sources) {
    for (const path of await listFiles(source.root, [source.format === 'mdx' ? '.mdx' : '.md'])) {
      const bytes = await readFile(join(source.root, path));
      const doc = source.format === 'mdx' ? parseMdx(bytes, path) : parseSxs(bytes, path);
      const file = documentToXliff(doc, source.version, source.locale);
      file.units = file.units.map((unit, k) => {
        const kind = unitKind(unit, source.format);
        if (options.skipKinds?.includes(kind)) return unit;
        let p = next++ % TEXT_PAYLOADS.length;
        while (options.skipPayloads?.includes(p)) p = next++ % TEXT_PAYLOADS.length;
        if (!corpus.coverage.has(kind)) corpus.coverage.set(kind, new Set());
        corpus.coverage.get(kind)!.add(p);
        const words = TEXT_PAYLOADS[p]!;
        if (unit.metadata) return { ...unit, target: [words], state: 'final', qualifier: undefined };
        let codes = unit.source.map((part) => (typeof part === 'string' ? part : { ...part }));
        const hasCodes = codes.some((c) => typeof c !== 'string');
        if (hasCodes && source.version === '1.2' && k % 2 === 0) {
          // The target's copy of the first code carries other data than the source's.
          const first = codes.find((c): c is InlineCode => typeof c !== 'string')!;
          first.data = CODE_DATA_PAYLOADS[nextCode++ % CODE_DATA_PAYLOADS.length]!;
          corpus.codePayloads++;
        }
        if (k % 3 === 1) {
          const extra: InlineCode = { kind: 'code', id: `ph${90 + k}`, role: 'standalone', isolated: false, type: 'code', data: CODE_DATA_PAYLOADS[nextCode++ % CODE_DATA_PAYLOADS.length]! };
          codes = [...codes, ' ', extra];
          corpus.codePayloads++;
        }
        return { ...unit, target: [`${words} `, ...codes], state: 'final', qualifier: undefined };
      });
      const target = xliffPath(xliff, source.locale, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, writeXliff(file, source.version));
      corpus.documents.push({ locale: source.locale.toLowerCase(), path, format: source.format });
    }
  }
  return corpus;
}
