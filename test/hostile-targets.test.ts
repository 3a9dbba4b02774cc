/**
 * The hostile-target corpus (test/support/fuzz/hostile-corpus.ts): translators' XLIFF files for
 * the default content and the fixture pages of test/fixtures/hostile/, every target a payload
 * (50 of them, rotated over sentences, titles, descriptions, Card props, alt text, link titles,
 * headings, table cells, list items, alerts and inline code data, XLIFF 1.2 and 2.1).
 *
 * One site build with them (a child process, as `bitext build`), then Chromium opens every built
 * page and listens for dialogs and console errors: no dialog may fire, no payload may become an
 * element or an attribute (`<x-pwned>`, `data-pwned`, an `on*` handler, a `javascript:` URL, a
 * script of ours that mentions a payload). The build must write nothing outside --out: the
 * content and XLIFF folders are unchanged, and no payload wrote its file.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentRoots } from '../src/site/model.ts';
import { openSite, type SiteSession } from './support/browser.ts';
import { writeHostileCorpus, type HostileCorpus } from './support/fuzz/hostile-corpus.ts';
import { TEXT_PAYLOADS } from './support/fuzz/payloads.ts';
import { buildSiteInChild } from './support/site-build.ts';

const PAYLOAD_FILES = ['/tmp/pwned-12', '/tmp/pwned-code-3'];

/** Left out of the corpus while their fix is open (each with why); everything else is in. */
const OPEN: { skipPayloads: number[]; skipKinds: string[]; why: string[] } = {
  skipPayloads: [],
  skipKinds: [],
  why: [],
};

let work: string;
/** Astro's cache of the build, outside `work` (whose files the test compares before and after the build). */
let cacheDir: string | undefined;
let out: string;
let scratch: string | undefined;
let corpus: HostileCorpus;
let before: Map<string, string>;
let log: string;

/** Every file under `dir` with its size and modification time. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    // --out and the build's reports beside it (`<out>-reports`, kept out of the published site).
    if (path === out || path.startsWith(out + '/') || path === `${out}-reports` || path.startsWith(`${out}-reports/`)) continue;
    const s = await stat(path);
    files.set(relative(dir, path), entry.isFile() ? `${s.size} ${s.mtimeMs}` : 'dir');
  }
  return files;
}

beforeAll(async () => {
  for (const f of PAYLOAD_FILES) await rm(f, { force: true });
  // Inside the project: MDX pages import Starlight's components from its node_modules.
  work = await mkdtemp(fileURLToPath(new URL('../.bitext-tmp-hostile-', import.meta.url)));
  out = join(work, 'out');
  corpus = await writeHostileCorpus(work, OPEN);
  before = await snapshot(work);
  cacheDir = join(tmpdir(), `${basename(work)}-cache`);
  const build = await buildSiteInChild({ content: await contentRoots([corpus.content]), xliff: corpus.xliff, out, cacheDir }, 'hostile');
  scratch = build.scratch;
  log = build.log;
}, 600_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('a site built from translators\' files of hostile targets', () => {
  it('the corpus has at least 50 payloads, across every kind of unit and in inline code data', () => {
    const used = new Set([...corpus.coverage.values()].flatMap((s) => [...s]));
    expect(used.size).toBeGreaterThanOrEqual(50 - OPEN.skipPayloads.length);
    expect(TEXT_PAYLOADS.length).toBeGreaterThanOrEqual(50);
    for (const kind of ['mdx title', 'mdx description', 'sxs title', 'sxs description', 'sentence', 'heading', 'table cell', 'list item', 'alert', 'component prop', 'alt text', 'link title'].filter((k) => !OPEN.skipKinds.includes(k))) {
      expect(corpus.coverage.get(kind)?.size ?? 0, kind).toBeGreaterThan(0);
    }
    expect(corpus.codePayloads).toBeGreaterThan(20);
  });

  it('the build wrote nothing outside --out, and no payload ran during the build', async () => {
    expect(await snapshot(work)).toEqual(before);
    for (const f of PAYLOAD_FILES) expect(existsSync(f), f).toBe(false);
    expect(existsSync(join(out, 'index.html')) || existsSync(join(out, 'en', 'index.html'))).toBe(true);
  });

  it('in Chromium, no page of those documents fires a dialog or has a payload as an element or attribute', async () => {
    // The documents' pages, and each locale's home page (the content's index document).
    const pages = (await readdir(out, { recursive: true })).filter((p) => p.endsWith('.html') && (/(^|\/)(bitext|hostile)\//.test(p) || /^[a-z-]+\/index\.html$/.test(p)));
    // Every hostile document, in its locale, has a page.
    for (const d of corpus.documents) {
      const slug = d.path.replace(/\.mdx?$/i, '').toLowerCase().replace(/^index$/, 'index.html');
      expect(pages.some((p) => p.startsWith(`${d.locale}/${slug}`)), `${d.locale}/${slug}`).toBe(true);
    }
    const site: SiteSession = await openSite(out);
    const problems: string[] = [];
    try {
      const tab = site.tab;
      let current = '';
      tab.on('dialog', (dialog) => {
        problems.push(`${current}: a ${dialog.type()} dialog fired: ${dialog.message()}`);
        void dialog.dismiss();
      });
      tab.on('console', (message) => {
        if (message.type() === 'error' && /pwned|alert\(/i.test(message.text())) problems.push(`${current}: console error: ${message.text()}`);
      });
      tab.on('pageerror', (error) => problems.push(`${current}: page error: ${error.message}`));
      for (const page of pages.sort()) {
        current = page;
        await tab.goto(`${site.url}/${page}`, { waitUntil: 'load' });
        await tab.waitForTimeout(150);
        const found = await tab.evaluate(() => {
          const out: string[] = [];
          if ((window as unknown as { __pwned?: unknown }).__pwned !== undefined) out.push('window.__pwned was set');
          for (const el of document.querySelectorAll('x-pwned, [data-pwned], iframe, object, embed, base, link[rel=import], form[action^="javascript" i]:not(.pagefind-ui__form), meta[http-equiv="refresh" i]')) out.push(`element ${el.outerHTML.slice(0, 120)}`);
          for (const el of document.querySelectorAll('*')) {
            for (const a of el.attributes) {
              const value = a.value.replace(/[\u0000-\u0020]/g, '').toLowerCase();
              if (a.name.startsWith('on') && /alert|pwned/.test(a.value)) out.push(`handler ${a.name} on <${el.localName}>: ${a.value.slice(0, 80)}`);
              // Pagefind's search form is ours: action="javascript:void(0);".
              if (el.matches('form.pagefind-ui__form') && value === 'javascript:void(0);') continue;
              if (/^(?:javascript|vbscript):|^data:text\/html/.test(value)) out.push(`URL ${a.name}="${a.value.slice(0, 80)}" on <${el.localName}>`);
            }
          }
          for (const s of document.querySelectorAll('script')) if (/alert\(|pwned/.test(s.textContent ?? '')) out.push(`script ${s.outerHTML.slice(0, 120)}`);
          return out;
        });
        for (const f of found) problems.push(`${page}: ${f}`);
      }
    } finally {
      await site.close();
    }
    expect(pages.length).toBeGreaterThan(20);
    expect(problems).toEqual([]);
  }, 600_000);
});


