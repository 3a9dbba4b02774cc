/**
 * Astro content config of the reader site: Starlight's `docs` collection, fed by the Bitext
 * loader instead of Markdown files under src/content/docs.
 */
import { defineCollection } from 'astro/content/config';
import { docsSchema } from '@astrojs/starlight/schema';
import { bitextDataSchema, bitextDocsLoader } from './site/loader.ts';

export const collections = {
  docs: defineCollection({ loader: bitextDocsLoader(), schema: docsSchema({ extend: bitextDataSchema }) }),
};
