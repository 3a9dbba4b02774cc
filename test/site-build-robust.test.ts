/**
 * Build inputs that used to stop the whole build: content files whose names hold `%`, spaces,
 * `#`, `?`, non-ASCII letters or upper case; English MDX pages in a content folder outside the
 * project (their imports resolve from the project); and `--out` on another filesystem than the
 * working folder (`/dev/shm`, a tmpfs: Astro's assets cannot be renamed across). Each file
 * becomes a page at a URL-safe slug, or a diagnostic for that file alone; the others build.
 */
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSiteInChild } from './support/site-build.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/site/corpus.ru-ru/', import.meta.url));
/** A filesystem other than the one of the repository and the temporary folder. */
const OTHER_FS = '/dev/shm';

/** File name → the slug its page gets. */
const SXS_NAMES: Record<string, string> = {
  'per%20cent.md': 'per-20cent',
  'two words.md': 'two-words',
  'hash#tag.md': 'hash-tag',
  'why?.md': 'why-',
  'Über Größe.md': 'über-größe',
  'UPPER Case.md': 'upper-case',
  '日本語.md': '日本語',
};
const MDX_NAMES: Record<string, string> = {
  '100%25 sure.mdx': '100-25-sure',
  'Zwei Wörter.mdx': 'zwei-wörter',
  'UPPER.mdx': 'upper',
};
const MDX_REFUSED = ['hash#tag.mdx', 'why?.mdx'];

let work: string;
let out: string;
let scratch: string;
let log: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-robust-'));
  out = await mkdtemp(join(OTHER_FS, 'bitext-robust-out-'));
  await rm(out, { recursive: true });
  const corpus = join(work, 'corpus.ru-ru');
  await cp(FIXTURE, corpus, { recursive: true });
  const alpha = await readFile(join(corpus, 'docs/alpha.md'), 'utf8');
  for (const name of Object.keys(SXS_NAMES)) await writeFile(join(corpus, 'docs', name), alpha);
  // English MDX pages outside the project, one with a Starlight component, one linking to the odd names.
  const pages = join(work, 'pages');
  await mkdir(join(pages, 'en/docs'), { recursive: true });
  const page = (title: string, body = 'Some *text*.') => `---\ntitle: ${title}\n---\n\n${body}\n`;
  await writeFile(
    join(pages, 'en/docs/cards.mdx'),
    `---\ntitle: Cards\n---\nimport { Card } from '@astrojs/starlight/components';\n\n<Card title="Card outside">Body of the card.</Card>\n\n[Per cent](per%2520cent.md) and [two words](two%20words.md).\n`,
  );
  for (const name of [...Object.keys(MDX_NAMES), ...MDX_REFUSED]) await writeFile(join(pages, 'en/docs', name), page(`Page ${name}`));
  ({ log, scratch } = await buildSiteInChild({ content: [corpus, pages], out, cacheDir: join(work, 'cache') }, 'robust'));
}, 300_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  // The build's reports go beside its folder (`<out>-reports`), on that filesystem too.
  if (out) for (const dir of [out, `${out}-reports`]) await rm(dir, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('build inputs that stopped the build', () => {
  it('builds into a folder on another filesystem', () => {
    expect(statSync(OTHER_FS).dev, `${OTHER_FS} must be another filesystem than ${tmpdir()}`).not.toBe(statSync(tmpdir()).dev);
    expect(existsSync(join(out, 'ru-ru/docs/alpha/index.html'))).toBe(true);
    expect(existsSync(join(out, 'pagefind/pagefind-entry.json'))).toBe(true);
  });

  it('gives every odd file name a page at a URL-safe slug', () => {
    for (const [name, slug] of Object.entries(SXS_NAMES)) {
      for (const locale of ['ru-ru', 'en']) expect(existsSync(join(out, locale, 'docs', slug, 'index.html')), `${name} in ${locale}`).toBe(true);
    }
    for (const [name, slug] of Object.entries(MDX_NAMES)) expect(existsSync(join(out, 'en/docs', slug, 'index.html')), name).toBe(true);
  });

  it('compiles MDX pages outside the project with their imports, and links to odd names', async () => {
    const html = await readFile(join(out, 'en/docs/cards/index.html'), 'utf8');
    expect(html).toContain('Card outside');
    expect(html).toContain('Body of the card.');
    expect(html).toContain('href="/en/docs/per-20cent/"');
    expect(html).toContain('href="/en/docs/two-words/"');
  });

  it('reports an MDX page whose name Astro cannot compile, with its file, and leaves it out', () => {
    for (const name of MDX_REFUSED) {
      expect(log).toContain(`${join(work, 'pages/en/docs', name)}:1:1: error unsupported-file-name:`);
    }
    expect(existsSync(join(out, 'en/docs/hash-tag/index.html'))).toBe(true); // the sxs page of that name
  });
});
