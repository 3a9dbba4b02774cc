/**
 * Escaping for XML writers. Text escapes `>` too, so `]]>` can never appear; attribute values
 * also escape tab and line breaks, which a parser would otherwise normalize to spaces.
 */
import { findNonXmlChar, NOT_XML_CHAR } from '../model/xml-chars.ts';

// Most strings need no escaping: testing first keeps the replace off the common path.
const TEXT_SPECIAL = /[&<>]/;
const ATTRIBUTE_SPECIAL = /[&<>"\t\n\r]/;

export function escapeText(text: string): string {
  if (!TEXT_SPECIAL.test(text)) return text;
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

const ATTRIBUTE_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** For a value written between double quotes. */
export function escapeAttribute(value: string): string {
  if (!ATTRIBUTE_SPECIAL.test(value)) return value;
  return value.replace(/[&<>"\t\n\r]/g, (c) => ATTRIBUTE_ESCAPES[c]!);
}

/**
 * Text with every character XML cannot represent replaced by U+FFFD: for strings that have no
 * other way to carry one (a note, an attribute value), which a corrupt document can still feed.
 */
export function replaceNonXmlChars(text: string): string {
  return findNonXmlChar(text) < 0 ? text : text.replace(new RegExp(NOT_XML_CHAR.source, 'g'), '\ufffd');
}

/** An attribute value for an XML writer: escaped, characters XML cannot carry as U+FFFD. */
export function escapeAttributeLossy(value: string): string {
  return replaceNonXmlChars(escapeAttribute(value));
}

/** Element text with no other way to carry such characters (a note): escaped, U+FFFD for them. */
export function escapeTextLossy(text: string): string {
  return replaceNonXmlChars(escapeText(text));
}

