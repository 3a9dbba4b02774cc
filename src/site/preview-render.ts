/**
 * A merged page (src/pipeline/preview.ts) rendered in process by the site's Markdown renderer
 * (./markdown.ts), in a standalone file with no site around it: the fuzzer's fast check that a
 * translator's text escapes as the site escapes it. `bitext preview` itself has the site build
 * the page (./build.ts, `previewFiles`), template and all.
 *
 * An MDX page has no components here: the renderer would drop every JSX element with its
 * content. Before rendering, each JSX element becomes a plain box that keeps its children,
 * `<div data-component="Card">` (`<span>` in text), and shows its translatable string props as
 * text; a formatting element (`span`, `strong`, `table`…) stays itself. Of the attributes only
 * `lang` and `dir` stay, whatever the element (a lower-case `<img onerror>` becomes an empty
 * box, not an image; `<span onclick>` a bare span). Expressions show as code, imports and exports vanish.
 */
import type { BlockContent, Nodes, Parents, PhrasingContent, Root, RootContent } from 'mdast';
import type {} from 'mdast-util-to-hast';
import { isHtmlProp, isTranslatableProp } from '../parse/mdx/translatable-props.ts';
import { escapeAttribute, escapeText } from '../xml/escape.ts';
import { createSiteMarkdownRenderer } from './markdown.ts';

export interface PreviewSource {
  /** The merged page without front matter. */
  body: string;
  mdx: boolean;
  lang: string;
  title: string;
}

let markdownRenderer: ReturnType<typeof createSiteMarkdownRenderer> | undefined;
let mdxRenderer: ReturnType<typeof createSiteMarkdownRenderer> | undefined;

/** The standalone HTML file of a preview. */
export async function renderPreviewHtml(page: PreviewSource): Promise<string> {
  const renderer = await (page.mdx ? (mdxRenderer ??= createSiteMarkdownRenderer([mdxStandIns])) : (markdownRenderer ??= createSiteMarkdownRenderer()));
  let body: string;
  try {
    // The file name only tells the renderer which syntax to parse.
    body = (await renderer.render(page.body, { fileURL: new URL(page.mdx ? 'file:///bitext-preview.mdx' : 'file:///bitext-preview.md') } as never)).code;
  } catch (error) {
    body = `<pre>${escapeText((error as Error).message)}</pre>`;
  }
  return (
    `<!doctype html>\n<html lang="${escapeAttribute(page.lang)}"><head><meta charset="utf-8"><title>${escapeText(page.title)}</title>` +
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}[data-component]{border:1px dashed #999;padding:.5rem;margin:.5rem 0;display:block}span[data-component]{display:inline;padding:0 .2rem;margin:0}[data-component]::before{content:attr(data-component);font-size:.75rem;color:#666;display:block}.bt-prop{display:block;font-weight:600}[lang=en]{background:#fff3c4}</style>' +
    `</head><body><h1>${escapeText(page.title)}</h1>\n${body}\n</body></html>\n`
  );
}

/** Elements that only format text: kept as themselves (with no attribute but `lang` and `dir`). */
const PLAIN_ELEMENTS = new Set(['span', 'div', 'p', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'code', 'kbd', 'abbr', 'br', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'table', 'thead', 'tbody', 'tr', 'td', 'th']);

interface JsxNode {
  type: 'mdxJsxFlowElement' | 'mdxJsxTextElement';
  name: string | null;
  attributes: { type: string; name?: string; value?: unknown }[];
  children: RootContent[];
}

/** Replaces the MDX nodes of a page's tree with plain Markdown nodes (see the header). */
export function mdxStandIns(tree: Root): void {
  replaceIn(tree);
}

function replaceIn(parent: Parents): void {
  const children = parent.children as RootContent[];
  for (let i = 0; i < children.length; i++) {
    const node = children[i] as Nodes & { type: string };
    const replacement = standIn(node);
    if (replacement === null) {
      children.splice(i--, 1);
      continue;
    }
    if (replacement) children[i] = replacement;
    const current = children[i]!;
    if ('children' in current) replaceIn(current);
  }
}

/** The plain node for an MDX node; null: drop it; undefined: not an MDX node. */
function standIn(node: { type: string; value?: unknown }): RootContent | null | undefined {
  switch (node.type) {
    case 'mdxjsEsm':
      return null;
    case 'mdxFlowExpression':
      return { type: 'paragraph', children: [{ type: 'inlineCode', value: `{${String(node.value)}}` }] };
    case 'mdxTextExpression':
      return { type: 'inlineCode', value: `{${String(node.value)}}` };
    case 'mdxJsxFlowElement':
    case 'mdxJsxTextElement': {
      const jsx = node as JsxNode;
      const name = jsx.name ?? 'Fragment';
      const flow = jsx.type === 'mdxJsxFlowElement';
      const props: PhrasingContent[] = [];
      for (const a of jsx.attributes) {
        if (a.type !== 'mdxJsxAttribute' || !a.name || typeof a.value !== 'string' || !isTranslatableProp(name, a.name)) continue;
        const value = isHtmlProp(name, a.name) ? htmlCharacters(a.value) : a.value;
        props.push({ type: 'emphasis', data: { hName: 'span', hProperties: { className: ['bt-prop'] } }, children: [{ type: 'text', value: `${a.name}: ${value}` }] });
      }
      // A formatting element stays itself; anything else (a component, `img`, `a`, `iframe`…) is a box.
      const tagName = PLAIN_ELEMENTS.has(name) ? name : flow ? 'div' : 'span';
      const properties: Record<string, string> = PLAIN_ELEMENTS.has(name) ? {} : { dataComponent: name };
      // `lang` and `dir` say which language text is in (merge-back marks English as `<span lang="en">`): kept, as values.
      for (const a of jsx.attributes) if (a.type === 'mdxJsxAttribute' && (a.name === 'lang' || a.name === 'dir') && typeof a.value === 'string') properties[a.name] = a.value;
      if (flow) {
        const lead: BlockContent[] = props.length ? [{ type: 'paragraph', children: props }] : [];
        // A paragraph node named `div`: Sätteri's converter honours `hName` on a parent (as ./markdown.ts does for directives).
        return { type: 'paragraph', data: { hName: tagName, hProperties: properties }, children: [...lead, ...jsx.children] as never };
      }
      return { type: 'emphasis', data: { hName: tagName, hProperties: properties }, children: [...props, ...(jsx.children as PhrasingContent[])] };
    }
    default:
      return undefined;
  }
}

/**
 * The characters a prop the component writes as HTML stands for (a translation there is
 * HTML-escaped, src/pipeline/markdown-text.ts): the basic references decoded, shown as text.
 */
function htmlCharacters(value: string): string {
  const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
  return value.replace(/&(?:(lt|gt|quot|apos|amp)|#(\d+)|#x([0-9a-f]+));/gi, (m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return named[name.toLowerCase()]!;
    const code = dec ? Number(dec) : parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
