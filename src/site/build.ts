/**
 * `bitext build`: reads the content folders into the site model, then runs Astro's build
 * programmatically with the inline configuration of src/site/config.ts. Nothing is written into
 * the repository: pages reach Astro through the content loader. The site is built into a staging
 * folder beside `out` and swapped in when complete (./output.ts).
 */
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build } from 'astro';
import { writeFileAtomic } from '../io/write-atomic.ts';
import { type Diagnostic, formatDiagnostic } from '../model/diagnostics.ts';
import { setSiteContext, type BuildStep } from './context.ts';
import { FEEDBACK_URL_ENV } from './bilingual.ts';
import { createSiteConfig, faviconUrl, PROJECT_ROOT, siteSettings } from './config.ts';
import { SETTINGS_ENV } from './site-settings.ts';
import { localeMdxPages } from './mdx-pages.ts';
import { loadSite, type EnglishChoice, type SiteModel, type SitePage } from './model.ts';
import { ANCHOR_RECORD, linkRecordOf, restoreLinkRecord, writeBrokenLinkReport, type BrokenLink } from './link-report.ts';
import { pageUrl } from './slugs.ts';
import { astroOutDir, discardStage, moveIntoStage, removeStaleAstroBuilds, stageOutput, swapInOutput } from './output.ts';
import { reportXliff } from './xliff-report.ts';
import { searchedPageFiles } from './pagefind-bundle.ts';
import { SpilledTexts } from './spilled-text.ts';
import { planShard, routeFilterPlugin, siteRoutes, type ShardPlan, type ShardSpec } from './shard.ts';
import { beginIndexingAhead, INCREMENTAL_MANIFEST, indexingForPlan, PARTS_CACHE_DIR, partsCacheKey, incrementalManifest, manifestText, keptMedia, languagesIndexedAsBefore, planIncremental, pruneStage, searchUpdateLine, siteFingerprint, updatePreviousSite, usableManifest } from './incremental.ts';
import { buildInParts } from './parallel-build.ts';
import { SxsPartsCache, xliffPartSources } from './pages/parts-cache.ts';
import { languagesChangedSince } from './pages/changed-since.ts';
import { returnFreedMemory } from './freed-memory.ts';
import { documentKey, loadXliffFiles, loadXliffTargets, type XliffMergeSummary } from './xliff-targets.ts';

/**
 * Routes an incremental build may render without first giving back the memory the site model
 * freed: it holds that garbage for the few seconds it has left. On the 12,000-page site a rebuild
 * of one page then peaks at 1.72 GiB instead of 1.42 GiB, under the 2 GiB a cold build may use,
 * and ends 0.4 s sooner (13.0 s against 13.4 s).
 */
const FEW_ROUTES = 500;

export interface BuildOptions {
  content: string[];
  xliff?: string;
  /**
   * `bitext preview`: build only the pages of these translators' XLIFF files (wherever they are;
   * each names its document), merged as `xliff` merges a folder. The rest of the content is in
   * the model (links, sidebars, backlinks) but not built.
   */
  previewFiles?: string[];
  out: string;
  site?: string;
  /**
   * Where the build reports go (build.json, broken-links.json, xliff.json): they name files of the
   * build machine, so by default they stay out of the published folder, in `<out>-reports`. A
   * folder inside `out` (e.g. `out/_bitext`) publishes them with the site.
   */
  reports?: string;
  /** The site settings file (title, logo, favicon, site URL; default: bitext.config.json of the project). */
  config?: string;
  /** Where readers' translation suggestions go: a URL template (../cli/build.ts --feedback-url); else a download. */
  feedbackUrl?: string;
  /** Read files and media that symlinks lead to outside the content folders (default: refused with a diagnostic). */
  followSymlinks?: boolean;
  /** Build only this part of the site (./shard.ts); `bitext merge` joins the parts. */
  shard?: ShardSpec;
  /** Render every page, even when `out` holds a previous build whose pages could be kept (./incremental.ts). */
  force?: boolean;
  /** Astro's cache folder (content data store); a test gives its own. */
  cacheDir?: string;
  /**
   * Processes that build a cold build's parts at once, joined into one site (./parallel-build.ts);
   * default 1. An incremental build, a shard and a preview are built in this process.
   */
  jobs?: number;
  log?: (line: string) => void;
  /** Told what the build is doing, and how many pages of how many are rendered: `bitext build` draws it on a terminal. */
  progress?: (step: BuildStep) => void;
  /**
   * Log when each phase of the build ends (seconds since the process started, module loading
   * included), with Astro's own phase log: where a build's time goes (`npm run bench:incremental -- --timings`).
   */
  timings?: boolean;
}

