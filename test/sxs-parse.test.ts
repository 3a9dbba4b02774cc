import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { plainText, tokenizeInline } from '../src/model/markdown/inline.ts';
import { formatPair, pairLength, parseSxs } from '../src/parse/sxs/parse.ts';
import type { InlineToken, SxsDocument } from '../src/model/types.ts';
import { corpusDir, DE, RU, RU_2019, SHARED } from './corpus.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/sxs/${name}`, import.meta.url));
const corpusDoc = (corpus: string, path: string): SxsDocument => parseSxs(readFileSync(join(corpusDir(corpus), path)), path);
const describeTokens = (tokens: InlineToken[]) =>
  tokens.filter((t) => t.type !== 'text').map((t) => `${t.type}${'role' in t ? `:${t.role}` : ''}`);

describe('DocFX syntax (fixture written from the DocFX documentation)', () => {
  const doc = parseSxs(fixture('docfx-syntax.md'), 'docfx-syntax.md');
  const byId = new Map(doc.segments.map((s) => [s.id, s]));

  it('accepts p-ids and parses every pair', () => {
    expect(doc.diagnostics).toEqual([]);
    expect(doc.segments.map((s) => s.id)).toEqual([
      '3f2a1-p102', '3f2a1-p103', '3f2a1-p104', '3f2a1-p105', '3f2a1-p106', '3f2a1-p108', '3f2a1-p109',
      '3f2a1-p110', '3f2a1-p111', '3f2a1-p112', '3f2a1-p113', '3f2a1-p114', '3f2a1-p115',
    ]);
  });

  it('keeps block-level DocFX syntax (INCLUDE, div, VIDEO, zone, moniker, image) in the skeleton', () => {
    const skeleton = doc.skeleton.join('');
    for (const block of ['[!INCLUDE[applies-to](includes/applies-to.md)]', '> [!div class="nextstepaction"]', '> [!VIDEO https://example.invalid/embed/intro]', '::: zone pivot="windows"', '::: zone-end', '::: moniker range=">= bitext-1.0"', '::: moniker-end', ':::image type="content" source="media/pipeline.png"']) {
      expect(skeleton).toContain(block);
    }
  });

  it('tokenizes DocFX syntax inside a segment', () => {
    const include = byId.get('3f2a1-p103')!.sourceTokens.find((t) => t.type === 'include');
    expect(include).toEqual({ type: 'include', raw: '[!INCLUDE[product version](../includes/version.md)]', title: 'product version', path: '../includes/version.md' });
    expect(byId.get('3f2a1-p110')!.targetTokens.find((t) => t.type === 'noLoc')).toMatchObject({ value: 'XLIFF' });
    expect(byId.get('3f2a1-p111')!.sourceTokens.filter((t) => t.type === 'directive').map((t) => (t as { name: string }).name)).toEqual(['video', 'image']);
    expect(describeTokens(byId.get('3f2a1-p112')!.sourceTokens)).toEqual(['entity', 'entity', 'escape', 'escape']);
    expect(plainText(byId.get('3f2a1-p112')!.sourceTokens)).toBe('Use "quotes" and *asterisks* with care.');
  });

  it('gives each segment its block context', () => {
    expect(byId.get('3f2a1-p102')!.context).toEqual({ kind: 'heading', heading: { level: 1, anchors: ['docfx-syntax-sample'] } });
    expect(byId.get('3f2a1-p104')!.context).toMatchObject({ kind: 'paragraph', quote: true, linkText: { url: 'get-started.md' } });
    expect(byId.get('3f2a1-p104')!.context.alert).toBeUndefined();
    expect(byId.get('3f2a1-p106')!.context).toMatchObject({ kind: 'listItem', list: { ordered: false } });
    expect(byId.get('3f2a1-p109')!.context).toEqual({ kind: 'tableCell', table: { column: 1 } });
    expect(byId.get('3f2a1-p112')!.context).toMatchObject({ quote: true, alert: 'TIP' });
    expect(byId.get('3f2a1-p113')!.context).toEqual({ kind: 'htmlCell', html: 'p' });
    expect(byId.get('3f2a1-p114')!.context.heading).toEqual({ level: 2, anchors: ['next-steps'] });
    expect(byId.get('3f2a1-p115')!.context).toMatchObject({ kind: 'listItem', linkText: { url: 'sxs-format.md#pairs' } });
  });

  it('reads the front matter in order with its quoting, and derives the English title from the H1', () => {
    expect(doc.frontMatter!.entries.map((e) => [e.key, e.style, e.line])).toEqual([
      ['title', 'double', 2], ['description', 'plain', 3], ['ms.topic', 'plain', 4], ['ms.date', 'plain', 5],
      ['ms.translationtype', 'plain', 6], ['ms.contentlocale', 'plain', 7], ['ms.locfileid', 'double', 8],
    ]);
    expect(doc.locale).toBe('ru-RU');
    expect(doc.translationType).toBe('HT');
    expect(doc.title).toEqual({ target: 'Bitext: пример синтаксиса DocFX', source: 'DocFX syntax sample', sourceOrigin: 'h1' });
    expect(doc.description).toEqual({ target: 'Пример документа со всеми расширениями DocFX.', source: undefined, sourceOrigin: 'none' });
  });
});

