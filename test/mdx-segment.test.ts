import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeSxs } from '../src/parse/sxs/serialize.ts';
import { parseMdx } from '../src/parse/mdx/parse.ts';

const page = readFileSync(new URL('./fixtures/mdx/writer-page.mdx', import.meta.url), 'utf8');

describe('MDX pages as segmented documents', () => {
  const doc = parseMdx(page, 'writer-page.mdx');
  const sources = doc.segments.map((s) => s.source);

  it('keeps the page byte for byte: skeleton plus sentences', () => {
    expect(doc.diagnostics).toEqual([]);
    expect(doc.format).toBe('mdx');
    expect(serializeSxs(doc)).toBe(page);
  });

  it('splits paragraphs into sentences, not on dots in code, URLs or inside bold', () => {
    expect(sources).toContain('Write the page in English.');
    expect(sources).toContain('Bitext splits it into sentences, e.g. one per line in XLIFF.');
    expect(sources).toContain('Run `npx bitext extract content --out xliff` to write the files.');
    expect(sources).toContain('So do **bold. sentences**.');
    expect(sources).toContain('See [the **format** page](./sxs-format.mdx "About the format") for details.');
  });

  it('segments headings, table cells, list items, quotes, asides with their label, and JSX children', () => {
    const byText = new Map(doc.segments.map((s) => [s.source, s.context]));
    expect(byText.get('Translate a page')).toEqual({ kind: 'heading', heading: { level: 1, anchors: [] } });
    expect(byText.get('Who does it')).toEqual({ kind: 'tableCell', table: { column: 1 } });
    expect(byText.get('It is short.')).toMatchObject({ kind: 'listItem', list: { ordered: false } });
    expect(byText.get('Quotes work too.')).toMatchObject({ quote: true });
    expect(byText.get('Before you start')).toMatchObject({ alert: 'TIP' });
    expect(byText.get('Install **Node.js 24**.')).toMatchObject({ alert: 'TIP' });
    expect(byText.get('Fixing a typo in one sentence re-keys only that sentence.')).toMatchObject({ component: 'Card' });
  });

  it('translates only allow-listed string props of components', () => {
    const props = doc.segments.filter((s) => s.context.kind === 'attribute').map((s) => [s.context.attribute!.element, s.context.attribute!.name, s.source]);
    expect(props).toEqual([
      ['Card', 'title', 'Stable ids'],
      ['LinkCard', 'title', 'The sxs format'],
      ['LinkCard', 'description', 'Pairs of spans, one per sentence.'],
    ]);
  });

  it('never makes code blocks, imports or expressions translatable; expressions are inline codes', () => {
    const all = sources.join('\n');
    expect(all).not.toContain('import {');
    expect(all).not.toContain('```');
    const expression = doc.segments.find((s) => s.source.includes('{frontmatter.title}'))!;
    expect(expression.sourceTokens).toContainEqual({ type: 'directive', raw: '{frontmatter.title}', name: 'expression' });
  });

  it('gives image alt text and link titles their own embedded segments, naming the host sentence', () => {
    const embedded = doc.embedded!.map((e) => [e.role, e.source, doc.segments.find((s) => s.id === e.host)?.source.slice(0, 12)]);
    expect(embedded).toEqual([
      ['title', 'About the format', 'See [the **f'],
      ['alt', 'A diagram of the loop.', '![A diagram '],
    ]);
  });

  it('reads title and description from the front matter as English', () => {
    expect(doc.title).toEqual({ target: undefined, source: 'Translate a page with Bitext', sourceOrigin: 'front-matter' });
    expect(doc.description.source).toMatch(/^How a writer's English page/);
  });

  it('keeps ids stable when another part of the page is edited', () => {
    const edited = parseMdx(page.replace('Write the page in English.', 'Write the page in Englsh.'), 'writer-page.mdx');
    const before = doc.segments.map((s) => s.id);
    const after = edited.segments.map((s) => s.id);
    const changed = before.filter((id, k) => id !== after[k]);
    expect(changed).toHaveLength(1);
    expect(after.length).toBe(before.length);
    // Repeated sentences get numbered ids; all ids are unique.
    const twice = parseMdx('# A\n\nSame text.\n\nSame text.\n', 'x.mdx');
    expect(twice.segments.map((s) => s.id)[2]).toBe(`${twice.segments[1]!.id}-2`);
  });

  it('reports MDX that does not parse, with its line', () => {
    const bad = parseMdx('---\ntitle: x\n---\n# Title\n\nA {broken expression\n', 'bad.mdx');
    expect(bad.diagnostics[0]).toMatchObject({ code: 'mdx-syntax', severity: 'error', file: 'bad.mdx' });
    expect(bad.diagnostics[0]!.line).toBeGreaterThanOrEqual(6);
  });
});
