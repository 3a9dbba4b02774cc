/**
 * The order in which a build renders its pages (src/site/pagefind-bundle.ts `renderOrder`): the
 * English pages first, so the English search bundles can be made from them while the other
 * locales render, then the locale with the most pages to index (the bundles wait for its index),
 * then every other file by its locale's pages to index and in code-unit order, each locale's pages
 * together, in the order the search index takes them.
 */
import { describe, expect, it } from 'vitest';
import { filesPerFolder, isEnglishPage, renderOrder } from '../src/site/pagefind-bundle.ts';

const paths = ['/ru-ru/b/', '/', '/en/b/', '/de-de/a/', '/404', '/en/', '/_bitext/x/', '/ru-ru/a/', '/en/%C3%A4/', '/en/a/', '/english/a/'].map((pathname) => ({ pathname }));

describe('render order', () => {
  it('renders the English pages first, then the other files in code-unit order of the files they are written to', () => {
    expect(renderOrder(paths).map((p) => p.pathname)).toEqual(['/en/a/', '/en/b/', '/en/', '/en/%C3%A4/', '/404', '/_bitext/x/', '/de-de/a/', '/english/a/', '/', '/ru-ru/a/', '/ru-ru/b/']);
  });

  it('renders the locale with the most pages to index right after English, then the others by their pages to index', () => {
    const indexed = new Map([['de-de', 1], ['ru-ru', 2], ['en', 3]]);
    expect(renderOrder(paths, indexed).map((p) => p.pathname)).toEqual(['/en/a/', '/en/b/', '/en/', '/en/%C3%A4/', '/ru-ru/a/', '/ru-ru/b/', '/de-de/a/', '/404', '/_bitext/x/', '/english/a/', '/']);
  });

  it('counts the pages to index by the first folder of their files', () => {
    expect(filesPerFolder(['ja-jp/a/index.html', 'ja-jp/b/index.html', 'en/a/index.html', 'index.html'])).toEqual(new Map([['ja-jp', 2], ['en', 1], ['index.html', 1]]));
  });

  it('keeps each locale\'s pages together, so none comes after a page of another locale', () => {
    const order = renderOrder(paths).map((p) => p.pathname.split('/')[1]);
    const seen = new Set<string>();
    for (const [i, folder] of order.entries()) {
      if (folder !== order[i - 1]) {
        expect(seen.has(folder!), folder).toBe(false);
        seen.add(folder!);
      }
    }
  });

  it('knows an English page by its folder, percent-encoded or not, and nothing else', () => {
    expect(['/en/', '/en/a/b/', '/en/%C3%A4/'].map(isEnglishPage)).toEqual([true, true, true]);
    expect(['/', '/english/a/', '/ru-ru/en/', '/404'].map(isEnglishPage)).toEqual([false, false, false, false]);
  });
});
