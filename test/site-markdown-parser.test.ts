import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import remarkDirective from 'remark-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { englishView, targetView } from '../src/model/views.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { remarkSiteParser } from '../src/site/markdown.ts';
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
