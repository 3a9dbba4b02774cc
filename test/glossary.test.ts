/**
 * Glossaries: TBX (v3 and v2/TBX-Basic) and CSV read into one model; the term-matching rules
 * (English plurals and word boundaries, Russian and German inflection); terms of a real ru
 * document reaching XLIFF 2.1 `gls` (valid against the schemas and Bitext's validator) and
 * 1.2 notes, unchanged by re-extraction and invisible to the reader (merge); `tm lookup` with terms.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { termEntries, termsInText, usesTranslation } from '../src/model/glossary.ts';
import { extractCorpora } from '../src/pipeline/extract.ts';
import { readCsvGlossary, readGlossary, readTbx } from '../src/tm/glossary-read.ts';
import { validateXliff } from '../src/xliff/validate/index.ts';
import { readXliff } from '../src/xliff/read.ts';
import type { CodedText } from '../src/model/coded-text.ts';
import { runBitext } from './cli-helpers.ts';
import { corpusDir, RU, SHARED } from './corpus.ts';
import { XLIFF_12_SCHEMA, xmllintErrors } from './xliff-tools.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/glossary/', import.meta.url));
const TBX = join(FIXTURES, 'terms.tbx');
const TBX_BASIC = join(FIXTURES, 'terms-basic.tbx');
const CSV = join(FIXTURES, 'terms.csv');
/** A real ru document with invoices, subscriptions and Partner Center in it. */
const DOCUMENT = join(corpusDir(RU), 'partner-center', 'azure-plan-billing.md');
const dir = mkdtempSync(join(tmpdir(), 'bitext-glossary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (path: string) => {
  const result = readGlossary(readFileSync(path), path);
  expect(result.diagnostics).toEqual([]);
  return result.glossary!;
};

describe('glossary files', () => {
  it('reads TBX v3, TBX-Basic and CSV into one model', () => {
    const ru = termEntries([read(TBX), read(TBX_BASIC), read(CSV)], 'ru-RU');
    const bySource = Object.fromEntries(ru.map((e) => [e.source, e]));
    expect(bySource['invoice']).toMatchObject({ id: 'c-invoice', translations: ['счет'], forbidden: ['инвойс'], definition: 'A bill sent to a customer for the services of one period.' });
    // A definition on the English langSec, a note on the concept.
    expect(bySource['subscription']!.definition).toMatch(/^The right to use a product/);
    expect(bySource['tenant']!.note).toBe('Keep the English word in German.');
    // TBX-Basic: tig with a superseded term, ntig/termGrp.
    expect(bySource['reseller']).toMatchObject({ translations: ['реселлер'], forbidden: ['перепродавец'] });
    expect(bySource['sign in']!.translations).toEqual(['войти']);
    // CSV: quoted fields with commas and doubled quotes, CRLF rows.
    expect(bySource['Partner Center']).toMatchObject({ translations: ['Центр партнеров'], definition: 'The portal; the "Partner Center" name is a product name' });
    expect(bySource['dashboard']!.definition).toBe('The start page of the portal, after sign-in');
    // Each language gets its own terms; the CSV "target" column applies to any language.
    const de = termEntries([read(TBX)], 'de-DE');
    expect(de.map((e) => e.translations[0])).toEqual(['Rechnung', 'Abrechnungskonto', 'Abonnement', 'Mandant']);
    expect(termEntries([readCsvGlossary('en,de-DE\ninvoice,Rechnung\n', 'x.csv').glossary!], 'ru-RU')).toEqual([]);
  });

  it('reports what it cannot read at its line and loads the rest', () => {
    const csv = readCsvGlossary('source,target\nok,хорошо\n,пусто\n"open,не закрыто\n', 'bad.csv');
    expect(csv.glossary!.concepts).toHaveLength(1);
    expect(csv.diagnostics.map((d) => [d.code, d.line])).toEqual([
      ['glossary-invalid', 3],
      ['glossary-invalid', 4],
    ]);
    expect(readCsvGlossary('english;russian\n', 'x.csv').diagnostics[0]!.message).toMatch(/first row must name the columns/);
    const doctype = readTbx(Buffer.from('<?xml version="1.0"?>\n<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">\n<martif/>'), 'd.tbx');
    expect(doctype.glossary).toBeUndefined();
    expect(doctype.diagnostics[0]).toMatchObject({ code: 'glossary-invalid', line: 2 });
    expect(readTbx(Buffer.from('<xliff/>'), 'x.tbx').diagnostics[0]!.message).toMatch(/not a TBX document/);
  });

  it('matches terms on word boundaries, plurals and inflected forms', () => {
    const entries = termEntries([read(TBX)], 'ru-RU');
    const found = (text: string) => termsInText(text, entries).map((t) => t.entry.source);
    expect(found('Open the Invoices of a billing account.')).toEqual(['invoice', 'billing account']);
    // Not inside another word, a path or an identifier; the longer term wins over the shorter.
    expect(found('Invoicing /subscriptions/{subscription_id} subscriptionId')).toEqual([]);
    expect(usesTranslation('Откройте платежную учетную запись.', 'платежная учетная запись', 'ru-RU')).toBe(true);
    expect(usesTranslation('нет платежных учетных записей', 'платежная учетная запись', 'ru-RU')).toBe(true);
    expect(usesTranslation('список подписок', 'подписка', 'ru-RU')).toBe(true);
    expect(usesTranslation('Сумма счёта-фактуры', 'счет', 'ru-RU')).toBe(true);
    expect(usesTranslation('Счетчик', 'счет', 'ru-RU')).toBe(false);
    expect(usesTranslation('Das Benutzerkonto und die Rechnungen', 'Rechnung', 'de-DE')).toBe(true);
    expect(usesTranslation('Das Benutzerkonto', 'Konto', 'de-DE')).toBe(true);
    expect(usesTranslation('Das Kontingent', 'Konto', 'de-DE')).toBe(false);
    // No stemming where no rule exists: the translation as written, case aside.
    expect(usesTranslation('請求書を開く', '請求書', 'ja-JP')).toBe(true);
    expect(usesTranslation('Factures', 'facture', 'fr-FR')).toBe(false);
  });
});

describe('glossary terms in XLIFF', () => {
  const glossaries = [read(TBX), read(CSV)];
  const extract = (out: string, format: '1.2' | '2.1', withGlossary = true) => extractCorpora({ dirs: [DOCUMENT], out, format, ...(withGlossary ? { glossaries } : {}) });
  const fileOf = (out: string) => join(out, 'ru-ru', 'partner-center', 'azure-plan-billing.xlf');

  it('2.1: terms reach gls:glossary entries that point at the term in the source, and validate', async () => {
    const out = join(dir, 'x21');
    await extract(out, '2.1');
    const text = readFileSync(fileOf(out), 'utf8');
    const units = [...text.matchAll(/<unit [\s\S]*?<\/unit>/g)].map((m) => m[0]);
    const withTerms = units.filter((u) => u.includes('<gls:glossary'));
    expect(withTerms.length).toBeGreaterThan(10);
    for (const unit of withTerms) {
      // Every entry's ref names a term mark of its own unit's source.
      for (const ref of unit.matchAll(/<gls:glossEntry ref="#([^"]+)">/g)) expect(unit).toMatch(new RegExp(`<source>[\\s\\S]*<mrk id="${ref[1]}" type="term">`));
    }
    expect(text).toMatch(/<gls:term>invoice<\/gls:term>\s*<gls:translation>счет<\/gls:translation>\s*<gls:definition>A bill sent to a customer for the services of one period\. Do not use: инвойс\.<\/gls:definition>/);
    expect(validateXliff(text, fileOf(out)).diagnostics).toEqual([]);
    // The schemas: core, matches and glossary modules at once (the core schema alone checks modules laxly).
    const schemas = join(SHARED, 'schemas/xliff-2.1');
    const all = join(dir, 'xliff-21-modules.xsd');
    writeFileSync(
      all,
      `<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:bitext:test" elementFormDefault="qualified">\n` +
        ['urn:oasis:names:tc:xliff:document:2.0 xliff_core_2.0.xsd', 'urn:oasis:names:tc:xliff:matches:2.0 matches.xsd', 'urn:oasis:names:tc:xliff:glossary:2.0 glossary.xsd']
          .map((pair) => pair.split(' '))
          .map(([ns, file]) => `  <xs:import namespace="${ns}" schemaLocation="${join(schemas, file!)}"/>\n`)
          .join('') +
        '</xs:schema>\n',
    );
    expect(await xmllintErrors([fileOf(out)], all)).toEqual([]);
    // A broken entry is caught by that schema: it does check the gls elements.
    const broken = join(dir, 'broken.xlf');
    writeFileSync(broken, text.replace('<gls:term>invoice</gls:term>', '<gls:term>invoice</gls:term><gls:bogus/>'));
    expect((await xmllintErrors([broken], all)).join('\n')).toMatch(/bogus/);

    // Re-extraction with the same glossary leaves the file as it was; the reader (merge-back,
    // build) sees the same units as in a file extracted without a glossary.
    const again = await extract(out, '2.1');
    expect(again.filesUnchanged).toBe(1);
    const plain = join(dir, 'x21-plain');
    await extract(plain, '2.1', false);
    const coded = (parts: CodedText | undefined) => parts?.map((p) => (typeof p === 'string' ? p : `${p.id}:${p.role}:${p.data}`));
    const strip = (file: ReturnType<typeof readXliff>['file']) => file!.units.map((u) => ({ id: u.id, source: coded(u.source), target: coded(u.target), state: u.state, notes: u.notes }));
    expect(strip(readXliff(readFileSync(fileOf(out)), 'a').file)).toEqual(strip(readXliff(readFileSync(fileOf(plain)), 'b').file));
    // Another glossary: the terms change, nothing else does.
    const changed = await extractCorpora({ dirs: [DOCUMENT], out, format: '2.1', glossaries: [read(CSV)] });
    expect(changed.filesUpdated).toBe(1);
    const after = readFileSync(fileOf(out), 'utf8');
    expect(after).not.toMatch(/<gls:term>invoice</);
    expect(after).toMatch(/<gls:term>Partner Center</);
    expect(validateXliff(after, fileOf(out)).diagnostics).toEqual([]);
    expect(strip(readXliff(Buffer.from(after), 'a').file)).toEqual(strip(readXliff(readFileSync(fileOf(plain)), 'b').file));
  });

  it('1.2: one note from="glossary" per term, valid, regenerated by re-extraction (never doubled)', async () => {
    const out = join(dir, 'x12');
    const cli = await runBitext(['extract', DOCUMENT, '--out', out, '--glossary', TBX, '--glossary', CSV]);
    expect(cli.code).toBe(0);
    const text = readFileSync(fileOf(out), 'utf8');
    expect(text).toContain('<note from="glossary">invoice = счет (not: инвойс) — A bill sent to a customer for the services of one period.</note>');
    expect(await xmllintErrors([fileOf(out)], XLIFF_12_SCHEMA)).toEqual([]);
    expect((await extract(out, '1.2')).filesUnchanged).toBe(1);
    await extractCorpora({ dirs: [DOCUMENT], out, format: '1.2', glossaries: [read(CSV)] });
    const after = readFileSync(fileOf(out), 'utf8');
    expect(after).not.toContain('invoice = счет');
    expect(after.match(/<note from="glossary">Partner Center =/g)!.length).toBe(text.match(/<note from="glossary">Partner Center =/g)!.length);
  });

  it('tm lookup lists the terms of the text', async () => {
    const lookup = await runBitext(['tm', 'lookup', 'Download the invoice of a billing account.', '--locale', 'ru-RU', '--glossary', TBX, '--json'], { cwd: dir });
    expect(lookup.code).toBe(0);
    const json = JSON.parse(lookup.stdout) as { matches: unknown[]; terms: { source: string; translations: string[] }[] };
    expect(json.terms.map((t) => [t.source, t.translations])).toEqual([
      ['invoice', ['счет']],
      ['billing account', ['платежная учетная запись']],
    ]);
  });
});

describe('bitext tm terms', () => {
  it('proposes frequent, consistently translated terms of a corpus as TBX that reads back as a glossary', async () => {
    const out = join(dir, 'candidates.tbx');
    const result = await runBitext(['tm', 'terms', join(corpusDir(RU), 'partner-center', 'announcements'), '--min-count', '10', '--limit', '50', '--out', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/50 candidates for en-US → ru-RU/);
    const entries = termEntries([read(out)], 'ru-RU');
    expect(entries).toHaveLength(50);
    const partnerCenter = entries.find((e) => e.source === 'Partner Center')!;
    expect(partnerCenter.translations[0]).toMatch(/^Центр\S* партнеров$/);
    expect(partnerCenter.note).toMatch(/^\d+ sentences; the translation in (9\d|100) % of them$/);
    // "Center" alone is no candidate: it occurs (almost) only inside "Partner Center".
    expect(entries.map((e) => e.source)).not.toContain('Center');
  });
});

