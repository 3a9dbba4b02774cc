/**
 * The fuzzer's seeds: real documents and the XLIFF files a translator gets for them.
 *
 * - sxs: a sample of the ru-RU and de-DE corpus (`../shared/corpus`) and of the ja-JP and ar-SA
 *   corpora (`../shared/corpus-large`), smaller documents first so a case stays fast; their
 *   XLIFF 1.2 and 2.1 as `bitext extract` writes them (in memory);
 * - MDX: the project's own English pages (`content/en`) with their real ru-RU and de-DE XLIFF
 *   files from `xliff/` (1.2 as committed, 2.1 written from the same units).
 *
 * Which documents are taken depends only on the corpus, so a seed number names the same case on
 * every machine that has the same corpus.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listFiles } from '../../../src/io/corpus.ts';
import { parseMdx } from '../../../src/parse/mdx/parse.ts';
import { parseSxs } from '../../../src/parse/sxs/parse.ts';
import { writeXliff } from '../../../src/pipeline/extract.ts';
import { readXliff } from '../../../src/xliff/read.ts';
import { documentToXliff } from '../../../src/xliff/units.ts';
import { corpusDir, DE, RU, SHARED } from '../../corpus.ts';

export interface FuzzSeed {
  /** e.g. `partner-center-pr.ru-ru/partner-center/billing.md`, `en/bitext/index.mdx @ru-ru`. */
  name: string;
  format: 'sxs' | 'mdx';
  /** The content root's folder name in a case (a corpus folder's name, or `en`). */
  folder: string;
  /** The document's path under its content root, `/`-separated (the XLIFF `original`). */
  docPath: string;
  /** Target locale of its XLIFF, lower case (`ru-ru`). */
  locale: string;
  text: string;
  xliff: { '1.2': string; '2.1': string };
}

const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));

const SXS_SOURCES: { dir: () => string; take: number }[] = [
  { dir: () => corpusDir(RU), take: 8 },
  { dir: () => corpusDir(DE), take: 8 },
  { dir: () => largeDir('OfficeDocs-SkypeForBusiness-pr.ja-jp'), take: 4 },
  { dir: () => largeDir('Dynamics-365-Operations.ar-sa'), take: 4 },
];

function largeDir(name: string): string {
  const dir = join(SHARED, 'corpus-large', name);
  try {
    statSync(dir);
  } catch {
    throw new Error(`The shared large corpus is missing: ${dir} does not exist (../shared/corpus-large).`);
  }
  return dir;
}

/** Documents between 1 and 12 KB with a locale and at least 3 pairs, spread over the folder. */
async function sampleSxs(root: string, take: number): Promise<FuzzSeed[]> {
  const folder = root.replace(/[\\/]+$/, '').split(/[\\/]/).pop()!;
  const paths = await listFiles(root);
  const seeds: FuzzSeed[] = [];
  const step = Math.max(1, Math.floor(paths.length / (take * 6)));
  for (let k = 0; k < paths.length && seeds.length < take; k += step) {
    const path = paths[k]!;
    const size = statSync(join(root, path)).size;
    if (size < 1024 || size > 12 * 1024) continue;
    const text = readFileSync(join(root, path), 'utf8');
    const doc = parseSxs(text, path);
    if (!doc.locale || doc.segments.length < 3 || doc.diagnostics.some((d) => d.severity === 'error')) continue;
    const locale = doc.locale.toLowerCase();
    const xliff = (v: '1.2' | '2.1') => writeXliff(documentToXliff(doc, v, doc.locale!), v);
    seeds.push({ name: `${folder}/${path}`, format: 'sxs', folder, docPath: path, locale, text, xliff: { '1.2': xliff('1.2'), '2.1': xliff('2.1') } });
  }
  return seeds;
}

async function projectMdx(): Promise<FuzzSeed[]> {
  const root = join(PROJECT, 'content', 'en');
  const seeds: FuzzSeed[] = [];
  for (const path of await listFiles(root, ['.mdx'])) {
    const text = readFileSync(join(root, path), 'utf8');
    parseMdx(text, path);
    for (const locale of ['ru-ru', 'de-de']) {
      const file = join(PROJECT, 'xliff', locale, path.replace(/\.mdx$/, '.xlf'));
      const v12 = readFileSync(file, 'utf8');
      const read = readXliff(v12, file);
      if (!read.file) throw new Error(`${file} does not read as XLIFF: ${read.diagnostics.map((d) => d.message).join('; ')}`);
      seeds.push({ name: `en/${path} @${locale}`, format: 'mdx', folder: 'en', docPath: path, locale, text, xliff: { '1.2': v12, '2.1': writeXliff(read.file, '2.1') } });
    }
  }
  return seeds;
}

let cached: Promise<FuzzSeed[]> | undefined;

export function loadSeeds(): Promise<FuzzSeed[]> {
  cached ??= (async () => [...(await Promise.all(SXS_SOURCES.map((s) => sampleSxs(s.dir(), s.take)))).flat(), ...(await projectMdx())])();
  return cached;
}
