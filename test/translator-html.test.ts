/**
 * Strings from a translator, a corpus or front matter reach HTML escaped for where they land:
 * link and image URLs pass a scheme allow-list (http, https, mailto, relative), whatever the
 * spelling; JSX props that Starlight writes as HTML (Card and LinkCard titles, descriptions) carry
 * a translation as characters. Pages here are written for the tests; the renderer is the site's.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { evaluate } from '@mdx-js/mdx';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMdx } from '../src/parse/mdx/parse.ts';
import { writeXliff } from '../src/pipeline/extract.ts';
import { mergeXliff } from '../src/pipeline/merge.ts';
import { previewXliff } from '../src/pipeline/preview.ts';
import { renderPreviewHtml } from '../src/site/preview-render.ts';
import { isAllowedUrl } from '../src/site/links.ts';
import { createSiteMarkdownRenderer } from '../src/site/markdown.ts';
import { readXliff } from '../src/xliff/read.ts';
import type { XliffVersion } from '../src/xliff/types.ts';
import { documentToXliff } from '../src/xliff/units.ts';

const renderer = await createSiteMarkdownRenderer();
const render = async (markdown: string) => (await renderer.render(markdown)).code;

/** Start tags as a browser reads them (quoted attribute values may hold `<` and `>`). */
const START_TAG = /<([a-z][a-z0-9-]*)((?:\s+[^\s"'=<>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/gi;

/** No script element, no event handler, and no attribute holding a URL with a scheme off the allow-list. */
function expectNoLiveUrl(html: string) {
  for (const m of html.matchAll(START_TAG)) {
    const tag = m[0];
    expect(m[1]!.toLowerCase(), tag).not.toMatch(/^(script|iframe|object|embed)$/);
    expect(m[2]!.replace(/"[^"]*"|'[^']*'/g, '""'), tag).not.toMatch(/\son[a-z]+\s*=/i);
    for (const a of tag.matchAll(/\s(?:href|src|action|formaction|srcset)\s*=\s*"([^"]*)"/gi)) {
      const value = a[1]!.replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(parseInt(h, 16))).replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d))).replace(/&amp;/g, '&');
      expect(isAllowedUrl(value), `${tag}`).toBe(true);
    }
  }
}

const HOSTILE_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'jav&#x61;script:alert(1)',
  'java&#9;script:alert(1)',
  '&#x6A;avascript:alert(1)',
  '&#1;javascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
];

describe('URL scheme allow-list', () => {
  it('allows http, https, mailto, relative paths and fragments, and nothing else', () => {
    for (const url of ['https://learn.microsoft.com/x', 'http://a.b', 'mailto:a@b.c', 'HTTPS://A.B', 'a.md', '../b/c.md#x', '#anchor', '/en/x/', '//cdn.example/x.png', '?q=1', '']) expect(isAllowedUrl(url), url).toBe(true);
    for (const url of ['javascript:alert(1)', ' \u0001JavaScript:x', 'java\tscript:x', 'java\nscript:x', 'data:image/svg+xml,<svg onload=alert(1)>', 'vbscript:x', 'blob:x', 'file:///etc/passwd']) expect(isAllowedUrl(url), url).toBe(false);
  });

  it.each(HOSTILE_URLS)('renders a link, an image, a reference link and an autolink to %s as text', async (url) => {
    const markdown = `A [live](${url}) link, ![alt text](${url}) and [ref][r], [img ref][i].\n\n<${url.replace(/ /g, '')}>\n\n[r]: ${url.trim()}\n[i]: ${url.trim()}\n`;
    const html = await render(markdown);
    expectNoLiveUrl(html);
    expect(html).toContain('live'); // the text stays
    expect(html).toContain('alt text');
  });

  it('keeps allowed links live', async () => {
    const html = await render('[a](https://example.com/) [b](mailto:x@y.z) [c](#here) [d](other.md)\n');
    for (const href of ['https://example.com/', 'mailto:x@y.z', '#here', 'other.md']) expect(html).toContain(`href="${href}"`);
  });

  it('gives a DocFX image with a hostile source or lightbox no src and no href', async () => {
    const html = await render(':::image type="content" source="javascript:alert(1)" alt-text="A picture":::\n\n:::image type="content" source="pictures/a.png" alt-text="B" lightbox="javascript:alert(1)":::\n');
    expectNoLiveUrl(html);
    expect(html).toContain('A picture');
    expect(html).toContain('src="pictures/a.png"');
  });

  it('keeps DocFX image syntax that a translation carries as character references as text', async () => {
    // What merge-back writes for a translator who typed `:::image …:::` (src/pipeline/markdown-text.ts).
    const html = await render('Text &#58;&#58;&#58;image type="content" source="pictures/t.png" alt-text="x"&#58;&#58;&#58; and :::image type="content" source="pictures/a.png" alt-text="A":::\n\nOnly &#58;&#58;&#58;image type="content" source="pictures/t.png" alt-text="x"&#58;&#58;&#58;\n');
    expect(html).not.toMatch(/src="pictures\/t\.png"/);
    expect(html).toContain(':::image type="content" source="pictures/t.png"');
  });
});