export interface BuildResult {
  pages: number;
  locales: string[];
  englishChoices: EnglishChoice[];
  brokenLinks: number;
  diagnostics: number;
  /** Of the diagnostics, errors: documents or parts of them that did not reach the site as written. */
  errors: number;
  /** The folder the reports were written to. */
  reports: string;
  /** The public URL the canonical and hreflang links use; undefined when none was given. */
  site?: string;
  /** With `xliff`: what the merge-back did. */
  xliff?: XliffMergeSummary;
  /** An incremental build: routes rendered again and kept from the previous site. */
  incremental?: { rendered: number; kept: number; languages: string[] };
  /** A build of several parts at once (`jobs`): how many. */
  parts?: number;
  /** A sharded build: which part, its groups and how many routes it rendered. */
  shard?: { index: number; count: number; routes: number; groups: string[]; hreflang: Record<string, string> };
  /** With `previewFiles`: the pages built, and the problems of their documents and pages. */
  preview?: { pages: { id: string; locale: string; relPath: string; file: string; url: string }[]; diagnostics: Diagnostic[]; brokenLinks: BrokenLink[] };
  seconds: number;
}

export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const log = options.log ?? ((line: string) => process.stderr.write(line + '\n'));
  const mark = options.timings ? (phase: string) => log(`bitext build: timing: ${phase} at ${(performance.now() / 1000).toFixed(2)} s (${memoryFigures()})`) : () => undefined;
  mark('modules loaded');
  const step = (phase: string) => options.progress?.({ phase });
  const content = options.content.map((d) => resolve(d));
  const out = resolve(options.out);
  // A shard's reports stay in it: `bitext merge` joins them into the merged site's.
  const reports = resolve(options.reports ?? (options.shard ? join(out, '_bitext') : `${out}-reports`));
  if (options.config) process.env[SETTINGS_ENV] = resolve(options.config);
  else delete process.env[SETTINGS_ENV];
  const settings = siteSettings();
  // Read where the pages are made (src/site/bilingual.ts), as `npm run build` reads it from the environment.
  if (options.feedbackUrl) process.env[FEEDBACK_URL_ENV] = options.feedbackUrl;
  else delete process.env[FEEDBACK_URL_ENV];
  // A cold build over several cores, in parts (./parallel-build.ts): decided before the site is read, which each part does.
  const jobs = options.jobs ?? 1;
  const whole = !options.shard && !options.previewFiles;
  const incrementalOptions = { ...(options.site ? { site: options.site } : {}), followSymlinks: options.followSymlinks ?? false };
  // The incremental-build keys are build bookkeeping, kept with the reports, and out of the site even when the reports are published.
  const reportsInSite = reports === out || reports.startsWith(out + sep);
  const manifestDir = reportsInSite ? `${out}-reports` : reports;
  // The previous build's manifest, when this build may keep what it made: read once, for the
  // choice of parts, the index begun early and the plan.
  const previous = options.force ? undefined : await usableManifest(out, manifestDir, { ...incrementalOptions, ...(options.shard ? { shard: options.shard } : {}) });
  if (jobs > 1 && whole && !previous) {
    step(`building in ${jobs} parts`);
    return buildInParts({ ...options, content, out, reports, ...(options.xliff ? { xliff: resolve(options.xliff) } : {}), ...(options.config ? { config: resolve(options.config) } : {}) }, jobs, log);
  }
  // Between the marks, Astro's phases (content sync, page generation) show their memory too.
  const sampler = options.timings ? setInterval(() => mark('memory'), 15_000).unref() : undefined;
  step('reading the content');
  const xliffDir = options.previewFiles ? undefined : options.xliff && resolve(options.xliff);
  const xliff = options.previewFiles ? await loadXliffFiles(options.previewFiles.map((f) => resolve(f))) : xliffDir ? await loadXliffTargets(xliffDir) : undefined;
  if (xliff) mark('XLIFF files found');
  // The sxs pages of the previous build that wrote these reports, made from the same documents
  // under the same code (./pages/parts-cache.ts): not for a build asked to make everything again.
  const partsCache =
    options.previewFiles || options.force
      ? undefined
      : { cache: new SxsPartsCache(join(manifestDir, PARTS_CACHE_DIR), await partsCacheKey(xliff?.uiStrings, process.env[FEEDBACK_URL_ENV])), sources: xliffPartSources(xliff) };
  // Into a previous site: the search index of the languages of the translators' files and of the
  // documents written since is begun now, before the site model: its previous version is read
  // (./incremental.ts `beginIndexingAhead`).
  const early =
    whole && partsCache
      ? await beginIndexingAhead(previous, out, manifestDir, async (since) => {
          const fromXliff = xliff?.localesChangedSince(since) ?? [];
          const { changed, remade } = await languagesChangedSince(content, since, partsCache.cache, options.followSymlinks ?? false);
          return {
            // The likeliest first: their previous index is read first.
            languages: [...changed, ...fromXliff, ...remade],
            written: [changed.length + remade.length > 0 && 'documents', fromXliff.length > 0 && 'XLIFF files'].filter(Boolean).join(' and '),
          };
        })
      : undefined;
  if (early) log(`bitext build: incremental: search index of ${early.languages.join(', ')} begun again before the site model (${early.written} written since the previous build)`);
  const site = await loadSite({
    content,
    followSymlinks: options.followSymlinks ?? false,
    ...(partsCache ? { partsCache } : {}),
    ...(xliff
      ? {
          targetsFor: xliff.targetsFor,
          unitStatusFor: xliff.unitStatusFor,
          metadataFor: xliff.metadataFor,
          tocNamesFor: xliff.tocNamesFor,
          uiStrings: xliff.uiStrings,
          xliffLocales: xliff.locales,
          // English MDX pages: translated pages generated from their XLIFF files (./mdx-pages.ts).
          localeMdxFor: localeMdxPages({ root: PROJECT_ROOT, content, xliff: xliffDir ?? `preview:${options.previewFiles!.join('\n')}`, mergedFor: xliff.mergedFor, unitStatusFor: xliff.unitStatusFor }),
        }
      : {}),
  });
  mark(`site model: ${site.pages.size} pages`);
  step('finding what changed');
  const kept = partsCache?.cache.counts;
  if (kept && kept.reused > 0) log(`bitext build: site model: ${plural(kept.reused, 'sxs page')} kept from the previous build, ${kept.made} made again`);
  const ctx = setSiteContext(site);
  const plan: ShardPlan | undefined = options.shard ? planShard(site, options.shard) : undefined;
  if (plan) {
    ctx.renders = plan.renders;
    log(`bitext build: shard ${plan.shard.index}/${plan.shard.count}: ${plan.routes.size} of ${plan.loads.reduce((a, b) => a + b, 0)} pages (${plan.groups.length} locale/docset groups)`);
  }
  // Into an `out` that holds a previous build of the same code: only the routes whose inputs changed (./incremental.ts).
  const ownRoutes = siteRoutes(site).filter((r) => !plan || plan.routes.has(r.id));
  const incremental = await planIncremental(site, ownRoutes, previous, { ...incrementalOptions, ...(options.shard ? { shard: options.shard } : {}) });
  const reuse = incremental.reuse;
  mark('incremental plan (route keys)');
  if (reuse) {
    ctx.renders = reuse.renders;
    ctx.completedFromPrevious = true;
    log(`bitext build: incremental: ${reuse.routes.size} pages to render, ${reuse.unchanged} kept from ${out}; search index of ${reuse.languages.join(', ') || 'no language'} and English search bundles of ${reuse.englishBundles.join(', ') || 'no locale'} to make again`);
  }
  // `bitext preview`: the pages of the translator's files, rendered and built the way a shard
  // builds its part (the other pages are in the site model only, so sidebars, language links and
  // backlinks are the whole site's; no other route is generated).
  const previewed = options.previewFiles ? previewPages(site, xliff!.mergedDocuments()) : undefined;
  if (previewed) ctx.renders = new Set(previewed.map((p) => p.id));
  const selected = reuse?.routes ?? plan?.routes ?? ctx.renders;
  for (const d of site.diagnostics.filter((d) => d.severity === 'error')) log(formatDiagnostic(d));
  logIncludeWarnings(site.diagnostics, log);
  logEnglishChoices(site.englishChoices, join(reports, 'build.json'), log);
  // The new site is written into a staging folder and swapped in whole (./output.ts).
  await removeStaleAstroBuilds();
  const staged = await stageOutput(out);
  const stage = staged.stage;
  const astroOut = astroOutDir(stage);
  // Reports asked for inside the site are staged with it; the others go where they were asked.
  const reportsIn = reportsInSite ? join(stage, relative(out, reports)) : reports;
  // Building the site model and its route keys leaves most of the heap garbage (1.1 GB of heap in
  // use on the 12,000-page site, 0.36 GB of it live), which the process would otherwise keep through
  // Astro's build; not a rebuild of a few pages (FEW_ROUTES), for which the collection was 3 % of
  // its time.
  if (!reuse || reuse.routes.size > FEW_ROUTES) returnFreedMemory();
  mark('stage prepared');
  step('preparing the pages');
  if (options.progress) ctx.progress = options.progress;
  // The changed languages' search index is begun from the previous site while Astro renders (./pagefind-bundle.ts).
  const reindexed = reuse?.languages ?? [];
  // The files of the pages Pagefind may index: the index begun now, and the next build's early one (the manifest).
  const searched = searchedPageFiles(site);
  const indexing = await indexingForPlan(early, reindexed, searched, out);
  if (early) log(`bitext build: incremental: the search index begun before the site model ${indexing === early.indexing ? 'goes on' : 'stopped (not the languages or pages of the plan)'}`);
  void indexing?.pagesReadAhead.then((count) => mark(`Pagefind: the previous index of ${reindexed.join(', ')} read (${count ?? 'no'} pages)`));
  try {
    const config = await createSiteConfig({ context: ctx, outDir: astroOut, ...(options.site ? { site: options.site } : {}), vitePlugins: [routeFilterPlugin(selected)] });
    // Nothing changed: the previous site is the new one, without running Astro.
    if (reuse?.routes.size !== 0) {
      // Astro runs here as a library: its build would report each of our users' builds to Astro's
      // telemetry service (asking git for a project id first). A value set in the environment wins.
      process.env.ASTRO_TELEMETRY_DISABLED ??= '1';
      await build({ ...config, configFile: false, logLevel: options.timings ? 'info' : 'warn', ...(options.cacheDir ? { cacheDir: resolve(options.cacheDir) } : {}) });
      mark('Astro build (content sync, Vite, pages, Pagefind)');
      step('writing the reports');
      await moveIntoStage(astroOut, stage);
    }
    // Media of the pages kept are copied from their sources too: an image can change without its page.
    for (const [url, file] of [...keptMedia(incremental, ctx.media), ...ctx.media]) {
      const target = join(stage, decodeURIComponent(url));
      await mkdir(dirname(target), { recursive: true });
      await copyFile(file, target);
    }
    // The rest is in the previous site, where the stage goes when the reports are written.
    if (reuse) await pruneStage(stage);
    // Languages whose changed pages Pagefind indexes as before keep their index (./incremental.ts).
    const indexedAsBefore = reuse ? await languagesIndexedAsBefore(site, reuse, out, stage) : [];
    if (indexedAsBefore.length > 0) {
      indexing?.leaveOut(indexedAsBefore);
      log(`bitext build: incremental: search index of ${indexedAsBefore.join(', ')} kept (the changed pages index as before)`);
    }
    const reindexedLanguages = reindexed.filter((lang) => !indexedAsBefore.includes(lang));
    if (settings.favicon && faviconUrl(settings.favicon).startsWith('/_bitext/')) await copyFile(settings.favicon, join(stage, faviconUrl(settings.favicon)));
    for (const d of ctx.refusedMedia.values()) log(formatDiagnostic(d));
    // After Astro's build, which empties its output folder. The reports name where they end up.
    const logFinal = (line: string) => log(line.split(stage).join(out));
    const xliffSummary = xliff && xliffDir ? await reportXliff(xliff, xliffDir, join(reportsIn, 'xliff.json'), logFinal) : undefined;
    // A shard reports the links of its own pages (an English page it rendered only for its fallbacks is another shard's).
    if (plan) {
      ctx.brokenLinks = ctx.brokenLinks.filter((b) => plan.routes.has(b.page));
      ctx.anchorLinks = ctx.anchorLinks.filter((b) => plan.routes.has(b.page));
    }
    // The links and ids of the pages kept, as the previous build recorded them: every link is
    // judged as in a cold build, against the ids of every page, rendered now or kept.
    if (reuse) restoreLinkRecord(ctx, reuse.previous.links, reuse.renders);
    // Links to no page, with file:line:column, per locale (./link-report.ts). A shard leaves the
    // anchor links to other shards' pages, and the ids of its own, to `bitext merge`.
    const { report: broken, unjudged } = await writeBrokenLinkReport(ctx, join(reportsIn, 'broken-links.json'), logFinal, plan ? { anchorRecord: join(reportsIn, ANCHOR_RECORD) } : {});
    if (plan && unjudged > 0) log(`bitext build: shard ${plan.shard.index}/${plan.shard.count}: ${unjudged} links to anchors of other shards' pages, judged by bitext merge`);
    const shown = previewed && new Set(previewed.map((p) => p.id));
    const result: BuildResult = {
      pages: site.pages.size,
      locales: site.locales.map((l) => l.code),
      englishChoices: site.englishChoices,
      brokenLinks: broken.total,
      diagnostics: site.diagnostics.length,
      errors: site.diagnostics.filter((d) => d.severity === 'error').length,
      reports,
      ...(options.site ?? settings.site ? { site: options.site ?? settings.site } : {}),
      ...(xliffSummary ? { xliff: xliffSummary } : {}),
      ...(plan ? { shard: { index: plan.shard.index, count: plan.shard.count, routes: plan.routes.size, groups: plan.groups, hreflang: Object.fromEntries(site.locales.map((l) => [l.code, l.lang])) } } : {}),
      ...(reuse ? { incremental: { rendered: reuse.routes.size, kept: reuse.unchanged, languages: reindexedLanguages } } : {}),
      ...(previewed
        ? {
            preview: {
              pages: previewed.map((p) => ({ id: p.id, locale: p.locale, relPath: p.relPath, file: p.file, url: pageUrl(p.locale, p.slug) })),
              diagnostics: site.diagnostics.filter((d) => previewed.some((p) => p.file === d.file)),
              brokenLinks: Object.values(broken.locales).flatMap((l) => l.links.filter((link) => shown!.has(link.page))),
            },
          }
        : {}),
      seconds: (performance.now() - started) / 1000,
    };
    mark('reports');
    step(reuse ? 'updating the site' : 'putting the new site in place');
    await writeFileAtomic(join(reportsIn, 'build.json'), JSON.stringify(result, null, 2) + '\n');
    let manifest: ((site: string) => string) | undefined;
    const makeManifest = () => (manifest = manifestText(incrementalManifest(incremental, ctx.media, linkRecordOf(ctx), previewed ? undefined : searched)));
    if (reuse) {
      // The previous site is changed in place from here on: without a manifest, a build killed
      // before the new one is written is followed by a cold build.
      await rm(join(manifestDir, INCREMENTAL_MANIFEST), { force: true });
      // Every language left out: Pagefind, begun ahead, has nothing to finish.
      if (reindexedLanguages.length === 0) await indexing?.abandon();
      const updated = searchUpdateLine(await updatePreviousSite(site, out, stage, { languages: reindexedLanguages, englishBundles: reuse.englishBundles }, mark, indexing, makeManifest));
      if (updated) log(updated);
      await discardStage(staged);
    } else {
      await swapInOutput(staged);
      mark('site swapped in');
    }
    // After the swap: a manifest left from before describes another site, which the next build does not reuse.
    await writeFileAtomic(join(manifestDir, INCREMENTAL_MANIFEST), (manifest ?? makeManifest())(await siteFingerprint(out)));
    mark(reuse ? 'site updated' : 'manifest written');
    return result;
  } catch (error) {
    await indexing?.abandon();
    if (astroOut !== stage) await rm(astroOut, { recursive: true, force: true });
    await discardStage(staged);
    throw error;
  } finally {
    // The pages are written: the scratch file of their HTML (./spilled-text.ts) is let go.
    if (ctx.renderedHtml instanceof SpilledTexts) ctx.renderedHtml.close();
    clearInterval(sampler);
    await partsCache?.cache.written();
  }
}

