import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { corpusDir, DE, RU, RU_2019 } from './corpus.ts';
import { runBitext } from './cli-helpers.ts';
import { buildEnv } from './support/site-build.ts';

describe('bitext inspect', () => {
  it('--json gives the counts of both locales and the 2019 version, and the English agreement', async () => {
    const result = await runBitext(['inspect', corpusDir(RU), corpusDir(DE), corpusDir(RU_2019), '--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ documents: 930, segments: 73_041, errors: 0, roundtripExact: 930 });
    const [ru, de, ru2019] = report.corpora;
    expect(ru).toMatchObject({
      locale: 'ru-RU',
      documents: 370,
      documentsWithSegments: 368,
      segments: 32_360,
      translationTypes: { MT: { documents: 260, segments: 19_567 }, HT: { documents: 108, segments: 12_793 } },
      errors: 0,
      roundtripExact: 370,
    });
    expect(de).toMatchObject({ locale: 'de-DE', documents: 350, documentsWithSegments: 348, segments: 30_537, translationTypes: { MT: { documents: 242 }, HT: { documents: 106 } }, roundtripExact: 350 });
    expect(ru2019).toMatchObject({ locale: 'ru-RU', documents: 210, segments: 10_144, roundtripExact: 210 });
    // FORMAT.md §1: 309.5 k English words in ru, 299.7 k in de (whitespace-separated).
    expect(ru.englishWords).toBeGreaterThan(305_000);
    expect(ru.englishWords).toBeLessThan(310_000);
    expect(report.englishAgreement[0]).toMatchObject({ locales: ['ru-RU', 'de-DE'], compared: 298, agree: 288 });
  });

  it('prints a readable report by default', async () => {
    const result = await runBitext(['inspect', corpusDir(RU)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('documents          370 (368 with segments)');
    expect(result.stdout).toContain('segment pairs      32,360');
    expect(result.stdout).toContain('round-trip exact   370 of 370');
    expect(result.stderr).toBe('');
  });

  it('exits 2 with usage on a bad command line', async () => {
    expect((await runBitext(['inspect'])).code).toBe(2);
    expect((await runBitext(['inspect', '--nope', 'x'])).code).toBe(2);
    expect((await runBitext(['no-such-command'])).code).toBe(2);
  });

  it('build exits 2 naming a content or XLIFF folder that does not exist, before building anything', async () => {
    const missing = await runBitext(['build', '--content', 'no/such/folder', '--out', 'no/such/out']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('content folder "no/such/folder" does not exist');
    const noXliff = await runBitext(['build', '--xliff', 'no/such/xliff', '--out', 'no/such/out']);
    expect(noXliff.code).toBe(2);
    expect(noXliff.stderr).toContain('XLIFF folder "no/such/xliff" does not exist');
  });
});

describe('bitext build exit code', () => {
  it('is 1 when the site is built but links lead to no page, with the reason on one line', async () => {
    // A scratch working folder inside the repository, where Astro's prerender chunks resolve node_modules.
    const scratch = await mkdtemp(fileURLToPath(new URL('../.bitext-tmp-cli-build-', import.meta.url)));
    try {
      const fixture = fileURLToPath(new URL('fixtures/site-nav', import.meta.url));
      const result = await runBitext(['build', '--content', fixture, '--out', join(scratch, 'out')], { cwd: scratch, env: buildEnv() });
      expect(result.stderr).toMatch(/^bitext build: exit 1: \d+ links lead to no page \(listed above\)$/m);
      expect(result.code).toBe(1);
      expect(existsSync(join(scratch, 'out', 'index.html'))).toBe(true);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }, 300_000);
});

describe('every command has --help', async () => {
  const overview = await runBitext(['--help']);
  const names = [...overview.stdout.matchAll(/^ {2}(\S+) {2,}/gm)].map((m) => m[1]!);

  it('lists the commands', () => {
    expect(overview.code).toBe(0);
    expect(names).toContain('inspect');
  });

  it.each(names)('%s --help prints its usage and exits 0', async (name) => {
    const help = await runBitext([name, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(new RegExp(`^Usage: npx bitext ${name}`));
  });
});
