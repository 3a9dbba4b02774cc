/**
 * Astro content config of the reader site: Starlight's `docs` collection, fed by the Bitext
 * loader instead of Markdown files under src/content/docs, and its `i18n` collection (UI strings of
the site's locales).
 */
import { defineCollection } from 'astro/content/config';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { bitextDataSchema, bitextDocsLoader } from './site/loader.ts';
import { uiStringsLoader } from './site/search-ui.ts';

export const collections = {
  docs: defineCollection({ loader: bitextDocsLoader(), schema: docsSchema({ extend: bitextDataSchema }) }),
  i18n: defineCollection({ loader: uiStringsLoader(), schema: i18nSchema() }),
};