const PAGE = readFileSync(new URL('./fixtures/mdx/writer-page.mdx', import.meta.url), 'utf8');
const doc = parseMdx(PAGE, 'docs/writer-page.mdx');

/** The props each component receives when the merged page runs (as at build time). */
async function componentProps(mdx: string): Promise<Record<string, Record<string, unknown>[]>> {
  const body = mdx.replace(/^---\n[\s\S]*?\n---\n/, '').replace(/^import .*$/gm, '');
  const seen: Record<string, Record<string, unknown>[]> = {};
  const element = (type: unknown, props: Record<string, unknown>) => {
    if (typeof type === 'function') type(props);
    return { type, props };
  };
  const page = await evaluate(`export const frontmatter = {};\n${body}`, { Fragment: Symbol('Fragment'), jsx: element, jsxs: element, remarkPlugins: [remarkGfm, remarkDirective] } as never);
  const record = (name: string) => (props: Record<string, unknown>) => void (seen[name] ??= []).push(props);
  page.default({ components: { Card: record('Card'), LinkCard: record('LinkCard'), Aside: record('Aside') } });
  return seen;
}

describe.each(['1.2', '2.1'] as XliffVersion[])('JSX props from XLIFF %s', (format) => {
  it('carries a translation of a prop written as HTML (Card, LinkCard) as characters', async () => {
    const hostile = '</span><img src=x onerror=alert(1)><script>alert(1)</script> & "q"';
    const file = documentToXliff(doc, format, 'ru-RU');
    const props = file.units.filter((u) => u.notes.some((n) => /^context: prop (title|description) of <(Card|LinkCard)>$/.test(n.text)));
    expect(props).toHaveLength(3);
    for (const unit of props) {
      unit.target = [hostile];
      unit.state = 'translated';
    }
    const read = readXliff(writeXliff(file, format), 'a.xlf');
    const merged = mergeXliff(doc, read.file!, 'a.xlf');
    expect(merged.diagnostics.filter((d) => d.code !== 'xliff-untranslated')).toEqual([]); // the page's other units have no target
    const seen = await componentProps(merged.markdown);
    const values = [seen.Card![0]!.title, seen.LinkCard![0]!.title, seen.LinkCard![0]!.description];
    // Starlight writes these with set:html: the HTML escapes make the reader see the typed text.
    for (const value of values) expect(value).toBe('&lt;/span&gt;&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; "q"');
  });
});

describe('bitext preview renders through the site renderer', () => {
  const work = mkdtempSync(join(tmpdir(), 'bitext-preview-html-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('keeps no element or attribute of an MDX page live, shows components as boxes and translations as text', async () => {
    mkdirSync(join(work, 'content/en/docs'), { recursive: true });
    const page = PAGE.replace('# Translate a page', '# Translate a page\n\n<img src="x" onError="alert(1)" /> <a href="javascript:alert(1)" onMouseOver="alert(1)">Link</a>\n\n<script>{"alert(1)"}</script>');
    writeFileSync(join(work, 'content/en/docs/writer-page.mdx'), page);
    const file = documentToXliff(parseMdx(page, 'docs/writer-page.mdx'), '1.2', 'ru-RU');
    for (const unit of file.units) {
      // Hostile text, and the unit's own codes (moving them is all a translator can do with codes).
      unit.target = ['</title><script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> ', ...unit.source.filter((p) => typeof p !== 'string')];
      unit.state = 'translated';
    }
    const xlf = join(work, 'ru-ru/docs/writer-page.xlf');
    mkdirSync(join(work, 'ru-ru/docs'), { recursive: true });
    writeFileSync(xlf, writeXliff(file, '1.2'));
    const result = await previewXliff(xlf, [join(work, 'content/en')]);
    expect(result.diagnostics).toEqual([]);
    const html = await renderPreviewHtml(result.page!);
    expectNoLiveUrl(html);
    const images = [...html.matchAll(START_TAG)].filter((m) => m[1]!.toLowerCase() === 'img');
    expect(images.filter((m) => /\ssrc\s*=/i.test(m[2]!.replace(/"[^"]*"|'[^']*'/g, '""')))).toEqual([]); // the page's <img onError> is an empty box
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('data-component="Card"');
    expect(html).toContain('title: &lt;/title&gt;&lt;script&gt;'); // the Card's translated title, as text
  });
});
