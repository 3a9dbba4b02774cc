/**
 * The Astro configuration of the reader site, built from the site model: the locales come from
 * the content (English plus each corpus locale), the Markdown pipeline is unified with the Bitext
 * plugins, and Starlight gets no sidebar config (the route middleware builds it from the TOCs).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import starlight from '@astrojs/starlight';
import { unified } from '@astrojs/markdown-remark';
import type { AstroInlineConfig } from 'astro';
import { ensureSiteContext } from './loader.ts';
import { ENGLISH_CODE } from './locales.ts';
import { GENERATED_DIR } from './mdx-pages.ts';
import { remarkFastParser } from './fast-parser.ts';
import { remarkBitextLinks } from './links.ts';
import { remarkBitextRelated } from './related.ts';
import { remarkDocfxAlerts } from './docfx/alerts.ts';
import { remarkDocfxCode } from './docfx/code.ts';
import { remarkDocfxDiv } from './docfx/div.ts';
import { remarkDocfxHeadingAnchors } from './docfx/heading-anchors.ts';
import { remarkDocfxImages } from './docfx/image.ts';
import { remarkDocfxInclude } from './docfx/include.ts';
import { remarkDocfxNoLoc } from './docfx/no-loc.ts';
import { searchUiPlugin } from './search-ui.ts';

/** The repository root: Astro's root, where src/content.config.ts lives. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface SiteConfigOptions {
  /** Public URL of the site, for hreflang alternates, canonical links and the sitemap. */
  site?: string;
  outDir?: string;
}

/** Remark plugins in the order they must run: includes first, so included text gets the rest. */
export const remarkPlugins = [
  remarkFastParser,
  remarkDocfxInclude,
  remarkDocfxHeadingAnchors,
  remarkDocfxAlerts,
  remarkDocfxDiv,
  remarkDocfxImages,
  remarkDocfxNoLoc,
  remarkDocfxCode,
  // Before the links plugin: the section lists become cards, which resolve their own links.
  remarkBitextRelated,
  remarkBitextLinks,
];

export async function createSiteConfig(options: SiteConfigOptions = {}): Promise<AstroInlineConfig> {
  const { site } = await ensureSiteContext(PROJECT_ROOT);
  const locales = Object.fromEntries(site.locales.map((l) => [l.code, { label: l.label, lang: l.lang, dir: l.dir }]));
  return {
    root: PROJECT_ROOT,
    site: options.site ?? 'http://localhost:4321',
    ...(options.outDir ? { outDir: options.outDir } : {}),
    redirects: { '/': `/${ENGLISH_CODE}/` },
    markdown: {
      // Smartypants would turn the quotes of `:::image alt-text="…"` into curly ones before the
      // DocFX plugins see them; the corpus text is typeset already.
      processor: unified({ remarkPlugins, smartypants: false }),
    },
    integrations: [
      starlight({
        title: 'Bitext',
        defaultLocale: ENGLISH_CODE,
        locales,
        sidebar: [],
        routeMiddleware: './src/site/route-middleware.ts',
        // Translation badge, reading-mode control and docset search filter (./bilingual.ts).
        components: {
          PageTitle: './src/site/components/PageTitle.astro',
          Footer: './src/site/components/Footer.astro',
          Search: './src/site/components/Search.astro',
        },
        plugins: [searchUiPlugin(site.locales)],
        customCss: ['./src/site/styles/bitext.css'],
        // Generated locale versions of English MDX pages (./mdx-pages.ts) get Starlight's Markdown plugins too.
        markdown: { processedDirs: [...site.roots.map((r) => r.dir), join(PROJECT_ROOT, GENERATED_DIR)] },
      }),
    ],
  };
}
