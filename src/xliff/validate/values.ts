/**
 * Value spaces of XML Schema and BCP 47 that XLIFF attributes use.
 */

// XML NameChar, minus the rare ranges: letters, digits, marks and . - _ : and middle dot.
const NMTOKEN = /^[\p{L}\p{N}\p{M}._:\u00B7\u203F\u2040-]+$/u;

export function isNmtoken(value: string): boolean {
  return NMTOKEN.test(value);
}

/** xs:NMTOKENS: whitespace-separated NMTOKENs (at least one). */
export function nmtokens(value: string): string[] | undefined {
  const tokens = value.trim().split(/[ \t\r\n]+/).filter(Boolean);
  return tokens.length > 0 && tokens.every(isNmtoken) ? tokens : undefined;
}

const BCP47_LANGTAG = new RegExp(
  '^(?:' +
    // langtag: language, optional script, region, variants, extensions, private use
    '(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})' +
    '(?:-[a-z]{4})?' +
    '(?:-(?:[a-z]{2}|[0-9]{3}))?' +
    '(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*' +
    '(?:-[0-9a-wyz](?:-[a-z0-9]{2,8})+)*' +
    '(?:-x(?:-[a-z0-9]{1,8})+)?' +
    '|x(?:-[a-z0-9]{1,8})+' + // private use
    '|i-[a-z]{2,8}|[a-z]{2,3}-[a-z]{2,8}(?:-[a-z]{2,8})?' + // grandfathered (loosely)
    ')$',
  'i',
);

/** Well-formed per BCP 47 (RFC 5646) syntax; the subtag registry is not consulted. */
export function isBcp47(value: string): boolean {
  return BCP47_LANGTAG.test(value);
}

/** User-defined values of `type`/`subType`: `prefix:value`, no spaces, one colon. */
export function isUserDefinedValue(value: string): boolean {
  return /^[^\s:]+:[^\s:]+$/.test(value);
}

export function isPositiveInteger(value: string): boolean {
  return /^\+?0*[1-9][0-9]*$/.test(value.trim());
}
