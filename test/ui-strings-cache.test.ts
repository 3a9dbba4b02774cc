/**
 * The build's cache of Starlight's UI strings (src/site/ui-strings-cache.ts) answers as i18next
 * does: over Starlight's own dictionaries of the site's languages, loaded into i18next the way
 * Starlight loads them (one instance, the "starlight" namespace, English as the fallback).
 */
import i18next from 'i18next';
import type { APIContext } from 'astro';
import { describe, expect, it } from 'vitest';
import { cachedUiStrings } from '../src/site/ui-strings-cache.ts';

type Translate = APIContext['locals']['t'];
/** `t` as the test calls it: any key, with or without options. */
type Lookup = ((key: string, options?: Record<string, unknown>) => unknown) & Pick<Translate, 'all' | 'exists' | 'dir'>;

// Starlight's dictionaries are files of its package that it does not export.
const starlightTranslationsDir = new URL('../node_modules/@astrojs/starlight/dist/translations/', import.meta.url);
const LANGS = ['en', 'de', 'ru', 'ja', 'ar'];

async function starlightTranslations() {
  const resources: Record<string, { starlight: Record<string, string> }> = {};
  for (const lang of LANGS) {
    const dictionary = (await import(new URL(`${lang}.js`, starlightTranslationsDir).href)).default as Record<string, string>;
    resources[lang] = { starlight: dictionary };
  }
  const i18n = i18next.createInstance();
  await i18n.init({ resources, fallbackLng: 'en' });
  return (lang: string): Translate =>
    Object.assign(i18n.getFixedT(lang, 'starlight'), {
      all: () => i18n.getResourceBundle(lang, 'starlight'),
      exists: (key: string) => i18n.exists(key, { lng: lang, ns: 'starlight' }),
      dir: () => i18n.dir(lang),
    }) as unknown as Translate;
}

/** One build's scope (its site model, in the route middleware). */
const BUILD = {};

function cached(t: Translate, locale: string, build: object = BUILD): Lookup {
  return cachedUiStrings(t, locale, build) as unknown as Lookup;
}

function plain(t: Translate): Lookup {
  return t as unknown as Lookup;
}

describe('UI strings cached per locale', () => {
  it('gives every string of every language as i18next does, asked once and again, languages apart', async () => {
    const useTranslations = await starlightTranslations();
    const english = Object.keys(useTranslations('en').all());
    expect(english.length).toBeGreaterThan(20);
    for (const round of [1, 2]) {
      for (const lang of LANGS) {
        const t = plain(useTranslations(lang));
        const fromCache = cached(useTranslations(lang), lang);
        for (const key of english) expect(fromCache(key), `${lang} ${key} (round ${round})`).toBe(t(key));
        expect(fromCache('no.such.key')).toBe(t('no.such.key'));
      }
    }
    expect(cached(useTranslations('de'), 'de')('search.label')).toBe('Suchen');
    expect(cached(useTranslations('ru'), 'ru')('search.label')).not.toBe('Suchen');
  });

  it('keeps each build’s strings apart: a second build sees the UI strings as changed in between', async () => {
    const first = i18next.createInstance();
    await first.init({ resources: { de: { starlight: { 'search.label': 'Suchen' } } }, fallbackLng: 'de' });
    const second = i18next.createInstance();
    await second.init({ resources: { de: { starlight: { 'search.label': 'Durchsuchen' } } }, fallbackLng: 'de' });
    const asTranslate = (i18n: typeof first) => Object.assign(i18n.getFixedT('de', 'starlight'), { all: () => ({}), exists: () => true, dir: () => 'ltr' }) as unknown as Translate;
    expect(cached(asTranslate(first), 'de', {})('search.label')).toBe('Suchen');
    expect(cached(asTranslate(second), 'de', {})('search.label')).toBe('Durchsuchen');
  });

  it('passes calls with options to i18next: interpolation is never taken from the cache', async () => {
    const useTranslations = await starlightTranslations();
    const english = cached(useTranslations('en'), 'en');
    expect(english('heading.anchorLabel', { title: 'Install' })).toContain('Install');
    expect(english('heading.anchorLabel', { title: 'Merge' })).toContain('Merge');
    expect(english('heading.anchorLabel', { title: 'Merge' })).not.toContain('Install');
  });

  it('keeps all(), exists() and dir() of the locale', async () => {
    const useTranslations = await starlightTranslations();
    const arabic = cached(useTranslations('ar'), 'ar');
    expect(arabic.dir()).toBe('rtl');
    expect(arabic.exists('search.label')).toBe(true);
    expect(arabic.exists('no.such.key')).toBe(false);
    expect(arabic.all()['search.label']).toBe(plain(useTranslations('ar'))('search.label'));
  });
});
