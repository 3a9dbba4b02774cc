/**
 * Value spaces of XML Schema and BCP 47 that XLIFF attributes use.
 */
import { isLocaleTag } from '../../model/locale-tag.ts';

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

/** Well-formed per BCP 47 (RFC 5646) syntax; the subtag registry is not consulted. One rule for every locale tag (src/model/locale-tag.ts). */
export function isBcp47(value: string): boolean {
  return isLocaleTag(value);
}

/** User-defined values of `type`/`subType`: `prefix:value`, no spaces, one colon. */
export function isUserDefinedValue(value: string): boolean {
  return /^[^\s:]+:[^\s:]+$/.test(value);
}

export function isPositiveInteger(value: string): boolean {
  return /^\+?0*[1-9][0-9]*$/.test(value.trim());
}
