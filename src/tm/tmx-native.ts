/**
 * Inline codes of a TMX made by another tool, as Markdown. Bitext's own TMX (datatype
 * "x-markdown") keeps the Markdown inside each code, so its text reads back as is. Other tools
 * put their native markup there: HTML or XML tags (`<b>`, `<a href="…">`), an RTF control word, a
 * placeholder like `{1}`, or nothing but a TMX `type`. What has a Markdown equivalent maps to it:
 *
 * - bold (`<b>`, `<strong>`, type bold) → `**…**`; italic (`<i>`, `<em>`, type italic) → `*…*`;
 * - code (`<code>`, `<tt>`, type x-code) → `` `…` ``;
 * - a link whose start tag carries its `href` → `[…](href)`;
 * - a line break (`<br>`, type lb) → `<br/>`.
 *
 * Anything else (underline, a colour, a field, a placeholder, an isolated half `<it>`) has no
 * Markdown form that a page would show the same way: its translation unit is skipped with that
 * reason, never imported with a guessed code. Plain text is escaped where Markdown would read it
 * as markup, so imported words stay words.
 */

/** The Markdown for one paired code: what opens and what closes it. */
export interface MarkdownPair {
  open: string;
  close: string;
}

const TAG = /^\s*<\s*([A-Za-z][\w:-]*)\b([^>]*)>\s*$/;

function tagName(native: string): { name: string; attributes: string } | undefined {
  const m = TAG.exec(native);
  return m ? { name: m[1]!.toLowerCase(), attributes: m[2]! } : undefined;
}

function hrefOf(attributes: string): string | undefined {
  const m = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attributes);
  const href = m?.[1] ?? m?.[2];
  // A URL that would end the Markdown link early is not mapped.
  return href !== undefined && !/[\s()<>]/.test(href) ? href.replace(/&amp;/g, '&') : undefined;
}

/**
 * The Markdown pair for a `<bpt>` with this native content and TMX type, or a reason why there
 * is none.
 */
export function markdownPair(native: string, type: string | undefined): MarkdownPair | { reason: string } {
  const tag = tagName(native);
  const kind = tag?.name ?? (native.trim() === '' ? (type ?? '') : '');
  switch (kind) {
    case 'b':
    case 'strong':
    case 'bold':
      return { open: '**', close: '**' };
    case 'i':
    case 'em':
    case 'italic':
      return { open: '*', close: '*' };
    case 'code':
    case 'tt':
    case 'x-code':
      return { open: '`', close: '`' };
    case 'a': {
      const href = tag ? hrefOf(tag.attributes) : undefined;
      if (href) return { open: '[', close: `](${href})` };
      return { reason: `a link code without an href that Markdown can carry (${describe(native, type)})` };
    }
    default:
      return { reason: `the inline code ${describe(native, type)} has no Markdown equivalent` };
  }
}

/** The Markdown for a standalone `<ph>`, or a reason why there is none. */
export function markdownPlaceholder(native: string, type: string | undefined): { markdown: string } | { reason: string } {
  const tag = tagName(native.replace(/\/\s*>$/, '>'));
  const kind = tag?.name ?? (native.trim() === '' ? (type ?? '') : '');
  if (kind === 'br' || kind === 'lb') return { markdown: '<br/>' };
  return { reason: `the placeholder ${describe(native, type)} has no Markdown equivalent` };
}

function describe(native: string, type: string | undefined): string {
  const shown = native.trim() ? `"${native.trim().slice(0, 40)}"` : 'with no content';
  return type ? `${shown} (type ${type})` : shown;
}

/** Plain text of another tool's segment, escaped where Markdown would read it as markup. */
export function markdownText(text: string): string {
  return text.replace(/[\\*`[\]]|<(?=[A-Za-z/!])/g, (c) => `\\${c}`);
}
