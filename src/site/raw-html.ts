/**
 * Raw HTML in a page's Markdown (an sxs corpus writes `<a name>`, `<br>`, tables, `<img>`…) is
 * data from a corpus, not code: it may shape the page, never run. Before our own plugins add
 * their markup, every `html` node of the page (and of its includes) is cleaned:
 *
 * - elements that run or load code or change where the page points (`script`, `style`, `iframe`,
 *   `object`, `embed`, `base`, `meta`, `link`, `form`, `svg`, `math`, `template`…) are shown as
 *   text, as is a tag or comment that does not end inside the node (it would otherwise swallow
 *   the markup that follows);
 * - other tags lose their event handlers (`on*`), `srcdoc`, URLs whose scheme is off the
 *   allow-list (./links.ts `isAllowedUrl`, after decoding character references as a browser
 *   does) and styles that can load a URL or run (`url(javascript:…)`, `expression(`).
 *
 * A tag with nothing to remove keeps its bytes; a cleaned tag is written again from what is left.
 */
import type { Html, Root } from 'mdast';
import { escapeAttribute, escapeText } from '../xml/escape.ts';
import { isAllowedUrl } from './links.ts';
import { visitType } from './mdast-visit.ts';

const SHOWN_AS_TEXT = new Set([
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form', 'svg', 'math',
  'template', 'noscript', 'xmp', 'plaintext', 'noembed', 'noframes', 'title', 'textarea', 'select', 'portal', 'fencedframe',
  'html', 'head', 'body', 'dialog', 'slot', 'isindex', 'listing', 'image',
]);

const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'cite', 'data', 'longdesc', 'lowsrc', 'dynsrc', 'ping', 'manifest', 'codebase', 'archive', 'usemap', 'itemtype']);

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", colon: ':', tab: '\t', newline: '\n', lpar: '(', rpar: ')', sol: '/', bsol: '\\', period: '.', comma: ',', semi: ';', nbsp: '\u00a0' };

/** An attribute value as the browser reads it (character references decoded). */
function decode(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);?/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '\ufffd';
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

function safeAttribute(name: string, value: string): boolean {
  if (/^on/i.test(name) || name === 'srcdoc' || name.startsWith('xmlns')) return false;
  const decoded = decode(value);
  if (URL_ATTRIBUTES.has(name) || name.endsWith(':href')) return isAllowedUrl(decoded);
  if (name === 'srcset' || name === 'imagesrcset') return decoded.split(',').every((candidate) => isAllowedUrl(candidate.trim().split(/\s+/)[0] ?? ''));
  if (name === 'style') {
    if (/expression\s*\(|behavior\s*:|-moz-binding|javascript:|vbscript:/i.test(decoded)) return false;
    for (const m of decoded.matchAll(/url\s*\(\s*['"]?([^'")]*)/gi)) if (!isAllowedUrl(m[1]!.trim())) return false;
  }
  return true;
}

const ATTRIBUTE = /^[\s/]*([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"'=<`]+)))?/;

/** Raw HTML of a page with what could run removed (see the module comment). */
export function cleanRawHtml(html: string): string {
  let out = '';
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    out += html.slice(i, lt);
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      if (end < 0) {
        out += '&lt;';
        i = lt + 1;
      } else {
        out += html.slice(lt, end + 3);
        i = end + 3;
      }
      continue;
    }
    const name = /^<(\/?)([a-zA-Z][^\s/>]*)/.exec(html.slice(lt, lt + 256));
    if (!name) {
      // `<!DOCTYPE`, `<?…`, `<![CDATA[`, or a `<` that starts no tag: text.
      out += /^<[!?]/.test(html.slice(lt, lt + 2)) ? '&lt;' : '<';
      i = lt + 1;
      continue;
    }
    const tagName = name[2]!.toLowerCase();
    let j = lt + name[0].length;
    const attributes: { name: string; raw: string; value: string | undefined }[] = [];
    let ended = false;
    while (j < html.length) {
      if (html[j] === '>') {
        ended = true;
        break;
      }
      const attr = ATTRIBUTE.exec(html.slice(j, j + 65_536));
      if (!attr || attr[0].length === 0) {
        j++;
        continue;
      }
      attributes.push({ name: attr[1]!.toLowerCase(), raw: attr[0], value: attr[2] ?? attr[3] ?? attr[4] });
      j += attr[0].length;
    }
    if (!ended || SHOWN_AS_TEXT.has(tagName) || tagName.includes(':')) {
      out += '&lt;';
      i = lt + 1;
      continue;
    }
    const tag = html.slice(lt, j + 1);
    const kept = attributes.filter((a) => safeAttribute(a.name, a.value ?? ''));
    if (kept.length === attributes.length) out += tag;
    else {
      const selfClosing = /\/\s*>$/.test(tag);
      out += `<${name[1]}${tagName}${kept.map((a) => (a.value === undefined ? ` ${escapeText(a.name)}` : ` ${escapeText(a.name)}="${escapeAttribute(decode(a.value))}"`)).join('')}${selfClosing ? ' /' : ''}>`;
    }
    i = j + 1;
  }
  return out + html.slice(i);
}

/** The remark plugin: cleans every raw HTML node of the page (run before our plugins add theirs). */
export function remarkSafeHtml() {
  return (tree: Root) => {
    visitType(tree, 'html', (node: Html) => {
      const clean = cleanRawHtml(node.value);
      if (clean !== node.value) node.value = clean;
    });
  };
}
