/**
 * The site's Markdown pipeline: Astro 7's native processor, Sätteri, with the Bitext remark
 * plugins (DocFX syntax, related-section cards, link resolution) run as one Sätteri mdast plugin.
 *
 * Why not `unified()` from @astrojs/markdown-remark: on the corpus site (1,124 pages) the unified
 * pipeline spent 10 s rendering, vanilla Starlight's whole content sync 5.5 s (`npm run bench:site
 * -- --profile`). Sätteri parses, converts to hast and serializes in native code; only our
 * transforms run in JavaScript. They stay plain remark transformers (tested on mdast, usable in
 * any unified pipeline): the plugin parses the page into a JavaScript mdast with Sätteri, runs
 * them, and hands the tree back to Sätteri, which encodes it losslessly (measured: identical HTML
 * for all 1,124 corpus pages with and without the hand-back). Starlight's Sätteri plugins
 * (asides, heading links) and Expressive Code run after ours, as they ran after ours in unified.
 */
import { fileURLToPath } from 'node:url';
import { satteri, createSatteriMarkdownProcessor } from '@astrojs/markdown-satteri';
import type { Paragraph, Root } from 'mdast';
import { defineMdastPlugin, markdownToMdast, mdxToMdast, type Features, type MdastPluginEntry } from 'satteri';
import { unified, type Processor } from 'unified';
import { VFile } from 'vfile';
import type { SiteContext, SitePluginOptions } from './context.ts';
import { remarkBitextLinks, remarkSafeUrls } from './links.ts';
import { remarkBitextRelated } from './related.ts';
import { remarkEnglishSpans } from './english-spans.ts';
import { remarkEnglishHeadings, remarkPageAnchors } from './headings.ts';
import { remarkSafeHtml } from './raw-html.ts';
import { remarkDocfxAlerts } from './docfx/alerts.ts';
import { remarkDocfxCode } from './docfx/code.ts';
import { remarkDocfxDiv } from './docfx/div.ts';
import { remarkDocfxHeadingAnchors } from './docfx/heading-anchors.ts';
import { remarkDocfxImages } from './docfx/image.ts';
import { remarkDocfxInclude } from './docfx/include.ts';
import { remarkDocfxNoLoc } from './docfx/no-loc.ts';

/**
 * A real directive (`:::note`, `:::tip[Label]`, `::name{…}`). DocFX's `:::image type=…:::` and
 * `::: zone` are not directives: parsed with directives on, they would be read as empty ones and
 * their text lost, so directives are on only where a real one occurs.
 */
