import { describe, expect, it } from 'vitest';
import { entryId, isExternalHref, pageUrl, resolveRelative, slugOf, splitEntryId, splitHref } from '../src/site/slugs.ts';

describe('slugs', () => {
  it('is the root-relative path, lower case, without extension or index', () => {
    expect(slugOf('partner-center/Customer-Self-Support.md')).toBe('partner-center/customer-self-support');
    expect(slugOf('partner-center/index.yml')).toBe('partner-center');
    expect(slugOf('partner-center/announcements/index.md')).toBe('partner-center/announcements');
    expect(slugOf('index.mdx')).toBe('');
    expect(slugOf('Archive\\China-billing.md')).toBe('archive/china-billing');
  });

  it('makes a URL-safe slug of any file name: reserved characters and spaces become -, letters stay', () => {
    expect(slugOf('docs/per%20cent.md')).toBe('docs/per-20cent');
    expect(slugOf('docs/two  words.md')).toBe('docs/two-words');
    expect(slugOf('docs/hash#tag.md')).toBe('docs/hash-tag');
    expect(slugOf('docs/why?.md')).toBe('docs/why-');
    expect(slugOf('docs/a&b=c+d.md')).toBe('docs/a-b-c-d');
    expect(slugOf('Docs/Über Größe.MD')).toBe('docs/über-größe');
    expect(slugOf('docs/日本語.md')).toBe('docs/日本語');
    expect(slugOf('docs/U\u0308ber.md')).toBe('docs/über');
    expect(slugOf('a--b_c.d~e.md')).toBe('a--b_c.d~e');
  });

  it('makes one id and URL per locale, English at /en/', () => {
    expect(entryId('ru-ru', 'a/b')).toBe('ru-ru/a/b');
    expect(entryId('en', '')).toBe('en');
    expect(splitEntryId('de-de/a/b')).toEqual({ locale: 'de-de', slug: 'a/b' });
    expect(pageUrl('en', 'a/b', 'x')).toBe('/en/a/b/#x');
    expect(pageUrl('ru-ru', '')).toBe('/ru-ru/');
  });

  it('resolves relative links the way DocFX tolerates them', () => {
    expect(resolveRelative('pc/announcements/2020-april.md', '..\\partner-security-requirements.md')).toBe('pc/partner-security-requirements.md');
    expect(resolveRelative('pc/a.md', './b/c.md')).toBe('pc/b/c.md');
    expect(resolveRelative('a.md', '../../x.md')).toBeUndefined();
    expect(splitHref('../x.md?branch=main#anchor')).toEqual({ path: '../x.md', query: 'branch=main', anchor: 'anchor' });
    expect(isExternalHref('https://aka.ms/x')).toBe(true);
    expect(isExternalHref('mailto:a@b')).toBe(true);
    expect(isExternalHref('#local')).toBe(true);
    expect(isExternalHref('x.md')).toBe(false);
  });
});
