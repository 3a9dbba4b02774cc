/**
 * UI strings kept as data (locales/*.json, keyed by locale code or language; the tables are
 * src/pipeline/ui-strings.ts): the entry for a locale is its own, else its language's, else
 * English, with the translations of the locale's `_ui.xlf` (XLIFF folder of the build) over it.
 * One rule for every string table.
 *
 * The translations are registered on `globalThis` by the site model (`setUiTranslations`, from
 * `loadSite`), like the site context (./context.ts): the page components run in Astro's own
 * module graph and find them there.
 */
import { localeEntry, UI_TABLES, uiStringId, type UiTable } from '../pipeline/ui-strings.ts';

/** Per locale code (lower case): UI string id (`navigation.backlinks`) → translation. */
export type UiTranslations = Record<string, Record<string, string>>;

const KEY = Symbol.for('bitext.ui-translations');
type WithTranslations = { [KEY]?: { translations: UiTranslations; cache: Map<string, Record<string, string> | undefined> } };

/** Makes these the translations every string lookup of this process uses (none: the tables of locales/ alone). */
export function setUiTranslations(translations: UiTranslations | undefined): void {
  (globalThis as WithTranslations)[KEY] = { translations: translations ?? {}, cache: new Map() };
}

const TABLES = new Map(UI_TABLES.map((t) => [t.name, t]));

/**
 * The strings of a table (`navigation`, `page`...) for a locale code. With `'none'`, undefined
 * when neither locales/ nor the locale's `_ui.xlf` has a string of the table for the locale.
 */
export function stringsFor<T>(tableName: string, localeCode: string): T;
export function stringsFor<T>(tableName: string, localeCode: string, fallback: 'none'): T | undefined;
export function stringsFor<T>(tableName: string, localeCode: string, fallback?: 'none'): T | undefined {
  const table = TABLES.get(tableName);
  if (!table) throw new Error(`no UI string table "${tableName}"`);
  const code = localeCode.toLowerCase();
  const registered = (globalThis as WithTranslations)[KEY];
  const cacheKey = `${tableName}\0${code}\0${fallback ?? ''}`;
  if (registered?.cache.has(cacheKey)) return registered.cache.get(cacheKey) as T | undefined;
  const strings = withTranslations(table, code, registered?.translations[code], fallback);
  registered?.cache.set(cacheKey, strings);
  return strings as T | undefined;
}

function withTranslations(table: UiTable, code: string, translated: Record<string, string> | undefined, fallback: 'none' | undefined): Record<string, string> | undefined {
  const own = localeEntry(table, code);
  const overrides = Object.keys(table.entries.en ?? {}).filter((key) => translated?.[uiStringId(table.name, key)] !== undefined);
  if (overrides.length === 0) return own ?? (fallback === 'none' ? undefined : table.entries.en);
  const base = fallback === 'none' ? { ...own } : { ...table.entries.en, ...own };
  for (const key of overrides) base[key] = translated![uiStringId(table.name, key)]!;
  return base;
}