describe('inline tokens', () => {
  it('pairs bold, italic, links and HTML, and keeps markup that MT broke as isolated', () => {
    expect(describeTokens(tokenizeInline('Select **Settings** > **Organization profile**.'))).toEqual(['strong:open', 'strong:close', 'strong:open', 'strong:close']);
    expect(describeTokens(tokenizeInline('Тестирование.**'))).toEqual(['strong:isolated']);
    expect(describeTokens(tokenizeInline('see [the **criteria**](#criteria) below'))).toEqual(['link:open', 'strong:open', 'strong:close', 'link:close']);
    expect(describeTokens(tokenizeInline('<a id="x"></a>An <em>HTML</em> one<br/>'))).toEqual(['html:open', 'html:close', 'html:open', 'html:close', 'html:void']);
    expect(describeTokens(tokenizeInline('Make some **edits** to _this_ blockquote'))).toEqual(['strong:open', 'strong:close', 'emphasis:open', 'emphasis:close']);
  });

  it('does not mistake intraword underscores, lone asterisks or a broken link for markup', () => {
    expect(describeTokens(tokenizeInline('Syndication_Partner_Subscription_Number and 5 * 3'))).toEqual([]);
    expect(describeTokens(tokenizeInline('[коллекции ресурсов] (https://example.invalid/#/'))).toEqual([]);
  });

  it('keeps code spans whole, even with a raw <token> inside', () => {
    const tokens = tokenizeInline('access token in the form `Bearer <token>` here');
    expect(tokens).toContainEqual({ type: 'code', raw: '`Bearer <token>`', value: 'Bearer <token>' });
    expect(describeTokens(tokens)).toEqual(['code']);
  });

  it('reads links with their URL and linked images with alt text', () => {
    const tokens = tokenizeInline('[![Shows the landing page.](media/home.png)](media/home.png#lightbox)');
    expect(tokens[0]).toMatchObject({ type: 'link', role: 'open' });
    expect(tokens[1]).toEqual({ type: 'image', raw: '![Shows the landing page.](media/home.png)', alt: 'Shows the landing page.', url: 'media/home.png' });
    expect(tokens[2]).toMatchObject({ type: 'link', role: 'close', url: 'media/home.png#lightbox' });
  });

  it("makes a parsed pair's tokens when they are first read, once, as tokenizing its text gives them", () => {
    const doc = corpusDoc(RU, 'Archive/China-common-billing-scenarios.md');
    expect(doc.segments.length).toBeGreaterThan(10);
    for (const s of doc.segments) {
      expect(s.targetTokens).toBe(s.targetTokens);
      expect(s.targetTokens).toEqual(tokenizeInline(s.target));
      expect(s.sourceTokens).toEqual(tokenizeInline(s.source));
    }
  });
});

describe('table columns of the pairs of a row', () => {
  const pair = (id: string) => `<span data-ttu-id="${id}">Текст ${id}</span><span class="sxs-lookup"><span data-stu-id="${id}">Text ${id}</span></span>`;
  const text = [
    '---',
    'ms.contentlocale: ru-ru',
    '---',
    '| A | B | C |',
    '|---|---|---|',
    `| ${pair('r1')} ${pair('r2')} | a \\| b ${pair('r3')} | ${pair('r4')} |`,
    `| ${pair('s1')} | ${pair('s2')} |`,
    '',
    'x | y',
    '--|--',
    `${pair('b1')} | ${pair('b2')} ${pair('b3')}`,
    '',
  ].join('\n');
  const columns = new Map(parseSxs(text, 'table.md').segments.map((s) => [s.id, s.context.table?.column]));

  it('counts the cells before each pair, several pairs to a cell, an escaped pipe not a cell', () => {
    expect(Object.fromEntries(columns)).toEqual({ r1: 0, r2: 0, r3: 1, r4: 2, s1: 0, s2: 1, b1: 0, b2: 1, b3: 1 });
  });
});

