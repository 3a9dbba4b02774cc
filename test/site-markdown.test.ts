/**
 * The site's Markdown pipeline (src/site/markdown.ts): Sätteri parses as remark-parse does, and
 * renders the corpus pages, Bitext plugins included, as the unified pipeline it replaced did.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import rehypeStringify from 'rehype-stringify';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { englishView, targetView } from '../src/model/views.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { setSiteContext } from '../src/site/context.ts';
import { docsFilePath } from '../src/site/loader.ts';
import { createSiteMarkdownRenderer, remarkPlugins, remarkSiteParser } from '../src/site/markdown.ts';
import { loadSite } from '../src/site/model.ts';
import { corpusDir, DE, RU } from './corpus.ts';

const reference = unified().use(remarkParse).use(remarkGfm);
const fast = unified().use(remarkParse).use(remarkGfm).use(remarkSiteParser);

/** The tree without `data`, keys sorted, so two parsers' trees compare by content. */
function canonical(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(canonical);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(node).sort()) {
    const value = (node as Record<string, unknown>)[key];
    if (key !== 'data' && value !== undefined) out[key] = canonical(value);
  }
  return out;
}

describe('the site Markdown parser (Sätteri)', () => {
  it.each([RU, DE])('gives the same mdast as remark-parse, positions included, for every page of %s', async (corpus) => {
    const root = corpusDir(corpus);
    const differing: string[] = [];
    for (const path of await listFiles(root)) {
      const doc = parseSxs(readFileSync(join(root, path)), path);
      if (doc.segments.length === 0) continue;
      const skip = doc.frontMatter?.raw.length ?? 0;
      for (const markdown of [targetView(doc).slice(skip), englishView(doc).replace(/^---\n[\s\S]*?\n---\n/, '')]) {
        const file = { path: `${path}.md`, value: markdown };
        if (JSON.stringify(canonical(fast.parse(file))) !== JSON.stringify(canonical(reference.parse(file)))) differing.push(path);
      }
    }
    expect(differing).toEqual([]);
  });

  it('reads real directives as remark-directive does, and DocFX `:::image` / `::: zone` as text', () => {
    const withDirectives = unified().use(remarkParse).use(remarkGfm).use(remarkDirective);
    const directive = ':::note[Heads up]\nText.\n:::\n';
    expect(canonical(fast.parse({ path: 'a.md', value: directive }))).toEqual(canonical(withDirectives.parse({ path: 'a.md', value: directive })));
    const docfx = ':::image type="content" source="a.png" alt-text="A":::\n\n::: zone pivot="x"\nText.\n::: zone-end\n';
    expect(canonical(fast.parse({ path: 'a.md', value: docfx }))).toEqual(canonical(reference.parse({ path: 'a.md', value: docfx })));
  });
});

/**
 * What may differ between the two renderers and is not content: heading ids and code highlighting
 * (added by Astro's plugins, not by either pipeline here), whitespace between tags, how characters
 * are escaped, `align` vs `style="text-align"` on table cells, and the class of a directive kept
 * outside Starlight (createSiteMarkdownRenderer).
 */
function comparable(html: string): string {
  return html
    .replace(/<pre[\s\S]*?<\/pre>/g, (pre) => `<pre>${pre.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()}</pre>`)
    .replace(/<(h[1-6]) id="[^"]*"/g, '<$1')
    .replace(/<div class="directive-[a-z]+">/g, '<div>')
    .replace(/ style="text-align: ([a-z]+)"/g, ' align="$1"')
    .replace(/&#x3C;/g, '&lt;').replace(/&#x26;/g, '&amp;').replace(/&gt;/g, '>').replace(/&quot;|&#x22;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&nbsp;|&#xA0;/g, '\u00a0')
    .replace(/>\s+</g, '><')
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the site Markdown renderer (Sätteri + the Bitext plugin)', () => {
  it('renders every ru and de corpus page (and its English) as the unified pipeline with the same plugins did', async () => {
    const site = await loadSite({ content: [corpusDir(RU), corpusDir(DE)] });
    const ctx = setSiteContext(site);
    const unifiedRenderer = unified().use(remarkParse).use(remarkGfm).use(remarkPlugins).use(remarkRehype, { allowDangerousHtml: true }).use(rehypeStringify, { allowDangerousHtml: true });
    const renderer = await createSiteMarkdownRenderer();
    const differing: string[] = [];
    let pages = 0;
    for (const page of site.pages.values()) {
      if (page.kind === 'mdx') continue;
      const path = docsFilePath('/site', page.id);
      ctx.pageByFile.set(path, page);
      const markdown = `\n${page.markdown ?? ''}`;
      const expected = comparable(String(await unifiedRenderer.process({ value: markdown, path })));
      const actual = comparable((await renderer.render(markdown, { fileURL: pathToFileURL(path) })).code);
      if (actual !== expected) differing.push(page.id);
      pages++;
    }
    expect(pages).toBeGreaterThan(1100);
    expect(differing).toEqual([]);
  });
});
