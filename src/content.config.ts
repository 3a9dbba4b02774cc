/**
 * Astro content config of the reader site: Starlight's `docs` collection, fed by the Bitext
 * loader instead of Markdown files under src/content/docs, and its `i18n` collection (UI strings of
the site's locales).
 */
import { defineCollection } from 'astro/content/config';
import { docsSchema, i18nSchema } from '@astrojs/starlight/schema';
import { bitextDocsLoader } from './site/loader.ts';
import { uiStringsLoader } from './site/search-ui.ts';

const starlightDocsSchema = docsSchema();
type DocsSchema = ReturnType<typeof starlightDocsSchema>;
let docsSchemaBuilt: DocsSchema | undefined;

/**
 * Starlight's schema, built once: Astro calls a collection's schema function for every entry it
 * validates (to give it an `image()` that resolves images next to that entry's file), and building
 * Starlight's schema cost more than validating the entry: the loader took 2.9 s for the 1,105
 * pages of the ru + de corpus, kept pages included, and 0.3 s with the schema built once (on the
 * shared 2-core machine). The Bitext loader's entries carry no image (no hero image, no cover):
 * which entry's `image()` the schema was built with changes nothing.
 */
function bitextDocsSchema(context: Parameters<typeof starlightDocsSchema>[0]): DocsSchema {
  docsSchemaBuilt ??= starlightDocsSchema(context);
  return docsSchemaBuilt;
}

export const collections = {
  docs: defineCollection({ loader: bitextDocsLoader(), schema: bitextDocsSchema }),
  i18n: defineCollection({ loader: uiStringsLoader(), schema: i18nSchema() }),
};
