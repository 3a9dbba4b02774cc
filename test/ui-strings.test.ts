/**
 * Every string of the reader UI exists in every locale of the registry (locales/locales.json):
 * each table of locales/ has, for each registry locale, every key the English entry has, none
 * empty, and the placeholders ({n}, {date}…) of the English. Starlight's own strings (theme and
 * language pickers, previous/next, "On this page") come from Starlight's translations, which
 * cover these languages; Pagefind's are in locales/pagefind.json for every locale but English.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const dir = fileURLToPath(new URL('../locales/', import.meta.url));
const read = (name: string) => JSON.parse(readFileSync(dir + name, 'utf8')) as Record<string, Record<string, string>>;
const registry = (JSON.parse(readFileSync(dir + 'locales.json', 'utf8')) as { locales: { code: string; strings: Record<string, string> }[] }).locales;
const placeholders = (text: string) => [...text.matchAll(/\{\w+\}|\[[A-Z_]+\]/g)].map((m) => m[0]).sort();

describe('UI strings in every locale of the registry', () => {
  it('lists at least the five locales the corpora use', () => {
    expect(registry.map((l) => l.code)).toEqual(expect.arrayContaining(['en', 'ru-ru', 'de-de', 'ja-jp', 'ar-sa']));
  });

  for (const table of ['navigation.json', 'reading.json', 'mdx-notices.json', 'page.json', 'readers.json']) {
    it(`${table} has every key, translated, with the English placeholders`, () => {
      const strings = read(table);
      const english = strings.en!;
      for (const { code } of registry) {
        const own = strings[code];
        expect(own, `${table}: no entry for ${code}`).toBeDefined();
        for (const [key, text] of Object.entries(english)) {
          expect(own![key], `${table} ${code}.${key}`).toBeTruthy();
          expect(placeholders(own![key]!), `${table} ${code}.${key}`).toEqual(placeholders(text));
          if (code !== 'en' && !/^\W*$/.test(text) && !['home'].includes(key)) expect(own![key], `${table} ${code}.${key} is the English`).not.toBe(text);
        }
      }
    });
  }

  it('has the search UI strings of every locale but English, and the registry strings of each', () => {
    const pagefind = read('pagefind.json');
    const keys = Object.keys(pagefind['ru-ru']!);
    for (const { code, strings } of registry) {
      expect(Object.values(strings).every(Boolean), code).toBe(true);
      if (code === 'en') continue;
      expect(Object.keys(pagefind[code] ?? {}).sort(), `pagefind.json ${code}`).toEqual([...keys].sort());
    }
  });
});
