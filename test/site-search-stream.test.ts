/**
 * The search index built while the pages render (src/site/pagefind-bundle.ts `SearchIndexStream`):
 * when a language's index is written, which other work that starts a Pagefind process of its own
 * (the English search bundles) waits for. Real Pagefind processes, pages of two languages.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pagefindLanguageOf, pagefindView, SearchIndexStream } from '../src/site/pagefind-bundle.ts';
import { encodeFragmentFile, fragmentUrl, readFragmentFile } from '../src/site/pagefind-files.ts';

const page = (lang: string, text: string) =>
  `<!doctype html><html lang="${lang}"><head><title>${text}</title></head><body><main data-pagefind-body><h1>${text}</h1><p>${text} ${text}</p></main></body></html>`;

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function stream(more: string[] = [], heldChars?: number): Promise<{ dir: string; stream: SearchIndexStream }> {
  const dir = await mkdtemp(join(tmpdir(), 'bitext-stream-'));
  dirs.push(dir);
  const pages = new Set(['en/a/index.html', 'en/b/index.html', 'ru-ru/a/index.html', ...more]);
  return { dir, stream: new SearchIndexStream(dir, ['en', 'ru-ru'], pages, heldChars === undefined ? {} : { heldChars }) };
}

/** The files of a site's search index, by name: their bytes. */
async function indexFiles(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const e of await readdir(join(dir, 'pagefind'), { recursive: true, withFileTypes: true })) {
    if (e.isFile()) files.set(join(e.parentPath, e.name).slice(dir.length), await readFile(join(e.parentPath, e.name)));
  }
  return files;
}

