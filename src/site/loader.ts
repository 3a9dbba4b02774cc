/**
 * The Astro content-layer loader of the reader site: pages come from the site model (sxs corpora
 * read in memory), never from Markdown files written into the repository.
 *
 * Each page is rendered with `renderMarkdown` under the file URL `src/content/docs/<id>.md`: that
 * is where Starlight's own Markdown plugins (asides, heading links) act, and where the Bitext
 * plugins find the page in the shared site context. The rendered HTML stays in that context and
 * reaches the page through components/MarkdownContent.astro; the store keeps the rest. MDX pages
 * written by us are real files and are compiled by Astro (deferred render).
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { setImmediate as eventLoopTurn } from 'node:timers/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { MarkdownHeading } from 'astro';
import type { Loader } from 'astro/loaders';
import { getSiteContext, setSiteContext, type SiteContext } from './context.ts';
import { loadSite, type SitePage } from './model.ts';
import { GENERATED_DIR, localeMdxPages } from './mdx-pages.ts';
import { loadXliffTargets } from './xliff-targets.ts';
import { ENGLISH_CODE } from './locales.ts';
import { navStrings } from './nav-strings.ts';
import { linkGraph } from './link-graph.ts';
import { datingFiles, pageStrings } from './page-meta.ts';
import { SpilledTexts } from './spilled-text.ts';
import { TextMeasures } from './text-measures.ts';

/**
 * Pages rendered between two turns of the event loop. Sätteri frees the native memory of a
 * rendered page's trees in finalizers, which run only when the event loop turns: rendered in one
 * unbroken chain of promises, every page's memory stays until the last page is done (on the
 * 12,000-page site the process grew by 1 GB of native memory, which it then kept to the end).
 */
const PAGES_PER_TURN = 20;

/** Id of the entry Starlight renders for addresses that have no page. */
const NOT_FOUND_ID = '404';

/** Environment variable with the content folders (JSON array) for `astro build` / `astro dev`. */
export const CONTENT_ENV = 'BITEXT_CONTENT';
/** Environment variable with the XLIFF folder for `astro dev` over CONTENT_ENV (the default content uses xliff/). */
export const XLIFF_ENV = 'BITEXT_XLIFF';

/** The content folders and the XLIFF folder that `astro dev` reads (and watches). */
export function devSources(root: string): { content: string[]; xliff: string | undefined } {
  const fromEnv = process.env[CONTENT_ENV];
  return {
    content: fromEnv ? (JSON.parse(fromEnv) as string[]) : [join(root, 'content')],
    xliff: process.env[XLIFF_ENV] ?? (fromEnv ? undefined : join(root, 'xliff')),
  };
}

/** The site context of this process, loading the model when the build did not provide one. */
export async function ensureSiteContext(root = process.cwd()): Promise<SiteContext> {
  const existing = getSiteContext();
  if (existing) return existing;
  return setSiteContext(await loadDefaultSite(root));
}

/**
 * The model for `astro dev` / `astro build` without `bitext build`: the content of CONTENT_ENV,
 * or the default content with the translators' files of `<root>/xliff` (English MDX pages then
 * get their locale versions, ./mdx-pages.ts).
 */
async function loadDefaultSite(root: string) {
  const { content, xliff: xliffDir } = devSources(root);
  if (xliffDir === undefined || !existsSync(xliffDir)) return loadSite({ content });
  const xliff = await loadXliffTargets(xliffDir);
  return loadSite({
    content,
    targetsFor: xliff.targetsFor,
    unitStatusFor: xliff.unitStatusFor,
    metadataFor: xliff.metadataFor,
    tocNamesFor: xliff.tocNamesFor,
    uiStrings: xliff.uiStrings,
    xliffLocales: xliff.locales,
    localeMdxFor: localeMdxPages({ root, content, xliff: xliffDir, mergedFor: xliff.mergedFor, unitStatusFor: xliff.unitStatusFor }),
  });
}

/**
 * The `filePath` of an MDX page's entry, which Astro compiles (deferred render). Astro reads it as
 * a URL relative to the root (`new URL(filePath, root)`): a file name with `%`, `#` or `?` must
 * reach it escaped, or it names another file.
 */
function mdxEntryPath(root: string, file: string): string {
  return relative(root, file).split(sep).map(encodeURIComponent).join('/');
}

