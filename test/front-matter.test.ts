import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../src/io/corpus.ts';
import { readYamlEntries, replaceFrontMatterKeys, splitFrontMatter } from '../src/model/front-matter.ts';
import { readSimpleYaml } from '../src/model/simple-yaml.ts';
import { parse as parseYaml } from 'yaml';
import { parseSxs } from '../src/parse/sxs/parse.ts';
import { corpusDir, SHARED } from './corpus.ts';

describe('front matter', () => {
  it('the fast flat-YAML reader agrees with the full YAML parser on every front matter of the corpora', async () => {
    let fast = 0;
    let slow = 0;
    let numbers = 0;
    for (const root of [corpusDir(), join(SHARED, 'corpus-large')]) {
      for (const path of await listFiles(root)) {
        const text = readFileSync(join(root, path), 'utf8');
        const yaml = /^---\r?\n([\s\S]*?)^---/m.exec(text)?.[1];
        if (yaml === undefined) continue;
        const simple = readSimpleYaml(yaml, 2);
        if (!simple) {
          slow++;
          continue;
        }
        fast++;
        if (simple.some((e) => typeof e.value === 'number')) numbers++;
        expect(simple, path).toEqual(readYamlEntries(yaml, 2, path));
      }
    }
    expect(fast).toBeGreaterThan(9000);
    expect(numbers).toBeGreaterThan(900);
    // What is left to the full parser: nested maps, multi-line scalars (48 of 9,277 front matters).
    expect(slow).toBeLessThan(fast / 50);
  });

  it("reads decimal numbers as YAML's core schema does, and leaves other non-strings to the full parser", () => {
    for (const value of ['42', '+3', '0123', '1.50', '.5', '7.', '1e3', '2.5E-2', '12345678901234567890', '8.1.1', '1_000', '10.0.5 update', '0x1F']) {
      const yaml = `n: ${value}\nlist:\n- ${value}\n`;
      const simple = readSimpleYaml(yaml, 2);
      if (value === '0x1F') expect(simple).toBeUndefined();
      else expect(simple, value).toEqual(readYamlEntries(yaml, 2, 'x.md'));
    }
    expect(readSimpleYaml('n: 42\n', 2)).toEqual([{ key: 'n', value: 42, style: 'plain', line: 2 }]);
  });

  it('falls back to the full parser for anything beyond flat scalars and lists', () => {
    expect(readSimpleYaml('metadata:\n  title: x\n', 2)).toBeUndefined();
    expect(readSimpleYaml('n: .inf\n', 2)).toBeUndefined();
    expect(readSimpleYaml('a: "esc\\u0041"\n', 2)).toBeUndefined();
    expect(readSimpleYaml('summary: >\n  folded\n', 2)).toBeUndefined();
  });

  it('keeps keys in order with values, quoting and lines, including YAML lists', () => {
    const text = "---\ntitle: 'Политика: вопросы'\nms.custom:\n- announcement\n- references_regions\nms.locfileid: \"112276541\"\nms.prod: ''\n---\nbody\n";
    const doc = parseSxs(text, 'x.md');
    expect(doc.frontMatter!.entries).toEqual([
      { key: 'title', value: 'Политика: вопросы', style: 'single', line: 2 },
      { key: 'ms.custom', value: ['announcement', 'references_regions'], style: 'none', line: 3 },
      { key: 'ms.locfileid', value: '112276541', style: 'double', line: 6 },
      { key: 'ms.prod', value: '', style: 'single', line: 7 },
    ]);
    expect(doc.frontMatter!.raw).toBe(text.slice(0, text.indexOf('body')));
  });

  it('replaces several keys with values of any line count and keeps valid YAML and every other byte', () => {
    const text = '---\ntitle: Read a page\nms.date: 2026-12-01\ndescription: How to read.\nauthor: x\n---\nBody\n';
    const { frontMatter } = splitFrontMatter(text, 'page.mdx');
    const values = new Map([
      ['title', '> <script>alert(1)</script>\nsecond line'],
      ['description', '| a | "quoted": yes |'],
    ]);
    const raw = replaceFrontMatterKeys(frontMatter!, values);
    const yaml = /^---\n([\s\S]*?)^---/m.exec(raw)![1]!;
    expect(parseYaml(yaml)).toEqual({ title: values.get('title'), 'ms.date': '2026-12-01', description: values.get('description'), author: 'x' });
    expect(raw).toContain('ms.date: 2026-12-01\n');
    expect(raw.endsWith('author: x\n---\n')).toBe(true);
  });
});