/** Whether `promise` has settled once the work queued so far has had its turns. */
async function settled(promise: Promise<void>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('search index stream: when a language is done', () => {
  it('resolves once the language is written, when the first page of the next language is given', async () => {
    const { dir, stream: s } = await stream();
    await s.add('/en/a/', page('en', 'Translation memory'));
    await s.add('/en/b/', page('en', 'Segment states'));
    const english = s.languageDone('en');
    expect(await settled(english)).toBe(false);
    // A fallback page (not indexed) does not end the language.
    await s.add('/ru-ru/fallback/', page('ru', 'Fallback'));
    expect(await settled(english)).toBe(false);
    await s.add('/ru-ru/a/', page('ru', 'Память переводов'));
    await english;
    // The English index is on disk; Russian is still being given.
    const languages = (await readdir(join(dir, 'pagefind'), { recursive: true })).map((f) => pagefindLanguageOf(`pagefind/${f}`));
    expect(languages).toContain('en');
    expect(languages).not.toContain('ru-ru');
    expect(await settled(s.languageDone('en'))).toBe(true);
    await s.finish();
    expect(s.indexedWhileGiven.sort()).toEqual(['en', 'ru-ru']);
    expect(existsSync(join(dir, 'pagefind', 'pagefind-entry.json'))).toBe(true);
  }, 60_000);

  it('resolves at once for a language the stream has not started, and at the end for the last one', async () => {
    const { stream: s } = await stream();
    expect(await settled(s.languageDone('ru-ru'))).toBe(true);
    await s.add('/en/a/', page('en', 'Translation memory'));
    const english = s.languageDone('en');
    expect(await settled(english)).toBe(false);
    await s.finish();
    expect(await settled(english)).toBe(true);
  }, 60_000);

  it('takes the next language\'s pages while the index of the one before is written, in memory or in a scratch file', async () => {
    const russian = Array.from({ length: 60 }, (_, k) => `ru-ru/p${String(k).padStart(2, '0')}/index.html`);
    const indexes: Map<string, Buffer>[] = [];
    // Held in memory, and (all but the first) spilled.
    for (const heldChars of [undefined, 300]) {
      const { dir, stream: s } = await stream(russian, heldChars);
      await s.add('/en/a/', page('en', 'Translation memory'));
      const english = s.languageDone('en');
      // Many more pages than Pagefind is sent ahead of its answers: none of them waits for the English files.
      for (const rel of russian) await s.add(`/${rel.slice(0, -'index.html'.length)}`, page('ru', `Память переводов ${rel}`));
      expect(await settled(english)).toBe(false);
      await s.finish();
      expect(s.indexedWhileGiven.sort()).toEqual(['en', 'ru-ru']);
      indexes.push(await indexFiles(dir));
    }
    expect(indexes[0]!.size).toBeGreaterThan(5);
    expect(indexes[1]).toEqual(indexes[0]);
  }, 60_000);
});

describe('fragmentUrl', () => {
  it('reads a page\'s URL from the first bytes of its fragment; none from a group of pages, or a URL past them', async () => {
    const { dir, stream: s } = await stream(['en/c/index.html']);
    await s.add('/en/a/', page('en', 'Translation memory'));
    await s.add('/en/b/', page('en', 'Segment states'));
    await s.add('/en/c/', page('en', 'Glossary'));
    await s.finish();
    const fragments = join(dir, 'pagefind', 'fragment');
    const names = (await readdir(fragments)).filter((n) => n.endsWith('.pf_fragment'));
    expect(names.length).toBe(3);
    const urls = names.map((n) => fragmentUrl(join(fragments, n)));
    expect(urls.sort()).toEqual(['/en/a/', '/en/b/', '/en/c/']);
    for (const n of names) expect(fragmentUrl(join(fragments, n))).toBe(readFragmentFile(join(fragments, n)).url);
    // A group of pages by id (an English bundle's), and a URL longer than the bytes read: read whole instead.
    const group = join(dir, 'group.pf_fragment');
    await writeFile(group, encodeFragmentFile({ en_a1: { url: '/en/a/', content: '' }, en_b2: { url: '/en/b/', content: '' } }));
    expect(fragmentUrl(group)).toBeUndefined();
    const long = join(dir, 'long.pf_fragment');
    const url = `/en/${Array.from({ length: 400 }, (_, k) => ((k * 7919) % 9973).toString(36)).join('-')}/`;
    await writeFile(long, encodeFragmentFile({ url, content: 'x' }));
    expect(fragmentUrl(long)).toBeUndefined();
    expect(readFragmentFile(long).url).toBe(url);
  }, 60_000);
});

describe('pagefindView', () => {
  const sidebar = '<nav><a href="/ru-ru/b/">Сегменты</a></nav>';
  const html = `<!doctype html><html lang="ru"><head><title>Память</title></head><body class="x">${sidebar}<main data-pagefind-body data-x="1"><h1>Память переводов</h1><p>Текст</p></main><footer>f</footer></body></html>`;

  it('keeps the head and the indexed element, from the page as text or as its bytes', () => {
    const view = '<!doctype html><html lang="ru"><head><title>Память</title></head><body class="x"><main data-pagefind-body data-x="1"><h1>Память переводов</h1><p>Текст</p></main></body></html>';
    expect(pagefindView(html)).toBe(view);
    expect(pagefindView(Buffer.from(html))).toBe(view);
    expect(pagefindView(new TextEncoder().encode(`xx${html}`).subarray(2))).toBe(view);
    expect(pagefindView(html, '<span data-pagefind-meta="title">T</span>')).toBe(view.replace('data-x="1">', 'data-x="1"><span data-pagefind-meta="title">T</span>'));
  });

  it('finds the element by its attribute, not by the same words in text or in another attribute', () => {
    const page = `<html lang="en"><head></head><body><p>&lt;div data-pagefind-body&gt; and <code title="data-pagefind-body-x">x</code></p><div id="c" data-pagefind-body>Body</div></body></html>`;
    expect(pagefindView(page)).toBe('<html lang="en"><head></head><body><div id="c" data-pagefind-body>Body</div></body></html>');
    expect(pagefindView('<html><body><p>data-pagefind-body</p></body></html>')).toBeUndefined();
  });

  it('leaves out scripts and elements ignored with their filters and meta, nested in their own tag too', () => {
    const page = `<html lang="en"><head><script>let a = '<div>';</script><title>T</title></head><body><main data-pagefind-body><h1>T</h1><script type="module">x()</script><div class="s" data-pagefind-ignore="all"><div>a</div><span data-pagefind-filter="f:x"></span><script>y()</script></div><p>Kept</p><p data-pagefind-ignore="all">E</p></main></body></html>`;
    expect(pagefindView(page)).toBe('<html lang="en"><head><title>T</title></head><body><main data-pagefind-body><h1>T</h1><p>Kept</p></main></body></html>');
  });

  it('keeps an ignored element whose end is not plain to find, and the mark where it is text', () => {
    const kept = [
      '<div data-pagefind-ignore="all"><!-- <div> --></div>',
      '<div data-pagefind-ignore="all"><style>div{}</style></div>',
      '<img data-pagefind-ignore="all" alt="x">',
      '<div data-pagefind-ignore="all">never closed',
      '<p>write data-pagefind-ignore="all" on it</p>',
      '<p title=\'data-pagefind-ignore="all"\'>x</p>',
    ];
    for (const part of kept) {
      const page = `<html><head></head><body><main data-pagefind-body>${part}</main></body></html>`;
      expect(pagefindView(page), part).toBe(page);
    }
  });

  it('keeps the page whole when the element nests its own tag or comes before <body>', () => {
    const nested = '<html><body><div data-pagefind-body><div>In</div>Out</div><nav>n</nav></body></html>';
    expect(pagefindView(nested, '<i></i>')).toBe('<html><body><div data-pagefind-body><i></i><div>In</div>Out</div><nav>n</nav></body></html>');
    const early = '<html><head><meta data-pagefind-body></head><body>b</body></html>';
    expect(pagefindView(early)).toBe(early);
  });
});