/**
 * Whether Astro gets a content entry for the page: every page, unless the build renders part of
 * the site (`SiteContext.renders`), which gives entries only for the pages it renders. The others
 * are in the site model alone, so Astro neither validates, stores, bundles nor routes them.
 * Starlight's routes for the pages rendered are the same, since a locale's route falls back to an
 * English entry only when the locale lacks the page, and the route filter (./shard.ts) keeps no
 * other route; sidebars, links and fallbacks come from the site model.
 */
function hasEntry(ctx: SiteContext, page: SitePage): boolean {
  return !ctx.renders || ctx.renders.has(page.id);
}

/**
 * The module Astro's build imports to compile each MDX entry (`astro:content-module-imports`), made
 * from this build's site model. Astro writes it to `<root>/.astro/content-modules.mjs` when it
 * syncs the content and reads it back while bundling; every build of the project shares that
 * file, so a build running at the same time (or one before it, when Astro finds its own store
 * unchanged and keeps the file) would make this one compile another build's locale copies: pages
 * with the wrong text, no heading ids, no "Next steps" cards, or none at all. Each line is what
 * Astro 7.3 writes for an entry (`contentModuleToId` of astro/dist/content/utils.js), for the
 * MDX pages that have one (`hasEntry`).
 */
export function contentModulesCode(ctx: SiteContext, root: string): string {
  const deferred = 'astro:content-layer-deferred-module';
  const lines = [...ctx.site.pages.values()]
    .filter((page) => page.kind === 'mdx' && hasEntry(ctx, page))
    .map((page) => mdxEntryPath(root, page.file))
    .sort((a, b) => a.localeCompare(b))
    .map((fileName) => {
      const params = new URLSearchParams(deferred);
      params.set('fileName', fileName);
      params.set('astroContentModuleFlag', 'true');
      return `[${JSON.stringify(fileName)}, () => import(${JSON.stringify(`${deferred}?${params.toString()}`)})]`;
    });
  return `export default new Map([\n${lines.join(',\n')}]);\n`;
}

/** The key of a page's English tail in `SiteContext.htmlTails` (which may share the store of the pages' HTML). */
const tailKey = (id: string): string => `${id}\0tail`;

/** The English sources that close a bilingual page (./bilingual.ts), wherever the build keeps them. */
export function pageHtmlTail(ctx: SiteContext, page: SitePage): string | undefined {
  return page.htmlTail ?? ctx.htmlTails?.get(tailKey(page.id));
}

/** The key of a page's headings (JSON) in `SiteContext.renderedHtml`. */
const headingsKey = (id: string): string => `${id}\0headings`;

/** The headings of a page the loader rendered, for its contents (./page-contents.ts); MDX pages have theirs from Astro. */
export function pageHeadings(ctx: SiteContext, id: string): MarkdownHeading[] {
  const json = ctx.renderedHtml.get(headingsKey(id));
  return json === undefined ? [] : (JSON.parse(json) as MarkdownHeading[]);
}

export function docsFilePath(root: string, id: string): string {
  return join(root, 'src', 'content', 'docs', `${id}.md`).replace(/\\/g, '/');
}

