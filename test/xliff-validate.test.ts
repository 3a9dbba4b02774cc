import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../src/cli/main.ts';
import { validateFiles } from '../src/cli/validate.ts';
import { validateXliff } from '../src/xliff/validate/index.ts';

const suite = fileURLToPath(new URL('../../shared/xliff-test-suite/core/', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/xliff-validate/', import.meta.url));
const xlf = (dir: string) => readdirSync(join(suite, dir)).filter((f) => f.endsWith('.xlf')).sort();
/** Extension prefixes the suite's valid documents use (valid/extra-prefixes.properties). */
const extraPrefixes = readFileSync(join(suite, 'valid/extra-prefixes.properties'), 'utf8')
  .split('\n')
  .map((line) => line.slice(line.lastIndexOf('=') + 1).trim())
  .filter(Boolean);
const RULE = /^XLIFF (?:2\.1 §\d+(?:\.\d+)* \(|1\.2 <)/;

describe('OASIS XLIFF 2.1 core conformance suite', () => {
  it('accepts all 25 valid documents', () => {
    const files = xlf('valid');
    expect(files).toHaveLength(25);
    const rejected = files
      .map((f) => validateXliff(readFileSync(join(suite, 'valid', f)), f, { extraPrefixes }))
      .filter((r) => !r.valid)
      .map((r) => `${r.file}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    expect(rejected).toEqual([]);
  });

  it('rejects all 119 invalid documents, each with a message naming the rule', () => {
    const files = xlf('invalid');
    expect(files).toHaveLength(119);
    const accepted: string[] = [];
    for (const f of files) {
      const result = validateXliff(readFileSync(join(suite, 'invalid', f)), f);
      if (result.valid) accepted.push(f);
      for (const d of result.diagnostics) {
        expect(d.message, f).toMatch(RULE);
        expect(d).toMatchObject({ file: f, severity: 'error', code: 'xliff-invalid' });
        expect(d.line).toBeGreaterThan(0);
      }
    }
    expect(accepted).toEqual([]);
  });

  it('accepts the inputs and expected outputs of the in-out tests', () => {
    const files = xlf('in-out');
    expect(files.length).toBeGreaterThanOrEqual(18);
    const rejected = files.map((f) => validateXliff(readFileSync(join(suite, 'in-out', f)), f)).filter((r) => !r.valid);
    expect(rejected.map((r) => r.file)).toEqual([]);
  });

  it('names the specific rule for representative invalid documents', () => {
    const first = (name: string) => validateXliff(readFileSync(join(suite, 'invalid', name)), name).diagnostics[0]!;
    expect(first('bad_DataIdNotUnique.xlf')).toMatchObject({ line: 7, message: expect.stringContaining('§4.3.1.21 (id): data id "d1twice"') });
    expect(first('bad_NoTrgLang.xlf').message).toContain('§4.2.2.1 (xliff)');
    expect(first('bad_WrongReordering1.xlf').message).toContain('§4.7.2.6 (Editing Hints)');
    expect(first('bad_InvalidFragIdBadOrder.xlf').message).toContain('§3 (Fragment Identification)');
    expect(first('bad_InvalidFSAttributeOnEc.xlf').message).toContain('§5.3.5.1 (fs)');
  });

  it('rejects an extension prefix in a fragment identifier unless it is declared', () => {
    const text = readFileSync(join(suite, 'valid/withTBXExtension.xlf'));
    expect(validateXliff(text, 'tbx.xlf').valid).toBe(false);
    expect(validateXliff(text, 'tbx.xlf', { extraPrefixes: ['tbx'] }).valid).toBe(true);
  });
});

const modules = fileURLToPath(new URL('../../shared/xliff-test-suite/modules/', import.meta.url));
const moduleFiles = (dir: string) => readdirSync(join(modules, dir)).filter((f) => f.endsWith('.xlf')).sort();

describe('OASIS XLIFF 2.1 modules conformance suite', () => {
  it('accepts all 34 valid documents', () => {
    const files = moduleFiles('valid');
    expect(files).toHaveLength(34);
    const rejected = files
      .map((f) => validateXliff(readFileSync(join(modules, 'valid', f)), f))
      .filter((r) => !r.valid)
      .map((r) => `${r.file}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
    expect(rejected).toEqual([]);
  });

  it('rejects all 43 invalid documents, each for the module rule its name breaks, with the section', () => {
    const files = moduleFiles('invalid');
    expect(files).toHaveLength(43);
    // The file name's prefix names the module; the first module diagnostic cites that module's section.
    const section: Record<string, string> = { mtc: '5.1', gls: '5.2', fs: '5.3', mda: '5.4', res: '5.5', ctr: '5.6', slr: '5.7', val: '5.8' };
    const wrong: string[] = [];
    for (const f of files) {
      const result = validateXliff(readFileSync(join(modules, 'invalid', f)), f);
      const module = /^Bad-([a-z]+)[-_]/.exec(f)![1]!;
      for (const d of result.diagnostics) expect(d.message, f).toMatch(RULE);
      const cited = result.diagnostics.some((d) => d.message.startsWith(`XLIFF 2.1 §${section[module]}.`));
      if (result.valid || !cited) wrong.push(`${f}: ${result.diagnostics.map((d) => d.message).join('; ') || 'accepted'}`);
    }
    expect(wrong).toEqual([]);
  });

  it('names the rule and the position for representative module errors', () => {
    const first = (name: string) => validateXliff(readFileSync(join(modules, 'invalid', name)), name).diagnostics.find((d) => d.message.includes('§5.'))!;
    expect(first('Bad-mtc_subType-w-o-type-match.xlf')).toMatchObject({ line: 19, message: expect.stringContaining('§5.1.7.8 (subType)') });
    expect(first('Bad-gls_glossEntry-w-o-translation-or-definition.xlf').message).toContain('§5.2.4.3 (glossEntry)');
    expect(first('Bad-mda_meta-missing-type.xlf').message).toContain('§5.4.4.4 (meta): <mda:meta> requires the attribute "type"');
    expect(first('Bad-res_source-xml_lang-not-same-as-xliff.xlf').message).toContain('§5.5.4.5 (source)');
    expect(first('Bad-ctr_property-not-content-or-valid-attribute-ref.xlf').message).toContain('§5.6.5.6 (property)');
    expect(first('Bad-slr_sizeInfoRef-has-no-data-sib.xlf').message).toContain('§5.7.5.10 (sizeInfoRef)');
    expect(first('Bad-val_invalid-occurs.xlf').message).toContain('§5.8.5.2 (occurs)');
  });
});

describe('XLIFF 1.2', () => {
  it('accepts a valid document with groups, alt-trans, notes and every kind of inline code', () => {
    const result = validateXliff(readFileSync(join(fixtures, 'valid-1.2.xlf')), 'valid-1.2.xlf');
    expect(result.diagnostics).toEqual([]);
    expect(result).toMatchObject({ valid: true, version: '1.2' });
  });

  it('reports structure, ids, state and inline-code pairing errors with positions', () => {
    const result = validateXliff(readFileSync(join(fixtures, 'invalid-1.2.xlf')), 'invalid-1.2.xlf');
    expect(result.valid).toBe(false);
    const found = result.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`);
    const expectations = [
      /^3:3 XLIFF 1\.2 <file>: .*"source-language"/,
      /^3:3 XLIFF 1\.2 <file>: .*"datatype"/,
      /^6:22 XLIFF 1\.2 <bpt>: <bpt id="1"> has no matching <ept>/,
      /^7:17 XLIFF 1\.2 <target> state: state="done"/,
      /^7:55 XLIFF 1\.2 <ept>: <ept id="9"> has no <bpt> before it/,
      /^9:7 XLIFF 1\.2 <trans-unit>: .*exactly one <source>, found 0/,
      /^9:19 XLIFF 1\.2 <trans-unit> id: id "1" is already used/,
      /^12:7 .*exactly one <source>, found 2/,
      /^13:19 XLIFF 1\.2 <it>: .*"pos"/,
      /^13:41 XLIFF 1\.2 <x>: .*"id"/,
      /^13:50 XLIFF 1\.2 <bx>: <bx id="5"> has no matching <ex>/,
      /^16:7 .*requires the attribute "id"/,
      /^18:9 .*<foo> is not allowed in <trans-unit>/,
    ];
    for (const pattern of expectations) expect(found.some((f) => pattern.test(f)), pattern.source).toBe(true);
    expect(found).toHaveLength(expectations.length);
    for (const d of result.diagnostics) expect(d.message).toMatch(RULE);
  });

  it('pairs bpt/ept by rid when ids differ', () => {
    const doc = (body: string) =>
      `<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="a" source-language="en" datatype="plaintext"><body><trans-unit id="1"><source>${body}</source></trans-unit></body></file></xliff>`;
    expect(validateXliff(doc('<bpt id="1" rid="a">[</bpt>x<ept id="2" rid="a">]</ept>'), 'a.xlf').valid).toBe(true);
    expect(validateXliff(doc('<bpt id="1" rid="a">[</bpt>x<ept id="2" rid="b">]</ept>'), 'a.xlf').valid).toBe(false);
  });
});

describe('hostile files', () => {
  it('rejects XXE without reading the entity', () => {
    const result = validateXliff(readFileSync(join(fixtures, 'xxe.xlf')), 'xxe.xlf');
    expect(result.valid).toBe(false);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ file: 'xxe.xlf', line: 2, column: 1, code: 'xml-invalid', message: expect.stringMatching(/DOCTYPE is not allowed.*XXE/) }),
    ]);
    expect(JSON.stringify(result)).not.toContain('root:');
  });

  it('rejects billion laughs without expanding entities', () => {
    const result = validateXliff(readFileSync(join(fixtures, 'billion-laughs.xlf')), 'billion-laughs.xlf');
    expect(result.valid).toBe(false);
    expect(result.diagnostics).toHaveLength(1);
    expect(result.diagnostics[0]!.message).toMatch(/DOCTYPE is not allowed.*entity-expansion/);
  });

  it('rejects an oversized file before parsing it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bitext-validate-'));
    const big = join(dir, 'big.xlf');
    writeFileSync(big, `<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="en"><!-- ${'x'.repeat(4096)} --></xliff>`);
    try {
      const report = await validateFiles([big], { maxBytes: 1024 });
      expect(report.invalid).toBe(1);
      expect(report.diagnostics[0]).toMatchObject({ file: big, line: 1, column: 1, code: 'xml-invalid', message: expect.stringMatching(/is 4\.\d KB, over the 1\.0 KB limit/) });
      expect(validateXliff(readFileSync(big), 'big.xlf', { maxBytes: 1024 }).diagnostics[0]!.message).toMatch(/over the 1\.0 KB limit/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npx bitext validate', () => {
  let out = '';
  let err = '';
  const run = async (...args: string[]) => {
    out = '';
    err = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
    return main(['validate', ...args]);
  };
  afterEach(() => vi.restoreAllMocks());

  it('prints file:line:column diagnostics and a summary, exit 1 when a file is invalid', async () => {
    expect(await run(fixtures)).toBe(1);
    expect(out).toMatch(/invalid-1\.2\.xlf:3:3: error xliff-invalid: XLIFF 1\.2 <file>: /);
    expect(out).toMatch(/xxe\.xlf:2:1: error xml-invalid: a DOCTYPE is not allowed/);
    expect(out.trim().split('\n').at(-1)).toBe('4 files: 1 valid, 3 invalid, 15 problems');
  });

  it('tells its progress file by file (the bar a terminal shows)', async () => {
    const seen: [number, number][] = [];
    const report = await validateFiles([join(suite, 'valid')], { extraPrefixes, progress: (done, total) => seen.push([done, total]) });
    expect(report.files).toBe(25);
    expect(seen).toEqual([...Array(25).keys()].map((i) => [i, 25]));
  });

  it('exits 0 on the valid suite with the declared prefixes, and prints JSON', async () => {
    const code = await run(join(suite, 'valid'), '--prefixes', join(suite, 'valid/extra-prefixes.properties'), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ files: 25, valid: 25, invalid: 0, diagnostics: [] });
  });

  it('exits 2 on usage errors', async () => {
    expect(await run()).toBe(2);
    expect(err).toMatch(/name at least one XLIFF file/);
    expect(await run(join(fixtures, 'missing.xlf'))).toBe(2);
    expect(await run(fixtures, '--max-mb', 'zero')).toBe(2);
    expect(await run('--help')).toBe(0);
    expect(out).toMatch(/Usage: npx bitext validate/);
  });
});
