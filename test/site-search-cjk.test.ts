/**
 * Japanese search recall: every page whose indexed text contains a term is found by searching
 * for that term, over many terms taken from the corpus (src/site/search-segments.ts says why
 * Pagefind missed pages and what the site does about it).
 *
 * The build: the Teams documents of the Japanese corpus that contain サブスクリプション (about 60,
 * copied into a temporary folder), enough for Pagefind's two segmenters to disagree on real
 * pages. The query side is Pagefind's own `pagefind.js` from the built site, run in Node (no
 * browser needed for recall) over the built files; the index's own text (its fragments) says
 * which pages contain each term.
 */
import { cp, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { querySegments } from '../src/site/search-segments.ts';
import { SHARED } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';
import { openSearch } from './support/pagefind-node.ts';
import { warmUpOf } from './support/search-warm-up.ts';

const JA = join(SHARED, 'corpus-large/OfficeDocs-SkypeForBusiness-pr.ja-jp');
const TERM = 'サブスクリプション';
const ZWSP = '\u200b';

let work: string;
let out: string;
let scratch: string | undefined;

/** The start of the index's raw text (words split by zero-width spaces) that holds `length` characters of text. */
function rawPrefix(raw: string, length: number): string {
  let seen = 0;
  let k = 0;
  for (; k < raw.length && seen < length; k++) if (raw[k] !== ZWSP) seen++;
  return raw.slice(0, k);
}

beforeAll(async () => {
  if (!existsSync(JA)) throw new Error(`The large corpus is missing: ${JA} does not exist (../shared/corpus-large).`);
  work = await mkdtemp(join(tmpdir(), 'bitext-search-cjk-'));
  out = join(work, 'out');
  const root = join(work, 'skype.ja-jp');
  const files = (await readdir(join(JA, 'Teams'), { recursive: true })).filter((f) => f.endsWith('.md') && !f.includes('includes/')).sort();
  for (const f of files) {
    const text = await readFile(join(JA, 'Teams', f), 'utf8');
    if (!text.includes(TERM)) continue;
    await mkdir(join(root, 'Teams', f, '..'), { recursive: true });
    await cp(join(JA, 'Teams', f), join(root, 'Teams', f));
  }
  ({ scratch } = await buildSiteInChild({ content: [root], out, cacheDir: join(work, 'cache') }, 'search-cjk'));
}, 900_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('Japanese search', () => {
  it('finds every page whose indexed text contains the term, for 40 terms from the corpus', { timeout: 300_000 }, async () => {
    const pagefind = await openSearch(out, 'ja-jp');
    const all = await pagefind.search(null);
    const pages: { id: string; url: string; text: string; words: string[] }[] = [];
    for (const r of all.results) {
      const data = await r.data();
      const html = await readFile(join(out, data.url, 'index.html'), 'utf8');
      // The page's own text, without the search-only words (they are cut from it, so they add nothing it lacks).
      const hidden = /<div class="bt-search-words"[^>]*>([^<]*)<\/div>/.exec(html)?.[1] ?? '';
      const raw = data.raw_content ?? data.content;
      const flat = raw.replaceAll(ZWSP, '');
      const cut = hidden ? flat.lastIndexOf(hidden.slice(0, 80)) : -1;
      const text = cut >= 0 ? flat.slice(0, cut) : flat;
      pages.push({ id: r.id, url: data.url, text, words: rawPrefix(raw, text.length).split(/[\u200b\s]+/).filter(Boolean) });
    }
    expect(pages.length).toBeGreaterThanOrEqual(50);

    // The cause, on this very build: the query side cuts the term into pieces, and some pages
    // that contain the term have no indexed word (of their own text) starting with every piece.
    const pieces = querySegments(TERM, 'ja-JP');
    expect(pieces.length).toBeGreaterThan(1);
    const withTerm = pages.filter((p) => p.text.includes(TERM));
    const missedWithoutFix = withTerm.filter((p) => !pieces.every((piece) => p.words.some((w) => w.startsWith(piece))));
    expect(missedWithoutFix.length, `pages with ${TERM} the cut query would miss without the search words`).toBeGreaterThan(0);

    // Terms: the most frequent katakana words (4+ characters) and kanji compounds (2–4) of the pages.
    const frequency = new Map<string, number>();
    for (const p of pages) for (const m of p.text.matchAll(/[\p{sc=Katakana}ー]{4,}|\p{sc=Han}{2,4}/gu)) if (!m[0].startsWith('ー')) frequency.set(m[0], (frequency.get(m[0]) ?? 0) + 1);
    const terms = [TERM, ...[...frequency].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t).filter((t) => t !== TERM).slice(0, 39)];
    expect(terms).toHaveLength(40);

    let expected = 0;
    let found = 0;
    const misses: string[] = [];
    for (const term of terms) {
      const want = pages.filter((p) => p.text.includes(term));
      const got = new Set((await pagefind.search(term)).results.map((r) => r.id));
      const missed = want.filter((p) => !got.has(p.id));
      expected += want.length;
      found += want.length - missed.length;
      if (missed.length) misses.push(`${term}: ${missed.length} of ${want.length} (${missed.slice(0, 3).map((p) => p.url).join(', ')})`);
    }
    expect(misses, `recall ${found}/${expected} over ${terms.length} terms`).toEqual([]);
    expect(found).toBe(expected);
  });
});

describe('the Japanese search warm-up', () => {
  it('is a word of the index that Pagefind looks up in one chunk, which holds it, and finds a page with', { timeout: 60_000 }, async () => {
    const expected = await warmUpOf(out, 'ja-jp');
    const read: string[] = [];
    const pagefind = await openSearch(out, 'ja-jp', { instance: 'warm-up', fetched: (path) => read.push(path) });
    const found = await pagefind.search(expected.word);
    expect(found.results.length).toBeGreaterThan(0);
    expect(read.filter((path) => path.includes('/index/'))).toEqual([`/pagefind/index/${expected.chunk.hash}.pf_index`]);
  });
});

describe('the search words of a page', () => {
  it('are the words of its text as the query side cuts them, Japanese and Chinese', () => {
    expect(querySegments('サブスクリプションを購入します。Teams', 'ja-JP')).toEqual(expect.arrayContaining(querySegments(TERM, 'ja-JP')));
    expect(querySegments('Teams only', 'ja-JP')).toEqual([]);
    const zh = querySegments('管理订阅和许可证', 'zh-CN');
    expect(zh.length).toBeGreaterThan(1);
    expect(zh.join('')).toBe('管理订阅和许可证');
  });
});
