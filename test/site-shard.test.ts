/**
 * Sharded builds: a sample of the Russian and German corpus (a docset, two pages of another, one
 * page only in Russian so German has an English fallback page, and a page whose English links to
 * `#anchors` a German-only FAQ lacks, in another shard) built once whole and once as three
 * shards, each a separate process (`buildSite` with `shard`), then joined by `bitext merge`. The
 * merged site must be the single build: the same files, byte for byte, the same broken-link
 * report (anchor links across shards judged on merge), every internal link leading to a file of
 * the site, and Pagefind's index of every language finding the pages of every shard. A two-shard
 * build of the same sample splits a language across shards, which merge indexes again: its
 * search must equal the single build's. That two-shard build is a build with `jobs: 2` (its parts
 * built at once and joined), which must write the single build, byte for byte, and its reports.
 * The three shards built again into their folders, nothing changed, keep every page and merge
 * into the same report (the ids and anchor links of the pages kept are the previous build's).
 * The plan of the parts is checked on the whole Russian and German corpus: every route in one
 * part, the parts balanced.
 */
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSite } from '../src/site/model.ts';
import { planShard, siteRoutes } from '../src/site/shard.ts';
import { mergeShards } from '../src/site/merge-shards.ts';
import { SEARCH_WARM_UP } from '../src/site/search-warm-up.ts';
import { corpusDir, DE, RU } from './corpus.ts';
import { buildSiteInChild } from './support/site-build.ts';
import { openSearch } from './support/pagefind-node.ts';

const BIN = fileURLToPath(new URL('../bin/bitext.js', import.meta.url));
const LANGUAGES = ['en', 'ru-ru', 'de-de'];

let work: string;
const scratches: string[] = [];
let single: string;
let merged: string;
let mergeLog: string;
let parallel: string;
let parallelLog: string;
let remerged: string;
const rebuildLogs: string[] = [];
const shardGroups: string[][] = [];
const shardRoutes: number[] = [];

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

async function build(content: string[], out: string, shard?: { index: number; count: number }): Promise<string> {
  // A shard keeps its reports in its own _bitext/ (merge reads them there); a whole site beside it.
  const { log, scratch } = await buildSiteInChild({ content, out, cacheDir: join(work, `cache-${shard ? `${shard.index}-${shard.count}` : 'single'}`), ...(shard ? { shard } : {}) }, 'shard');
  scratches.push(scratch);
  return log;
}

function merge(dirs: string[], out: string): string {
  const run = spawnSync(process.execPath, [BIN, 'merge', ...dirs, '--out', out], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`merge failed (${run.status}):\n${run.stderr}\n${run.stdout}`);
  return run.stdout + run.stderr;
}

interface LinkReport {
  total: number;
  locales: Record<string, { count: number; links: { file: string; line: number; column: number; href: string; page: string; reason: string; anchor?: string }[] }>;
}

async function linkReport(reports: string): Promise<LinkReport> {
  return JSON.parse(await readFile(join(reports, 'broken-links.json'), 'utf8')) as LinkReport;
}

async function searchUrls(dir: string, lang: string, term: string | null): Promise<string[]> {
  const pagefind = await openSearch(dir, lang);
  const { results } = await pagefind.search(term);
  return (await Promise.all(results.map(async (r) => (await r.data()).url))).sort();
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bitext-shard-'));
  // incentives-ten-essentials links to `incentives-faq.yml#...` anchors the FAQ lacks; the FAQ is
  // German only, so the English page's links lead to the German page, in another shard.
  for (const [name, extra] of [[RU, ['overview.md', 'billing.md', 'insights-overview-report.md', 'incentives-ten-essentials.md']], [DE, ['overview.md', 'billing.md', 'incentives-faq.yml']]] as const) {
    await cp(join(corpusDir(name), 'marketplace'), join(work, name, 'marketplace'), { recursive: true });
    await mkdir(join(work, name, 'partner-center'), { recursive: true });
    for (const f of extra) await cp(join(corpusDir(name), 'partner-center', f), join(work, name, 'partner-center', f));
  }
  const content = [join(work, RU), join(work, DE)];
  single = join(work, 'single');
  await build(content, single);
  for (let k = 1; k <= 3; k++) await build(content, join(work, `shard-${k}-3`), { index: k, count: 3 });
  for (let k = 1; k <= 3; k++) {
    const { shard } = JSON.parse(await readFile(join(work, `shard-${k}-3`, '_bitext/build.json'), 'utf8')) as { shard: { groups: string[]; routes: number } };
    shardGroups.push(shard.groups);
    shardRoutes.push(shard.routes);
  }
  merged = join(work, 'merged');
  // In another order than 1..3: merge takes the parts in any order.
  mergeLog = merge([3, 1, 2].map((k) => join(work, `shard-${k}-3`)), merged);
  // Two shards built at once by one build (`jobs`), and joined as merge joins them.
  parallel = join(work, 'parallel');
  const run = await buildSiteInChild({ content, out: parallel, cacheDir: join(work, 'cache-parallel'), jobs: 2 }, 'shard');
  scratches.push(run.scratch);
  parallelLog = run.log;
  // The shards built again into their folders, nothing changed (each keeps all its pages), and merged again.
  for (let k = 1; k <= 3; k++) rebuildLogs.push(await build(content, join(work, `shard-${k}-3`), { index: k, count: 3 }));
  remerged = join(work, 'remerged');
  merge([1, 2, 3].map((k) => join(work, `shard-${k}-3`)), remerged);
}, 900_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
  for (const s of scratches) await rm(s, { recursive: true, force: true });
});

