/**
 * `bitext check`: QA checks on translations. Seeded errors in a translator's file are each
 * reported at their unit, with their code; a clean file passes; checks can be turned off; and
 * the checks run over a real corpus (the ru-ru partner-center docs).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusDir, RU } from './corpus.ts';
import { runBitext } from './cli-helpers.ts';
import { checkPairs, type QaPair } from '../src/pipeline/qa-checks.ts';

const seeded = fileURLToPath(new URL('./fixtures/qa/seeded.xlf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bitext-qa-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `unit → codes` from the printed lines. */
function byUnit(stdout: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of stdout.matchAll(/^.+?:\d+:\d+: (?:error|warning) (qa-[\w-]+): unit "([^"]+)"/gm)) (out[m[2]!] ??= []).push(m[1]!);
  return out;
}

describe('npx bitext check', () => {
  it('reports each seeded error at its unit and exits 1', async () => {
    const result = await runBitext(['check', seeded]);
    expect(result.code).toBe(1);
    const found = byUnit(result.stdout);
    expect(found).toEqual({
      number: ['qa-numbers'],
      english: ['qa-unchanged'],
      code: ['qa-codes'],
      url: ['qa-urls'],
      placeholder: ['qa-placeholders'],
      doubled: ['qa-doubled-word'],
      punctuation: ['qa-punctuation'],
    });
    expect(result.stdout).toMatch(/seeded\.xlf:\d+:1: error qa-numbers: unit "number": the number 30 of the source is not in the target/);
    expect(result.stdout).toMatch(/error qa-codes: unit "code": the target lacks the code "\*\*"/);
  });

  it('reports a glossary term the target lacks, with a glossary (inflected forms accepted)', async () => {
    const result = await runBitext(['check', seeded, '--glossary', fileURLToPath(new URL('./fixtures/qa/printing-glossary.csv', import.meta.url)), '--off', 'qa-numbers,qa-codes,qa-urls,qa-placeholders']);
    expect(result.code).toBe(1);
    // "принтера" and "Принтер" are forms of the glossary's "принтер": only the missing term counts.
    expect(byUnit(result.stdout).glossary).toEqual(['qa-glossary']);
    expect(result.stdout.match(/qa-glossary/g)).toHaveLength(1);
    expect(result.stdout).toMatch(/error qa-glossary: unit "glossary": the glossary translates "print queue" as "очередь печати", which the target lacks/);
  });

  it('exits 0 on a clean file, and with the erroring checks turned off (CLI or config file)', async () => {
    const clean = join(dir, 'clean.xlf');
    const text = readFileSync(seeded, 'utf8');
    writeFileSync(clean, text.replace(/<trans-unit id="(?!ok")[\s\S]*?<\/trans-unit>\s*/g, ''));
    const ok = await runBitext(['check', clean]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('');
    const off = await runBitext(['check', seeded, '--off', 'qa-numbers,qa-codes,qa-urls,qa-placeholders']);
    expect(off.code).toBe(0);
    expect(off.stdout).not.toMatch(/qa-numbers|qa-codes/);
    writeFileSync(join(dir, 'bitext-checks.json'), JSON.stringify({ checks: { 'qa-numbers': 'off', 'qa-codes': 'warning', 'qa-urls': 'off', 'qa-placeholders': 'off' } }));
    const configured = await runBitext(['check', seeded], { cwd: dir });
    expect(configured.code).toBe(0);
    expect(configured.stdout).toMatch(/warning qa-codes: unit "code"/);
    expect((await runBitext(['check', seeded, '--off', 'qa-nonsense'])).code).toBe(2);
  });

  it('runs over a real sxs corpus and finds what a reviewer would fix', async () => {
    const result = await runBitext(['check', join(corpusDir(RU), 'partner-center', 'announcements'), '--json']);
    const report = JSON.parse(result.stdout) as { sentences: number; diagnostics: { code: string; severity: string; message: string }[] };
    expect(report.sentences).toBeGreaterThan(5000);
    const codes = new Set(report.diagnostics.map((d) => d.code));
    for (const code of ['qa-numbers', 'qa-punctuation', 'qa-unchanged', 'qa-inconsistent']) expect(codes, code).toContain(code);
    // Escapes and translated image alt texts are not code errors.
    expect(report.diagnostics.filter((d) => d.code === 'qa-codes' && /\\\\\*|!\[/.test(d.message))).toEqual([]);
    expect(result.code).toBe(report.diagnostics.some((d) => d.severity === 'error') ? 1 : 0);
  });
});

describe('the checks Translate Toolkit\'s pofilter also runs', () => {
  const pair = (unitId: string, source: string, target: string): QaPair => ({ file: 'f.xlf', line: 1, column: 1, unitId, locale: 'ru-RU', source, target, sourceCodes: [], targetCodes: [] });
  const found = (pairs: QaPair[]) => {
    const out: Record<string, string[]> = {};
    for (const d of checkPairs(pairs)) (out[/unit "([^"]+)"/.exec(d.message)![1]!] ??= []).push(d.code);
    return out;
  };

  it('numbers: localized forms are the same number, a dropped or changed one is not', () => {
    expect(
      found([
        pair('decimal', 'Price: 6.82', 'Цена: 6,82'),
        pair('date', 'Since 2/1/2015 0:00', 'С 01.02.2015 0:00'),
        pair('groups', 'Up to 100000', 'До 100 000'),
        pair('padded', 'As of July 07 2021', 'С 7 июля 2021'),
        pair('changed', 'Keep 30 jobs', 'Храните 20 заданий'),
        pair('substring', 'Wait 2 days', 'Подождите 12 дней'),
        pair('fewer', 'Move Office 365 E4 to newer Office 365 plans', 'Перенос Office 365 E4'),
        pair('more', 'Dynamics 365 Unit', 'Dynamics 365 Unit (единица Dynamics 365)'),
      ]),
    ).toEqual({ changed: ['qa-numbers'], substring: ['qa-numbers'], fewer: ['qa-numbers'] });
  });

  it('addresses: www. hosts case aside; punctuation after a link is not part of it', () => {
    expect(
      found([
        pair('host-case', 'See [www.example.ms](https://www.example.ms/).', 'См. [www.Example.MS](https://www.example.ms/).'),
        pair('glued', 'Open the [gallery](https://example.com/apps), and filter.', 'Откройте [галерею](https://example.com/apps)и фильтруйте.'),
        pair('www-lost', 'Go to www.example.com today.', 'Перейдите на сайт сегодня.'),
      ]),
    ).toEqual({ 'www-lost': ['qa-urls'] });
  });

  it('final punctuation: a space before the final mark; a mark moved inside bold is the same', () => {
    expect(
      found([
        pair('space', 'Fill in the **Title** field.', 'Заполните поле **Название** .'),
        pair('inside', 'Select **Save and continue.**', 'Выберите **Сохранить и продолжить**.'),
      ]),
    ).toEqual({ space: ['qa-punctuation'] });
  });

  it('unchanged: one ordinary word too, but not identifiers, list letters or names the locale keeps in English', () => {
    expect(
      found([
        pair('word', 'Region', 'Region'),
        pair('date', 'June 2', 'June 2'),
        pair('bold', '**Tab**', '**TAB**'),
        pair('id', 'CustomerID', 'CustomerID'),
        pair('letter', 'b.', 'b.'),
        pair('name', 'Azure', 'Azure'),
        pair('n1', 'Sign in to Azure.', 'Войдите в Azure.'),
        pair('n2', 'Open the Azure portal.', 'Откройте портал Azure.'),
      ]),
    ).toEqual({ word: ['qa-unchanged'], date: ['qa-unchanged'], bold: ['qa-unchanged'] });
  });
});

