/**
 * No unit that cannot reach the page: every unit of a document's XLIFF file, edited by a
 * translator, shows on the built page. The body's H1 is the page heading (one H1), the `title`
 * unit is the page's <title>, the `description` unit its meta description. One build of two
 * corpus documents, one translated in XLIFF 1.2 and one in 2.1.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractCorpora } from '../src/pipeline/extract.ts';
import { corpusDir, RU } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';

const DOCS = { '1.2': 'marketplace/azure-consumption-commitment-benefit', '2.1': 'marketplace/get-support' } as const;
type Format = keyof typeof DOCS;

let work: string;
let scratch: string | undefined;
const markers = new Map<Format, Map<string, string>>();
const pages = new Map<Format, string>();

/** Appends a marker to every target of the file (after its last code: the codes stay as they are). */
function editEveryTarget(xml: string, format: Format): { xml: string; byUnit: Map<string, string> } {
  const byUnit = new Map<string, string>();
  const unit = format === '1.2' ? /<trans-unit id="([^"]+)"[\s\S]*?<\/trans-unit>/g : /<unit id="([^"]+)"[\s\S]*?<\/unit>/g;
  const out = xml.replace(unit, (block, id: string) => {
    const marker = `Qz${format.replace('.', '')}u${byUnit.size}Q`;
    byUnit.set(id, marker);
    return block.replace(/<\/target>/, ` ${marker}</target>`);
  });
  return { xml: out, byUnit };
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-units-'));
  const root = join(work, 'ru');
  await mkdir(join(root, 'marketplace'), { recursive: true });
  await cp(join(corpusDir(RU), 'README.md'), join(root, 'README.md'));
  await cp(join(corpusDir(RU), '.openpublishing.publish.config.json'), join(root, '.openpublishing.publish.config.json'));
  const xliff = join(work, 'xliff');
  for (const [format, doc] of Object.entries(DOCS) as [Format, string][]) {
    await cp(join(corpusDir(RU), `${doc}.md`), join(root, `${doc}.md`));
    await extractCorpora({ dirs: [join(root, `${doc}.md`)], out: xliff, format });
    const file = join(xliff, 'ru-ru', `${doc}.xlf`);
    const edited = editEveryTarget(await readFile(file, 'utf8'), format);
    markers.set(format, edited.byUnit);
    await writeFile(file, edited.xml);
  }
  const out = join(work, 'out');
  ({ scratch } = await buildSiteInChild({ content: [root], xliff, out, cacheDir: join(work, 'cache') }, 'units'));
  for (const [format, doc] of Object.entries(DOCS) as [Format, string][]) pages.set(format, await readFile(join(out, 'ru-ru', doc, 'index.html'), 'utf8'));
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe.each(['1.2', '2.1'] as const)('every unit of a translated document reaches the built page (XLIFF %s)', (format) => {
  it('shows the edit of every unit', () => {
    const html = pages.get(format)!;
    const units = markers.get(format)!;
    expect(units.size).toBeGreaterThan(10);
    const missing = [...units].filter(([, marker]) => !html.includes(marker)).map(([id]) => id);
    expect(missing).toEqual([]);
  });

  it('shows the H1 unit as the page heading, the only H1, and the title unit as the <title>', () => {
    const html = pages.get(format)!;
    const units = markers.get(format)!;
    expect(html.match(/<h1[\s>]/g)).toHaveLength(1);
    const h1 = /<h1 id="_top"[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? '';
    const headingUnits = [...units].filter(([id, marker]) => id !== 'title' && h1.includes(marker));
    expect(headingUnits).toHaveLength(1);
    expect(h1).not.toContain(units.get('title'));
    expect(/<title>([^<]*)<\/title>/.exec(html)?.[1]).toContain(units.get('title'));
    expect(/<meta name="description" content="([^"]*)"/.exec(html)?.[1]).toContain(units.get('description'));
  });
});
