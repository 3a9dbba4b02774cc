/**
 * What in a piece of HTML could run: `<script>` elements, event-handler attributes (`on*=`), and
 * URLs with a scheme that runs code (`javascript:`, `vbscript:`, `data:text/html`) in attributes
 * that load or follow them. A small tokenizer (tags, quoted attribute values, comments, raw-text
 * elements), enough to tell markup from escaped text, which a regular expression cannot.
 */

export interface HtmlEscape {
  kind: 'script' | 'event-handler' | 'url';
  /** The tag as written, shortened. */
  tag: string;
}

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc', 'content']);
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'plaintext']);

export function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n' };
    return named[name.toLowerCase()] ?? whole;
  });
}

export function dangerousUrl(value: string): boolean {
  // Browsers drop ASCII whitespace and controls inside the scheme.
  const url = decodeEntities(value).replace(/[\u0000-\u0020]/g, '').toLowerCase();
  return /^(?:javascript|vbscript):/.test(url) || /^data:text\/html/.test(url) || /(?:^|;)url=(?:javascript|vbscript):/.test(url);
}

/** Every escape in `html`, in document order. */
export function findHtmlEscapes(html: string): HtmlEscape[] {
  const found: HtmlEscape[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? html.length : end + 3;
      continue;
    }
    const name = /^<([a-zA-Z][^\s/>]*)/.exec(html.slice(lt, lt + 200));
    if (!name) {
      i = lt + 1;
      continue;
    }
    const tagName = name[1]!.toLowerCase();
    // Attributes up to the closing `>`, minding quotes.
    let j = lt + name[0].length;
    const attributes: { name: string; value: string }[] = [];
    while (j < html.length && html[j] !== '>') {
      const attr = /^[\s/]*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s>]*)))?/.exec(html.slice(j, j + 100_000));
      if (!attr || attr[0].length === 0) {
        j++;
        continue;
      }
      attributes.push({ name: attr[1]!.toLowerCase(), value: attr[2] ?? attr[3] ?? attr[4] ?? '' });
      j += attr[0].length;
    }
    const tag = html.slice(lt, Math.min(j + 1, lt + 160));
    if (tagName === 'script') found.push({ kind: 'script', tag });
    for (const a of attributes) {
      if (/^on[a-z]+$/.test(a.name)) found.push({ kind: 'event-handler', tag });
      else if ((URL_ATTRIBUTES.has(a.name) || a.name.endsWith(':href')) && dangerousUrl(a.value)) found.push({ kind: 'url', tag });
    }
    i = j + 1;
    if (RAW_TEXT.has(tagName)) {
      const close = html.toLowerCase().indexOf(`</${tagName}`, i);
      i = close < 0 ? html.length : close;
    }
  }
  return found;
}
