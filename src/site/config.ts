/**
 * The Astro configuration of the reader site, built from the site model: the locales come from
 * the content (English plus each corpus locale), the Markdown pipeline is Sätteri with the Bitext
 * plugins (./markdown.ts), and Starlight gets no sidebar config (the route middleware builds it from the TOCs).
 */
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import starlight from '@astrojs/starlight';
import type { AstroInlineConfig, AstroIntegration, AstroPrerenderer, ViteUserConfig } from 'astro';
import { filesWritten, type ExpectedFile } from '../io/files-written.ts';
import type { SiteContext } from './context.ts';
import { contentModulesCode, ensureSiteContext } from './loader.ts';
import { returnFreedMemory } from './freed-memory.ts';
import { ENGLISH_CODE } from './locales.ts';
import { siteMarkdownProcessor } from './markdown.ts';
import { navFilesIntegration } from './nav-files.ts';
import { filesPerFolder, folderOfFile, isEnglishPage, pageFileOfPath, renderOrder, SearchIndexStream, searchedPageFiles } from './pagefind-bundle.ts';
import { redirectPagesIntegration } from './redirect-pages.ts';
import { englishSearchIntegration } from './search-english.ts';
import { readSiteSettings, SETTINGS_ENV, SETTINGS_FILE, starlightTitle, type SiteSettings } from './site-settings.ts';

/** The repository root: Astro's root, where src/content.config.ts lives. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SiteConfigOptions {
  /** The site to build (`bitext build` loads it first); default: the registered one, or the default content (`astro dev`). */
  context?: SiteContext;
  /**
   * Public URL of the site, for hreflang alternates, canonical links and the sitemap (default:
   * the settings' `site`). Without one the pages carry none of them: a link to a guessed host
   * (localhost) would send search engines to the wrong place.
   */
  site?: string;
  outDir?: string;
  /** More Vite plugins (a sharded build's route filter, ./shard.ts). */
  vitePlugins?: NonNullable<ViteUserConfig['plugins']>;
}

/** The site settings of this build (`--config`, else bitext.config.json at the project root). */
export function siteSettings(): SiteSettings {
  const named = process.env[SETTINGS_ENV];
  return readSiteSettings(named ? resolve(named) : join(PROJECT_ROOT, SETTINGS_FILE), Boolean(named));
}

/** The favicon's URL on the site: its path under public/, or a copy the build puts at /_bitext/. */
export function faviconUrl(file: string): string {
  const inPublic = relative(join(PROJECT_ROOT, 'public'), file);
  return !inPublic.startsWith('..') && !isAbsolute(inPublic) ? `/${inPublic.split(sep).join('/')}` : `/_bitext/favicon${extname(file).toLowerCase()}`;
}