/** This process's memory, for the timing log: resident set and V8's heap in use, in MB. */
function memoryFigures(): string {
  const { rss, heapUsed, heapTotal, external } = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 2 ** 20);
  return `rss ${mb(rss)} MB, heap ${mb(heapUsed)} of ${mb(heapTotal)} MB, external ${mb(external)} MB`;
}

/** The pages of the documents a preview merged XLIFF files into (keys of `documentKey`). */
function previewPages(site: SiteModel, merged: ReadonlySet<string>): SitePage[] {
  return [...site.pages.values()].filter((p) => (p.kind === 'sxs' || p.kind === 'mdx') && merged.has(documentKey(p.locale, p.relPath)));
}

/** Includes a page cannot show (missing file, cycle) are warnings, as in DocFX: counted, the first few listed. */
function logIncludeWarnings(diagnostics: Diagnostic[], log: (line: string) => void): void {
  const warnings = diagnostics.filter((d) => d.severity === 'warning' && d.code.startsWith('include-'));
  if (warnings.length === 0) return;
  const byCode = new Map<string, number>();
  for (const d of warnings) byCode.set(d.code, (byCode.get(d.code) ?? 0) + 1);
  log(`bitext build: ${warnings.length} includes cannot be shown (${[...byCode].map(([code, n]) => `${code} ${n}`).join(', ')}); their pages show a mark:`);
  for (const d of warnings.slice(0, 3)) log(`  ${formatDiagnostic(d)}`);
}

/** Where locales carry different English versions of a document, says which one the site shows. */
function logEnglishChoices(choices: EnglishChoice[], reportPath: string, log: (line: string) => void): void {
  if (choices.length === 0) return;
  const shown = 3;
  log(`bitext build: ${choices.length} documents have different English versions across locales; the newest is used:`);
  for (const c of choices.slice(0, shown)) log(`  ${c.slug}: ${c.chosen} over ${c.over.join(', ')} (${c.reason})`);
  if (choices.length > shown) log(`  ... ${choices.length - shown} more in ${reportPath}`);
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
