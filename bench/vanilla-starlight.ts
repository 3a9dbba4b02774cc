/**
 * The baseline for `npm run bench:site`: what a user would do without Bitext. The target views
 * (and English views) of the corpus are written as plain per-locale Markdown into a temporary
 * Starlight project, with the fewest edits that let vanilla Starlight build at all
 * (STACK-NOTES.md: pages need a title, missing images stop the build, TOC.md has no front matter).
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCorpus } from '../src/parse/sxs/read.ts';
import { englishView, targetView } from '../src/model/views.ts';
import type { SxsDocument } from '../src/model/types.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));

export interface VanillaProject {
  root: string;
  pages: number;
}

/** Writes the vanilla Starlight project for the given corpus folders; returns its root. */
export async function writeVanillaProject(corpusDirs: string[]): Promise<VanillaProject> {
  // Inside the repository (git-ignored), so that packages resolve from its node_modules the
  // normal way: a symlinked node_modules makes Vite see two paths for one file.
  await mkdir(join(repo, '.bitext-tmp'), { recursive: true });
  const root = await mkdtemp(join(repo, '.bitext-tmp', 'vanilla-'));
  const locales: Record<string, { label: string; lang: string }> = {};
  const english = new Map<string, SxsDocument>();
  let pages = 0;
  for (const dir of corpusDirs) {
    const { documents } = await readCorpus(dir);
    const usable = documents.filter(isSitePage);
    const locale = usable.find((d) => d.locale)?.locale ?? 'xx-XX';
    const slug = locale.toLowerCase();
    locales[slug] = { label: locale, lang: locale };
    for (const doc of usable) {
      await writePage(root, `${slug}/${doc.path}`, plainMarkdown(targetView(doc), doc));
      pages++;
      if (!english.has(doc.path)) english.set(doc.path, doc);
    }
  }
  for (const doc of english.values()) {
    await writePage(root, `en/${doc.path}`, plainMarkdown(englishView(doc), doc));
    pages++;
  }
  await writeFile(
    join(root, 'astro.config.mjs'),
    `import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
export default defineConfig({
  integrations: [starlight({
    title: 'Vanilla Starlight',
    defaultLocale: 'en',
    locales: ${JSON.stringify({ en: { label: 'English', lang: 'en' }, ...locales })},
  })],
});
`,
  );
  await mkdir(join(root, 'src'), { recursive: true });
  await writeFile(
    join(root, 'src/content.config.ts'),
    `import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
export const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };
`,
  );
  return { root, pages };
}

/** README/CONTRIBUTING and the span-less TOC.md files are not pages. */
function isSitePage(doc: SxsDocument): boolean {
  return doc.segments.length > 0 && !/^(README|CONTRIBUTING)\.md$/i.test(doc.path);
}

/** A relative path of an image file, as a Markdown destination holds it. */
const IMAGE_FILE = String.raw`[^)\s]+\.(?:png|jpe?g|gif|svg|webp|avif|bmp|ico|tiff?)`;

/** The minimum a user must change for Starlight to build: a title, and images that exist. */
function plainMarkdown(markdown: string, doc: SxsDocument): string {
  // A relative image file becomes a site path, which Astro leaves alone (the corpus ships no media):
  // inline destinations (with a title, or inside another image's text) and reference definitions.
  let text = markdown
    .replace(new RegExp(String.raw`\]\((?!https?:|/)(${IMAGE_FILE})(\s+"[^"]*"|\s+'[^']*')?\s*\)`, 'gi'), '](/$1$2)')
    .replace(new RegExp(String.raw`^([ \t]*\[[^\]]+\]:[ \t]*)(?!https?:|/)(${IMAGE_FILE})`, 'gim'), '$1/$2');
  if (!/^---\r?\n[\s\S]*?^title:/m.test(text)) {
    const title = JSON.stringify(doc.title.source ?? doc.path);
    text = text.startsWith('---\n') ? `---\ntitle: ${title}\n${text.slice(4)}` : `---\ntitle: ${title}\n---\n${text}`;
  }
  return text;
}

async function writePage(root: string, path: string, text: string): Promise<void> {
  const file = join(root, 'src/content/docs', path);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}
