/**
 * Reading times, search words and dates measured ahead in a worker thread
 * (src/site/text-measures.ts) are what the components compute inline: pages of the Japanese and
 * Russian corpora, each measured both ways.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import type { SitePage } from '../src/site/model.ts';
import { dateOfFiles, htmlText, pageDate, pageReadingMinutes, readingMinutesOfText } from '../src/site/page-meta.ts';
import type { SiteModel } from '../src/site/model.ts';
import { pageQuerySegmentsHtml, querySegmentsHtml } from '../src/site/search-segments.ts';
import { TextMeasures, type PageMeasures, type PageToMeasure } from '../src/site/text-measures.ts';
import { corpusDir, RU, SHARED } from './corpus.ts';

const JA = join(SHARED, 'corpus-large', 'OfficeDocs-SkypeForBusiness-pr.ja-jp');

/** The first `n` Markdown files of a corpus, as the HTML of pages in `lang`. */
async function pagesOf(dir: string, lang: string, n: number): Promise<PageToMeasure[]> {
  if (!existsSync(dir)) throw new Error(`the corpus is missing: ${dir}`);
  const files = (await listFiles(dir)).filter((f) => f.endsWith('.md')).sort().slice(0, n);
  return Promise.all(files.map(async (file) => ({ id: `${lang}/${file}`, html: await readFile(join(dir, file), 'utf8'), lang, heading: file, datedBy: [join(dir, file)] })));
}

describe('text measures', () => {
  it('gives the components, from the worker, the reading time and search words they compute inline', async () => {
    const pages = [...(await pagesOf(JA, 'ja-JP', 120)), ...(await pagesOf(corpusDir(RU), 'ru-RU', 80))];
    const models = new Map(pages.map((p) => [p.id, { id: p.id } as unknown as SitePage]));
    const measured = new Map<string, PageMeasures>();
    const measures = new TextMeasures(measured);
    for (const page of pages) measures.add(page);
    measures.close();
    await measures.answered();
    let withWords = 0;
    let dated = 0;
    for (const page of pages) {
      const model = models.get(page.id)!;
      // Given by the worker: the text is never asked for.
      const minutes = pageReadingMinutes(
        model,
        page.lang,
        () => {
          throw new Error(`${page.id} was measured inline`);
        },
        measured,
      );
      expect(minutes, page.id).toBe(readingMinutesOfText(htmlText(page.html), page.lang));
      expect(measured.get(page.id)?.lang).toBe(page.lang);
      const words = pageQuerySegmentsHtml(model, page.html, page.heading, page.lang, measured);
      expect(words, page.id).toBe(querySegmentsHtml(page.html, page.heading, page.lang));
      if (words) withWords++;
      // The date read from the file's head: the same as read inline (dated or not).
      const date = pageDate({} as SiteModel, model, measured);
      expect(date?.getTime(), page.id).toBe(dateOfFiles(page.datedBy)?.getTime());
      if (date) dated++;
    }
    expect(dated).toBeGreaterThan(50);
    // Japanese pages have search words, Russian ones none.
    expect(withWords).toBeGreaterThan(100);
    expect(pages.filter((p) => p.lang === 'ru-RU').every((p) => querySegmentsHtml(p.html, p.heading, p.lang) === '')).toBe(true);
  });

  it('measures inline a page the worker was not given, or measured in another language', () => {
    const page = { id: 'x' } as unknown as SitePage;
    const measured = new Map<string, PageMeasures>([['x', { id: 'x', lang: 'de-DE', minutes: 9, searchWords: '<div>…</div>', date: undefined }]]);
    expect(pageReadingMinutes(page, 'en', () => 'word '.repeat(460), measured)).toBe(2);
    expect(pageQuerySegmentsHtml(page, '<p>検索の言葉</p>', '題', 'ja', measured)).toBe(querySegmentsHtml('<p>検索の言葉</p>', '題', 'ja'));
  });
});
