/**
 * Bilingual reading mode, markup level (src/site/bilingual.ts): sentences wrapped in the target
 * Markdown, the English block, what the Markdown pipeline makes of them (headings and the page TOC
 * keep the translation only), badge texts, and unit states from XLIFF. Fixtures are ours
 * (test/fixtures/site-bilingual); the corpus check runs over the real Russian corpus.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripFrontMatter, dropLeadingH1 } from '../src/site/model.ts';
import { bilingualTargetView, englishSourcesHtml, inlineTokensHtml, pageTranslation } from '../src/site/bilingual.ts';
import { readingStrings, translationBadge } from '../src/site/reading-strings.ts';
import { unitStatus } from '../src/site/xliff-targets.ts';
import { targetView } from '../src/model/views.ts';
import { tokenizeInline } from '../src/model/markdown/inline.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { listFiles } from '../src/io/corpus.ts';
import { documentToXliff } from '../src/xliff/units.ts';
import { createSiteMarkdownRenderer } from '../src/site/markdown.ts';
import { corpusDir, RU } from './corpus.ts';

const FIXTURES = new URL('./fixtures/site-bilingual/', import.meta.url);
const fixture = (path: string) => parseSxs(readFileSync(new URL(path, FIXTURES), 'utf8'), path.split('/').slice(1).join('/'));
const bodyOf = (doc: ReturnType<typeof parseSxs>) => dropLeadingH1(stripFrontMatter(bilingualTargetView(doc)));
// The site's Markdown pipeline (Sätteri + the Bitext plugin).
const renderer = await createSiteMarkdownRenderer();

describe('bilingual target view', () => {
  const doc = fixture('sxs.ru-ru/guide/subscriptions.md');
  const body = bodyOf(doc);

  it('wraps each translated sentence in span.bt keyed by its segment index, and nothing else changes', () => {
    expect(body).toContain('<span class="bt" data-bt="1">Каждая подписка принадлежит одному клиенту.</span>');
    expect(body).toContain('1. <span class="bt" data-bt="4">Выберите клиента в списке.</span>');
    expect(body).toContain('[<span class="bt" data-bt="12">Счета</span>](../billing/invoices.md)');
    // Without the wrappers it is the target view.
    expect(body.replace(/<span class="bt" data-bt="\d+">|<\/span>(?!<\/span>)/g, '')).toBe(dropLeadingH1(stripFrontMatter(targetView(doc))).replace(/<\/span>/g, ''));
    expect(body).not.toMatch(/data-ttu-id|data-stu-id|sxs-lookup/);
    // The H1 line is gone with its sentence.
    expect(body).not.toContain('data-bt="0"');
  });

  it('keeps one English source per wrapped sentence in a hidden lang="en" block ignored by Pagefind', () => {
    const html = englishSourcesHtml(doc, body);
    expect(html).toMatch(/^<div class="bt-sources" hidden lang="en" data-pagefind-ignore="all">/);
    const keys = [...html.matchAll(/data-bt-src="(\d+)"/g)].map((m) => m[1]);
    expect(keys).toEqual([...body.matchAll(/data-bt="(\d+)"/g)].map((m) => m[1]));
    expect(html).toContain('<span data-bt-src="2">Open <strong>Settings</strong> &gt; <strong>Subscription</strong> to change it.</span>');
    expect(html).toContain('<span data-bt-src="5">Select <code>Renew</code> and confirm.</span>');
    // Anchors and links stay with the translation: no duplicate id, no second link.
    expect(html).toContain('<span data-bt-src="10">You can turn off automatic renewal.</span>');
    expect(html).toContain('<span data-bt-src="12">Invoices</span>');
    expect(html).not.toMatch(/<a[\s>]|id=/);
  });

  it('renders with the Markdown pipeline: headings and the page TOC hold the translation only', async () => {
    const rendered = await renderer.render(`\n${body}`);
    const headings = rendered.metadata.headings.map((h) => h.text);
    expect(headings).toEqual(['Продление по сроку', 'Дальнейшие действия', 'Счета за подписки']);
    expect(rendered.code).toContain('<h2 id="renew-a-subscription"><span class="bt" data-bt="3">Продление по сроку</span></h2>');
    expect(rendered.code).toContain('<td><span class="bt" data-bt="8">Срок</span></td>');
    expect(rendered.code).toMatch(/<span class="bt" data-bt="10"><a id="auto-renew"><\/a>Автоматическое/);
    expect(rendered.code).toContain('<strong>Параметры</strong>');
    expect(rendered.code).toContain('<code>Renew</code>');
    expect(rendered.code).not.toMatch(/Renew a subscription|belongs/);
  });

  it('leaves sentences whose translation is the English unwrapped', () => {
    const doc = parseSxs('---\nms.translationtype: MT\nms.contentlocale: ru-RU\n---\n<span data-ttu-id="a-103">Azure</span><span class="sxs-lookup"><span data-stu-id="a-103">Azure</span></span> <span data-ttu-id="a-104">Да.</span><span class="sxs-lookup"><span data-stu-id="a-104">Yes.</span></span>\n', 'x.md');
    const body = stripFrontMatter(bilingualTargetView(doc));
    expect(body).toBe('Azure <span class="bt" data-bt="1">Да.</span>\n');
    expect(englishSourcesHtml(doc, body)).toContain('<span data-bt-src="1">Yes.</span></div>');
  });

  it('renders English inline Markdown to well-formed HTML without a Markdown parse', () => {
    const html = (md: string) => inlineTokensHtml(tokenizeInline(md));
    expect(html('Use `Bearer <token>` & **bold** _it_')).toBe('Use <code>Bearer &lt;token&gt;</code> &amp; <strong>bold</strong> <em>it</em>');
    expect(html('See [the docs](x.md) and ![a chart](media/c.png)')).toBe('See the docs and a chart');
    expect(html('**broken bold')).toBe('**broken bold');
    expect(html('<strong class="x">A</strong><br/><font color="red">B</font> &quot;C&quot; \\*')).toBe('<strong>A</strong><br>B "C" *');
  });

  it('wraps every sentence of the real Russian corpus so that the English block matches the body', async () => {
    const root = corpusDir(RU);
    let pages = 0;
    for (const rel of (await listFiles(root)).filter((p) => !p.includes('includes/'))) {
      const doc = parseSxs(readFileSync(join(root, rel)), rel);
      if (doc.translationType !== 'MT' || doc.segments.length === 0) continue;
      const body = bodyOf(doc);
      const wrapped = [...body.matchAll(/<span class="bt" data-bt="(\d+)">/g)].length;
      const html = englishSourcesHtml(doc, body);
      expect([...html.matchAll(/data-bt-src=/g)].length, rel).toBe(wrapped);
      expect(html, rel).not.toMatch(/<a[\s>]|\sid=/);
      pages++;
    }
    expect(pages).toBeGreaterThan(200);
  });
});

describe('translation badge', () => {
  const ru = readingStrings('ru-ru');
  it('says machine / human translated from ms.translationtype, in the page language', () => {
    expect(translationBadge(pageTranslation(fixture('sxs.ru-ru/guide/subscriptions.md')), ru)).toEqual({ kind: 'machine', text: 'Машинный перевод' });
    expect(translationBadge(pageTranslation(fixture('sxs.ru-ru/guide/people.md')), ru)).toEqual({ kind: 'human', text: 'Перевод выполнен человеком' });
    expect(translationBadge({ type: 'HT', bilingual: false }, readingStrings('de-de'))?.text).toBe('Von Menschen übersetzt');
    expect(translationBadge(undefined, ru)).toBeUndefined();
    expect(readingStrings('xx-yy').machine).toBe('Machine translated');
  });

  it('counts reviewed units from XLIFF states, leaving out units merge-back refused', () => {
    const doc = fixture('sxs.ru-ru/guide/subscriptions.md');
    const units = documentToXliff(doc, '1.2', 'ru-RU').units.filter((u) => !u.metadata);
    units[1]!.state = 'signed-off';
    units[2]!.state = 'final';
    units[3]!.state = 'signed-off';
    const refused = [{ file: 'x.xlf', line: 1, column: 1, severity: 'error' as const, code: 'xliff-codes' as const, message: `unit "${units[3]!.id}": code 1 is missing` }];
    const status = unitStatus(doc, units, refused);
    const { marks, ...counts } = status;
    expect(counts).toEqual({ units: 16, reviewed: 2, machine: 13, human: 0 });
    // Each machine-translated sentence is marked for the reader option (public/_bitext/bilingual.js).
    expect([...marks!.values()].filter((m) => m === 'machine')).toHaveLength(13);
    const t = pageTranslation(doc, status);
    // The refused unit shows the corpus target: machine translation, like the page.
    expect(t).toMatchObject({ type: 'MT', units: 16, reviewed: 2, sentences: { machine: 14, reviewed: 2 }, bilingual: true, englishTitle: 'Manage subscriptions' });
    expect(translationBadge(t, readingStrings('ru-ru'))).toEqual({ kind: 'machine', text: 'Машинный перевод: 14 из 16 предложений · проверено: 2' });
    expect(translationBadge(t, readingStrings('en'))?.text).toBe('14 of 16 sentences machine translated · 2 reviewed');
  });

  it('names each share of a page: machine, human, reviewed', () => {
    const en = readingStrings('en');
    const badge = (machine: number, reviewed: number) => translationBadge({ type: 'MT', units: 10, reviewed, sentences: { machine, reviewed }, bilingual: true }, en);
    expect(badge(10, 0)).toEqual({ kind: 'machine', text: 'Machine translated' });
    expect(badge(0, 0)).toEqual({ kind: 'human', text: 'Human translated' });
    expect(badge(0, 10)).toEqual({ kind: 'reviewed', text: '10 of 10 sentences reviewed' });
    expect(badge(7, 0)?.text).toBe('7 of 10 sentences machine translated');
    expect(badge(0, 4)).toEqual({ kind: 'human', text: '6 of 10 sentences human translated · 4 reviewed' });
  });

  it('makes an HT page bilingual only when XLIFF marks units as machine translation', () => {
    const doc = fixture('sxs.ru-ru/guide/people.md');
    expect(pageTranslation(doc).bilingual).toBe(false);
    expect(pageTranslation(doc, { units: 2, reviewed: 0, machine: 1, human: 0 }).bilingual).toBe(true);
  });
});