const DIRECTIVE = /^[ \t>]*:{2,}[A-Za-z][\w-]*(?:[[{]|[ \t]*\r?$)/m;

/** Sätteri features matching the site processor: GFM, no smart punctuation (the corpus is typeset). */
const FEATURES: Features = { gfm: true, smartPunctuation: false };

/** The mdast of a page as Sätteri parses it (the same tree as remark-parse + remark-gfm). */
export function parseSiteMarkdown(source: string, path = ''): Root {
  if (path.endsWith('.mdx')) return mdxToMdast(source, { features: { ...FEATURES, directive: true } }) as unknown as Root;
  return markdownToMdast(source, { features: { ...FEATURES, directive: DIRECTIVE.test(source), frontmatter: false } }) as unknown as Root;
}

/**
 * The characters a line of inline Markdown shows, as the site parses it: text and code, without
 * markup or raw HTML tags (a page heading is text: Starlight writes the page H1 from it).
 */
export function inlineMarkdownText(markdown: string): string {
  const paragraph = parseSiteMarkdown(markdown.replace(/^[ \t]*#+[ \t]*/, '')).children[0];
  let text = '';
  const walk = (node: { type: string; value?: unknown; children?: unknown[] }) => {
    if (node.type === 'text' || node.type === 'inlineCode') text += String(node.value ?? '');
    else if (node.type === 'break') text += ' ';
    for (const child of (node.children ?? []) as (typeof node)[]) walk(child);
  };
  if (paragraph) walk(paragraph as never);
  return text.replace(/\s+/g, ' ').trim();
}

/** Makes a unified processor parse with Sätteri (included files are parsed through `this.parse`). */
export function remarkSiteParser(this: Processor) {
  this.parser = (document, file) => parseSiteMarkdown(document, file.path ?? '');
}

/** Remark plugins in the order they must run: includes first, so included text gets the rest. */
export const remarkPlugins = [
  // Untranslated sentences of MDX locale pages: their marks become `<span lang="en">` before anything reads text.
  remarkEnglishSpans,
  // The page's own headings, before includes add others: ids and section kinds from the English page.
  remarkEnglishHeadings,
  remarkDocfxInclude,
  // Before anything turns a link into other markup: a URL with a scheme off the allow-list is text.
  remarkSafeUrls,
  // Raw HTML of the page (and its includes) is cleaned before our plugins add their own markup.
  remarkSafeHtml,
  remarkDocfxHeadingAnchors,
  remarkDocfxAlerts,
  remarkDocfxDiv,
  remarkDocfxImages,
  remarkDocfxNoLoc,
  remarkDocfxCode,
  // Before the links plugin: the section lists become cards, which resolve their own links.
  remarkBitextRelated,
  remarkBitextLinks,
  // Last: the ids the page ends up with, for the anchor check of the link report.
  remarkPageAnchors,
];

const transformsByContext = new WeakMap<SiteContext, Processor<Root, Root, Root>>();
let transformsOfRegistered: Processor<Root, Root, Root> | undefined;

/**
 * The Bitext transforms as one unified processor (parser: Sätteri), built once per site context;
 * without one, the plugins use the registered context (./context.ts).
 */
export function bitextTransforms(context?: SiteContext): Processor<Root, Root, Root> {
  const cached = context ? transformsByContext.get(context) : transformsOfRegistered;
  if (cached) return cached;
  const options: SitePluginOptions = context ? { context } : {};
  const processor = unified()
    .use(remarkSiteParser)
    .use(remarkPlugins.map((plugin) => [plugin, options] as [typeof plugin, SitePluginOptions]))
    .freeze() as unknown as Processor<Root, Root, Root>;
  if (context) transformsByContext.set(context, processor);
  else transformsOfRegistered = processor;
  return processor;
}

/**
 * The Bitext transforms as a Sätteri mdast plugin, for the pages of `context`. Runs before
 * Sätteri's own visitors: the page is parsed again into a JavaScript tree (Sätteri's own tree is
 * native and read-only here), transformed and swapped in for the root. Plugins find their page
 * through the file path (./context.ts).
 */
export function bitextMdastPlugin(context?: SiteContext, after: readonly ((tree: Root) => void)[] = []): MdastPluginEntry {
  return ({ fileURL, sourceFormat }) => ({
    name: 'bitext',
    before(root, ctx) {
      const path = fileURL ? fileURLToPath(fileURL) : '';
      const source = ctx.source;
      const tree = parseSiteMarkdown(source, sourceFormat === 'mdx' && !path.endsWith('.mdx') ? `${path}.mdx` : path);
      bitextTransforms(context).runSync(tree, new VFile(path ? { path, value: source } : { value: source }));
      for (const transform of after) transform(tree);
      ctx.replaceNode(root, tree as never);
    },
  });
}

/** The `markdown.processor` of the site's Astro config: the plugins render the pages of `context`. */
export function siteMarkdownProcessor(context: SiteContext) {
  return satteri({ mdastPlugins: [bitextMdastPlugin(context)], features: { ...FEATURES } });
}

/**
 * Outside Astro, Starlight's aside plugin is absent and Sätteri drops a directive nobody claims:
 * keep its content, in a `div` named after it (what mdast-util-to-hast does with unknown nodes).
 */
const keepDirectives = defineMdastPlugin({
  name: 'bitext-keep-directives',
  containerDirective(node) {
    return { type: 'paragraph', data: { hName: 'div', hProperties: { className: [`directive-${node.name}`] } }, children: [...node.children] } as unknown as Paragraph;
  },
});

/**
 * The same pipeline outside Astro (tests, previews): Sätteri with the Bitext plugin and Astro's
 * own plugins (heading ids, images, Shiki), without Starlight's. `after`: transforms that run on
 * the page's mdast after the Bitext ones (the preview's stand-ins for MDX components); `context`:
 * the site rendered (default: the registered one).
 */
export function createSiteMarkdownRenderer(after: readonly ((tree: Root) => void)[] = [], context?: SiteContext) {
  const plugin = bitextMdastPlugin(context, after);
  return createSatteriMarkdownProcessor({ mdastPlugins: [plugin, keepDirectives], features: { ...FEATURES }, smartypants: false });
}
