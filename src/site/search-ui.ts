/**
 * Search in the reader's language. Pagefind indexes each page under its `<html lang>` (one index
 * per language, stemmed for Russian and German); Starlight shows the Pagefind UI, but 0.42 leaves
 * its texts (result counts, "Clear", "Filters") in English. Starlight's `i18n` collection gives
 * them per locale as `pagefind.*` UI strings (locales/pagefind.json), one entry per `lang`.
 */
import type { Loader } from 'astro/loaders';
import { fileURLToPath } from 'node:url';
import type { SiteLocale } from './locales.ts';
import { ensureSiteContext } from './loader.ts';
import { stringsFor } from './ui-strings.ts';

/** `pagefind.*` UI strings keyed by `lang` (as Starlight keys translations), for the locales that have them. */
export function pagefindTranslations(locales: readonly SiteLocale[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const locale of locales) {
    const strings = stringsFor<Record<string, string>>('pagefind', locale.code, 'none');
    if (strings) out[locale.lang] = strings;
  }
  return out;
}

/**
 * The loader of Starlight's `i18n` collection: one entry per site locale, keyed by its `lang`
 * (every locale has one, so the collection is never missing or empty).
 */
export function uiStringsLoader(): Loader {
  return {
    name: 'bitext-ui-strings',
    async load({ store, parseData, config }) {
      const { site } = await ensureSiteContext(fileURLToPath(config.root));
      const translations = pagefindTranslations(site.locales);
      store.clear();
      for (const locale of site.locales) {
        const data = await parseData({ id: locale.lang, data: translations[locale.lang] ?? {} });
        store.set({ id: locale.lang, data });
      }
    },
  };
}
