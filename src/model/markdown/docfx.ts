/**
 * DocFX's Markdown extensions: the one grammar of each, used by the inline tokenizer
 * (./inline.ts), the MDX parser (src/parse/mdx/parse.ts) and the site's remark plugins
 * (src/site/docfx/). Includes have their own module, ./docfx-include.ts.
 *
 * - Alerts: a block quote whose first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!CAUTION]`
 *   or `[!WARNING]` (any case, spaces allowed inside the brackets).
 * - `[!div class="…"]` at the start of a block quote: the quote is a `<div>` of that class.
 * - Bracket directives kept whole inside a sentence: `[!div …]`, `[!VIDEO url]`, alert markers.
 * - Triple-colon directives: `:::name attribute="value" …:::` on one or more lines, as
 *   `:::image type="content" source="a.png" alt-text="…":::` and `:::no-loc text="…":::`.
 *   Attributes are `name="value"`; DocFX also reads two attributes with no space between them
 *   (`alt-text="…"lightbox="…"`), which the published pages have.
 */

export const ALERT_KINDS = ['NOTE', 'TIP', 'IMPORTANT', 'CAUTION', 'WARNING'] as const;
export type DocfxAlertKind = (typeof ALERT_KINDS)[number];

const ALERT_MARKER = new RegExp(`^[ \\t]*\\[!(${ALERT_KINDS.join('|')})[ \\t]*\\][ \\t]*(?:\\r?\\n|$)?`, 'i');

/** The alert marker a block quote's first text starts with: its kind and the length of the marker (its line end included). */
export function matchAlertMarker(text: string): { kind: DocfxAlertKind; length: number } | undefined {
  const m = ALERT_MARKER.exec(text);
  return m ? { kind: m[1]!.toUpperCase() as DocfxAlertKind, length: m[0].length } : undefined;
}

const DIV_MARKER = /^[ \t]*\[!div\s+class\s*=\s*"([^"]*)"\s*\][ \t]*(?:\r?\n)?/i;

/** `[!div class="a b"]` at the start of a block quote's first text: its classes and the marker's length. */
export function matchDivMarker(text: string): { classes: string[]; length: number } | undefined {
  const m = DIV_MARKER.exec(text);
  return m ? { classes: m[1]!.split(/\s+/).filter(Boolean), length: m[0].length } : undefined;
}

const BRACKET_DIRECTIVE = new RegExp(`^\\[!(div|VIDEO|${ALERT_KINDS.join('|')})(?:\\s[^\\]\\n]*)?\\]`, 'i');

/** A bracket directive at the start of `text` (`[!div …]`, `[!VIDEO …]`, an alert marker), its name in lower case. */
export function matchBracketDirective(text: string): { raw: string; name: string } | undefined {
  const m = BRACKET_DIRECTIVE.exec(text);
  return m ? { raw: m[0], name: m[1]!.toLowerCase() } : undefined;
}

const ATTRIBUTE_SOURCE = String.raw`[A-Za-z][\w-]*\s*=\s*"[^"]*"`;
const COLON_SOURCE = String.raw`:::([A-Za-z][\w-]*)((?:\s+${ATTRIBUTE_SOURCE}(?:\s*${ATTRIBUTE_SOURCE})*)?)\s*:::`;
const COLON_AT = new RegExp(COLON_SOURCE, 'y');
const COLON_ANY = new RegExp(COLON_SOURCE, 'g');
const ATTRIBUTE = /([A-Za-z][\w-]*)\s*=\s*"([^"]*)"/g;

export interface ColonDirective {
  /** The directive exactly as written. */
  raw: string;
  /** Its name in lower case: `image`, `no-loc`, `moniker`… */
  name: string;
  attributes: Record<string, string>;
  /** Where it starts in the text searched. */
  index: number;
}

/** The triple-colon directive that starts at `text[at]`, or undefined. */
export function matchColonDirective(text: string, at = 0): ColonDirective | undefined {
  COLON_AT.lastIndex = at;
  const m = COLON_AT.exec(text);
  return m ? colonDirective(m) : undefined;
}

/** Every triple-colon directive in a text (named `name`, when given), in order. */
export function colonDirectives(text: string, name?: string): ColonDirective[] {
  const out: ColonDirective[] = [];
  for (const m of text.matchAll(COLON_ANY)) {
    const directive = colonDirective(m);
    if (name === undefined || directive.name === name) out.push(directive);
  }
  return out;
}

function colonDirective(m: RegExpExecArray | RegExpMatchArray): ColonDirective {
  return { raw: m[0], name: m[1]!.toLowerCase(), attributes: parseAttributes(m[2]!), index: m.index! };
}

/** `type="content" source="a.png"` → { type: 'content', source: 'a.png' } (names in lower case). */
export function parseAttributes(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(ATTRIBUTE)) out[m[1]!.toLowerCase()] = m[2]!;
  return out;
}
