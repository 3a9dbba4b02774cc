/**
 * Raw HTML of a corpus page is data (src/site/raw-html.ts): it may shape the page, never run.
 * Hostile raw HTML (what the fuzzer put into sxs documents) is shown as text or loses what could
 * run; the real corpus's raw HTML is left byte for byte as it is.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Html } from 'mdast';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { targetView } from '../src/model/views.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { createSiteMarkdownRenderer, parseSiteMarkdown } from '../src/site/markdown.ts';
import { visitType } from '../src/site/mdast-visit.ts';
import { cleanRawHtml } from '../src/site/raw-html.ts';
import { corpusDir, DE, RU } from './corpus.ts';
import { findHtmlEscapes } from './support/fuzz/html-check.ts';
import { TEXT_PAYLOADS } from './support/fuzz/payloads.ts';

describe('raw HTML in a page', () => {
  it('keeps harmless markup as written', () => {
    for (const html of ['<a name="x"></a>', '<br/>', '<td style="width: 20%">', '<a href="https://x.example/a?b=1&amp;c=2" target="_blank">', '<img src="a.png" alt="x">', '<!-- note -->', '<sup>1</sup>']) {
      expect(cleanRawHtml(html)).toBe(html);
    }
  });

  it('shows elements that run or load code as text, and drops handlers and unsafe URLs', () => {
    expect(cleanRawHtml('<script>alert(1)</script>')).toBe('&lt;script>alert(1)&lt;/script>');
    expect(cleanRawHtml('<img src="a.png" alt="x" onerror="alert(1)">')).toBe('<img src="a.png" alt="x">');
    expect(cleanRawHtml('<a href="&#106;avascript:alert(1)">x</a>')).toBe('<a>x</a>');
    expect(cleanRawHtml('<div style="background:url(javascript:alert(1))">')).toBe('<div>');
    expect(cleanRawHtml('<img src=x onerror=alert(1)')).toBe('&lt;img src=x onerror=alert(1)');
    expect(cleanRawHtml('<meta http-equiv="refresh" content="0;url=javascript:alert(1)">')).toMatch(/^&lt;meta/);
  });

  it('renders no payload of the hostile corpus as live HTML when a corpus page holds it', async () => {
    const renderer = await createSiteMarkdownRenderer();
    for (const payload of TEXT_PAYLOADS) {
      const html = (await renderer.render(`Text ${payload} more.\n\n${payload}\n\n| a | b |\n| --- | --- |\n| ${payload.replace(/\n/g, ' ')} | x |\n`)).code;
      expect(findHtmlEscapes(html), payload).toEqual([]);
    }
  });

  it('leaves every raw HTML node of the ru and de corpus as it is', async () => {
    let nodes = 0;
    for (const name of [RU, DE]) {
      const root = corpusDir(name);
      for (const path of await listFiles(root)) {
        const doc = parseSxs(await readFile(join(root, path)), path);
        visitType(parseSiteMarkdown(targetView(doc)), 'html', (node: Html) => {
          nodes++;
          expect(cleanRawHtml(node.value), `${name}/${path}`).toBe(node.value);
        });
      }
    }
    expect(nodes).toBeGreaterThan(10_000);
  });
});
