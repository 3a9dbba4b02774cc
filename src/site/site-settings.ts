/**
 * The site's own settings, in one file a writer edits: `bitext.config.json` at the project root
 * (or the file `bitext build --config FILE` names). Its title (one string, or one per locale
 * code), logo and favicon (paths relative to the file), and its public URL (`site`, which
 * `--site` overrides). Every field is optional.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export const SETTINGS_FILE = 'bitext.config.json';
/** Environment variable with the settings file of a build (`--config`), for the Astro config. */
export const SETTINGS_ENV = 'BITEXT_CONFIG';

export interface SiteSettings {
  /** The site title, in every locale or per locale code (`en`, `ru-ru`); default "Bitext". */
  title: string | Record<string, string>;
  /** Absolute path of the logo image shown before the title. */
  logo?: string;
  /** Absolute path of the favicon (.svg, .ico, .png, .gif, .jpg). */
  favicon?: string;
  /** Public URL of the published site: canonical, hreflang and sitemap URLs. */
  site?: string;
  /** The file the settings were read from, undefined for the defaults. */
  file?: string;
}

export class SettingsError extends Error {}

const FAVICON = /\.(svg|ico|png|gif|jpe?g)$/i;
const IMAGE = /\.(svg|png|gif|jpe?g|webp|avif)$/i;

/** The settings in `file`; the defaults when it does not exist and was not named explicitly. */
export function readSiteSettings(file: string, required = false): SiteSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return { title: 'Bitext' };
    throw new SettingsError(`${file}: cannot read the site settings: ${(error as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SettingsError(`${file}: not valid JSON: ${(error as Error).message}`);
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new SettingsError(`${file}: the settings must be a JSON object`);
  const o = data as Record<string, unknown>;
  const fail = (key: string, what: string): never => {
    throw new SettingsError(`${file}: "${key}" must be ${what}`);
  };
  const settings: SiteSettings = { title: 'Bitext', file };
  const known = new Set(['$comment', 'title', 'logo', 'favicon', 'site']);
  for (const key of Object.keys(o)) if (!known.has(key)) fail(key, `one of ${[...known].slice(1).join(', ')} (a misspelt key would be ignored)`);
  if (o.title !== undefined) {
    const ok = typeof o.title === 'string' || (typeof o.title === 'object' && o.title !== null && Object.values(o.title).every((v) => typeof v === 'string'));
    if (!ok) fail('title', 'a string, or an object of strings per locale code ({"en": "...", "ru-ru": "..."})');
    settings.title = o.title as SiteSettings['title'];
  }
  const path = (key: 'logo' | 'favicon', pattern: RegExp, kinds: string) => {
    const value = o[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !pattern.test(value)) return fail(key, `a path to a ${kinds} file, relative to ${file}`);
    const path = resolve(dirname(file), value);
    // Pages would name a file the site does not have.
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return fail(key, `a file that exists: ${path} does not`);
    return path;
  };
  const logo = path('logo', IMAGE, 'an .svg, .png, .gif, .jpg, .webp or .avif');
  const favicon = path('favicon', FAVICON, 'an .svg, .ico, .png, .gif or .jpg');
  if (logo) settings.logo = logo;
  if (favicon) settings.favicon = favicon;
  if (o.site !== undefined) {
    if (typeof o.site !== 'string' || !/^https?:\/\/[^/]/.test(o.site)) fail('site', 'the http(s) URL the site is published at, e.g. "https://docs.example.org"');
    settings.site = o.site as string;
  }
  return settings;
}

/** Starlight's `title`: a string, or a record keyed by each locale's `lang` (Starlight's keys). */
export function starlightTitle(title: SiteSettings['title'], locales: readonly { code: string; lang: string }[]): string | Record<string, string> {
  if (typeof title === 'string') return title;
  const fallback = title.en ?? Object.values(title)[0] ?? 'Bitext';
  return Object.fromEntries(locales.map((l) => [l.lang, title[l.code] ?? title[l.lang] ?? title[l.code.split('-')[0]!] ?? fallback]));
}
