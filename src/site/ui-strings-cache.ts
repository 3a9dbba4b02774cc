/**
 * Starlight's UI strings (`Astro.locals.t`), looked up once per locale in a build instead of on
 * every call. Each page's components ask i18next for the same few dozen strings (search, theme,
 * language, pagination, "On this page"), and i18next resolves each call anew: 0.4–0.7 ms a page,
 * 2.6 % of a 1,105-page build's main thread and 4 % of a 12,000-page one's (`node --cpu-prof` of
 * `bitext build`). A call with options (interpolation, plurals, a default value) still goes to
 * i18next.
 */
import type { APIContext } from 'astro';

type Translate = APIContext['locals']['t'];

/**
 * The strings asked for so far, per build (its site model) and locale (the locale
 * `useTranslations` was given): a process may build twice, with the translators' UI strings
 * changed in between.
 */
const stringsOfBuild = new WeakMap<object, Map<string, Map<string, string>>>();

/** The value of `key` in `map`, made and stored the first time (this runs for every page). */
function stored<K, V>(map: { get(key: K): V | undefined; set(key: K, value: V): unknown }, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = make()));
  return value;
}

/**
 * `t`, answering a call with only a key from the strings of `locale` asked for before in the same
 * `build`. Only for a build: Starlight's translations do not change while one runs, as they may
 * between requests of `astro dev`.
 */
export function cachedUiStrings(t: Translate, locale: string, build: object): Translate {
  const strings = stored(stored(stringsOfBuild, build, () => new Map()), locale, () => new Map<string, string>());
  const translate = t as unknown as (...args: unknown[]) => unknown;
  const lookup = (...args: unknown[]): unknown => {
    const [key] = args;
    if (args.length !== 1 || typeof key !== 'string') return translate(...args);
    let value = strings.get(key);
    if (value === undefined) {
      const found = translate(key);
      if (typeof found !== 'string') return found;
      strings.set(key, (value = found));
    }
    return value;
  };
  return Object.assign(lookup, { all: t.all, exists: t.exists, dir: t.dir }) as unknown as Translate;
}
