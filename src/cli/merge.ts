import { parseArgs } from 'node:util';
import { type Command, EXIT_INPUT_ERRORS, EXIT_OK, requirePaths, UsageError } from './command.ts';
import { createProgress, drawSteps } from './progress.ts';

const usage = `Usage: npx bitext merge SHARD_DIR... --out DIR

Joins the parts of a sharded build ("npx bitext build ... --shard K/N --out SHARD_DIR", one per
K) into one site: pages, assets, redirect pages, sitemaps and one Pagefind search index per
language; the parts' reports (their _bitext/) are joined beside it. Name every part of one
build, in any order.

Options:
  --out DIR       output folder of the whole site (required)
  --reports DIR   where the merged reports go (build.json, broken-links.json, xliff.json; they
                  name files of the build machines): default DIR-reports beside --out
  --help          show this help

The site is written beside --out and replaces it only when complete, like "bitext build".

Exit codes: 0 merged; 1 the parts do not fit together (a part missing or named twice, parts of
different builds, files that differ between parts; nothing is written); 2 bad command line.
`;

export const mergeCommand: Command = {
  name: 'merge',
  usage,
  async run(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' }, reports: { type: 'string' } } });
    if (positionals.length === 0) throw new UsageError('name the shard folders to merge');
    if (!values.out) throw new UsageError('--out DIR is required: the folder of the merged site');
    await requirePaths(positionals, 'shard folder');
    // Loaded once the command line is good: the merge loads the site's modules (Pagefind among them).
    const { mergeShards, ShardMergeError } = await import('../site/merge-shards.ts');
    let result;
    // On a terminal, what the merge is doing; its log lines above.
    const progress = createProgress('merge');
    try {
      result = await mergeShards({
        shards: positionals,
        out: values.out,
        ...(values.reports ? { reports: values.reports } : {}),
        progress: drawSteps(progress),
        log: (line) => progress.log(line),
      });
    } catch (error) {
      progress.done();
      if (!(error instanceof ShardMergeError)) throw error;
      process.stderr.write(`bitext merge: ${error.message}; ${values.out} was left as it was\n`);
      return EXIT_INPUT_ERRORS;
    }
    progress.done();
    process.stdout.write(
      `merged ${result.shards} shards into ${values.out}: ${result.pages} pages, ${result.files} files` +
        (result.reindexed.length > 0 ? `, search of ${result.reindexed.join(', ')} indexed again` : '') +
        `, ${result.brokenLinks} links to missing pages, in ${result.seconds.toFixed(1)} s\nreports in ${result.reports}\n`,
    );
    return EXIT_OK;
  },
};
