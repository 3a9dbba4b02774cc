/**
 * The locale registry of the reader site (`locales/locales.json`): URL code, label, `lang` and
 * writing direction per locale. English is always there, at `/en/`. A locale missing from the
 * registry is derived from its BCP 47 tag, so a new corpus builds without editing the registry.
 */
// A JSON import (not a file read) so the registry travels into Astro's bundled server code.
import registryFile from '../../locales/locales.json' with { type: 'json' };
import { stringsFor } from './ui-strings.ts';

export interface LocaleStrings {
  /** Title of an `[!IMPORTANT]` aside (Starlight has no such variant). */
  important: string;
  /** Mark after a link that leads to English fallback content. */
  english: string;
  /** Title of the generated home page. */
  home: string;
}

export interface SiteLocale {
  /** URL path segment, lower case: `en`, `ru-ru`. */
  code: string;
  label: string;
  /** BCP 47 tag for `<html lang>`, e.g. `ru-RU`. */
  lang: string;
  dir: 'ltr' | 'rtl';
  strings: LocaleStrings;
}

interface RegistryFile {
  locales: SiteLocale[];
}

const registry: SiteLocale[] = (registryFile as unknown as RegistryFile).locales;

export const ENGLISH_CODE = 'en';

const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur']);

/**
 * The registry entry for a locale code or tag (`ru-RU`, `ru-ru`), or one derived from the tag;
 * its strings with the translations of the locale's `_ui.xlf` (./ui-strings.ts).
 */
export function siteLocale(tag: string): SiteLocale {
  const code = tag.toLowerCase();
  const known = registry.find((l) => l.code === code);
  const strings = stringsFor<LocaleStrings>('locales', code);
  if (known) return strings === known.strings ? known : { ...known, strings };
  const language = code.split('-')[0]!;
  let label = tag;
  try {
    label = new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? tag;
  } catch {
    // An invalid tag keeps its own spelling as label.
  }
  const [lang, region] = tag.split('-');
  return {
    code,
    label,
    lang: region ? `${lang!.toLowerCase()}-${region.toUpperCase()}` : lang!.toLowerCase(),
    dir: RTL_LANGUAGES.has(language) ? 'rtl' : 'ltr',
    strings,
  };
}

export const english: SiteLocale = siteLocale(ENGLISH_CODE);

/** English first, then the others in code order: the order of the language picker. */
export function sortLocales(codes: Iterable<string>): SiteLocale[] {
  const unique = [...new Set([...codes].map((c) => c.toLowerCase()))].filter((c) => c !== ENGLISH_CODE).sort();
  return [english, ...unique.map(siteLocale)];
}
