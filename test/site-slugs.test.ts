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
