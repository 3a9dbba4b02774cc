import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chooseEnglish, loadSite } from '../src/site/model.ts';
import { docDateValue } from '../src/model/front-matter.ts';
import { resolveLink } from '../src/site/links.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/site/', import.meta.url));
const site = await loadSite({ content: [join(FIXTURES, 'corpus.ru-ru'), join(FIXTURES, 'corpus.de-de')] });
const page = (id: string) => {
  const p = site.pages.get(id);
  if (!p) throw new Error(`no page ${id}`);
  return p;
};

describe('site model', () => {
  it('gives each document one slug in every locale, English at en/', () => {
    expect(site.locales.map((l) => l.code)).toEqual(['en', 'de-de', 'ru-ru']);
    expect(page('ru-ru/docs/alpha').title).toBe('Альфа');
    expect(page('de-de/docs/alpha').title).toBe('Alpha (de)');
    expect(page('en/docs/alpha').title).toBe('Alpha');
    expect(page('en/docs/only-ru').englishFrom).toBe('ru-ru');
    expect(site.slugs.get('de-de')!.has('docs/only-ru')).toBe(false);
  });

  it('renders landing and FAQ YAML as pages, and leaves README out', () => {
    expect(page('ru-ru/docs').kind).toBe('landing');
    expect(page('ru-ru/docs/faq').markdown).toContain('### Вопрос?');
    expect(page('en/docs').markdown).toContain('[Alpha](alpha.md)');
    expect([...site.pages.keys()].some((id) => id.includes('readme'))).toBe(false);
  });

  it('rebuilds English from the newest English version and reports the choice', () => {
    expect(page('en/docs/alpha').markdown).toContain('Intro text.');
    expect(site.englishChoices).toEqual([{ slug: 'docs/alpha', chosen: 'ru-ru', over: ['de-de'], reason: expect.stringContaining('newest ms.date') }]);
    // One reading of a document's date for the choice and for the date a page shows (src/site/page-meta.ts).
    expect(docDateValue('06/17/2021')).toBe(20210617);
    expect(docDateValue('2021-06-17')).toBe(20210617);
    expect(docDateValue('02/30/2021')).toBe(0);
  });

  it('never lets an sxs span into a title or a body', () => {
    for (const p of site.pages.values()) {
      expect(`${p.title}\n${p.markdown ?? ''}`).not.toMatch(/data-ttu-id|data-stu-id|sxs-lookup/);
    }
  });

  it('drops the H1 that repeats the title', () => {
    // The page is MT: its sentences are wrapped for the reading mode (src/site/bilingual.ts).
    expect(page('ru-ru/docs/alpha').markdown!.trimStart().replace(/^<span class="bt" data-bt="\d+">/, '').startsWith('Вводный')).toBe(true);
  });

  it('keeps the same English when every locale has the same version', () => {
    const c = (locale: string, date: number) => ({ locale, path: 'docs/alpha.md', title: undefined, markdown: '', englishHeadings: [], root: 0, date, handoff: 0, hash: 'same' });
    expect(chooseEnglish('x', [c('ru-ru', 1), c('de-de', 2)]).choice).toBeUndefined();
  });
});

describe('link resolution', () => {
  const ru = page('ru-ru/docs/alpha');
  const de = page('de-de/docs/alpha');
  it('resolves relative links to the same locale, tolerating case, backslashes and ?branch=', () => {
    expect(resolveLink(site, ru, 'Sub/BETA.md?branch=main#details')).toEqual({ kind: 'page', url: '/ru-ru/docs/sub/beta/#details', page: 'ru-ru/docs/sub/beta', anchor: 'details' });
    expect(resolveLink(site, ru, 'sub\\beta.md')).toEqual({ kind: 'page', url: '/ru-ru/docs/sub/beta/', page: 'ru-ru/docs/sub/beta', anchor: '' });
    expect(resolveLink(site, page('de-de/docs/sub/beta'), '..\\alpha.md#next-steps')).toEqual({ kind: 'page', url: '/de-de/docs/alpha/#next-steps', page: 'de-de/docs/alpha', anchor: 'next-steps' });
    expect(resolveLink(site, ru, 'faq.md')).toEqual({ kind: 'page', url: '/ru-ru/docs/faq/', page: 'ru-ru/docs/faq', anchor: '' });
  });

  it('sends a link to a page the locale lacks to its English fallback', () => {
    expect(resolveLink(site, de, 'only-ru.md')).toEqual({ kind: 'fallback', url: '/de-de/docs/only-ru/', contentLocale: 'en', page: 'en/docs/only-ru', anchor: '' });
  });

  it('keeps outside links and reports links to no page', () => {
    expect(resolveLink(site, ru, 'https://example.com/a.md')).toEqual({ kind: 'keep' });
    expect(resolveLink(site, ru, '#local')).toEqual({ kind: 'keep' });
    expect(resolveLink(site, ru, 'nowhere.md')).toMatchObject({ kind: 'broken' });
  });
});