describe('pair length', () => {
  /** Every pair's written length, against the pair as `formatPair` writes it and as the file has it. */
  const check = (root: string, paths: string[]) => {
    let pairs = 0;
    let recovered = 0;
    for (const path of paths) {
      const text = readFileSync(join(root, path), 'utf8').replace(/^\ufeff/, '');
      for (const s of parseSxs(text, path).segments) {
        const written = formatPair(s.id, s.target, s.source, s.markup);
        expect(pairLength(s), `${path} ${s.id}`).toBe(written.length);
        expect(text.startsWith(written, s.offset), `${path} ${s.id}`).toBe(true);
        pairs++;
        if (s.markup) recovered++;
      }
    }
    return { pairs, recovered };
  };

  it('is the length of the pair as written, for every pair of the ru corpus', () => {
    expect(check(corpusDir(RU), readdirMd(corpusDir(RU))).pairs).toBeGreaterThan(30000);
  });

  it('is the length of a pair whose span tags have `&quot;` for their quotes (ar-sa corpus)', () => {
    const root = join(SHARED, 'corpus-large', 'Dynamics-365-Operations.ar-sa');
    const paths = readdirMd(root).filter((path) => readFileSync(join(root, path), 'utf8').includes('data-ttu-id=&quot;'));
    expect(check(root, paths).recovered).toBeGreaterThan(0);
  });
});

describe('block context on the real corpus', () => {
  it('finds headings with their anchors, alerts, tables and link text (ru chip-locate-agreement.md)', () => {
    const doc = corpusDoc(RU, 'partner-center/chip-locate-agreement.md');
    const byId = new Map(doc.segments.map((s) => [s.id, s]));
    expect(byId.get('9ced6-103')!.context.heading).toEqual({ level: 1, anchors: ['locate-the-desktop-count-and-fee-level-for-an-agreement'] });
    expect(byId.get('9ced6-109')!.context).toMatchObject({ quote: true, alert: 'NOTE' });
    expect(byId.get('9ced6-118')!.context).toEqual({ kind: 'tableCell', table: { column: 0 } });
    expect(byId.get('9ced6-121')!.context).toEqual({ kind: 'tableCell', table: { column: 1 } });
    expect(byId.get('9ced6-146')!.context.heading?.anchors).toEqual(['next-steps']);
    expect(byId.get('9ced6-147')!.context).toMatchObject({ kind: 'listItem', linkText: { url: 'chip-access-trouble.md' } });
    // Id 140 is used up by the translated-only :::image alt text (FORMAT.md §2.1).
    expect(byId.has('9ced6-140')).toBe(false);
  });

  it('finds pairs in HTML table cells and HTML list items (Archive)', () => {
    const doc = corpusDoc(RU, 'Archive/China-common-billing-scenarios.md');
    const kinds = new Set(doc.segments.map((s) => `${s.context.kind}/${s.context.html ?? ''}`));
    expect(kinds).toContain('htmlCell/p');
    expect(kinds).toContain('htmlCell/li');
  });

  it('reads headings with two anchors', () => {
    const doc = corpusDoc(RU, 'partner-center/announcements/2021-february.md');
    const heading = doc.segments.find((s) => s.context.heading?.anchors.length === 2);
    expect(heading?.context.heading?.anchors[1]).toMatch(/^\d+$/);
  });

  it('counts contexts over the ru corpus close to FORMAT.md §2.3', () => {
    const counts: Record<string, number> = {};
    let alerts = 0;
    let linkTexts = 0;
    const root = corpusDir(RU);
    for (const path of readdirMd(root)) {
      for (const s of parseSxs(readFileSync(join(root, path)), path).segments) {
        counts[s.context.kind] = (counts[s.context.kind] ?? 0) + 1;
        if (s.context.alert) alerts++;
        if (s.context.linkText) linkTexts++;
      }
    }
    // FORMAT.md counts line prefixes: 9,976 pairs right after a `|`, 3,764 in headings, 1,102
    // links wrapping a pair, 295 in <td> and 93 in <li>. Per segment, 9,714 pairs sit on rows
    // that start with `|` and 659 more on GFM rows without a leading pipe (`cell | cell`).
    expect(counts.tableCell).toBe(10_373);
    expect(counts.heading).toBe(3_765); // FORMAT.md §2.3 gives 3,764 line prefixes; 3 headings are indented by one space.
    expect(linkTexts).toBe(1_102);
    expect(counts.htmlCell).toBeGreaterThanOrEqual(295);
    expect(alerts).toBeGreaterThan(1_000);
  });
});

describe('corpus counts (FORMAT.md §1)', () => {
  it.each([
    [RU, 370, 32_360],
    [DE, 350, 30_537],
    [RU_2019, 210, 10_144],
  ])('%s has %i documents and %i pairs', (corpus, documents, pairs) => {
    const root = corpusDir(corpus);
    const paths = readdirMd(root);
    expect(paths.length).toBe(documents);
    const total = paths.reduce((n, path) => n + parseSxs(readFileSync(join(root, path)), path).segments.length, 0);
    expect(total).toBe(pairs);
  });
});

function readdirMd(root: string): string[] {
  return (readdirSync(root, { recursive: true }) as string[]).filter((p) => p.endsWith('.md')).map((p) => p.split('\\').join('/'));
}
import { readdirSync } from 'node:fs';