export async function createSiteConfig(options: SiteConfigOptions = {}): Promise<AstroInlineConfig> {
  const context = options.context ?? (await ensureSiteContext(PROJECT_ROOT));
  const { site } = context;
  const settings = siteSettings();
  const locales = Object.fromEntries(site.locales.map((l) => [l.code, { label: l.label, lang: l.lang, dir: l.dir }]));
  const publicUrl = options.site ?? settings.site;
  const englishSearch = englishSearchIntegration();
  return {
    root: PROJECT_ROOT,
    ...(publicUrl ? { site: publicUrl } : {}),
    ...(options.outDir ? { outDir: options.outDir } : {}),
    build: { concurrency: RENDER_CONCURRENCY },
    markdown: {
      // Sätteri with the Bitext plugins (./markdown.ts). No smart punctuation: it would turn the
      // quotes of `:::image alt-text="…"` into curly ones, and the corpus text is typeset already.
      processor: siteMarkdownProcessor(context),
    },
    vite: {
      plugins: [projectModulesPlugin(), contentModulesPlugin(context), ...(options.vitePlugins ?? [])],
      build: {
        rolldownOptions: {
          // Astro's MDX compiler marks every MDX module with the directive "use astro:head-inject"
          // and rolldown warns that it may not keep it; Astro handles the head injection itself,
          // so the warning (a code frame per MDX page) is nothing a user can act on.
          onwarn(warning, warn) {
            if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.message.includes('astro:head-inject')) return;
            warn(warning);
          },
        },
      },
    },
    integrations: [
      // Without a public URL there is no sitemap to write: Starlight adds the sitemap integration
      // unless one is there, and that one only warns that it needs `site`.
      ...(publicUrl ? [] : [{ name: '@astrojs/sitemap', hooks: {} }]),
      // Moved pages of the content (./redirects.ts) and the site root: a page with meta refresh
      // and canonical link each, written before Starlight's search indexes the site; an incremental
      // build keeps the previous site's.
      redirectPagesIntegration(() => (context.completedFromPrevious ? new Map() : new Map([...context.site.redirects, ['/', `/${ENGLISH_CODE}/`]]))),
      searchOnceIndexed(context, englishSearch.englishPagesWritten, starlight({
        title: starlightTitle(settings.title, site.locales),
        ...(settings.logo ? { logo: { src: settings.logo } } : {}),
        ...(settings.favicon ? { favicon: faviconUrl(settings.favicon) } : {}),
        defaultLocale: ENGLISH_CODE,
        locales,
        sidebar: [],
        routeMiddleware: './src/site/route-middleware.ts',
        // Translation badge, reading-mode control and docset search filter; the English sources of
        // bilingual pages; backlinks (./bilingual.ts, ./link-graph.ts).
        components: {
          PageTitle: './src/site/components/PageTitle.astro',
          Footer: './src/site/components/Footer.astro',
          MarkdownContent: './src/site/components/MarkdownContent.astro',
          Search: './src/site/components/Search.astro',
          ThemeSelect: './src/site/components/ThemeSelect.astro',
          LanguageSelect: './src/site/components/LanguageSelect.astro',
          // Rendered once per docset and locale, each page's marks put in (./sidebar.ts).
          Sidebar: './src/site/components/Sidebar.astro',
        },
        customCss: ['./src/site/styles/bitext.css', './src/site/styles/readers.css', './src/site/styles/page-header.css'],
        // Shiki stops tokenizing a line after 500 ms by default, so on a busy machine a long code
        // line comes out with other colours: the same input must give the same page (sharded and
        // incremental builds are compared byte for byte with a single cold build).
        expressiveCode: { shiki: { transformers: [{ name: 'bitext-no-tokenize-time-limit', preprocess(_code: string, options: { tokenizeTimeLimit?: number }) { options.tokenizeTimeLimit = 0; } }] } },
        // Generated locale versions of English MDX pages (./mdx-pages.ts) are in Starlight's docs folder.
        markdown: { processedDirs: site.roots.map((r) => r.dir) },
      })),
      // The English bundle of each locale (./search-english.ts), written while the other locales render.
      englishSearch.integration,
      // Each navigation's whole sidebar, which the pages' pruned sidebars load (./nav-files.ts).
      navFilesIntegration(),
    ],
  };
}

type VitePlugin = NonNullable<ViteUserConfig['plugins']>[number];

/**
 * Starlight's integration, whose only step after the build is its Pagefind run over the whole
 * site, which this replaces: the same index, one language at a time, built while Astro renders
 * the pages (./pagefind-bundle.ts `SearchIndexStream`): Astro's prerenderer is wrapped to render
 * the pages in the order Pagefind takes them and to give each page's HTML to the index as it is
 * rendered. It is skipped when the build puts the search index together afterwards from the whole
 * site (an incremental build, ./incremental.ts): it would index the few pages Astro rendered, and
 * be thrown away. The English pages are rendered first, and `englishPagesWritten` is called once
 * they are all written (the English search bundles are made from them).
 */
