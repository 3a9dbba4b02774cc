/**
 * What a build keeps in memory: the strings it holds until its end (page titles and headings,
 * navigation labels, heading ids, link records) are their own, and keep no corpus file and no
 * page source alive (../src/model/own-string.ts). Checked on the ru + de corpus: its site model,
 * and the records its pages leave when the site's Markdown pipeline renders them.
 */
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ownString } from '../src/model/own-string.ts';
import { setSiteContext } from '../src/site/context.ts';
import { returnFreedMemory } from '../src/site/freed-memory.ts';
import { docsFilePath } from '../src/site/loader.ts';
import { createSiteMarkdownRenderer } from '../src/site/markdown.ts';
import { loadSite } from '../src/site/model.ts';
import { corpusDir, DE, RU } from './corpus.ts';
import { stringsKeptByViews } from './support/heap-snapshot.ts';

/** The global property through which the snapshot finds what a test keeps. */
const PROBE = '__bitextMemoryProbe';
afterEach(() => void Reflect.deleteProperty(globalThis, PROBE));

describe('ownString', () => {
  it('gives the same characters, lone surrogates and all', () => {
    for (const text of ['', 'short', 'Партнерский центр: обзор', 'a\uD800b'.repeat(10), '"quoted" \\ back\nslash'.repeat(3), '日本語の見出し'.repeat(4)]) expect(ownString(text)).toBe(text);
  });

  it('keeps nothing of the string it was cut from', async () => {
    const cut = () => {
      const source = 'corpus text '.repeat(2000) + String(Math.random());
      return { view: source.slice(100, 140), own: ownString(source.slice(200, 240)) };
    };
    const kept = cut();
    Object.assign(globalThis, { [PROBE]: kept });
    returnFreedMemory();
    // The view keeps its source alive, the own string nothing.
    expect(await stringsKeptByViews(PROBE, 16_000)).toMatchObject([{ holders: ['Object.view'] }]);
    expect(kept.own).toBe('corpus text '.repeat(2000).slice(200, 240));
  });
});

describe('a build of the ru + de corpus', () => {
  it('keeps no corpus file or page source alive through the strings it keeps', async () => {
    const site = await loadSite({ content: [corpusDir(RU), corpusDir(DE)] });
    const ctx = setSiteContext(site);
    const renderer = await createSiteMarkdownRenderer();
    // A build lets each page's Markdown and HTML tail go once the page is rendered
    // (../src/site/loader.ts): so does this, rendering some of the pages.
    let rendered = 0;
    for (const page of site.pages.values()) {
      if (page.markdown && rendered < 300) {
        const path = docsFilePath('/site', page.id);
        ctx.pageByFile.set(path, page);
        await renderer.render(page.markdown, { fileURL: pathToFileURL(path) });
        rendered++;
      }
      delete page.markdown;
      delete page.htmlTail;
    }
    expect(rendered).toBe(300);
    expect(ctx.anchors.size).toBeGreaterThanOrEqual(300);
    expect(ctx.anchorLinks.length + ctx.brokenLinks.length).toBeGreaterThan(100);
    Object.assign(globalThis, { [PROBE]: ctx });
    returnFreedMemory();
    const viewed = await stringsKeptByViews(PROBE);
    expect(viewed, JSON.stringify(viewed.slice(0, 5), null, 1)).toEqual([]);
  });
});
