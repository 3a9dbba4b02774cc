import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseShardSpec } from '../site/shard.ts';
import { type Command, EXIT_INPUT_ERRORS, exitCodeFor, requirePaths, UsageError } from './command.ts';
import { createProgress, drawSteps } from './progress.ts';

const usage = `Usage: npx bitext build [--content DIR]... [--xliff DIR] [--out DIR] [--site URL] [--reports DIR] [--config FILE] [--shard K/N] [--jobs N] [--force] [--timings]

Builds the reader site (Astro + Starlight, search index included) from sxs corpora and English
pages: English at /en/, each corpus locale at /<locale>/ (e.g. /ru-ru/), one slug per document.

Options:
  --content DIR   a corpus root or a folder of corpus roots; repeat for several (default: content)
  --xliff DIR     translated XLIFF files (DIR/<locale>/<path>.xlf, as "bitext extract" writes
                  them) whose targets replace the corpus targets; units with broken codes keep
                  the corpus target and are reported in the reports' xliff.json
                  (default: xliff, for the default content, when that folder exists)
  --out DIR       output folder, the site to publish (default: dist)
  --site URL      the URL the site is published at (https://docs.example.org): pages get
                  canonical and hreflang links and the site a sitemap. Default: "site" of the
                  settings file; without either, pages carry no canonical or hreflang links
  --reports DIR   where build.json, broken-links.json and xliff.json go (default: OUT-reports,
                  beside the site: they name files of this machine). A folder inside OUT, such
                  as OUT/_bitext, publishes them with the site
  --config FILE   site settings: title, logo, favicon, site URL (default: bitext.config.json
                  of the project, when it exists)
  --shard K/N     build part K of N (equal page counts, cut between locales and docsets where
                  that stays balanced; its reports
                  stay in OUT/_bitext for bitext merge); every part reads the whole site, so links, cards, backlinks and fallbacks are those of a
                  single build. Join the parts with "npx bitext merge SHARD_DIR... --out DIR"
  --jobs N        processes that build a cold build's parts at once, joined into one site as
                  "bitext merge" joins shards (default 1). Each reads the whole site: memory and
                  CPU time grow with N; it pays on a machine with N idle cores
  --cache-dir DIR Astro's cache folder (default: node_modules/.astro)
  --force         render every page; without it, a build into an --out that holds a build of
                  the same code and options renders only the pages whose content, includes,
                  links or titles they show changed, keeps the others, and indexes again only
                  the languages of changed pages (the result is what a full build writes),
                  and reads again only the documents written since (it keeps their pages in
                  OUT-reports/site-model-cache)
  --feedback-url TEMPLATE  where a reader's "Suggest a better translation" goes: an http(s)
                  URL with {title}, {body}, {document}, {locale}, {unit} filled in, e.g.
                  "https://github.com/ORG/DOCS/issues/new?title={title}&body={body}"
                  (default: the reader downloads the suggestion record, a JSON file, for
                  "bitext suggestions import")
  --timings       log when each phase of the build ends (seconds since the start), with
                  Astro's own log of its phases: where the time of a build goes
  --follow-symlinks  read files and images that symbolic links lead to outside the content
                  folders (default: such links are refused, reported, and never published)
  --help          show this help

The site is built into a folder beside --out (.OUT.bitext-tmp-*) and replaces --out only when
complete: a failed or killed build leaves the previous site as it was. On a terminal, a line
below the log says what the build is doing and how many pages are rendered (not in CI, nor with
--timings).

Exit codes: 0 built, and no input has errors; 1 built, but some input has errors (documents with
errors, XLIFF units that kept their previous text, links that lead to no page: each is listed
above the summary), or the build failed (one line says why); 2 bad command line.
`;