function searchOnceIndexed(context: SiteContext, englishPagesWritten: () => void, integration: AstroIntegration): AstroIntegration {
  if (!integration.hooks['astro:build:done']) return integration;
  let stream: SearchIndexStream | undefined;
  let outDir = '';
  return {
    ...integration,
    hooks: {
      ...integration.hooks,
      'astro:config:done': async (options) => {
        await integration.hooks['astro:config:done']?.(options);
        outDir = fileURLToPath(options.config.outDir);
      },
      'astro:build:start': async (options) => {
        await integration.hooks['astro:build:start']?.(options);
        if (context.completedFromPrevious) return;
        const files = searchedPageFiles(context.site);
        const indexed = new SearchIndexStream(outDir, context.site.locales.map((l) => l.code), files);
        stream = indexed;
        options.setPrerenderer((astros) => indexedWhileRendering(astros, indexed, outDir, englishPagesWritten, filesPerFolder(files), (done, total) => context.progress?.({ phase: 'rendering pages', done, total })));
      },
      'astro:build:done': async () => {
        if (stream) context.progress?.({ phase: 'writing the search index' });
        await stream?.finish();
        stream = undefined;
      },
    },
  };
}

/**
 * Astro's prerenderer, rendering the pages in the order the search index takes them and giving
 * it each page's HTML as it is rendered (the response Astro writes is the same bytes), in the
 * order Astro asked for them, whatever order their renders end in (`RENDER_CONCURRENCY`). The
 * English pages come first, then the locale with the most pages to index (`indexedPages`). Once a
 * page of a third folder is asked for, every English page is in its file and the stream has
 * written the English index and that locale's (their Pagefind processes are largest then):
 * `englishPagesWritten` is called and the English bundles start processes of their own. Beside
 * the largest locale's index, the build process and a bundle's process were more than 3 GiB
 * together on the 12,000-page site (the Japanese index 1.55 GiB, a bundle 0.53 GiB).
 */
function indexedWhileRendering(
  astros: AstroPrerenderer,
  stream: SearchIndexStream,
  outDir: string,
  englishPagesWritten?: () => void,
  indexedPages: ReadonlyMap<string, number> = new Map(),
  pagesRendered: (done: number, total: number) => void = () => undefined,
): AstroPrerenderer {
  let [rendered, total] = [0, 0];
  // Until the first page after the largest locale's: whether English pages were rendered (`englishPagesWritten` is called once).
  let english: 'not yet' | 'rendering' | 'largest locale' | 'written' = englishPagesWritten ? 'not yet' : 'written';
  // The folder rendered right after English when it has pages to index: the locale with the most
  // (`renderOrder`), whose index the English bundles wait for.
  let largest: string | undefined;
  // Each English page asked for: its file and byte count once rendered (none when Astro writes no HTML for it).
  const englishPages: Promise<ExpectedFile | undefined>[] = [];
  let language: string | undefined;
  // Settled once the pages asked for so far were given to the stream (or need not be).
  let given: Promise<void> = Promise.resolve();
  return {
    ...astros,
    name: 'bitext-indexed-while-rendering',
    getStaticPaths: async () => {
      const paths = renderOrder(await astros.getStaticPaths(), indexedPages);
      total = paths.length;
      pagesRendered(rendered, total);
      return paths;
    },
    render: async (request, options) => {
      const { pathname } = new URL(request.url);
      const before = given;
      const turn = Promise.withResolvers<void>();
      given = before.then(() => turn.promise);
      const page = Promise.withResolvers<ExpectedFile | undefined>();
      try {
        if (english !== 'written') {
          const folder = folderOfFile(pageFileOfPath(pathname));
          if (isEnglishPage(pathname)) {
            english = 'rendering';
            englishPages.push(page.promise);
          } else if (english === 'rendering' && (indexedPages.get(folder) ?? 0) > 0) {
            english = 'largest locale';
            largest = folder;
          } else if (english === 'largest locale' && folder === largest) {
            // The largest locale's pages go on.
          } else if (english !== 'not yet') {
            english = 'written';
            // Astro writes a page's file after its render, and renders pages at once: the English
            // pages still being written are waited for (the build's folder is its own). The
            // English index is written when the stream is given its first page of another
            // language, which this page may not be (a fallback page is not indexed).
            void Promise.all(englishPages)
              .then((pages) => filesWritten(pages.filter((p) => p !== undefined)))
              .then(async (written) => {
                await stream.languageDone(ENGLISH_CODE);
                if (largest !== undefined) await stream.languageDone(largest);
                // Otherwise the bundles are written from the pages once they are all built.
                if (written) englishPagesWritten!();
              });
          }
        }
        // A language's Pagefind process writes its files, its largest moment, when the next
        // language begins: the build process gives back what it freed meanwhile. Before the first
        // language too, what the content sync and Vite freed (on the 12,000-page site the process
        // rendered its English pages at 1.8 GiB, 1.2 GiB after the first change of language).
        const lang = stream.languageOf(pathname);
        if (lang !== undefined && lang !== language) {
          returnFreedMemory();
          language = lang;
        }
        const result = await astros.render(request, options);
        const response = result instanceof Response ? result : result.response;
        if (lang === undefined || response.status !== 200 || !response.body || !(response.headers.get('content-type') ?? 'text/html').startsWith('text/html')) return result;
        const body = Buffer.from(await response.arrayBuffer());
        page.resolve({ file: join(outDir, pageFileOfPath(pathname)), bytes: body.length });
        await before;
        await stream.add(pathname, body);
        const copy = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
        return result instanceof Response ? copy : { ...result, response: copy };
      } finally {
        page.resolve(undefined);
        turn.resolve();
        pagesRendered(++rendered, total);
      }
    },
  };
}

