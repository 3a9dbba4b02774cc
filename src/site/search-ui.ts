/**
 * Search in the reader's language (issue 4 §6). Pagefind indexes each page under its
 * `<html lang>` (one index per language, stemmed for Russian and German); Starlight shows the
 * Pagefind UI, but 0.42 leaves its texts (result counts, "Clear", "Filters") in English. This
 * Starlight plugin gives them per locale as `pagefind.*` UI strings (locales/pagefind.json).
 */
import type { StarlightPlugin } from '@astrojs/starlight/types';
// A JSON import (not a file read) so the strings travel into Astro's bundled server code.
import stringsFile from '../../locales/pagefind.json' with { type: 'json' };
import type { SiteLocale } from './locales.ts';
import { stringsFor } from './ui-strings.ts';

const table = stringsFile as unknown as Record<string, Record<string, string>>;

/** `pagefind.*` UI strings keyed by `lang` (as Starlight keys translations), for the locales that have them. */
export function pagefindTranslations(locales: readonly SiteLocale[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const locale of locales) {
    const strings = stringsFor(table, locale.code, 'none');
    if (strings) out[locale.lang] = strings;
  }
  return out;
}

export function searchUiPlugin(locales: readonly SiteLocale[]): StarlightPlugin {
  return {
    name: 'bitext-search-ui',
    hooks: {
      async 'i18n:setup'({ injectTranslations }) {
        injectTranslations(pagefindTranslations(locales));
      },
      // Starlight requires this hook of every plugin; there is nothing to configure.
      async 'config:setup'() {},
    },
  };
}
