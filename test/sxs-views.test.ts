import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCorpus } from '../src/parse/sxs/read.ts';
import { compareEnglish } from '../src/pipeline/english-agreement.ts';
import { englishView, removeSxsOnlyEscapes, targetView } from '../src/model/views.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { corpusDir, DE, RU } from './corpus.ts';

const SPAN_MARKERS = /data-ttu-id|data-stu-id|sxs-lookup/;

describe('English and target views', async () => {
  const [ru, de] = await Promise.all([readCorpus(corpusDir(RU)), readCorpus(corpusDir(DE))]);

  it('contain no spans, for every document of both locales', () => {
    for (const doc of [...ru.documents, ...de.documents]) {
      const english = englishView(doc);
      expect(english, doc.path).not.toMatch(SPAN_MARKERS);
      expect(targetView(doc), doc.path).not.toMatch(SPAN_MARKERS);
      // The English front matter is valid YAML with the derived title.
      const reread = parseSxs(english, doc.path);
      expect(reread.diagnostics, doc.path).toEqual([]);
      if (doc.title.source) expect(reread.title.target, doc.path).toBe(doc.title.source);
    }
  });

  it('put each pair\'s source or target where the pair was', () => {
    const path = 'partner-center/account-structure.md';
    const doc = parseSxs(readFileSync(join(corpusDir(RU), path)), path);
    const english = englishView(doc);
    expect(english).toContain('# <a name="partner-center-has-two-levels-of-accounts-for-mpn-partners"></a>Partner Center has two levels of accounts for MPN partners\n');
    expect(english).toContain('- View the details of your Partner global account from **Settings** > **Organization profile** > **Legal profile**.\n');
    expect(targetView(doc)).toContain('**Соответствующие роли**: Администратор учетной записи | Глобальный администратор');
  });

  it('give the English front matter the title derived from the H1, without translated-only or localization keys', () => {
    const path = 'partner-center/account-structure.md';
    const doc = parseSxs(readFileSync(join(corpusDir(RU), path)), path);
    const front = englishView(doc).split('---\n')[1]!;
    expect(front.startsWith('title: Partner Center has two levels of accounts for MPN partners\nms.topic: article\n')).toBe(true);
    expect(front).not.toMatch(/description:|ms\.contentlocale|ms\.translationtype|ms\.locfileid/);
    expect(doc.title.sourceOrigin).toBe('h1');
    // The target keeps its front matter as it was.
    expect(targetView(doc).startsWith(doc.frontMatter!.raw)).toBe(true);
  });

  it('write a long or special English title on one valid YAML line', () => {
    const path = 'partner-center/analyze-subscriptions-licenses.md';
    const doc = parseSxs(readFileSync(join(corpusDir(RU), path)), path);
    const english = englishView(doc);
    const titleLine = english.split('\n')[1]!;
    expect(titleLine).toBe('title: Analyze subscriptions and licenses to help you drive business decisions and new goals');
    expect(parseSxs(english, path).frontMatter!.entries[0]).toMatchObject({ key: 'title', value: doc.title.source });
    const colon = parseSxs('---\ntitle: x\n---\n# <span data-ttu-id="a1b2c-103">Т</span><span class="sxs-lookup"><span data-stu-id="a1b2c-103">Step 1: "quoted" #1</span></span>\n', 'c.md');
    expect(parseSxs(englishView(colon), 'c.md').title.target).toBe('Step 1: "quoted" #1');
  });

  it('drop the :::image alt text from English: sxs has none', () => {
    const path = 'partner-center/chip-locate-agreement.md';
    const doc = parseSxs(readFileSync(join(corpusDir(RU), path)), path);
    expect(englishView(doc)).toContain(':::image type="content" source="images/chip/chiplocate.png" alt-text="":::');
    expect(targetView(doc)).toContain('alt-text="Находите сведения о программе."');
  });

  it('remove the backslash escapes that only the sxs target adds, and keep the ones the English has', () => {
    expect(removeSxsOnlyEscapes('\\**группу ресурсов*', '**resource group**')).toBe('**группу ресурсов*');
    expect(removeSxsOnlyEscapes('Syndication\\_Partner\\_Number', 'Syndication\\_Partner\\_Number')).toBe('Syndication\\_Partner\\_Number');
    expect(removeSxsOnlyEscapes('a \\| b \\| c', 'a \\| b')).toBe('a \\| b | c');
    expect(removeSxsOnlyEscapes('[Submit]\\(送信\\)', '[Submit]')).toBe('[Submit]\\(送信\\)');
    // Measured against the ja published copy (see removeSxsOnlyEscapes): star runs the export
    // escaped are published bare, even where the English escapes them; a lone escape MT copied stays.
    expect(removeSxsOnlyEscapes('\\*\\*パートナー側のメリット:**', '\\*\\*Partner benefits:**')).toBe('**パートナー側のメリット:**');
    expect(removeSxsOnlyEscapes('PIN に代わって "\\*\\*\\*" が', 'instead, \\*\\*\\* will')).toBe('PIN に代わって "***" が');
    expect(removeSxsOnlyEscapes('SAN= \\* .contoso.com', 'SAN=\\*.contoso.com')).toBe('SAN= \\* .contoso.com');
    expect(removeSxsOnlyEscapes('Settings\\\\<名>\\\\App', 'Settings\\\\<name>')).toBe('Settings\\\\<名>\\\\App');
    expect(removeSxsOnlyEscapes('[構成]\\[ポリシー]', '[Config]')).toBe('[構成]\\[ポリシー]');
  });

  it('rebuild the same English from ru and de where both have the same English version, and report where not', () => {
    const agreement = compareEnglish(ru.documents, de.documents);
    expect(agreement.locales).toEqual(['ru-RU', 'de-DE']);
    expect(agreement.compared).toBe(298);
    expect(agreement.agree).toBe(288);
    // Every disagreement is a real difference in the skeleton of the two exports (a space after
    // an anchor, a period after an image), reported with its line.
    expect(agreement.disagree.map((d) => d.path)).toEqual([
      'partner-center/announcements/2020-january.md',
      'partner-center/announcements/2021-february.md',
      'partner-center/announcements/2021-march.md',
      'partner-center/azure-plan-billing.md',
      'partner-center/azure-plan-manage.md',
      'partner-center/confirm-customer-agreement.md',
      'partner-center/microsoft-partner-agreement.md',
      'partner-center/partner-center-account-setup.md',
      'partner-center/purchase-azure-plan.md',
      'partner-center/revoke-reinstate-csp.md',
    ]);
    const january = agreement.disagree[0]!;
    expect(january.a).not.toBe(january.b);
    expect(january.line).toBeGreaterThan(1);
  });
});