/**
 * Pages Astro renders at once: it awaits each page's folder and file before it is done with the
 * page, and with one page at a time the rendering thread waited for them (idle 18 % of the page
 * generation on the 12,000-page site, `node --cpu-prof`). There, one cold build each: page
 * generation 116 s with one page at a time, 96 s with two, 97 s with four.
 */
export const RENDER_CONCURRENCY = 2;

/**
 * A build compiles its own MDX entries, whatever another build of the project wrote to the
 * shared `.astro/content-modules.mjs` (./loader.ts `contentModulesCode`). `astro dev` keeps
 * Astro's module, which follows the content as it changes.
 */
function contentModulesPlugin(context: SiteContext): VitePlugin {
  // What Astro resolves `astro:content-module-imports` to: the shared file, or its own stand-in when there is none.
  const ids = new Set([join(PROJECT_ROOT, '.astro', 'content-modules.mjs'), '\0astro:content-module-imports']);
  return {
    name: 'bitext-content-modules',
    enforce: 'pre',
    apply: 'build',
    load(id: string) {
      return ids.has(id) ? contentModulesCode(context, PROJECT_ROOT) : null;
    },
  } as VitePlugin;
}

/**
 * MDX pages of a content folder outside the project (`--content /elsewhere`) import packages
 * (`@astrojs/starlight/components`) that resolve from the project, not from their own folder,
 * which has no node_modules: a bare import of a file outside the project is resolved as if
 * the project imported it.
 */
function projectModulesPlugin(): VitePlugin {
  const importerInProject = join(PROJECT_ROOT, 'src', 'content.config.ts');
  return {
    name: 'bitext-project-modules',
    enforce: 'pre',
    async resolveId(source: string, importer: string | undefined, options: Record<string, unknown>) {
      if (!importer || /^[./\0]|^[a-z][a-z0-9+.-]*:/i.test(source) || isAbsolute(source)) return null;
      const file = importer.split('?')[0]!;
      if (!isAbsolute(file) || !relative(PROJECT_ROOT, file).startsWith('..')) return null;
      return this.resolve(source, importerInProject, { ...options, skipSelf: true });
    },
  } as VitePlugin;
}