describe('a site built as three shards and merged', () => {
  it('splits the site between locales, each group in one shard, the shards balanced', () => {
    const all = shardGroups.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(shardGroups.every((g) => g.length > 0)).toBe(true);
    expect(all).toContain('de-de/partner-center');
    // 64 routes: English (21), German (22, two of them fallback pages), Russian (21), one each.
    expect(shardRoutes).toEqual([21, 22, 21]);
    expect(shardGroups.map((groups) => new Set(groups.map((g) => g.slice(0, g.indexOf('/')))).size)).toEqual([1, 1, 1]);
  });

  it('has exactly the files of a single build, byte for byte, and no report or bookkeeping of a build', async () => {
    const want = await filesOf(single);
    expect(await filesOf(merged)).toEqual(want);
    // Only what readers load is under _bitext/: no report, no incremental-build manifest.
    expect(want.filter((f) => f.startsWith('_bitext/') && !f.startsWith('_bitext/search-en/') && !f.startsWith('_bitext/nav/'))).toEqual(['_bitext/bilingual.js', '_bitext/search-en.js']);
    // Each docset's sidebar in each locale (ru, de, en: 3 navigations at least), written by the shards that render its pages.
    expect(want.filter((f) => /^_bitext\/nav\/[0-9a-f]{16}\.json$/.test(f)).length).toBeGreaterThanOrEqual(3);
    const differing: string[] = [];
    for (const rel of want) {
      if (rel.startsWith('_bitext/') && !rel.startsWith('_bitext/nav/')) continue;
      if (!(await readFile(join(single, rel))).equals(await readFile(join(merged, rel)))) differing.push(rel);
    }
    expect(differing).toEqual([]);
    expect(want.filter((f) => f.endsWith('.html')).length).toBeGreaterThan(60);
    // The German fallback page of the Russian-only document: English content, another shard's page.
    expect(existsSync(join(merged, 'de-de/partner-center/insights-overview-report/index.html'))).toBe(true);
  });

  it('joins the link reports, anchor links across shards judged as one build judges them, and the build report', async () => {
    // Beside each site, as a single build writes them.
    const a = await linkReport(`${single}-reports`);
    const b = await linkReport(`${merged}-reports`);
    expect(b).toEqual(a);
    // Byte for byte: one order of locales and links whatever order the parts are joined in.
    expect(await readFile(join(`${merged}-reports`, 'broken-links.json'), 'utf8')).toBe(await readFile(join(`${single}-reports`, 'broken-links.json'), 'utf8'));
    // The English page's links to the German FAQ's missing anchors: the FAQ rendered in another
    // shard, which recorded its ids; the merge judged the links.
    const crossing = Object.values(a.locales).flatMap((s) => s.links).filter((l) => l.anchor !== undefined && l.page === 'en/partner-center/incentives-ten-essentials' && l.reason.includes('de-de/partner-center/incentives-faq'));
    expect(crossing.length).toBeGreaterThan(0);
    const unjudged: { page: string; target: string }[] = [];
    for (let k = 1; k <= 3; k++) unjudged.push(...(JSON.parse(await readFile(join(work, `shard-${k}-3`, '_bitext/anchors.json'), 'utf8')) as { unjudged: { page: string; target: string }[] }).unjudged);
    expect(unjudged).toContainEqual(expect.objectContaining({ page: 'en/partner-center/incentives-ten-essentials', target: 'de-de/partner-center/incentives-faq' }));
    const build = JSON.parse(await readFile(join(`${merged}-reports`, 'build.json'), 'utf8')) as Record<string, unknown>;
    expect(build.brokenLinks).toBe(a.total);
    expect(build.reports).toBe(`${merged}-reports`);
    expect(build.shard).toBeUndefined();
    expect(mergeLog).toMatch(/^merged 3 shards/);
    expect(mergeLog).toContain(`reports in ${merged}-reports`);
  });

  it('has no internal link that leads to no file', async () => {
    const missing = new Set<string>();
    for (const rel of (await filesOf(merged)).filter((f) => f.endsWith('.html'))) {
      const html = await readFile(join(merged, rel), 'utf8');
      for (const m of html.matchAll(/\s(?:href|src)="(\/[^"#?]*)/g)) {
        const path = decodeURIComponent(m[1]!);
        if (path.startsWith('//')) continue;
        const file = join(merged, path);
        if (!existsSync(path.endsWith('/') ? join(file, 'index.html') : file)) missing.add(`${rel}: ${path}`);
      }
    }
    expect([...missing].slice(0, 10)).toEqual([]);
  });

  it('finds the pages of every shard in the search index of every language', async () => {
    for (const lang of LANGUAGES) {
      const all = await searchUrls(merged, lang, null);
      expect(all, lang).toEqual(await searchUrls(single, lang, null));
      expect(all.every((u) => u.startsWith(`/${lang}/`)), lang).toBe(true);
      expect(all.length, lang).toBeGreaterThan(15);
    }
    // A word of the marketplace docset, found in each language's own pages.
    for (const [lang, term] of [['en', 'marketplace'], ['ru-ru', 'marketplace'], ['de-de', 'marketplace']] as const) {
      expect((await searchUrls(merged, lang, term)).length, `${lang} ${term}`).toBeGreaterThan(0);
    }
  });
});

describe('the merge of the shards, in this process', () => {
  it('reports its phases and every file of the parts as it joins them (the progress bar of bitext merge), and writes the site bitext merge writes', async () => {
    const steps: { phase: string; done?: number; total?: number }[] = [];
    const out = join(work, 'merged-steps');
    await mergeShards({ shards: [3, 1, 2].map((k) => join(work, `shard-${k}-3`)), out, progress: (step) => steps.push(step), log: () => {} });
    const phases = steps.map((s) => s.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases[0]).toBe('joining the parts');
    expect(phases.slice(-2)).toEqual(['writing the reports', 'putting the merged site in place']);
    const joined = steps.filter((s) => s.phase === 'joining the parts');
    expect(joined.map((s) => s.done)).toEqual(joined.map((_, i) => i + 1));
    let inParts = 0;
    for (let k = 1; k <= 3; k++) inParts += (await filesOf(join(work, `shard-${k}-3`))).length;
    expect(joined.every((s) => s.total === inParts)).toBe(true);
    expect(await filesOf(out)).toEqual(await filesOf(merged));
  });
});

describe('the shards built again into their folders, nothing changed, and merged again', () => {
  it('keep every page, with its ids and its anchor links to other shards\' pages: the merged link report is the single build\'s', async () => {
    for (const log of rebuildLogs) expect(log).toMatch(/incremental: 0 pages to render/);
    expect(await readFile(join(`${remerged}-reports`, 'broken-links.json'), 'utf8')).toBe(await readFile(join(`${single}-reports`, 'broken-links.json'), 'utf8'));
  });
});

describe('a language split across two shards (the two parts of a build with jobs: 2)', () => {
  it('is indexed again on merge, and searches as in a single build', async () => {
    expect(parallelLog).toMatch(/split across shards; Pagefind indexes them again/);
    for (const lang of LANGUAGES) expect(await searchUrls(parallel, lang, 'marketplace'), lang).toEqual(await searchUrls(single, lang, 'marketplace'));
    expect(await readFile(join(parallel, 'pagefind/pagefind-entry.json'), 'utf8')).toBe(await readFile(join(single, 'pagefind/pagefind-entry.json'), 'utf8'));
    // The search warm-up's words, chosen again from the indexes made on merge: a word per language, as in a single build.
    const words = await readFile(join(parallel, SEARCH_WARM_UP), 'utf8');
    expect(Object.keys(JSON.parse(words) as object).sort()).toEqual([...LANGUAGES].sort());
    expect(words).toBe(await readFile(join(single, SEARCH_WARM_UP), 'utf8'));
  });
});

describe('a cold build of two parts at once (jobs)', () => {
  it('writes the single build, byte for byte, with its reports and incremental-build manifest beside it', async () => {
    expect(parallelLog).toMatch(/2 parts built at once/);
    const want = await filesOf(single);
    expect(await filesOf(parallel)).toEqual(want);
    const differing: string[] = [];
    for (const rel of want) if (!(await readFile(join(single, rel))).equals(await readFile(join(parallel, rel)))) differing.push(rel);
    expect(differing).toEqual([]);
    // With the sxs pages a single build keeps for the next one (src/site/pages/parts-cache.ts), which the first part wrote.
    const reportFiles = await filesOf(`${parallel}-reports`);
    const notCache = (files: string[]) => files.filter((rel) => !rel.startsWith('site-model-cache/'));
    expect(notCache(reportFiles)).toEqual(notCache(await filesOf(`${single}-reports`)));
    expect(reportFiles).toContainEqual(expect.stringMatching(/^site-model-cache\/sxs-parts-[0-9a-f]+\.bin$/));
    // Every document of both roots (the single build, run right after the copy, kept none: they
    // were written within the settling time).
    let cached = 0;
    for (const rel of reportFiles.filter((f) => f.startsWith('site-model-cache/'))) {
      const bytes = await readFile(join(`${parallel}-reports`, rel));
      cached += (deserialize(bytes.subarray(4, 4 + bytes.readUInt32LE(0))) as { ids: string[] }).ids.length;
    }
    let documents = 0;
    for (const root of [join(work, RU), join(work, DE)]) {
      for (const rel of (await filesOf(root)).filter((f) => f.endsWith('.md'))) if ((await readFile(join(root, rel), 'utf8')).includes('ms.contentlocale')) documents++;
    }
    expect(documents).toBeGreaterThan(30);
    expect(cached).toBe(documents);
    // The English page (first part) links to anchors the German FAQ (second part) lacks.
    expect(await linkReport(`${parallel}-reports`)).toEqual(await linkReport(`${single}-reports`));
    expect(await readFile(join(`${parallel}-reports`, 'broken-links.json'), 'utf8')).toBe(await readFile(join(`${single}-reports`, 'broken-links.json'), 'utf8'));
    expect(await readFile(join(`${parallel}-reports`, 'incremental.json'), 'utf8')).toBe(await readFile(join(`${single}-reports`, 'incremental.json'), 'utf8'));
    const build = JSON.parse(await readFile(join(`${parallel}-reports`, 'build.json'), 'utf8')) as Record<string, unknown>;
    const whole = JSON.parse(await readFile(join(`${single}-reports`, 'build.json'), 'utf8')) as Record<string, unknown>;
    expect({ ...build, seconds: 0, parts: undefined, reports: whole.reports }).toEqual({ ...whole, seconds: 0 });
    expect(build.parts).toBe(2);
  });
});

describe('bitext merge refuses parts that do not fit', () => {
  it('a missing part: exit 1, one line, nothing written', () => {
    const out = join(work, 'refused');
    const run = spawnSync(process.execPath, [BIN, 'merge', join(work, 'shard-1-3'), join(work, 'shard-2-3'), '--out', out], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/shard 3\/3 is missing/);
    expect(existsSync(out)).toBe(false);
  });

  it('a whole site, or no --out: exit 1 and 2', () => {
    const whole = spawnSync(process.execPath, [BIN, 'merge', single, '--out', join(work, 'refused')], { encoding: 'utf8' });
    expect(whole.status).toBe(1);
    expect(whole.stderr).toMatch(/not a shard/);
    const usage = spawnSync(process.execPath, [BIN, 'merge', single], { encoding: 'utf8' });
    expect(usage.status).toBe(2);
  });
});

describe('the parts of the whole Russian and German corpus', () => {
  it('hold every route once, in parts within 4% (and one page) of an equal share, English in one part when it fits', async () => {
    const site = await loadSite({ content: [corpusDir(RU), corpusDir(DE)] });
    const routes = siteRoutes(site).map((r) => r.id);
    for (const count of [2, 3, 4]) {
      const plans = Array.from({ length: count }, (_, i) => planShard(site, { index: i + 1, count }));
      expect(plans.flatMap((p) => [...p.routes]).sort(), `${count}`).toEqual([...routes].sort());
      const share = routes.length / count;
      for (const p of plans) expect(Math.abs(p.routes.size - share), `${count}: ${plans.map((q) => q.routes.size).join(' ')}`).toBeLessThanOrEqual(0.04 * share + 1);
      expect(plans[0]!.loads).toEqual(plans.map((p) => p.routes.size));
      // The same plan whatever shard computes it.
      expect(planShard(site, { index: 1, count }).routes).toEqual(plans[0]!.routes);
    }
    // 1,126 routes; English (370) fits in one half: German's large docset is cut.
    const halves = [1, 2].map((index) => planShard(site, { index, count: 2 }));
    expect(halves.map((p) => p.routes.size)).toEqual([563, 563]);
    expect(halves[0]!.groups.filter((g) => g.startsWith('en/'))).toEqual(['en/', 'en/archive', 'en/marketplace', 'en/partner-center']);
    expect(halves[1]!.groups.some((g) => g.startsWith('en/'))).toBe(false);
    expect(halves.map((p) => p.groups.filter((g) => g.startsWith('de-de/partner-center')))).toEqual([['de-de/partner-center (1/2)'], ['de-de/partner-center (2/2)']]);
  }, 120_000);
});
