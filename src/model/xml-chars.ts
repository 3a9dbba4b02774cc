/**
 * The characters XML 1.0 cannot carry. Inline codes (./coded-text.ts) keep markup holding one as
 * text, and the XML writers (src/xml/escape.ts) map or replace them; both need the one rule.
 */

/**
 * Characters XML 1.0 cannot carry at all, even as a character reference: C0 controls other than
 * tab/LF/CR, lone surrogates, U+FFFE and U+FFFF. A writer must map them (XLIFF 2 uses `<cp hex>`).
 */
export const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Index of the first character XML cannot represent, or -1. */
export function findNonXmlChar(text: string): number {
  const match = NOT_XML_CHAR.exec(text);
  return match ? match.index : -1;
}
