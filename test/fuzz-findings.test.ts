/**
 * Regression tests of what the fuzzer (test/fuzz.test.ts, npm run bench:fuzz) found, each at its
 * cause, on a small document written here.
 */
import { describe, expect, it } from 'vitest';
import { parseMdx } from '../src/parse/mdx/parse.ts';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { writeXliff } from '../src/pipeline/extract.ts';
import { mergeXliff } from '../src/pipeline/merge.ts';
import { codedToMarkdown } from '../src/model/coded-text.ts';
import { readXliff } from '../src/xliff/read.ts';
import { documentToXliff } from '../src/xliff/units.ts';
import { validateXliff } from '../src/xliff/validate/index.ts';

const pair = (id: string, target: string, source: string) => `<span data-ttu-id="${id}">${target}</span><span class="sxs-lookup"><span data-stu-id="${id}">${source}</span></span>`;

describe('markup holding a character XML cannot carry (a corrupt document)', () => {
  const doc = parseSxs(
    [
      '---',
      'title: Заголовок',
      'ms.contentlocale: ru-RU',
      '---',
      `# ${pair('a-1', 'Заголовок', 'Title')}`,
      '',
      pair('a-2', 'Текст [!INCLUDE [x](a\u0000b.md)] и [ссылка](u\u0001rl) и `код\u0002`.', 'Text [!INCLUDE [x](a\u0000b.md)] and [link](u\u0001rl) and `code\u0002`.'),
      '',
    ].join('\n'),
    'a.md',
  );

  for (const version of ['1.2', '2.1'] as const) {
    it(`is extracted to XLIFF ${version} that reads back, validates and merges back byte for byte`, () => {
      const text = writeXliff(documentToXliff(doc, version, 'ru-RU'), version);
      const read = readXliff(text, 'a.xlf');
      expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(validateXliff(text, 'a.xlf').valid).toBe(true);
      const merged = mergeXliff(doc, read.file, 'a.xlf');
      expect(merged.diagnostics).toEqual([]);
      // The unchanged targets merge as the document's own.
      expect(merged.markdown).toBe(mergeXliff(doc, undefined, 'a.xlf').markdown);
      expect(merged.markdown).toContain('[!INCLUDE [x](a\u0000b.md)]');
    });
  }
});

describe('a page without sentences (an MDX page cut short after its first ---)', () => {
  const doc = parseMdx('---', 'a.mdx');

  for (const version of ['1.2', '2.1'] as const) {
    it(`is extracted to valid XLIFF ${version} with no unit to translate`, () => {
      const text = writeXliff(documentToXliff(doc, version, 'de-DE'), version);
      expect(validateXliff(text, 'a.xlf').diagnostics).toEqual([]);
      const read = readXliff(text, 'a.xlf');
      expect(read.file?.units.filter((u) => u.translate)).toEqual([]);
    });
  }
});

describe('a link URL or pair id holding a control character (a corrupt document)', () => {
  const doc = parseSxs(
    ['---', 'ms.contentlocale: de-DE', '---', `| ${pair('b-1', '[Einstieg](start\u000emd)', '[Get started](start\u000emd)')} |`, '| --- |', '', pair('b\u0001-2', 'Text.', 'Text.'), ''].join('\n'),
    'b.md',
  );

  for (const version of ['1.2', '2.1'] as const) {
    it(`is extracted to XLIFF ${version} that reads back (the note and id carry U+FFFD)`, () => {
      const text = writeXliff(documentToXliff(doc, version, 'de-DE'), version);
      const read = readXliff(text, 'b.xlf');
      expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(read.file?.units.length).toBeGreaterThan(0);
    });
  }
});

describe('front matter holding a control character (an MDX page with a flipped byte)', () => {
  const doc = parseMdx("---\ntitle: Loop\ndescription: From sxs to XLIFF and TM\u0018, and back.\n---\n\nA sentence.\n", 'c.mdx');

  for (const version of ['1.2', '2.1'] as const) {
    it(`is extracted to XLIFF ${version} that validates, the character as a code`, () => {
      const text = writeXliff(documentToXliff(doc, version, 'ru-RU'), version);
      expect(validateXliff(text, 'c.xlf').diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const description = readXliff(text, 'c.xlf').file?.units.find((u) => u.metadata === 'description');
      expect(codedToMarkdown(description?.source ?? [])).toBe('From sxs to XLIFF and TM\u0018, and back.');
    });
  }
});