export const buildCommand: Command = {
  name: 'build',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        content: { type: 'string', multiple: true },
        xliff: { type: 'string' },
        out: { type: 'string' },
        site: { type: 'string' },
        reports: { type: 'string' },
        config: { type: 'string' },
        'feedback-url': { type: 'string' },
        'follow-symlinks': { type: 'boolean' },
        shard: { type: 'string' },
        jobs: { type: 'string' },
        'cache-dir': { type: 'string' },
        force: { type: 'boolean' },
        timings: { type: 'boolean' },
      },
    });
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}": name content folders with --content`);
    // The default content takes the translators' files of the default XLIFF folder, when there is one.
    const xliff = values.xliff ?? (!values.content?.length && existsSync('xliff') ? 'xliff' : undefined);
    for (const dir of values.content ?? []) {
      if (!existsSync(dir)) throw new UsageError(`content folder "${dir}" does not exist: name a corpus root or a folder of corpus roots`);
    }
    if (values.site !== undefined && !/^https?:\/\/[^/]/.test(values.site)) throw new UsageError(`--site must be the http(s) URL the site is published at, e.g. https://docs.example.org, got "${values.site}"`);
    if (values.config !== undefined) await requirePaths([values.config], 'no such settings file');
    if (values.xliff !== undefined && !existsSync(values.xliff)) throw new UsageError(`XLIFF folder "${values.xliff}" does not exist: name the folder "bitext extract" wrote`);
    const shard = values.shard === undefined ? undefined : parseShardSpec(values.shard);
    if (values.shard !== undefined && !shard) throw new UsageError(`--shard "${values.shard}" is not K/N with 1 <= K <= N (e.g. --shard 2/4)`);
    const feedback = values['feedback-url'];
    if (feedback !== undefined && !/^https?:\/\/[^\s"<>]+$/i.test(feedback)) throw new UsageError(`--feedback-url "${feedback}" is not an http or https URL template`);
    const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
    if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw new UsageError(`--jobs "${values.jobs}" is not a whole number from 1 to 64`);
    const content = values.content?.length ? values.content : ['content'];
    const out = values.out ?? 'dist';
    // The site's modules are loaded once the command line is good: they load Astro, Vite and
    // Starlight, a second and more that `--help` and a bad command line need not wait for.
    // A part of a build over several cores ends when that build is killed (../site/parallel-build.ts).
    const { PART_PARENT_ENV } = await import('../site/parallel-build.ts');
    const parent = process.env[PART_PARENT_ENV];
    if (parent) setInterval(() => String(process.ppid) !== parent && process.exit(1), 1000).unref();
    let result;
    // On a terminal, what the build is doing and its pages as they render; its log lines above.
    const progress = createProgress('build');
    try {
      const { buildSite } = await import('../site/build.ts');
      result = await buildSite({
        // Not beside --timings, whose lines and Astro's own log say it.
        ...(values.timings ? {} : { progress: drawSteps(progress) }),
        log: (line) => progress.log(line),
        content,
        ...(xliff ? { xliff: resolve(xliff) } : {}),
        out,
        ...(values.site ? { site: values.site } : {}),
        ...(values.reports ? { reports: values.reports } : {}),
        ...(values.config ? { config: values.config } : {}),
        ...(feedback ? { feedbackUrl: feedback } : {}),
        followSymlinks: Boolean(values['follow-symlinks']),
        ...(shard ? { shard } : {}),
        force: Boolean(values.force),
        timings: Boolean(values.timings),
        ...(jobs && !shard ? { jobs } : {}),
        ...(values['cache-dir'] ? { cacheDir: values['cache-dir'] } : {}),
      });
    } catch (error) {
      progress.done();
      // One line, no stack trace: the previous site in --out is untouched (src/site/output.ts).
      process.stderr.write(`bitext build: ${buildErrorLine(error)}; ${out} was left as it was\n`);
      return EXIT_INPUT_ERRORS;
    }
    progress.done();
    process.stdout.write(
      (result.incremental ? `incremental: ${result.incremental.rendered} pages rendered, ${result.incremental.kept} kept; ` : '') +
        (result.shard ? `shard ${result.shard.index}/${result.shard.count}: ${result.shard.routes} pages rendered; ` : '') +
        `built ${result.pages} pages in ${result.locales.length} locales (${result.locales.join(', ')}) in ${result.seconds.toFixed(1)} s; ` +
        `${result.englishChoices.length} English version choices, ${result.brokenLinks} links to missing pages\n`,
    );
    process.stdout.write(`reports in ${result.reports}\n`);
    if (!result.site) process.stdout.write('no --site: pages carry no canonical or hreflang links and there is no sitemap; give the published URL with --site (or "site" in bitext.config.json)\n');
    // The site is built either way; the exit code says whether the input has errors to fix.
    const problems = [
      result.errors > 0 ? `${result.errors} input errors` : '',
      (result.xliff?.errors ?? 0) > 0 ? `${result.xliff!.errors} XLIFF errors (${result.xliff!.rejected} units kept their previous text)` : '',
      result.brokenLinks > 0 ? `${result.brokenLinks} links lead to no page` : '',
    ].filter(Boolean);
    if (problems.length > 0) process.stderr.write(`bitext build: exit 1: ${problems.join(', ')} (listed above)\n`);
    return exitCodeFor([], problems.length > 0);
  },
};

/** The first line of an error of the build (Astro's, or of a file), with the file it names. */
function buildErrorLine(error: unknown): string {
  // Vite and Rolldown gather their errors under `errors`, after a "Build failed with N errors" line.
  const first = ((error as { errors?: unknown[] }).errors?.[0] ?? error) as { message?: string; id?: string; loc?: { file?: string; line?: number; column?: number } };
  const text = (first.message ?? String(first)).replace(/\x1b\[[0-9;]*m/g, '');
  const message = text.split('\n').map((l) => l.trim()).find((l) => l !== '' && !/^Build failed with \d+ errors?:?$/.test(l)) ?? 'failed';
  const file = first.loc?.file ?? first.id;
  if (file && !message.includes(file)) return `${file}:${first.loc?.line ?? 1}:${first.loc?.column ?? 1}: ${message}`;
  return message;
}
