/**
 * Escaping for XML writers. Text escapes `>` too, so `]]>` can never appear; attribute values
 * also escape tab and line breaks, which a parser would otherwise normalize to spaces.
 */

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
 * Characters XML 1.0 cannot carry at all, even as a character reference: C0 controls other than
 * tab/LF/CR, lone surrogates, U+FFFE and U+FFFF. A writer must map them (XLIFF 2 uses `<cp hex>`).
 */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

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

/** Index of the first character XML cannot represent, or -1. */
export function findNonXmlChar(text: string): number {
  const match = NOT_XML_CHAR.exec(text);
  return match ? match.index : -1;
}