export function bitextDocsLoader(): Loader {
  return {
    name: 'bitext-docs',
    async load({ store, parseData, renderMarkdown, generateDigest, config, logger, watcher }) {
      const root = fileURLToPath(config.root);
      // `astro dev`: an edited, added or removed page (MDX, sxs Markdown, YAML), TOC or XLIFF file
      // reloads the site model and every page, so the browser shows it without a restart; edited
      // English MDX pages also regenerate their locale versions (issue 4 §7, issue 5 §5).
      if (watcher) {
        const { content, xliff } = devSources(root);
        const watched = [...content, ...(xliff ? [xliff] : [])].map((d) => resolve(d));
        watcher.add(watched);
        let running: Promise<void> | undefined;
        let again = false;
        const reload = (path: string) => {
          if (!/\.(mdx?|xlf|xliff|ya?ml)$/i.test(path) || path.includes(GENERATED_DIR)) return;
          if (!watched.some((d) => path === d || path.startsWith(d + sep))) return;
          // Editors and atomic writes fire several events: one reload at a time, and one more after it.
          if (running) {
            again = true;
            return;
          }
          running = (async () => {
            do {
              again = false;
              setSiteContext(await loadDefaultSite(root));
              await populate();
            } while (again);
            logger.info(`reloaded after a change to ${relative(root, path)}`);
          })()
            .catch((error: unknown) => logger.error(`reload after a change to ${relative(root, path)} failed: ${(error as Error).message}`))
            .finally(() => (running = undefined));
        };
        for (const event of ['change', 'add', 'unlink'] as const) watcher.on(event, reload);
      }
      await populate();

      async function populate() {
        const ctx = await ensureSiteContext(root);
        const { site } = ctx;
        const started = performance.now();
        // A build renders each page once: the backlinks are read from the Markdown first (./link-graph.ts),
        // then each page's Markdown is let go once it is rendered (`astro dev` keeps it for reloads).
        const releaseMarkdown = !watcher;
        if (releaseMarkdown) {
          linkGraph(site);
          // Each page's HTML waits in a scratch file, not in the heap, for Astro to generate the page.
          if (!(ctx.renderedHtml instanceof SpilledTexts)) ctx.renderedHtml = new SpilledTexts();
          ctx.htmlTails ??= ctx.renderedHtml;
        }
        store.clear();
        // A build measures each page's text in a worker thread as it goes (./text-measures.ts).
        const measures = releaseMarkdown ? new TextMeasures((ctx.measured ??= new Map())) : undefined;
        const langOf = new Map(site.locales.map((l) => [l.code, l.lang]));
        let given = 0;
        for (const page of site.pages.values()) {
          if (++given % PAGES_PER_TURN === 0) await eventLoopTurn();
          ctx.progress?.({ phase: 'rendering the content', done: given, total: site.pages.size });
          // Not rendered by this build (another shard's, kept from the previous site, not
          // previewed): no entry, and no plugin will look for it.
          if (!hasEntry(ctx, page)) continue;
          const fakePath = page.kind === 'mdx' ? undefined : docsFilePath(root, page.id);
          ctx.pageByFile.set(fakePath ?? page.file.replace(/\\/g, '/'), page);
          // The entry holds what Starlight reads; Bitext's components read the page from the site model.
          const data = await parseData({ id: page.id, data: { title: page.title, ...(page.description ? { description: page.description } : {}), editUrl: false } });
          if (fakePath === undefined) {
            store.set({ id: page.id, data, filePath: mdxEntryPath(root, page.file), digest: generateDigest(page.file + page.title), deferredRender: true });
            continue;
          }
          const markdown = page.markdown ?? '';
          // A leading newline keeps a body that starts with `---` (a rule) from being read as front matter.
          const rendered = await renderMarkdown(`\n${markdown}`, { fileURL: pathToFileURL(fakePath) });
          // The HTML and the headings go to the page through the site context, the store keeps the
          // rest: see SiteContext.renderedHtml. Bilingual pages close with the English sources, also
          // added at page generation (components/MarkdownContent.astro).
          ctx.renderedHtml.set(page.id, rendered.html);
          measures?.add({ id: page.id, html: rendered.html, lang: langOf.get(page.locale) ?? page.locale, heading: page.heading ?? page.title, datedBy: datingFiles(site, page) });
          const headings = rendered.metadata?.headings ?? [];
          if (headings.length > 0) ctx.renderedHtml.set(headingsKey(page.id), JSON.stringify(headings));
          store.set({ id: page.id, data, rendered: { html: '' }, digest: generateDigest(markdown), filePath: relative(root, fakePath).replace(/\\/g, '/') });
          if (releaseMarkdown) {
            delete page.markdown;
            if (page.htmlTail !== undefined) {
              ctx.htmlTails!.set(tailKey(page.id), page.htmlTail);
              delete page.htmlTail;
            }
          }
        }
        measures?.close();
        // Astro bundles the site next.
        ctx.progress?.({ phase: 'bundling the site' });
        // Starlight's 404 route looks up a `404` entry: give it one (it warns on every build
        // otherwise). As a draft it is not also built as a docs page at /404/.
        if (!site.pages.has(NOT_FOUND_ID)) {
          const strings = navStrings(ENGLISH_CODE);
          const data = await parseData({
            id: NOT_FOUND_ID,
            data: { title: strings.notFoundTitle, template: 'splash', hero: { tagline: strings.notFoundText, actions: [{ text: pageStrings(ENGLISH_CODE).home, link: `/${ENGLISH_CODE}/`, variant: 'primary', attrs: { class: 'bt-home-link' } }] }, editUrl: false, pagefind: false, draft: true },
          });
          const filePath = relative(root, docsFilePath(root, NOT_FOUND_ID)).replace(/\\/g, '/');
          store.set({ id: NOT_FOUND_ID, data, rendered: { html: '' }, digest: generateDigest(NOT_FOUND_ID), filePath });
        }
        logger.info(`${site.pages.size} pages in ${site.locales.length} locales rendered in ${Math.round(performance.now() - started)} ms`);
      }
    },
  };
}
