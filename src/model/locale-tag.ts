/**
 * Locale tags, checked before any of them becomes part of a path or a URL. A tag comes from
 * files Bitext does not trust (a corpus's `ms.contentlocale`, an XLIFF file's `target-language`
 * or `trgLang`, a folder name under the XLIFF folder) or from the command line (`--locales`);
 * only a well-formed BCP 47 tag (RFC 5646: letters, digits and hyphens in the grammar's
 * subtags) may name a folder, so `../../x`, `ru/../..` or an empty tag never reaches the file
 * system. Everyone that turns a locale into a path asks `isLocaleTag` (or `localeTagProblem`
 * for the message) first.
 */

// RFC 5646 section 2.1, langtag and privateuse (case-insensitive).
const ALPHANUM = '[a-z0-9]';
const LANGUAGE = '(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})';
const SCRIPT = '(?:-[a-z]{4})?';
const REGION = '(?:-(?:[a-z]{2}|[0-9]{3}))?';
const VARIANTS = `(?:-(?:${ALPHANUM}{5,8}|[0-9]${ALPHANUM}{3}))*`;
const EXTENSIONS = `(?:-[0-9a-wy-z](?:-${ALPHANUM}{2,8})+)*`;
const PRIVATE_USE = `x(?:-${ALPHANUM}{1,8})+`;
const LANGTAG = new RegExp(`^(?:${LANGUAGE}${SCRIPT}${REGION}${VARIANTS}${EXTENSIONS}(?:-${PRIVATE_USE})?|${PRIVATE_USE})$`, 'i');

/** The irregular grandfathered tags of RFC 5646, the only well-formed tags outside the grammar above. */
const IRREGULAR = new Set([
  'en-gb-oed', 'i-ami', 'i-bnn', 'i-default', 'i-enochian', 'i-hak', 'i-klingon', 'i-lux', 'i-mingo',
  'i-navajo', 'i-pwn', 'i-tao', 'i-tay', 'i-tsu', 'sgn-be-fr', 'sgn-be-nl', 'sgn-ch-de',
]);

/** Longer than any real tag; keeps folder names short. */
const MAX_LENGTH = 64;

/** Whether `tag` is a well-formed BCP 47 language tag (`ru-RU`, `zh-Hans-CN`, `de`), safe as a folder name. */
export function isLocaleTag(tag: unknown): tag is string {
  return typeof tag === 'string' && tag.length <= MAX_LENGTH && (LANGTAG.test(tag) || IRREGULAR.has(tag.toLowerCase()));
}

/** Why `tag` cannot be used, for a diagnostic, or undefined when it can. */
export function localeTagProblem(tag: unknown, what = 'the locale'): string | undefined {
  if (isLocaleTag(tag)) return undefined;
  const shown = typeof tag === 'string' ? JSON.stringify(tag.length > 80 ? tag.slice(0, 80) + '…' : tag) : String(tag);
  return `${what} ${shown} is not a BCP 47 language tag (such as ru-RU, de-DE or zh-Hans-CN), so it cannot name a folder or URL; correct it`;
}
