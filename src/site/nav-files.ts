/**
 * A navigation's file: the whole sidebar of one docset in one locale, written once per build as
 * `/_bitext/nav/<hash>.json`. A page carries its sidebar pruned (./sidebar.ts: folded groups
 * without their entries) and its script puts the whole one in from this file, which the browser
 * fetches once per docset and keeps (the name changes with the content). Without it every page
 * would carry its docset's whole sidebar: most of a page's bytes, and a site that grows with the
 * square of its docsets' size.
 *
 * Only builds write the files (`astro:build:start` gives the site context a `navFiles` map,
 * which the sidebar component fills); `astro dev` shows each page's whole sidebar.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { getSiteContext } from './context.ts';

const NAV_DIR = '/_bitext/nav/';

/** The site path of the file of a navigation whose unmarked sidebar HTML is `html`. */
export function navFilePath(html: string): string {
  return `${NAV_DIR}${createHash('sha256').update(html).digest('hex').slice(0, 16)}.json`;
}

/** What the file holds: the unmarked sidebar, as the page's script reads it. */
export function navFileContent(html: string): string {
  return JSON.stringify({ html });
}

export function navFilesIntegration(): AstroIntegration {
  return {
    name: 'bitext-nav-files',
    hooks: {
      'astro:build:start': () => {
        const ctx = getSiteContext();
        if (ctx) ctx.navFiles = new Map();
      },
      'astro:build:done': async ({ dir }) => {
        const files = getSiteContext()?.navFiles;
        if (!files) return;
        const root = fileURLToPath(dir);
        for (const [path, html] of files) {
          const file = join(root, path);
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, navFileContent(html));
        }
      },
    },
  };
}
